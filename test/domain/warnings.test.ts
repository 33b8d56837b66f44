import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  activityOverdue,
  alertOverdue,
  commitmentBehindSchedule,
  commitmentStale,
  completeWithoutEvidence,
  DEFAULT_MONITORING_SETTINGS,
  elapsedShare,
  levelWithoutReason,
  scheduleProgress,
  trafficLight,
  warningBasis,
  warningKey,
  type Warning,
  type ActivityFacts,
  type AlertFacts,
  type CommitmentFacts,
} from '../../src/domain/warnings.js';
import { warningMessage } from '../../src/i18n/warnings.js';

describe('early warning: an activity past its planned end and not done', () => {
  const a: ActivityFacts = {
    id: 7,
    commitmentId: 3,
    planId: 1,
    number: 2,
    title: 'Publicar el portal',
    plannedStart: '2016-01-01',
    plannedEnd: '2016-06-30',
    status: 'in-progress',
    weight: null,
  };

  test('on its planned end it is not late; the day after it is', () => {
    assert.equal(activityOverdue(a, '2016-06-30'), null);
    const w = activityOverdue(a, '2016-07-01');
    assert.ok(w);
    assert.equal(w.code, 'activity-overdue');
    assert.equal(w.params.daysLate, 1);
    assert.equal(w.severity, 'warning');
    assert.deepEqual(w.subject, { kind: 'activity', id: 7 });
  });

  test('more than 30 days late is critical; 30 is not', () => {
    assert.equal(activityOverdue(a, '2016-07-30')?.severity, 'warning');
    assert.equal(activityOverdue(a, '2016-07-31')?.severity, 'critical');
  });

  test('done, cancelled or without a planned end: never late', () => {
    for (const status of ['done', 'cancelled']) assert.equal(activityOverdue({ ...a, status }, '2017-01-01'), null, status);
    assert.equal(activityOverdue({ ...a, plannedEnd: null }, '2017-01-01'), null);
    for (const status of ['not-started', null]) assert.ok(activityOverdue({ ...a, status }, '2017-01-01'), String(status));
  });

  test('a message in Spanish and English, a stable key, a traffic light', () => {
    const w = activityOverdue(a, '2016-07-01')!;
    assert.match(warningMessage(w, 'es'), /actividad 2 .*30 de junio de 2016.*\(1 día de retraso\)/);
    assert.match(warningMessage(w, 'en'), /Activity 2 .*June 30, 2016.*\(1 day late\)/);
    assert.match(warningMessage(activityOverdue(a, '2016-07-02')!, 'es'), /\(2 días de retraso\)/);
    assert.match(warningMessage(activityOverdue(a, '2016-07-02')!, 'en'), /\(2 days late\)/);
    assert.equal(warningKey(w), 'activity-overdue:activity:7');
    assert.equal(trafficLight([]), 'green');
    assert.equal(trafficLight([w]), 'amber');
    assert.equal(trafficLight([w, activityOverdue(a, '2016-12-31')!]), 'red');
  });
});

const commitment: CommitmentFacts = {
  id: 3,
  planId: 1,
  number: 5,
  title: 'Portal de datos',
  plannedStart: '2016-01-01',
  plannedEnd: '2016-12-31',
  createdAt: '2015-12-01T10:00:00.000Z',
  lastUpdate: '2016-03-01T09:30:00.000Z',
  latestLevel: 'substantial',
  latestReasons: null,
  evidenceCount: 2,
};
const activity = (id: number, over: Partial<ActivityFacts>): ActivityFacts => ({
  id,
  commitmentId: 3,
  planId: 1,
  number: id,
  title: `Actividad ${id}`,
  plannedStart: null,
  plannedEnd: null,
  status: null,
  weight: null,
  ...over,
});

