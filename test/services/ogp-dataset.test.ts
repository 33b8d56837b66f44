import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { dayMonthOrder, parseOgpDate } from '../../src/domain/ogp-dates.js';
import { EXPORT_COLUMNS, POLICY_AREAS } from '../../src/domain/ogp-dataset.js';
import { restoreFormulaText } from '../../src/lib/formula-text.js';
import { toCsv } from '../../src/export/csv.js';
import { readOgpCsv } from '../../src/import/ogp-csv/index.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { OGP_EXPORT_COLUMNS, ogpExportRows } from '../../src/services/ogp-export.js';
import { importOgpDataset, type OgpImportResult } from '../../src/services/ogp-import.js';
import { resolvePlanId } from '../../src/services/plans.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { alteredOgpCsv, countBy, ogpBytes, ogpCsv, ogpRecords } from '../helpers/ogp.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * OGP's commitment dataset stored and exported, on both databases: no row lost, the figures per member
 * as the CSV has them (counted here from the CSV with csv-parse alone), a re-import that changes
 * nothing, a corrected row updated in place, refused rows, the seed's plan untouched, and the round trip.
 */
type Rec = Record<string, string>;
const records = ogpRecords();
const ID = 'Commitment Unique Identifier';
const MEMBER = 'Country/Locality';

async function exported(store: Store, planId?: number): Promise<Rec[]> {
  const csv = await toCsv(OGP_EXPORT_COLUMNS, await ogpExportRows(store, planId));
  return parse(csv, { bom: true, columns: true }) as Rec[];
}

const options = (bytes: Uint8Array) => ({ actor: 'test', fileName: 'ogp.csv', bytes, now: '2026-11-27T12:00:00.000Z' });

