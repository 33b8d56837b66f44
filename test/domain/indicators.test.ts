import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addMonths,
  expectedValue,
  indicatorMeasurementOverdue,
  indicatorOffPath,
  indicatorStatus,
  nextMeasurementDue,
  pointsBehindPath,
  progressPercent,
  rawProgress,
  readIndicator,
  targetFitsDirection,
  type IndicatorFacts,
} from '../../src/domain/indicators.js';
import { DEFAULT_MONITORING_SETTINGS, warningKey } from '../../src/domain/warnings.js';
import { warningMessage } from '../../src/i18n/warnings.js';

/** Up is better: 20 → 120 (a distance of 100) over 2016, measured quarterly. */
const up: IndicatorFacts = {
  id: 5,
  commitmentId: 3,
  planId: 1,
  name: 'Portales publicados',
  unit: 'portales',
  direction: 'up',
  baselineValue: 20,
  baselineDate: '2016-01-01',
  targetValue: 120,
  targetDate: '2017-01-01',
  frequency: 'quarterly',
  measurements: [],
};
/** Down is better: 60 days → 10 days. */
const down: IndicatorFacts = {
  ...up,
  id: 6,
  name: 'Días de respuesta',
  unit: 'días',
  direction: 'down',
  baselineValue: 60,
  targetValue: 10,
};
const settings = DEFAULT_MONITORING_SETTINGS; // behindPoints: 20

describe('indicator progress toward its target', () => {
  test('0 at the baseline, 100 at the target, proportional between, for both directions', () => {
    assert.equal(progressPercent(up, 20), 0);
    assert.equal(progressPercent(up, 70), 50);
    assert.equal(progressPercent(up, 120), 100);
    assert.equal(progressPercent(down, 60), 0);
    assert.equal(progressPercent(down, 35), 50);
    assert.equal(progressPercent(down, 10), 100);
    assert.equal(progressPercent(up, 53.33), 33.3, 'one decimal');
  });

  test('clamped to 0–100: worse than the baseline is 0, beyond the target is 100 (the raw figure keeps the sign)', () => {
    assert.equal(progressPercent(up, 0), 0);
    assert.equal(rawProgress(up, 0), -20);
    assert.equal(progressPercent(up, 150), 100);
    assert.equal(rawProgress(up, 150), 130);
    assert.equal(progressPercent(down, 80), 0);
    assert.equal(progressPercent(down, 0), 100);
  });

  test('a target equal to its baseline (keep it): 100 when at least as good, 0 when worse', () => {
    const keep = { ...up, baselineValue: 90, targetValue: 90 };
    assert.equal(progressPercent(keep, 90), 100);
    assert.equal(progressPercent(keep, 95), 100);
    assert.equal(progressPercent(keep, 89), 0);
    const keepDown = { ...keep, direction: 'down' as const };
    assert.equal(progressPercent(keepDown, 85), 100);
    assert.equal(progressPercent(keepDown, 91), 0);
  });

  test('a target on the worse side of the baseline does not fit its direction', () => {
    assert.equal(targetFitsDirection(up), true);
    assert.equal(targetFitsDirection({ ...up, targetValue: 19 }), false);
    assert.equal(targetFitsDirection({ ...up, targetValue: 20 }), true);
    assert.equal(targetFitsDirection(down), true);
    assert.equal(targetFitsDirection({ ...down, targetValue: 61 }), false);
  });
});

describe('the straight path from baseline to target', () => {
  test('baseline on and before its date, target on and after its date, linear by days between', () => {
    assert.equal(expectedValue(up, '2015-12-31'), 20);
    assert.equal(expectedValue(up, '2016-01-01'), 20);
    // 2016 has 366 days: 1 July is day 182.
    assert.equal(expectedValue(up, '2016-07-01'), 20 + (100 * 182) / 366);
    assert.equal(expectedValue(up, '2017-01-01'), 120);
    assert.equal(expectedValue(up, '2018-01-01'), 120);
    assert.equal(expectedValue(down, '2016-07-01'), 60 - (50 * 182) / 366);
  });

  test('baseline and target on the same day: the target from that day on', () => {
    const same = { ...up, targetDate: '2016-01-01' };
    assert.equal(expectedValue(same, '2015-12-31'), 20);
    assert.equal(expectedValue(same, '2016-01-01'), 120);
  });
});