describe('early warning: a commitment behind schedule', () => {
  // Two activities of 100 days each (2016-01-01 → 2016-04-10, 2016-04-10 → 2016-07-19).
  const first = activity(1, { plannedStart: '2016-01-01', plannedEnd: '2016-04-10' });
  const second = activity(2, { plannedStart: '2016-04-10', plannedEnd: '2016-07-19' });
  const settings = DEFAULT_MONITORING_SETTINGS;

  test('the share of a planned window elapsed: 0 before its start, 1 from its end day on', () => {
    assert.equal(elapsedShare('2016-01-01', '2016-04-10', '2015-12-31'), 0);
    assert.equal(elapsedShare('2016-01-01', '2016-04-10', '2016-01-01'), 0);
    assert.equal(elapsedShare('2016-01-01', '2016-04-10', '2016-01-21'), 0.2);
    assert.equal(elapsedShare('2016-01-01', '2016-04-10', '2016-04-10'), 1);
    assert.equal(elapsedShare('2016-05-01', '2016-05-01', '2016-04-30'), 0);
    assert.equal(elapsedShare('2016-05-01', '2016-05-01', '2016-05-01'), 1);
  });

  test('expected progress is each activity’s elapsed share, weighted equally when no weights are given', () => {
    // On 2016-02-10, 40 of the first activity's 100 days are gone: 40 % of half the commitment.
    const p = scheduleProgress(commitment, [first, second], '2016-02-10')!;
    assert.equal(p.expected, 20);
    assert.equal(p.reported, 0);
    assert.equal(p.counted, 2);
  });

  test('exactly 20 points behind is not behind; one day more is', () => {
    assert.equal(commitmentBehindSchedule(commitment, [first, second], '2016-02-10', settings), null);
    const w = commitmentBehindSchedule(commitment, [first, second], '2016-02-11', settings);
    assert.ok(w);
    assert.equal(w.code, 'commitment-behind-schedule');
    assert.equal(w.severity, 'warning');
    assert.deepEqual(w.subject, { kind: 'commitment', id: 3 });
    assert.deepEqual(w.params, { commitment: 5, reported: 0, expected: 21, gap: 21, threshold: 20 });
  });

  test('the threshold is the plan’s setting; more than twice it is critical', () => {
    assert.equal(commitmentBehindSchedule(commitment, [first, second], '2016-02-11', { behindPoints: 25 }), null);
    // 2016-03-02: 61 days of 100 → 30.5 expected; 2016-03-22: 81 → 40.5 (more than 40).
    assert.equal(commitmentBehindSchedule(commitment, [first, second], '2016-03-21', settings)?.severity, 'warning');
    assert.equal(commitmentBehindSchedule(commitment, [first, second], '2016-03-22', settings)?.severity, 'critical');
  });

  test('done counts 100 %, in progress 50 %, not started 0; cancelled activities leave the denominator', () => {
    const done = { ...first, status: 'done' };
    // 2016-07-19: both windows over, expected 100; one done of two: 50.
    assert.deepEqual(scheduleProgress(commitment, [done, second], '2016-07-19'), { reported: 50, expected: 100, counted: 2 });
    assert.equal(scheduleProgress(commitment, [done, { ...second, status: 'in-progress' }], '2016-07-19')!.reported, 75);
    assert.deepEqual(scheduleProgress(commitment, [done, { ...second, status: 'cancelled' }], '2016-07-19'), {
      reported: 100,
      expected: 100,
      counted: 1,
    });
    assert.equal(commitmentBehindSchedule(commitment, [done, { ...second, status: 'cancelled' }], '2016-07-19', settings), null);
    assert.equal(scheduleProgress(commitment, [{ ...first, status: 'cancelled' }], '2016-07-19'), null);
  });

  test('weights count when every activity has one; otherwise all weigh the same', () => {
    const heavy = { ...first, status: 'done', weight: 75 };
    const light = { ...second, weight: 25 };
    assert.equal(scheduleProgress(commitment, [heavy, light], '2016-07-19')!.reported, 75);
    // One weight missing: equal weights.
    assert.equal(scheduleProgress(commitment, [heavy, { ...light, weight: null }], '2016-07-19')!.reported, 50);
    // All weights 0: equal weights, not a division by zero.
    assert.equal(
      scheduleProgress(
        commitment,
        [
          { ...heavy, weight: 0 },
          { ...light, weight: 0 },
        ],
        '2016-07-19',
      )!.reported,
      50,
    );
    // Weighted expected: on 2016-02-10 the first activity (75 %) is 40 % through: 30 expected.
    assert.equal(scheduleProgress(commitment, [{ ...first, weight: 75 }, light], '2016-02-10')!.expected, 30);
  });

  test('activities without dates take the commitment’s; with neither, nothing is compared', () => {
    const undated = [activity(1, {}), activity(2, {})];
    // The commitment runs 2016-01-01 → 2016-12-31 (365 days): on 2016-07-01, 182 days are gone.
    const p = scheduleProgress(commitment, undated, '2016-07-01')!;
    assert.equal(p.expected, (182 / 365) * 100);
    assert.ok(commitmentBehindSchedule(commitment, undated, '2016-07-01', settings));
    assert.equal(scheduleProgress({ plannedStart: null, plannedEnd: null }, undated, '2016-07-01'), null);
    assert.equal(commitmentBehindSchedule({ ...commitment, plannedStart: null, plannedEnd: null }, undated, '2017-07-01', settings), null);
    // Only an end: the window is that day.
    assert.equal(
      scheduleProgress({ plannedStart: null, plannedEnd: null }, [activity(1, { plannedEnd: '2016-05-01' })], '2016-04-30')!.expected,
      0,
    );
    assert.equal(
      scheduleProgress({ plannedStart: null, plannedEnd: null }, [activity(1, { plannedEnd: '2016-05-01' })], '2016-05-01')!.expected,
      100,
    );
    // Another commitment's activities are not this one's.
    assert.equal(commitmentBehindSchedule(commitment, [{ ...first, commitmentId: 99 }], '2016-07-19', settings), null);
  });

  test('messages in both languages', () => {
    const w = commitmentBehindSchedule(commitment, [first, second], '2016-02-11', settings)!;
    assert.equal(
      warningMessage(w, 'es'),
      'El avance informado es de 0 % y según las fechas previstas debería ser de 21 %: 21 puntos de atraso (el umbral es 20).',
    );
    assert.equal(
      warningMessage(w, 'en'),
      'Reported progress is 0% where the planned dates expect 21%: 21 points behind (the threshold is 20).',
    );
  });
});

