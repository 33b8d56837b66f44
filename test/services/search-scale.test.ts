import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { renderPage } from '../../src/http/views/layout.js';
import { SearchPage } from '../../src/http/views/search.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { FILTER_OPTIONS_MAX, listFilterOptions } from '../../src/services/plans.js';
import { search, SEARCH_CAP, type SearchHit } from '../../src/services/search.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * Search at OGP scale (issue 8): a search with words counts and ranks at most a cap of matches and says
 * "more than N" above it; the filters offer a government first when there are too many plans or agencies.
 * The cap and the option limit are lowered here so the seed report (twice) goes past them.
 */
const NOW = '2026-11-27T12:00:00.000Z';
const key = (h: SearchHit) => `${h.plan.id}:${h.kind}:${h.id}`;

describe('search at scale: capped count, bounded filter options', () => {
  eachDatabase((db) => {
    let store: Store;
    let planId: number;
    let otherPlanId: number;
    let otherGovernmentId: number;
    before(async () => {
      store = await db.open();
      const bytes = seedBytes();
      planId = (await importReport(store, readTextReport(bytes, 'a.txt'), { actor: 'test', fileName: 'a.txt', bytes, now: NOW })).planId;
      otherPlanId = (
        await importReport(store, readTextReport(bytes, 'b.txt'), {
          actor: 'test',
          fileName: 'b.txt',
          bytes,
          now: NOW,
          government: 'Municipalidad de Prueba',
        })
      ).planId;
      otherGovernmentId = (
        await store.db.selectFrom('plans').select('government_id').where('id', '=', otherPlanId).executeTakeFirstOrThrow()
      ).government_id;
    });

    test('under the cap, the count and the order are exact: the same as with the default cap', async () => {
      const exact = await search(store, { q: 'participacion', perPage: 100 });
      assert.equal(exact.more, false);
      assert.equal(exact.total, 30, '15 documents in each of the two plans');
      assert.ok(exact.total < SEARCH_CAP);
      const atTotal = await search(store, { q: 'participacion', perPage: 100, cap: exact.total });
      assert.equal(atTotal.more, false);
      assert.deepEqual(atTotal.results.map(key), exact.results.map(key));
      // Ranked: best (lowest) first, as the database ranks.
      const paged = [
        ...(await search(store, { q: 'participacion', perPage: 7, page: 1 })).results,
        ...(await search(store, { q: 'participacion', perPage: 7, page: 2 })).results,
      ];
      assert.deepEqual(paged.map(key), exact.results.slice(0, 14).map(key));
    });

    test('over the cap: total is the cap, more is true, pages stop at the cap, every hit is a real match', async () => {
      const exact = await search(store, { q: 'participacion', perPage: 100 });
      const capped = await search(store, { q: 'participacion', perPage: 4, cap: 10 });
      assert.equal(capped.total, 10);
      assert.equal(capped.more, true);
      assert.equal(capped.pageCount, 3);
      const pages = [1, 2, 3].map((page) => search(store, { q: 'participacion', perPage: 4, page, cap: 10 }));
      const hits = (await Promise.all(pages)).flatMap((r) => r.results);
      assert.equal(hits.length, 10);
      assert.equal(new Set(hits.map(key)).size, 10, 'no hit twice across pages');
      const all = new Set(exact.results.map(key));
      for (const h of hits) assert.ok(all.has(key(h)), `${key(h)} matches`);
      assert.deepEqual((await search(store, { q: 'participacion', perPage: 4, page: 4, cap: 10 })).results, []);
      // A listing without words is not capped: the API pages through every commitment.
      const listed = await search(store, { plan: planId, kind: 'commitment', listAll: true, cap: 5 });
      assert.equal(listed.total, 17);
      assert.equal(listed.more, false);
    });

    test('the government filter: only its plans', async () => {
      const r = await search(store, { q: 'participacion', government: otherGovernmentId, perPage: 100 });
      assert.equal(r.total, 15);
      assert.ok(r.results.every((h) => h.plan.id === otherPlanId));
      assert.deepEqual(r.filters.government, otherGovernmentId);
      await assert.rejects(
        search(store, { q: 'x', government: 'abc' }),
        (e: { params?: { field?: string } }) => e.params?.field === 'government',
      );
    });

    test('filter options: every plan and agency up to the limit (the real data), a government first past it', async () => {
      const none = { plan: null, theme: null, round: null };
      const few = await listFilterOptions(store, none);
      assert.ok(FILTER_OPTIONS_MAX >= 2);
      assert.deepEqual(few.governments, []);
      assert.deepEqual(few.plans.map((p) => p.id).sort(), [planId, otherPlanId].sort());
      assert.ok(few.agencies.length > 1);

      const many = await listFilterOptions(store, none, 1);
      assert.equal(many.governments.length, 2);
      assert.deepEqual(many.plans, [], 'no government chosen: no plans listed');
      assert.deepEqual(many.agencies, [], 'nor agencies');

      const ofGovernment = await listFilterOptions(store, { ...none, government: otherGovernmentId }, 1);
      assert.deepEqual(
        ofGovernment.plans.map((p) => p.id),
        [otherPlanId],
      );
      const leadsOther = await store.db
        .selectFrom('commitment_agencies as ca')
        .innerJoin('commitments as c', 'c.id', 'ca.commitment_id')
        .select('ca.agency_id')
        .distinct()
        .where('c.plan_id', '=', otherPlanId)
        .where('ca.valid_to', 'is', null)
        .execute();
      assert.deepEqual(
        ofGovernment.agencies.map((a) => a.id).sort((a, b) => a - b),
        leadsOther.map((r) => r.agency_id).sort((a, b) => a - b),
      );

      // A plan in the URL brings its government's plans and its own agencies and themes.
      const ofPlan = await listFilterOptions(store, { ...none, plan: planId }, 1);
      assert.deepEqual(
        ofPlan.plans.map((p) => p.id),
        [planId],
      );
      assert.ok(ofPlan.themes.length > 0 && ofPlan.agencies.length > 0);
      assert.ok(
        ofPlan.agencies.every((a) => !leadsOther.some((r) => r.agency_id === a.id)),
        'each import has its own agencies',
      );

      // An agency in the URL is always offered.
      const agency = leadsOther[0]!.agency_id;
      const chosen = await listFilterOptions(store, { ...none, agency }, 1);
      assert.deepEqual(
        chosen.agencies.map((a) => a.id),
        [agency],
      );
    });

    test('the API and the page say the same: total, more', async () => {
      const app = await buildApp({ store, cacheCheckEveryMs: 0 });
      try {
        const api = (await app.inject({ url: '/api/v1/search?q=participacion' })).json();
        assert.equal(api.pagination.total, 30);
        assert.equal(api.pagination.more, false);
        const page = parse((await app.inject({ url: '/buscar?q=participacion' })).body);
        assert.equal(page.querySelector('#results-title')!.text, '30 resultados');
        assert.ok(page.querySelector('#f-plan') && !page.querySelector('#f-government'), 'two plans: listed, no government first');
        const other = (await app.inject({ url: `/api/v1/search?q=participacion&government=${otherGovernmentId}` })).json();
        assert.equal(other.pagination.total, 15);
        const otherPage = parse((await app.inject({ url: `/buscar?q=participacion&gobierno=${otherGovernmentId}` })).body);
        assert.equal(otherPage.querySelector('#results-title')!.text, '15 resultados');
      } finally {
        await app.close();
      }
    });

    test('the page past the cap and past the option limit, in Spanish and English', async () => {
      const result = await search(store, { q: 'participacion', cap: 10 });
      const options = await listFilterOptions(store, { plan: null, theme: null, round: null }, 1);
      for (const [lang, title, government] of [
        ['es', 'Más de 10 resultados', 'Gobierno'],
        ['en', 'More than 10 results', 'Government'],
      ] as const) {
        const ctx = { lang, path: '/buscar', baseUrl: 'http://localhost' };
        const html = parse(renderPage(SearchPage({ ctx, result, options, values: { q: 'participacion' }, error: null })));
        assert.equal(html.querySelector('#results-title')!.text, title);
        assert.match(html.querySelector('.results .notice')!.text, /10/);
        assert.equal(html.querySelector('label[for="f-government"]')!.text, government);
        assert.equal(html.querySelectorAll('#f-government option').length, 3, '"all" and the two governments');
        assert.equal(html.querySelector('#f-plan'), null, 'plans come after a government');
        assert.equal(html.querySelector('#f-agency'), null);
        assert.equal(html.querySelectorAll('.hits li').length, 10);
      }
    });
  });
});
