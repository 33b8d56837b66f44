import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { localTime, timeZoneFrom, todayIn } from '../../src/lib/clock.js';
import { dueDate } from '../../src/services/notifications/schedule.js';

describe('the deployment clock', () => {
  test('today in Lima stays the same day after 19:00 local time, when the UTC date has already turned', () => {
    const at = new Date('2016-05-17T00:30:00Z'); // 19:30 on 16 May in Lima
    assert.equal(todayIn('UTC', at), '2016-05-17');
    assert.equal(todayIn('America/Lima', at), '2016-05-16');
    assert.deepEqual(localTime(at, 'America/Lima'), { date: '2016-05-16', minutes: 19 * 60 + 30 });
    assert.equal(todayIn('America/Lima', new Date('2016-05-17T05:00:00Z')), '2016-05-17');
  });

  test('TIME_ZONE names the zone; an unknown one is refused naming the variable; without it the server zone', () => {
    assert.equal(timeZoneFrom({ TIME_ZONE: ' America/Lima ' }), 'America/Lima');
    assert.equal(timeZoneFrom({}), Intl.DateTimeFormat().resolvedOptions().timeZone);
    assert.throws(
      () => timeZoneFrom({ TIME_ZONE: 'Mars/Olympus_Mons' }),
      (e: unknown) => isAppError(e) && e.code === 'invalid_input' && JSON.stringify(e).includes('TIME_ZONE'),
    );
  });

  test("the daily job's hour is read in the deployment's zone", () => {
    const at = { hour: 7, minute: 0 };
    // 11:59 UTC is 06:59 in Lima: not yet; 12:00 UTC is 07:00 there.
    assert.equal(dueDate(new Date('2026-03-02T11:59:00Z'), at, 'America/Lima'), null);
    assert.equal(dueDate(new Date('2026-03-02T12:00:00Z'), at, 'America/Lima'), '2026-03-02');
    // 03:00 UTC on the 3rd is still the 2nd in Lima, after 07:00: the 2nd's job.
    assert.equal(dueDate(new Date('2026-03-03T03:00:00Z'), at, 'America/Lima'), '2026-03-02');
  });
});
