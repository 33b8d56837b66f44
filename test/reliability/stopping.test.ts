import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eachDatabase } from '../helpers/databases.js';
import { planWithCoordinator, startServeProcess } from '../helpers/serve-process.js';

/**
 * SIGTERM while clients hang up in the middle of their requests (the end of a load test, a browser
 * closed): `vigia serve` lets the handlers still at work finish before it closes the database
 * (src/http/in-flight.ts), so none of them meets a closed database — which it logged as an error
 * ("driver has already been destroyed") — and it stops at once when nothing is at work.
 * On PostgreSQL the race shows within a few rounds when the wait is removed; on SQLite, whose queries
 * are synchronous, the handlers rarely outlive the stop — there the test guards the clean exit, with
 * two of the delays (each round starts a `vigia serve` process).
 */
const DELAYS_MS = { postgres: [30, 60, 80, 100, 140], sqlite: [30, 140] };
const REQUESTS = 60;

describe('stopping while clients hang up', () => {
  eachDatabase((db) => {
    test('no handler meets a closed database, the exit is clean and prompt', async () => {
      const url = await db.freshUrl();
      const { plan, cookie, csrf } = await planWithCoordinator(url);
      const commitments = Object.values(plan.commitments);
      const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };

      for (const delay of DELAYS_MS[db.kind]) {
        // Logging on (NODE_ENV not "test"): an error a handler meets is written, as in production.
        const server = await startServeProcess(url, { NODE_ENV: 'development' });
        for (let i = 0; i < REQUESTS; i++) {
          const c = commitments[i % commitments.length];
          const client = new AbortController();
          const request =
            i % 3 === 0
              ? fetch(`${server.base}/api/v1/workspace/commitments/${c}/sources`, {
                  method: 'POST',
                  headers,
                  body: JSON.stringify({ text: `Fuente ${delay}-${i}` }),
                  signal: client.signal,
                })
              : i % 3 === 1
                ? fetch(`${server.base}/espacio/compromisos/${c}`, { headers: { cookie }, signal: client.signal })
                : fetch(`${server.base}/api/v1/workspace/commitments/${c}`, { headers: { cookie }, signal: client.signal });
          request.catch(() => undefined);
          setTimeout(() => client.abort(), delay);
        }
        await new Promise((r) => setTimeout(r, delay + 1));
        const stoppedAt = Date.now();
        server.child.kill('SIGTERM');
        const exit = await server.exited;
        const took = Date.now() - stoppedAt;
        const output = server.output();
        const errors = output.split('\n').filter((l) => /"level":(50|60)/.test(l));
        assert.equal(exit, 0, output.slice(-2000));
        assert.deepEqual(
          errors.map((l) => l.slice(0, 300)),
          [],
          `aborted after ${delay} ms: errors logged while stopping`,
        );
        assert.deepEqual(
          output.split('\n').filter((l) => l.includes('still at work')),
          [],
          `aborted after ${delay} ms`,
        );
        assert.ok(took < 8000, `stopped in ${took} ms (a request counted for ever would hold it 10 s)`);
      }
    });
  });
});
