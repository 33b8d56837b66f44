import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/storage/connect.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { activityRow, buildEarlyWarningsPlan, type EarlyWarningsPlan } from '../helpers/plans.js';

/**
 * The monitoring board, its acknowledgement form and the settings form as a browser posts them (CSRF,
 * errors naming the field, nothing changed on a refusal), the filters as GET parameters, each agency's
 * view, and the same operations in the workspace API. The app's day is fixed: 2040-04-01.
 */
const TODAY = '2040-04-01';

describe('the monitoring board, its forms and its API', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let p: EarlyWarningsPlan;
    let coordinator: SignedIn;
    let editorA: SignedIn;
    let editorB: SignedIn;

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      coordinator = await signIn(app, store, { role: 'coordinator', governmentId: p.governmentId, name: 'Carla' });
      editorA = await signIn(app, store, { role: 'agency-editor', agencyId: p.agencies.AAA, name: 'Ana' });
      editorB = await signIn(app, store, { role: 'agency-editor', agencyId: p.agencies.BBB, name: 'Beto' });
    });
    after(async () => app.close());

    const page = async (who: SignedIn, url: string, status = 200) => {
      const res = await app.inject({ url, headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, status, res.body.slice(0, 400));
      return parse(res.body);
    };
    const rowsOf = (doc: ReturnType<typeof parse>) =>
      doc
        .querySelectorAll('table.board tbody tr')
        .map((tr) => [
          tr.querySelector('th a')!.text,
          tr.querySelector('.light')!.text.trim(),
          tr.querySelectorAll('.warnings > li').length,
        ]);
    const count = async (table: 'warning_acknowledgements' | 'plan_monitoring_settings') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('the coordinator sees every commitment with a light in words and a shape, and its warnings, in Spanish and English', async () => {
      const doc = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento`);
      assert.deepEqual(rowsOf(doc), [
        // C1: behind schedule, activity 1 overdue, 90 days without an update.
        ['Compromiso 1', 'Ámbar', 3],
        ['Compromiso 2', 'Ámbar', 2],
        ['Compromiso 3', 'Ámbar', 1],
        ['Compromiso 4', 'Ámbar', 1],
      ]);
      assert.ok(doc.querySelector('table.board .light svg path'), 'amber is a triangle');
      assert.match(doc.querySelector('.lead')!.text, /1 de abril de 2040/);
      assert.equal(doc.querySelector('#warning-counts')!.text, '7 alertas abiertas · 0 atendidas');
      assert.match(
        doc.querySelector('#c-' + p.c[0])!.text,
        /La actividad 1 \(«Actividad 1»\) debía terminar el 31 de marzo de 2040 y no está concluida \(1 día de retraso\)\./,
      );
      const en = await page(coordinator, `/en/espacio/planes/${p.planId}/seguimiento`);
      assert.deepEqual(
        rowsOf(en).map((r) => r[1]),
        ['Amber', 'Amber', 'Amber', 'Amber'],
      );
      assert.match(en.querySelector('#c-' + p.c[0])!.text, /Reported progress is 25% where the planned dates expect 50%/);
      assert.ok(en.querySelector(`a[href="/en/espacio/planes/${p.planId}/seguimiento/ajustes"]`));
    });

    test('filters by agency, theme and severity are GET parameters; a wrong one is a 400 naming it', async () => {
      const byAgency = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento?entidad=${p.agencies.BBB}`);
      assert.deepEqual(
        rowsOf(byAgency).map((r) => r[0]),
        ['Compromiso 2', 'Compromiso 4'],
      );
      assert.equal(byAgency.querySelector(`#f-entidad option[value="${p.agencies.BBB}"]`)!.getAttribute('selected'), '');
      const byTheme = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento?tema=${p.themes[1]}&gravedad=warning`);
      assert.deepEqual(
        rowsOf(byTheme).map((r) => r[0]),
        ['Compromiso 3', 'Compromiso 4'],
      );
      const critical = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento?gravedad=critical`);
      assert.equal(critical.querySelectorAll('table.board').length, 0);
      assert.match(critical.text, /Ningún compromiso cumple los filtros/);
      const wrong = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento?gravedad=alta`, 400);
      assert.match(wrong.text, /gravedad/);
      await page(coordinator, `/espacio/planes/${p.planId}/seguimiento?entidad=uno`, 400);
    });

    test('an agency editor sees only its agency’s commitments; the settings are the coordinator’s', async () => {
      const doc = await page(editorB, `/espacio/planes/${p.planId}/seguimiento`);
      assert.deepEqual(
        rowsOf(doc).map((r) => r[0]),
        ['Compromiso 2', 'Compromiso 4'],
      );
      assert.equal(doc.querySelectorAll('a[href$="/seguimiento/ajustes"]').length, 0);
      await page(editorB, `/espacio/planes/${p.planId}/seguimiento/ajustes`, 403);
      // The workspace home links each person's boards.
      const home = await page(editorB, '/espacio');
      assert.ok(home.querySelector(`a[href="/espacio/planes/${p.planId}/seguimiento"]`));
      assert.ok((await page(coordinator, '/espacio')).querySelector(`a[href="/espacio/planes/${p.planId}/seguimiento"]`));
    });

    test('acknowledging: a refusal without the CSRF token, errors naming the field with what was typed, then the answer listed', async () => {
      const doc = await page(editorA, `/espacio/planes/${p.planId}/seguimiento`);
      const form = doc
        .querySelectorAll(`#c-${p.c[0]} form`)
        .find((f) => f.querySelector('input[name="warningKey"]')!.getAttribute('value') === `activity-overdue:activity:${p.a.a1}`)!;
      const csrf = form.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
      const post = (payload: Record<string, string>, lang: 'es' | 'en' = 'es') =>
        app.inject({
          method: 'POST',
          url: `${lang === 'en' ? '/en' : ''}/espacio/compromisos/${p.c[0]}/alertas`,
          headers: { cookie: editorA.cookie },
          payload,
        });
      const key = `activity-overdue:activity:${p.a.a1}`;

      assert.equal((await post({ warningKey: key, ackReason: 'Sin token', correctiveAction: 'x' })).statusCode, 403);
      const missing = await post({ _csrf: csrf, warningKey: key, ackReason: 'Falta de presupuesto', correctiveAction: '' });
      assert.equal(missing.statusCode, 400);
      const shown = parse(missing.body);
      assert.match(shown.querySelector('.error-summary')!.text, /Complete «Acción correctiva»/);
      assert.equal(shown.querySelector(`#c-${p.c[0]} details[open] textarea[name="ackReason"]`)!.text, 'Falta de presupuesto');
      const past = parse((await post({ _csrf: csrf, warningKey: key, newPlannedEnd: '2040-03-01' }, 'en')).body);
      assert.match(past.querySelector('.error-summary')!.text, /“New planned end date” cannot be before today \(April 1, 2040\)\./);
      // A warning the board does not list (a key made up): the error on top of the board.
      const madeUp = await post({ _csrf: csrf, warningKey: 'nada:commitment:1', ackReason: 'x', correctiveAction: 'y' });
      assert.equal(madeUp.statusCode, 400);
      assert.match(parse(madeUp.body).querySelector('.error-summary')!.text, /El valor de «Alerta» no es válido/);
      assert.equal(await count('warning_acknowledgements'), 0);
      assert.equal((await activityRow(store, p.a.a1)).planned_end, '2040-03-31');
      // Only the overdue activity's answer has a date field: behind schedule and "no update" are answered
      // by a reason and a corrective action (a date sent is refused).
      assert.deepEqual(
        doc
          .querySelectorAll(`#c-${p.c[0]} form`)
          .filter((f) => f.querySelector('input[name="newPlannedEnd"]'))
          .map((f) => f.querySelector('input[name="warningKey"]')!.getAttribute('value')),
        [`activity-overdue:activity:${p.a.a1}`],
      );

      const ok = await post({
        _csrf: csrf,
        warningKey: `commitment-behind-schedule:commitment:${p.c[0]}`,
        ackReason: 'Falta de presupuesto',
        correctiveAction: 'Reasignación en mayo',
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `/espacio/planes/${p.planId}/seguimiento?guardado=1#c-${p.c[0]}`);
      const after = await page(editorA, String(ok.headers.location));
      assert.match(after.querySelector('.notice')!.text, /Se registró la respuesta/);
      const row = after.querySelector(`#c-${p.c[0]}`)!;
      assert.match(
        row.querySelector('.warning-acknowledged')!.text,
        /Atendida por Ana el .*Razón: Falta de presupuesto.*Acción correctiva: Reasignación en mayo/s,
      );
      assert.equal(row.querySelector('.light')!.text.trim(), 'Ámbar', 'still amber: the answer does not end the delay');
      assert.equal(after.querySelector('#warning-counts')!.text, '3 alertas abiertas · 1 atendida');

      // Another agency may not answer it: 403.
      const other = await app.inject({
        method: 'POST',
        url: `/espacio/compromisos/${p.c[0]}/alertas`,
        headers: { cookie: editorB.cookie },
        payload: { _csrf: editorB.csrf, warningKey: key, newPlannedEnd: '2040-05-31' },
      });
      assert.equal(other.statusCode, 403);
    });

    test('a new planned date through the API: 201, the original date beside the new one on the board and the commitment pages', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/commitments/${p.c[0]}/acknowledgements`,
        headers: { cookie: editorA.cookie, 'x-csrf-token': editorA.csrf },
        payload: { warningKey: `activity-overdue:activity:${p.a.a1}`, newPlannedEnd: '2040-04-30' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const bad = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/commitments/${p.c[0]}/acknowledgements`,
        headers: { cookie: editorA.cookie, 'x-csrf-token': editorA.csrf, 'accept-language': 'en' },
        payload: { warningKey: 'nada:commitment:1', ackReason: 'x', correctiveAction: 'y' },
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().error.fields), ['warningKey']);

      const board = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento`);
      assert.match(
        board.querySelector(`#c-${p.c[0]} .moved`)!.text,
        /1\. Actividad 1: 30 de abril de 2040 \(fecha original: 31 de marzo de 2040\)/,
      );
      const publicPage = parse((await app.inject({ url: `/compromisos/${p.c[0]}` })).body);
      assert.match(publicPage.querySelector('#actividad-1')!.text, /30 de abril de 2040\s*\(fecha original: 31 de marzo de 2040\)/);
      const workspace = await page(editorA, `/en/espacio/compromisos/${p.c[0]}`);
      assert.match(workspace.text, /April 30, 2040 \(original date: March 31, 2040\)/);

      const api = await app.inject({
        url: `/api/v1/workspace/plans/${p.planId}/monitoring?date=2040-05-01&agency=${p.agencies.AAA}`,
        headers: { cookie: editorA.cookie },
      });
      assert.equal(api.statusCode, 200, api.body);
      const json = api.json();
      assert.equal(json.date, '2040-05-01');
      assert.deepEqual(
        json.commitments.map((c: { number: number; light: string }) => [c.number, c.light]),
        [
          [1, 'red'],
          [3, 'amber'],
        ],
      );
      const overdue = json.commitments[0].warnings.find((w: { code: string }) => w.code === 'activity-overdue');
      assert.deepEqual(
        [overdue.key, overdue.params.plannedEnd, overdue.acknowledgement],
        [`activity-overdue:activity:${p.a.a1}`, '2040-04-30', null],
      );
      for (const q of ['date=2040-13-01', 'severity=alta', 'color=red']) {
        const r = await app.inject({ url: `/api/v1/workspace/plans/${p.planId}/monitoring?${q}`, headers: { cookie: editorA.cookie } });
        assert.equal(r.statusCode, 400, q);
      }
    });

    test('the settings form: its values, errors naming the field with nothing saved, a save audited, the API', async () => {
      const form = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento/ajustes`);
      assert.equal(form.querySelector('#f-behindPoints')!.getAttribute('value'), '20');
      assert.equal(form.querySelector('#f-staleDays')!.getAttribute('value'), '60');
      assert.equal(form.querySelector('#f-publicTrafficLight')!.getAttribute('checked'), undefined);
      const csrf = form.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
      const post = (payload: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: `/espacio/planes/${p.planId}/seguimiento/ajustes`,
          headers: { cookie: coordinator.cookie },
          payload,
        });
      assert.equal((await post({ behindPoints: '30', staleDays: '90' })).statusCode, 403);
      const bad = await post({ _csrf: csrf, behindPoints: '101', staleDays: '90' });
      assert.equal(bad.statusCode, 400);
      const errors = parse(bad.body);
      assert.match(
        errors.querySelector('.error-summary')!.text,
        /«Puntos de atraso que activan la alerta \(de 1 a 100\)» está fuera del rango permitido \(límite: 100\)/,
      );
      assert.equal(errors.querySelector('#f-behindPoints')!.getAttribute('value'), '101');
      assert.equal(await count('plan_monitoring_settings'), 0);

      const ok = await post({ _csrf: csrf, behindPoints: '30', staleDays: '90', publicTrafficLight: 'on' });
      assert.equal(ok.statusCode, 303);
      const saved = await page(coordinator, String(ok.headers.location));
      assert.equal(saved.querySelector('#f-behindPoints')!.getAttribute('value'), '30');
      assert.equal(saved.querySelector('#f-publicTrafficLight')!.getAttribute('checked'), '');
      const entry = await store.db
        .selectFrom('audit_log')
        .select(['actor', 'plan_id'])
        .where('entity', '=', 'plan_monitoring_settings')
        .executeTakeFirstOrThrow();
      assert.deepEqual(entry, { actor: `user:${coordinator.actor.userId}`, plan_id: p.planId });
      // Unticking the box turns the public light off.
      await post({ _csrf: csrf, behindPoints: '30', staleDays: '90' });
      const put = await app.inject({
        method: 'PUT',
        url: `/api/v1/workspace/plans/${p.planId}/monitoring-settings`,
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
        payload: { staleDays: 45 },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json().settings, { behindPoints: 30, staleDays: 45, publicTrafficLight: false });
      const wrong = await app.inject({
        method: 'PUT',
        url: `/api/v1/workspace/plans/${p.planId}/monitoring-settings`,
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
        payload: { staleDays: 0, colour: 'red' },
      });
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(Object.keys(wrong.json().error.fields).sort(), ['colour', 'staleDays']);
    });
  });
});
