import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, signInAgain, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { multipart } from '../files/samples.js';

/**
 * Alerts through the site and the API on the seeded plan, with the app's day fixed: a civil-society
 * account raises by the form and by the API, bad input comes back naming the field, what was written
 * is shown as text (never HTML), the lead agency answers, and the public log and the commitment page
 * show the shares computed from the alerts ("1 de 2").
 */
describe('alerts on the site and in the API', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let seeded: FastifyInstance;
    let store: Store;
    let planId: number;
    let commitment: number;
    let agencyName: string;
    let citizen: SignedIn;
    let editor: SignedIn;
    let otherEditor: SignedIn;
    let day = '2016-05-02';
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('alerts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const form = (who: SignedIn, url: string, values: Record<string, string>) =>
      app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload: { _csrf: who.csrf, ...values } });
    const api = (who: SignedIn, method: 'POST' | 'PUT' | 'DELETE', url: string, payload: unknown, lang = 'es') =>
      app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json', 'accept-language': lang },
        payload: JSON.stringify(payload),
      });
    const text = (html: string, selector: string) => parse(html).querySelector(selector)?.text.replace(/\s+/g, ' ').trim() ?? '';

    before(async () => {
      process.env.FILES_DIR ??= mkdtempSync(join(tmpdir(), 'vigia-alerts-'));
      const s = await seededApp(db);
      seeded = s.app;
      store = s.store;
      planId = s.planId;
      commitment = s.commitment(4);
      app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => day });
      const subject = (await commitmentSubject(store.db, commitment))!;
      agencyName = (await store.db.selectFrom('agencies').select('name').where('id', '=', subject.agency_id!).executeTakeFirstOrThrow())
        .name;
      const other = (await commitmentSubject(store.db, s.commitment(1)))!;
      citizen = await signIn(app, store, { role: 'civil-society', name: 'Proética' });
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: subject.agency_id!, name: 'Editora' });
      otherEditor = await signIn(app, store, { role: 'agency-editor', agencyId: other.agency_id! });
    });
    after(async () => {
      await app.close();
      await seeded.close();
    });

    test('the form: bad input names the field and keeps the text; a good one lands in the public log as text', async () => {
      const page = await app.inject({ url: `/compromisos/${commitment}/alertas/nueva`, headers: { cookie: citizen.cookie } });
      assert.equal(page.statusCode, 200);
      assert.ok(parse(page.body).querySelector('input[name=_csrf]'), 'the form carries a CSRF token');
      const noToken = await app.inject({
        method: 'POST',
        url: `/compromisos/${commitment}/alertas`,
        headers: { cookie: citizen.cookie },
        payload: { category: 'delay', alertText: 'x' },
      });
      assert.equal(noToken.statusCode, 403);

      const bad = await form(citizen, `/compromisos/${commitment}/alertas`, {
        category: 'delay',
        alertText: 'Texto que se conserva',
        evidenceUrl: 'javascript:alert(1)',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(text(bad.body, '.error-summary'), /Enlace a una evidencia/);
      assert.equal(parse(bad.body).querySelector('textarea[name=alertText]')?.text, 'Texto que se conserva');
      const badEn = await form(citizen, `/en/compromisos/${commitment}/alertas`, { alertText: 'x' });
      assert.match(text(badEn.body, '.error-summary'), /Category/);
      assert.equal(await count(), 0);

      const ok = await form(citizen, `/compromisos/${commitment}/alertas`, {
        category: 'access',
        alertText: '<script>alert(1)</script>\nNo responden las solicitudes.',
      });
      assert.equal(ok.statusCode, 303);
      assert.match(String(ok.headers.location), new RegExp(`^/planes/${planId}/alertas\\?enviada=1#alerta-\\d+$`));
      const log = await app.inject({ url: String(ok.headers.location).split('#')[0]! });
      assert.equal(log.statusCode, 200);
      assert.ok(!log.body.includes('<script>alert(1)'), 'never rendered as HTML');
      assert.ok(log.body.includes('&lt;script>alert(1)&lt;/script>'), 'shown as the text it is');
      assert.match(text(log.body, '[role=status]'), /Se registró su alerta/);
      // Monday 2016-05-02 + 10 working days (no holidays listed) = Monday 2016-05-16.
      assert.match(text(log.body, '.alert-item'), /Responder a más tardar el 16 de mayo de 2016/);
      assert.equal(text(log.body, '#alert-share'), 'En el plan: 0 de 1 alertas respondidas dentro del plazo.');
    });

    test('the honeypot: hidden in the form; filled in, answered as if raised — nothing stored, nothing counted', async () => {
      const page = parse((await app.inject({ url: `/compromisos/${commitment}/alertas/nueva`, headers: { cookie: citizen.cookie } })).body);
      const trap = page.querySelector('form input[name=website]');
      assert.ok(
        trap && trap.closest('[aria-hidden=true]') && trap.getAttribute('tabindex') === '-1',
        'the honeypot is in the form, hidden from people and from assistive technology',
      );
      const before = await count();
      const events = async () => (await store.db.selectFrom('rate_events').select('id').where('action', '=', 'alert').execute()).length;
      const counted = await events();
      const robot = await form(citizen, `/compromisos/${commitment}/alertas`, {
        category: 'other',
        alertText: 'Compre ya',
        website: 'http://spam.example',
      });
      assert.equal(robot.statusCode, 303);
      assert.equal(String(robot.headers.location), `/planes/${planId}/alertas?enviada=1`);
      assert.equal(await count(), before);
      assert.equal(await events(), counted);
    });

    test('the API: 201 with the id, a 400 naming the field in the asker’s language, and the daily limit (429 with Retry-After)', async () => {
      const res = await api(citizen, 'POST', `/api/v1/workspace/commitments/${commitment}/alerts`, {
        category: 'quality',
        alertText: 'Los datos publicados no coinciden con el informe.',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.ok(res.json().id > 0);
      const bad = await api(
        citizen,
        'POST',
        `/api/v1/workspace/commitments/${commitment}/alerts`,
        { category: 'quality', alertText: 'x'.repeat(4001) },
        'en',
      );
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().error.fields), ['alertText']);
      assert.match(bad.json().error.fields.alertText, /Description of the alert.*4000/);
      const editorTries = await api(editor, 'POST', `/api/v1/workspace/commitments/${commitment}/alerts`, {
        category: 'delay',
        alertText: 'x',
      });
      assert.equal(editorTries.statusCode, 403);
      for (let i = 0; i < 3; i++)
        assert.equal(
          (
            await api(citizen, 'POST', `/api/v1/workspace/commitments/${commitment}/alerts`, {
              category: 'other',
              alertText: `Alerta ${i}`,
            })
          ).statusCode,
          201,
        );
      const limited = await api(citizen, 'POST', `/api/v1/workspace/commitments/${commitment}/alerts`, {
        category: 'other',
        alertText: 'La sexta',
      });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0, 'the wait is said in Retry-After');
      assert.equal(limited.json().error.code, 'rate_limited');
      assert.equal(await count(), 5);
      // Through the form: said on the text with the wait, what was typed kept.
      const limitedForm = await form(citizen, `/compromisos/${commitment}/alertas`, {
        category: 'other',
        alertText: 'La séptima',
        website: '',
      });
      assert.equal(limitedForm.statusCode, 429);
      assert.ok(Number(limitedForm.headers['retry-after']) > 0);
      assert.match(
        text(limitedForm.body, '.error-summary'),
        /Ya envió 5 alertas en las últimas 24 horas, el máximo\. Podrá enviar otra en \d+ hora\(s\)/,
      );
      assert.equal(parse(limitedForm.body).querySelector('textarea[name=alertText]')?.text, 'La séptima');
      assert.equal(await count(), 5);
    });

    test('the lead agency answers (another agency may not); the log and the commitment page count it, per agency and per plan', async () => {
      const ids = (await store.db.selectFrom('alerts').select('id').orderBy('id').execute()).map((r) => r.id);
      assert.equal((await app.inject({ url: `/espacio/alertas/${ids[0]}`, headers: { cookie: otherEditor.cookie } })).statusCode, 403);
      assert.equal((await form(otherEditor, `/espacio/alertas/${ids[0]}/respuesta`, { answerText: 'No es nuestra' })).statusCode, 403);
      const empty = await form(editor, `/espacio/alertas/${ids[0]}/respuesta`, { answerText: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(text(empty.body, '.error-summary'), /Respuesta/);
      day = '2016-05-16'; // the deadline day: within (a new session: the one begun on the 2nd ended on the app's clock)
      editor = await signInAgain(app, store, editor);
      const ok = await form(editor, `/espacio/alertas/${ids[0]}/respuesta`, { answerText: 'Se atendió la solicitud.' });
      assert.equal(ok.statusCode, 303);
      day = '2016-05-17'; // the day after: late
      editor = await signInAgain(app, store, editor);
      assert.equal(
        (await api(editor, 'POST', `/api/v1/workspace/alerts/${ids[1]}/answer`, { answerText: 'Respuesta tardía.' })).statusCode,
        200,
      );
      const twice = await api(editor, 'POST', `/api/v1/workspace/alerts/${ids[1]}/answer`, { answerText: 'Otra vez.' });
      assert.match(twice.json().error.fields.answerText, /ya tiene respuesta/);

      const log = await app.inject({ url: `/planes/${planId}/alertas` });
      assert.equal(text(log.body, '#alert-share'), 'En el plan: 1 de 5 alertas respondidas dentro del plazo.');
      const rows = parse(log.body)
        .querySelectorAll('table tbody tr')
        .map((tr) =>
          tr
            .querySelectorAll('th, td')
            .map((c) => c.text.trim())
            .join(' | '),
        );
      assert.deepEqual(rows, [`${agencyName} | 1 de 5`]);
      const json = (await app.inject({ url: `/api/v1/plans/${planId}/alerts` })).json();
      assert.deepEqual(json.share, { within: 1, total: 5 });
      assert.deepEqual(
        json.byAgency.map((a: { agencyName: string; within: number; total: number }) => [a.agencyName, a.within, a.total]),
        [[agencyName, 1, 5]],
      );
      assert.deepEqual(
        json.alerts
          .filter((a: { status: string }) => a.status === 'answered')
          .map((a: { answeredWithin: boolean; deadline: string; answeredOn: string }) => [a.deadline, a.answeredOn, a.answeredWithin])
          .sort(),
        [
          ['2016-05-16', '2016-05-16', true],
          ['2016-05-16', '2016-05-17', false],
        ],
      );
      const en = await app.inject({ url: `/en/planes/${planId}/alertas` });
      assert.equal(text(en.body, '#alert-share'), 'In the plan: 1 of 5 alerts answered within the deadline.');
      assert.match(en.body, /Past its deadline, unanswered/);
      const page = await app.inject({ url: `/compromisos/${commitment}` });
      assert.match(text(page.body, 'section[aria-labelledby=alertas]'), /1 de 5 respondidas dentro del plazo/);
      assert.match(text(page.body, 'section[aria-labelledby=alertas]'), /Respondida dentro del plazo.*Se atendió la solicitud/);
    });

    test('the open alerts are early warnings from the day after their deadline', async () => {
      const board = async (date: string) => {
        const res = await app.inject({
          url: `/api/v1/workspace/plans/${planId}/monitoring?date=${date}`,
          headers: { cookie: editor.cookie },
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 200));
        return res
          .json()
          .commitments.flatMap((c: { warnings: { code: string }[] }) => c.warnings)
          .filter((w: { code: string }) => w.code === 'alert-overdue').length;
      };
      assert.equal(await board('2016-05-16'), 0);
      assert.equal(await board('2016-05-17'), 3, 'the three alerts still open');
    });

    test('a file as evidence: checked by its content like evidence uploads, refused by name on the field, downloaded as an attachment', async () => {
      const uploader = await signIn(app, store, { role: 'civil-society', name: 'Red de vigilancia' });
      const send = (file: { name: string; bytes: Uint8Array }) => {
        const body = multipart({ _csrf: uploader.csrf, category: 'quality', alertText: 'El acta publicada no coincide.' }, [
          { field: 'evidenceFile', ...file },
        ]);
        return app.inject({
          method: 'POST',
          url: `/compromisos/${commitment}/alertas`,
          headers: { cookie: uploader.cookie, ...body.headers },
          payload: body.payload,
        });
      };
      const before = await count();
      const refused = await send({ name: 'acta.pdf', bytes: Buffer.from('no es un PDF') });
      assert.equal(refused.statusCode, 400);
      assert.ok(parse(refused.body).querySelector('#f-evidenceFile-error'), 'the error is on the file field');
      assert.equal(parse(refused.body).querySelector('textarea[name=alertText]')?.text, 'El acta publicada no coincide.');
      assert.equal(await count(), before, 'nothing written');
      const ok = await send({ name: 'acta.csv', bytes: Buffer.from('fecha,asistentes\n2016-05-10,12\n') });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      const id = Number(/alerta-(\d+)/.exec(String(ok.headers.location))![1]);
      const log = await app.inject({ url: `/planes/${planId}/alertas` });
      assert.ok(parse(log.body).querySelector(`#alerta-${id} a[href="/alertas/${id}/archivo"]`), 'the log links the file');
      const file = await app.inject({ url: `/alertas/${id}/archivo` });
      assert.equal(file.statusCode, 200);
      assert.equal(file.body, 'fecha,asistentes\n2016-05-10,12\n');
      assert.match(String(file.headers['content-disposition']), /^attachment; filename="acta.csv"/);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.equal((await app.inject({ url: `/alertas/${id - 1}/archivo` })).statusCode, 404, 'an alert without a file');
    });
  });
});
