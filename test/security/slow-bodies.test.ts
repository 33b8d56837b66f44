import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { DEFAULT_TIMEOUTS, httpTimeoutsFromEnv, type HttpTimeouts } from '../../src/http/timeouts.js';
import { isAppError } from '../../src/errors.js';
import { vigia } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/net.js';
import { startServeProcess } from '../helpers/serve-process.js';

/**
 * Issue 17: a body sent one byte every 14 s was never timed out. The app listens on a real socket with
 * its bounds shortened (body 1 s, whole request 3 s) and a client writes the body by hand (node:net).
 */
const T: HttpTimeouts = { bodyMs: 1000, requestMs: 3000, idleMs: 10_000, checkEveryMs: 100 };

interface Outcome {
  ms: number;
  /** The answer's status line, or null when the connection was closed without one. */
  status: string | null;
  /** Body bytes written before the connection ended. */
  sent: number;
}

/** POSTs `body` to `path`, `chunk` bytes every `everyMs`, until everything is sent or the server closes the connection. */
function slowPost(port: number, path: string, headers: string, body: string, chunk: number, everyMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ ms: Date.now() - started, status: answer ? answer.split('\r\n')[0]! : null, sent });
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\n`,
    );
    const drip = setInterval(() => {
      if (sent >= body.length || socket.destroyed) return;
      socket.write(body.slice(sent, sent + chunk));
      sent += chunk;
    }, everyMs);
  });
}

describe('slow request bodies are cut (issue 17)', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let port: number;
    /** The forgotten-password form's cookie and CSRF token: a form anyone may post. */
    let form: { cookie: string; csrf: string };
    before(async () => {
      app = await buildApp({ store: await db.open(), timeouts: T });
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as { port: number }).port;
      const page = await fetch(`http://127.0.0.1:${port}/cuenta/olvide`);
      const cookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
      assert.ok(csrf, 'the form carries a CSRF token');
      form = { cookie, csrf };
    });
    after(() => app.close());

    const body = (email: string) => `_csrf=${encodeURIComponent(form.csrf)}&email=${encodeURIComponent(email)}`;

    test('a body that stops sending is cut once it has sent nothing for the body bound', async () => {
      // One byte every 1.5 s: it never stops for good, but each pause is longer than the 1 s bound.
      const r = await slowPost(port, '/cuenta/olvide', `Cookie: ${form.cookie}\r\n`, body('ana@example.test'), 1, 1500);
      assert.equal(r.status, null, 'closed without an answer');
      assert.ok(r.ms >= T.bodyMs && r.ms < T.bodyMs + 1000, `cut after ${r.ms} ms (bound ${T.bodyMs} ms)`);
      assert.ok(r.sent <= 1, `${r.sent} bytes sent before the cut`);
    });

    test('a body that keeps moving but brings less than 1 KiB per body bound is cut at the first look', async () => {
      // The probe's shape, sped up: one byte every 200 ms is never silent for the 1 s bound, and would take about 20 s to finish.
      const r = await slowPost(port, '/cuenta/olvide', `Cookie: ${form.cookie}\r\n`, body('ana@example.test'), 1, 200);
      assert.equal(r.status, null, 'closed without an answer');
      assert.ok(r.ms >= T.bodyMs && r.ms < T.bodyMs + 1000, `cut after ${r.ms} ms (bound ${T.bodyMs} ms)`);
    });

    test('a body fast enough for the body bound but longer than the whole-request bound is answered 408', async () => {
      // 1 KiB every 250 ms of a 40 KB form: 4 KiB per body bound, about 10 s in all, against 3 s.
      const email = `${'b'.repeat(40_000)}@example.test`;
      const r = await slowPost(port, '/cuenta/olvide', `Cookie: ${form.cookie}\r\n`, body(email), 1024, 250);
      assert.equal(r.status, 'HTTP/1.1 408 Request Timeout');
      assert.ok(r.ms >= T.requestMs && r.ms < T.requestMs + 1000, `answered after ${r.ms} ms (bound ${T.requestMs} ms)`);
    });

    test('an upload that keeps progressing, for longer than the body bound, is read and answered', async () => {
      // 40 KB in 1 KB pieces every 50 ms: 2 s in all, twice the body bound, under the request bound.
      const email = `${'a'.repeat(40_000)}@example.test`;
      const r = await slowPost(port, '/cuenta/olvide', `Cookie: ${form.cookie}\r\n`, body(email), 1024, 50);
      assert.ok(r.ms > 2 * T.bodyMs, `took ${r.ms} ms`);
      // The form was read to its end: the e-mail address is refused as an address, field named.
      assert.equal(r.status, 'HTTP/1.1 400 Bad Request');
    });

    test('the server still answers after the cuts', async () => {
      assert.equal((await fetch(`http://127.0.0.1:${port}/cuenta/olvide`)).status, 200);
    });
  });
});

describe('the bounds from the environment', () => {
  eachDatabase((db) => {
    test('vigia serve cuts a stalled body at BODY_TIMEOUT_SECONDS', async () => {
      const server = await startServeProcess(await db.freshUrl(), { BODY_TIMEOUT_SECONDS: '1' });
      try {
        const r = await slowPost(Number(new URL(server.base).port), '/cuenta/olvide', '', 'email=ana%40example.test', 1, 2500);
        assert.equal(r.status, null);
        assert.ok(r.ms >= 1000 && r.ms < 2000, `cut after ${r.ms} ms`);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    });
  });

  test('vigia serve refuses a bad bound before it starts, naming the variable', async () => {
    const run = await vigia(['serve'], {
      DATABASE_URL: ':memory:',
      PORT: String(await freePort()),
      NODE_ENV: 'test',
      REQUEST_TIMEOUT_SECONDS: 'diez',
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /REQUEST_TIMEOUT_SECONDS/);
    assert.doesNotMatch(run.stderr, /Vigía escucha en/);
  });

  test('defaults: body 30 s, whole request 600 s, idle 120 s', () => {
    assert.deepEqual(httpTimeoutsFromEnv({}), DEFAULT_TIMEOUTS);
    assert.deepEqual(httpTimeoutsFromEnv({ BODY_TIMEOUT_SECONDS: '5', REQUEST_TIMEOUT_SECONDS: '60', IDLE_TIMEOUT_SECONDS: '90' }), {
      ...DEFAULT_TIMEOUTS,
      bodyMs: 5000,
      requestMs: 60_000,
      idleMs: 90_000,
    });
  });

  test('a bad value is refused naming the variable', () => {
    for (const [name, value] of [
      ['BODY_TIMEOUT_SECONDS', 'abc'],
      ['REQUEST_TIMEOUT_SECONDS', '0'],
      ['IDLE_TIMEOUT_SECONDS', '1.5'],
      ['BODY_TIMEOUT_SECONDS', '100000'],
    ] as const) {
      assert.throws(
        () => httpTimeoutsFromEnv({ [name]: value }),
        (e: unknown) => isAppError(e) && e.code === 'invalid_input' && (e.params as { field?: string }).field === name,
        `${name}=${value}`,
      );
    }
  });
});
