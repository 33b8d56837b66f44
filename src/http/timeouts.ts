import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * How long a client may take (issue 17: one byte every 14 s kept a POST open for minutes). Three
 * bounds, each the equivalent of one of nginx's (docs/deployment.md):
 *
 * - body: a request body that brings less than 1 KiB in BODY_TIMEOUT_SECONDS (30) is cut — nginx's
 *   client_body_timeout (60 s there, which counts any byte as progress). Only while a body is
 *   coming, so a slow answer is not cut by it.
 * - request: the whole request, headers and body, must arrive within REQUEST_TIMEOUT_SECONDS (600),
 *   else 408 — the cap for a body that drips just fast enough to keep moving. The largest legitimate
 *   body is a 20 MB upload (UPLOAD_MAX_MB); 600 s lets it through at 35 KB/s (≈ 280 kbit/s, a poor
 *   mobile uplink). Headers alone have Node's 60 s (nginx's client_header_timeout, 60 s).
 * - idle: a connection where nothing moves either way for IDLE_TIMEOUT_SECONDS (120) is closed — a
 *   client that stops reading an answer (nginx's send_timeout), or a handler silent that long, which
 *   nginx's proxy_read_timeout (120 s in docs/deployment.md) would give up on too.
 *
 * Node checks the request bound every `checkEveryMs` (30 s), so a request is cut up to that much late.
 */
export interface HttpTimeouts {
  bodyMs: number;
  requestMs: number;
  idleMs: number;
  checkEveryMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { bodyMs: 30_000, requestMs: 600_000, idleMs: 120_000, checkEveryMs: 30_000 };

type Env = Record<string, string | undefined>;

/** BODY_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS: whole seconds (1–86400); a bad value is refused naming the variable. */
export function httpTimeoutsFromEnv(env: Env = process.env): HttpTimeouts {
  const seconds = (name: string, fallbackMs: number) => {
    const text = env[name]?.trim();
    if (!text) return fallbackMs;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 86_400) throw new AppError('invalid_input', { field: name, value: text });
    return n * 1000;
  };
  return {
    bodyMs: seconds('BODY_TIMEOUT_SECONDS', DEFAULT_TIMEOUTS.bodyMs),
    requestMs: seconds('REQUEST_TIMEOUT_SECONDS', DEFAULT_TIMEOUTS.requestMs),
    idleMs: seconds('IDLE_TIMEOUT_SECONDS', DEFAULT_TIMEOUTS.idleMs),
    checkEveryMs: DEFAULT_TIMEOUTS.checkEveryMs,
  };
}

/** Node's default for the headers (nginx's client_header_timeout is 60 s too). */
const HEADERS_MS = 60_000;

/**
 * What Fastify's factory takes: the request and idle bounds are Node's own (server.requestTimeout,
 * server.timeout). The headers get the shorter of 60 s and the request bound: with the headers' the
 * longer, Node 20 let a body dripping past a 2 s request bound run to its end (20 s, measured).
 */
export function serverTimeoutOptions(t: HttpTimeouts) {
  return {
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    http: { connectionsCheckingInterval: t.checkEveryMs, headersTimeout: Math.min(HEADERS_MS, t.requestMs) },
  };
}

/**
 * At least this much of a body must arrive in each body window (or all that is left of it): a body
 * that drips a byte now and then (the probe's one byte every 14 s) moves, but is no upload. 1 KiB per
 * 30 s is 34 bytes a second, far below any real connection.
 */
export const MIN_BODY_BYTES_PER_WINDOW = 1024;

/**
 * The body bound: while a request's body is coming, every `bodyMs` it must have brought at least
 * MIN_BODY_BYTES_PER_WINDOW (or the rest of the body) since the last look, else the connection is
 * closed. Read from the socket's byte count, so the body's parser is left alone. A request without a
 * body (no Content-Length above 0, no Transfer-Encoding) is left alone.
 */
export function cutStalledBodies(app: FastifyInstance, t: HttpTimeouts): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const raw = req.raw;
    const socket = raw.socket;
    // app.inject()'s requests have no socket to watch.
    if (!socket || typeof socket.bytesRead !== 'number') return done();
    const length = Number(raw.headers['content-length'] ?? 0);
    const hasBody = raw.headers['transfer-encoding'] !== undefined || length > 0;
    if (hasBody && !raw.complete) {
      const start = socket.bytesRead;
      let last = start;
      const timer = setInterval(() => {
        if (raw.complete || socket.destroyed) return clearInterval(timer);
        const now = socket.bytesRead;
        const rest = length > 0 ? length - (now - start) : Infinity;
        if (now - last < Math.min(MIN_BODY_BYTES_PER_WINDOW, Math.max(rest, 1))) {
          clearInterval(timer);
          req.log.info(`request body brought ${now - last} bytes in ${t.bodyMs / 1000} s: connection closed`);
          socket.destroy();
        }
        last = now;
      }, t.bodyMs);
      timer.unref();
      raw.once('end', () => clearInterval(timer));
      raw.once('close', () => clearInterval(timer));
    }
    done();
  });
}
