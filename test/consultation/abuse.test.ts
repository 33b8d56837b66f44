import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rateKeysFor, RATE_LIMITS } from '../../src/domain/abuse.js';
import { assertEditable, rateLimitWait, takeRateLimit } from '../../src/services/abuse.js';
import { isAppError } from '../../src/errors.js';
import { appRefusal } from '../helpers/refusal.js';
import { eachDatabase } from '../helpers/databases.js';

/** The shared rate limit over rate_events, on both databases. */
eachDatabase((dbs) => {
  const at = (minute: number, second = 0) => `2026-03-05T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
  const refusal = appRefusal;

  test('five comments in ten minutes pass; the sixth is refused with the wait; after the window it passes again', async () => {
    const store = await dbs.open();
    const who = { email: 'Ana@Example.org', ip: '203.0.113.9' };
    assert.deepEqual(rateKeysFor(RATE_LIMITS.comment, who), ['email:ana@example.org', 'ip:203.0.113.9']);
    for (let i = 0; i < 5; i++) await takeRateLimit(store.db, 'comment', who, at(i));
    const e = await refusal(takeRateLimit(store.db, 'comment', who, at(6)));
    assert.equal(e?.code, 'rate_limited');
    assert.equal(e?.status, 429);
    // The oldest (10:00) leaves the window at 10:10: from 10:06 that is 240 seconds.
    assert.equal(e?.params.seconds, 240);
    // A refused attempt is not counted: at 10:10:01 the first event has left and one more fits.
    assert.equal(await refusal(takeRateLimit(store.db, 'comment', who, at(10, 1))), null);
    assert.equal((await refusal(takeRateLimit(store.db, 'comment', who, at(10, 2))))?.code, 'rate_limited');
  });

  test('each key is limited on its own: a new address from the same IP is still refused; another limit is not; a look counts nothing', async () => {
    const store = await dbs.open();
    for (let i = 0; i < 5; i++) await takeRateLimit(store.db, 'comment', { email: `p${i}@example.org`, ip: '198.51.100.1' }, at(i));
    assert.equal(
      (await refusal(takeRateLimit(store.db, 'comment', { email: 'new@example.org', ip: '198.51.100.1' }, at(5))))?.code,
      'rate_limited',
    );
    assert.equal(await refusal(takeRateLimit(store.db, 'comment', { email: 'new@example.org', ip: '198.51.100.2' }, at(5))), null);
    assert.equal(await refusal(takeRateLimit(store.db, 'proposal', { ip: '198.51.100.1' }, at(5))), null);
    // A limit counts only the kinds of key it names: alerts count the account, not the IP.
    assert.deepEqual(rateKeysFor(RATE_LIMITS.alert, { userId: 7, ip: '198.51.100.1' }), ['user:7']);
    const before = (await store.db.selectFrom('rate_events').select('id').execute()).length;
    assert.equal(await rateLimitWait(store.db, 'alert', { userId: 7 }, at(5), { count: false }), 0);
    assert.equal((await store.db.selectFrom('rate_events').select('id').execute()).length, before);
  });

  test('old events are pruned per limit, each with its own window: a comment does not prune a day-long count', async () => {
    const store = await dbs.open();
    await takeRateLimit(store.db, 'comment', { ip: 'a' }, '2026-03-05T09:00:00.000Z');
    await takeRateLimit(store.db, 'alert', { userId: 1 }, '2026-03-05T09:00:00.000Z');
    await takeRateLimit(store.db, 'comment', { ip: 'b' }, at(0));
    const left = await store.db.selectFrom('rate_events').select(['action', 'key']).orderBy('id').execute();
    assert.deepEqual(
      left.map((r) => `${r.action} ${r.key}`),
      ['alert user:1', 'comment ip:b'],
    );
  });
});

test('assertEditable refuses after 15 minutes with edit_window_over (409)', () => {
  assert.doesNotThrow(() => assertEditable('2026-03-05T10:00:00.000Z', '2026-03-05T10:15:00.000Z'));
  assert.throws(
    () => assertEditable('2026-03-05T10:00:00.000Z', '2026-03-05T10:15:01.000Z'),
    (e: unknown) => isAppError(e) && e.code === 'edit_window_over' && e.status === 409,
  );
});
