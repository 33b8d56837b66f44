import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SIGN_IN_LIMITS, signIn, signInKeys } from '../../src/services/accounts.js';
import { eachDatabase } from '../helpers/databases.js';
import { accountWithPassword } from './support.js';

/** Attempts sent all at once cannot slip under the limits: each counts before its password is checked. */
describe('sign-in limits under attempts in parallel', () => {
  eachDatabase((db) => {
    test(`40 wrong passwords at once from one address: at most ${SIGN_IN_LIMITS.perAccountAndAddress} are even checked`, async () => {
      const store = await db.open();
      const a = await accountWithPassword(store);
      const ip = '10.0.0.1';
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => signIn(store, { now: new Date(), email: a.email, password: `no es la clave ${i}`, ip })),
      );
      const wrong = results.filter((r) => !r.ok && r.reason === 'wrong').length;
      const limited = results.filter((r) => !r.ok && r.reason === 'limited').length;
      assert.ok(wrong <= SIGN_IN_LIMITS.perAccountAndAddress, `${wrong} attempts were checked`);
      assert.equal(wrong + limited, 40);
      // Once that address reaches the limit, even the right password waits there — not elsewhere.
      for (let i = wrong; i < SIGN_IN_LIMITS.perAccountAndAddress; i++)
        await signIn(store, { now: new Date(), email: a.email, password: 'otra clave equivocada', ip });
      const right = await signIn(store, { now: new Date(), email: a.email, password: a.password, ip });
      assert.equal(!right.ok && right.reason, 'limited');
      assert.equal((await signIn(store, { now: new Date(), email: a.email, password: a.password, ip: '10.0.1.1' })).ok, true);
    });

    test('40 wrong passwords at once from 40 addresses: all counted, so all slowed — none refused', async () => {
      const store = await db.open();
      const a = await accountWithPassword(store);
      const waits: number[] = [];
      const wait = async (ms: number) => waits.push(ms);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          signIn(store, { now: new Date(), email: a.email, password: `no es la clave ${i}`, ip: `10.0.0.${i}`, wait }),
        ),
      );
      assert.equal(results.filter((r) => !r.ok && r.reason === 'wrong').length, 40);
      const failures = await store.db
        .selectFrom('login_attempts')
        .select('id')
        .where('key', '=', signInKeys(a.email, '').account)
        .where('success', '=', 0)
        .execute();
      assert.equal(failures.length, 40);
      // Each saw at least the failures recorded before it: at least 40 − 10 of them waited, and some the longest.
      assert.ok(waits.length >= 40 - SIGN_IN_LIMITS.manyFailures, `${waits.length} waited`);
      assert.equal(Math.max(...waits), SIGN_IN_LIMITS.maxDelayMs);
    });
  });
});
