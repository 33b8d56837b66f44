import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activityOverdue, trafficLight, warningKey, warningMessage, type ActivityFacts } from '../../src/domain/warnings.js';

describe('early warning: an activity past its planned end and not done', () => {
  const a: ActivityFacts = { id: 7, commitmentId: 3, planId: 1, number: 2, title: 'Publicar el portal', plannedStart: '2016-01-01', plannedEnd: '2016-06-30', status: 'in-progress', weight: null };

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
    assert.match(warningMessage(w, 'es'), /actividad 2 .*30 de junio de 2016.*1 días/);
    assert.match(warningMessage(w, 'en'), /Activity 2 .*June 30, 2016.*1 days late/);
    assert.equal(warningKey(w), 'activity-overdue:activity:7');
    assert.equal(trafficLight([]), 'green');
    assert.equal(trafficLight([w]), 'amber');
    assert.equal(trafficLight([w, activityOverdue(a, '2016-12-31')!]), 'red');
  });
});
