import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { snapshot } from '../helpers/tables.js';

/**
 * The workspace's forms as a browser posts them: two people saving the same commitment (the second
 * sees both versions and merges), errors shown with the values kept, and no change without a CSRF token.
 */
describe('workspace forms', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let id: number;
    let ana: SignedIn;
    let beto: SignedIn;

    /** The edit page's form fields, as a browser would send them back. */
    async function formOf(who: SignedIn, lang: 'es' | 'en' = 'es') {
      const res = await app.inject({ url: `${lang === 'en' ? '/en' : ''}/espacio/compromisos/${id}`, headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(res.headers['cache-control'], 'no-store');
      const form = parse(res.body).querySelector('form.edit-form')!;
      const values: Record<string, string> = {};
      for (const input of form.querySelectorAll('input[name], textarea[name]')) {
        values[input.getAttribute('name')!] = input.tagName === 'TEXTAREA' ? input.text : (input.getAttribute('value') ?? '');
      }
      return values;
    }
    const post = (who: SignedIn, values: Record<string, string>, lang: 'es' | 'en' = 'es') =>
      app.inject({
        method: 'POST',
        url: `${lang === 'en' ? '/en' : ''}/espacio/compromisos/${id}`,
        headers: { cookie: who.cookie },
        // The seeded plan is approved: a change of its text is a modification, with its reason and date (decision 030).
        payload: {
          ...values,
          modificationReason: values.modificationReason || 'Corrección de la ficha',
          modificationDate: values.modificationDate || '2020-01-01',
        },
      });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store } = s);
      id = s.commitment(4);
      const agencyId = (await commitmentSubject(store.db, id))!.agency_id!;
      ana = await signIn(app, store, { role: 'agency-editor', agencyId, name: 'Ana' });
      beto = await signIn(app, store, { role: 'coordinator', name: 'Beto' });
    });
    after(async () => app.close());

    test('the second of two saves from the same page gets both versions, keeps what it typed, and saves once merged', async () => {
      const first = await formOf(ana);
      const second = await formOf(beto);
      assert.equal(first.version, second.version);
      assert.ok(first._csrf && first._csrf.length > 20, 'the form carries a CSRF token');

      const saved = await post(ana, { ...first, objective: 'Objetivo según la entidad.' });
      assert.equal(saved.statusCode, 303);
      assert.match(String(saved.headers.location), /guardado=1/);

      const conflict = await post(beto, { ...second, objective: 'Objetivo según la coordinación.' });
      assert.equal(conflict.statusCode, 409);
      const page = parse(conflict.body);
      assert.match(page.querySelector('.error-summary')!.text, /Otra persona guardó cambios/);
      assert.equal(
        page.querySelector('textarea[name="objective"]')!.text,
        'Objetivo según la coordinación.',
        'what this person typed, kept',
      );
      assert.match(page.querySelector('.theirs')!.text, /Objetivo según la entidad\./, 'what the other person saved, beside it');
      assert.equal(page.querySelectorAll('.theirs').length, 1, 'only the fields that differ');
      const stored = await store.db
        .selectFrom('commitments')
        .select(['objective', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.objective, 'Objetivo según la entidad.', 'the first save was not overwritten');
      const newVersion = page.querySelector('input[name="version"]')!.getAttribute('value');
      assert.equal(Number(newVersion), stored.version, 'the page offers to save against what is stored now');

      const merged = await post(beto, {
        ...second,
        version: newVersion!,
        _csrf: page.querySelector('input[name="_csrf"]')!.getAttribute('value')!,
        objective: 'Objetivo según la entidad y la coordinación.',
      });
      assert.equal(merged.statusCode, 303);
      const after = await store.db.selectFrom('commitments').select('objective').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(after.objective, 'Objetivo según la entidad y la coordinación.');
    });

    test('errors next to each field and in a summary linking to them, values kept as typed, in English too', async () => {
      for (const lang of ['es', 'en'] as const) {
        const form = await formOf(ana, lang);
        const before = await snapshot(store);
        const res = await post(
          ana,
          { ...form, title: '', plannedStart: '2016-05-01', plannedEnd: '2016-02-30', relevance: 'Texto nuevo' },
          lang,
        );
        assert.equal(res.statusCode, 400);
        const page = parse(res.body);
        const summary = page.querySelectorAll('.error-summary li a');
        assert.deepEqual(summary.map((a) => a.getAttribute('href')).sort(), ['#f-c-plannedEnd', '#f-c-title']);
        assert.match(summary.map((a) => a.text).join(' '), lang === 'es' ? /Título del compromiso/ : /Commitment title/);
        for (const field of ['title', 'plannedEnd']) {
          const input = page.querySelector(`#f-c-${field}`)!;
          assert.equal(input.getAttribute('aria-invalid'), 'true');
          assert.ok(page.querySelector(`#f-c-${field}-error`), `${field}: message by the field`);
        }
        assert.equal(page.querySelector('textarea[name="relevance"]')!.text, 'Texto nuevo');
        assert.equal(page.querySelector('#f-c-plannedEnd')!.getAttribute('value'), '2016-02-30');
        assert.deepEqual(await snapshot(store), before, 'nothing saved');
      }
    });

    test('a form posted without its CSRF token, or with another session’s, changes nothing (403)', async () => {
      const form = await formOf(ana);
      const before = await snapshot(store);
      const { _csrf, ...withoutToken } = form;
      assert.ok(_csrf);
      const none = await post(ana, { ...withoutToken, objective: 'Sin token' });
      assert.equal(none.statusCode, 403);
      const foreign = await post(ana, { ...form, _csrf: 'x'.repeat(40), objective: 'Token ajeno' });
      assert.equal(foreign.statusCode, 403);
      // A GET never changes anything, whatever it carries.
      const get = await app.inject({ url: `/espacio/actividades/1/eliminar`, headers: { cookie: ana.cookie } });
      assert.equal(get.statusCode, 404);
      assert.deepEqual(await snapshot(store), before);
    });
  });
});
