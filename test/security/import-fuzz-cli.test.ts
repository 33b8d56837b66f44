import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readReport } from '../../src/import/read-report.js';
import { importReport } from '../../src/services/import-report.js';
import { openStore } from '../../src/storage/connect.js';
import { vigia } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';
import { ogpBytes } from '../helpers/ogp.js';
import { seedDocx } from '../helpers/seed-docx.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * `vigia import` on damaged files, as a person runs it: a non-zero exit status, one line on stderr that
 * names the file (and the line where it can), no stack trace, and the database exactly as before.
 */
describe('vigia import on damaged files: one clear line, no stack trace, nothing stored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-import-fuzz-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const lines = seedBytes().toString('utf8').split('\n');
  const withNul = [...lines];
  withNul[899] = `${withNul[899]}\u0000`;
  const files = {
    // A NUL deep in the text export (the decoder lets a few control characters through): line 900.
    'informe-nul.txt': Buffer.from(withNul.join('\n')),
    // OGP's dataset with a NUL in its 5th line.
    'datos-nul.csv': Buffer.concat([
      ogpBytes().subarray(0, ogpBytes().indexOf('\n', ogpBytes().indexOf('\n') + 1) + 1),
      Buffer.from('\u0000'),
      ogpBytes().subarray(ogpBytes().indexOf('\n', ogpBytes().indexOf('\n') + 1) + 1),
    ]),
  };

  eachDatabase((db) => {
    test('a report with a NUL, a truncated .docx, OGP data with a NUL: refused, one line each, database untouched', async () => {
      const url = await db.freshUrl();
      // The database holds the seed first: a refusal must leave it as it was.
      const store = await openStore(url);
      await importReport(store, await readReport(seedBytes(), 'seed.txt'), {
        now: new Date().toISOString(),
        actor: 'test',
        fileName: 'seed.txt',
        bytes: seedBytes(),
      });
      const before = await dumpDatabase(store);
      try {
        const docx = await seedDocx();
        const cases: [string, Buffer, RegExp][] = [
          ['informe-nul.txt', files['informe-nul.txt'], /informe-nul\.txt.*línea 900/],
          ['informe-cortado.docx', docx.subarray(0, Math.floor(docx.length / 2)), /informe-cortado\.docx.*dañado o incompleto/],
          ['datos-nul.csv', files['datos-nul.csv'], /datos-nul\.csv.*carácter nulo en la línea 3/],
        ];
        for (const [name, bytes, words] of cases) {
          const path = join(dir, name);
          writeFileSync(path, bytes);
          const run = await vigia(['import', path], { DATABASE_URL: url });
          assert.notEqual(run.status, 0, `${name}: ${run.stdout}`);
          const said = run.stderr.trim().split('\n');
          assert.equal(said.length, 1, `${name}: one line: ${run.stderr}`);
          assert.match(said[0]!, words);
          assert.doesNotMatch(run.stderr + run.stdout, /\n\s+at |Error:.*\n.*node:|TypeError|RangeError|SyntaxError/, name);
          assert.deepEqual(diffDumps(before, await dumpDatabase(store)), [], `${name}: the database is exactly as before`);
        }
      } finally {
        await store.close();
      }
    });
  });
});
