import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { buildApp } from '../../src/http/app.js';
import { isPermission } from '../../src/http/permissions.js';
import { openStore } from '../../src/storage/connect.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { eachDatabase } from '../helpers/databases.js';

describe('the JSON API', () => {
  eachDatabase((db) => {
    let s: Seeded;
    before(async () => {
      s = await seededApp(db);
    });
    after(() => s.app.close());
    const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ url, headers });

    test('GET /api/v1/plans lists the plans, paginated', async () => {
      const res = await get('/api/v1/plans');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const body = res.json();
      assert.equal(body.plans.length, 1);
      assert.equal(body.plans[0].title, 'Plan de Acción de Gobierno Abierto 2015-2016');
      assert.equal(body.plans[0].government.name, 'Perú');
      assert.equal(body.plans[0].commitmentCount, 17);
      assert.deepEqual({ ...body.pagination, next: null }, { page: 1, perPage: 20, total: 1, pageCount: 1, next: null, prev: null });
    });

    test('GET /api/v1/plans/:id gives themes, commitments, levels and rounds', async () => {
      const { plan } = (await get(`/api/v1/plans/${s.planId}`)).json();
      assert.deepEqual(
        plan.themes.map((t: { title: string }) => t.title),
        [
          'Transparencia y acceso a la información pública',
          'Participación ciudadana',
          'Rendición de cuentas',
          'Mejora de los servicios públicos',
        ],
      );
      const all = plan.themes.flatMap((t: { commitments: unknown[] }) => t.commitments);
      assert.equal(all.length, 17);
      const five = all.find((c: { number: number }) => c.number === 5);
      assert.equal(five.level, 'complete');
      assert.equal(five.leadAgency.acronym, 'OSCE');
      assert.equal(plan.rounds.length, 2);
    });

    test('summary and comparison', async () => {
      const res = (await get(`/api/v1/plans/${s.planId}/summary`)).json();
      assert.deepEqual(res.total.counts, { 'not-started': 3, limited: 1, substantial: 2, complete: 11 });
      assert.deepEqual(res.percentages, { 'not-started': 17.6, limited: 5.9, substantial: 11.8, complete: 64.7 });
      const midterm = (await get(`/api/v1/plans/${s.planId}/summary?round=${s.roundIds[0]}`)).json();
      assert.equal(midterm.round.kind, 'midterm');
      assert.equal(midterm.total.counts.substantial, 7);
      assert.equal((await get(`/api/v1/plans/${s.planId}/summary?round=999`)).statusCode, 404);
      const cmp = (await get(`/api/v1/plans/${s.planId}/comparison`)).json();
      assert.deepEqual(cmp.comparison.counts, { up: 7, down: 0, same: 10, unknown: 0 });
    });

    test('GET /api/v1/commitments filters like search and paginates', async () => {
      const all = (await get('/api/v1/commitments')).json();
      assert.equal(all.pagination.total, 17);
      assert.equal(all.commitments.length, 17);
      const complete = (await get(`/api/v1/commitments?plan=${s.planId}&level=complete&perPage=5`)).json();
      assert.equal(complete.pagination.total, 11);
      assert.equal(complete.commitments.length, 5);
      assert.ok(complete.commitments.every((c: { level: string; kind: string }) => c.level === 'complete' && c.kind === 'commitment'));
      assert.match(complete.pagination.next, /page=2/);
      const page3 = (await get(`/api/v1/commitments?plan=${s.planId}&level=complete&perPage=5&page=3`)).json();
      assert.equal(page3.commitments.length, 1);
      assert.equal(page3.pagination.next, null);
      const byTheme = (await get(`/api/v1/commitments?theme=${s.themeIds[1]}&level=not-started`)).json();
      assert.deepEqual(
        byTheme.commitments.map((c: { commitmentNumber: number }) => c.commitmentNumber),
        [7],
      );
      const words = (await get('/api/v1/commitments?q=participacion')).json();
      const numbers = words.commitments.map((c: { commitmentNumber: number }) => c.commitmentNumber);
      for (const n of [7, 9, 10]) assert.ok(numbers.includes(n), `commitment ${n}`);
      // Those with the word in their title come first.
      assert.deepEqual(
        numbers.slice(0, 3).sort((a: number, b: number) => a - b),
        [7, 9, 10],
      );
    });

    test('GET /api/v1/activities and /api/v1/search', async () => {
      const acts = (await get(`/api/v1/activities?plan=${s.planId}&perPage=100`)).json();
      assert.equal(acts.pagination.total, 61);
      assert.ok(acts.activities.every((a: { kind: string }) => a.kind === 'activity'));
      const hack = (await get('/api/v1/search?q=hackathon')).json();
      assert.ok(
        hack.results.some(
          (r: { kind: string; commitmentNumber: number; activityNumber: number }) =>
            r.kind === 'activity' && r.commitmentNumber === 15 && r.activityNumber === 3,
        ),
      );
      const empty = (await get('/api/v1/search?q=')).json();
      assert.equal(empty.problem, 'empty');
    });

    test('GET /api/v1/commitments/:id, themes, agencies', async () => {
      const { commitment } = (await get(`/api/v1/commitments/${s.commitment(12)}`)).json();
      assert.equal(commitment.title, 'Mejorar la calidad de las audiencias de rendición de cuentas');
      assert.equal(commitment.contact.position, 'Presidenta del Consejo de Ministros');
      assert.equal(commitment.activities.length, 4);
      assert.deepEqual(
        commitment.assessments.map((a: { level: string }) => a.level),
        ['not-started', 'not-started'],
      );
      const { theme } = (await get(`/api/v1/themes/${s.themeIds[0]}`)).json();
      assert.equal(theme.commitments.length, 6);
      const { agencies } = (await get('/api/v1/agencies')).json();
      const pcm = agencies.find((a: { name: string }) => a.name === 'Presidencia del Consejo de Ministros');
      // 1, 2, 3, 7, 12, 14, 15, 16, 17.
      assert.equal(pcm.commitmentCount, 9);
      const agency = (await get(`/api/v1/agencies/${pcm.id}`)).json();
      assert.deepEqual(
        agency.commitments.map((c: { number: number }) => c.number),
        [1, 2, 3, 7, 12, 14, 15, 16, 17],
      );
    });

    test('unknown ids and bad filters: a JSON error in the asker’s language', async () => {
      for (const path of [
        '/api/v1/plans/999',
        '/api/v1/plans/abc',
        '/api/v1/plans/0',
        '/api/v1/commitments/99999',
        '/api/v1/themes/999',
        '/api/v1/agencies/999',
        '/api/v1/nothing',
      ]) {
        const res = await get(path);
        assert.equal(res.statusCode, 404, path);
        assert.equal(res.json().error.code, 'not_found', path);
      }
      assert.equal((await get('/api/v1/plans/999')).json().error.message, 'No existe el plan con el identificador 999.');
      assert.equal(
        (await get('/api/v1/plans/999', { 'accept-language': 'en-GB,en;q=0.9' })).json().error.message,
        'There is no plan with id 999.',
      );
      for (const path of [
        '/api/v1/commitments?level=bogus',
        '/api/v1/commitments?plan=abc',
        '/api/v1/plans?page=0',
        '/api/v1/search?q=x&perPage=1000',
      ]) {
        const res = await get(path);
        assert.equal(res.statusCode, 400, path);
        assert.equal(res.json().error.code, 'invalid_input', path);
      }
      const bad = await s.app.inject({ url: '/api/v1/plans/%E0%A4%A' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'invalid_input');
    });

    test('a round that is not published stays out of every public answer', async () => {
      await s.store.db.updateTable('rounds').set({ published: 0 }).where('id', '=', s.roundIds[1]!).execute();
      s.app.pageCache.clear();
      try {
        assert.equal((await get(`/api/v1/plans/${s.planId}/summary?round=${s.roundIds[1]}`)).statusCode, 404);
        assert.equal((await get(`/api/v1/plans/${s.planId}/comparison?from=${s.roundIds[0]}&to=${s.roundIds[1]}`)).statusCode, 404);
        const { plan } = (await get(`/api/v1/plans/${s.planId}`)).json();
        assert.deepEqual(
          plan.rounds.map((r: { id: number }) => r.id),
          [s.roundIds[0]],
        );
        const summary = (await get(`/api/v1/plans/${s.planId}/summary`)).json();
        assert.equal(summary.round.id, s.roundIds[0]);
        const { commitment } = (await get(`/api/v1/commitments/${s.commitment(2)}`)).json();
        assert.deepEqual(
          commitment.assessments.map((a: { level: string }) => a.level),
          ['substantial'],
        );
        const page = await s.app.inject(`/compromisos/${s.commitment(2)}`);
        assert.doesNotMatch(page.body, /Evaluación final/);
      } finally {
        await s.store.db.updateTable('rounds').set({ published: 1 }).where('id', '=', s.roundIds[1]!).execute();
        s.app.pageCache.clear();
      }
    });

    test('answers depend on the language asked for, and say so', async () => {
      const es = await get(`/api/v1/plans/${s.planId}/summary`);
      const en = await get(`/api/v1/plans/${s.planId}/summary`, { 'accept-language': 'en' });
      assert.equal(es.headers.vary, 'Accept-Language');
      assert.notEqual(es.headers.etag, en.headers.etag);
      assert.equal(en.json().columns[0].label, 'Not started');
    });

    test('answers carry an ETag, and a 304 when nothing changed', async () => {
      const first = await get(`/api/v1/plans/${s.planId}`);
      const etag = first.headers.etag as string;
      assert.match(etag, /^"[\w-]+"$/);
      const again = await get(`/api/v1/plans/${s.planId}`, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
    });

    test('the OpenAPI document is valid and lists every operation; /api/docs reads it', async () => {
      const doc = (await get('/api/openapi.json')).json();
      await SwaggerParser.validate(structuredClone(doc));
      assert.deepEqual(Object.keys(doc.paths).sort(), [
        '/api/v1/activities',
        '/api/v1/agencies',
        '/api/v1/agencies/{id}',
        '/api/v1/commitments',
        '/api/v1/commitments/{id}',
        '/api/v1/consultation-comments/{id}',
        '/api/v1/consultations/{id}',
        '/api/v1/consultations/{id}/comments',
        '/api/v1/consultations/{id}/synthesis',
        '/api/v1/plans',
        '/api/v1/plans/{id}',
        '/api/v1/plans/{id}/alert-calendar',
        '/api/v1/plans/{id}/alerts',
        '/api/v1/plans/{id}/cocreation',
        '/api/v1/plans/{id}/comparison',
        '/api/v1/plans/{id}/consultations',
        '/api/v1/plans/{id}/forum',
        '/api/v1/plans/{id}/summary',
        '/api/v1/proposals/{id}',
        '/api/v1/search',
        '/api/v1/themes/{id}',
        '/api/v1/workspace/activities/{id}',
        '/api/v1/workspace/activities/{id}/move',
        '/api/v1/workspace/admin/accounts',
        '/api/v1/workspace/admin/accounts/{id}/disable',
        '/api/v1/workspace/admin/accounts/{id}/password-link',
        '/api/v1/workspace/admin/agencies',
        '/api/v1/workspace/admin/agencies/{id}',
        '/api/v1/workspace/admin/governments',
        '/api/v1/workspace/admin/governments/{id}',
        '/api/v1/workspace/admin/governments/{id}/holidays',
        '/api/v1/workspace/admin/governments/{id}/holidays/{hid}',
        '/api/v1/workspace/agency-merges',
        '/api/v1/workspace/alerts/{id}/answer',
        '/api/v1/workspace/candidates/{id}',
        '/api/v1/workspace/candidates/{id}/scores',
        '/api/v1/workspace/co-leads/{id}/end',
        '/api/v1/workspace/commitments/{id}',
        '/api/v1/workspace/commitments/{id}/acknowledgements',
        '/api/v1/workspace/commitments/{id}/activities',
        '/api/v1/workspace/commitments/{id}/alerts',
        '/api/v1/workspace/commitments/{id}/co-leads',
        '/api/v1/workspace/commitments/{id}/contact',
        '/api/v1/workspace/commitments/{id}/contacts',
        '/api/v1/workspace/commitments/{id}/continuation',
        '/api/v1/workspace/commitments/{id}/evidence',
        '/api/v1/workspace/commitments/{id}/indicators',
        '/api/v1/workspace/commitments/{id}/lead-agency',
        '/api/v1/workspace/commitments/{id}/reviews',
        '/api/v1/workspace/commitments/{id}/reviews/{report}',
        '/api/v1/workspace/commitments/{id}/sources',
        '/api/v1/workspace/consultation-comments/{id}/answer',
        '/api/v1/workspace/consultation-comments/{id}/hide',
        '/api/v1/workspace/consultations/{id}/close',
        '/api/v1/workspace/consultations/{id}/comments',
        '/api/v1/workspace/contacts/{id}/end',
        '/api/v1/workspace/evidence/{id}',
        '/api/v1/workspace/forum-meetings/{id}',
        '/api/v1/workspace/forum-members/{id}',
        '/api/v1/workspace/imports',
        '/api/v1/workspace/imports/confirm',
        '/api/v1/workspace/indicators/{id}',
        '/api/v1/workspace/indicators/{id}/measurements',
        '/api/v1/workspace/measurements/{id}',
        '/api/v1/workspace/plans',
        '/api/v1/workspace/plans/{id}',
        '/api/v1/workspace/plans/{id}/alert-settings',
        '/api/v1/workspace/plans/{id}/cocreation',
        '/api/v1/workspace/plans/{id}/cocreation/approval',
        '/api/v1/workspace/plans/{id}/cocreation/call',
        '/api/v1/workspace/plans/{id}/cocreation/candidates',
        '/api/v1/workspace/plans/{id}/cocreation/prioritised',
        '/api/v1/workspace/plans/{id}/cocreation/proposals',
        '/api/v1/workspace/plans/{id}/cocreation/workshops',
        '/api/v1/workspace/plans/{id}/commitments',
        '/api/v1/workspace/plans/{id}/consultations',
        '/api/v1/workspace/plans/{id}/forum',
        '/api/v1/workspace/plans/{id}/forum/meetings',
        '/api/v1/workspace/plans/{id}/forum/members',
        '/api/v1/workspace/plans/{id}/holidays',
        '/api/v1/workspace/plans/{id}/holidays/{hid}',
        '/api/v1/workspace/plans/{id}/monitoring',
        '/api/v1/workspace/plans/{id}/monitoring-settings',
        '/api/v1/workspace/plans/{id}/recommendations',
        '/api/v1/workspace/plans/{id}/report-sections',
        '/api/v1/workspace/plans/{id}/report-sections/{key}',
        '/api/v1/workspace/plans/{id}/rounds',
        '/api/v1/workspace/plans/{id}/stage',
        '/api/v1/workspace/plans/{id}/stage-correction',
        '/api/v1/workspace/plans/{id}/themes',
        '/api/v1/workspace/proposals/{id}',
        '/api/v1/workspace/proposals/{id}/status',
        '/api/v1/workspace/recommendations/{id}',
        '/api/v1/workspace/rounds/{id}',
        '/api/v1/workspace/rounds/{id}/assessments/{cid}',
        '/api/v1/workspace/rounds/{id}/assessments/{cid}/corrections',
        '/api/v1/workspace/rounds/{id}/assessments/{cid}/decision',
        '/api/v1/workspace/rounds/{id}/publish',
        '/api/v1/workspace/session',
        '/api/v1/workspace/sources/{id}',
        '/api/v1/workspace/themes/{id}',
        '/api/v1/workspace/themes/{id}/move',
        '/api/v1/workspace/workshops/{id}',
      ]);
      const docs = await get('/api/docs');
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /<code>GET \/api\/v1\/commitments<\/code>/);
      assert.match(docs.body, /Los compromisos, con los filtros del buscador\./);
      assert.match((await get('/en/api/docs')).body, /The commitments, with the search filters\./);
      // The workspace's operations, described in the reader's language, without example links (they change data).
      assert.match(docs.body, /<code>PUT \/api\/v1\/workspace\/commitments\/\{id\}<\/code>/);
      assert.match(docs.body, /Envíe la versión que leyó/);
      assert.match((await get('/en/api/docs')).body, /Send the version you read/);
      assert.doesNotMatch(docs.body, /href="\/api\/v1\/workspace/);
      // Participation's public operations, described in the reader's language too.
      assert.match(docs.body, /<code>GET \/api\/v1\/plans\/\{id\}\/forum<\/code>/);
      assert.match(docs.body, /El foro multiactor de un plan/);
      assert.match((await get('/en/api/docs')).body, /multistakeholder forum: its member organisations/);
    });
  });
});

