import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { raiseAlert } from '../../src/services/alerts.js';
import { digestFor } from '../../src/services/notifications/digest.js';
import type { Store } from '../../src/storage/connect.js';
import { listDigestRecipients } from '../../src/storage/digest.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildEarlyWarningsPlan, writerAt, type EarlyWarningsPlan } from '../helpers/plans.js';

/**
 * A co-lead agency (decision 030) sees the commitment it co-leads as its own, as the first lead does: on the
 * monitoring board (its rows, the agency filter, the acknowledgement forms), on the workspace home (the
 * commitment with every agency that leads it), in the alerts it answers, and in its daily digest. Here BBB
 * co-leads Compromiso 1, which AAA leads first; Compromiso 3 is AAA's alone. The app's day: 2040-04-01.
 */
const TODAY = '2040-04-01';

describe('a co-lead agency’s board, home, alerts to answer and digest', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let p: EarlyWarningsPlan;
    let coordinator: SignedIn;
    let coLeadEditor: SignedIn;
    let alertOnCoLed: number;
    let alertOnOther: number;

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      await writerAt(store, '2040-01-02T10:00:00.000Z')
        .forPlan(p.planId)
        .forCommitment(p.c[0])
        .insert('commitment_co_leads', { commitment_id: p.c[0], agency_id: p.agencies.BBB, valid_from: '2040-01-01', valid_to: null });
      app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      coordinator = await signIn(app, store, { role: 'coordinator', governmentId: p.governmentId, name: 'Carla' });
      coLeadEditor = await signIn(app, store, { role: 'agency-editor', agencyId: p.agencies.BBB, name: 'Beto' });
      const citizen = await signIn(app, store, { role: 'civil-society', name: 'Proética' });
      const raise = async (commitmentId: number, text: string) => {
        const r = await raiseAlert(store, citizen.actor, commitmentId, { category: 'delay', alertText: text }, '2040-03-20');
        assert.ok(r.ok && 'id' in r, JSON.stringify(r));
        return r.id!;
      };
      alertOnCoLed = await raise(p.c[0], 'La actividad 1 no avanza.');
      alertOnOther = await raise(p.c[2], 'No hay evidencia.');
    });
    after(async () => app.close());

    const page = async (who: SignedIn, url: string, status = 200) => {
      const res = await app.inject({ url, headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, status, res.body.slice(0, 400));
      return parse(res.body);
    };
    const boardRows = (doc: ReturnType<typeof parse>) =>
      doc.querySelectorAll('table.board tbody tr').map((tr) => [tr.querySelector('th a')!.text, tr.querySelectorAll('td')[1]!.text]);

    test('the board: the co-lead’s editor sees the co-led commitment as its own, may answer its warnings; the agency filter matches co-leads', async () => {
      const own = await page(coLeadEditor, `/espacio/planes/${p.planId}/seguimiento`);
      assert.deepEqual(boardRows(own), [
        ['Compromiso 1', 'AAA, BBB'],
        ['Compromiso 2', 'BBB'],
        ['Compromiso 4', 'BBB'],
      ]);
      assert.ok(own.querySelector(`#c-${p.c[0]} form[action="/espacio/compromisos/${p.c[0]}/alertas"]`), 'its acknowledgement forms');
      const filtered = await page(coordinator, `/espacio/planes/${p.planId}/seguimiento?entidad=${p.agencies.BBB}`);
      assert.deepEqual(
        boardRows(filtered).map((r) => r[0]),
        ['Compromiso 1', 'Compromiso 2', 'Compromiso 4'],
      );
      const api = await app.inject({
        url: `/api/v1/workspace/plans/${p.planId}/monitoring?agency=${p.agencies.BBB}`,
        headers: { cookie: coLeadEditor.cookie },
      });
      assert.equal(api.statusCode, 200, api.body);
      const first = api.json().commitments[0];
      assert.deepEqual(
        [first.number, first.canAcknowledge, first.agency.id, first.coLeads.map((a: { id: number }) => a.id)],
        [1, true, p.agencies.AAA, [p.agencies.BBB]],
      );
    });

    test('the workspace home lists the co-led commitment with every agency that leads it, and links its board', async () => {
      const home = await page(coLeadEditor, '/espacio');
      const row = home.querySelectorAll('table tbody tr').find((tr) => tr.text.includes('Compromiso 1'));
      assert.ok(row, 'Compromiso 1 is on the home');
      assert.match(row.text, /AAA, BBB/);
      assert.ok(home.querySelector(`a[href="/espacio/planes/${p.planId}/seguimiento"]`));
    });

    test('alerts to answer: the co-lead’s editor lists the co-led commitment’s alert (not another’s) and answers it', async () => {
      const list = await page(coLeadEditor, `/espacio/planes/${p.planId}/alertas`);
      assert.ok(list.querySelector(`a[href="/espacio/alertas/${alertOnCoLed}"]`), 'the co-led commitment’s alert is listed');
      assert.equal(list.querySelector(`a[href="/espacio/alertas/${alertOnOther}"]`), null);
      await page(coLeadEditor, `/espacio/alertas/${alertOnOther}`, 403);
      const answer = await app.inject({
        method: 'POST',
        url: `/espacio/alertas/${alertOnCoLed}/respuesta`,
        headers: { cookie: coLeadEditor.cookie },
        payload: { _csrf: coLeadEditor.csrf, answerText: 'Retomamos la actividad en abril.' },
      });
      assert.equal(answer.statusCode, 303, answer.body.slice(0, 400));
      const row = await store.db.selectFrom('alerts').selectAll().where('id', '=', alertOnCoLed).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.answered_by_name], ['answered', 'Beto']);
    });

    test('the daily digest of the co-lead’s editor tells the co-led commitment’s warnings', async () => {
      const person = (await listDigestRecipients(store.db)).find((r) => r.id === coLeadEditor.actor.userId)!;
      const digest = await digestFor(store, person, TODAY, {});
      assert.ok(
        digest?.digest.newWarnings.some((w) => w.code === 'activity-overdue' && w.subject.id === p.a.a1),
        JSON.stringify(digest?.digest.newWarnings.map((w) => [w.commitmentId, w.code])),
      );
    });
  });
});
