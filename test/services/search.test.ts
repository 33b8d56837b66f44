import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { AppError } from '../../src/errors.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { highlight, parseQuery } from '../../src/lib/search-terms.js';
import { importReport } from '../../src/services/import-report.js';
import { getComparison, getPlan, type PlanDetail } from '../../src/services/plans.js';
import { ensureSearchIndex, search, type SearchHit, type SearchInput } from '../../src/services/search.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes, seedText } from '../helpers/seed.js';

const NOW = '2026-11-27T12:00:00.000Z';

async function importText(store: Store, text: string | Buffer, government?: string) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return importReport(store, readTextReport(bytes, 'peru.txt'), { actor: 'test', fileName: 'peru.txt', bytes, now: NOW, government });
}

/** "15" for commitment 15, "15.3" for its activity 3. */
const key = (h: SearchHit) => (h.kind === 'commitment' ? `${h.commitmentNumber}` : `${h.commitmentNumber}.${h.activityNumber}`);
const sorted = (keys: string[]) => [...keys].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

async function all(store: Store, input: SearchInput): Promise<SearchHit[]> {
  const r = await search(store, { ...input, perPage: 100 });
  assert.equal(r.results.length, r.total, 'one page holds every result');
  return r.results;
}

async function keys(store: Store, input: SearchInput): Promise<string[]> {
  return sorted((await all(store, input)).map(key));
}

/**
 * What the database should find, worked out without it: every document of the plan whose title or
 * body has, for every query word, a word that lib/search-terms marks.
 */
async function expectedKeys(store: Store, planId: number, q: string): Promise<string[]> {
  const query = parseQuery(q);
  const docs = await store.db
    .selectFrom('search_documents as d')
    .innerJoin('commitments as c', 'c.id', 'd.commitment_id')
    .leftJoin('activities as a', (j) => j.onRef('a.id', '=', 'd.entity_id').on('d.kind', '=', 'activity'))
    .select(['d.kind', 'd.title', 'd.body', 'c.number', 'a.number as activity'])
    .where('d.plan_id', '=', planId)
    .execute();
  return sorted(
    docs
      .filter((d) => query.words.every((w) => highlight(`${d.title}\n${d.body}`, [w]).some((s) => s.match)))
      .map((d) => (d.kind === 'commitment' ? `${d.number}` : `${d.number}.${d.activity}`)),
  );
}

