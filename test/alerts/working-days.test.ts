import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answeredWithin, DEFAULT_WORKING_DAYS, isWeekend, workingDeadline } from '../../src/domain/working-days.js';

/** Peru's holidays of the seed's years, as a government would list them. */
const PE = ['2015-12-08', '2015-12-25', '2016-01-01', '2016-03-24', '2016-03-25', '2016-07-28', '2016-07-29'];

describe('working days: the deadline of an alert', () => {
  test('the default is 10 working days; raised on a Monday it falls on the Monday two weeks on', () => {
    assert.equal(DEFAULT_WORKING_DAYS, 10);
    assert.equal(workingDeadline('2016-05-02', []), '2016-05-16');
    assert.equal(workingDeadline('2016-05-02', [], 1), '2016-05-03');
  });

  test('raised on a Friday: counting starts on Monday (the weekend is skipped)', () => {
    assert.equal(isWeekend('2016-05-07'), true);
    assert.equal(workingDeadline('2016-05-06', [], 1), '2016-05-09');
    assert.equal(workingDeadline('2016-05-06', []), '2016-05-20');
  });

  test('raised on a Saturday or a Sunday: the same deadline as the Friday before', () => {
    assert.equal(workingDeadline('2016-05-07', []), '2016-05-20');
    assert.equal(workingDeadline('2016-05-08', []), '2016-05-20');
    assert.equal(workingDeadline('2016-05-07', [], 1), '2016-05-09');
  });

  test('a deadline that would fall on a holiday moves to the next working day', () => {
    // 2016-07-14 (Thu) + 10 working days = 2016-07-28 without holidays; 28 and 29 are Fiestas Patrias.
    assert.equal(workingDeadline('2016-07-14', []), '2016-07-28');
    assert.equal(workingDeadline('2016-07-14', PE), '2016-08-01');
  });

  test('a holiday just after the deadline does not move it; one before it does', () => {
    assert.equal(workingDeadline('2016-07-13', PE), '2016-07-27');
    assert.equal(workingDeadline('2016-07-15', PE), '2016-08-02');
  });

  test('consecutive holidays (Holy Thursday and Good Friday) with the weekend after them', () => {
    // Raised on Wednesday 2016-03-23: Thursday 24, Friday 25, Saturday, Sunday are not counted.
    assert.equal(workingDeadline('2016-03-23', PE, 1), '2016-03-28');
    assert.equal(workingDeadline('2016-03-23', PE), '2016-04-08');
    assert.equal(workingDeadline('2016-03-23', []), '2016-04-06');
  });

  test('over the year end: Christmas and New Year are skipped and the year changes', () => {
    assert.equal(workingDeadline('2015-12-21', PE), '2016-01-06');
    assert.equal(workingDeadline('2015-12-31', PE, 1), '2016-01-04');
  });

  test('the holiday list is read as it is given: the same alert without it is due earlier', () => {
    assert.ok(workingDeadline('2015-12-21', []) < workingDeadline('2015-12-21', PE));
    assert.equal(workingDeadline('2015-12-21', []), '2016-01-04');
  });

  test('an answer on the deadline day is within it; the day after is late (timestamps count by their day)', () => {
    const due = workingDeadline('2016-05-06', []);
    assert.equal(answeredWithin(due, '2016-05-20'), true);
    assert.equal(answeredWithin(due, '2016-05-20T23:59:59.000Z'), true);
    assert.equal(answeredWithin(due, '2016-05-21'), false);
    assert.equal(answeredWithin(due, '2016-05-06'), true);
  });

  test('a date that is not ISO or a count out of range is refused', () => {
    assert.throws(() => workingDeadline('06/05/2016', []), RangeError);
    assert.throws(() => workingDeadline('2016-02-30', []), RangeError);
    assert.throws(() => workingDeadline('2016-05-06', [], 0), RangeError);
    assert.throws(() => workingDeadline('2016-05-06', [], 1.5), RangeError);
  });
});
