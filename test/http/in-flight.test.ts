import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { seededApp } from '../helpers/app.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * What `vigia serve` waits for at SIGTERM before it closes the database (src/http/in-flight.ts): a
 * handler still at work for a client that hung up is counted until it settles, and ordinary answers of
 * every kind leave nothing counted (or every stop would wait out its limit).
 */
describe('requests still at work when the server stops', () => {
  eachDatabase((db) => {
    test('a handler whose client hung up is waited for, its query made before the wait ends; answers of every kind leave nothing counted', async () => {
      const s = await seededApp(db);
      let entered!: () => void;
      const inHandler = new Promise<void>((r) => (entered = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let counted: number | null = null;
      s.app.get('/prueba/lenta', { config: { permission: 'public:read' } }, async () => {
        entered();
        await gate;
        const row = await s.store.db.selectFrom('commitments').select(s.store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        counted = Number(row.n);
        return { n: counted };
      });
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
      try {
        const statuses: number[] = [];
        // A page twice (the second written from the cache by a hook), English, the API, a 404, a sign-in redirect, a POST refused to a visitor, an asset, HEAD.
        for (const [method, path] of [
          ['GET', `/planes/${s.planId}`],
          ['GET', `/planes/${s.planId}`],
          ['GET', '/en'],
          ['GET', '/api/v1/plans'],
          ['GET', '/no-existe'],
          ['GET', '/espacio'],
          ['POST', '/cuenta/salir'],
          ['GET', '/assets/site.css'],
          ['HEAD', '/'],
        ] as const) {
          const res = await fetch(`${base}${path}`, { method, redirect: 'manual' });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
        assert.deepEqual(statuses, [200, 200, 200, 200, 404, 303, 401, 200, 200]);
        const deadline = Date.now() + 2000;
        while (s.app.inFlight.count !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.equal(s.app.inFlight.count, 0, 'nothing counted once the answers are out');

        const client = new AbortController();
        const request = fetch(`${base}/prueba/lenta`, { signal: client.signal }).catch(() => 'hung up');
        await inHandler;
        client.abort();
        assert.equal(await request, 'hung up');
        await s.app.close();
        assert.equal(s.app.inFlight.count, 1, 'closed, with the hung-up request still at work');
        assert.equal(await s.app.inFlight.idle(50), false);
        const idle = s.app.inFlight.idle(5000);
        release();
        assert.equal(await idle, true);
        assert.equal(counted, 17, 'its query ran before the wait ended');
      } finally {
        release();
        await s.app.close();
        await s.store.close();
      }
    });
  });
});
