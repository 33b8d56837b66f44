import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readReport } from '../../src/import/read-report.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { getCommitment } from '../../src/services/commitments.js';
import { importReport } from '../../src/services/import-report.js';
import { getComparison, getPlan, getSummary } from '../../src/services/plans.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedDocx } from '../helpers/seed-docx.js';
import { seedBytes } from '../helpers/seed.js';
import { snapshot } from '../helpers/tables.js';

const NOW = '2026-11-27T12:00:00.000Z';

async function importFile(store: Store, bytes: Buffer, fileName: string, now = NOW) {
  return importReport(store, await readReport(bytes, fileName), { actor: 'test', fileName, bytes, now });
}

/** Every row of every table, but the audit log only by what it records (its context names the file, and its hashes follow). */
async function contents(store: Store): Promise<Record<string, unknown[]>> {
  const tables = await snapshot(store);
  tables.audit_log = tables.audit_log!.map((e) => {
    const { context: _context, hash: _hash, prev_hash: _prev, ...kept } = e as Record<string, unknown>;
    return kept;
  });
  return tables;
}

describe('importing the seed as a Word file into the database', () => {
  eachDatabase((db) => {
    test('stores the same plan as the text import, row for row; re-importing either file changes nothing', async () => {
      const docx = await seedDocx();
      const fromWord = await db.open();
      const fromText = await db.open();
      const w = await importFile(fromWord, docx, 'seed.docx');
      const t = await importReport(fromText, readTextReport(seedBytes(), 'seed.txt'), {
        actor: 'test',
        fileName: 'seed.txt',
        bytes: seedBytes(),
        now: NOW,
      });
      assert.equal(w.created, true);

      const plan = await getPlan(fromWord, w.planId);
      assert.equal(plan.commitmentCount, 17);
      assert.deepEqual(
        plan.themes.map((x) => x.commitments.length),
        [6, 4, 3, 4],
      );
      assert.deepEqual(plan, await getPlan(fromText, t.planId));
      assert.deepEqual(await getSummary(fromWord, w.planId), await getSummary(fromText, t.planId));
      assert.deepEqual(await getComparison(fromWord, w.planId), await getComparison(fromText, t.planId));
      for (const theme of plan.themes) {
        for (const c of theme.commitments)
          assert.deepEqual(await getCommitment(fromWord, c.id), await getCommitment(fromText, c.id), `commitment ${c.number}`);
      }
      const stored = await contents(fromWord);
      assert.ok(stored.activities!.length > 40 && stored.evidence!.length > 20 && stored.sources!.length > 0);
      assert.deepEqual(stored, await contents(fromText));

      // The text over the Word import, then the Word file again: nothing changes.
      const before = await snapshot(fromWord);
      const textAgain = await importReport(fromWord, readTextReport(seedBytes(), 'seed.txt'), {
        actor: 'test',
        fileName: 'seed.txt',
        bytes: seedBytes(),
        now: '2026-11-28T09:00:00.000Z',
      });
      assert.deepEqual([textAgain.created, textAgain.planId, textAgain.changes], [false, w.planId, 0]);
      const wordAgain = await importFile(fromWord, docx, 'seed.docx', '2026-11-29T09:00:00.000Z');
      assert.deepEqual([wordAgain.created, wordAgain.planId, wordAgain.changes], [false, w.planId, 0]);
      assert.deepEqual(await snapshot(fromWord), before);
    });
  });
});
