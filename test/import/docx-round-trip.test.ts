import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { readDocxReport } from '../../src/import/docx-report/index.js';
import type { ParsedReport } from '../../src/import/model.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { writeReportDocx } from '../../src/report/docx.js';
import { getCommitment } from '../../src/services/commitments.js';
import { importReport } from '../../src/services/import-report.js';
import { getComparison, getPlan, getSummary } from '../../src/services/plans.js';
import { buildReport } from '../../src/services/report.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * The seed's plan exported as the self-assessment report in Word (src/report/docx.ts) and imported
 * into an empty database gives the same plan: themes, commitments with every template field,
 * activities, evidence, sources, rounds and levels. What the report adds around the fichas (title
 * page, table of contents, chart, annexes) is read without a warning.
 */
const NOW = '2026-11-27T12:00:00.000Z';

describe('round trip: the seed → database A → Word report → database B', () => {
  eachDatabase((db) => {
    let a: Store;
    let b: Store;
    let planA: number;
    let planB: number;
    let exported: ParsedReport;
    before(async () => {
      a = await db.open();
      b = await db.open();
      planA = (
        await importReport(a, readTextReport(seedBytes(), 'seed.txt'), {
          actor: 'test',
          fileName: 'seed.txt',
          bytes: seedBytes(),
          now: NOW,
        })
      ).planId;
      const docx = await writeReportDocx(await buildReport(a, { planId: planA, lang: 'es', today: '2026-11-27' }));
      exported = await readDocxReport(docx, 'reporte.docx');
      planB = (await importReport(b, exported, { actor: 'test', fileName: 'reporte.docx', bytes: docx, now: NOW })).planId;
    });

    test('the exported report reads without a warning', () => {
      assert.deepEqual(exported.warnings, []);
      assert.equal(exported.commitments.length, 17);
    });

    test('it reads as the seed did: every field of every commitment, themes, rounds, plan, sections', () => {
      const seed = readTextReport(seedBytes(), 'seed.txt');
      seed.commitments.forEach((c, i) => {
        const e = exported.commitments[i]!;
        for (const key of Object.keys(c) as (keyof typeof c)[]) {
          if (key !== 'line') assert.deepEqual(e[key], c[key], `commitment ${c.number}: ${key}`);
        }
      });
      // The report writes each theme as stored, so only that spelling of it comes back.
      assert.deepEqual(
        exported.themes.map((t) => [t.title, t.intro, t.synthesis]),
        seed.themes.map((t) => [t.title, t.intro, t.synthesis]),
      );
      assert.deepEqual(exported.rounds, seed.rounds);
      assert.deepEqual(exported.plan, seed.plan);
      assert.deepEqual(exported.government, seed.government);
      assert.deepEqual(exported.sections, seed.sections, 'the title page, contents and chart add no section');
    });

    test('the same plan: title, government, period, approval, themes in order, rounds and their cut-off dates', async () => {
      const pa = await getPlan(a, planA);
      const pb = await getPlan(b, planB);
      assert.equal(pb.commitmentCount, 17);
      for (const key of Object.keys(pa) as (keyof typeof pa)[]) {
        if (key === 'id') continue;
        assert.deepEqual(pb[key], pa[key], `plan: ${key}`);
      }
    });

    test('the same levels in every round: summary and comparison', async () => {
      const pa = await getPlan(a, planA);
      const pb = await getPlan(b, planB);
      assert.equal(pb.rounds.length, 2);
      for (const [k, r] of pa.rounds.entries()) {
        assert.deepEqual(
          (await getSummary(b, planB, pb.rounds[k]!.id)).summary,
          (await getSummary(a, planA, r.id)).summary,
          `summary of ${r.title}`,
        );
      }
      assert.deepEqual((await getComparison(b, planB)).comparison, (await getComparison(a, planA)).comparison);
    });

    test('every commitment field by field: every template field, activities, evidence, sources, assessments', async () => {
      const pa = await getPlan(a, planA);
      const pb = await getPlan(b, planB);
      const ids = (p: typeof pa) => p.themes.flatMap((t) => t.commitments.map((c) => c.id));
      const [idsA, idsB] = [ids(pa), ids(pb)];
      assert.equal(idsB.length, idsA.length);
      const totals = { activities: 0, sources: 0 };
      for (let i = 0; i < idsA.length; i++) {
        const ca = await getCommitment(a, idsA[i]!);
        const cb = await getCommitment(b, idsB[i]!);
        for (const key of Object.keys(ca) as (keyof typeof ca)[]) {
          if (key === 'id' || key === 'plan' || key === 'theme' || key === 'updatedAt') continue;
          assert.deepEqual(strip(cb[key]), strip(ca[key]), `commitment ${ca.number}: ${key}`);
        }
        assert.equal(cb.theme.title, ca.theme.title, `commitment ${ca.number}: theme`);
        totals.activities += cb.activities.length;
        totals.sources += cb.sources.length;
      }
      // Not an empty comparison: the seed's activities are all there.
      assert.equal(totals.activities, 61);
      assert.ok(totals.sources > 0);
    });
  });
});

/** Row ids are each database's own. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !/^(id|.*Id)$/.test(k))
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return value;
}
