import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SIGN_IN_LIMITS, signIn } from '../../src/services/accounts.js';
import { eachDatabase } from '../helpers/databases.js';
import { accountWithPassword } from './support.js';

/** Attempts sent all at once cannot slip under the per-account limit: each counts before its password is checked. */
describe('sign-in limits under attempts in parallel', () => {
  eachDatabase((db) => {
    test(`40 wrong passwords at once from 40 addresses: at most ${SIGN_IN_LIMITS.perAccount} are even checked`, async () => {
      const store = await db.open();
      const a = await accountWithPassword(store);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(store, { email: a.email, password: `no es la clave ${i}`, ip: `10.0.0.${i}` })));
      const wrong = results.filter((r) => !r.ok && r.reason === 'wrong').length;
      const limited = results.filter((r) => !r.ok && r.reason === 'limited').length;
      assert.ok(wrong <= SIGN_IN_LIMITS.perAccount, `${wrong} attempts were checked`);
      assert.equal(wrong + limited, 40);
      // Once the failures reach the limit, even the right password waits.
      for (let i = wrong; i < SIGN_IN_LIMITS.perAccount; i++) await signIn(store, { email: a.email, password: 'otra clave equivocada', ip: '10.0.2.1' });
      const right = await signIn(store, { email: a.email, password: a.password, ip: '10.0.1.1' });
      assert.deepEqual(right, { ok: false, reason: 'limited' });
    });
  });
});
