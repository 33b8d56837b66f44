import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { acknowledgeWarning, saveMonitoringSettings } from '../../src/services/monitoring/actions.js';
import { getMonitoringBoard } from '../../src/services/monitoring/board.js';
import { digestFor } from '../../src/services/notifications/digest.js';
import { runFollowMessages } from '../../src/services/notifications/follows.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import { saveActivity, saveCommitment } from '../../src/services/workspace/commitments.js';
import { addIndicator } from '../../src/services/workspace/indicators.js';
import { isAppError } from '../../src/errors.js';
import { insertTold, listDigestRecipients } from '../../src/storage/digest.js';
import { appendAuditEntry, latestAuditId } from '../../src/storage/audit.js';
import * as F from '../../src/storage/follows.js';
import type { Store } from '../../src/storage/connect.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildEarlyWarningsPlan, writerAt, type EarlyWarningsPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * What the review of issue 6 found, each held by a test that fails without its fix: the public feeds
 * and history keep the workspace's own records out and name the indicator records in words.
 */
const TODAY = '2040-04-01';

describe('issue 6 review fixes: public feeds', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let p: EarlyWarningsPlan;
    let coordinator: SignedIn;

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      coordinator = await signIn(app, store, { role: 'coordinator', governmentId: p.governmentId, name: 'Carla' });
    });
    after(async () => app.close());

    test('feeds leave out acknowledgements and monitoring settings, and name indicator records in words (es, en)', async () => {
      assert.ok(
        (
          await acknowledgeWarning(
            store,
            coordinator.actor,
            p.c[1],
            { warningKey: `level-without-reason:commitment:${p.c[1]}`, ackReason: 'Secreto interno', correctiveAction: 'Se escribirán' },
            TODAY,
            nowIso(),
          )
        ).ok,
      );
      assert.ok((await saveMonitoringSettings(store, coordinator.actor, p.planId, { publicTrafficLight: 'on' }, nowIso())).ok);
      const added = await addIndicator(
        store,
        coordinator.actor,
        p.c[1],
        {
          indicatorName: 'Solicitudes',
          unit: '%',
          direction: 'up',
          baselineValue: '40',
          baselineDate: '2040-01-01',
          targetValue: '90',
          targetDate: '2040-12-31',
          frequency: 'quarterly',
        },
        nowIso(),
      );
      assert.ok(added.ok);
      for (const url of [
        `/planes/${p.planId}/cambios.atom`,
        `/compromisos/${p.c[1]}/cambios.atom`,
        `/en/planes/${p.planId}/cambios.atom`,
      ]) {
        const res = await app.inject(url);
        assert.equal(res.statusCode, 200, url);
        assert.doesNotMatch(res.body, /warning_acknowledgements|plan_monitoring_settings|Secreto interno/, url);
      }
      assert.match((await app.inject(`/planes/${p.planId}/cambios.atom`)).body, /1 indicadores/);
      const history = await app.inject(`/compromisos/${p.c[1]}/historial`);
      assert.doesNotMatch(history.body, /Secreto interno|warning_acknowledgements/);
    });

    test('the public "last update" does not count a draft assessment (the semáforo reveals no draft)', async () => {
      const w = writerAt(store, '2040-03-25T08:00:00.000Z').forPlan(p.planId).forCommitment(p.c[0]);
      const round = await w.insert('rounds', {
        plan_id: p.planId,
        position: 1,
        kind: 'midterm',
        title: 'Intermedia',
        lang: 'es',
        cutoff_date: '2040-03-31',
        published: 0,
        published_at: null,
      });
      await w.insert('assessments', { round_id: round, commitment_id: p.c[0], level: 'substantial', lang: 'es', status: 'draft' });
      const stale = (ws: Awaited<ReturnType<typeof planWarnings>>) =>
        ws.find((x) => x.commitmentId === p.c[0] && x.code === 'commitment-stale');
      assert.equal(stale(await planWarnings(store, p.planId, TODAY)), undefined, 'the workspace counts the draft as an update');
      assert.equal(stale(await planWarnings(store, p.planId, TODAY, undefined, { publishedOnly: true }))?.params.lastUpdate, '2040-01-02');
    });

    test('an agency editor of another government is refused the board (403), its own government’s editor is not', async () => {
      const w = writerAt(store, '2040-01-03T08:00:00.000Z');
      const other = await w.insert('governments', { name: 'Otra República', kind: 'national', country_code: null, lang: 'es' });
      const foreign = await w.insert('agencies', { government_id: other, name: 'Agencia Ajena', acronym: 'AJE', lang: 'es' });
      const outsider = await signIn(app, store, { role: 'agency-editor', agencyId: foreign, name: 'Olga' });
      await assert.rejects(
        getMonitoringBoard(store, outsider.actor, p.planId, { date: TODAY }, 'es'),
        (e) => isAppError(e) && e.code === 'forbidden',
      );
      const res = await app.inject({ url: `/espacio/planes/${p.planId}/seguimiento`, headers: { cookie: outsider.cookie } });
      assert.equal(res.statusCode, 403);
      assert.doesNotMatch(res.body, /Plan de Prueba 2040/);
      const insider = await signIn(app, store, { role: 'agency-editor', agencyId: p.agencies.AAA, name: 'Ana' });
      const board = await getMonitoringBoard(store, insider.actor, p.planId, { date: TODAY }, 'es');
      assert.equal(board.scope, 'agency');
      assert.deepEqual(
        board.rows.map((r) => r.number),
        [1, 3],
      );
    });

    test('the form keeps the first planned end too: an activity’s and a commitment’s end moved twice keep the first one; none before, none kept', async () => {
      const version = async (table: 'activities' | 'commitments', id: number) =>
        (await store.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      const ends = async (table: 'activities' | 'commitments', id: number) => {
        const r = await store.db
          .selectFrom(table)
          .select(['planned_end', 'original_planned_end'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return [r.planned_end, r.original_planned_end];
      };
      assert.ok(
        (
          await saveActivity(
            store,
            coordinator.actor,
            p.a.a3,
            {
              plannedEnd: '2040-09-30',
              version: String(await version('activities', p.a.a3)),
            },
            nowIso(),
          )
        ).ok,
      );
      assert.deepEqual(await ends('activities', p.a.a3), ['2040-09-30', '2040-06-30']);
      assert.ok(
        (
          await saveActivity(
            store,
            coordinator.actor,
            p.a.a3,
            {
              plannedEnd: '2040-10-31',
              version: String(await version('activities', p.a.a3)),
            },
            nowIso(),
          )
        ).ok,
      );
      assert.deepEqual(await ends('activities', p.a.a3), ['2040-10-31', '2040-06-30'], 'the original is the first one');
      assert.ok(
        (
          await saveActivity(
            store,
            coordinator.actor,
            p.a.a3,
            {
              title: 'Otro título',
              version: String(await version('activities', p.a.a3)),
            },
            nowIso(),
          )
        ).ok,
      );
      assert.deepEqual(await ends('activities', p.a.a3), ['2040-10-31', '2040-06-30']);
      assert.ok(
        (
          await saveCommitment(
            store,
            coordinator.actor,
            p.c[1],
            {
              plannedEnd: '2041-03-31',
              modificationReason: 'Corrección de la ficha',
              modificationDate: '2020-01-01',
              version: String(await version('commitments', p.c[1])),
            },
            nowIso(),
          )
        ).ok,
      );
      assert.deepEqual(await ends('commitments', p.c[1]), ['2041-03-31', '2040-12-31']);
      assert.ok(
        (
          await saveCommitment(
            store,
            coordinator.actor,
            p.c[3],
            {
              plannedEnd: '2041-03-31',
              modificationReason: 'Corrección de la ficha',
              modificationDate: '2020-01-01',
              version: String(await version('commitments', p.c[3])),
            },
            nowIso(),
          )
        ).ok,
      );
      assert.deepEqual(await ends('commitments', p.c[3]), ['2041-03-31', null], 'no end before: nothing to keep');
      // The public commitment page shows the commitment's planned dates, with the original end beside the new one.
      const dates = async (url: string) =>
        parse((await app.inject(url)).body)
          .querySelector('.ficha .planned-dates')
          ?.text.replace(/\s+/g, ' ')
          .trim();
      assert.equal(
        await dates(`/compromisos/${p.c[1]}`),
        '1 de enero de 2040 – 31 de marzo de 2041 (fecha original: 31 de diciembre de 2040)',
      );
      assert.equal(await dates(`/en/compromisos/${p.c[1]}`), 'January 1, 2040 – March 31, 2041 (original date: December 31, 2040)');
      assert.equal(await dates(`/compromisos/${p.c[3]}`), '… – 31 de marzo de 2041');
    });

    test('a measurement’s date is bounded by the app’s day (2040-04-01), not the machine’s clock, in the API and the form', async () => {
      const added = await addIndicator(
        store,
        coordinator.actor,
        p.c[0],
        {
          indicatorName: 'Portales',
          unit: 'portales',
          direction: 'up',
          baselineValue: '0',
          baselineDate: '2040-01-01',
          targetValue: '10',
          targetDate: '2040-12-31',
          frequency: 'monthly',
        },
        nowIso(),
      );
      assert.ok(added.ok);
      const api = (measuredOn: string) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/workspace/indicators/${added.id}/measurements`,
          headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
          payload: { measuredValue: '2', measuredOn },
        });
      const ok = await api('2040-03-15');
      assert.equal(ok.statusCode, 201, ok.body);
      const future = await api('2040-04-02');
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /measuredOn/);
      const m = await store.db
        .selectFrom('indicator_measurements')
        .selectAll()
        .where('indicator_id', '=', added.id!)
        .executeTakeFirstOrThrow();
      const form = (measuredOn: string, version: number) =>
        app.inject({
          method: 'POST',
          url: `/espacio/mediciones/${m.id}`,
          headers: { cookie: coordinator.cookie },
          payload: { _csrf: coordinator.csrf, version: String(version), measuredValue: '3', measuredOn },
        });
      assert.equal((await form('2040-04-02', m.version)).statusCode, 400);
      assert.equal((await form('2040-04-01', m.version)).statusCode, 303);
      assert.equal(
        (await store.db.selectFrom('indicator_measurements').select('date').where('id', '=', m.id).executeTakeFirstOrThrow()).date,
        '2040-04-01',
      );
    });
  });
});

describe('issue 6 review fixes: the digest remembers each occurrence of a warning', () => {
  eachDatabase((db) => {
    let store: Store;
    let p: EarlyWarningsPlan;

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
    });

    test('an activity overdue, told, moved to a new date and overdue again is told again', async () => {
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      const editor = await signIn(app, store, { role: 'agency-editor', agencyId: p.agencies.AAA, name: 'Ana' });
      await app.close();
      const person = (await listDigestRecipients(store.db)).find((r) => r.id === editor.actor.userId)!;
      const overdue = (d: Awaited<ReturnType<typeof digestFor>>) =>
        d?.digest.newWarnings.filter((w) => w.code === 'activity-overdue' && w.subject.id === p.a.a1) ?? [];
      const first = await digestFor(store, person, '2040-04-01', {});
      assert.equal(overdue(first).length, 1);
      await insertTold(store.db, person.id, first!.keys, '2040-04-01');
      assert.equal(overdue(await digestFor(store, person, '2040-04-02', {})).length, 0, 'told once, not again while it lasts');
      assert.ok(
        (
          await acknowledgeWarning(
            store,
            editor.actor,
            p.c[0],
            { warningKey: `activity-overdue:activity:${p.a.a1}`, newPlannedEnd: '2040-04-10' },
            '2040-04-02',
            nowIso(),
          )
        ).ok,
      );
      assert.equal(overdue(await digestFor(store, person, '2040-04-05', {})).length, 0);
      const back = overdue(await digestFor(store, person, '2040-04-12', {}));
      assert.deepEqual(
        back.map((w) => w.params.plannedEnd),
        ['2040-04-10'],
      );
    });

    test('a commitment whose latest level is Completo has no deadline in the digest', async () => {
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      const editor = await signIn(app, store, { role: 'agency-editor', agencyId: p.agencies.AAA, name: 'Ana' });
      await app.close();
      const person = (await listDigestRecipients(store.db)).find((r) => r.id === editor.actor.userId)!;
      const ends = async () =>
        (await digestFor(store, person, '2040-12-20', {}))!.digest.deadlines
          .filter((d) => d.kind === 'commitment')
          .map((d) => d.commitment.id);
      assert.deepEqual(await ends(), [p.c[0]]);
      const w = writerAt(store, '2040-12-01T10:00:00.000Z').forPlan(p.planId).forCommitment(p.c[0]);
      const round = await w.insert('rounds', {
        plan_id: p.planId,
        position: 1,
        kind: 'end-of-term',
        title: 'Final',
        lang: 'es',
        cutoff_date: '2040-11-30',
        published: 0,
        published_at: null,
      });
      await w.insert('assessments', { round_id: round, commitment_id: p.c[0], level: 'complete', lang: 'es', status: 'draft' });
      assert.deepEqual(await ends(), []);
    });
  });
});

describe('issue 6 review fixes: followers hear of a round’s publication once', () => {
  eachDatabase((db) => {
    test('an edit of an already published round is no news; unpublished → published is', async () => {
      const store = await db.open();
      const p = await buildEarlyWarningsPlan(store);
      const round = await store.db.selectFrom('rounds').selectAll().where('plan_id', '=', p.planId).executeTakeFirstOrThrow();
      const follow = await F.upsertPendingFollow(
        store.db,
        { commitmentId: p.c[1], email: 'vecina@example.test', lang: 'es' },
        '2040-03-01T10:00:00.000Z',
      );
      await F.confirmFollow(store.db, follow.id, '2040-03-01T10:00:00.000Z', await latestAuditId(store.db));
      // An entry that says published both before and after (an edit logged with the whole row).
      await appendAuditEntry(store.db, {
        at: '2040-03-02T10:00:00.000Z',
        actor: 'test',
        action: 'update',
        entity: 'rounds',
        entity_id: round.id,
        plan_id: p.planId,
        commitment_id: null,
        before: JSON.stringify({ title: 'Evaluación periódica', published: 1 }),
        after: JSON.stringify({ title: 'Evaluación periódica 2040', published: 1 }),
        context: 'edit',
      });
      const first = await runFollowMessages(store, { now: '2040-03-02T11:00:00.000Z', dryRun: true, env: {} });
      assert.deepEqual(first.messages, []);
      // Unpublished, then published again: news.
      const w = writerAt(store, '2040-03-03T10:00:00.000Z').forPlan(p.planId);
      await w.update('rounds', round, { published: 0 });
      const hidden = await store.db.selectFrom('rounds').selectAll().where('id', '=', round.id).executeTakeFirstOrThrow();
      await w.update('rounds', hidden, { published: 1 });
      const second = await runFollowMessages(store, { now: '2040-03-03T11:00:00.000Z', dryRun: true, env: {} });
      assert.equal(second.messages.length, 1);
      assert.match(second.messages[0]!.text, /Se publicó la evaluación/);
    });
  });
});
