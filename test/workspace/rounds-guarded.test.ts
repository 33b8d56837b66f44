import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import { getCommitment } from '../../src/services/commitments.js';
import { collectRows, plansDataset } from '../../src/services/opendata.js';
import { getComparison, getDashboard, getPlan, listPlansWithHeadlines } from '../../src/services/plans.js';
import { buildReport } from '../../src/services/report.js';
import { search } from '../../src/services/search.js';
import { publishRound } from '../../src/services/workspace/rounds.js';
import { openStore } from '../../src/storage/connect.js';
import { listCommitmentFacts } from '../../src/storage/monitoring.js';
import { latestPublishedLevel } from '../../src/storage/reviews.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signedForm, signedJson, signIn, type SignedIn } from '../helpers/auth.js';
import { vigiaInProcess } from '../helpers/cli.js';
import { nowIso } from '../helpers/clock.js';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';

/**
 * Issue 20's story: the seed plan (2015–2016) has a published end-of-term round with its cutoff in
 * September 2017. A coordinator opens a second end-of-term round with an earlier cutoff (June 2017):
 * refused without a reason (form and API, es and en, nothing stored); with one, opened, the reason
 * audited and the round flagged. Once it is published, every list of rounds — the plan page, its
 * comparison, the API, the report, open data, the command — still has September 2017 as the latest,
 * and the default comparison runs June → September, not September → June. A visitor compares any two
 * published rounds with a plain GET form, and reads what `vigia compare --from --to` prints.
 */
const REASON = 'Se repitió la evaluación final con el corte de junio, pedido por la auditoría';
const text = (html: string, selector: string) =>
  parse(html)
    .querySelectorAll(selector)
    .map((e) => e.text.replace(/\s+/g, ' ').trim());

