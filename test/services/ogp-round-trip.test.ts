import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importOgpCommand } from '../../src/cli/commands/import-ogp.js';
import type { Actor } from '../../src/domain/roles.js';
import { toCsv } from '../../src/export/csv.js';
import { readOgpCsv } from '../../src/import/ogp-csv/index.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { OGP_EXPORT_COLUMNS, ogpExportRows } from '../../src/services/ogp-export.js';
import { importOgpDataset } from '../../src/services/ogp-import.js';
import { saveCommitment } from '../../src/services/workspace/commitments.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { nowIso } from '../helpers/clock.js';
import { eachDatabase } from '../helpers/databases.js';
import { ogpBytes, ogpCsv } from '../helpers/ogp.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * `vigia export ogp` → `vigia import` (issue 19): into an empty database, the same plans, commitments,
 * agencies and reviews, field by field — the seed's plan (made from a report: no OGP identifier) and OGP's
 * A–M extract; a Spanish-speaking member's plan in Spanish; agencies found by name or acronym; "ND"/"NR"
 * kept and written back; serial and quarter dates read; a person's workspace edit never overwritten.
 */
const now = '2026-11-27T12:00:00.000Z';
const options = (bytes: Uint8Array, actor = 'cli:test') => ({ actor, fileName: 'ogp.csv', bytes, now });

async function exportCsv(store: Store, planId?: number): Promise<Buffer> {
  return Buffer.from(await toCsv(OGP_EXPORT_COLUMNS, await ogpExportRows(store, planId)));
}

async function importCsv(store: Store, bytes: Buffer, actor?: string) {
  const data = readOgpCsv(bytes);
  assert.deepEqual(data.errors, [], 'no row refused');
  return importOgpDataset(store, data, options(bytes, actor));
}

async function importSeed(store: Store): Promise<number> {
  const seed = seedBytes();
  return (await importReport(store, readTextReport(seed, 'seed.txt'), { now, actor: 'test', fileName: 'seed.txt', bytes: seed })).planId;
}

