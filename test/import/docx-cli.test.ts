import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { openStore } from '../../src/storage/connect.js';
import { vigia, vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedDocx } from '../helpers/seed-docx.js';
import { SEED_PATH, seedBytes } from '../helpers/seed.js';
import { snapshot } from '../helpers/tables.js';

/**
 * `vigia import report.docx`: the first import in a process of its own, as a person runs it; the rest through
 * the command's entry point in this process (vigiaInProcess: a process start costs seconds).
 */
const dir = mkdtempSync(join(tmpdir(), 'vigia-docx-'));
const DOCX = join(dir, 'peru-2015-2016.docx');
before(async () => writeFileSync(DOCX, await seedDocx()));

describe('vigia import with a Word file', () => {
  eachDatabase((db) => {
    test('creates the plan as the text import does; the Word file again, and then the text, change nothing', async () => {
      const url = await db.freshUrl();
      const first = await vigia(['import', DOCX], { DATABASE_URL: url });
      assert.equal(first.status, 0, first.stderr);
      assert.match(
        first.stdout,
        /^Creado el plan «Plan de Acción de Gobierno Abierto 2015-2016» \(id 1\): 17 compromisos, 61 actividades, 41 evidencias, 9 fuentes, 2 evaluaciones\.$/m,
      );
      assert.match(first.stdout, /^Sin advertencias\.$/m);
      const store = await openStore(url);
      try {
        const before = await snapshot(store);
        for (const file of [DOCX, SEED_PATH]) {
          const again = await vigiaInProcess(['import', file], { DATABASE_URL: url });
          assert.equal(again.status, 0, again.stderr);
          assert.match(again.stdout, /^Sin cambios: la base de datos ya tenía exactamente este reporte\./m, file);
        }
        assert.deepEqual(await snapshot(store), before);
      } finally {
        await store.close();
      }
    });
  });

  test('--dry-run --json: the same document as for the text export, and no database is touched', async () => {
    const dbFile = join(dir, 'never.db');
    const word = await vigiaInProcess(['import', '--dry-run', '--json', DOCX], { DATABASE_URL: `sqlite:${dbFile}` });
    assert.equal(word.status, 0, word.stderr);
    const text = await vigiaInProcess(['import', '--dry-run', '--json', SEED_PATH], { DATABASE_URL: `sqlite:${dbFile}` });
    const doc = JSON.parse(word.stdout);
    assert.equal(doc.commitments.length, 17);
    assert.deepEqual(doc.warnings, []);
    assert.deepEqual(doc, JSON.parse(text.stdout));
    assert.equal(existsSync(dbFile), false);
  });

  test('a text file named .docx is refused with exit status 2, naming the file and the reason', async () => {
    const fake = join(dir, 'reporte.docx');
    writeFileSync(fake, seedBytes());
    const run = await vigiaInProcess(['import', fake], { DATABASE_URL: `sqlite:${join(dir, 'never2.db')}` });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /El archivo reporte\.docx no se puede leer como documento de Word: tiene la extensión \.docx pero no lo es/);
    assert.doesNotMatch(run.stderr, /\bat \w+ \(/, 'no stack trace');
  });
});
