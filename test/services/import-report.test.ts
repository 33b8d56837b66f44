import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { readTextReport } from '../../src/import/text-report/index.js';
import { getCommitment } from '../../src/services/commitments.js';
import { importReport } from '../../src/services/import-report.js';
import { getComparison, getPlan, getSummary, listPlans } from '../../src/services/plans.js';
import type { Store } from '../../src/storage/connect.js';
import { listAuditEntries } from '../../src/storage/audit.js';
import { eachDatabase } from '../helpers/databases.js';
import { addComparisonColumn, moveMark, seedBytes, seedText, withoutComparisonTable } from '../helpers/seed.js';
import { rowCount, snapshot } from '../helpers/tables.js';

const NOW = '2026-11-27T12:00:00.000Z';

async function importText(store: Store, text: string | Buffer, now = NOW) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return importReport(store, readTextReport(bytes, 'peru.txt'), { actor: 'test', fileName: 'peru.txt', bytes, now });
}

describe('importing the 2015–2016 report into the database', () => {
  eachDatabase((db) => {
    let store: Store;
    let planId: number;
    before(async () => {
      store = await db.open();
      const result = await importText(store, seedBytes());
      assert.equal(result.created, true);
      planId = result.planId;
    });

    test('one plan of Peru with its approval instrument, 4 themes and 17 commitments', async () => {
      const plans = await listPlans(store);
      assert.equal(plans.length, 1);
      const plan = await getPlan(store, planId);
      assert.equal(plan.title, 'Plan de Acción de Gobierno Abierto 2015-2016');
      assert.equal(plan.government.name, 'Perú');
      assert.equal(plan.approvalInstrument, 'Resolución Ministerial N° 176-2015-PCM');
      assert.equal(plan.approvalDate, '2015-07-17');
      assert.deepEqual(
        plan.themes.map((t) => t.commitments.length),
        [6, 4, 3, 4],
      );
      assert.equal(plan.commitmentCount, 17);
      assert.deepEqual(
        plan.rounds.map((r) => [r.kind, r.cutoffDate, r.published]),
        [
          ['midterm', '2016-09-30', true],
          ['end-of-term', '2017-09-30', true],
        ],
      );
    });

    test('the summary table, computed from the stored levels', async () => {
      const { round, summary } = await getSummary(store, planId);
      assert.equal(round.kind, 'end-of-term');
      const row = (r: (typeof summary.rows)[number] | typeof summary.total) => [
        r.counts['not-started'],
        r.counts.limited,
        r.counts.substantial,
        r.counts.complete,
        r.total,
      ];
      assert.deepEqual(
        summary.rows.map((r) => [r.theme, ...row(r)]),
        [
          ['Transparencia y acceso a la información pública', 1, 0, 1, 4, 6],
          ['Participación ciudadana', 1, 1, 0, 2, 4],
          ['Rendición de cuentas', 1, 0, 0, 2, 3],
          ['Mejora de los servicios públicos', 0, 0, 1, 3, 4],
        ],
      );
      assert.deepEqual(row(summary.total), [3, 1, 2, 11, 17]);
      assert.deepEqual(summary.percentages, { 'not-started': 17.6, limited: 5.9, substantial: 11.8, complete: 64.7 });
    });

    test('the mid-term summary differs: the rounds keep their own levels', async () => {
      const plan = await getPlan(store, planId);
      const { summary } = await getSummary(store, planId, plan.rounds[0]!.id);
      assert.deepEqual(summary.total.counts, { 'not-started': 4, limited: 1, substantial: 7, complete: 5 });
    });

    test('the comparison: 7 commitments moved up (2, 3, 5, 9, 10, 11, 14), none down, 10 stayed', async () => {
      const { from, to, comparison } = await getComparison(store, planId);
      assert.equal(from.kind, 'midterm');
      assert.equal(to.kind, 'end-of-term');
      assert.deepEqual(comparison.counts, { up: 7, down: 0, same: 10, unknown: 0 });
      assert.deepEqual(
        comparison.rows.filter((r) => r.movement === 'up').map((r) => r.number),
        [2, 3, 5, 9, 10, 11, 14],
      );
      const ten = comparison.rows.find((r) => r.number === 10)!;
      assert.deepEqual([ten.from, ten.to], ['not-started', 'limited']);
    });

    test('every ficha field of commitments 1, 5 and 12 is stored as read', async () => {
      const parsed = readTextReport(seedBytes(), 'peru.txt');
      const plan = await getPlan(store, planId);
      const ids = new Map(plan.themes.flatMap((t) => t.commitments).map((c) => [c.number, c.id]));
      for (const n of [1, 5, 12]) {
        const p = parsed.commitments.find((c) => c.number === n)!;
        const c = await getCommitment(store, ids.get(n)!);
        assert.equal(c.title, p.title);
        assert.equal(c.theme.title, parsed.themes[p.themeIndex]!.title);
        assert.equal(c.leadAgency?.asWritten, p.leadAgency?.asWritten);
        assert.equal(c.leadAgency?.agency.name, p.leadAgency?.name);
        assert.equal(c.leadAgency?.agency.acronym, p.leadAgency?.acronym);
        assert.deepEqual(
          { name: c.contact?.name, position: c.contact?.position, email: c.contact?.email, phone: c.contact?.phone },
          p.contact,
        );
        assert.deepEqual(c.otherActors, p.otherActors);
        for (const f of ['problem', 'objective', 'description', 'relevance', 'ambition', 'additionalInfo'] as const)
          assert.equal(c[f], p[f], `${n}.${f}`);
        const final = c.assessments.find((a) => a.round.kind === 'end-of-term')!;
        assert.equal(final.level, p.level);
        assert.equal(final.results, p.results);
        assert.equal(final.additionalInfo, p.additionalInfo);
        assert.deepEqual(
          c.activities.map((a) => [a.number, a.title, a.details]),
          p.activities.map((a) => [a.number, a.title, a.details]),
        );
        // A link by its address; a numbered document (issue 20) by its reference and date.
        const storedEvidence = [
          ...c.evidence.map((e) => [null, e.url ?? `${e.description} ${e.date}`]),
          ...c.activities.flatMap((a) => a.evidence.map((e) => [a.number, e.url ?? `${e.description} ${e.date}`])),
        ];
        assert.deepEqual(
          storedEvidence.sort(),
          [
            ...p.evidence.map((e) => [e.activityNumber, e.url]),
            ...p.references.map((r) => [r.activityNumber, `${r.text} ${r.date}`]),
          ].sort(),
        );
        assert.deepEqual(
          c.sources.map((s) => [s.text, s.date]),
          p.sources.map((s) => [s.text, s.date]),
        );
      }
      const twelve = await getCommitment(store, ids.get(12)!);
      assert.equal(twelve.contact?.position, 'Presidenta del Consejo de Ministros');
      assert.deepEqual(
        twelve.assessments.map((a) => a.level),
        ['not-started', 'not-started'],
      );
    });

    test('activity counts as the report numbers them', async () => {
      const plan = await getPlan(store, planId);
      const counts: Record<number, number> = {};
      for (const c of plan.themes.flatMap((t) => t.commitments)) counts[c.number] = (await getCommitment(store, c.id)).activities.length;
      assert.deepEqual([counts[1], counts[2], counts[7], counts[9], counts[12], counts[15], counts[17]], [4, 3, 5, 5, 4, 5, 3]);
    });

    test('every write is in the audit log, with who and when', async () => {
      const entries = await listAuditEntries(store.db, { planId });
      assert.ok(entries.length > 100);
      assert.ok(entries.every((e) => e.actor === 'test' && e.at === NOW && e.action === 'create'));
      assert.equal(entries.filter((e) => e.entity === 'commitments').length, 17);
      assert.match(entries[0]!.context!, /^import peru\.txt sha256:[0-9a-f]{16}$/);
    });

    test('evidence items: every link and numbered document, cited by the end-of-term assessment, so each Completo cites evidence', async () => {
      const plan = await getPlan(store, planId);
      const [midterm, final] = plan.rounds;
      const commitments = plan.themes.flatMap((t) => t.commitments);
      const ids = commitments.map((c) => c.id);
      const cited = async (roundId: number, commitmentId: number) => {
        const a = await store.db
          .selectFrom('assessments')
          .select(['id', 'level'])
          .where('round_id', '=', roundId)
          .where('commitment_id', '=', commitmentId)
          .executeTakeFirst();
        const rows = a
          ? await store.db.selectFrom('assessment_evidence').select('evidence_id').where('assessment_id', '=', a.id).execute()
          : [];
        return { level: a?.level ?? null, ids: rows.map((r) => r.evidence_id).sort((x, y) => x - y) };
      };
      let completos = 0;
      for (const id of ids) {
        const c = await getCommitment(store, id);
        const items = [...c.evidence, ...c.activities.flatMap((a) => a.evidence)];
        const final_ = await cited(final!.id, id);
        assert.deepEqual(
          final_.ids,
          items.map((e) => e.id).sort((x, y) => x - y),
          `commitment ${c.number}: all its items cited`,
        );
        // The workspace's rule for submitting a Completo (services/workspace/rounds.ts): at least one piece of evidence cited.
        if (final_.level === 'complete') {
          completos++;
          assert.ok(final_.ids.length > 0, `commitment ${c.number}: a Completo cites evidence`);
        }
        assert.deepEqual((await cited(midterm!.id, id)).ids, [], 'the mid-term round has levels only');
      }
      assert.equal(completos, 11);
      const number = (n: number) => commitments.find((c) => c.number === n)!.id;
      const five = await getCommitment(store, number(5));
      assert.deepEqual(
        five.evidence.map((e) => [e.kind, e.url, e.description, e.date]),
        [['text', null, 'Oficio N° 2813-2017/OSCE/SGE', null]],
      );
      const nine = await getCommitment(store, number(9));
      assert.deepEqual(
        nine.evidence.map((e) => [e.kind, e.description, e.date]),
        [['text', 'Oficio N° 290-2017-MIDIS/SG/OGPPM', '2017-09-12']],
      );
      assert.deepEqual(
        nine.activities[4]!.evidence.map((e) => [e.kind, e.description]),
        [['text', 'Resolución de Dirección Ejecutiva No. 4695-2016-MIDIS/PNAEQW']],
      );
    });

    test('importing the same file again changes nothing', async () => {
      const before = await snapshot(store);
      const again = await importText(store, seedBytes(), '2026-11-28T09:00:00.000Z');
      assert.equal(again.created, false);
      assert.equal(again.planId, planId);
      assert.equal(again.changes, 0);
      assert.deepEqual(await snapshot(store), before);
    });
  });
});

