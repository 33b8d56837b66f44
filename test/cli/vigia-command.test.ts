import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/storage/connect.js';
import { vigia, vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { SEED_PATH } from '../helpers/seed.js';
import { snapshot } from '../helpers/tables.js';

// In its own process (vigia()): from another directory, the exit status of a refusal, two imports at once.
// The rest through the same entry point in this process (vigiaInProcess()): a process start costs seconds.
describe('the vigia command', () => {
  test('runs from any directory: the project’s TypeScript settings, not the current directory’s', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'vigia-cwd-'));
    const run = await vigia(['--help'], {}, elsewhere);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Uso: vigia/);
  });

  eachDatabase((db) => {
    let url: string;
    let store: Store;
    before(async () => {
      url = await db.freshUrl();
    });

    test('summary on an empty database says how to get a plan', async () => {
      const run = await vigia(['summary'], { DATABASE_URL: await db.freshUrl() });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^Error: Todavía no hay ningún plan\. Importe un reporte con «vigia import ARCHIVO»/);
    });

    test('import: creates the plan, then says nothing changed', async () => {
      const first = await vigiaInProcess(['import', SEED_PATH], { DATABASE_URL: url });
      assert.equal(first.status, 0, first.stderr);
      assert.match(
        first.stdout,
        /^Creado el plan «Plan de Acción de Gobierno Abierto 2015-2016» \(id 1\): 17 compromisos, 61 actividades, 41 evidencias, 9 fuentes, 2 evaluaciones\.$/m,
      );
      assert.match(first.stdout, /^Sin advertencias\.$/m);
      const second = await vigiaInProcess(['import', SEED_PATH], { DATABASE_URL: url });
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, /^Actualizado el plan .*\nSin cambios: la base de datos ya tenía exactamente este reporte\./m);
      store = await openStore(url);
    });

    test('summary: the table of the report’s conclusions, percentages rounded half up', async () => {
      const run = await vigiaInProcess(['summary'], { DATABASE_URL: url });
      assert.equal(run.status, 0, run.stderr);
      const rows = run.stdout.split('\n').map((l) => l.trim().split(/\s{2,}/));
      const find = (label: string) => rows.find((r) => r[0] === label)?.slice(1);
      assert.deepEqual(find('Tema'), ['No iniciado', 'Limitado', 'Sustancial', 'Completo', 'Total']);
      assert.deepEqual(find('Transparencia y acceso a la información pública'), ['1', '0', '1', '4', '6']);
      assert.deepEqual(find('Participación ciudadana'), ['1', '1', '0', '2', '4']);
      assert.deepEqual(find('Rendición de cuentas'), ['1', '0', '0', '2', '3']);
      assert.deepEqual(find('Mejora de los servicios públicos'), ['0', '0', '1', '3', '4']);
      assert.deepEqual(find('Total'), ['3', '1', '2', '11', '17']);
      assert.deepEqual(find('%'), ['17,6', '5,9', '11,8', '64,7', '100']);
      const en = await vigiaInProcess(['--lang', 'en', 'summary'], { DATABASE_URL: url });
      assert.match(en.stdout, /^%\s+17\.6\s+5\.9\s+11\.8\s+64\.7\s+100$/m);
      assert.match(en.stdout, /End-of-term assessment \(September 2017\)/);
    });

    test('summary --json, --plan and --round', async () => {
      const run = await vigiaInProcess(['summary', '--json', '--plan', '1', '--round', '1'], { DATABASE_URL: url });
      assert.equal(run.status, 0, run.stderr);
      const json = JSON.parse(run.stdout);
      assert.equal(json.round.kind, 'midterm');
      assert.deepEqual(json.total.counts, { 'not-started': 4, limited: 1, substantial: 7, complete: 5 });
      const missing = await vigiaInProcess(['summary', '--plan', '42'], { DATABASE_URL: url });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /No existe el plan con el identificador 42/);
    });

    test('compare: each commitment at mid-term and end of term; 7 moved up', async () => {
      const run = await vigiaInProcess(['compare'], { DATABASE_URL: url });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^ ?2\.\s+Mejora del Portal de Transparencia Estándar\s+Sustancial\s+Completo\s+↑$/m);
      assert.match(run.stdout, /^10\.\s+Fomentar la participación ciudadana .*\s+No iniciado\s+Limitado\s+↑$/m);
      assert.match(run.stdout, /^Subieron: 7 · Bajaron: 0 · Igual: 10$/m);
      const json = JSON.parse((await vigiaInProcess(['compare', '--json'], { DATABASE_URL: url })).stdout);
      assert.deepEqual(
        json.comparison.rows.filter((r: { movement: string }) => r.movement === 'up').map((r: { number: number }) => r.number),
        [2, 3, 5, 9, 10, 11, 14],
      );
    });

    test('bad files are refused with exit status 2 and a clear message; nothing changes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigia-bad-'));
      const files: [string, Buffer | string, RegExp][] = [
        ['vacio.txt', '', /está vacío/],
        ['espacios.txt', '  \n\n\t \n', /está vacío/],
        ['binario.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x3e, 0x00]), /no es texto/],
        ['reporte.pdf', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', /es un PDF/],
        [
          'reporte.docx',
          Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]),
          /El archivo reporte\.docx no se puede leer como documento de Word: el archivo está dañado o incompleto/,
        ],
        ['libro.docx', Buffer.from('Compromiso 1. no es un zip\n'), /tiene la extensión \.docx pero no lo es/],
        ['receta.txt', 'Receta de ceviche\n\nIngredientes:\n\t1 kg de pescado\n\tlimones\n', /no parece un reporte de autoevaluación/],
      ];
      const before = await snapshot(store);
      for (const [name, content, message] of files) {
        const path = join(dir, name);
        writeFileSync(path, content);
        const run = await vigiaInProcess(['import', path], { DATABASE_URL: url });
        assert.equal(run.status, 2, `${name}: ${run.stderr}`);
        assert.match(run.stderr, message, name);
        assert.doesNotMatch(run.stderr, /\bat \w+ \(/, 'no stack trace');
      }
      const missing = await vigiaInProcess(['import', join(dir, 'no-existe.txt')], { DATABASE_URL: url });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /No se pudo leer el archivo .*no-existe\.txt/);
      const english = await vigiaInProcess(['--lang', 'en', 'import', join(dir, 'reporte.pdf')], { DATABASE_URL: url });
      assert.match(english.stderr, /The file reporte\.pdf is a PDF/);
      assert.deepEqual(await snapshot(store), before);
      await store.close();
    });
  });
});

