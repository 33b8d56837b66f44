import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { collectRows, DEFAULT_LICENSE, openDataSettings, openDataset } from '../../src/services/opendata.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { triples } from '../helpers/jsonld.js';
import { seedBytes } from '../helpers/seed.js';

/** The real app: its error pages, security headers and permission rule apply to the downloads. */
function appWithOpenData(store: Store): Promise<FastifyInstance> {
  return buildApp({ store });
}

function csvRows(body: string): string[][] {
  return parse(body, { bom: true }) as string[][];
}

async function xlsxSheet(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  assert.equal(wb.worksheets.length, 1);
  return wb.worksheets[0]!;
}

/** The seed's counts: 1 plan, 17 commitments, 61 activities, 2 published rounds × 17, 2 × (4 themes + Total). */
const SEED_ROWS = { planes: 1, compromisos: 17, actividades: 61, evaluaciones: 34, resumen: 10 } as const;
const DATASETS = Object.keys(SEED_ROWS) as (keyof typeof SEED_ROWS)[];

describe('open data downloads and the DCAT catalogue', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let planId: number;
    before(async () => {
      store = await db.open();
      const bytes = seedBytes();
      planId = (
        await importReport(store, readTextReport(bytes, 'seed.txt'), {
          now: new Date().toISOString(),
          actor: 'test',
          fileName: 'seed.txt',
          bytes,
        })
      ).planId;
      app = await appWithOpenData(store);
    });
    after(() => app.close());

    test('every listing downloads as CSV with a header row: 1 plan, 17 commitments, 61 activities, 34 assessments, 10 summary rows', async () => {
      for (const dataset of DATASETS) {
        const res = await app.inject(`/datos/${dataset}.csv`);
        assert.equal(res.statusCode, 200, dataset);
        assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
        assert.equal(res.headers['content-disposition'], `attachment; filename="vigia-${dataset}.csv"`);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.ok(res.body.startsWith('\uFEFF'), 'UTF-8 with a BOM');
        assert.match(res.body, /\r\n$/);
        const rows = csvRows(res.body);
        assert.equal(rows.length - 1, SEED_ROWS[dataset], dataset);
        assert.ok(
          rows.every((r) => r.length === rows[0]!.length),
          `${dataset}: every row has every column`,
        );
      }
      const [header] = csvRows((await app.inject('/datos/compromisos.csv')).body);
      assert.deepEqual(header!.slice(0, 7), ['ID del plan', 'Plan', 'N° del tema', 'Tema', 'ID del compromiso', 'N°', 'Título']);
      assert.ok(header!.includes('Nivel de cumplimiento'));
    });

    test('?plan= gives one plan’s rows and names the file after it', async () => {
      const res = await app.inject(`/datos/compromisos.csv?plan=${planId}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-disposition'], `attachment; filename="vigia-compromisos-plan-${planId}.csv"`);
      assert.equal(csvRows(res.body).length - 1, 17);
      assert.equal(csvRows((await app.inject(`/datos/resumen.csv?plan=${planId}`)).body).length - 1, 10);
    });

    test('an unknown dataset, format or plan is a 404', async () => {
      for (const path of [
        '/datos/proyectos.csv',
        '/datos/compromisos.pdf',
        '/datos/compromisos.CSV',
        '/datos/__proto__.csv',
        '/datos/compromisos.csv?plan=999',
        '/datos/compromisos.csv?plan=abc',
        '/datos/compromisos.csv?plan=0',
        '/datos/compromisos.csv?plan=1&plan=2',
        '/en/datos/planes.txt',
      ]) {
        const res = await app.inject(path);
        assert.equal(res.statusCode, 404, path);
        assert.match(res.headers['content-type'] as string, /^text\/html/, path);
      }
      assert.match((await app.inject('/en/datos/planes.csv?plan=999')).body, /<html lang="en">/);
    });

    test('under /en the headers, the labels and the file name are in English', async () => {
      const res = await app.inject(`/en/datos/resumen.csv?plan=${planId}`);
      assert.equal(res.headers['content-disposition'], `attachment; filename="vigia-summary-plan-${planId}.csv"`);
      const rows = csvRows(res.body);
      assert.deepEqual(rows[0]!.slice(7, 15), [
        'Theme No.',
        'Theme',
        'Not started',
        'Limited',
        'Substantial',
        'Complete',
        'No level',
        'Total',
      ]);
      assert.equal(rows[10]![8], 'Total');
      assert.equal(rows[10]![4], 'End-of-term assessment');
      const commitments = csvRows((await app.inject('/en/datos/compromisos.csv')).body);
      const level = commitments[0]!.indexOf('Completion level');
      assert.equal(commitments.filter((r) => r[level] === 'Complete').length, 11);
    });

    test('the summary download is the summary table of each published round, with its percentages', async () => {
      const { rows } = (await app.inject('/datos/resumen.json')).json();
      assert.equal(rows.length, 10);
      const total = rows.filter((r: { theme_position: number | null }) => r.theme_position === null);
      assert.deepEqual(
        total.map((r: { round_kind: string }) => r.round_kind),
        ['midterm', 'end-of-term'],
      );
      const [midterm, final] = total;
      assert.equal(midterm.substantial, 7);
      assert.deepEqual([final.not_started, final.limited, final.substantial, final.complete, final.total], [3, 1, 2, 11, 17]);
      assert.deepEqual([final.pct_not_started, final.pct_limited, final.pct_substantial, final.pct_complete], [17.6, 5.9, 11.8, 64.7]);
      assert.deepEqual(
        rows.slice(5, 9).map((r: { theme_position: number }) => r.theme_position),
        [1, 2, 3, 4],
      );
      const [plan] = (await app.inject('/datos/planes.json')).json().rows;
      assert.equal(plan.complete_pct, 64.7);
      assert.equal(plan.substantial_or_complete_pct, 76.5);
      assert.equal(plan.commitment_count, 17);
      assert.equal(plan.government, 'Perú');
    });

    test('the commitments download has the ficha, the lead agency, the contact and the level at the latest published round', async () => {
      const { rows } = (await app.inject('/datos/compromisos.json')).json();
      const five = rows.find((r: { number: number }) => r.number === 5);
      assert.equal(five.lead_agency_acronym, 'OSCE');
      assert.equal(five.level, 'complete');
      assert.equal(five.level_label, 'Completo');
      assert.equal(five.round, 'Evaluación final');
      assert.equal(five.theme_position, 1);
      assert.match(five.problem, /SEACE/);
      const twelve = rows.find((r: { number: number }) => r.number === 12);
      assert.equal(twelve.contact_position, 'Presidenta del Consejo de Ministros');
      assert.equal(twelve.other_actors_civil_society, 'Grupo Propuesta Ciudadana, Ciudadanos al Día');
      assert.equal(twelve.level, 'not-started');
      assert.deepEqual(
        rows.map((r: { number: number }) => r.number),
        Array.from({ length: 17 }, (_, i) => i + 1),
      );
      const activities = (await app.inject('/datos/actividades.json')).json().rows;
      assert.equal(activities.filter((a: { commitment_number: number }) => a.commitment_number === 12).length, 4);
      assert.ok(activities.some((a: { evidence_urls: string | null }) => a.evidence_urls && /^https?:\/\//.test(a.evidence_urls)));
    });

    test('XLSX downloads open, with the header and one row per record', async () => {
      for (const dataset of DATASETS) {
        const res = await app.inject(`/datos/${dataset}.xlsx`);
        assert.equal(res.statusCode, 200, dataset);
        assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        assert.equal(res.headers['content-disposition'], `attachment; filename="vigia-${dataset}.xlsx"`);
        const sheet = await xlsxSheet(res.rawPayload);
        assert.equal(sheet.rowCount, SEED_ROWS[dataset] + 1, dataset);
        assert.equal(sheet.getRow(1).getCell(1).value, 'ID del plan');
        assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
        assert.equal(sheet.views[0]?.state, 'frozen');
      }
      const en = await xlsxSheet((await app.inject('/en/datos/compromisos.xlsx')).rawPayload);
      assert.equal(en.name, 'Commitments');
      assert.equal(en.getRow(1).getCell(1).value, 'Plan ID');
      assert.equal(en.getRow(2).getCell(1).value, planId, 'numbers are numbers');
    });

    test('JSON downloads are { dataset, title, generated, license, plan, lang, columns, rows }', async () => {
      const res = await app.inject(`/datos/evaluaciones.json?plan=${planId}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(res.headers['content-disposition'], `inline; filename="vigia-evaluaciones-plan-${planId}.json"`);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['dataset', 'title', 'generated', 'license', 'plan', 'lang', 'columns', 'rows']);
      assert.equal(body.dataset, 'assessments');
      assert.equal(body.license, DEFAULT_LICENSE);
      assert.equal(body.plan, planId);
      assert.match(body.generated, /^\d{4}-\d\d-\d\dT/);
      assert.equal(body.rows.length, 34);
      assert.deepEqual(
        Object.keys(body.rows[0]),
        body.columns.map((c: { key: string }) => c.key),
      );
      assert.deepEqual(body.columns[0], { key: 'plan_id', label: 'ID del plan' });
      const en = (await app.inject('/en/datos/evaluaciones.json')).json();
      assert.deepEqual(en.columns[0], { key: 'plan_id', label: 'Plan ID' });
      assert.deepEqual(Object.keys(en.rows[0]), Object.keys(body.rows[0]), 'keys do not depend on the language');
    });

    test("the DCAT catalogue is JSON-LD with a dataset per listing (three distributions each) and OGP's commitment dataset (one CSV), absolute download URLs that work, and the licence", async () => {
      const res = await app.inject({ url: '/datos/catalogo.jsonld', headers: { host: 'vigia.example.org' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8');
      const doc = res.json();
      assert.equal(doc['@type'], 'dcat:Catalog');
      assert.deepEqual(Object.keys(doc['@context']).sort(), ['dcat', 'dct', 'foaf', 'vcard', 'xsd']);
      const t = await triples(doc);
      const DCAT = 'http://www.w3.org/ns/dcat#';
      const DCT = 'http://purl.org/dc/terms/';
      const datasets = t
        .filter((x) => x.p === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && x.o === `${DCAT}Dataset`)
        .map((x) => x.s);
      assert.equal(datasets.length, 6);
      const downloads: string[] = [];
      for (const d of datasets) {
        assert.equal(t.filter((x) => x.s === d && x.p === `${DCT}title`).length, 2, 'a title in each language');
        assert.ok(
          t.some((x) => x.s === d && x.p === `${DCT}modified` && /^\d{4}-\d\d-\d\dT/.test(x.o)),
          'modified, from the data',
        );
        const distributions = t.filter((x) => x.s === d && x.p === `${DCAT}distribution`).map((x) => x.o);
        assert.equal(distributions.length, d.endsWith('#ogp') ? 1 : 3, d);
        for (const dist of distributions) {
          const url = t.find((x) => x.s === dist && x.p === `${DCAT}downloadURL`)!.o;
          assert.match(url, /^http:\/\/vigia\.example\.org\/datos\/[a-z]+\.(csv|xlsx|json)$/);
          assert.equal(t.find((x) => x.s === dist && x.p === `${DCT}license`)?.o, DEFAULT_LICENSE);
          downloads.push(url);
        }
      }
      for (const url of downloads) {
        const r = await app.inject(new URL(url).pathname);
        assert.equal(r.statusCode, 200, url);
      }
      const forged = await app.inject({ url: '/datos/catalogo.jsonld', headers: { host: 'evil.example"><script>' } });
      assert.match(forged.json()['@id'], /^http:\/\/localhost\/datos\/catalogo\.jsonld$/, 'a malformed Host header is not echoed');
    });

    test('DATA_LICENSE, PUBLIC_URL, DATA_PUBLISHER and DATA_CONTACT_EMAIL settings reach the catalogue and the downloads', async () => {
      const settings = {
        DATA_LICENSE: 'https://opendatacommons.org/licenses/odbl/1-0/',
        PUBLIC_URL: 'https://vigia.gob.example/',
        DATA_PUBLISHER: 'Secretaría de Gobierno Digital',
        DATA_CONTACT_EMAIL: 'datos@gob.example',
      };
      const saved = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
      Object.assign(process.env, settings);
      let custom: FastifyInstance | undefined;
      try {
        custom = await appWithOpenData(store);
        const doc = (await custom.inject('/datos/catalogo.jsonld')).json();
        assert.equal(doc['@id'], 'https://vigia.gob.example/datos/catalogo.jsonld');
        assert.equal(doc['dct:publisher']['foaf:name'], 'Secretaría de Gobierno Digital');
        const dist = doc['dcat:dataset'][0]['dcat:distribution'][0];
        assert.equal(dist['dct:license']['@id'], 'https://opendatacommons.org/licenses/odbl/1-0/');
        assert.match(dist['dcat:downloadURL']['@id'], /^https:\/\/vigia\.gob\.example\/datos\//);
        assert.equal(doc['dcat:dataset'][0]['dcat:contactPoint']['vcard:hasEmail']['@id'], 'mailto:datos@gob.example');
        assert.equal((await custom.inject('/datos/planes.json')).json().license, 'https://opendatacommons.org/licenses/odbl/1-0/');
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await custom?.close();
      }
    });

    test('data.json (DCAT-US 1.1), which DKAN harvests, lists the same datasets; /en gives it in English', async () => {
      const es = (await app.inject('/datos/data.json')).json();
      assert.equal(es.conformsTo, 'https://project-open-data.cio.gov/v1.1/schema');
      assert.equal(es.dataset.length, 6);
      assert.deepEqual(
        es.dataset[5].distribution.map((d: { format: string }) => d.format),
        ['CSV'],
      );
      assert.equal(es.dataset[1].title, 'Compromisos de los planes de acción');
      assert.equal(es.dataset[1].license, DEFAULT_LICENSE);
      assert.deepEqual(
        es.dataset[1].distribution.map((d: { format: string }) => d.format),
        ['CSV', 'XLSX', 'JSON'],
      );
      const en = (await app.inject('/en/datos/data.json')).json();
      assert.equal(en.dataset[1].title, 'Action plan commitments');
      assert.match(en.dataset[1].distribution[0].downloadURL, /\/en\/datos\/compromisos\.csv$/);
      assert.equal(en.dataset[1].identifier, es.dataset[1].identifier, 'one identifier per dataset, whatever the language');
    });

    test('the open-data routes are public reads', () => {
      const rules = app.routeRules.filter((r) => r.url.includes('/datos/') && r.method === 'GET');
      assert.deepEqual(rules.map((r) => r.url).sort(), [
        '/datos/:dataset.:format',
        '/datos/catalogo.jsonld',
        '/datos/data.json',
        '/datos/ogp.csv',
        '/en/datos/:dataset.:format',
        '/en/datos/catalogo.jsonld',
        '/en/datos/data.json',
        '/en/datos/ogp.csv',
      ]);
      assert.ok(rules.every((r) => r.permission === 'public:read'));
    });

    test('buildApp registers the open-data routes itself', async () => {
      const plain = await buildApp({ store });
      try {
        assert.ok(plain.hasRoute({ method: 'GET', url: '/datos/:dataset.:format' }));
        assert.ok(plain.hasRoute({ method: 'GET', url: '/en/datos/:dataset.:format' }));
        assert.equal((await plain.inject('/datos/compromisos.csv')).statusCode, 200);
        assert.equal((await plain.inject('/datos/catalogo.jsonld')).statusCode, 200);
      } finally {
        await plain.close();
      }
    });

    test('rows read a page at a time come out the same across page boundaries', async () => {
      for (const name of ['commitments', 'activities', 'assessments'] as const) {
        const whole = await collectRows(await openDataset(store, name, { lang: 'es' }));
        const paged = await collectRows(await openDataset(store, name, { lang: 'es', pageSize: 4 }));
        assert.deepEqual(paged, whole, name);
      }
    });

    // The tests below change the data: they come last.

    test('a comma, a quote and a line break round-trip through CSV; formula-like text is neutralised in CSV and XLSX but not in JSON', async () => {
      const tricky = 'Uno, "dos"\ny tres';
      const attack = '=HYPERLINK("http://evil.example","clic")';
      await store.db.updateTable('commitments').set({ title: tricky }).where('plan_id', '=', planId).where('number', '=', 1).execute();
      await store.db.updateTable('commitments').set({ title: attack }).where('plan_id', '=', planId).where('number', '=', 2).execute();
      await store.db.updateTable('commitments').set({ title: '+1' }).where('plan_id', '=', planId).where('number', '=', 3).execute();
      await store.db
        .updateTable('commitments')
        .set({ title: '@SUM(1+1)*cmd|"/C calc"!A0' })
        .where('plan_id', '=', planId)
        .where('number', '=', 4)
        .execute();

      const rows = csvRows((await app.inject('/datos/compromisos.csv')).body);
      const title = rows[0]!.indexOf('Título');
      assert.equal(rows.length - 1, 17);
      assert.deepEqual(
        rows.slice(1, 5).map((r) => r[title]),
        [tricky, `'${attack}`, "'+1", `'@SUM(1+1)*cmd|"/C calc"!A0`],
      );
      const activities = csvRows((await app.inject('/datos/actividades.csv')).body);
      const ctitle = activities[0]!.indexOf('Compromiso');
      assert.ok(
        activities.some((r) => r[ctitle] === `'${attack}`),
        'in every download that shows the text',
      );

      const sheet = await xlsxSheet((await app.inject('/datos/compromisos.xlsx')).rawPayload);
      const col = (sheet.getRow(1).values as unknown[]).indexOf('Título');
      const cells = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(col));
      assert.deepEqual(
        cells.map((c) => c.value),
        [tricky, `'${attack}`, "'+1", `'@SUM(1+1)*cmd|"/C calc"!A0`],
      );
      assert.ok(cells.every((c) => c.type === ExcelJS.ValueType.String && c.formula === undefined));

      const json = (await app.inject('/datos/compromisos.json')).json();
      assert.equal(json.rows[1].title, attack, 'JSON keeps the value as it is');
    });

    test('only published rounds are public: an unpublished round leaves every download', async () => {
      const rounds = await store.db.selectFrom('rounds').select(['id', 'kind']).where('plan_id', '=', planId).orderBy('position').execute();
      const final = rounds.find((r) => r.kind === 'end-of-term')!;
      await store.db.updateTable('rounds').set({ published: 0 }).where('id', '=', final.id).execute();
      try {
        assert.equal(csvRows((await app.inject('/datos/evaluaciones.csv')).body).length - 1, 17);
        assert.equal(csvRows((await app.inject('/datos/resumen.csv')).body).length - 1, 5);
        const commitments = (await app.inject('/datos/compromisos.json')).json().rows;
        assert.ok(commitments.every((c: { round: string }) => c.round === 'Evaluación intermedia'));
        const [plan] = (await app.inject('/datos/planes.json')).json().rows;
        assert.equal(plan.current_round, 'Evaluación intermedia');
        assert.equal(plan.complete_pct, 29.4);
        const csv = (await app.inject('/datos/evaluaciones.csv')).body;
        assert.doesNotMatch(csv, /Evaluación final/);
      } finally {
        await store.db.updateTable('rounds').set({ published: 1 }).where('id', '=', final.id).execute();
      }
    });
  });
});

describe('open-data settings', () => {
  test('defaults: CC BY 4.0, the request’s address, Vigía as publisher, no contact', () => {
    assert.deepEqual(openDataSettings({}), { license: DEFAULT_LICENSE, publicUrl: null, publisher: 'Vigía', contactEmail: null });
    assert.equal(DEFAULT_LICENSE, 'https://creativecommons.org/licenses/by/4.0/');
  });

  test('a licence or public URL that is not an http(s) URL stops the app with a clear error', () => {
    for (const env of [
      { DATA_LICENSE: 'CC BY 4.0' },
      { DATA_LICENSE: 'ftp://x/y' },
      { PUBLIC_URL: 'vigia.example' },
      { DATA_CONTACT_EMAIL: 'nadie' },
    ]) {
      assert.throws(
        () => openDataSettings(env),
        (e: unknown) => e instanceof AppError && e.code === 'invalid_input',
        JSON.stringify(env),
      );
    }
  });
});
