import { Tokens } from '@fastify/csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountMessages } from '../i18n/accounts.js';
import { resolveSession, sessionSettings } from '../services/accounts.js';
import type { Store } from '../storage/connect.js';
import { pageContext, visitorLang } from './bilingual.js';
import { registerBodyParsers } from './body-limits.js';
import { publicUrlIsHttps, servedOverHttps } from './https.js';
import { requestLang } from './negotiate.js';
import { ErrorPage } from './views/error-page.js';
import { renderPage, type AccountState } from './views/layout.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session token this request's CSRF tokens are made for and checked against: the one that signed it in, or the one this answer sets; null for a visitor. */
    csrfSession: string | null;
  }
}

/**
 * Sessions, CSRF and caching for signed-in people, for every route at once:
 * - `request.actor` is the person whose session cookie came with the request (or null). A session ends
 *   after SESSION_IDLE_MINUTES without requests, after SESSION_MAX_HOURS whatever happens, on sign-out,
 *   and when its account is disabled; its id is the sha256 of the cookie's token.
 * - Every POST, PUT, PATCH and DELETE must carry a CSRF token (form field `_csrf` or header
 *   `x-csrf-token`) made from the secret in the CSRF cookie *and* for the session the request carries,
 *   or it is refused with 403. Routes do not opt in: a new form that forgets the token fails its first
 *   test. Binding the token to the session means a secret planted in the browser (cookie tossing from
 *   a sibling host over plain HTTP) does not let an attacker make a token the victim's session accepts.
 * - Answers to a signed-in person are `Cache-Control: no-store`.
 * Cookies are HttpOnly, SameSite=Lax, Path=/; over HTTPS they are Secure and `__Host-` prefixed.
 */
export const SESSION_COOKIE = 'vigia_session';
export const SESSION_COOKIE_HTTPS = '__Host-vigia_session';
export const CSRF_COOKIE = 'vigia_csrf';
export const CSRF_COOKIE_HTTPS = '__Host-vigia_csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// @fastify/csrf's tokens made with `userInfo`, the session they are for (decision 025). Made and checked
// here rather than by @fastify/csrf-protection so the refusal can say why, in both languages.
const tokens = new Tokens({ userInfo: true });

/**
 * What a token is bound to: the session's cookie token, or one word for visitors. The token carries a
 * sha256 of this, never the session token itself; the prefix keeps that hash apart from the session's
 * stored id (the sha256 of the bare token).
 */
function csrfUserInfo(session: string | null): string {
  return session ? `session:${session}` : 'visitor';
}

/** The CSRF cookie's name: `__Host-` under an https PUBLIC_URL, whatever the request came over. */
function csrfCookieName(): string {
  return publicUrlIsHttps() ? CSRF_COOKIE_HTTPS : CSRF_COOKIE;
}

export function sessionCookieName(req: FastifyRequest): string {
  return servedOverHttps(req) ? SESSION_COOKIE_HTTPS : SESSION_COOKIE;
}

/** The session token the request carries (what sign-out and sign-in replace), or null. */
export function sessionToken(req: FastifyRequest): string | null {
  const token = req.cookies?.[sessionCookieName(req)];
  // Tokens are 43 characters; anything else is not one of ours.
  return token && token.length <= 100 ? token : null;
}

/** The cookie lasts as long as the session: counted from `now`, the instant the session's expiry was counted from (the app's clock). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string, now: Date): void {
  req.csrfSession = token;
  const secure = servedOverHttps(req);
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - now.getTime()) / 1000));
  reply.setCookie(secure ? SESSION_COOKIE_HTTPS : SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  req.csrfSession = null;
  const secure = servedOverHttps(req);
  reply.clearCookie(secure ? SESSION_COOKIE_HTTPS : SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** A CSRF token for a form (hidden field `_csrf`) or a script (header `x-csrf-token`); sets the CSRF cookie if needed. */
export function csrfToken(reply: FastifyReply): string {
  const req = reply.request;
  const key = csrfCookieName();
  // generateCsrf makes a new secret at each call when the request came without one (a signed-in person
  // whose browser dropped the CSRF cookie): the header's sign-out form and the page's form got tokens of
  // two secrets, and the one the browser kept refused the other form. One secret per request.
  if (!req.cookies[key]) setCsrfSecret(req, reply, tokens.secretSync());
  return tokens.create(req.cookies[key]!, csrfUserInfo(req.csrfSession));
}

/** Sets the CSRF cookie, and the request's view of it: tokens made later in this request use this secret. */
function setCsrfSecret(req: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(csrfCookieName(), secret, { path: '/', sameSite: 'lax', httpOnly: true, secure: servedOverHttps(req) });
  req.cookies[csrfCookieName()] = secret;
}