describe('OGP commitment dataset: import and export', () => {
  eachDatabase((db) => {
    let store: Store;
    let seedPlanId: number;
    let seedBefore: unknown;
    let first: OgpImportResult;

    const seedPlanRows = async () => ({
      plan: await store.db.selectFrom('plans').selectAll().where('id', '=', seedPlanId).execute(),
      commitments: await store.db.selectFrom('commitments').selectAll().where('plan_id', '=', seedPlanId).orderBy('id').execute(),
      themes: await store.db.selectFrom('themes').selectAll().where('plan_id', '=', seedPlanId).orderBy('id').execute(),
      rounds: await store.db.selectFrom('rounds').selectAll().where('plan_id', '=', seedPlanId).orderBy('id').execute(),
      government: await store.db
        .selectFrom('governments')
        .innerJoin('plans', 'plans.government_id', 'governments.id')
        .selectAll('governments')
        .where('plans.id', '=', seedPlanId)
        .execute(),
    });

    before(async () => {
      store = await db.open();
      const seed = seedBytes();
      seedPlanId = (
        await importReport(store, readTextReport(seed, 'seed.txt'), {
          now: new Date().toISOString(),
          actor: 'test',
          fileName: 'seed.txt',
          bytes: seed,
        })
      ).planId;
      seedBefore = await seedPlanRows();
      const bytes = ogpBytes();
      const started = performance.now();
      first = await importOgpDataset(store, readOgpCsv(bytes), options(bytes));
      console.log(`# ${db.kind}: the 322-row import took ${Math.round(performance.now() - started)} ms`);
    });

    test('no row lost: 322 commitments of 47 members in 133 plans', async () => {
      assert.deepEqual(first.commitments, { created: 322, updated: 0, unchanged: 0 });
      assert.deepEqual(first.governments, { created: 47, updated: 0, unchanged: 0 });
      assert.equal(first.plans.created, new Set(records.map((r) => `${r[MEMBER]} ${r['Action Plan Number']}`)).size);
      const stored = await store.db.selectFrom('commitments').select('ogp_id').where('ogp_id', 'is not', null).execute();
      assert.deepEqual(new Set(stored.map((c) => c.ogp_id)), new Set(records.map((r) => r[ID])));
    });

    test("a commitment keeps OGP's number where it is a whole number of its own in the plan", async () => {
      const plans = countBy(records, (r) => `${r[MEMBER]} ${r['Action Plan Number']} ${r['Commitment Number']}`);
      const stored = await store.db.selectFrom('commitments').select(['ogp_id', 'number']).where('ogp_id', 'is not', null).execute();
      const numberOf = new Map(stored.map((c) => [c.ogp_id, c.number]));
      let whole = 0;
      for (const r of records) {
        const n = r['Commitment Number']!;
        if (!/^\d+$/.test(n) || Number(n) === 0 || plans.get(`${r[MEMBER]} ${r['Action Plan Number']} ${n}`) !== 1) continue;
        whole++;
        assert.equal(numberOf.get(r[ID]!), Number(n), r[ID]);
      }
      assert.ok(whole > 250, `${whole} rows with a whole number`);
    });

    test('per member and per plan, commitments, starred and completion counts match the CSV', async () => {
      const rows = await exported(store);
      assert.equal(rows.length, 322 + 17, "every commitment, the seed's 17 too");
      const ours = rows.filter((r) => r[ID] !== '');
      assert.deepEqual(
        countBy(ours, (r) => r[MEMBER]!),
        countBy(records, (r) => r[MEMBER]!),
      );
      assert.deepEqual(
        countBy(ours, (r) => `${r[MEMBER]} ${r['Action Plan Number']}`),
        countBy(records, (r) => `${r[MEMBER]} ${r['Action Plan Number']}`),
      );

      // Per plan in the database itself, not only in the export.
      const perPlan = await store.db
        .selectFrom('commitments')
        .innerJoin('plans', 'plans.id', 'commitments.plan_id')
        .innerJoin('governments', 'governments.id', 'plans.government_id')
        .select(['governments.name', 'plans.ogp_number', store.db.fn.countAll<number>().as('n')])
        .where('plans.ogp_number', 'is not', null)
        .groupBy(['governments.name', 'plans.ogp_number'])
        .execute();
      assert.deepEqual(
        new Map(perPlan.map((p) => [`${p.name} ${p.ogp_number}`, Number(p.n)])),
        countBy(records, (r) => `${r[MEMBER]} ${r['Action Plan Number']}`),
      );

      // "Starred (Current Formula)": OGP's own cell, row by row, wherever OGP wrote 1 or 0 (ND/NA/NR: no star from Vigía either).
      const byId = new Map(ours.map((r) => [r[ID]!, r]));
      for (const column of ['Starred (Current Formula) Progress Report', 'Starred (Current Formula) End of Term']) {
        let compared = 0;
        for (const r of records) {
          const theirs = r[column]!;
          const mine = byId.get(r[ID]!)![column];
          if (r[ID] === 'AR0045' && column.endsWith('End of Term')) {
            // OGP stars it with specificity "ND" (not determined); Vigía stars nothing whose specificity is unknown.
            assert.deepEqual([theirs, r['Specificity'], mine], ['1', 'ND', '0']);
          } else if (theirs === '1' || theirs === '0') {
            assert.equal(mine, theirs, `${r[ID]} ${column}`);
            compared++;
          } else assert.notEqual(mine, '1', `${r[ID]} ${column} (${theirs})`);
        }
        assert.equal(compared, column.endsWith('Progress Report') ? 124 : 86);
      }

      // Completion at the end of term, per member and level, from the stored reviews.
      const completion = await store.db
        .selectFrom('irm_reviews')
        .innerJoin('commitments', 'commitments.id', 'irm_reviews.commitment_id')
        .innerJoin('plans', 'plans.id', 'commitments.plan_id')
        .innerJoin('governments', 'governments.id', 'plans.government_id')
        .select(['governments.name', 'irm_reviews.completion'])
        .where('irm_reviews.report', '=', 'end-of-term')
        .where('irm_reviews.completion', 'is not', null)
        .execute();
      const words: Record<string, string> = {
        'Not Started': 'not-started',
        Limited: 'limited',
        Substantial: 'substantial',
        Complete: 'complete',
      };
      assert.deepEqual(
        countBy(completion, (c) => `${c.name} ${c.completion}`),
        countBy(
          records.filter((r) => words[r['Completion (End Of Term)']!]),
          (r) => `${r[MEMBER]} ${words[r['Completion (End Of Term)']!]}`,
        ),
      );
    });

    test("OGP's rows of the seed's own plan: the commitment of that number gets OGP's identifier and the IRM's review, nothing else of the plan changes", async () => {
      const fresh = await db.open();
      const seed = seedBytes();
      const { planId } = await importReport(fresh, readTextReport(seed, 'seed.txt'), {
        now: new Date().toISOString(),
        actor: 'test',
        fileName: 'seed.txt',
        bytes: seed,
      });
      const before = await fresh.db.selectFrom('commitments').selectAll().where('plan_id', '=', planId).orderBy('number').execute();
      const themes = await fresh.db.selectFrom('themes').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
      const peru = {
        [MEMBER]: 'Peru',
        'National Or Local': 'National',
        'Action Plan Number': '2',
        'Year Of Submission': '2015',
        'Action Plan End Year': '2016',
        Theme: 'NA',
      };
      const bytes = ogpCsv([
        {
          ...peru,
          [ID]: 'PE0045',
          'Commitment Number': '5',
          'Commitment Title': 'OGP wording of the title',
          'Full Text': 'OGP text',
          'Start Date': '1/1/2015',
          'Supporting Institution(s)': 'Defensoría',
          'Open Data': '1',
          'Report Publication Year (End Of Term)': '2017',
          'Completion (End Of Term)': 'Substantial',
          Specificity: 'High',
          'OGP Value Access To Information': '1',
          'Potential Impact': 'Transformative',
        },
        { ...peru, [ID]: 'PE0099', 'Commitment Number': '99', 'Commitment Title': 'Not in the report' },
      ]);
      const result = await importOgpDataset(fresh, readOgpCsv(bytes), options(bytes));
      assert.deepEqual(
        result.errors.map((e) => [e.row, e.column, e.code]),
        [[3, 'Commitment Number', 'no_matching_commitment']],
      );
      assert.deepEqual(result.governments, { created: 0, updated: 0, unchanged: 1 }, "Peru is the seed's Perú (by country code)");
      assert.deepEqual(result.commitments, { created: 0, updated: 1, unchanged: 0 });
      const after = await fresh.db.selectFrom('commitments').selectAll().where('plan_id', '=', planId).orderBy('number').execute();
      assert.equal(after.length, 17);
      const five = after.find((c) => c.number === 5)!;
      assert.equal(five.ogp_id, 'PE0045');
      assert.equal(five.supporting_institutions, 'Defensoría');
      assert.deepEqual(JSON.parse(five.policy_areas!), ['Open Data']);
      const old = before.find((c) => c.number === 5)!;
      assert.deepEqual(
        [five.title, five.description, five.planned_start, five.theme_id, five.other_fields],
        [old.title, old.description, old.planned_start, old.theme_id, old.other_fields],
      );
      for (const c of after.filter((x) => x.number !== 5))
        assert.deepEqual(
          c,
          before.find((x) => x.id === c.id),
        );
      assert.deepEqual(await fresh.db.selectFrom('themes').selectAll().where('plan_id', '=', planId).orderBy('id').execute(), themes);
      assert.equal(
        (await fresh.db.selectFrom('plans').select('ogp_number').where('id', '=', planId).executeTakeFirstOrThrow()).ogp_number,
        2,
      );
      const review = await fresh.db.selectFrom('irm_reviews').selectAll().where('commitment_id', '=', five.id).execute();
      assert.deepEqual(review.map((r) => [r.report, r.completion, r.origin]).sort(), [
        ['end-of-term', 'substantial', 'import'],
        ['progress', null, 'import'],
      ]);
      // Exported, the seed's commitment 5 carries OGP's identifier, the report's title and a computed star.
      const row = (await exported(fresh, planId)).find((r) => r[ID] === 'PE0045')!;
      assert.equal(row['Commitment Title'], old.title);
      assert.equal(row['Starred (Current Formula) End of Term'], '1');
      const again = await importOgpDataset(fresh, readOgpCsv(bytes), options(bytes));
      assert.equal(again.changes, 0);
    });

    test("the seed's plan is as the report made it, and still the plan `vigia summary` shows by default", async () => {
      assert.deepEqual(await seedPlanRows(), seedBefore);
      // OGP's plans run to 2027 but have no assessment round: the default is the latest plan that has one.
      assert.equal(await resolvePlanId(store), seedPlanId);
    });

    test('round trip: the export equals the fixture on every column Vigía stores', async () => {
      const rows = new Map((await exported(store)).filter((r) => r[ID] !== '').map((r) => [r[ID]!, r]));
      const missing = (v: string | undefined) => /^(|na|nd|nr|not applicable|no early results to report yet)$/i.test((v ?? '').trim());
      const orderOf = new Map<string, ReturnType<typeof dayMonthOrder>>();
      for (const [plan, list] of groupBy(records, (r) => `${r[MEMBER]} ${r['Action Plan Number']}`))
        orderOf.set(plan, dayMonthOrder(list.flatMap((r) => [r['Start Date']!, r['End Date']!])));
      const compared = EXPORT_COLUMNS.filter((c) => !c.startsWith('Starred'));
      let cells = 0;
      for (const r of records) {
        const out = rows.get(r[ID]!)!;
        assert.ok(out, r[ID]);
        for (const column of compared) {
          const a = (r[column] ?? '').trim();
          // The CSV is formula-safe ("'-Ministry…"); Vigía's reader, like a spreadsheet, reads it as written.
          const b = restoreFormulaText(out[column] ?? '');
          const at = `${r[ID]} ${column}`;
          cells++;
          if (column === 'Start Date' || column === 'End Date') {
            // The date, not its spelling: Vigía writes ISO 8601; words come back as written.
            const d = parseOgpDate(a, orderOf.get(`${r[MEMBER]} ${r['Action Plan Number']}`)!, column === 'Start Date' ? 'start' : 'end');
            assert.equal(b, d.kind === 'date' ? d.iso : d.kind === 'words' ? d.text : '', at);
          } else if (/^(ND|NR)$/i.test(a) && column !== 'Theme') {
            assert.equal(b, a.toUpperCase(), at); // not determined / not reviewed: no value, and the marker written back
          } else if ((POLICY_AREAS as readonly string[]).includes(column)) {
            assert.equal(b, a === '1' ? '1' : '0', at); // "NA" is no tag
          } else if (column === 'National Or Local') {
            assert.equal(b, /local/i.test(a) ? 'Local' : 'National', at);
          } else if (column === 'Commitment Number') {
            assert.equal(b, /^\d+\.\d{8,}$/.test(a) ? String(Number(a)) : a, at);
          } else if (column === 'Theme') {
            assert.equal(b, missing(a) ? 'NA' : a, at); // a commitment with no theme is under "No theme", written NA again
          } else if (missing(a)) {
            assert.equal(b, '', at);
          } else {
            assert.equal(b, a, at);
          }
        }
      }
      assert.equal(cells, 322 * compared.length);
    });

    test('the export of one plan has that plan only; an unknown plan is not found', async () => {
      const plan = await store.db
        .selectFrom('plans')
        .innerJoin('governments', 'governments.id', 'plans.government_id')
        .select(['plans.id'])
        .where('governments.name', '=', 'Ghana')
        .where('plans.ogp_number', '=', 1)
        .executeTakeFirstOrThrow();
      const rows = await exported(store, plan.id);
      assert.equal(rows.length, records.filter((r) => r[MEMBER] === 'Ghana' && r['Action Plan Number'] === '1').length);
      await assert.rejects(ogpExportRows(store, 999_999), /not_found/);
    });

    test('importing the same file again changes nothing', async () => {
      const bytes = ogpBytes();
      const audit = await store.db.selectFrom('audit_log').select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const again = await importOgpDataset(store, readOgpCsv(bytes), options(bytes));
      assert.equal(again.changes, 0);
      assert.deepEqual(again.commitments, { created: 0, updated: 0, unchanged: 322 });
      assert.deepEqual(again.plans, { created: 0, updated: 0, unchanged: 133 });
      assert.deepEqual(again.governments, { created: 0, updated: 0, unchanged: 47 });
      const after = await store.db.selectFrom('audit_log').select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(audit.n));
    });

    test('a corrected row updates its commitment in place, and the history says what changed', async () => {
      const id = records[0]![ID]!;
      const before = await store.db.selectFrom('commitments').selectAll().where('ogp_id', '=', id).executeTakeFirstOrThrow();
      const bytes = alteredOgpCsv({ 0: { 'Commitment Title': 'e-Acts, corrected', 'Completion (End Of Term)': 'Complete' } });
      const result = await importOgpDataset(store, readOgpCsv(bytes), options(bytes));
      assert.deepEqual(result.commitments, { created: 0, updated: 1, unchanged: 321 });
      const after = await store.db.selectFrom('commitments').selectAll().where('ogp_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(after.id, before.id);
      assert.equal(after.title, 'e-Acts, corrected');
      assert.equal(after.version, before.version + 1);
      const entries = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('commitment_id', '=', before.id)
        .orderBy('id', 'desc')
        .limit(2)
        .execute();
      assert.deepEqual(entries.map((e) => e.entity).sort(), ['commitments', 'irm_reviews']);
      const changed = JSON.parse(entries.find((e) => e.entity === 'commitments')!.after!) as Record<string, string>;
      assert.equal(changed.title, 'e-Acts, corrected');
      // The end-of-term completion was "ND" and is now a value: no longer marked not determined.
      assert.deepEqual(Object.keys(changed).sort(), ['ogp_not_determined', 'title']);
      assert.equal(JSON.parse(before.ogp_not_determined!)['Completion (End Of Term)'], 'ND');
      assert.equal(JSON.parse(changed.ogp_not_determined!)['Completion (End Of Term)'], undefined);
    });

    test("a review a reviewer entered is the reviewer's: a re-import leaves it", async () => {
      const reviewed = records.find((r, i) => i > 0 && r['Specificity'] === 'High')!;
      const c = await store.db.selectFrom('commitments').select('id').where('ogp_id', '=', reviewed[ID]!).executeTakeFirstOrThrow();
      const review = await store.db
        .selectFrom('irm_reviews')
        .selectAll()
        .where('commitment_id', '=', c.id)
        .where('report', '=', 'progress')
        .executeTakeFirstOrThrow();
      await store.db
        .updateTable('irm_reviews')
        .set({ origin: 'user', specificity: 'low', text: 'Revisado a mano.' })
        .where('id', '=', review.id)
        .execute();
      const bytes = ogpBytes();
      const before = await store.db
        .selectFrom('audit_log')
        .select(store.db.fn.countAll<number>().as('n'))
        .where('entity', '=', 'irm_reviews')
        .where('entity_id', '=', review.id)
        .executeTakeFirstOrThrow();
      await importOgpDataset(store, readOgpCsv(bytes), options(bytes));
      const logged = await store.db
        .selectFrom('audit_log')
        .select(store.db.fn.countAll<number>().as('n'))
        .where('entity', '=', 'irm_reviews')
        .where('entity_id', '=', review.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(logged.n), Number(before.n), 'no write to that review');
      const after = await store.db.selectFrom('irm_reviews').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
      assert.deepEqual([after.origin, after.specificity, after.text], ['user', 'low', 'Revisado a mano.']);
    });

    test('a plan whose years another plan of the member has is refused, row by row, and nothing of it written', async () => {
      const fresh = await db.open();
      const i = records.findIndex((r) => r[ID] === 'AL0042'); // Albania's plan 2 (2014–2016), one row
      const bytes = alteredOgpCsv({ [i]: { 'Year Of Submission': '2012', 'Action Plan End Year': '2014' } });
      const result = await importOgpDataset(fresh, readOgpCsv(bytes), options(bytes));
      assert.deepEqual(result.errors, [{ row: i + 2, column: 'Year Of Submission', code: 'plan_period_taken', value: '2012–2014' }]);
      assert.equal(result.commitments.created, 321);
      assert.equal(result.plans.created, 132);
      assert.equal(await fresh.db.selectFrom('commitments').select('id').where('ogp_id', '=', 'AL0042').executeTakeFirst(), undefined);
      assert.equal(
        (await fresh.db.selectFrom('plans').select('id').where('ogp_number', '=', 2).where('title', 'like', 'Albania%').execute()).length,
        0,
      );
    });

    const albania = { [MEMBER]: 'Albania', 'National Or Local': 'National', Theme: 'NA' };
    const one = { ...albania, 'Action Plan Number': '1', 'Year Of Submission': '2012', 'Action Plan End Year': '2014' };
    const two = { ...albania, 'Action Plan Number': '2', 'Year Of Submission': '2014', 'Action Plan End Year': '2016' };
    /** An empty database given Albania's plans 1 (2012–2014) and 2 (2014–2016), with AL9001 and AL9002. */
    async function twoAlbanianPlans(): Promise<Store> {
      const fresh = await db.open();
      const first = ogpCsv([
        { ...one, [ID]: 'AL9001', 'Commitment Number': '1', 'Commitment Title': 'Open budgets' },
        { ...two, [ID]: 'AL9002', 'Commitment Number': '1', 'Commitment Title': 'Open contracts' },
      ]);
      await importOgpDataset(fresh, readOgpCsv(first), options(first));
      return fresh;
    }

    test("a commitment OGP's file moves to another plan of the same member moves, with its search documents, and the rest of the file is imported", async () => {
      const fresh = await twoAlbanianPlans();
      const second = ogpCsv([
        { ...two, [ID]: 'AL9001', 'Commitment Number': '2', 'Commitment Title': 'Open budgets' },
        { ...two, [ID]: 'AL9002', 'Commitment Number': '1', 'Commitment Title': 'Open contracts' },
        { ...two, [ID]: 'AL9003', 'Commitment Number': '3', 'Commitment Title': 'Open registers' },
      ]);
      const result = await importOgpDataset(fresh, readOgpCsv(second), options(second));
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.commitments, { created: 1, updated: 1, unchanged: 1 });
      const moved = await fresh.db
        .selectFrom('commitments')
        .innerJoin('plans', 'plans.id', 'commitments.plan_id')
        .select(['commitments.id', 'plans.ogp_number'])
        .where('ogp_id', '=', 'AL9001')
        .executeTakeFirstOrThrow();
      assert.equal(moved.ogp_number, 2);
      const docs = await fresh.db
        .selectFrom('search_documents')
        .select('plan_id')
        .where('kind', '=', 'commitment')
        .where('entity_id', '=', moved.id)
        .execute();
      const planTwo = await fresh.db.selectFrom('commitments').select('plan_id').where('ogp_id', '=', 'AL9002').executeTakeFirstOrThrow();
      assert.deepEqual(docs, [{ plan_id: planTwo.plan_id }]);
      assert.ok(
        await fresh.db.selectFrom('commitments').select('id').where('ogp_id', '=', 'AL9003').executeTakeFirst(),
        'the row after the moved one was imported',
      );
    });

    test("a commitment in another member's plan, or given its identifier in a plan with assessments, is refused by row and left as it was", async () => {
      const fresh = await db.open();
      const seed = seedBytes();
      const { planId } = await importReport(fresh, readTextReport(seed, 'seed.txt'), {
        now: new Date().toISOString(),
        actor: 'test',
        fileName: 'seed.txt',
        bytes: seed,
      });
      const peru = { [MEMBER]: 'Peru', 'National Or Local': 'National', Theme: 'NA' };
      const link = ogpCsv([
        {
          ...peru,
          'Action Plan Number': '2',
          'Year Of Submission': '2015',
          'Action Plan End Year': '2016',
          [ID]: 'PE0045',
          'Commitment Number': '5',
          'Commitment Title': 'OGP title',
        },
        {
          [MEMBER]: 'Chile',
          'National Or Local': 'National',
          Theme: 'NA',
          'Action Plan Number': '1',
          'Year Of Submission': '2012',
          'Action Plan End Year': '2013',
          [ID]: 'CL9001',
          'Commitment Number': '1',
          'Commitment Title': 'Chile',
        },
      ]);
      await importOgpDataset(fresh, readOgpCsv(link), options(link));
      const before = await fresh.db
        .selectFrom('commitments')
        .selectAll()
        .where('ogp_id', 'in', ['PE0045', 'CL9001'])
        .orderBy('id')
        .execute();
      assert.equal(before.length, 2);
      const p3 = { ...peru, 'Action Plan Number': '3', 'Year Of Submission': '2017', 'Action Plan End Year': '2019' };
      const bytes = ogpCsv([
        { ...p3, [ID]: 'PE0045', 'Commitment Number': '5', 'Commitment Title': 'Moved by OGP', 'Full Text': 'OGP text' },
        { ...p3, [ID]: 'CL9001', 'Commitment Number': '6', 'Commitment Title': 'Chile, in Peru' },
        { ...p3, [ID]: 'PE9003', 'Commitment Number': '7', 'Commitment Title': 'New' },
      ]);
      const result = await importOgpDataset(fresh, readOgpCsv(bytes), options(bytes));
      assert.deepEqual(
        result.errors.map((e) => [e.row, e.column, e.code, e.value]),
        [
          [2, ID, 'commitment_in_other_plan', 'PE0045'],
          [3, ID, 'commitment_in_other_plan', 'CL9001'],
        ],
      );
      assert.deepEqual(
        await fresh.db.selectFrom('commitments').selectAll().where('ogp_id', 'in', ['PE0045', 'CL9001']).orderBy('id').execute(),
        before,
      );
      assert.equal(before[0]!.plan_id, planId);
      assert.ok(await fresh.db.selectFrom('commitments').select('id').where('ogp_id', '=', 'PE9003').executeTakeFirst());
    });

    test("an OGP plan's new years that another plan of the member has are refused, row by row, and the rest of the file imported", async () => {
      const fresh = await twoAlbanianPlans();
      const plans = await fresh.db.selectFrom('plans').select(['ogp_number', 'period_start', 'period_end']).orderBy('ogp_number').execute();
      const second = ogpCsv([
        { ...one, [ID]: 'AL9001', 'Commitment Number': '1', 'Commitment Title': 'Open budgets' },
        {
          ...two,
          'Year Of Submission': '2012',
          'Action Plan End Year': '2014',
          [ID]: 'AL9002',
          'Commitment Number': '1',
          'Commitment Title': 'Open contracts, corrected',
        },
        {
          [MEMBER]: 'Chile',
          'National Or Local': 'National',
          Theme: 'NA',
          'Action Plan Number': '1',
          'Year Of Submission': '2012',
          'Action Plan End Year': '2013',
          [ID]: 'CL9001',
          'Commitment Number': '1',
          'Commitment Title': 'Chile',
        },
      ]);
      const result = await importOgpDataset(fresh, readOgpCsv(second), options(second));
      assert.deepEqual(result.errors, [{ row: 3, column: 'Year Of Submission', code: 'plan_period_taken', value: '2012–2014' }]);
      assert.deepEqual(
        await fresh.db
          .selectFrom('plans')
          .select(['ogp_number', 'period_start', 'period_end'])
          .where('title', 'like', 'Albania%')
          .orderBy('ogp_number')
          .execute(),
        plans,
      );
      assert.equal(
        (await fresh.db.selectFrom('commitments').select('title').where('ogp_id', '=', 'AL9002').executeTakeFirstOrThrow()).title,
        'Open contracts',
      );
      assert.ok(
        await fresh.db.selectFrom('commitments').select('id').where('ogp_id', '=', 'CL9001').executeTakeFirst(),
        'the next plan was imported',
      );
    });

    test('refused rows are reported and the other rows stored', async () => {
      const fresh = await db.open();
      const bytes = alteredOgpCsv({
        4: { 'Start Date': '2/30/2016' },
        9: { Specificity: 'Very high' },
        19: { 'Commitment Title': 'NA' },
        29: { [ID]: records[0]![ID]! },
      });
      const data = readOgpCsv(bytes);
      assert.deepEqual(
        data.errors.map((e) => [e.row, e.column]),
        [
          [6, 'Start Date'],
          [11, 'Specificity'],
          [21, 'Commitment Title'],
          [31, ID],
        ],
      );
      const result = await importOgpDataset(fresh, data, options(bytes));
      assert.equal(result.commitments.created, 318);
      const ids = new Set((await fresh.db.selectFrom('commitments').select('ogp_id').execute()).map((c) => c.ogp_id));
      for (const i of [4, 9, 19]) assert.equal(ids.has(records[i]![ID]!), false, records[i]![ID]);
      assert.equal(ids.has(records[29]![ID]!), false, 'the row whose identifier was taken is refused; the first one stays');
      assert.equal(ids.has(records[0]![ID]!), true);
    });
  });
});

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(key(i), [...(out.get(key(i)) ?? []), i]);
  return out;
}
