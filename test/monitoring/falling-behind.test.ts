import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import type { Actor } from '../../src/domain/roles.js';
import { trafficLight, warningKey, type Warning } from '../../src/domain/warnings.js';
import { buildApp } from '../../src/http/app.js';
import { acknowledgeWarning, saveMonitoringSettings } from '../../src/services/monitoring/actions.js';
import { getMonitoringBoard } from '../../src/services/monitoring/board.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import { getCommitmentHistory } from '../../src/services/history.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { activityRow, buildEarlyWarningsPlan, writerAt, type EarlyWarningsPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Issue 6's "done when": a plan whose activities fall behind on given dates, and the exact warnings and
 * traffic lights on each of those dates — as the state changes between them (writes on fixed days), an
 * agency moves a date, a coordinator answers a warning and changes the thresholds.
 */
const summary = (ws: Warning[], p: EarlyWarningsPlan) =>
  ws.map(
    (w) =>
      `C${p.c.indexOf(w.commitmentId) + 1} ${w.code} ${w.severity}${w.code === 'activity-overdue' ? ` a${w.params.activity} +${w.params.daysLate}` : ''}${w.code === 'commitment-stale' ? ` ${w.params.days}d` : ''}${w.code === 'commitment-behind-schedule' ? ` ${w.params.reported}/${w.params.expected}` : ''}`,
  );
const lights = (ws: Warning[], p: EarlyWarningsPlan) => p.c.map((id) => trafficLight(ws.filter((w) => w.commitmentId === id)));

describe('a plan falling behind, day by day: the exact warnings and lights', () => {
  eachDatabase((db) => {
    let store: Store;
    let p: EarlyWarningsPlan;
    let editorA: Actor;
    let coordinator: Actor;

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      editorA = {
        userId: 901,
        email: 'a@example.test',
        name: 'Ana Editora',
        role: 'agency-editor',
        agencyId: p.agencies.AAA,
        governmentId: null,
      };
      coordinator = {
        userId: 902,
        email: 'c@example.test',
        name: 'Carla Coordinadora',
        role: 'coordinator',
        agencyId: null,
        governmentId: p.governmentId,
      };
    });

    test('2040-01-31: only the level rules (Limitado without reasons, Completo without evidence)', async () => {
      const ws = await planWarnings(store, p.planId, '2040-01-31');
      assert.deepEqual(summary(ws, p), ['C2 level-without-reason warning', 'C3 complete-without-evidence warning']);
      assert.deepEqual(lights(ws, p), ['green', 'amber', 'amber', 'green']);
    });

    test('2040-03-02: 60 days without an update for those not touched since 2040-01-02 (not C1, updated on 02-15; not C3, Completo)', async () => {
      const a1 = await activityRow(store, p.a.a1);
      await writerAt(store, '2040-02-15T09:00:00.000Z')
        .forPlan(p.planId)
        .forCommitment(p.c[0])
        .update('activities', a1, { details: 'Avance de febrero' });
      assert.equal(
        summary(await planWarnings(store, p.planId, '2040-03-01'), p).filter((s) => s.includes('stale')).length,
        0,
        'day 59: none',
      );
      const ws = await planWarnings(store, p.planId, '2040-03-02');
      assert.deepEqual(summary(ws, p), [
        'C2 commitment-stale warning 60d',
        'C2 level-without-reason warning',
        'C3 complete-without-evidence warning',
        'C4 commitment-stale warning 60d',
      ]);
      assert.deepEqual(lights(ws, p), ['green', 'amber', 'amber', 'amber']);
    });

    test('2040-04-01: activity 1 of C1 overdue by a day, and C1 25 points behind (25 % reported, 50 % expected, since 03-30)', async () => {
      // On its planned end activity 1 is not late, but its window is over: 50 % expected already.
      assert.deepEqual(
        summary(await planWarnings(store, p.planId, '2040-03-31'), p).filter((s) => s.startsWith('C1')),
        ['C1 commitment-behind-schedule warning 25/50'],
      );
      // The day before: 89 of 90 days, 49.4 % expected, 24.4 points.
      assert.deepEqual(
        summary(await planWarnings(store, p.planId, '2040-03-30'), p).filter((s) => s.startsWith('C1')),
        ['C1 commitment-behind-schedule warning 25/49'],
      );
      const ws = await planWarnings(store, p.planId, '2040-04-01');
      assert.deepEqual(summary(ws, p), [
        'C1 commitment-behind-schedule warning 25/50',
        'C1 activity-overdue warning a1 +1',
        'C2 commitment-stale warning 90d',
        'C2 level-without-reason warning',
        'C3 complete-without-evidence warning',
        'C4 commitment-stale warning 90d',
      ]);
      assert.deepEqual(lights(ws, p), ['amber', 'amber', 'amber', 'amber']);
    });

    test('an agency moves activity 1 to 2040-04-30 and the coordinator answers C2’s missing reasons: C1 turns green, C2 stays amber with its answer', async () => {
      const today = '2040-04-01';
      // Someone else's agency: refused; a date in the past: refused, naming the field; nothing changes.
      await assert.rejects(
        acknowledgeWarning(
          store,
          { ...editorA, agencyId: p.agencies.BBB },
          p.c[0],
          { warningKey: `activity-overdue:activity:${p.a.a1}`, newPlannedEnd: '2040-04-30' },
          today,
          nowIso(),
        ),
        { code: 'forbidden' },
      );
      const past = await acknowledgeWarning(
        store,
        editorA,
        p.c[0],
        { warningKey: `activity-overdue:activity:${p.a.a1}`, newPlannedEnd: '2040-03-15' },
        today,
        nowIso(),
      );
      assert.deepEqual(past, { ok: false, errors: [{ field: 'newPlannedEnd', code: 'past_date', param: today }] });
      const none = await acknowledgeWarning(store, editorA, p.c[0], { warningKey: `activity-overdue:activity:${p.a.a1}` }, today, nowIso());
      assert.deepEqual(none.ok ? [] : 'errors' in none ? none.errors.map((e) => e.field) : [], ['ackReason', 'correctiveAction']);
      const wrong = await acknowledgeWarning(
        store,
        editorA,
        p.c[0],
        { warningKey: `activity-overdue:activity:${p.a.a3}`, ackReason: 'x', correctiveAction: 'y' },
        today,
        nowIso(),
      );
      assert.deepEqual(wrong.ok ? [] : 'errors' in wrong ? wrong.errors.map((e) => e.field) : [], ['warningKey']);
      assert.equal((await activityRow(store, p.a.a1)).planned_end, '2040-03-31');

      const moved = await acknowledgeWarning(
        store,
        editorA,
        p.c[0],
        { warningKey: `activity-overdue:activity:${p.a.a1}`, newPlannedEnd: '2040-04-30', ackReason: 'Demora en la contratación' },
        today,
        nowIso(),
      );
      assert.ok(moved.ok);
      const a1 = await activityRow(store, p.a.a1);
      assert.equal(a1.planned_end, '2040-04-30');
      assert.equal(a1.original_planned_end, '2040-03-31');
      const answered = await acknowledgeWarning(
        store,
        coordinator,
        p.c[1],
        {
          warningKey: `level-without-reason:commitment:${p.c[1]}`,
          ackReason: 'La entidad no envió las razones',
          correctiveAction: 'Se pedirán por oficio antes del 15 de abril',
        },
        today,
        nowIso(),
      );
      assert.ok(answered.ok);

      const ws = await planWarnings(store, p.planId, today);
      // C1: a1 runs to 04-30 now (91 of 120 days gone): 37.9 % expected, 25 % reported, within 20 points.
      assert.deepEqual(summary(ws, p), [
        'C2 commitment-stale warning 90d',
        'C2 level-without-reason warning',
        'C3 complete-without-evidence warning',
        'C4 commitment-stale warning 90d',
      ]);
      assert.deepEqual(lights(ws, p), ['green', 'amber', 'amber', 'amber']);

      const board = await getMonitoringBoard(store, coordinator, p.planId, { date: today }, 'es');
      assert.deepEqual(board.counts, { lights: { green: 1, amber: 3, red: 0, 'no-data': 0 }, open: 3, acknowledged: 1 });
      const c2 = board.rows.find((r) => r.id === p.c[1])!;
      const ack = c2.warnings.find((w) => w.code === 'level-without-reason')!.acknowledgement!;
      assert.equal(ack.by, 'Carla Coordinadora');
      assert.equal(ack.reason, 'La entidad no envió las razones');
      assert.equal(ack.correctiveAction, 'Se pedirán por oficio antes del 15 de abril');
      assert.equal(c2.light, 'amber', 'an answered warning still colours the light');
      const c1 = board.rows.find((r) => r.id === p.c[0])!;
      assert.deepEqual(
        c1.movedActivities.map((a) => [a.number, a.plannedEnd, a.originalPlannedEnd]),
        [[1, '2040-04-30', '2040-03-31']],
      );

      // The move is in the public history: the planned end, before and after.
      const history = await getCommitmentHistory(store, p.c[0], { page: 1 });
      const change = history.operations
        .flatMap((o) => o.changes)
        .flatMap((ch) => ch.fields)
        .find((f) => f.field === 'activities.planned_end');
      assert.deepEqual(
        [change?.before, change?.after],
        [
          { kind: 'date', date: '2040-03-31' },
          { kind: 'date', date: '2040-04-30' },
        ],
      );
    });

    test('2040-05-01: the moved activity is overdue again (a new warning, not the answered one); C1 critically behind; 120 days without updates is critical', async () => {
      const ws = await planWarnings(store, p.planId, '2040-05-01');
      assert.deepEqual(summary(ws, p), [
        // a1 done by 04-30 (100 % expected), a2 30 of 90 days: 66.7 % expected, 25 % reported: 41.7 points, more than twice 20.
        'C1 commitment-behind-schedule critical 25/67',
        'C1 commitment-stale warning 76d',
        'C1 activity-overdue warning a1 +1',
        'C2 commitment-stale critical 120d',
        'C2 level-without-reason warning',
        'C3 complete-without-evidence warning',
        'C4 commitment-stale critical 120d',
      ]);
      assert.deepEqual(lights(ws, p), ['red', 'red', 'amber', 'red']);
      const board = await getMonitoringBoard(store, coordinator, p.planId, { date: '2040-05-01' }, 'en');
      const overdue = board.rows[0]!.warnings.find((w) => w.code === 'activity-overdue')!;
      assert.equal(overdue.acknowledgement, null, 'the answer was about the old date');
      assert.equal(overdue.message, 'Activity 1 ("Actividad 1") was due to end on April 30, 2040 and is not done (1 day late).');
      // The agency sees its own commitments only.
      const mine = await getMonitoringBoard(store, editorA, p.planId, { date: '2040-05-01' }, 'es');
      assert.deepEqual(
        mine.rows.map((r) => r.id),
        [p.c[0], p.c[2]],
      );
      assert.equal(mine.scope, 'agency');
      // Filters: theme 2, critical only.
      const critical = await getMonitoringBoard(
        store,
        coordinator,
        p.planId,
        { date: '2040-05-01', theme: String(p.themes[1]), severity: 'critical' },
        'es',
      );
      assert.deepEqual(
        critical.rows.map((r) => [r.id, r.warnings.map((w) => w.code)]),
        [[p.c[3], ['commitment-stale']]],
      );
      await assert.rejects(getMonitoringBoard(store, coordinator, p.planId, { date: '2040-05-01', severity: 'grave' }, 'es'), {
        code: 'invalid_input',
      });
    });

    test('the plan’s thresholds: 45 points and 200 days turn C1 amber and C4 green on 2040-05-01; bad values change nothing', async () => {
      const bad = await saveMonitoringSettings(store, coordinator, p.planId, { behindPoints: '0', staleDays: 'sesenta' }, nowIso());
      assert.deepEqual(bad.ok ? [] : 'errors' in bad ? bad.errors.map((e) => [e.field, e.code]) : [], [
        ['behindPoints', 'out_of_range'],
        ['staleDays', 'not_number'],
      ]);
      await assert.rejects(saveMonitoringSettings(store, editorA, p.planId, { behindPoints: '45' }, nowIso()), { code: 'forbidden' });
      assert.ok((await saveMonitoringSettings(store, coordinator, p.planId, { behindPoints: '45', staleDays: '200' }, nowIso())).ok);
      const ws = await planWarnings(store, p.planId, '2040-05-01');
      assert.deepEqual(summary(ws, p), [
        'C1 activity-overdue warning a1 +1',
        'C2 level-without-reason warning',
        'C3 complete-without-evidence warning',
      ]);
      assert.deepEqual(lights(ws, p), ['amber', 'amber', 'amber', 'green']);
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['action', 'after'])
        .where('entity', '=', 'plan_monitoring_settings')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, JSON.parse(a.after!)]),
        [['create', { plan_id: p.planId, behind_points: 45, stale_days: 200, public_traffic_light: 0 }]],
      );
    });

    test('the public semáforo on the plan’s page, for the app’s day, once the setting is on', async () => {
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2040-05-01' });
      try {
        const before = parse((await app.inject({ url: `/planes/${p.planId}` })).body);
        assert.equal(before.querySelector('#semaforo'), null, 'off by default');
        assert.ok((await saveMonitoringSettings(store, coordinator, p.planId, { publicTrafficLight: 'true' }, nowIso())).ok);
        const page = parse((await app.inject({ url: `/planes/${p.planId}` })).body);
        const section = page.querySelector('#semaforo')!.parentNode!;
        assert.match(section.text, /1 de mayo de 2040/);
        assert.deepEqual(
          section.querySelectorAll('.headline li').map((li) => li.text.replace(/\s+/g, ' ').trim()),
          // C4 (no dates, no activities, no indicator, untouched since it was created on 2040-01-02) is grey.
          ['0 Verde', '3 Ámbar', '0 Rojo', '1 Sin datos'],
        );
        assert.deepEqual(
          section.querySelectorAll('tbody tr').map((tr) => tr.querySelector('.light')!.text.trim()),
          ['Ámbar', 'Ámbar', 'Ámbar', 'Sin datos'],
        );
        const en = parse((await app.inject({ url: `/en/planes/${p.planId}` })).body).querySelector('#semaforo')!.parentNode!;
        assert.match(en.text, /May 1, 2040/);
        assert.deepEqual(
          en.querySelectorAll('.headline li').map((li) => li.text.replace(/\s+/g, ' ').trim()),
          ['0 Green', '3 Amber', '0 Red', '1 No data'],
        );
      } finally {
        await app.close();
      }
    });

    test('warning keys are stable across days', async () => {
      const a = (await planWarnings(store, p.planId, '2040-05-01')).map(warningKey);
      const b = (await planWarnings(store, p.planId, '2040-05-02')).map(warningKey);
      assert.deepEqual(a, b);
    });

    after(() => undefined);
  });
});