/** Everything the round trip must give back, without ids, timestamps or versions: rows keyed by what identifies them. */
async function snapshot(store: Store) {
  const db = store.db;
  const governments = await db.selectFrom('governments').select(['id', 'name', 'kind', 'country_code', 'lang']).orderBy('name').execute();
  const gov = new Map(governments.map((g) => [g.id, g.name]));
  const plans = await db.selectFrom('plans').selectAll().execute();
  const planKey = new Map(plans.map((p) => [p.id, `${gov.get(p.government_id)} ${p.period_start}–${p.period_end} #${p.ogp_number}`]));
  const themes = await db.selectFrom('themes').selectAll().execute();
  const themeKey = new Map(themes.map((t) => [t.id, t.title]));
  const commitments = await db.selectFrom('commitments').selectAll().execute();
  const commitmentKey = new Map(commitments.map((c) => [c.id, `${planKey.get(c.plan_id)} n${c.number}`]));
  const agencies = await db.selectFrom('agencies').selectAll().execute();
  const agencyKey = new Map(agencies.map((a) => [a.id, `${gov.get(a.government_id!)} ${a.name}`]));
  const leads = await db.selectFrom('commitment_agencies').selectAll().execute();
  const reviews = await db.selectFrom('irm_reviews').selectAll().execute();
  const sorted = <T>(rows: T[], key: (r: T) => string) =>
    rows.map((r) => [key(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const strip = <T extends object>(r: T, ...drop: string[]) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => !['id', 'created_at', 'updated_at', 'version', ...drop].includes(k)));
  return {
    governments: governments.map((g) => strip(g)),
    plans: sorted(plans, (p) => planKey.get(p.id)!).map(([k, p]) => [k, strip(p, 'government_id')]),
    themes: sorted(themes, (t) => `${planKey.get(t.plan_id)} ${t.position}`).map(([k, t]) => [k, t.title, t.lang]),
    commitments: sorted(commitments, (c) => commitmentKey.get(c.id)!).map(([k, c]) => [
      k,
      themeKey.get(c.theme_id),
      strip(c, 'plan_id', 'theme_id'),
    ]),
    agencies: sorted(agencies, (a) => agencyKey.get(a.id)!).map(([k, a]) => [k, a.acronym, a.lang]),
    leads: sorted(leads, (l) => `${commitmentKey.get(l.commitment_id)} ${l.valid_from}`).map(([k, l]) => [
      k,
      agencyKey.get(l.agency_id),
      strip(l, 'commitment_id', 'agency_id'),
    ]),
    reviews: sorted(reviews, (r) => `${commitmentKey.get(r.commitment_id)} ${r.report}`).map(([k, r]) => [k, strip(r, 'commitment_id')]),
  };
}

function assertSameData(a: Awaited<ReturnType<typeof snapshot>>, b: Awaited<ReturnType<typeof snapshot>>) {
  // Table by table and row by row, so that a difference names its row.
  for (const table of Object.keys(a) as (keyof typeof a)[]) {
    assert.equal(b[table].length, a[table].length, `${table}: as many rows`);
    a[table].forEach((row, i) => assert.deepEqual(b[table][i], row, `${table} row ${i}`));
  }
}

const peru = {
  'Country/Locality': 'Peru',
  'National Or Local': 'National',
  'Action Plan Number': '3',
  'Year Of Submission': '2017',
  'Action Plan End Year': '2019',
  Theme: 'NA',
};

describe('OGP round trip: vigia export ogp → vigia import', () => {
  eachDatabase((db) => {
    test("the seed's plan (made from a report, no OGP identifier) comes back the same into an empty database, field by field", async () => {
      const a = await db.open();
      const planId = await importSeed(a);
      const csv = await exportCsv(a, planId);
      const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
      assert.equal(rows.length, 17);
      assert.deepEqual([rows[0]!['Commitment Unique Identifier'], rows[0]!['Action Plan Number']], ['', '']);
      assert.equal(rows[0]!['Action Plan Title'], 'Plan de Acción de Gobierno Abierto 2015-2016');

      const b = await db.open();
      const result = await importCsv(b, csv);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.commitments, { created: 17, updated: 0, unchanged: 0 });
      const [sa, sb] = [await snapshot(a), await snapshot(b)];
      assertSameData(sa, sb);
      assert.deepEqual(
        sb.agencies.map(([name]) => name),
        sa.agencies.map(([name]) => name),
        'the same agencies, no "… - OSCE" copy',
      );
      assert.deepEqual(sb.plans[0]![1], sa.plans[0]![1]);
      assert.equal((sb.plans[0]![1] as { lang: string }).lang, 'es');

      // Its export read back into the first database (the plan with its rounds) changes nothing there.
      const back = await importCsv(a, await exportCsv(b));
      assert.equal(back.changes, 0);
      assert.deepEqual(back.kept, []);
    });

    test("OGP's A–M extract: import → export → import into a new database → the same data, and the same export", async () => {
      const a = await db.open();
      await importCsv(a, ogpBytes());
      const first = await exportCsv(a);
      const b = await db.open();
      const result = await importCsv(b, first);
      assert.deepEqual(result.errors, []);
      assert.equal(result.commitments.created, 322);
      assertSameData(await snapshot(a), await snapshot(b));
      assert.equal((await exportCsv(b)).toString('utf8'), first.toString('utf8'));
    });

    test("a Spanish-speaking member's plan is in Spanish; the plan's stage and approval as exported", async () => {
      const store = await db.open();
      const bytes = ogpCsv([
        { ...peru, 'Commitment Unique Identifier': 'PE9001', 'Commitment Number': '1', 'Commitment Title': 'Datos abiertos' },
        {
          'Country/Locality': 'Croatia',
          'National Or Local': 'National',
          'Action Plan Number': '1',
          'Year Of Submission': '2012',
          'Action Plan End Year': '2013',
          'Commitment Unique Identifier': 'HR9001',
          'Commitment Number': '1',
          'Commitment Title': 'Open data',
        },
      ]);
      await importCsv(store, bytes);
      const plans = await store.db
        .selectFrom('plans')
        .innerJoin('governments', 'governments.id', 'plans.government_id')
        .select(['governments.name', 'governments.lang as glang', 'plans.title', 'plans.lang', 'plans.status'])
        .orderBy('governments.name')
        .execute();
      assert.deepEqual(plans, [
        { name: 'Croatia', glang: 'en', title: 'Croatia: action plan 1 (2012–2013)', lang: 'en', status: 'completed' },
        { name: 'Peru', glang: 'es', title: 'Peru: plan de acción 3 (2017–2019)', lang: 'es', status: 'completed' },
      ]);
      const pe = await store.db
        .selectFrom('commitments')
        .innerJoin('themes', 'themes.id', 'commitments.theme_id')
        .select(['commitments.title', 'commitments.lang', 'themes.title as theme', 'themes.lang as tlang'])
        .where('ogp_id', '=', 'PE9001')
        .executeTakeFirstOrThrow();
      assert.deepEqual(pe, { title: 'Datos abiertos', lang: 'es', theme: 'Sin tema', tlang: 'es' });

      // Vigía's columns give the plan's own title, language, stage and approval.
      const fresh = await db.open();
      const vigia = ogpCsv([
        {
          ...peru,
          'Commitment Unique Identifier': 'PE9001',
          'Commitment Number': '1',
          'Commitment Title': 'Datos abiertos',
          'Action Plan Title': 'Tercer Plan de Acción de Gobierno Abierto 2017-2019',
          'Action Plan Language': 'es',
          'Action Plan Status': 'active',
          'Approval Instrument': 'Decreto Supremo N° 1-2017-PCM',
          'Approval Date': '2017-06-30',
        },
      ]);
      await importCsv(fresh, vigia);
      const plan = await fresh.db
        .selectFrom('plans')
        .select(['title', 'lang', 'status', 'approval_instrument', 'approval_date'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(plan, {
        title: 'Tercer Plan de Acción de Gobierno Abierto 2017-2019',
        lang: 'es',
        status: 'active',
        approval_instrument: 'Decreto Supremo N° 1-2017-PCM',
        approval_date: '2017-06-30',
      });
      const refused = readOgpCsv(
        ogpCsv([{ ...peru, 'Commitment Unique Identifier': 'PE1', 'Commitment Title': 'x', 'Action Plan Status': 'Concluido' }]),
      );
      assert.deepEqual(
        refused.errors.map((e) => [e.column, e.code, e.value]),
        [['Action Plan Status', 'invalid_value', 'concluido']],
      );
    });

    test('a lead institution is the agency already there by name or acronym (case, accents, "Name - ACRONYM", "Name (ACRONYM)"), not a second copy', async () => {
      const store = await db.open();
      await importSeed(store);
      const agencies = async () =>
        (await store.db.selectFrom('agencies').select(['id', 'name', 'acronym']).orderBy('id').execute()).map((a) => `${a.id} ${a.name}`);
      const before = await agencies();
      const leads = [
        'Organismo Supervisor de las Contrataciones del Estado - OSCE',
        'ORGANISMO SUPERVISOR DE LAS CONTRATACIONES DEL ESTADO (OSCE)',
        'OSCE',
        'Ministerio de Desarrollo e Inclusion Social',
        'MIDIS',
        'Presidencia del Consejo de Ministros, a través de la Secretaría de Gobierno Digital',
      ];
      const bytes = ogpCsv(
        leads.map((lead, i) => ({
          ...peru,
          'Commitment Unique Identifier': `PE90${i}`,
          'Commitment Number': String(i + 1),
          'Commitment Title': `Compromiso ${i + 1}`,
          'Lead Institution': lead,
        })),
      );
      await importCsv(store, bytes);
      assert.deepEqual(await agencies(), before, 'no agency added');
      const rows = await store.db
        .selectFrom('commitment_agencies')
        .innerJoin('commitments', 'commitments.id', 'commitment_agencies.commitment_id')
        .innerJoin('agencies', 'agencies.id', 'commitment_agencies.agency_id')
        .select(['commitments.ogp_id', 'agencies.name', 'commitment_agencies.detail'])
        .where('commitments.ogp_id', 'like', 'PE90%')
        .orderBy('commitments.ogp_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.name, r.detail]),
        [
          ['Organismo Supervisor de las Contrataciones del Estado', null],
          ['Organismo Supervisor de las Contrataciones del Estado', null],
          ['Organismo Supervisor de las Contrataciones del Estado', null],
          ['Ministerio de Desarrollo e Inclusión Social', null],
          ['Ministerio de Desarrollo e Inclusión Social', null],
          ['Presidencia del Consejo de Ministros', 'a través de la Secretaría de Gobierno Digital'],
        ],
      );
    });

    test('"ND" and "NR" are kept as not determined (no value) and written back, not 0; serial and quarter dates are read', async () => {
      const store = await db.open();
      const bytes = ogpCsv([
        {
          ...peru,
          'Commitment Unique Identifier': 'PE9001',
          'Commitment Number': '1',
          'Commitment Title': 'Datos abiertos',
          'Start Date': '43525',
          'End Date': 'IV trimestre 2021',
          'Digital Participation': 'ND',
          'Open Data': '1',
          Specificity: 'ND',
          'Potential Impact': 'NR',
          'OGP Value Access To Information': 'ND',
          'Completion (End Of Term)': 'NR',
        },
        {
          ...peru,
          'Commitment Unique Identifier': 'PE9002',
          'Commitment Number': '2',
          'Commitment Title': 'Contrataciones',
          'Start Date': 'I quarter of 2020',
          'End Date': 'Q4 2021',
        },
      ]);
      const result = await importCsv(store, bytes);
      assert.equal(result.commitments.created, 2);
      const stored = await store.db
        .selectFrom('commitments')
        .select(['ogp_id', 'planned_start', 'planned_end', 'policy_areas', 'ogp_not_determined'])
        .orderBy('ogp_id')
        .execute();
      assert.deepEqual(
        stored.map((c) => [c.ogp_id, c.planned_start, c.planned_end]),
        [
          ['PE9001', '2019-03-01', '2021-12-31'],
          ['PE9002', '2020-01-01', '2021-12-31'],
        ],
      );
      assert.deepEqual(JSON.parse(stored[0]!.policy_areas!), ['Open Data']);
      assert.deepEqual(JSON.parse(stored[0]!.ogp_not_determined!), {
        'Digital Participation': 'ND',
        Specificity: 'ND',
        'OGP Value Access To Information': 'ND',
        'Potential Impact': 'NR',
        'Completion (End Of Term)': 'NR',
      });
      const review = await store.db.selectFrom('irm_reviews').selectAll().where('report', '=', 'progress').executeTakeFirst();
      assert.equal(review, undefined, 'nothing determined: no review value stored');
      const [row] = parse(await exportCsv(store), { bom: true, columns: true }) as Record<string, string>[];
      assert.deepEqual(
        [
          row!['Digital Participation'],
          row!['Open Data'],
          row!['Youth'],
          row!.Specificity,
          row!['Potential Impact'],
          row!['OGP Value Access To Information'],
          row!['OGP Value Civic Participation'],
          row!['Completion (End Of Term)'],
          row!['Start Date'],
          row!['End Date'],
        ],
        ['ND', '1', '0', 'ND', 'NR', 'ND', '', 'NR', '2019-03-01', '2021-12-31'],
      );
    });

    test("a re-import never overwrites a person's workspace edit: it lists it (es/en: plan, commitment, field) and leaves it", async () => {
      const url = await db.freshUrl();
      const store = await openStore(url);
      try {
        const first = ogpCsv([
          {
            ...peru,
            'Commitment Unique Identifier': 'PE9001',
            'Commitment Number': '1',
            'Commitment Title': 'Datos abiertos',
            'Full Text': 'Texto',
          },
        ]);
        await importCsv(store, first);
        const c = await store.db.selectFrom('commitments').selectAll().where('ogp_id', '=', 'PE9001').executeTakeFirstOrThrow();
        const plan = await store.db.selectFrom('plans').selectAll().executeTakeFirstOrThrow();
        const coordinator: Actor = {
          userId: 7,
          email: 'c@example.org',
          name: 'Carla',
          role: 'coordinator',
          agencyId: null,
          governmentId: plan.government_id,
        };
        const saved = await saveCommitment(
          store,
          coordinator,
          c.id,
          {
            title: 'Datos abiertos para todos',
            // The plan runs: a change of its text is a modification, with its reason and date (decision 030).
            modificationReason: 'Título corregido',
            modificationDate: '2020-01-01',
            version: c.version,
          },
          nowIso(),
        );
        assert.ok(saved.ok, JSON.stringify(saved));
      } finally {
        await store.close();
      }
      const second = ogpCsv([
        {
          ...peru,
          'Commitment Unique Identifier': 'PE9001',
          'Commitment Number': '1',
          'Commitment Title': 'Datos abiertos (OGP)',
          'Full Text': 'Texto corregido',
        },
      ]);
      const out: Record<'es' | 'en', string[]> = { es: [], en: [] };
      const previous = process.env.DATABASE_URL;
      process.env.DATABASE_URL = url;
      try {
        for (const lang of ['es', 'en'] as const) {
          const status = await importOgpCommand(
            'ogp.csv',
            second,
            { progressStream: process.stderr },
            {
              out: (t) => out[lang].push(t),
              err: () => undefined,
              lang,
            },
          );
          assert.equal(status, 0);
        }
      } finally {
        process.env.DATABASE_URL = previous;
      }
      assert.ok(out.es.includes('1 campos editados en el espacio de trabajo no se sobrescribieron:'), out.es.join('\n'));
      assert.ok(
        out.es.some((l) =>
          /^ {2}- Fila 2, columna «Commitment Title»: plan «Peru: plan de acción 3 \(2017–2019\)», compromiso PE9001: «Commitment Title» lo editó user:7 en el espacio de trabajo el \d{4}-\d{2}-\d{2}; el archivo trae otro valor y se deja como lo dejó esa persona\.$/.test(
            l,
          ),
        ),
        out.es.join('\n'),
      );
      assert.ok(
        out.en.some((l) =>
          /Row 2, column "Commitment Title": plan "Peru: plan de acción 3 \(2017–2019\)", commitment PE9001: "Commitment Title" was edited by user:7 in the workspace/.test(
            l,
          ),
        ),
        out.en.join('\n'),
      );
      const check = await openStore(url);
      try {
        const c = await check.db.selectFrom('commitments').selectAll().where('ogp_id', '=', 'PE9001').executeTakeFirstOrThrow();
        assert.equal(c.title, 'Datos abiertos para todos', "the person's title stays");
        assert.equal(c.description, 'Texto corregido', 'what nobody edited is updated');
      } finally {
        await check.close();
      }
    });
  });
});
