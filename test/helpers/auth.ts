import type { FastifyInstance } from 'fastify';
import type { Actor, Role } from '../../src/domain/roles.js';
import { CSRF_COOKIE, CSRF_COOKIE_HTTPS, issueCsrf, SESSION_COOKIE, SESSION_COOKIE_HTTPS } from '../../src/http/auth.js';
import { actorOf, createAccount, setPasswordWithLink, startSession, type Account } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { nowIso } from './clock.js';

export interface SignedIn {
  /** For `app.inject({ headers: { cookie } })`: the session cookie and the CSRF cookie. */
  cookie: string;
  /** For `headers: { 'x-csrf-token': csrf }` (or a form's `_csrf` field) on POST, PUT, PATCH, DELETE. */
  csrf: string;
  actor: Actor;
}

/** `app.inject({ method: 'POST', url, ...signedForm(who, fields) })`: a form as the browser sends it, with its CSRF field. */
export const signedForm = (who: SignedIn, fields: Record<string, string>) => ({
  headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
});

/** `app.inject({ method: 'POST', url, ...signedJson(who, body) })`: a JSON request with the CSRF header. */
export const signedJson = (who: SignedIn, body: unknown) => ({
  headers: { cookie: who.cookie, 'content-type': 'application/json', 'x-csrf-token': who.csrf },
  payload: JSON.stringify(body),
});

let counter = 0;

/**
 * Creates an account with `role` and a session for it, as if the person had signed in:
 *   const { cookie, csrf } = await signIn(app, store, { role: 'agency-editor', agencyId });
 *   await app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf }, payload });
 * The account rules apply: an agency editor needs `agencyId`; a coordinator gets the only government
 * when there is one (else pass `governmentId`). The session starts at the app's now() — a session started
 * on the machine's clock would be expired, or not yet begun, for an app whose clock a test fixed — or, with
 * no app (a served process, on the real clock), now.
 */
export async function signIn(
  app: FastifyInstance | null,
  store: Store,
  options: { role: Role; agencyId?: number; governmentId?: number; name?: string; email?: string },
): Promise<SignedIn> {
  const now = new Date(app ? app.now() : nowIso());
  const n = ++counter;
  const { account } = await createAccount(
    store,
    {
      email: options.email ?? `${options.role}-${process.pid}-${n}@example.test`,
      name: options.name ?? `${options.role} ${n}`,
      role: options.role,
      agencyId: options.agencyId ?? null,
      governmentId: options.governmentId ?? null,
    },
    { actor: 'test', context: 'test signIn', now },
  );
  return session(store, actorOf(account), now);
}

/**
 * The same person signed in anew at the app's now(): for a test that moves the app's clock past the end
 * of the session it began with (sessions end on the app's clock).
 */
export async function signInAgain(app: FastifyInstance, store: Store, who: SignedIn): Promise<SignedIn> {
  return session(store, who.actor, new Date(app.now()));
}

async function session(store: Store, actor: Actor, now: Date): Promise<SignedIn> {
  const { token } = await startSession(store, actor.userId, { now });
  const { secret, token: csrf } = issueCsrf(token);
  const https = (process.env.PUBLIC_URL ?? '').startsWith('https://');
  const cookie = `${https ? SESSION_COOKIE_HTTPS : SESSION_COOKIE}=${token}; ${https ? CSRF_COOKIE_HTTPS : CSRF_COOKIE}=${secret}`;
  return { cookie, csrf, actor };
}

export const PASSWORD = 'tres tristes tigres comen trigo';

/** An account whose password was chosen through its one-time link, as a person would: for tests that sign in by the form. */
export async function accountWithPassword(
  store: Store,
  options: {
    role?: Role;
    email?: string;
    name?: string;
    password?: string;
    lang?: 'es' | 'en';
    agencyId?: number;
    governmentId?: number;
  } = {},
): Promise<Account & { password: string }> {
  const n = ++counter;
  const password = options.password ?? PASSWORD;
  const { account, token } = await createAccount(
    store,
    {
      email: options.email ?? `persona${n}-${process.pid}@example.test`,
      name: options.name ?? `Persona ${n}`,
      role: options.role ?? 'civil-society',
      lang: options.lang ?? 'es',
      agencyId: options.agencyId ?? null,
      governmentId: options.governmentId ?? null,
    },
    { actor: 'test', now: new Date() },
    { linkHours: 1 },
  );
  const set = await setPasswordWithLink(store, { token: token!, password, now: new Date() });
  if (!set.ok) throw new Error(`password not set: ${set.problem}`);
  return { ...account, password };
}
