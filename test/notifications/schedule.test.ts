import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dueDate, parseNotifyAt, startNotificationSchedule } from '../../src/services/notifications/schedule.js';
import type { Store } from '../../src/storage/connect.js';
import { isAppError } from '../../src/errors.js';
import { eachDatabase } from '../helpers/databases.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';

/** The schedule inside `vigia serve`: NOTIFY_AT read strictly; the day's job once its hour has come, and once only. */
describe('NOTIFY_AT and the due date', () => {
  test('07:00 UTC by default; "off" turns the schedule off; a bad value is refused naming NOTIFY_AT', () => {
    assert.deepEqual(parseNotifyAt(undefined), { hour: 7, minute: 0 });
    assert.deepEqual(parseNotifyAt(' 6:30 '), { hour: 6, minute: 30 });
    assert.equal(parseNotifyAt('off'), null);
    for (const bad of ['25:00', '7', '07:60', 'siete']) {
      assert.throws(
        () => parseNotifyAt(bad),
        (e: unknown) => isAppError(e) && JSON.stringify(e).includes('NOTIFY_AT'),
        bad,
      );
    }
  });

  test('the job of a day is due from its hour (UTC) to the end of the day', () => {
    const at = { hour: 7, minute: 0 };
    assert.equal(dueDate(new Date('2026-03-02T06:59:59Z'), at), null);
    assert.equal(dueDate(new Date('2026-03-02T07:00:00Z'), at), '2026-03-02');
    assert.equal(dueDate(new Date('2026-03-02T23:59:00Z'), at), '2026-03-02');
    assert.equal(dueDate(new Date('2026-03-03T00:00:00Z'), at), null);
  });
});

describe('the schedule with a real SMTP server', () => {
  let smtp: SmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  eachDatabase((db) => {
    let store: Store;
    before(async () => {
      store = await db.open();
      await buildLateActivitiesPlan(store);
    });

    test('before the hour only the outbox is drained; at the hour the digests go out; later ticks and a second instance build nothing more', async () => {
      let clock = new Date('2026-03-02T06:59:00Z');
      const options = {
        at: { hour: 7, minute: 0 },
        tickMs: 3_600_000,
        now: () => clock,
        env: { ...smtp.env, PUBLIC_URL: 'https://vigia.example.test' },
      };
      const seen = smtp.received.length;
      const schedule = startNotificationSchedule(store, options);
      await schedule.tick();
      assert.equal((await store.db.selectFrom('notification_runs').selectAll().execute()).length, 0);
      clock = new Date('2026-03-02T07:00:30Z');
      await schedule.tick();
      const runs = await store.db.selectFrom('notification_runs').selectAll().execute();
      assert.deepEqual(
        runs.map((r) => [r.run_date, r.queued]),
        [['2026-03-02', 3]],
      );
      await smtp.waitFor(() => smtp.received.length - seen >= 3);
      // Another instance started later the same day, and more ticks: nothing more.
      const second = startNotificationSchedule(store, options);
      clock = new Date('2026-03-02T09:00:00Z');
      await Promise.all([schedule.tick(), second.tick()]);
      await schedule.stop();
      await second.stop();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.received.length - seen, 3);
      assert.equal((await store.db.selectFrom('outbox').selectAll().where('status', '=', 'sent').execute()).length, 3);
    });
  });
});
