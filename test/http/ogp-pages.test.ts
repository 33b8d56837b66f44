import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'node-html-parser';
import { seededOgpApp, type Seeded } from '../helpers/app.js';
import { eachDatabase } from '../helpers/databases.js';
import { countBy, ogpRecords } from '../helpers/ogp.js';

/**
 * The public site once OGP's extract is imported beside the seed: 48 governments, 134 plans, most with no
 * self-assessment round. Every page is walked on SQLite; on PostgreSQL, which gives the same rows in its
 * own types, each member's first plan and each plan's first commitment and theme (decision 038's reasoning).
 */
describe("the public site with OGP's 47 members", () => {
  eachDatabase((db) => {
    let s: Seeded;
    let plans: { id: number; title: string; member: string; ogp: number | null }[];
    const records = ogpRecords();
    const walked = <T>(rows: T[], group: (row: T) => unknown): T[] =>
      db.kind === 'sqlite' ? rows : rows.filter((r, i) => rows.findIndex((o) => group(o) === group(r)) === i);
    before(async () => {
      s = await seededOgpApp(db);
      plans = (
        await s.store.db
          .selectFrom('plans')
          .innerJoin('governments', 'governments.id', 'plans.government_id')
          .select(['plans.id', 'plans.title', 'plans.ogp_number', 'governments.name'])
          .orderBy('plans.id')
          .execute()
      ).map((p) => ({ id: p.id, title: p.title, member: p.name, ogp: p.ogp_number }));
    });
    after(() => s.app.close());

    test("home: every member's section with its plans, each plan's commitment count as the CSV has it", async () => {
      for (const url of ['/', '/en']) {
        const res = await s.app.inject(url);
        assert.equal(res.statusCode, 200);
        const html = parse(res.body);
        const sections = html.querySelectorAll('section.government');
        assert.equal(sections.length, 48, '47 members and Peru');
        const perPlan = countBy(records, (r) => `${r['Country/Locality']} ${r['Action Plan Number']}`);
        for (const p of plans.filter((x) => x.ogp !== null)) {
          const card = html.querySelector(`a[href="${url === '/' ? '' : '/en'}/planes/${p.id}"]`)?.closest('.card');
          assert.ok(card, p.title);
          const count = card.querySelectorAll('.facts > div').find((d) => /Compromisos|Commitments/.test(d.querySelector('dt')!.text))!;
          assert.equal(Number(count.querySelector('dd')!.text), perPlan.get(`${p.member} ${p.ogp}`), p.title);
        }
      }
    });

    test("every member's plan page answers 200 in Spanish and English, and says there is no published assessment yet", async () => {
      assert.equal(plans.length, 134);
      for (const p of walked(plans, (x) => x.member)) {
        for (const [prefix, none] of [
          ['', 'Aún no hay evaluaciones publicadas.'],
          ['/en', 'No assessment has been published yet.'],
        ] as const) {
          const res = await s.app.inject(`${prefix}/planes/${p.id}`);
          assert.equal(res.statusCode, 200, `${prefix}/planes/${p.id}`);
          const html = parse(res.body);
          assert.equal(html.querySelector('h1')!.text, p.title);
          if (p.ogp !== null) assert.ok(res.body.includes(none), `${p.title}: ${prefix}`);
        }
      }
    });

    test('every imported commitment and theme page answers 200; commitments OGP gives no theme are under "No theme"', async () => {
      const commitments = await s.store.db
        .selectFrom('commitments')
        .select(['id', 'plan_id'])
        .where('ogp_id', 'is not', null)
        .orderBy('id')
        .execute();
      for (const c of walked(commitments, (x) => x.plan_id))
        assert.equal((await s.app.inject(`/compromisos/${c.id}`)).statusCode, 200, `/compromisos/${c.id}`);
      const themes = await s.store.db
        .selectFrom('themes')
        .innerJoin('plans', 'plans.id', 'themes.plan_id')
        .select(['themes.id', 'themes.title', 'themes.plan_id'])
        .where('plans.ogp_number', 'is not', null)
        .orderBy('themes.id')
        .execute();
      for (const t of walked(themes, (x) => x.plan_id))
        assert.equal((await s.app.inject(`/en/temas/${t.id}`)).statusCode, 200, `/en/temas/${t.id}`);
      const noTheme = themes.filter((t) => t.title === 'No theme');
      assert.ok(noTheme.length > 0);
      const res = await s.app.inject(`/temas/${noTheme[0]!.id}`);
      assert.equal(parse(res.body).querySelector('h1')!.text, 'No theme');
    });

    test("/datos/ogp.csv: every commitment in OGP's columns; ?plan= one plan; the open-data page links it", async () => {
      const all = await s.app.inject('/datos/ogp.csv');
      assert.equal(all.statusCode, 200);
      assert.match(all.headers['content-type'] as string, /^text\/csv/);
      assert.match(all.headers['content-disposition'] as string, /filename="vigia-ogp-commitments\.csv"/);
      const rows = parseCsv(all.body, { bom: true, columns: true }) as Record<string, string>[];
      assert.equal(rows.length, 322 + 17);
      const seed = parseCsv((await s.app.inject(`/en/datos/ogp.csv?plan=${s.planId}`)).body, { bom: true, columns: true }) as Record<
        string,
        string
      >[];
      assert.equal(seed.length, 17);
      assert.ok(seed.every((r) => r['Commitment Unique Identifier'] === '' && r['Country/Locality'] === 'Perú'));
      assert.equal((await s.app.inject('/datos/ogp.csv?plan=999999')).statusCode, 404);
      assert.equal((await s.app.inject('/datos/ogp.csv?plan=abc')).statusCode, 404);
      for (const url of ['/datos', '/en/datos']) {
        const page = parse((await s.app.inject(url)).body);
        assert.ok(page.querySelector(`a[href="${url}/ogp.csv"]`), url);
      }
    });
  });
});