export function accountState(req: FastifyRequest, reply: FastifyReply): AccountState | null {
  return req.actor ? { actor: req.actor, csrf: csrfToken(reply) } : null;
}

/** A new CSRF secret at sign-in and sign-out: a secret someone planted before does not carry over. */
export function rotateCsrf(req: FastifyRequest, reply: FastifyReply): void {
  setCsrfSecret(req, reply, tokens.secretSync());
}

/**
 * A path of this site to go back to (`volver`), or null: only a local absolute path, never another
 * site (`//evil.example`, `/\\evil.example`, `https://…`), so the sign-in page is no open redirect.
 */
export function safeLocalPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return null;
  const base = 'http://vigia.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  const path = url.pathname + url.search + url.hash;
  // Dot-segments resolve away ("/.//evil.example" → "//evil.example"): what comes out is checked again.
  return path.startsWith('//') || path.includes('\\') ? null : path;
}

/** A CSRF secret and a token made from it for `sessionToken` (none: a visitor): what a browser holds after loading a form (for tests and tools). */
export function issueCsrf(sessionToken: string | null = null, secret: string = tokens.secretSync()): { secret: string; token: string } {
  return { secret, token: tokens.create(secret, csrfUserInfo(sessionToken)) };
}

function submittedCsrfToken(req: FastifyRequest): string | null {
  const body = req.body as Record<string, unknown> | null | undefined;
  let field = body && typeof body === 'object' ? body._csrf : undefined;
  // @fastify/multipart with attachFieldsToBody gives fields as { value }.
  if (field && typeof field === 'object' && 'value' in field) field = (field as { value: unknown }).value;
  if (typeof field === 'string' && field) return field;
  const header = req.headers['x-csrf-token'];
  return typeof header === 'string' && header ? header : null;
}

function csrfValid(req: FastifyRequest): boolean {
  const secret = req.cookies?.[csrfCookieName()];
  const token = submittedCsrfToken(req);
  if (!secret || !token) return false;
  try {
    if (tokens.verify(secret, token, csrfUserInfo(req.csrfSession))) return true;
    // A session cookie that signs nobody in any more (expired, signed out elsewhere) carries no authority
    // to protect: a form loaded while it was valid — the sign-in page, say — may still be sent.
    const stale = req.csrfSession === null ? sessionToken(req) : null;
    return stale !== null && tokens.verify(secret, token, csrfUserInfo(stale));
  } catch {
    return false;
  }
}

function refuseCsrf(req: FastifyRequest, reply: FastifyReply) {
  const json = req.url.startsWith('/api/') || (req.headers['content-type'] ?? '').includes('application/json');
  const lang = json ? requestLang(req) : visitorLang(req);
  const message = accountMessages[lang].csrf.refused;
  reply.code(403).header('cache-control', 'no-store');
  if (json) return reply.send({ error: { code: 'csrf_token_invalid', message } });
  const ctx = pageContext(req, lang, req.url.replace(/^\/en(?=\/|$)/, '').split('?')[0] || '/');
  return reply.type('text/html; charset=utf-8').send(renderPage(ErrorPage({ ctx, status: 403, detail: message })));
}

/** Sessions, CSRF and sign-in limits: sets `request.actor` on every request. */
export async function registerAuth(app: FastifyInstance, store: Store): Promise<void> {
  // Refuse bad settings at start-up rather than at the first sign-in.
  sessionSettings();
  // HTML forms post application/x-www-form-urlencoded; the API takes JSON: both counted before they are parsed.
  registerBodyParsers(app);
  app.decorateRequest('actor', null);
  app.decorateRequest('account', null);
  app.decorateRequest('csrfSession', null);

  app.addHook('onRequest', async (req, reply) => {
    req.actor = null;
    req.account = null;
    req.csrfSession = null;
    // Static files need no session (and cost no query).
    if (req.url.startsWith('/assets/')) return;
    const token = sessionToken(req);
    if (!token) {
      if (req.cookies?.[sessionCookieName(req)] !== undefined) clearSessionCookie(req, reply);
      return;
    }
    const found = await resolveSession(store, token, new Date(app.now()));
    if (found) {
      req.csrfSession = token;
      req.actor = found.actor;
      req.account = { actor: found.actor, csrf: csrfToken(reply) };
    } else clearSessionCookie(req, reply);
  });

  // preValidation: after the body is parsed (a form with a file too: src/http/uploads.ts reads it first), before
  // anything in it is judged by the route's schema (and before route-level hooks): a forged post is a 403 whatever it sent.
  app.addHook('preValidation', async (req, reply) => {
    if (UNSAFE_METHODS.has(req.method) && !csrfValid(req)) return refuseCsrf(req, reply);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.actor) reply.header('cache-control', 'no-store');
    return payload;
  });
}
