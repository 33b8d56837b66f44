import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { sessionSettings } from '../../src/services/accounts.js';
import { accountWithPassword, setCookies, Visitor } from '../accounts/support.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';

/**
 * One clock (issue 18): with the app's clock fixed (buildApp({ now })), what a route writes is stamped on
 * that clock, not the machine's — a workspace write's audit entry, a session's start and end — and the
 * session cookie's Max-Age is counted from the same instant as the session's stored end.
 */
const NOW = '2031-07-14T09:30:00.000Z';
const plus = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

eachDatabase((dbs) => {
  async function setUp() {
    const store = await dbs.open();
    const plan = await buildLateActivitiesPlan(store);
    const clock = { now: NOW };
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => clock.now.slice(0, 10), now: () => clock.now });
    return { store, plan, app, clock };
  }

  test('a workspace write through its form is stamped in the audit log at the app’s now, not the machine’s', async () => {
    const { store, plan, app } = await setUp();
    const { governmentId } = await store.db
      .selectFrom('plans')
      .select('government_id as governmentId')
      .where('id', '=', plan.planId)
      .executeTakeFirstOrThrow();
    const { cookie, csrf } = await signIn(app, store, { role: 'coordinator', governmentId: governmentId! });
    const res = await app.inject({
      method: 'POST',
      url: `/espacio/compromisos/${plan.commitments.c1}/fuentes`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, text: 'Resolución de prueba' }).toString(),
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const entry = await store.db
      .selectFrom('audit_log')
      .select(['at', 'entity'])
      .where('commitment_id', '=', plan.commitments.c1)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(entry, { at: NOW, entity: 'sources' });
    await app.close();
  });

  test('a session begun at sign-in starts and ends on the app’s clock; its cookie’s Max-Age agrees; idleness is counted on it', async () => {
    const { store, app, clock } = await setUp();
    const { maxMs, idleMs } = sessionSettings();
    const a = await accountWithPassword(store);
    const v = new Visitor(app, '198.51.100.70');
    const res = await v.signIn(a.email, a.password);
    assert.equal(res.statusCode, 303);
    const session = await store.db
      .selectFrom('sessions')
      .select(['created_at', 'expires_at'])
      .where('user_id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(session, { created_at: NOW, expires_at: plus(maxMs) });
    const cookie = setCookies(res).find((c) => c.name === 'vigia_session')!;
    assert.ok(cookie.attributes.includes(`Max-Age=${maxMs / 1000}`), cookie.attributes.join('; '));
    // Idle just under the limit on the app's clock: still signed in; just past it: out.
    clock.now = plus(idleMs - 1000);
    assert.equal((await v.get('/cuenta')).statusCode, 200);
    clock.now = plus(idleMs - 1000 + idleMs);
    assert.equal((await v.get('/cuenta')).statusCode, 303);
    await app.close();
  });
});
