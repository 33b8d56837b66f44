import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes } from '../helpers/seed.js';

describe('the JSON API and the home page', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let planId: number;
    before(async () => {
      store = await db.open();
      const bytes = seedBytes();
      planId = (await importReport(store, readTextReport(bytes, 'seed.txt'), { actor: 'test', fileName: 'seed.txt', bytes })).planId;
      app = await buildApp({ store });
    });
    after(() => app.close());

    test('GET /api/v1/plans lists the plan with its headline figures', async () => {
      const res = await app.inject('/api/v1/plans');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const { plans } = res.json();
      assert.equal(plans.length, 1);
      assert.equal(plans[0].title, 'Plan de Acción de Gobierno Abierto 2015-2016');
      assert.equal(plans[0].government.name, 'Perú');
      assert.equal(plans[0].commitmentCount, 17);
    });

    test('GET /api/v1/plans/:id gives themes, commitments and their levels', async () => {
      const { plan } = (await app.inject(`/api/v1/plans/${planId}`)).json();
      assert.deepEqual(plan.themes.map((t: { title: string }) => t.title), [
        'Transparencia y acceso a la información pública',
        'Participación ciudadana',
        'Rendición de cuentas',
        'Mejora de los servicios públicos',
      ]);
      const all = plan.themes.flatMap((t: { commitments: unknown[] }) => t.commitments);
      assert.equal(all.length, 17);
      const five = all.find((c: { number: number }) => c.number === 5);
      assert.equal(five.level, 'complete');
      assert.deepEqual(five.leadAgency.acronym, 'OSCE');
      assert.equal(plan.rounds.length, 2);
    });

    test('GET /api/v1/plans/:id/summary is the summary table, for any round', async () => {
      const res = (await app.inject(`/api/v1/plans/${planId}/summary`)).json();
      assert.deepEqual(res.total.counts, { 'not-started': 3, limited: 1, substantial: 2, complete: 11 });
      assert.deepEqual(res.percentages, { 'not-started': 17.6, limited: 5.9, substantial: 11.8, complete: 64.7 });
      assert.equal(res.rows.length, 4);
      const { plan } = (await app.inject(`/api/v1/plans/${planId}`)).json();
      const midterm = (await app.inject(`/api/v1/plans/${planId}/summary?round=${plan.rounds[0].id}`)).json();
      assert.equal(midterm.round.kind, 'midterm');
      assert.equal(midterm.total.counts.substantial, 7);
      assert.equal((await app.inject(`/api/v1/plans/${planId}/summary?round=999`)).statusCode, 404);
    });

    test('GET /api/v1/commitments/:id gives the whole ficha', async () => {
      const { plan } = (await app.inject(`/api/v1/plans/${planId}`)).json();
      const twelve = plan.themes[2].commitments.find((c: { number: number }) => c.number === 12);
      const { commitment } = (await app.inject(`/api/v1/commitments/${twelve.id}`)).json();
      assert.equal(commitment.title, 'Mejorar la calidad de las audiencias de rendición de cuentas');
      assert.equal(commitment.contact.position, 'Presidenta del Consejo de Ministros');
      assert.equal(commitment.otherActors.civilSociety, 'Grupo Propuesta Ciudadana, Ciudadanos al Día');
      assert.equal(commitment.activities.length, 4);
      assert.deepEqual(commitment.assessments.map((a: { level: string }) => a.level), ['not-started', 'not-started']);
      assert.match(commitment.updatedAt, /^\d{4}-\d\d-\d\dT/);
    });

    test('unknown ids get 404 with a JSON error, in the asker’s language', async () => {
      for (const path of ['/api/v1/plans/999', '/api/v1/plans/abc', '/api/v1/plans/0', '/api/v1/commitments/99999', '/api/v1/plans/999/summary', '/api/v1/nothing']) {
        const res = await app.inject(path);
        assert.equal(res.statusCode, 404, path);
        assert.equal(res.json().error.code, 'not_found', path);
        assert.equal(typeof res.json().error.message, 'string');
      }
      assert.equal((await app.inject('/api/v1/plans/999')).json().error.message, 'No existe el plan con el identificador 999.');
      const en = await app.inject({ url: '/api/v1/plans/999', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      assert.equal(en.json().error.message, 'There is no plan with id 999.');
    });

    test('the home page lists the plan’s commitments with their levels, in Spanish and in English', async () => {
      const es = await app.inject('/');
      assert.equal(es.statusCode, 200);
      assert.match(es.headers['content-type'] as string, /^text\/html/);
      assert.match(es.body, /^<!DOCTYPE html><html lang="es">/);
      assert.match(es.body, /Plan de Acción de Gobierno Abierto 2015-2016/);
      assert.equal((es.body.match(/<tr><td>\d+<\/td>/g) ?? []).length, 17);
      assert.equal((es.body.match(/class="level level-complete">Completo</g) ?? []).length, 11);
      assert.match(es.body, /Nivel de cumplimiento — Evaluación final/);
      const en = await app.inject('/en');
      assert.match(en.body, /^<!DOCTYPE html><html lang="en">/);
      assert.equal((en.body.match(/class="level level-not-started">Not started</g) ?? []).length, 3);
      assert.match(en.body, /Completion level — End-of-term assessment/);
      const missing = await app.inject('/no-such-page');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /Página no encontrada/);
    });

    test('text from the data is escaped in the page', async () => {
      await store.db.updateTable('commitments').set({ title: '<script>alert(1)</script> & más' }).where('number', '=', 1).execute();
      const res = await app.inject('/');
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.match(res.body, /&lt;script>alert\(1\)&lt;\/script> &amp; más|&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; más/);
    });

    test('security headers on every answer', async () => {
      for (const path of ['/', '/api/v1/plans', '/assets/site.css']) {
        const res = await app.inject(path);
        const csp = res.headers['content-security-policy'] as string;
        assert.match(csp, /default-src 'self'/, path);
        assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/, path);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
        assert.match(res.headers['x-frame-options'] as string, /SAMEORIGIN|DENY/, path);
      }
    });
  });
});

describe('every route has a permission rule', () => {
  test('a route declared without one stops the app from being built', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.addHook('onRoute', (route) => {
      if (!route.config?.permission) throw new Error(`route ${route.url} has no permission rule`);
    });
    assert.throws(() => app.get('/sin-regla', async () => 'x'), /has no permission rule/);
  });

  test('the built app’s routes, each with its rule', async (t) => {
    const { openStore } = await import('../../src/storage/connect.js');
    const store = await openStore('sqlite::memory:');
    const app = await buildApp({ store });
    t.after(async () => {
      await app.close();
      await store.close();
    });
    const rules = app.routeRules.filter((r) => r.method === 'GET').map((r) => `${r.url} ${r.permission}`).sort();
    assert.deepEqual(rules, [
      '/ public:read',
      '/api/v1/commitments/:id public:read',
      '/api/v1/plans public:read',
      '/api/v1/plans/:id public:read',
      '/api/v1/plans/:id/summary public:read',
      '/assets/favicon.svg public:read',
      '/assets/site.css public:read',
      '/en public:read',
      '/en/ public:read',
      '/favicon.ico public:read',
    ]);
    // Nothing but reads, for now: no route changes state.
    assert.deepEqual([...new Set(app.routeRules.map((r) => r.method))].sort(), ['GET', 'HEAD']);
  });
});
