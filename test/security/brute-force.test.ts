import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { SIGN_IN_LIMITS, signInKeys } from '../../src/services/accounts.js';
import { openStore } from '../../src/storage/connect.js';
import { accountWithPassword, Visitor } from '../accounts/support.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * Password guessing beyond the limits (SIGN_IN_LIMITS: failures per account and address, and per
 * address, in a window): the Spanish and the English forms count together, there is no other way to
 * sign in (the API takes the session cookie, it has no sign-in of its own), and the count is in the
 * database — a restart, or a second instance, does not wipe it. Guessing from many addresses, and the
 * owner signing in meanwhile, are in sign-in-throttling.test.ts.
 */
describe('brute force beyond the sign-in limits', () => {
  eachDatabase((db) => {
    test('per account and address: failures on /cuenta/ingresar and /en/cuenta/ingresar count together', async () => {
      const store = await db.open();
      const app = await buildApp({ store, cacheCheckEveryMs: 0 });
      try {
        const a = await accountWithPassword(store);
        const ip = '192.0.2.100';
        for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress; i++) {
          const v = new Visitor(app, ip);
          const prefix = i % 2 ? '/en' : '';
          await v.get(`${prefix}/cuenta/ingresar`);
          assert.equal((await v.post(`${prefix}/cuenta/ingresar`, { email: a.email, password: `guess ${i}` })).statusCode, 401);
        }
        for (const prefix of ['', '/en']) {
          const v = new Visitor(app, ip);
          await v.get(`${prefix}/cuenta/ingresar`);
          const res = await v.post(`${prefix}/cuenta/ingresar`, { email: a.email.toUpperCase(), password: a.password });
          assert.equal(res.statusCode, 429, `${prefix || 'es'}: the right password is refused too from the address that guessed`);
          assert.equal(String(res.headers['set-cookie'] ?? '').includes('vigia_session='), false);
        }
      } finally {
        await app.close();
      }
    });

    test('per address: failures against many accounts, in both languages, stop the address', async () => {
      const store = await db.open();
      const app = await buildApp({ store, cacheCheckEveryMs: 0 });
      try {
        const a = await accountWithPassword(store);
        const ip = '198.51.100.99';
        for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
          const v = new Visitor(app, ip);
          const prefix = i % 2 ? '/en' : '';
          await v.get(`${prefix}/cuenta/ingresar`);
          assert.equal(
            (await v.post(`${prefix}/cuenta/ingresar`, { email: `target${i}@example.test`, password: 'Password123!' })).statusCode,
            401,
          );
        }
        const v = new Visitor(app, ip);
        await v.get('/en/cuenta/ingresar');
        assert.equal((await v.post('/en/cuenta/ingresar', { email: a.email, password: a.password })).statusCode, 429);
      } finally {
        await app.close();
      }
    });

    test('the count survives a restart: a new app on the same database still refuses', async () => {
      const url = await db.freshUrl();
      let store = await openStore(url);
      let app = await buildApp({ store, cacheCheckEveryMs: 0 });
      const a = await accountWithPassword(store);
      const ip = '203.0.113.50';
      for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress; i++)
        assert.equal((await new Visitor(app, ip).signIn(a.email, `guess ${i}`)).statusCode, 401);
      assert.equal((await new Visitor(app, ip).signIn(a.email, a.password)).statusCode, 429);
      await app.close();
      await store.close();
      // The process starts again: nothing kept in memory.
      store = await openStore(url);
      app = await buildApp({ store, cacheCheckEveryMs: 0 });
      try {
        assert.equal((await new Visitor(app, ip).signIn(a.email, a.password)).statusCode, 429);
        const rows = await store.db.selectFrom('login_attempts').select('key').where('key', '=', signInKeys(a.email, ip).pair).execute();
        assert.ok(rows.length >= SIGN_IN_LIMITS.perAccountAndAddress, `${rows.length} failures stored`);
      } finally {
        await app.close();
        await store.close();
      }
    });

    test('no other way in: no route of the API signs in or takes a password', async () => {
      const store = await db.open();
      const app = await buildApp({ store, cacheCheckEveryMs: 0 });
      try {
        const writes = app.routeRules.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
        const signIns = writes.filter(
          (r) => /ingresar|login|sign-?in|session|token|password|clave/i.test(r.url) && !/password-link|enlace/.test(r.url),
        );
        assert.deepEqual(signIns.map((r) => `${r.method} ${r.url}`).sort(), [
          'POST /cuenta/clave',
          'POST /cuenta/ingresar',
          'POST /en/cuenta/clave',
          'POST /en/cuenta/ingresar',
        ]);
      } finally {
        await app.close();
      }
    });
  });
});
