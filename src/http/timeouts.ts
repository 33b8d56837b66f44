import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * How long a client may take (issue 17: one byte every 14 s kept a POST open for minutes). Three
 * bounds, each the equivalent of one of nginx's (docs/deployment.md):
 *
 * - body: a request body that sends nothing for BODY_TIMEOUT_SECONDS (30) is cut — nginx's
 *   client_body_timeout (60 s there). It measures progress, not speed: an upload that keeps moving
 *   is never cut by it, however slow. Only while a body is coming, so a slow answer is not cut by it.
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
 * The body bound: while a request's body is coming, its socket's idle timeout is `bodyMs`, and the
 * connection is closed when it fires; once the body has been read, back to the idle bound. (A body
 * that has all arrived but that the server leaves unread for `bodyMs` is cut too: Node then closes
 * the socket itself.) A request without a body (no Content-Length above 0, no Transfer-Encoding) is
 * left alone.
 */
export function cutStalledBodies(app: FastifyInstance, t: HttpTimeouts): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const raw = req.raw;
    // app.inject()'s requests have no socket to time.
    if (typeof raw.setTimeout !== 'function') return done();
    const hasBody = raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
    if (hasBody && !raw.complete) {
      raw.setTimeout(t.bodyMs, () => {
        req.log.info(`request body stalled for ${t.bodyMs / 1000} s: connection closed`);
        raw.socket.destroy();
      });
      raw.once('end', () => raw.setTimeout(t.idleMs));
    }
    done();
  });
}
