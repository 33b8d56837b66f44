import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse, type HTMLElement } from 'node-html-parser';
import { getCommitment } from '../../src/services/commitments.js';
import { findPlan } from '../../src/storage/plans.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { addPlan, reviewSnapshot } from './support.js';

/**
 * The independent review's workspace forms and API as a browser and a script use them: the reviewer's
 * form (errors named by field, values kept, the unticked boxes, a stale version shown as a conflict),
 * the coordinator's recommendations and continuation forms, CSRF, and the same through the JSON API.
 */
describe('the independent review in the workspace: forms and API', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let reviewer: SignedIn;
    let coordinator: SignedIn;
    let id: number;
    let unfinished: number;

    const get = (who: SignedIn, url: string) => s.app.inject({ url, headers: { cookie: who.cookie } });
    const post = (who: SignedIn, url: string, payload: Record<string, string>) =>
      s.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
    const api = (who: SignedIn, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, lang = 'es') =>
      s.app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang },
        ...(payload ? { payload } : {}),
      });

    /** A form's fields as a browser sends them back: unticked boxes and blank selects left out or empty. */
    function fieldsOf(form: HTMLElement): Record<string, string> {
      const values: Record<string, string> = {};
      for (const el of form.querySelectorAll('input[name], textarea[name], select[name]')) {
        const name = el.getAttribute('name')!;
        if (el.tagName === 'TEXTAREA') values[name] = el.text;
        else if (el.tagName === 'SELECT')
          values[name] =
            el.querySelector('option[selected]')?.getAttribute('value') ?? el.querySelector('option')?.getAttribute('value') ?? '';
        else if (el.getAttribute('type') === 'checkbox') {
          if (el.hasAttribute('checked')) values[name] = el.getAttribute('value')!;
        } else values[name] = el.getAttribute('value') ?? '';
      }
      return values;
    }

    before(async () => {
      s = await seededApp(db);
      reviewer = await signIn(s.app, s.store, { role: 'reviewer', name: 'Revisora' });
      coordinator = await signIn(s.app, s.store, { role: 'coordinator' });
      id = s.commitment(4);
      for (let n = 1; n <= 17 && !unfinished; n++)
        if ((await getCommitment(s.store, s.commitment(n))).assessments.at(-1)!.level === 'limited') unfinished = s.commitment(n);
    });
    after(() => s.app.close());

    test('the reviewer finds the plan on the workspace home and the commitment in its list', async () => {
      const home = parse((await get(reviewer, '/espacio')).body);
      const link = home.querySelector('section[aria-labelledby="review"] a')!;
      assert.equal(link.getAttribute('href'), `/espacio/planes/${s.planId}/revision`);
      const list = await get(reviewer, `/en/espacio/planes/${s.planId}/revision`);
      assert.equal(list.statusCode, 200);
      const rows = parse(list.body).querySelectorAll('table.data tbody tr');
      assert.equal(rows.length, 17);
      assert.ok(rows.some((r) => r.querySelector('a')!.getAttribute('href') === `/en/espacio/compromisos/${id}/revision`));
    });

    test('the review form: a bad value named by its field with the values kept; then saved, the boxes as ticked', async () => {
      for (const lang of ['es', 'en'] as const) {
        const prefix = lang === 'en' ? '/en' : '';
        const page = parse((await get(reviewer, `${prefix}/espacio/compromisos/${id}/revision`)).body);
        const form = page
          .querySelectorAll('form.review-form')
          .find((f) => f.querySelector('input[name="report"]')!.getAttribute('value') === 'end-of-term')!;
        const fields = fieldsOf(form);
        assert.ok(fields._csrf && fields._csrf.length > 20);
        const before = await reviewSnapshot(s.store);
        const res = await post(reviewer, `${prefix}/espacio/compromisos/${id}/revision`, {
          ...fields,
          reportYear: '1990',
          reviewText: 'Lo que escribió la revisora.',
        });
        assert.equal(res.statusCode, 400);
        const again = parse(res.body);
        const links = again.querySelectorAll('.error-summary li a');
        assert.deepEqual(
          links.map((a) => a.getAttribute('href')),
          ['#f-end-of-term-reportYear'],
        );
        assert.match(links[0]!.text, lang === 'es' ? /«Año del informe» está fuera del rango/ : /“Year of the report” is out of range/);
        assert.equal(again.querySelector('#f-end-of-term-reviewText')!.text, 'Lo que escribió la revisora.');
        assert.deepEqual(await reviewSnapshot(s.store), before, 'nothing saved');
      }
      const page = parse((await get(reviewer, `/espacio/compromisos/${id}/revision`)).body);
      const form = page.querySelectorAll('form.review-form')[1]!;
      const ok = await post(reviewer, `/espacio/compromisos/${id}/revision`, {
        ...fieldsOf(form),
        reportYear: '2017',
        specificity: 'high',
        completion: 'limited',
        valueCivicParticipation: '1',
        potentialImpact: 'transformative',
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `/espacio/compromisos/${id}/revision?guardado=1`);
      const row = await s.store.db.selectFrom('irm_reviews').selectAll().where('commitment_id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.report, row.completion, row.value_civic_participation, row.value_access_to_information],
        ['end-of-term', 'limited', 1, 0],
      );
      const shown = parse((await get(reviewer, `/espacio/compromisos/${id}/revision?guardado=1`)).body);
      assert.equal(shown.querySelector('p.notice')!.text, 'Se guardaron los cambios.');
      assert.equal(shown.querySelector('#f-end-of-term-valueCivicParticipation')!.hasAttribute('checked'), true);
    });

    test('two reviewers from the same page: the second sees both versions, nothing overwritten', async () => {
      const page = parse((await get(reviewer, `/espacio/compromisos/${id}/revision`)).body);
      const fields = fieldsOf(page.querySelectorAll('form.review-form')[1]!);
      assert.ok(fields.version);
      assert.equal((await post(reviewer, `/espacio/compromisos/${id}/revision`, { ...fields, completion: 'substantial' })).statusCode, 303);
      const res = await post(reviewer, `/espacio/compromisos/${id}/revision`, { ...fields, completion: 'complete' });
      assert.equal(res.statusCode, 409);
      const again = parse(res.body);
      assert.match(again.querySelector('.error-summary')!.text, /Otra persona guardó cambios/);
      assert.match(again.querySelector('.error-summary')!.text, /Cumplimiento según el MRI/);
      const row = await s.store.db.selectFrom('irm_reviews').selectAll().where('commitment_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.completion, 'substantial');
    });

    test('without its CSRF token the form changes nothing; other roles are refused', async () => {
      const before = await reviewSnapshot(s.store);
      const { _csrf, ...rest } = fieldsOf(
        parse((await get(reviewer, `/espacio/compromisos/${id}/revision`)).body).querySelectorAll('form.review-form')[0]!,
      );
      assert.ok(_csrf);
      assert.equal((await post(reviewer, `/espacio/compromisos/${id}/revision`, { ...rest, completion: 'limited' })).statusCode, 403);
      assert.equal((await get(coordinator, `/espacio/compromisos/${id}/revision`)).statusCode, 403);
      assert.equal((await get(reviewer, `/espacio/planes/${s.planId}/recomendaciones`)).statusCode, 403);
      assert.deepEqual(await reviewSnapshot(s.store), before);
    });

    test('the coordinator adds a recommendation, is told what is missing, and edits it', async () => {
      const url = `/espacio/planes/${s.planId}/recomendaciones`;
      const page = parse((await get(coordinator, url)).body);
      const csrf = page.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
      const missing = await post(coordinator, url, { _csrf: csrf, source: 'Informe de avance 2015-2016', recommendationText: '' });
      assert.equal(missing.statusCode, 400);
      assert.match(parse(missing.body).querySelector('.error-summary')!.text, /Complete «Recomendación»/);
      const added = await post(coordinator, url, {
        _csrf: csrf,
        source: 'Informe de avance 2015-2016',
        recommendationText: 'Incluir a la sociedad civil.',
        status: '',
      });
      assert.equal(added.statusCode, 303);
      const form = parse((await get(coordinator, url)).body).querySelector('form[action^="/espacio/recomendaciones/"]')!;
      const edit = await post(coordinator, form.getAttribute('action')!, { ...fieldsOf(form), status: 'addressed', answer: 'Aceptada.' });
      assert.equal(edit.statusCode, 303);
      const pub = parse((await s.app.inject(`/planes/${s.planId}`)).body);
      assert.deepEqual(
        pub
          .querySelectorAll('ol.recommendations dd')
          .map((d) => d.text.trim())
          .slice(0, 3),
        ['Informe de avance 2015-2016', 'Atendida', 'Aceptada.'],
      );
    });

    test('the coordinator carries an unfinished commitment on from its workspace page', async () => {
      const plan = (await findPlan(s.store.db, s.planId))!;
      const later = await addPlan(s.store, { governmentId: plan.government_id, title: 'Plan 2017-2019', start: 2017, end: 2019 });
      const edit = parse((await get(coordinator, `/espacio/compromisos/${unfinished}`)).body);
      assert.ok(edit.querySelector(`a[href="/espacio/compromisos/${unfinished}/continuar"]`));
      const page = parse((await get(coordinator, `/en/espacio/compromisos/${unfinished}/continuar`)).body);
      const form = page.querySelector('main form[method="post"]')!;
      const wrong = await post(coordinator, `/en/espacio/compromisos/${unfinished}/continuar`, {
        ...fieldsOf(form),
        themeId: String(s.themeIds[0]),
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(parse(wrong.body).querySelector('.error-summary')!.text, /The value of “Theme in that plan” is not valid/);
      const done = await post(coordinator, `/en/espacio/compromisos/${unfinished}/continuar`, {
        ...fieldsOf(form),
        planId: String(later.planId),
        themeId: String(later.themeId),
      });
      assert.equal(done.statusCode, 303);
      const newId = Number(/compromisos\/(\d+)/.exec(String(done.headers.location))![1]);
      assert.equal(
        (await s.store.db.selectFrom('commitments').select('continues_id').where('id', '=', newId).executeTakeFirstOrThrow()).continues_id,
        unfinished,
      );
    });

    test('a completed commitment’s page says why it is not carried on, and offers no form', async () => {
      // Commitment 2 ends the seed's plan at Completo.
      const page = parse((await get(coordinator, `/espacio/compromisos/${s.commitment(2)}/continuar`)).body);
      assert.match(page.querySelector('main')!.text, /El compromiso se completó/);
      assert.equal(page.querySelector('main form[method="post"]'), null);
    });

    test('the API: a review entered, refused with fields named, a stale version answered with what is stored', async () => {
      const other = s.commitment(2);
      const bad = await api(reviewer, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/progress`, {
        specificity: 'enorme',
        completion: 'limited',
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().error.fields), ['specificity']);
      assert.equal(bad.json().error.fields.specificity, 'El valor de «Especificidad» no es válido.');
      const created = await api(reviewer, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/progress`, {
        specificity: 'high',
        completion: 'complete',
        valueAccessToInformation: true,
        potentialImpact: 'transformative',
        reportYear: 2016,
      });
      assert.equal(created.statusCode, 200, created.body);
      const read = (await api(reviewer, 'GET', `/api/v1/workspace/commitments/${other}/reviews`)).json();
      const progress = read.reviews.find((r: { report: string }) => r.report === 'progress');
      assert.equal(progress.version, 1);
      assert.equal(progress.review.starred, true);
      // Starred is computed: a client cannot type it.
      assert.equal(
        (await api(reviewer, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/progress`, { version: 1, starred: false })).json().error
          .fields.starred,
        'El campo «starred» no existe o no puede cambiarse aquí.',
      );
      assert.equal(
        (await api(reviewer, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/progress`, { version: 1, reviewText: 'Nota.' }))
          .statusCode,
        200,
      );
      const stale = await api(reviewer, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/progress`, {
        version: 1,
        completion: 'limited',
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().current.version, 2);
      assert.equal(stale.json().current.values.completion, 'complete');
      assert.equal((await api(reviewer, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/final`, {})).statusCode, 404);
      assert.equal(
        (await api(coordinator, 'PUT', `/api/v1/workspace/commitments/${other}/reviews/progress`, { completion: 'limited' })).statusCode,
        403,
      );
    });

    test('the API: recommendations and continuation', async () => {
      const add = await api(coordinator, 'POST', `/api/v1/workspace/plans/${s.planId}/recommendations`, {
        source: 'Informe de fin de término',
        recommendationText: 'Publicar datos abiertos.',
      });
      assert.equal(add.statusCode, 201, add.body);
      const rid = add.json().id;
      const bad = await api(coordinator, 'PUT', `/api/v1/workspace/recommendations/${rid}`, { version: 1, status: 'hecho' }, 'en');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.fields.status, 'The value of “Status” is not valid.');
      assert.equal(
        (await api(coordinator, 'PUT', `/api/v1/workspace/recommendations/${rid}`, { version: 1, status: 'partly-addressed' })).statusCode,
        200,
      );
      const list = (await api(coordinator, 'GET', `/api/v1/workspace/plans/${s.planId}/recommendations`)).json();
      assert.equal(list.recommendations.at(-1).status, 'partly-addressed');
      const complete = s.commitment(5);
      const later = await s.store.db.selectFrom('plans').selectAll().where('period_start', '=', 2017).executeTakeFirstOrThrow();
      const theme = (await s.store.db.selectFrom('themes').select('id').where('plan_id', '=', later.id).executeTakeFirstOrThrow()).id;
      const refused = await api(coordinator, 'POST', `/api/v1/workspace/commitments/${complete}/continuation`, {
        planId: later.id,
        themeId: theme,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.fields.planId, /Completo/);
    });
  });
});