describe('early warning: no update for a while', () => {
  test('stale from the 60th day after the last update; critical from the 120th', () => {
    // Last update 2016-03-01: 2016-04-29 is day 59, 2016-04-30 day 60.
    assert.equal(commitmentStale(commitment, '2016-04-29', DEFAULT_MONITORING_SETTINGS), null);
    const w = commitmentStale(commitment, '2016-04-30', DEFAULT_MONITORING_SETTINGS);
    assert.ok(w);
    assert.equal(w.code, 'commitment-stale');
    assert.equal(w.severity, 'warning');
    assert.deepEqual(w.params, { commitment: 5, lastUpdate: '2016-03-01', days: 60 });
    assert.equal(commitmentStale(commitment, '2016-06-28', DEFAULT_MONITORING_SETTINGS)?.severity, 'warning');
    assert.equal(commitmentStale(commitment, '2016-06-29', DEFAULT_MONITORING_SETTINGS)?.severity, 'critical');
  });

  test('the plan’s setting; the creation when never updated; Completo needs no updates', () => {
    assert.equal(commitmentStale(commitment, '2016-03-31', { staleDays: 30 })?.params.days, 30);
    assert.equal(commitmentStale(commitment, '2016-03-30', { staleDays: 30 }), null);
    assert.equal(commitmentStale({ ...commitment, lastUpdate: null }, '2016-01-30', { staleDays: 60 })?.params.lastUpdate, '2015-12-01');
    assert.equal(commitmentStale({ ...commitment, latestLevel: 'complete' }, '2017-01-01', DEFAULT_MONITORING_SETTINGS), null);
    // An update after the date asked about: not stale.
    assert.equal(commitmentStale(commitment, '2016-01-01', DEFAULT_MONITORING_SETTINGS), null);
  });

  test('messages in both languages, one day in the singular', () => {
    const w = commitmentStale(commitment, '2016-03-02', { staleDays: 1 })!;
    assert.equal(warningMessage(w, 'es'), 'La última actualización fue el 1 de marzo de 2016, hace 1 día.');
    assert.equal(warningMessage(w, 'en'), 'Last updated on March 1, 2016, 1 day ago.');
  });
});

describe('early warnings on the latest level', () => {
  test('Completo without evidence', () => {
    assert.equal(completeWithoutEvidence({ ...commitment, latestLevel: 'complete' }), null);
    const w = completeWithoutEvidence({ ...commitment, latestLevel: 'complete', evidenceCount: 0 });
    assert.ok(w);
    assert.equal(w.code, 'complete-without-evidence');
    assert.equal(warningMessage(w, 'es'), 'El nivel es «Completo» pero el compromiso no tiene evidencias.');
    assert.equal(warningMessage(w, 'en'), 'The level is "Complete" but the commitment has no evidence.');
    assert.equal(completeWithoutEvidence({ ...commitment, latestLevel: 'substantial', evidenceCount: 0 }), null);
    assert.equal(completeWithoutEvidence({ ...commitment, latestLevel: null, evidenceCount: 0 }), null);
  });

  test('No iniciado or Limitado without reasons (blank is none)', () => {
    for (const level of ['not-started', 'limited'] as const) {
      for (const reasons of [null, '', '  \n '])
        assert.equal(
          levelWithoutReason({ ...commitment, latestLevel: level, latestReasons: reasons })?.code,
          'level-without-reason',
          `${level} ${JSON.stringify(reasons)}`,
        );
      assert.equal(levelWithoutReason({ ...commitment, latestLevel: level, latestReasons: 'Falta de presupuesto.' }), null);
    }
    for (const level of ['substantial', 'complete', null] as const)
      assert.equal(levelWithoutReason({ ...commitment, latestLevel: level, latestReasons: null }), null);
    const w = levelWithoutReason({ ...commitment, latestLevel: 'limited' })!;
    assert.equal(warningMessage(w, 'es'), 'El nivel es «Limitado» y no se indican las razones.');
    assert.equal(warningMessage(w, 'en'), 'The level is "Limited" and no reasons are given.');
  });
});