describe('rounds guarded and listed by cutoff: a second final round with an earlier cutoff (issue 20)', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let url: string;
    let coordinator: SignedIn;
    let midterm: number;
    let september: number;
    let june: number;
    const unchanged = async (work: () => Promise<void>) => {
      const before = await dumpDatabase(s.store, { exclude: ['sessions'] });
      await work();
      assert.deepEqual(diffDumps(before, await dumpDatabase(s.store, { exclude: ['sessions'] })), []);
    };

    before(async () => {
      url = await db.freshUrl();
      s = await seededApp(db, await openStore(url));
      [midterm, september] = s.roundIds as [number, number];
      coordinator = await signIn(s.app, s.store, { role: 'coordinator' });
    });
    after(async () => {
      await s.app.close();
      await s.store.close();
    });

    test('a second end-of-term round without a reason is refused, naming the field and why, in es and en; nothing stored', async () => {
      const path = `/espacio/planes/${s.planId}/evaluaciones`;
      const second = { kind: 'end-of-term', cutoffDate: '2017-06-30' };
      await unchanged(async () => {
        const es = await s.app.inject({ method: 'POST', url: path, ...signedForm(coordinator, second) });
        assert.equal(es.statusCode, 400);
        const [summary] = text(es.body, '.error-summary li');
        assert.match(summary!, /^Complete «Motivo para abrirla»: este plan ya tiene una «Evaluación final»/);
        // The form lists the rounds the plan has, by cutoff, so the coordinator sees which one is repeated.
        assert.deepEqual(text(es.body, '.round-list li'), [
          'Evaluación intermedia (septiembre de 2016)',
          'Evaluación final (septiembre de 2017)',
        ]);
        const en = await s.app.inject({ method: 'POST', url: `/en${path}`, ...signedForm(coordinator, second) });
        assert.equal(en.statusCode, 400);
        assert.match(
          text(en.body, '.error-summary li')[0]!,
          /^Fill in “Reason for opening it”: this plan already has an “End-of-term assessment”/,
        );
        const api = await s.app.inject({
          method: 'POST',
          url: `/api/v1/workspace/plans/${s.planId}/rounds`,
          ...signedJson(coordinator, second),
        });
        assert.equal(api.statusCode, 400);
        assert.match(api.json().error.fields.roundReason, /ya tiene una «Evaluación final»/);
        // A cutoff past the period and its grace (2015–2016 + 12 months) is said too.
        const late = await s.app.inject({
          method: 'POST',
          url: `/api/v1/workspace/plans/${s.planId}/rounds`,
          ...signedJson(coordinator, { kind: 'periodic', cutoffDate: '2018-03-31' }),
        });
        assert.equal(late.statusCode, 400);
        assert.match(late.json().error.fields.roundReason, /fuera del periodo del plan y de sus 12 meses de margen/);
      });
    });

    test('with a reason it is opened: the reason audited, the round flagged on its board', async () => {
      const res = await s.app.inject({
        method: 'POST',
        url: `/espacio/planes/${s.planId}/evaluaciones`,
        ...signedForm(coordinator, { kind: 'end-of-term', cutoffDate: '2017-06-30', roundReason: REASON }),
      });
      assert.equal(res.statusCode, 303, res.body);
      june = Number(/\/espacio\/evaluaciones\/(\d+)/.exec(res.headers.location as string)![1]);
      const audit = await s.store.db
        .selectFrom('audit_log')
        .select(['action', 'after', 'context'])
        .where('entity', '=', 'rounds')
        .where('entity_id', '=', june)
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(JSON.parse(audit[0]!.after!).opening_reason, REASON);
      assert.match(audit[0]!.context!, /repeated-kind/);
      const board = await s.app.inject({ url: `/espacio/evaluaciones/${june}`, headers: { cookie: coordinator.cookie } });
      assert.deepEqual(text(board.body, '.round-flag'), ['ronda repetida']);
      assert.match(board.body, new RegExp(`Motivo para abrirla: ${REASON}`));
    });

    test('published, the June round is not the latest: September 2017 stays the plan’s, and the comparison runs June → September', async () => {
      // Every commitment assessed as in September, but one a level lower in June; approved and published.
      const levels = await s.store.db
        .selectFrom('assessments')
        .select(['commitment_id', 'level'])
        .where('round_id', '=', september)
        .execute();
      const w = new AuditedWriter(s.store.db, { actor: 'test', at: nowIso(), context: 'june assessments' }).forPlan(s.planId);
      const lower: Record<string, string> = { complete: 'substantial', substantial: 'limited', limited: 'not-started' };
      const { commitment_id: first, level: september1 } = levels.find((l) => l.level && l.level !== 'not-started')!;
      for (const l of levels) {
        await w.forCommitment(l.commitment_id).insert('assessments', {
          round_id: june,
          commitment_id: l.commitment_id,
          level: l.commitment_id === first ? lower[september1!]! : l.level,
          results: null,
          additional_info: null,
          reasons: 'Motivo',
          next_steps: null,
          lang: 'es',
          status: 'approved',
          review_comment: null,
          submitted_at: null,
          submitted_by: null,
          decided_at: null,
          decided_by: null,
        });
      }
      await publishRound(s.store, coordinator.actor, june, nowIso());

      // The plan, its dashboard, the comparison by default, the API.
      const plan = await getPlan(s.store, s.planId);
      assert.deepEqual(
        plan.rounds.map((r) => [r.id, r.cutoffDate, r.flags]),
        [
          [midterm, '2016-09-30', []],
          [june, '2017-06-30', ['repeated-kind']],
          [september, '2017-09-30', []],
        ],
      );
      assert.equal(plan.currentRoundId, september);
      const d = await getDashboard(s.store, s.planId);
      assert.equal(d.round?.id, september);
      assert.deepEqual([d.comparison?.from.id, d.comparison?.to.id], [june, september]);
      // What the issue saw the other way round ("1 bajó de nivel"): one moved up, none down.
      assert.deepEqual([d.comparison?.comparison.counts.up, d.comparison?.comparison.counts.down], [1, 0]);
      const byDefault = await getComparison(s.store, s.planId);
      assert.deepEqual([byDefault.from.id, byDefault.to.id], [june, september]);
      const api = (await s.app.inject({ url: `/api/v1/plans/${s.planId}/comparison` })).json();
      assert.deepEqual([api.from.id, api.to.id], [june, september]);
      const apiPlan = (await s.app.inject({ url: `/api/v1/plans/${s.planId}` })).json();
      assert.deepEqual(
        apiPlan.plan.rounds.map((r: { id: number }) => r.id),
        [midterm, june, september],
      );

      // The home page's headline, open data's current round, the report, a commitment's rounds.
      const headline = (await listPlansWithHeadlines(s.store)).find((p) => p.id === s.planId)!.headline;
      assert.equal(headline.round?.id, september);
      const rows = await collectRows(await plansDataset(s.store, { lang: 'es', planId: s.planId }));
      assert.equal(rows[0]!.current_round_id, september);
      const report = await buildReport(s.store, { planId: s.planId, lang: 'es' });
      assert.equal(report.round.id, september);
      assert.deepEqual(
        report.comparison.rounds.map((r) => r.id),
        [midterm, june, september],
      );
      assert.deepEqual(
        (await getCommitment(s.store, first)).assessments.map((a) => a.round.id),
        [midterm, june, september],
      );

      // Search, the early warnings and the IRM's comparison read each commitment's level at the latest cutoff.
      const found = await search(s.store, { plan: s.planId, kind: 'commitment', listAll: true, perPage: 50 });
      assert.equal(found.results.find((h) => h.commitmentId === first)?.level, september1);
      const facts = await listCommitmentFacts(s.store.db, s.planId, { publishedOnly: true });
      assert.equal(facts.find((f) => f.id === first)?.latestLevel, september1);
      assert.equal(await latestPublishedLevel(s.store.db, first), september1);

      // The command: the same latest round, the same default comparison.
      const summary = await vigiaInProcess(['summary', '--plan', String(s.planId), '--json'], { DATABASE_URL: url });
      assert.equal(summary.status, 0, summary.stderr);
      assert.equal(JSON.parse(summary.stdout).round.id, september);
      const compare = await vigiaInProcess(['compare', '--plan', String(s.planId), '--json'], { DATABASE_URL: url });
      assert.equal(compare.status, 0, compare.stderr);
      const cli = JSON.parse(compare.stdout);
      assert.deepEqual([cli.from.id, cli.to.id], [june, september]);

      // The plan page: figures at September 2017, changes from June to September, the June round flagged with its reason.
      const page = await s.app.inject({ url: `/planes/${s.planId}` });
      assert.deepEqual(text(page.body, '#figures'), ['Cumplimiento: Evaluación final (septiembre de 2017)']);
      assert.deepEqual(text(page.body, '#comparison'), [
        'Cambios entre la evaluación final (junio de 2017) y la evaluación final (septiembre de 2017)',
      ]);
      const notes = text(page.body, '[aria-labelledby="round-notes"] li');
      assert.deepEqual(notes, [`Evaluación final (junio de 2017) ronda repetida — Motivo para abrirla: ${REASON}`]);
      const en = await s.app.inject({ url: `/en/planes/${s.planId}` });
      assert.match(text(en.body, '[aria-labelledby="round-notes"] li')[0]!, /repeated round — Reason for opening it: /);
    });

    test('a visitor compares any two published rounds with a plain GET form: what `vigia compare --from --to` prints', async () => {
      const page = await s.app.inject({ url: `/planes/${s.planId}` });
      const picker = parse(page.body).querySelector('form:has(#desde)')!;
      assert.equal(picker.getAttribute('method'), 'get');
      assert.deepEqual(
        picker.querySelectorAll('#desde option').map((o) => o.getAttribute('value')),
        [midterm, june, september].map(String),
      );
      assert.equal(picker.querySelector('#desde option[selected]')?.getAttribute('value'), String(june));
      assert.equal(picker.querySelector('#hasta option[selected]')?.getAttribute('value'), String(september));

      // September → mid-term, backwards on purpose: as asked, not reordered.
      const picked = await s.app.inject({ url: `/planes/${s.planId}?desde=${september}&hasta=${midterm}` });
      assert.equal(picked.statusCode, 200);
      const cli = JSON.parse(
        (
          await vigiaInProcess(['compare', '--plan', String(s.planId), '--from', String(september), '--to', String(midterm), '--json'], {
            DATABASE_URL: url,
          })
        ).stdout,
      );
      assert.deepEqual([cli.from.id, cli.to.id], [september, midterm]);
      assert.deepEqual(text(picked.body, '#comparison'), [
        'Cambios entre la evaluación final (septiembre de 2017) y la evaluación intermedia (septiembre de 2016)',
      ]);
      const counts = text(picked.body, '[aria-labelledby="comparison"] .headline strong').map(Number);
      assert.deepEqual(counts, [cli.comparison.counts.up, cli.comparison.counts.down, cli.comparison.counts.same]);
      const movements = parse(picked.body)
        .querySelectorAll('[aria-labelledby="comparison"] tbody tr')
        .map((tr) => tr.querySelector('td.movement')!.getAttribute('class'));
      assert.deepEqual(
        movements,
        cli.comparison.rows.map((r: { movement: string }) => `movement movement-${r.movement}`),
      );
      // The figures stay at the latest round; the choice is kept in the form.
      assert.deepEqual(text(picked.body, '#figures'), ['Cumplimiento: Evaluación final (septiembre de 2017)']);
      const kept = parse(picked.body).querySelector('form:has(#desde)')!;
      assert.equal(kept.querySelector('#desde option[selected]')?.getAttribute('value'), String(september));
      assert.equal(kept.querySelector('#hasta option[selected]')?.getAttribute('value'), String(midterm));
      // A round that is not the plan's: not found.
      assert.equal((await s.app.inject({ url: `/planes/${s.planId}?desde=999999&hasta=${midterm}` })).statusCode, 404);
    });

    test('the grace is the plan’s: with 18 months, a cutoff in March 2018 needs no reason', async () => {
      const periodic = { kind: 'periodic', cutoffDate: '2018-03-31' };
      const refused = await s.app.inject({
        method: 'POST',
        url: `/api/v1/workspace/plans/${s.planId}/rounds`,
        ...signedJson(coordinator, periodic),
      });
      assert.equal(refused.statusCode, 400);
      const set = await s.app.inject({
        method: 'POST',
        url: `/espacio/planes/${s.planId}`,
        ...signedForm(coordinator, {
          planTitleEs: (await getPlan(s.store, s.planId)).title,
          periodStart: '2015',
          periodEnd: '2016',
          roundGraceMonths: '18',
        }),
      });
      assert.equal(set.statusCode, 303, set.body);
      assert.equal((await getPlan(s.store, s.planId)).roundGraceMonths, 18);
      const opened = await s.app.inject({
        method: 'POST',
        url: `/api/v1/workspace/plans/${s.planId}/rounds`,
        ...signedJson(coordinator, periodic),
      });
      assert.equal(opened.statusCode, 201, opened.body);
    });
  });
});
