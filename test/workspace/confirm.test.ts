import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import * as E from '../../src/services/workspace/commitments.js';
import { openRound } from '../../src/services/workspace/rounds.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signedForm, signIn, type SignedIn } from '../helpers/auth.js';
import { nowIso } from '../helpers/clock.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * Confirm steps (issue 20): a delete or a publication posted from its page's button shows a confirmation
 * page (plain HTML: no JavaScript) naming the thing and saying what happens; only its own button, which
 * posts `confirm=1`, acts. Who may do it is unchanged.
 */
describe('confirm steps before deleting or publishing', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let commitmentId: number;
    let planId: number;
    let editor: SignedIn;
    let otherEditor: SignedIn;
    let coordinator: SignedIn;

    const post = (who: SignedIn, url: string, fields: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, ...signedForm(who, fields) });
    const count = async (table: 'evidence' | 'sources' | 'activities', id: number) =>
      (await store.db.selectFrom(table).select('id').where('id', '=', id).execute()).length;

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      commitmentId = s.commitment(4);
      const agencyId = (await commitmentSubject(store.db, commitmentId))!.agency_id!;
      editor = await signIn(app, store, { role: 'agency-editor', agencyId });
      const other = (await store.db.selectFrom('agencies').select('id').where('id', '!=', agencyId).executeTakeFirstOrThrow()).id;
      otherEditor = await signIn(app, store, { role: 'agency-editor', agencyId: other });
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => app.close());

    test('evidence, a source and an activity: the button shows the page, its button removes, a stranger gets 403', async () => {
      assert.ok(
        (
          await E.addLink(
            store,
            editor.actor,
            commitmentId,
            { url: 'https://example.org/acta.pdf', description: 'Acta de la mesa' },
            nowIso(),
          )
        ).ok,
      );
      assert.ok((await E.addSource(store, editor.actor, commitmentId, { text: 'Oficio 123-2016' }, nowIso())).ok);
      assert.ok((await E.addActivity(store, editor.actor, commitmentId, { title: 'Taller regional' }, nowIso())).ok);
      const last = async (table: 'evidence' | 'sources' | 'activities') =>
        (
          await store.db
            .selectFrom(table)
            .select('id')
            .where('commitment_id', '=', commitmentId)
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id;
      const cases = [
        {
          table: 'evidence' as const,
          path: 'evidencias',
          name: 'Acta de la mesa',
          es: /¿Quitar esta evidencia\?/,
          en: /Remove this evidence\?/,
        },
        { table: 'sources' as const, path: 'fuentes', name: 'Oficio 123-2016', es: /¿Quitar esta fuente\?/, en: /Remove this source\?/ },
        {
          table: 'activities' as const,
          path: 'actividades',
          name: 'Taller regional',
          es: /¿Eliminar esta actividad\?/,
          en: /Delete this activity\?/,
        },
      ];
      for (const c of cases) {
        const id = await last(c.table);
        const url = `/espacio/${c.path}/${id}/eliminar`;
        for (const lang of ['es', 'en'] as const) {
          const prefix = lang === 'en' ? '/en' : '';
          const page = await post(editor, `${prefix}${url}`);
          assert.equal(page.statusCode, 200, page.body.slice(0, 300));
          const doc = parse(page.body);
          const main = doc.querySelector('main')!.text;
          assert.match(main, c[lang]);
          assert.ok(main.includes(c.name), `the page names “${c.name}”`);
          const form = doc.querySelector(`main form[action="${prefix}${url}"]`)!;
          assert.ok(form, 'a form posting the same action');
          assert.equal(form.getAttribute('method'), 'post');
          assert.equal(form.querySelector('input[name="confirm"]')!.getAttribute('value'), '1');
          assert.ok(form.querySelector('input[name="_csrf"]')!.getAttribute('value'));
          assert.equal(doc.querySelector('main form a')!.getAttribute('href'), `${prefix}/espacio/compromisos/${commitmentId}`);
          assert.equal(await count(c.table, id), 1, 'nothing removed by the first click');
        }
        // Permission unchanged: another agency's editor gets neither the page nor the removal.
        assert.equal((await post(otherEditor, url)).statusCode, 403);
        assert.equal((await post(otherEditor, url, { confirm: '1' })).statusCode, 403);
        // Anything but confirm=1 is no confirmation.
        assert.equal((await post(editor, url, { confirm: 'yes' })).statusCode, 200);
        assert.equal(await count(c.table, id), 1);
        const done = await post(editor, url, { confirm: '1' });
        assert.equal(done.statusCode, 303);
        assert.equal(done.headers.location, `/espacio/compromisos/${commitmentId}?guardado=1`);
        assert.equal(await count(c.table, id), 0);
      }
    });

    test('publishing a round: a confirmation page naming it, then published only with confirm=1', async () => {
      const opened = await openRound(store, coordinator.actor, planId, { kind: 'periodic', cutoffDate: '2017-12-31' }, nowIso());
      assert.ok(opened.ok);
      const roundId = opened.id!;
      const commitments = await store.db.selectFrom('commitments').select('id').where('plan_id', '=', planId).execute();
      for (const c of commitments)
        await store.db
          .insertInto('assessments')
          .values({
            round_id: roundId,
            commitment_id: c.id,
            level: 'limited',
            reasons: 'Sin presupuesto.',
            lang: 'es',
            status: 'approved',
            created_at: nowIso(),
            updated_at: nowIso(),
          })
          .execute();
      const url = `/espacio/evaluaciones/${roundId}/publicar`;
      const published = async () =>
        Number((await store.db.selectFrom('rounds').select('published').where('id', '=', roundId).executeTakeFirstOrThrow()).published);

      // The board's button is a plain form posting to the action.
      const board = parse((await app.inject({ url: `/espacio/evaluaciones/${roundId}`, headers: { cookie: coordinator.cookie } })).body);
      assert.ok(board.querySelector(`form[action="${url}"] button[type="submit"]`));
      const page = await post(coordinator, url);
      assert.equal(page.statusCode, 200);
      const main = parse(page.body).querySelector('main')!.text;
      assert.match(main, /¿Publicar la evaluación\?/);
      assert.match(main, /no se puede deshacer/);
      assert.match(main, /«Evaluación periódica \(diciembre de 2017\)» de Plan de Acción/);
      assert.equal(await published(), 0, 'not published by the first click');
      const en = parse((await post(coordinator, `/en${url}`)).body).querySelector('main')!.text;
      assert.match(en, /Publish the assessment\?/);
      assert.match(en, /cannot be undone/);

      assert.equal((await post(editor, url)).statusCode, 403, 'an agency editor gets no confirmation page');
      assert.equal((await post(editor, url, { confirm: '1' })).statusCode, 403);
      const done = await post(coordinator, url, { confirm: '1' });
      assert.equal(done.statusCode, 303);
      assert.equal(await published(), 1);
    });
  });
});