describe('calendar months and when the next measurement is due', () => {
  test('addMonths keeps the day, or the month’s last when shorter, across years', () => {
    assert.equal(addMonths('2016-01-31', 1), '2016-02-29');
    assert.equal(addMonths('2017-01-31', 1), '2017-02-28');
    assert.equal(addMonths('2016-03-31', 3), '2016-06-30');
    assert.equal(addMonths('2016-11-15', 3), '2017-02-15');
    assert.equal(addMonths('2016-08-31', 6), '2017-02-28');
    assert.equal(addMonths('2016-02-29', 12), '2017-02-28');
  });

  test('monthly +1, quarterly +3, half-yearly +6, yearly +12, from the baseline date when never measured', () => {
    const long = { ...up, targetDate: '2020-01-01' };
    assert.equal(nextMeasurementDue({ ...long, frequency: 'monthly' }, null), '2016-02-01');
    assert.equal(nextMeasurementDue({ ...long, frequency: 'quarterly' }, null), '2016-04-01');
    assert.equal(nextMeasurementDue({ ...long, frequency: 'half-yearly' }, null), '2016-07-01');
    assert.equal(nextMeasurementDue({ ...long, frequency: 'yearly' }, null), '2017-01-01');
  });

  test('from the latest measurement; never after the target date; none once the target date is measured', () => {
    assert.equal(nextMeasurementDue(up, '2016-05-10'), '2016-08-10');
    assert.equal(nextMeasurementDue(up, '2016-11-01'), '2017-01-01', 'capped at the target date');
    assert.equal(nextMeasurementDue({ ...up, frequency: 'yearly' }, null), '2017-01-01');
    assert.equal(nextMeasurementDue(up, '2017-01-01'), null);
    assert.equal(nextMeasurementDue(up, '2017-03-01'), null);
  });
});

describe('early warning: an indicator measurement overdue for its frequency', () => {
  test('on the due date it is not late; the day after it is', () => {
    assert.equal(indicatorMeasurementOverdue(up, '2016-04-01'), null);
    const w = indicatorMeasurementOverdue(up, '2016-04-02');
    assert.ok(w);
    assert.equal(w.code, 'indicator-measurement-overdue');
    assert.equal(w.severity, 'warning');
    assert.deepEqual(w.subject, { kind: 'indicator', id: 5 });
    assert.equal(w.commitmentId, 3);
    assert.equal(w.params.due, '2016-04-01');
    assert.equal(w.params.daysLate, 1);
    assert.equal(w.params.lastMeasured, null);
  });

  test('a measurement resets the clock; one recorded after the date being evaluated does not count', () => {
    const measured = { ...up, measurements: [{ id: 1, value: 40, date: '2016-03-15' }] };
    assert.equal(indicatorMeasurementOverdue(measured, '2016-06-15'), null);
    assert.equal(indicatorMeasurementOverdue(measured, '2016-06-16')?.params.due, '2016-06-15');
    assert.equal(indicatorMeasurementOverdue(measured, '2016-03-14')?.params.due, undefined, 'on 14 March, due 1 April: not late');
    assert.equal(indicatorMeasurementOverdue(measured, '2016-04-02')?.params.due, undefined, 'the March measurement counts from 15 March');
    const later = { ...up, measurements: [{ id: 1, value: 40, date: '2016-05-01' }] };
    assert.equal(
      indicatorMeasurementOverdue(later, '2016-04-02')?.params.due,
      '2016-04-01',
      'as of 2 April the May measurement did not exist',
    );
  });

  test('critical once a whole further period has passed: warning on the due date plus a period, critical the day after', () => {
    assert.equal(indicatorMeasurementOverdue(up, '2016-07-01')?.severity, 'warning');
    assert.equal(indicatorMeasurementOverdue(up, '2016-07-02')?.severity, 'critical');
  });

  test('the measurement of the target date ends it: nothing is due after', () => {
    const done = { ...up, measurements: [{ id: 1, value: 120, date: '2017-01-01' }] };
    assert.equal(indicatorMeasurementOverdue(done, '2018-01-01'), null);
    // Without it, the target date's measurement itself is overdue the day after.
    const lastBefore = { ...up, measurements: [{ id: 1, value: 100, date: '2016-11-01' }] };
    assert.equal(indicatorMeasurementOverdue(lastBefore, '2017-01-01'), null);
    assert.equal(indicatorMeasurementOverdue(lastBefore, '2017-01-02')?.params.due, '2017-01-01');
  });
});

