import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importOgpCommand } from '../../src/cli/commands/import-ogp.js';
import { vigia, vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { alteredOgpCsv, OGP_CSV_PATH, ogpBytes } from '../helpers/ogp.js';

/**
 * `vigia import` on OGP's dataset and `vigia export ogp`: through the command's entry point in this process
 * (a process start costs seconds); the CSV on standard output from a process of its own, as a user pipes it.
 */
describe('vigia import / export of OGP commitment data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-ogp-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const broken = join(dir, 'broken.csv');
  writeFileSync(broken, alteredOgpCsv({ 4: { 'Start Date': '2/30/2016' }, 9: { Specificity: 'Very high' } }));

  eachDatabase((db) => {
    test('import: progress lines on stderr, the summary and the warnings with row numbers on stdout; again: nothing changed', async () => {
      const env = { DATABASE_URL: await db.freshUrl() };
      const run = await vigiaInProcess(['import', OGP_CSV_PATH], env);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /ogp-commitments-a-to-m\.csv: datos de compromisos de OGP, 322 filas\./);
      const progress = run.stderr.split('\n').filter((l) => l.startsWith('Importando: '));
      assert.ok(progress.length >= 5 && progress.length <= 11, run.stderr);
      assert.equal(progress.at(-1), 'Importando: 322/322 compromisos');
      assert.match(run.stdout, /Miembros: 47 de alta, 0 con cambios, 0 sin cambios/);
      assert.match(run.stdout, /Planes: 133 de alta, 0 con cambios, 0 sin cambios/);
      assert.match(run.stdout, /Compromisos: 322 de alta, 0 con cambios, 0 sin cambios/);
      assert.match(run.stdout, /Ninguna fila rechazada\./);
      assert.match(run.stdout, /Fila 27, columna «Start Date»: «Underway» no es una fecha: se guardó tal cual, sin fecha\./);

      const again = await vigiaInProcess(['import', OGP_CSV_PATH, '--json'], env);
      assert.equal(again.status, 0, again.stderr);
      const doc = JSON.parse(again.stdout);
      assert.deepEqual(doc.commitments, { created: 0, updated: 0, unchanged: 322 });
      assert.equal(doc.changes, 0);
      assert.equal(again.stderr, '', 'no progress lines in --json mode');

      const refused = await vigiaInProcess(['import', broken, '--lang', 'en'], env);
      assert.equal(refused.status, 2, 'rows were refused');
      assert.match(refused.stdout, /2 rows refused \(the others were imported\):/);
      assert.match(refused.stdout, /Row 6, column "Start Date": "2\/30\/2016" is not a valid date\./);
      assert.match(refused.stdout, /Row 11, column "Specificity": "Very high" is not a value of the IRM's scale\./);
      assert.match(refused.stdout, /Commitments: 0 created, 0 updated, 320 unchanged/);

      const out = join(dir, `export-${db.kind}.csv`);
      const exported = await vigiaInProcess(['export', 'ogp', '--out', out], env);
      assert.equal(exported.status, 0, exported.stderr);
      assert.match(exported.stderr, /322 compromisos escritos en/);
      const rows = parse(readFileSync(out), { bom: true, columns: true }) as Record<string, string>[];
      assert.equal(rows.length, 322);
      assert.equal(Object.keys(rows[0]!)[0], 'Commitment Unique Identifier');

      const stdout = await vigia(['export', 'ogp', '--plan', '1'], env);
      assert.equal(stdout.status, 0, stdout.stderr);
      assert.ok((parse(stdout.stdout, { bom: true }) as string[][]).length > 1);
      assert.equal((await vigiaInProcess(['export', 'ogp', '--plan', '999999'], env)).status, 2);
      const unknown = await vigiaInProcess(['export', 'todo'], env);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /No se sabe exportar «todo»/);
    });
  });

  test('--dry-run --json reads and reports without a database; status 2 when rows are refused', async () => {
    const run = await vigiaInProcess(['import', broken, '--dry-run', '--json'], { DATABASE_URL: 'sqlite:/nonexistent/dir/vigia.db' });
    assert.equal(run.status, 2, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.rows, 322);
    assert.equal(doc.commitments, 320);
    assert.equal(doc.members, 47);
    assert.deepEqual(
      doc.errors.map((e: { row: number; column: string }) => [e.row, e.column]),
      [
        [6, 'Start Date'],
        [11, 'Specificity'],
      ],
    );
    assert.match(doc.errors[0].message, /^Fila 6, columna «Start Date»/);
    const plain = await vigiaInProcess(['import', OGP_CSV_PATH, '--dry-run']);
    assert.equal(plain.status, 0);
    assert.match(plain.stdout, /Se leyeron 322 compromisos de 133 planes de 47 miembros \(simulación: no se guardó nada\)\./);
  });

  test('a malformed CSV is refused as a whole, with the line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Commitment Unique Identifier,Country/Locality\n"AL0001,Albania\n');
    const run = await vigiaInProcess(['import', bad, '--dry-run']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /bad\.csv no es un CSV válido \(línea \d+/);
  });

  eachDatabase((db) => {
    test('on a terminal, a progress bar (cli-progress) instead of lines', async () => {
      const stream = Object.assign(new PassThrough(), {
        isTTY: true,
        columns: 100,
        cursorTo: () => true,
        clearLine: () => true,
        moveCursor: () => true,
      });
      let written = '';
      stream.on('data', (d) => (written += d));
      const out: string[] = [];
      const err: string[] = [];
      const previous = process.env.DATABASE_URL;
      process.env.DATABASE_URL = await db.freshUrl();
      try {
        const status = await importOgpCommand(
          'ogp.csv',
          ogpBytes(),
          { progressStream: stream as unknown as NodeJS.WriteStream },
          { out: (t) => out.push(t), err: (t) => err.push(t), lang: 'en' },
        );
        assert.equal(status, 0);
      } finally {
        process.env.DATABASE_URL = previous;
      }
      assert.match(written, /Importing .* 322\/322 commitments/);
      assert.ok(!err.some((l) => l.startsWith('Importing:')), 'no plain lines on a terminal');
      assert.ok(out.includes('  Commitments: 322 created, 0 updated, 0 unchanged'));
    });
  });
});