describe('importing a corrected version of the report', () => {
  eachDatabase((db) => {
    test('updates in place; the audit log shows what changed; the old contact stays in the history', async () => {
      const store = await db.open();
      const first = await importText(store, seedBytes());
      const commitmentsBefore = await rowCount(store, 'commitments');
      // The correction: commitment 2 was Sustancial, not Completo (the comparison table fixed as well),
      // and commitment 5 has a new responsible person.
      let corrected = moveMark(seedText(), 2, 2);
      corrected = corrected.replace('\tThou Su Chen \n', '\tAna Torres\n');
      corrected = corrected.replace(/(\t2\.\n\tMejora del Portal de Transparencia Estándar\n\tSustancial\n)\tCompleto/, '$1\tSustancial');
      const readBack = readTextReport(Buffer.from(corrected), 'peru-v2.txt');
      assert.deepEqual(
        readBack.warnings.filter((w) => w.code === 'level_mismatch'),
        [],
      );

      const second = await importText(store, corrected, '2026-12-01T10:00:00.000Z');
      assert.equal(second.planId, first.planId);
      assert.equal(second.created, false);
      assert.equal(await rowCount(store, 'commitments'), commitmentsBefore);

      const plan = await getPlan(store, first.planId);
      const id = (n: number) => plan.themes.flatMap((t) => t.commitments).find((c) => c.number === n)!.id;
      const two = await getCommitment(store, id(2));
      assert.equal(two.assessments.find((a) => a.round.kind === 'end-of-term')!.level, 'substantial');

      const five = await getCommitment(store, id(5));
      assert.equal(five.contact?.name, 'Ana Torres');
      assert.equal(five.contact?.validFrom, '2026-12-01');
      assert.deepEqual(
        five.contactHistory.map((c) => [c.name, c.validFrom, c.validTo]),
        [
          ['Thou Su Chen', null, '2026-12-01'],
          ['Ana Torres', '2026-12-01', null],
        ],
      );

      const changes = (await listAuditEntries(store.db, { planId: first.planId })).filter((e) => e.at === '2026-12-01T10:00:00.000Z');
      assert.equal(changes.length, second.changes);
      const levelChange = changes.find((e) => e.entity === 'assessments' && e.action === 'update' && e.before?.includes('complete'))!;
      assert.deepEqual(JSON.parse(levelChange.before!), { level: 'complete' });
      assert.deepEqual(JSON.parse(levelChange.after!), { level: 'substantial' });
      assert.ok(
        changes.some((e) => e.entity === 'commitment_contacts' && e.action === 'update' && JSON.parse(e.after!).valid_to === '2026-12-01'),
      );
      assert.ok(
        changes.some((e) => e.entity === 'commitment_contacts' && e.action === 'create' && JSON.parse(e.after!).name === 'Ana Torres'),
      );

      const { summary } = await getSummary(store, first.planId);
      assert.deepEqual(summary.total.counts, { 'not-started': 3, limited: 1, substantial: 3, complete: 10 });
    });

    test('a later file without the comparison table updates the end-of-term round only', async () => {
      const store = await db.open();
      const { planId } = await importText(store, seedBytes());
      const cut = withoutComparisonTable(seedText()).replace(
        'Se considera las siguientes actividades:\n1. Realizar el catálogo',
        'Se consideran las siguientes actividades:\n1. Realizar el catálogo',
      );
      const second = await importText(store, cut, '2026-12-02T10:00:00.000Z');
      assert.ok(second.changes > 0);
      const plan = await getPlan(store, planId);
      assert.deepEqual(
        plan.rounds.map((r) => [r.kind, r.cutoffDate]),
        [
          ['midterm', '2016-09-30'],
          ['end-of-term', '2017-09-30'],
        ],
      );
      const { comparison } = await getComparison(store, planId);
      assert.deepEqual(comparison.counts, { up: 7, down: 0, same: 10, unknown: 0 });
      const changed = (await listAuditEntries(store.db, { planId })).filter((e) => e.at === '2026-12-02T10:00:00.000Z');
      // The results text of commitment 15, and the conclusions, which the cut file ends earlier.
      assert.deepEqual([...new Set(changed.map((e) => e.entity))].sort(), ['assessments', 'plan_sections']);
      assert.equal(changed.filter((e) => e.entity === 'assessments').length, 1);
    });

    test('a report with two rounds of one kind settles: the second import changes nothing', async () => {
      const store = await db.open();
      const text = addComparisonColumn(seedText(), 'Evaluación de avance\nMarzo 2016', (n) => (n % 2 === 0 ? 'Limitado' : 'No iniciado'));
      const first = await importText(store, text);
      const plan = await getPlan(store, first.planId);
      assert.deepEqual(
        plan.rounds.map((r) => [r.kind, r.cutoffDate]),
        [
          ['midterm', '2016-03-31'],
          ['midterm', '2016-09-30'],
          ['end-of-term', '2017-09-30'],
        ],
      );
      assert.equal((await importText(store, text, '2026-12-03T00:00:00.000Z')).changes, 0);
      assert.equal((await importText(store, text, '2026-12-04T00:00:00.000Z')).changes, 0);
      const { comparison } = await getComparison(store, first.planId);
      assert.deepEqual(comparison.counts, { up: 7, down: 0, same: 10, unknown: 0 });
    });

    test('plans without a period come after the others, on every database', async () => {
      const store = await db.open();
      await importText(store, seedBytes());
      const undated = seedText().replace(/(19|20)\d{2}\s*[-–]\s*(19|20)\d{2}/g, 'de este periodo');
      await importText(store, undated);
      const plans = await listPlans(store);
      assert.deepEqual(
        plans.map((p) => p.periodEnd),
        [2016, null],
      );
    });

    test('what a person added is left alone by an import', async () => {
      const store = await db.open();
      const { planId } = await importText(store, seedBytes());
      const plan = await getPlan(store, planId);
      const sevenId = plan.themes[1]!.commitments.find((c) => c.number === 7)!.id;
      const seven = await getCommitment(store, sevenId);
      const { AuditedWriter } = await import('../../src/storage/writer.js');
      // As the workspace will: a person files evidence under activity 5 and adds an activity 6.
      await store.db.transaction().execute(async (trx) => {
        const w = new AuditedWriter(trx, { actor: 'user:1', at: NOW });
        await w.insert('evidence', {
          commitment_id: sevenId,
          activity_id: seven.activities[4]!.id,
          position: 0,
          kind: 'url',
          url: 'https://example.org/acta.pdf',
          file_id: null,
          description: 'Acta',
          origin: 'user',
        });
        await w.insert('activities', {
          commitment_id: sevenId,
          number: 6,
          title: 'Seguimiento',
          details: null,
          lang: 'es',
          planned_start: null,
          planned_end: null,
          weight: null,
          status: null,
          origin: 'user',
        });
      });
      // A corrected report drops activity 5.
      const corrected = seedText().replace('5. Implementación de los lineamientos.\n', '');
      await importText(store, corrected, '2026-12-05T00:00:00.000Z');
      const after = await getCommitment(store, sevenId);
      assert.deepEqual(
        after.activities.map((a) => [a.number, a.title]),
        [
          [1, seven.activities[0]!.title],
          [2, seven.activities[1]!.title],
          [3, seven.activities[2]!.title],
          [4, seven.activities[3]!.title],
          [6, 'Seguimiento'],
        ],
      );
      assert.deepEqual(
        after.evidence.map((e) => e.url),
        ['https://example.org/acta.pdf'],
      );
      const moved = (await listAuditEntries(store.db, { entity: 'evidence' })).find((e) => e.action === 'update');
      assert.deepEqual(JSON.parse(moved!.after!), { activity_id: null });
    });

    test('a corrected report: a document it drops goes with its own citation; one a workspace round cites stays; none is duplicated', async () => {
      const store = await db.open();
      const { planId } = await importText(store, seedBytes());
      const commitmentOf = async (n: number) =>
        (
          await store.db
            .selectFrom('commitments')
            .select('id')
            .where('plan_id', '=', planId)
            .where('number', '=', n)
            .executeTakeFirstOrThrow()
        ).id;
      const [five, nine] = [await commitmentOf(5), await commitmentOf(9)];
      const evidence = (id: number) =>
        store.db.selectFrom('evidence').select(['id', 'kind', 'description']).where('commitment_id', '=', id).orderBy('id').execute();
      const resolution = 'Resolución de Dirección Ejecutiva No. 4695-2016-MIDIS/PNAEQW';
      const cited = (await evidence(nine)).find((e) => e.description === resolution)!;
      // A round under way in the workspace cites the resolution.
      const { AuditedWriter } = await import('../../src/storage/writer.js');
      await store.db.transaction().execute(async (trx) => {
        const w = new AuditedWriter(trx, { actor: 'user:1', at: NOW });
        const round = await w.insert('rounds', {
          plan_id: planId,
          position: 9,
          kind: 'periodic',
          title: 'Seguimiento 2018',
          lang: 'es',
          cutoff_date: '2018-03-31',
          published: 0,
          published_at: null,
        });
        const a = await w.insert('assessments', {
          round_id: round,
          commitment_id: nine,
          lang: 'es',
          level: 'complete',
          results: null,
          additional_info: null,
          reasons: null,
          next_steps: null,
        });
        await w.insert('assessment_evidence', { assessment_id: a, evidence_id: cited.id });
      });
      const corrected = seedText()
        .replace('Fuente: Oficio N° 2813-2017/OSCE/SGE.', '')
        .replace(`aprobado con ${resolution}`, 'aprobado por la Unidad');
      const result = await importText(store, corrected, '2026-12-05T00:00:00.000Z');
      assert.deepEqual(await evidence(five), [], "commitment 5's document went, with the final round's citation of it");
      assert.ok(
        (await evidence(nine)).some((e) => e.id === cited.id),
        'the resolution a workspace round cites stays',
      );
      assert.ok(result.changes > 0);
      assert.equal((await importText(store, corrected, '2026-12-06T00:00:00.000Z')).changes, 0, 'the corrected file again: no change');
      // The first file again: the document comes back once, cited once; the resolution is matched by its text, not added twice.
      await importText(store, seedBytes(), '2026-12-07T00:00:00.000Z');
      assert.deepEqual(
        (await evidence(five)).map((e) => [e.kind, e.description]),
        [['text', 'Oficio N° 2813-2017/OSCE/SGE']],
      );
      assert.equal((await evidence(nine)).filter((e) => e.description === resolution).length, 1);
      assert.equal((await importText(store, seedBytes(), '2026-12-08T00:00:00.000Z')).changes, 0);
    });

    test('an import is one transaction: when it fails half-way, the database is as it was', async () => {
      const store = await db.open();
      await importText(store, seedBytes());
      const before = await snapshot(store);
      const parsed = readTextReport(Buffer.from(moveMark(seedText(), 3, 0)), 'broken.txt');
      // The last commitment's level is not one the database accepts: the write fails after the others went through.
      parsed.commitments[16]!.level = 'excellent' as never;
      await assert.rejects(importReport(store, parsed, { actor: 'test', fileName: 'broken.txt', bytes: Buffer.from('x'), now: NOW }));
      assert.deepEqual(await snapshot(store), before);
    });
  });
});