describe('every route has a permission rule', () => {
  test('a route declared without one stops the app from being built', async () => {
    const store = await openStore('sqlite::memory:');
    const app = await buildApp({ store });
    assert.throws(() => app.get('/sin-regla', async () => 'x'), /has no permission rule/);
    await app.close();
    await store.close();
  });

  test('the built app’s routes, each with its rule', async (t) => {
    const store = await openStore('sqlite::memory:');
    const app = await buildApp({ store });
    t.after(async () => {
      await app.close();
      await store.close();
    });
    const rules = app.routeRules.filter((r) => r.method === 'GET');
    assert.ok(rules.length > 40);
    assert.ok(app.routeRules.every((r) => isPermission(r.permission)));
    // The public site and API only read.
    for (const r of app.routeRules.filter((x) => x.url.startsWith('/api/v1/') || x.url.startsWith('/datos'))) {
      assert.ok(['GET', 'HEAD'].includes(r.method) || r.permission !== 'public:read', `${r.method} ${r.url}`);
    }
    for (const path of [
      '/',
      '/en',
      '/planes/:id',
      '/en/compromisos/:id',
      '/buscar',
      '/datos',
      '/datos/:dataset.:format',
      '/api/v1/plans',
      '/api/openapi.json',
      '/planes/:id/cambios.atom',
    ]) {
      assert.ok(
        rules.some((r) => r.url === path),
        path,
      );
    }
  });
});
