import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertEditable, rateKeys, takeRateLimit } from '../../src/services/abuse.js';
import { isAppError } from '../../src/errors.js';
import { eachDatabase } from '../helpers/databases.js';

/** The shared rate limit over rate_events, on both databases. */
eachDatabase((dbs) => {
  const limit = { max: 5, windowMinutes: 10 };
  const at = (minute: number, second = 0) => `2026-03-05T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (isAppError(e)) return e;
      throw e;
    }
    return null;
  };

  test('five comments in ten minutes pass; the sixth is refused with the wait; after the window it passes again', async () => {
    const store = await dbs.open();
    const keys = rateKeys({ email: 'Ana@Example.org', ip: '203.0.113.9' });
    assert.deepEqual(keys, ['email:ana@example.org', 'ip:203.0.113.9']);
    for (let i = 0; i < 5; i++) await takeRateLimit(store, 'comment', keys, limit, at(i));
    const e = await refusal(takeRateLimit(store, 'comment', keys, limit, at(6)));
    assert.equal(e?.code, 'rate_limited');
    assert.equal(e?.status, 429);
    // The oldest (10:00) leaves the window at 10:10: from 10:06 that is 240 seconds.
    assert.equal(e?.params.seconds, 240);
    // A refused attempt is not counted: at 10:10:01 the first event has left and one more fits.
    assert.equal(await refusal(takeRateLimit(store, 'comment', keys, limit, at(10, 1))), null);
    assert.equal((await refusal(takeRateLimit(store, 'comment', keys, limit, at(10, 2))))?.code, 'rate_limited');
  });

  test('each key is limited on its own: a new address from the same IP is still refused; another action is not', async () => {
    const store = await dbs.open();
    for (let i = 0; i < 5; i++) await takeRateLimit(store, 'comment', rateKeys({ email: `p${i}@example.org`, ip: '198.51.100.1' }), limit, at(i));
    assert.equal((await refusal(takeRateLimit(store, 'comment', rateKeys({ email: 'new@example.org', ip: '198.51.100.1' }), limit, at(5))))?.code, 'rate_limited');
    assert.equal(await refusal(takeRateLimit(store, 'comment', rateKeys({ email: 'new@example.org', ip: '198.51.100.2' }), limit, at(5))), null);
    assert.equal(await refusal(takeRateLimit(store, 'alert', rateKeys({ ip: '198.51.100.1' }), limit, at(5))), null);
    assert.equal((await refusal(takeRateLimit(store, 'comment', rateKeys({ userId: 7 }), { max: 0, windowMinutes: 1 }, at(5))))?.code, 'rate_limited');
  });

  test('old events are pruned as the limit is taken', async () => {
    const store = await dbs.open();
    await takeRateLimit(store, 'comment', ['ip:a'], limit, '2026-03-01T00:00:00.000Z');
    await takeRateLimit(store, 'comment', ['ip:b'], limit, at(0));
    const left = await store.db.selectFrom('rate_events').select('key').execute();
    assert.deepEqual(left.map((r) => r.key), ['ip:b']);
  });
});

test('assertEditable refuses after 15 minutes with edit_window_over (409)', () => {
  assert.doesNotThrow(() => assertEditable('2026-03-05T10:00:00.000Z', '2026-03-05T10:15:00.000Z'));
  assert.throws(() => assertEditable('2026-03-05T10:00:00.000Z', '2026-03-05T10:15:01.000Z'), (e: unknown) => isAppError(e) && e.code === 'edit_window_over' && e.status === 409);
});