describe('two imports at once', () => {
  eachDatabase((db) => {
    test('two processes import the same report: one creates the plan, the other finds it unchanged', async () => {
      const url = await db.freshUrl();
      const runs = await Promise.all([
        vigia(['import', '--json', SEED_PATH], { DATABASE_URL: url }),
        vigia(['import', '--json', SEED_PATH], { DATABASE_URL: url }),
      ]);
      for (const r of runs) assert.equal(r.status, 0, r.stderr);
      const results = runs.map((r) => JSON.parse(r.stdout));
      assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
      assert.deepEqual(results.map((r) => r.changes === 0).sort(), [false, true]);
      assert.equal(results[0].plan.id, results[1].plan.id);
      const store = await openStore(url);
      const plans = await store.db.selectFrom('plans').selectAll().execute();
      const commitments = await store.db.selectFrom('commitments').selectAll().execute();
      await store.close();
      assert.equal(plans.length, 1);
      assert.equal(commitments.length, 17);
    });
  });
});

describe('vigia import --dry-run --json', () => {
  test('prints one JSON document and touches no database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigia-dry-'));
    const dbFile = join(dir, 'never.db');
    const run = await vigiaInProcess(['import', '--dry-run', '--json', SEED_PATH], { DATABASE_URL: `sqlite:${dbFile}` });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(existsSync(dbFile), false);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(doc).sort(), ['commitments', 'plan', 'rounds', 'summary', 'themes', 'warnings']);
    assert.equal(doc.plan.title, 'Plan de Acción de Gobierno Abierto 2015-2016');
    assert.equal(doc.plan.approvalInstrument, 'Resolución Ministerial N° 176-2015-PCM');
    assert.equal(doc.commitments.length, 17);
    const five = doc.commitments[4];
    assert.deepEqual(Object.keys(five).slice(0, 6), ['number', 'title', 'theme', 'leadAgency', 'agency', 'contact']);
    assert.equal(five.theme, 'Transparencia y acceso a la información pública');
    assert.equal(five.leadAgency, 'Organismo Supervisor de las Contrataciones del Estado - OSCE');
    assert.deepEqual(five.contact, {
      name: 'Thou Su Chen',
      position: 'Secretaria General',
      email: 'secretaria_general@osce.gob.pe',
      phone: '51-1-613-5555',
    });
    assert.equal(five.level, 'Completo');
    assert.equal(five.midtermLevel, 'Limitado');
    assert.deepEqual(
      five.activities.map((a: { number: number }) => a.number),
      [1, 2],
    );
    assert.deepEqual(five.sources, [{ text: 'Oficio N° 2813-2017/OSCE/SGE', date: null }]);
    assert.deepEqual(doc.summary.total, { 'No iniciado': 3, Limitado: 1, Sustancial: 2, Completo: 11, total: 17 });
    assert.deepEqual(doc.warnings, []);
  });
});
