import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse, type HTMLElement } from 'node-html-parser';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * The indicators' workspace forms and API, as a browser and a client send them: a form with its CSRF
 * token, errors naming the field with the values kept (400) and nothing written, a save over a newer
 * version showing both (409), measurements recorded and corrected; the API's 201/400/409 answers.
 */
describe('indicators in the workspace: forms and API', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let c4: number;
    let editor: SignedIn;
    let coordinator: SignedIn;
    let otherEditor: SignedIn;

    const count = async (table: 'indicators' | 'indicator_measurements') =>
      Number((await store.db.selectFrom(table).select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const getPage = async (who: SignedIn, url: string) => {
      const res = await app.inject({ url, headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return parse(res.body);
    };
    /** A form's fields as the browser would send them back. */
    const fieldsOf = (form: HTMLElement) => {
      const values: Record<string, string> = {};
      for (const el of form.querySelectorAll('input[name], textarea[name], select[name]')) {
        const name = el.getAttribute('name')!;
        if (el.tagName === 'TEXTAREA') values[name] = el.text;
        else if (el.tagName === 'SELECT')
          values[name] =
            el.querySelector('option[selected]')?.getAttribute('value') ?? el.querySelector('option')?.getAttribute('value') ?? '';
        else values[name] = el.getAttribute('value') ?? '';
      }
      return values;
    };
    const postForm = (who: SignedIn, url: string, payload: Record<string, string>) =>
      app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
    const api = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, lang = 'es') =>
      app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang },
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
      });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store } = s);
      c4 = s.commitment(4);
      const lead = (await commitmentSubject(store.db, c4))!.agency_id!;
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: lead });
      coordinator = await signIn(app, store, { role: 'coordinator' });
      otherEditor = await signIn(app, store, {
        role: 'agency-editor',
        agencyId: (await commitmentSubject(store.db, s.commitment(1)))!.agency_id!,
      });
    });
    after(async () => app.close());

    test('add an indicator by the form: errors name their field and keep what was typed; then it is saved', async () => {
      const commitmentPage = await getPage(editor, `/espacio/compromisos/${c4}`);
      assert.ok(
        commitmentPage.querySelector(`a[href="/espacio/compromisos/${c4}/indicadores/nuevo"]`),
        'the commitment page links to a new indicator',
      );
      const page = await getPage(editor, `/espacio/compromisos/${c4}/indicadores/nuevo`);
      const form = page.querySelector(`form[action="/espacio/compromisos/${c4}/indicadores"]`)!;
      const blank = fieldsOf(form);
      assert.ok(blank._csrf && blank._csrf.length > 20, 'the form carries a CSRF token');
      assert.equal(page.querySelector('label[for="f-i-indicatorName"]')!.text, 'Nombre del indicador');

      const before = await count('indicators');
      const bad = await postForm(editor, `/espacio/compromisos/${c4}/indicadores`, {
        ...blank,
        indicatorName: '',
        unit: 'personas',
        direction: 'down',
        baselineValue: '10',
        baselineDate: '2015-07-01',
        targetValue: '20',
        targetDate: '2016-06-30',
        frequency: 'quarterly',
      });
      assert.equal(bad.statusCode, 400);
      const errors = parse(bad.body)
        .querySelectorAll('.error-summary li a')
        .map((a) => [a.getAttribute('href'), a.text]);
      assert.deepEqual(errors, [
        ['#f-i-indicatorName', 'Complete «Nombre del indicador».'],
        [
          '#f-i-targetValue',
          '«Meta: valor» debe estar del lado mejor de la línea de base según el sentido del indicador (o ser igual a ella).',
        ],
      ]);
      assert.equal(parse(bad.body).querySelector('#f-i-unit')!.getAttribute('value'), 'personas', 'kept as typed');
      assert.equal(await count('indicators'), before, 'nothing written');

      const { _csrf, ...withoutToken } = blank;
      assert.ok(_csrf);
      const noToken = await postForm(editor, `/espacio/compromisos/${c4}/indicadores`, {
        ...withoutToken,
        indicatorName: 'Sin token',
        unit: 'u',
        direction: 'up',
        baselineValue: '0',
        baselineDate: '2015-07-01',
        targetValue: '1',
        targetDate: '2016-06-30',
        frequency: 'yearly',
      });
      assert.equal(noToken.statusCode, 403);
      assert.equal(await count('indicators'), before);

      const ok = await postForm(editor, `/espacio/compromisos/${c4}/indicadores`, {
        ...blank,
        indicatorName: 'Personas capacitadas',
        unit: 'personas',
        direction: 'up',
        baselineValue: '0',
        baselineDate: '2015-07-01',
        targetValue: '1000',
        targetDate: '2016-06-30',
        frequency: 'quarterly',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.match(String(ok.headers.location), /^\/espacio\/indicadores\/\d+\?guardado=1$/);
      assert.equal(await count('indicators'), before + 1);
      const listed = await getPage(editor, `/espacio/compromisos/${c4}`);
      assert.match(listed.querySelector('section[aria-labelledby="indicators"]')!.text, /Personas capacitadas — Medición atrasada/);
    });

    test('the indicator page: a save from an older version shows both (409); measurements recorded and corrected', async () => {
      const [row] = await store.db
        .selectFrom('indicators')
        .select('id')
        .where('commitment_id', '=', c4)
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      const url = `/espacio/indicadores/${row!.id}`;
      const first = fieldsOf((await getPage(editor, url)).querySelector(`form[action="${url}"]`)!);
      const second = fieldsOf((await getPage(coordinator, url)).querySelector(`form[action="${url}"]`)!);
      assert.equal(first.version, second.version);
      assert.equal(first.indicatorName, 'Personas capacitadas');
      assert.equal(first.direction, 'up');
      assert.equal((await postForm(editor, url, { ...first, targetValue: '1200' })).statusCode, 303);
      const conflict = await postForm(coordinator, url, { ...second, targetValue: '900' });
      assert.equal(conflict.statusCode, 409);
      const doc = parse(conflict.body);
      assert.match(doc.querySelector('.error-summary')!.text, /Otra persona guardó cambios[\s\S]*Meta: valor[\s\S]*1200/);
      assert.equal(doc.querySelector('#f-i-targetValue')!.getAttribute('value'), '900', 'what this person typed is kept');
      assert.equal(
        Number(
          (await store.db.selectFrom('indicators').select('target_value').where('id', '=', row!.id).executeTakeFirstOrThrow()).target_value,
        ),
        1200,
      );

      const page = await getPage(editor, url);
      const record = fieldsOf(page.querySelector(`form[action="${url}/mediciones"]`)!);
      const badMeasure = await postForm(editor, `${url}/mediciones`, { ...record, measuredValue: 'muchos', measuredOn: '2015-01-01' });
      assert.equal(badMeasure.statusCode, 400);
      assert.deepEqual(
        parse(badMeasure.body)
          .querySelectorAll('.error-summary li a')
          .map((a) => a.text),
        ['«Valor medido» debe ser un número.', '«Fecha de la medición» no puede ser anterior a la línea de base (1 de julio de 2015).'],
      );
      assert.equal(await count('indicator_measurements'), 0);
      assert.equal(
        (
          await postForm(editor, `${url}/mediciones`, {
            ...record,
            measuredValue: '250',
            measuredOn: '2015-10-01',
            measurementSource: 'Registro de asistencia',
          })
        ).statusCode,
        303,
      );
      const m = await store.db
        .selectFrom('indicator_measurements')
        .selectAll()
        .where('indicator_id', '=', row!.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [Number(m.value), m.date, m.source, m.recorded_by],
        [250, '2015-10-01', 'Registro de asistencia', editor.actor.userId],
      );

      const correctionForm = async (who: SignedIn) =>
        fieldsOf((await getPage(who, url)).querySelector(`form[action="/espacio/mediciones/${m.id}"]`)!);
      const correction = await correctionForm(coordinator);
      const editorsCorrection = await correctionForm(editor);
      assert.equal(correction.measuredValue, '250');
      assert.equal((await postForm(coordinator, `/espacio/mediciones/${m.id}`, { ...correction, measuredValue: '260' })).statusCode, 303);
      const stale = await postForm(editor, `/espacio/mediciones/${m.id}`, { ...editorsCorrection, measuredValue: '255' });
      assert.equal(stale.statusCode, 409);
      assert.match(parse(stale.body).querySelector('.error-summary')!.text, /260/);
      const after = await getPage(editor, url);
      assert.match(
        after.querySelector('section[aria-labelledby="measurements"]')!.text,
        /1 de octubre de 2015: 260 personas — Registro de asistencia/,
      );
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['action', 'before', 'after'])
        .where('entity', '=', 'indicator_measurements')
        .where('entity_id', '=', m.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, a.before && JSON.parse(a.before), a.after && JSON.parse(a.after).value]),
        [
          ['create', null, 250],
          ['update', { value: 250 }, 260],
        ],
      );
    });

    test('the API: 201 with the id, 400 naming the field in the asker’s language, 409 with what is stored, 403 for another agency', async () => {
      const body = {
        indicatorName: 'Solicitudes atendidas',
        unit: '%',
        direction: 'up',
        baselineValue: 40,
        baselineDate: '2015-07-01',
        targetValue: 90,
        targetDate: '2016-06-30',
        frequency: 'monthly',
      };
      const created = await api(editor, 'POST', `/api/v1/workspace/commitments/${c4}/indicators`, body);
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as number;
      assert.ok(id > 0);
      const wrong = await api(
        editor,
        'POST',
        `/api/v1/workspace/commitments/${c4}/indicators`,
        { ...body, frequency: 'weekly', targetDate: '2014-01-01' },
        'en',
      );
      assert.equal(wrong.statusCode, 400);
      const fields = wrong.json().error.fields as Record<string, string>;
      assert.deepEqual(Object.keys(fields).sort(), ['frequency', 'targetDate']);
      assert.match(fields.frequency!, /Frequency of measurement/);
      assert.equal((await api(otherEditor, 'POST', `/api/v1/workspace/commitments/${c4}/indicators`, body)).statusCode, 403);
      assert.equal((await api(otherEditor, 'GET', `/api/v1/workspace/commitments/${c4}/indicators`)).statusCode, 403);

      const list = await api(coordinator, 'GET', `/api/v1/workspace/commitments/${c4}/indicators`);
      assert.equal(list.statusCode, 200);
      const mine = (list.json().indicators as { id: number; version: number; reading: { status: string } }[]).find((i) => i.id === id)!;
      assert.equal(mine.version, 1);
      assert.equal(mine.reading.status, 'overdue');

      assert.equal((await api(editor, 'PUT', `/api/v1/workspace/indicators/${id}`, { version: 1, unit: 'por ciento' })).statusCode, 200);
      const stale = await api(coordinator, 'PUT', `/api/v1/workspace/indicators/${id}`, { version: 1, unit: 'puntos' });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().current.values.unit, 'por ciento');
      assert.equal(stale.json().current.version, 2);

      const measured = await api(editor, 'POST', `/api/v1/workspace/indicators/${id}/measurements`, {
        measuredValue: 55.5,
        measuredOn: '2015-08-01',
      });
      assert.equal(measured.statusCode, 201, measured.body);
      const mid = measured.json().id as number;
      assert.equal(
        (await api(editor, 'PUT', `/api/v1/workspace/measurements/${mid}`, { version: 1, measurementNote: 'Revisado' })).statusCode,
        200,
      );
      assert.equal(
        (await api(coordinator, 'PUT', `/api/v1/workspace/measurements/${mid}`, { version: 1, measuredValue: 1 })).statusCode,
        409,
      );
      assert.equal(
        (await api(otherEditor, 'POST', `/api/v1/workspace/indicators/${id}/measurements`, { measuredValue: 1, measuredOn: '2015-08-01' }))
          .statusCode,
        403,
      );
      assert.equal((await api(editor, 'PUT', '/api/v1/workspace/measurements/999999', { version: 1 })).statusCode, 404);
    });
  });
});