describe('early warning: an alert from civil society past its answer deadline', () => {
  const alert: AlertFacts = { id: 9, commitmentId: 3, planId: 1, title: 'El portal no carga', answerDue: '2016-05-10', answeredAt: null };

  test('on its due day it is not late; the day after it is; critical after 15 days', () => {
    assert.equal(alertOverdue(alert, '2016-05-10'), null);
    const w = alertOverdue(alert, '2016-05-11');
    assert.ok(w);
    assert.equal(w.code, 'alert-overdue');
    assert.deepEqual(w.subject, { kind: 'alert', id: 9 });
    assert.equal(w.severity, 'warning');
    assert.equal(alertOverdue(alert, '2016-05-25')?.severity, 'warning');
    assert.equal(alertOverdue(alert, '2016-05-26')?.severity, 'critical');
    assert.equal(
      warningMessage(w, 'es'),
      'La alerta «El portal no carga» debía responderse a más tardar el 10 de mayo de 2016 y no tiene respuesta (1 día de retraso).',
    );
    assert.equal(
      warningMessage(w, 'en'),
      'The alert "El portal no carga" was to be answered by May 10, 2016 and has no answer (1 day late).',
    );
  });

  test('answered, even late, it is not overdue', () => {
    assert.equal(alertOverdue({ ...alert, answeredAt: '2016-06-01T10:00:00Z' }, '2016-07-01'), null);
  });
});

describe('the basis of a warning: the same key raised again on a new date is a new occurrence', () => {
  const a: ActivityFacts = {
    id: 7,
    commitmentId: 3,
    planId: 1,
    number: 2,
    title: 'Publicar el portal',
    plannedStart: '2016-01-01',
    plannedEnd: '2016-06-30',
    status: 'in-progress',
    weight: null,
  };
  const synthetic = (code: Warning['code'], params: Warning['params']): Warning => ({
    code,
    severity: 'warning',
    planId: 1,
    commitmentId: 3,
    subject: { kind: 'indicator', id: 4 },
    params,
  });

  test('an overdue activity stands on its planned end: moved and overdue again, same key, another basis', () => {
    const first = activityOverdue(a, '2016-07-10')!;
    const again = activityOverdue({ ...a, plannedEnd: '2016-09-30' }, '2016-10-05')!;
    assert.equal(warningKey(first), warningKey(again));
    assert.deepEqual([warningBasis(first), warningBasis(again)], ['2016-06-30', '2016-09-30']);
  });

  test('stale on its last update; an indicator on its due date or its measurement’s date; an alert on its deadline', () => {
    const c: CommitmentFacts = {
      id: 3,
      planId: 1,
      number: 5,
      title: 'C',
      plannedStart: null,
      plannedEnd: null,
      createdAt: '2016-01-01T00:00:00.000Z',
      lastUpdate: '2016-03-01T10:00:00.000Z',
      latestLevel: null,
      latestReasons: null,
      evidenceCount: 0,
    };
    assert.equal(warningBasis(commitmentStale(c, '2016-05-01', DEFAULT_MONITORING_SETTINGS)!), '2016-03-01');
    assert.equal(
      warningBasis(commitmentStale({ ...c, lastUpdate: '2016-05-02T09:00:00.000Z' }, '2016-07-05', DEFAULT_MONITORING_SETTINGS)!),
      '2016-05-02',
    );
    assert.equal(warningBasis(synthetic('indicator-measurement-overdue', { due: '2016-03-31', indicator: 'x' })), '2016-03-31');
    assert.equal(warningBasis(synthetic('indicator-off-path', { date: '2016-05-15', indicator: 'x' })), '2016-05-15');
    const alert: AlertFacts = { id: 9, commitmentId: 3, planId: 1, title: 'Sin respuesta', answerDue: '2016-04-10', answeredAt: null };
    assert.equal(warningBasis(alertOverdue(alert, '2016-04-12')!), '2016-04-10');
  });

  test('a level rule stands on the level; behind schedule lasts as long as its cause (no basis)', () => {
    assert.equal(warningBasis(synthetic('level-without-reason', { level: 'limited' })), 'limited');
    assert.notEqual(
      warningBasis(synthetic('level-without-reason', { level: 'limited' })),
      warningBasis(synthetic('level-without-reason', { level: 'not-started' })),
    );
    assert.equal(warningBasis(synthetic('complete-without-evidence', { level: 'complete' })), 'complete');
    assert.equal(warningBasis(synthetic('commitment-behind-schedule', { reported: 0, expected: 50 })), '');
  });
});