describe('search across commitments and activities', () => {
  eachDatabase((db) => {
    let store: Store;
    let planId: number;
    let otherPlanId: number;
    let plan: PlanDetail;
    const themeId = (title: string) => plan.themes.find((t) => t.title === title)!.id;
    const commitmentsOf = (predicate: (c: PlanDetail['themes'][number]['commitments'][number]) => boolean) =>
      new Set(
        plan.themes
          .flatMap((t) => t.commitments)
          .filter(predicate)
          .map((c) => c.number),
      );

    before(async () => {
      store = await db.open();
      planId = (await importText(store, seedBytes())).planId;
      // The same report as another government's plan: two plans with the same texts.
      otherPlanId = (await importText(store, seedBytes(), 'Municipalidad de Prueba')).planId;
      assert.notEqual(planId, otherPlanId);
      plan = await getPlan(store, planId);
    });

    test('"participacion" (no accent) finds "Participación": the titles of 7, 9 and 10 are marked', async () => {
      const hits = await all(store, { q: 'participacion', plan: planId });
      const found = sorted(hits.map(key));
      assert.deepEqual(found, await expectedKeys(store, planId, 'participacion'));
      assert.deepEqual(found, sorted(['3', '3.1', '4', '6', '7', '9', '9.2', '9.3', '10', '10.1', '11', '14', '15', '15.3', '17']));
      const titled = hits.filter((h) => h.kind === 'commitment' && h.titleSegments.some((s) => s.match));
      assert.deepEqual(
        titled.map((h) => h.commitmentNumber).sort((a, b) => a - b),
        [7, 9, 10],
      );
      const seven = hits.find((h) => h.kind === 'commitment' && h.commitmentNumber === 7)!;
      assert.deepEqual(seven.titleSegments, [
        { text: '7. Fortalecer la gestión de la ', match: false },
        { text: 'participación', match: true },
        { text: ' ciudadana', match: false },
      ]);
      assert.equal(seven.title, '7. Fortalecer la gestión de la participación ciudadana');
      assert.deepEqual(seven.theme, { id: themeId('Participación ciudadana'), title: 'Participación ciudadana' });
      assert.deepEqual(seven.plan, { id: planId, title: 'Plan de Acción de Gobierno Abierto 2015-2016' });
      assert.equal(seven.level, 'not-started');
      // Every result shows why it was found: a marked word in its title or its snippet.
      for (const h of hits)
        assert.ok(
          [...h.titleSegments, ...h.snippetSegments].some((s) => s.match && /^participaci/i.test(s.text)),
          key(h),
        );
    });

    test('"capacitaciones" finds "capacitación" (Spanish stem)', async () => {
      const hits = await all(store, { q: 'capacitaciones', plan: planId });
      const found = sorted(hits.map(key));
      assert.deepEqual(found, await expectedKeys(store, planId, 'capacitaciones'));
      assert.equal(found.length, 18);
      // Every document that says "capacitación" is found, and the word is marked where it shows.
      const withSingular = await store.db
        .selectFrom('search_documents')
        .select(['kind', 'entity_id'])
        .where('plan_id', '=', planId)
        .where((eb) => eb.or([eb('body', 'like', '%capacitación%'), eb('title', 'like', '%capacitación%')]))
        .execute();
      assert.ok(withSingular.length >= 10, String(withSingular.length));
      for (const d of withSingular)
        assert.ok(
          hits.some((h) => h.kind === d.kind && h.id === d.entity_id),
          `${d.kind} ${d.entity_id}`,
        );
      const activity = hits.find((h) => key(h) === '16.2')!;
      assert.ok(activity.titleSegments.some((s) => s.match && s.text === 'capacitación'));
    });

    test('"hackathon" finds commitment 15 and its activity 3, with the activity\'s own fields', async () => {
      const hits = await all(store, { q: 'hackathon', plan: planId });
      assert.deepEqual(sorted(hits.map(key)), ['15', '15.3']);
      const activity = hits.find((h) => h.kind === 'activity')!;
      const fifteen = plan.themes.flatMap((t) => t.commitments).find((c) => c.number === 15)!;
      assert.equal(activity.commitmentId, fifteen.id);
      assert.equal(activity.commitmentTitle, 'Incrementar el número de servicios en línea');
      assert.equal(activity.activityNumber, 3);
      assert.equal(activity.title, 'Concurso Nacional de Aplicaciones Móviles (Hackathon).');
      const row = await store.db
        .selectFrom('activities')
        .select('id')
        .where('commitment_id', '=', fifteen.id)
        .where('number', '=', 3)
        .executeTakeFirstOrThrow();
      assert.equal(activity.id, row.id);
      assert.deepEqual(
        activity.titleSegments.filter((s) => s.match).map((s) => s.text),
        ['Hackathon'],
      );
      const snippet = activity.snippetSegments.map((s) => s.text).join('');
      assert.match(snippet, /Se realizó la primera Hackathon Regional/);
      assert.ok(activity.snippetSegments.some((s) => s.match && s.text === 'Hackathon'));
      // Both plans have it: without the plan filter, twice as many.
      assert.deepEqual(
        sorted((await all(store, { q: 'hackathon' })).map((h) => `${h.plan.id}:${key(h)}`)),
        sorted([`${planId}:15`, `${planId}:15.3`, `${otherPlanId}:15`, `${otherPlanId}:15.3`]),
      );
    });

    test('every word must match; partial words match by prefix; common words are left out', async () => {
      assert.deepEqual(await keys(store, { q: 'participacion hackathon', plan: planId }), ['15', '15.3']);
      assert.deepEqual(await keys(store, { q: 'Participación de la HACKATHON', plan: planId }), ['15', '15.3']);
      assert.deepEqual(await keys(store, { q: 'hackat', plan: planId }), ['15', '15.3']);
      const transp = await keys(store, { q: 'transp', plan: planId });
      assert.deepEqual(transp, await expectedKeys(store, planId, 'transp'));
      assert.ok(transp.includes('1') && transp.includes('2'));
      assert.deepEqual(await keys(store, { q: 'hackathon zzzzqx', plan: planId }), []);
    });

    test('the plan filter: each plan its own results, the count halves', async () => {
      const both = await search(store, { q: 'participacion' });
      const one = await search(store, { q: 'participacion', plan: planId });
      const other = await search(store, { q: 'participacion', plan: String(otherPlanId) });
      assert.equal(one.total, 15);
      assert.equal(other.total, 15);
      assert.equal(both.total, 30);
      assert.deepEqual(one.filters, { plan: planId, theme: null, agency: null, level: null, round: null });
      assert.ok((await all(store, { q: 'participacion', plan: otherPlanId })).every((h) => h.plan.id === otherPlanId));
      assert.equal((await search(store, { q: 'participacion', plan: 999_999 })).total, 0);
    });

    test('theme, agency, level and round combine, each narrowing the count', async () => {
      const base = await all(store, { q: 'participacion', plan: planId });
      const theme = themeId('Participación ciudadana');
      const inTheme = commitmentsOf((c) => plan.themes.find((t) => t.id === theme)!.commitments.includes(c));
      const byTheme = await keys(store, { q: 'participacion', plan: planId, theme });
      assert.deepEqual(byTheme, sorted(base.filter((h) => inTheme.has(h.commitmentNumber)).map(key)));
      assert.deepEqual(byTheme, sorted(['7', '9', '9.2', '9.3', '10', '10.1']));

      // Level without a round: at the plan's latest published round (end-of-term).
      const complete = commitmentsOf((c) => c.level === 'complete');
      const byLevel = await keys(store, { q: 'participacion', plan: planId, theme, level: 'complete' });
      assert.deepEqual(byLevel, sorted(base.filter((h) => inTheme.has(h.commitmentNumber) && complete.has(h.commitmentNumber)).map(key)));
      assert.deepEqual(byLevel, ['9', '9.2', '9.3']);

      // The current lead agency: MIDIS leads 4 and 9, PCM leads 7.
      const agencyOf = (n: number) => plan.themes.flatMap((t) => t.commitments).find((c) => c.number === n)!.leadAgency!;
      const midis = agencyOf(9);
      assert.equal(midis.name, 'Ministerio de Desarrollo e Inclusión Social');
      assert.deepEqual(await keys(store, { q: 'participacion', plan: planId, agency: midis.id }), ['4', '9', '9.2', '9.3']);
      assert.deepEqual(await keys(store, { q: 'participacion', plan: planId, theme, level: 'complete', agency: midis.id }), [
        '9',
        '9.2',
        '9.3',
      ]);
      assert.deepEqual(await keys(store, { q: 'participacion', plan: planId, theme, level: 'complete', agency: agencyOf(7).id }), []);
      // Another government's agency of the same name is another agency.
      assert.deepEqual(await keys(store, { q: 'participacion', agency: midis.id }), ['4', '9', '9.2', '9.3']);

      // Level at a given round: the mid-term levels, and the results say which level they had there.
      const { from: midterm, comparison } = await getComparison(store, planId);
      assert.equal(midterm.kind, 'midterm');
      const midLevel = new Map(comparison.rows.map((r) => [r.number, r.from]));
      const atMidterm = await all(store, { q: 'participacion', round: midterm.id });
      assert.deepEqual(sorted(atMidterm.map(key)), sorted(base.map(key)), 'a round keeps to its plan');
      for (const h of atMidterm) assert.equal(h.level, midLevel.get(h.commitmentNumber), key(h));
      const notStartedAtMidterm = await keys(store, { q: 'participacion', round: midterm.id, level: 'not-started' });
      assert.deepEqual(notStartedAtMidterm, sorted(base.filter((h) => midLevel.get(h.commitmentNumber) === 'not-started').map(key)));
      assert.ok(notStartedAtMidterm.includes('10') && notStartedAtMidterm.includes('7'));
      // 10 was not started at mid-term and limited at the end: the two rounds give different results.
      assert.ok(!(await keys(store, { q: 'participacion', plan: planId, level: 'not-started' })).includes('10'));
      assert.deepEqual(await keys(store, { q: 'participacion', plan: planId, theme, round: midterm.id, level: 'not-started' }), [
        '7',
        '10',
        '10.1',
      ]);
    });

    test('pages: the same order, no result twice, the count on every page', async () => {
      const whole = (await search(store, { q: 'capacitaciones', plan: planId, perPage: 100 })).results.map(key);
      const pages: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const r = await search(store, { q: 'capacitaciones', plan: planId, page, perPage: '5' });
        assert.equal(r.total, 18);
        assert.equal(r.pageCount, 4);
        assert.equal(r.page, page);
        pages.push(...r.results.map(key));
      }
      assert.deepEqual(pages, whole);
      const beyond = await search(store, { q: 'capacitaciones', plan: planId, page: 9 });
      assert.deepEqual([beyond.total, beyond.results.length], [18, 0]);
    });

    test('no words but a filter lists what the filter holds', async () => {
      const theme = themeId('Rendición de cuentas');
      const r = await all(store, { q: '', plan: planId, theme });
      const numbers = plan.themes.find((t) => t.id === theme)!.commitments.map((c) => c.number);
      assert.deepEqual(sorted(r.filter((h) => h.kind === 'commitment').map(key)), numbers.map(String));
      assert.ok(r.every((h) => h.theme.id === theme && numbers.includes(h.commitmentNumber)));
      assert.ok(r.every((h) => h.titleSegments.every((s) => !s.match)));
      const activities = await store.db
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(
          'commitment_id',
          'in',
          plan.themes.find((t) => t.id === theme)!.commitments.map((c) => c.id),
        )
        .executeTakeFirstOrThrow();
      assert.equal(r.length, numbers.length + Number(activities.n));
      assert.equal((await search(store, { q: '', plan: planId, theme })).problem, null);
    });

    test('an empty query, control characters, a 5,000-character query and full-text syntax never fail', async () => {
      for (const q of ['', '   ', '\u0000\u0001\u001f\u007f', null, undefined]) {
        const r = await search(store, { q });
        assert.deepEqual([r.problem, r.total, r.results.length, r.query], ['empty', 0, 0, ''], JSON.stringify(q));
      }
      // Only punctuation: nothing to search, and the box shows what was typed.
      const marks = await search(store, { q: '¿?¡!…' });
      assert.deepEqual([marks.problem, marks.total, marks.query], ['empty', 0, '¿?¡!…']);
      const participacion = (await search(store, { q: 'participacion', plan: planId })).total;
      const long = await search(store, { q: 'participacion '.repeat(385), plan: planId });
      assert.equal(long.problem, 'too-long');
      assert.ok(long.query.length <= 200);
      assert.equal(long.total, participacion);
      const syntax = '"()*:&|!\\^-+{}<>\'~ ANDORNOT\u0000\u200b';
      const noise = await search(store, { q: Array.from({ length: 5000 }, (_, i) => syntax[i % syntax.length]).join('') });
      assert.equal(typeof noise.total, 'number');
      const control = await search(store, { q: 'hack\u0000athon\u0007', plan: planId });
      assert.equal(control.query, 'hack athon');
      const joined = await search(store, { q: 'hack\u200bathon', plan: planId });
      assert.equal(joined.total, 2);
      for (const q of [
        '"',
        '""',
        "'",
        '(',
        ')',
        '*',
        ':',
        '&',
        '|',
        '!',
        '\\',
        '^',
        '-',
        '+',
        '{',
        '}',
        '<->',
        'AND',
        'OR',
        'NOT',
        'NEAR',
        'participacion"',
        '"participacion',
        'participacion*',
        'participacion:*',
        '(participacion',
        'participacion AND',
        'participacion OR',
        'participacion & | !',
        "participacion'",
        'participacion\\',
        'participacion:A',
        'NEAR(participacion hackathon)',
        '-participacion',
        'participacion)',
      ]) {
        const r = await search(store, { q, plan: planId });
        assert.ok(r.total >= 0, q);
        if (/participacion/.test(q) && !/hackathon/.test(q)) assert.equal(r.total, participacion, q);
      }
    });

    test('filter values that are not ids or levels are refused with the field', async () => {
      const refused = async (input: SearchInput, field: string) => {
        await assert.rejects(
          search(store, { q: 'x', ...input }),
          (e: unknown) => e instanceof AppError && e.code === 'invalid_input' && e.params.field === field,
          JSON.stringify(input),
        );
      };
      for (const value of ['abc', '0', '-1', '1.5', '1e3', ' 1 2', '99999999999', 0, -3, 2.5, Number.NaN])
        await refused({ plan: value }, 'plan');
      await refused({ theme: 'x' }, 'theme');
      await refused({ agency: '1;drop table plans' }, 'agency');
      await refused({ round: '2147483648' }, 'round');
      await refused({ level: 'done' }, 'level');
      await refused({ level: 'Completo' }, 'level');
      await refused({ page: '0' }, 'page');
      await refused({ perPage: '101' }, 'perPage');
      // Blank values are no filter (a form's "all").
      const r = await search(store, { q: 'hackathon', plan: '', theme: ' ', agency: null, level: '', round: undefined });
      assert.equal(r.total, 4);
      assert.deepEqual(r.filters, { plan: null, theme: null, agency: null, level: null, round: null });
    });

    test('the index follows the data: a corrected report, a database indexed before search existed', async () => {
      const s = await db.open();
      const first = await importText(s, seedBytes());
      const docs = () => s.db.selectFrom('search_documents').selectAll().orderBy('id').execute();
      const before = await docs();
      assert.equal(
        before.length,
        17 +
          (
            await s.db
              .selectFrom('activities')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
      );
      // The same file again writes nothing, to the index either.
      await importText(s, seedBytes());
      assert.deepEqual(await docs(), before);

      await importText(s, seedText().replace(/hackathon/gi, 'Datatón'));
      assert.equal((await search(s, { q: 'hackathon' })).total, 0);
      assert.deepEqual(await keys(s, { q: 'dataton' }), ['15', '15.3']);
      const after = await docs();
      assert.deepEqual(
        after.map((d) => d.id),
        before.map((d) => d.id),
        'documents are updated in place',
      );
      if (db.kind === 'sqlite') {
        const fts = await sql<{ n: number }>`select count(*) as n from search_fts`.execute(s.db);
        assert.equal(fts.rows[0]!.n, after.length);
      }

      // A database filled before the search migration: no documents until ensureSearchIndex.
      await s.db.deleteFrom('search_documents').execute();
      assert.equal((await search(s, { q: 'dataton' })).total, 0);
      assert.deepEqual(await ensureSearchIndex(s), [first.planId]);
      assert.deepEqual(await keys(s, { q: 'dataton' }), ['15', '15.3']);
      assert.deepEqual(await ensureSearchIndex(s), []);
      assert.deepEqual(await ensureSearchIndex(s, { all: true }), []);
    });
  });
});
