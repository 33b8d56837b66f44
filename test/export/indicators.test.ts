import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { progressPercent } from '../../src/domain/indicators.js';
import { matrixRows } from '../../src/services/indicators.js';
import { addIndicator } from '../../src/services/workspace/indicators.js';
import { getPlan, listPlans } from '../../src/services/plans.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { addDemoIndicators, type DemoIndicators } from '../helpers/indicators.js';
import { SEED_PATH } from '../helpers/seed.js';
import { nowIso } from '../helpers/clock.js';

/**
 * The indicator matrix of a plan as CSV and XLSX, from the site (/planes/:id/indicadores.csv|xlsx and
 * /en) and from `vigia export indicators`: the files are read back (csv-parse, exceljs) and their
 * cells compared with what the stored data gives.
 */
async function sheetRows(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('the indicator matrix as CSV and XLSX', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let planId: number;
    let demo: DemoIndicators;
    const today = () => new Date().toISOString().slice(0, 10);

    before(async () => {
      const s = await seededApp(db);
      ({ store, app, planId } = s);
      demo = await addDemoIndicators(store, s.commitment);
      const coordinator = await signIn(app, store, { role: 'coordinator' });
      // A name a spreadsheet would run as a formula.
      const r = await addIndicator(
        store,
        coordinator.actor,
        s.commitment(3),
        {
          indicatorName: '=HYPERLINK("http://x.test")',
          unit: 'u',
          direction: 'up',
          baselineValue: '-5',
          baselineDate: '2015-07-01',
          targetValue: '5',
          targetDate: '2016-06-30',
          frequency: 'yearly',
        },
        nowIso(),
      );
      assert.ok(r.ok);
    });
    after(async () => app.close());

    test('CSV on the site: a header and one row per indicator, numbers from the data, formulas neutralised', async () => {
      const res = await app.inject({ url: `/planes/${planId}/indicadores.csv` });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), /filename="vigia-indicadores-plan-\d+\.csv"/);
      const records = parse(res.body, { bom: true }) as string[][];
      const [header, ...rows] = records;
      assert.deepEqual(header!.slice(0, 4), ['N° de compromiso', 'Compromiso', 'Indicador', 'Unidad']);
      assert.equal(rows.length, 4);
      const col = (name: string) => header!.indexOf(name);
      const onPath = rows.find((r) => r[col('Indicador')] === 'Entidades con datos abiertos publicados')!;
      const stored = await store.db.selectFrom('indicators').selectAll().where('id', '=', demo.onPath).executeTakeFirstOrThrow();
      const latest = await store.db
        .selectFrom('indicator_measurements')
        .selectAll()
        .where('indicator_id', '=', demo.onPath)
        .orderBy('date', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(onPath[col('Línea de base')], String(stored.baseline_value));
      assert.equal(onPath[col('Meta')], String(stored.target_value));
      assert.equal(onPath[col('Último valor')], String(latest.value));
      assert.equal(onPath[col('Fecha del último valor')], latest.date);
      const progress = progressPercent(
        {
          direction: 'up',
          baselineValue: Number(stored.baseline_value),
          targetValue: Number(stored.target_value),
          baselineDate: stored.baseline_date,
          targetDate: stored.target_date,
        },
        Number(latest.value),
      );
      assert.equal(onPath[col('Avance (%)')], String(progress));
      assert.equal(onPath[col('Sentido')], 'Mejor si sube');
      const expected = await matrixRows(store, planId, today(), 'es');
      assert.deepEqual(
        rows.map((r) => r[col('Estado')]),
        expected.map((r) => r.status),
        'statuses as the service computes them today',
      );
      const formula = rows.find((r) => r[col('Indicador')]!.includes('HYPERLINK'))!;
      assert.equal(formula[col('Indicador')], `'=HYPERLINK("http://x.test")`);
      assert.equal(formula[col('Línea de base')], '-5', 'a negative number stays a number');
    });

    test('XLSX on the site, in English: the same rows, numbers as numbers', async () => {
      const res = await app.inject({ url: `/en/planes/${planId}/indicadores.xlsx` });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-disposition']), /filename="vigia-indicators-plan-\d+\.xlsx"/);
      const [header, ...rows] = await sheetRows(res.rawPayload);
      assert.equal(header![0], 'Commitment no.');
      const col = (name: string) => header!.indexOf(name);
      const expected = await matrixRows(store, planId, today(), 'en');
      assert.equal(rows.length, expected.length);
      for (const [i, row] of rows.entries()) {
        const e = expected[i]!;
        assert.equal(row[col('Commitment no.')], e.commitment);
        assert.equal(row[col('Indicator')], e.indicator === '=HYPERLINK("http://x.test")' ? `'${e.indicator}` : e.indicator);
        assert.equal(row[col('Baseline')], e.baselineValue);
        assert.equal(row[col('Target')], e.targetValue);
        assert.equal(row[col('Latest value')] ?? null, e.latestValue);
        assert.equal(row[col('Progress (%)')] ?? null, e.progress);
        assert.equal(row[col('Status')], e.status);
      }
      const offPath = rows.find((r) => r[col('Indicator')] === 'Días para responder una solicitud')!;
      assert.deepEqual(
        [offPath[col('Direction')], offPath[col('Latest value')], offPath[col('Progress (%)')], offPath[col('Status')]],
        ['Lower is better', 28, 10, 'Off path'],
      );
    });

    test('an unknown plan or format is a 404', async () => {
      assert.equal((await app.inject({ url: '/planes/999999/indicadores.csv' })).statusCode, 404);
      assert.equal((await app.inject({ url: `/planes/${planId}/indicadores.pdf` })).statusCode, 404);
    });

    test('vigia export indicators: CSV and XLSX files for a given date, and clear refusals', async () => {
      const dbUrl = await db.freshUrl();
      const imported = await vigiaInProcess(['import', SEED_PATH], { DATABASE_URL: dbUrl });
      assert.equal(imported.status, 0, imported.stderr);
      const cliStore = await openStore(dbUrl);
      let plan: number;
      try {
        const p = (await listPlans(cliStore))[0]!;
        plan = p.id;
        const full = await getPlan(cliStore, plan);
        const ids = new Map(full.themes.flatMap((t) => t.commitments).map((c) => [c.number, c.id]));
        await addDemoIndicators(cliStore, (n) => ids.get(n)!);
      } finally {
        await cliStore.close();
      }
      const dir = mkdtempSync(join(tmpdir(), 'vigia-indicators-'));
      const csvFile = join(dir, 'm.csv');
      const csv = await vigiaInProcess(
        ['export', 'indicators', '--plan', String(plan), '--format', 'csv', '--out', csvFile, '--date', '2016-01-15'],
        { DATABASE_URL: dbUrl },
      );
      assert.equal(csv.status, 0, csv.stderr);
      assert.match(csv.stderr, /3 indicadores escritos en/);
      const [header, ...rows] = parse(readFileSync(csvFile, 'utf8'), { bom: true }) as string[][];
      const col = (name: string) => header!.indexOf(name);
      assert.deepEqual(
        rows.map((r) => [
          r[col('N° de compromiso')],
          r[col('Último valor')],
          r[col('Avance (%)')],
          r[col('Estado')],
          r[col('Próxima medición')],
        ]),
        [
          ['1', '30', '50', 'En trayectoria', '2016-04-01'],
          ['2', '28', '10', 'Fuera de trayectoria', '2016-06-30'],
          ['4', '', '', 'Medición atrasada', '2015-08-01'],
        ],
      );

      const xlsxFile = join(dir, 'm.xlsx');
      const xlsx = await vigiaInProcess(
        ['--lang', 'en', 'export', 'indicators', '--plan', String(plan), '--format', 'xlsx', '--out', xlsxFile, '--date', '2016-01-15'],
        { DATABASE_URL: dbUrl },
      );
      assert.equal(xlsx.status, 0, xlsx.stderr);
      const [xh, ...xrows] = await sheetRows(readFileSync(xlsxFile));
      const xc = (name: string) => xh!.indexOf(name);
      assert.deepEqual(
        xrows.map((r) => [
          r[xc('Commitment no.')],
          r[xc('Baseline')],
          r[xc('Target')],
          r[xc('Latest value')] ?? null,
          r[xc('Progress (%)')] ?? null,
          r[xc('Status')],
        ]),
        [
          [1, 10, 50, 30, 50, 'On track'],
          [2, 30, 10, 28, 10, 'Off path'],
          [4, 0, 1000, null, null, 'Measurement overdue'],
        ],
      );

      const noPlan = await vigiaInProcess(['export', 'indicators', '--format', 'csv'], { DATABASE_URL: dbUrl });
      assert.equal(noPlan.status, 2);
      assert.match(noPlan.stderr, /Indique el plan/);
      const badFormat = await vigiaInProcess(['export', 'indicators', '--plan', String(plan), '--format', 'pdf'], { DATABASE_URL: dbUrl });
      assert.equal(badFormat.status, 2);
      assert.match(badFormat.stderr, /Formato desconocido: pdf/);
      const badDate = await vigiaInProcess(['export', 'indicators', '--plan', String(plan), '--date', '2016-02-30'], {
        DATABASE_URL: dbUrl,
      });
      assert.equal(badDate.status, 2);
      assert.match(badDate.stderr, /Fecha no válida: 2016-02-30/);
      const unknownPlan = await vigiaInProcess(['export', 'indicators', '--plan', '99999', '--out', join(dir, 'x.csv')], {
        DATABASE_URL: dbUrl,
      });
      assert.equal(unknownPlan.status, 2, unknownPlan.stderr);
    });
  });
});
