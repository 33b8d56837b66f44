import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readTextReport } from '../../src/import/text-report/index.js';
import type { ParsedReport } from '../../src/import/model.js';
import { writeReportDocx } from '../../src/report/docx.js';
import { buildReport } from '../../src/services/report.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes } from '../helpers/seed.js';
import { docxAsWordText } from './docx-text.js';

/**
 * The contract with the Word import: the Spanish DOCX of the seed's plan, read cell by cell as Word's
 * text export shows a document, is read by the seed's own reader into what the seed itself gives —
 * plan, government, sections, themes, every field of every commitment (activities, evidence, sources,
 * levels), the rounds — with no warning. (The Word import proper, through mammoth, is tested by its
 * own round trip; this checks the writer's side: the layout.)
 */
const comparable = (r: ParsedReport) =>
  JSON.parse(
    JSON.stringify(
      { ...r, themes: r.themes.map(({ spellings: _s, ...t }) => t), printedSummary: r.printedSummary?.percent ?? null },
      // Line numbers differ (the title page, the TOC); the spellings of a theme are the reader's notes, not data.
      (k, v) => (k === 'line' ? undefined : v instanceof Map ? [...v] : v),
    ),
  );

describe("the DOCX keeps the seed's layout: read back by the seed's reader, the same report", () => {
  eachDatabase((db) => {
    let s: Seeded;
    before(async () => {
      s = await seededApp(db);
    });
    after(() => s.app.close());

    test('field by field, with no warning', async () => {
      const docx = await writeReportDocx(await buildReport(s.store, { lang: 'es' }));
      const seed = comparable(readTextReport(seedBytes(), 'seed.txt'));
      const back = comparable(readTextReport(Buffer.from(await docxAsWordText(docx)), 'report.txt'));
      assert.deepEqual(back.warnings, []);
      assert.equal(back.commitments.length, 17);
      for (const key of ['language', 'government', 'plan', 'sections', 'themes', 'rounds'] as const)
        assert.deepEqual(back[key], seed[key], key);
      for (const c of seed.commitments)
        assert.deepEqual(
          back.commitments.find((x: { number: number }) => x.number === c.number),
          c,
          `commitment ${c.number}`,
        );
      // The printed summary's percentages are the computed ones (the seed's own table truncated 5,8).
      assert.deepEqual(back.printedSummary, ['17,6', '5,9', '11,8', '64,7', '100']);
    });
  });
});