describe('early warning: an indicator off its path to the target', () => {
  // On 1 July 2016 the path expects 20 + 100·182/366 ≈ 69.73.
  const at = (value: number, date = '2016-07-01') => ({ ...up, measurements: [{ id: 1, value, date }] });

  test('no measurement, no judgement', () => {
    assert.equal(indicatorOffPath(up, '2016-12-01', settings), null);
  });

  test('exactly the tolerance behind is on path; more is off (behindPoints of the baseline→target distance)', () => {
    // At the target date the path expects 120: 20 points behind is 100, 20.1 behind is 99.9.
    assert.equal(pointsBehindPath(up, { value: 100, date: '2017-01-01' }), 20);
    assert.equal(indicatorOffPath(at(100, '2017-01-01'), '2017-01-01', settings), null);
    const w = indicatorOffPath(at(99.9, '2017-01-01'), '2017-01-01', settings);
    assert.ok(w);
    assert.equal(w.code, 'indicator-off-path');
    assert.equal(w.severity, 'warning');
    assert.equal(w.params.expected, 120);
    assert.equal(w.params.pointsBehind, 20.1);
    assert.equal(w.params.value, 99.9);
    assert.equal(warningKey(w), 'indicator-off-path:indicator:5');
  });

  test('judged at the measurement’s own date, not the evaluation date', () => {
    // 50 on 1 July is 19.7 points behind 69.7: on path, even evaluated a year later.
    assert.equal(indicatorOffPath(at(50), '2017-07-01', settings), null);
    assert.ok(indicatorOffPath(at(49), '2016-07-01', settings));
  });

  test('the tolerance is the setting; critical beyond twice it', () => {
    assert.equal(indicatorOffPath(at(60, '2017-01-01'), '2017-01-01', settings)?.severity, 'critical');
    assert.equal(indicatorOffPath(at(60, '2017-01-01'), '2017-01-01', { ...settings, behindPoints: 40 })?.severity, 'warning');
    assert.equal(indicatorOffPath(at(60, '2017-01-01'), '2017-01-01', { ...settings, behindPoints: 60 }), null);
  });

  test('down is better: a value above the path is behind', () => {
    const d = (value: number) => ({ ...down, measurements: [{ id: 1, value, date: '2017-01-01' }] });
    assert.equal(indicatorOffPath(d(20), '2017-01-01', settings), null, '20 points of 50 days is 10 days: exactly the tolerance');
    assert.ok(indicatorOffPath(d(20.5), '2017-01-01', settings));
    assert.equal(indicatorOffPath(d(5), '2017-01-01', settings), null, 'ahead of the path');
  });

  test('the latest measurement is the one judged (by date, then as recorded)', () => {
    const i = {
      ...up,
      measurements: [
        { id: 2, value: 120, date: '2016-12-31' },
        { id: 1, value: 30, date: '2016-10-01' },
      ],
    };
    assert.equal(indicatorOffPath(i, '2017-01-01', settings), null);
    assert.ok(indicatorOffPath(i, '2016-11-01', settings), 'as of November the October value was the latest');
    const sameDay = {
      ...up,
      measurements: [
        { id: 1, value: 30, date: '2016-10-01' },
        { id: 2, value: 90, date: '2016-10-01' },
      ],
    };
    assert.equal(indicatorOffPath(sameDay, '2016-10-02', settings), null, 'the later-recorded of the same day wins');
  });

  test('messages in Spanish and English with the figures', () => {
    const w = indicatorOffPath(at(60, '2017-01-01'), '2017-01-01', settings)!;
    assert.match(warningMessage(w, 'es'), /«Portales publicados» midió 60 portales el 1 de enero de 2017.*esperaba 120: 60 puntos/);
    assert.match(warningMessage(w, 'en'), /"Portales publicados" measured 60 portales on January 1, 2017.*expected 120: 60 points behind/);
    const decimal = indicatorOffPath(at(99.9, '2017-01-01'), '2017-01-01', settings)!;
    assert.match(warningMessage(decimal, 'es'), /midió 99,9 portales .*: 20,1 puntos por debajo/, 'decimal comma in Spanish');
    assert.match(warningMessage(decimal, 'en'), /measured 99\.9 portales .*: 20\.1 points behind/);
    const o = indicatorMeasurementOverdue(up, '2016-04-02')!;
    assert.match(warningMessage(o, 'es'), /debía medirse a más tardar el 1 de abril de 2016 .*su línea de base \(1 día de retraso\)/);
    assert.match(warningMessage(o, 'en'), /due to be measured by April 1, 2016 .*its baseline \(1 day late\)/);
    const later = indicatorMeasurementOverdue({ ...up, measurements: [{ id: 1, value: 40, date: '2016-02-10' }] }, '2016-05-13')!;
    assert.match(warningMessage(later, 'es'), /desde el 10 de febrero de 2016 \(3 días de retraso\)/);
    assert.match(warningMessage(later, 'en'), /since February 10, 2016 \(3 days late\)/);
  });
});

describe('the status of a row of the matrix', () => {
  const with1 = (value: number, date: string) => ({ ...up, measurements: [{ id: 1, value, date }] });
  test('no measurement, then overdue, on track, off path, achieved', () => {
    assert.equal(indicatorStatus(up, '2016-03-01', settings), 'no-measurement');
    assert.equal(indicatorStatus(up, '2016-04-02', settings), 'overdue');
    assert.equal(indicatorStatus(with1(45, '2016-04-01'), '2016-05-01', settings), 'on-track');
    assert.equal(indicatorStatus(with1(21, '2016-07-01'), '2016-07-02', settings), 'off-path');
    assert.equal(indicatorStatus(with1(120, '2016-07-01'), '2016-07-02', settings), 'achieved');
    // Off path and overdue at once: off path is said.
    assert.equal(indicatorStatus(with1(21, '2016-07-01'), '2016-12-01', settings), 'off-path');
  });

  test('readIndicator gathers latest, progress, expected value and next due date', () => {
    const r = readIndicator(with1(70, '2016-04-01'), '2016-05-01', settings);
    assert.deepEqual(r.latest, { id: 1, value: 70, date: '2016-04-01' });
    assert.equal(r.progress, 50);
    assert.equal(r.nextDue, '2016-07-01');
    assert.equal(r.status, 'on-track');
    assert.equal(readIndicator(up, '2016-05-01', settings).progress, null);
  });
});
