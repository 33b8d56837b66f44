import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { eachDatabase } from '../helpers/databases.js';
import { importCorrected, importSeed } from './helpers.js';

/** /compromisos/:id/historial: a commitment's published changes, on both databases and in both languages. */
const text = (e: HTMLElement | null | undefined) => (e?.text ?? '').replace(/\s+/g, ' ').trim();

describe('a commitment’s public history', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let c2: number;
    let c9: number;
    let planId: number;
    before(async () => {
      store = await db.open();
      planId = (await importSeed(store)).planId;
      await importCorrected(store);
      const ids = new Map((await store.db.selectFrom('commitments').select(['id', 'number']).execute()).map((c) => [c.number, c.id]));
      c2 = ids.get(2)!;
      c9 = ids.get(9)!;
      app = await buildApp({ store, cacheCheckEveryMs: 0 });
    });
    after(() => app.close());

    const get = async (url: string) => {
      const res = await app.inject({ url });
      return { res, html: parse(res.body) };
    };

    test('the corrected import’s change comes first: the level before and after, from "an import"', async () => {
      const { res, html } = await get(`/compromisos/${c2}/historial`);
      assert.equal(res.statusCode, 200);
      assert.equal(text(html.querySelector('h1')), 'Historial de cambios del compromiso 2: Mejora del Portal de Transparencia Estándar');
      const sections = html.querySelectorAll('main section');
      assert.equal(sections.length, 2, 'the correction and the first import');
      const newest = sections[0]!;
      assert.equal(text(newest.querySelector('h2')), '1 de diciembre de 2026, 09:30 UTC · Importación de un reporte');
      assert.equal(newest.querySelector('h2 time')!.getAttribute('datetime'), '2026-12-01T09:30:00.000Z');
      assert.match(text(newest.querySelector('caption')), /^Cambios del 1 de diciembre de 2026/);
      const records = newest.querySelectorAll('tbody').map((b) => ({
        record: text(b.querySelector('th[scope="rowgroup"]')),
        rows: b
          .querySelectorAll('tr')
          .slice(1)
          .map((r) => r.querySelectorAll('th, td').map(text)),
      }));
      assert.deepEqual(records, [
        { record: 'Se modificó: la evaluación: Evaluación final (septiembre de 2017)', rows: [['Cumplimiento', 'Completo', 'Sustancial']] },
      ]);
      // The first import, below it: the ficha as created.
      assert.match(text(sections[1]!.querySelector('h2')), /^27 de noviembre de 2026, 12:00 UTC · Importación de un reporte$/);
      assert.ok(sections[1]!.querySelectorAll('th[scope="rowgroup"]').some((th) => text(th) === 'Se añadió: la ficha del compromiso'));
      // Long texts: an excerpt and the whole in a <details>.
      const details = sections[1]!.querySelectorAll('details');
      assert.ok(details.length > 0);
      assert.equal(text(details[0]!.querySelector('summary')), 'Ver el texto completo');
    });

    test('in English under /en, field names in English', async () => {
      const { res, html } = await get(`/en/compromisos/${c2}/historial`);
      assert.equal(res.statusCode, 200);
      assert.equal(html.querySelector('html')!.getAttribute('lang'), 'en');
      const newest = html.querySelector('main section')!;
      assert.equal(text(newest.querySelector('h2')), 'December 1, 2026, 09:30 UTC · Import of a report');
      const row = newest.querySelectorAll('tbody tr')[1]!;
      assert.deepEqual(row.querySelectorAll('th, td').map(text), ['Completion', 'Complete', 'Substantial']);
      assert.equal(html.querySelector('a.lang-switch')!.getAttribute('href'), `/compromisos/${c2}/historial?lang=es`);
    });

    test('a draft round’s assessment never shows; a person’s published change shows without saying who', async () => {
      const at = '2026-12-05T08:00:00.000Z';
      const w = new AuditedWriter(store.db, { actor: 'user:7', at, context: null }).forPlan(planId);
      const roundId = await w.insert('rounds', {
        plan_id: planId,
        position: 9,
        kind: 'periodic',
        title: 'Evaluación periódica',
        lang: 'es',
        cutoff_date: '2026-12-31',
        published: 0,
        published_at: null,
      });
      w.forCommitment(c2);
      const assessmentId = await w.insert('assessments', {
        round_id: roundId,
        commitment_id: c2,
        level: 'limited',
        results: 'TEXTO DEL BORRADOR',
        additional_info: null,
        reasons: 'RAZONES DEL BORRADOR',
        next_steps: null,
        lang: 'es',
      });
      const draft = await store.db.selectFrom('assessments').selectAll().where('id', '=', assessmentId).executeTakeFirstOrThrow();
      await new AuditedWriter(store.db, { actor: 'user:7', at: '2026-12-06T08:00:00.000Z', context: null })
        .forPlan(planId)
        .forCommitment(c2)
        .update('assessments', draft, { level: 'complete', results: 'OTRO BORRADOR' });
      // A published change by a person: the commitment's title, by an account whose name is an address.
      const commitment = await store.db.selectFrom('commitments').selectAll().where('id', '=', c2).executeTakeFirstOrThrow();
      await new AuditedWriter(store.db, { actor: 'user:ana@example.org', at: '2026-12-07T15:45:00.000Z', context: 'save' })
        .forPlan(planId)
        .forCommitment(c2)
        .update('commitments', commitment, { title: 'Mejora del Portal de Transparencia Estándar (PTE)' });

      const { res, html } = await get(`/compromisos/${c2}/historial`);
      assert.equal(res.statusCode, 200);
      for (const secret of ['BORRADOR', 'Evaluación periódica', 'ana@example.org', 'user:', 'cli:test'])
        assert.ok(!res.body.includes(secret), secret);
      const sections = html.querySelectorAll('main section');
      assert.equal(sections.length, 3, 'the person’s change, the correction, the first import — no draft');
      assert.equal(text(sections[0]!.querySelector('h2')), '7 de diciembre de 2026, 15:45 UTC · Una persona usuaria de Vigía');
      assert.deepEqual(sections[0]!.querySelectorAll('tbody tr')[1]!.querySelectorAll('th, td').map(text), [
        'Título',
        'Mejora del Portal de Transparencia Estándar',
        'Mejora del Portal de Transparencia Estándar (PTE)',
      ]);
      // Once the round is published, what is written after that shows; its drafting still does not.
      const round = await store.db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
      await new AuditedWriter(store.db, { actor: 'user:1', at: '2026-12-08T10:00:00.000Z', context: 'publish' })
        .forPlan(planId)
        .update('rounds', round, { published: 1, published_at: '2026-12-08T10:00:00.000Z' });
      const published = await store.db.selectFrom('assessments').selectAll().where('id', '=', assessmentId).executeTakeFirstOrThrow();
      await new AuditedWriter(store.db, { actor: 'user:1', at: '2026-12-09T10:00:00.000Z', context: 'correction' })
        .forPlan(planId)
        .forCommitment(c2)
        .update('assessments', published, { level: 'substantial' });
      const after = await get(`/compromisos/${c2}/historial`);
      for (const secret of ['BORRADOR', 'user:']) assert.ok(!after.res.body.includes(secret), secret);
      const first = after.html.querySelector('main section')!;
      assert.match(text(first.querySelector('th[scope="rowgroup"]')), /^Se modificó: la evaluación: Evaluación periódica/);
      assert.deepEqual(first.querySelectorAll('tbody tr')[1]!.querySelectorAll('th, td').map(text), [
        'Cumplimiento',
        'Completo',
        'Sustancial',
      ]);
    });

    test('50 operations a page, newest first, with links between pages', async () => {
      const activity = await store.db
        .selectFrom('activities')
        .selectAll()
        .where('commitment_id', '=', c9)
        .orderBy('number')
        .executeTakeFirstOrThrow();
      let current = activity;
      for (let i = 0; i < 55; i++) {
        const at = new Date(Date.UTC(2027, 0, 1, 0, i)).toISOString();
        await new AuditedWriter(store.db, { actor: 'user:3', at, context: null })
          .forPlan(planId)
          .forCommitment(c9)
          .update('activities', current, { weight: i + 1 });
        current = await store.db.selectFrom('activities').selectAll().where('id', '=', activity.id).executeTakeFirstOrThrow();
      }
      const one = await get(`/compromisos/${c9}/historial`);
      const sections = one.html.querySelectorAll('main section');
      assert.equal(sections.length, 50);
      assert.match(text(sections[0]!.querySelector('h2')), /^1 de enero de 2027, 00:54 UTC/);
      assert.equal(text(one.html.querySelector('nav.pager span')), 'Página 1 de 2');
      assert.equal(one.html.querySelector('nav.pager a[rel="next"]')!.getAttribute('href'), `/compromisos/${c9}/historial?pagina=2`);
      const two = await get(`/compromisos/${c9}/historial?pagina=2`);
      assert.equal(two.res.statusCode, 200);
      const rest = two.html.querySelectorAll('main section');
      assert.equal(rest.length, 6, '5 more weights and the first import');
      assert.equal(text(rest.at(-1)!.querySelector('h2')), '27 de noviembre de 2026, 12:00 UTC · Importación de un reporte');
      assert.equal(two.html.querySelector('nav.pager a[rel="prev"]')!.getAttribute('href'), `/compromisos/${c9}/historial`);
      assert.deepEqual(
        sections[0]!.querySelectorAll('tbody tr').map((r) => r.querySelectorAll('th, td').map(text)),
        [['Se modificó: la actividad 1'], ['Peso', '54', '55']],
      );
    });

    test('accessible structure: one h1, then h2 per operation; every table has a caption and header cells', async () => {
      const { html } = await get(`/compromisos/${c2}/historial`);
      const headings = html.querySelectorAll('h1, h2, h3, h4').map((h) => h.tagName);
      assert.equal(headings[0], 'H1');
      assert.ok(headings.slice(1).every((h) => h === 'H2'));
      for (const table of html.querySelectorAll('table')) {
        assert.ok(text(table.querySelector('caption')).length > 0);
        assert.equal(table.querySelectorAll('thead th[scope="col"]').length, 3);
      }
      assert.equal(html.querySelector('.breadcrumb a:last-child')!.getAttribute('href'), `/compromisos/${c2}`);
    });

    test('404 for an unknown commitment, a bad id, and a page that does not exist', async () => {
      for (const url of [
        '/compromisos/999999/historial',
        '/en/compromisos/999999/historial',
        '/compromisos/abc/historial',
        `/compromisos/${c2}/historial?pagina=0`,
        `/compromisos/${c2}/historial?pagina=x`,
        `/compromisos/${c2}/historial?pagina=99`,
      ]) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 404, url);
      }
    });

    test('kept in the page cache until the data changes (ETag, 304)', async () => {
      const first = await app.inject({ url: `/compromisos/${c2}/historial` });
      const etag = first.headers.etag as string;
      assert.ok(etag);
      const again = await app.inject({ url: `/compromisos/${c2}/historial`, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304);
      const commitment = await store.db.selectFrom('commitments').selectAll().where('id', '=', c2).executeTakeFirstOrThrow();
      await new AuditedWriter(store.db, { actor: 'user:4', at: '2027-02-01T00:00:00.000Z', context: null })
        .forPlan(planId)
        .forCommitment(c2)
        .update('commitments', commitment, { ambition: 'Más ambición' });
      const changed = await app.inject({ url: `/compromisos/${c2}/historial`, headers: { 'if-none-match': etag } });
      assert.equal(changed.statusCode, 200);
      assert.match(changed.body, /Más ambición/);
    });
  });
});
