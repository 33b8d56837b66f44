import { setTimeout as sleep } from 'node:timers/promises';
import { hashPassword, passwordProblem, verifyPassword, type PasswordProblem } from '../domain/passwords.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { isRole, type Actor, type Role } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { accountMessages, type AccountField, type AccountReason } from '../i18n/accounts.js';
import { isLang, type Lang } from '../i18n/lang.js';
import * as accountStore from '../storage/accounts.js';
import type { StoredUser } from '../storage/accounts.js';
import type { Store } from '../storage/connect.js';
import { AuditedWriter } from '../storage/writer.js';
import { sendMail, type MailMessage } from './mail.js';
import { enqueue } from './notifications/outbox.js';

/**
 * Accounts and sessions: create and disable accounts, sign in and out, one-time links to set or
 * reset a password. Every function takes `now` so that tests can move the clock.
 */

/**
 * Sign-in throttling that cannot be turned against the owner (ASVS 5.0 6.3.1 and its note on denial of
 * service). Failures within the window are counted per account (the email typed) *and* client address:
 * past `perAccountAndAddress` that address is refused (429) for that account, past `perAddress` for
 * every account — the owner at any other address is untouched. Guessing from many addresses is slowed,
 * never stopped: past `manyFailures` on the account, from any addresses, each attempt on it waits before
 * its password is checked (`signInDelayMs`: doubling from `firstDelayMs`, at most `maxDelayMs`), and the
 * owner is mailed once per window. The wait is served, not asked for: a 429 "come back at T" on the
 * account would be a lockout again — an attacker polling from elsewhere renews it or takes the slot
 * first — while a capped wait lets the right password in after at most `maxDelayMs`, however many guess.
 */
export const SIGN_IN_LIMITS = {
  perAccountAndAddress: 5,
  perAddress: 20,
  windowMinutes: 15,
  manyFailures: 10,
  firstDelayMs: 250,
  maxDelayMs: 3_000,
} as const;

/** How long an attempt waits when the account has seen `failures` (this attempt included) in the window. */
export function signInDelayMs(failures: number): number {
  const over = failures - SIGN_IN_LIMITS.manyFailures;
  return over <= 0 ? 0 : Math.min(SIGN_IN_LIMITS.maxDelayMs, SIGN_IN_LIMITS.firstDelayMs * 2 ** (over - 1));
}

/** The keys an attempt is counted under: the account, the address, and the pair (as JSON, so no typed text passes for another pair). */
export function signInKeys(email: string, ip: string): { account: string; address: string; pair: string } {
  return { account: `email:${email}`, address: `ip:${ip}`, pair: `pair:${JSON.stringify([email, ip])}` };
}

/** How every pair key of an account starts. */
const pairKeysOf = (email: string) => `pair:${JSON.stringify([email]).slice(0, -1)},`;

/** A password-reset link works for an hour; the link `vigia user add` prints, for three days. */
export const RESET_LINK_HOURS = 1;
export const SET_PASSWORD_LINK_HOURS = 72;
/** At most this many reset mails per account and hour: the form cannot be used to flood a mailbox. */
const RESETS_PER_HOUR = 3;
/** last_seen_at is written at most this often: a page with many requests costs one write. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionSettings {
  idleMs: number;
  maxMs: number;
}

/** SESSION_IDLE_MINUTES (30) and SESSION_MAX_HOURS (12). */
export function sessionSettings(env: Record<string, string | undefined> = process.env): SessionSettings {
  const read = (name: string, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new AppError('invalid_input', { field: name, value: text });
    return n;
  };
  return { idleMs: read('SESSION_IDLE_MINUTES', 30) * 60_000, maxMs: read('SESSION_MAX_HOURS', 12) * 3_600_000 };
}

/** The base of links sent out of the site (mail, the command line): PUBLIC_URL, never a Host header. */
export function linkBase(env: Record<string, string | undefined> = process.env): string {
  return env.PUBLIC_URL?.replace(/\/+$/, '') || `http://localhost:${env.PORT?.trim() || 3000}`;
}

export function passwordLink(token: string, lang: Lang, env: Record<string, string | undefined> = process.env): string {
  return `${linkBase(env)}${lang === 'en' ? '/en' : ''}/cuenta/clave?token=${encodeURIComponent(token)}`;
}

/** An account as the rest of the app sees it: never its password hash, only whether it has one. */
export type Account = Omit<StoredUser, 'passwordHash'> & { hasPassword: boolean };

function toAccount(u: StoredUser): Account {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    agencyId: u.agencyId,
    governmentId: u.governmentId,
    lang: u.lang,
    disabled: u.disabled,
    hasPassword: u.passwordHash !== null,
  };
}

export function actorOf(a: {
  id: number;
  email: string;
  name: string;
  role: Role;
  agencyId: number | null;
  governmentId: number | null;
}): Actor {
  return { userId: a.id, email: a.email, name: a.name, role: a.role, agencyId: a.agencyId, governmentId: a.governmentId };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Deliberately loose: something@something.something, no spaces, at most 254 characters. */
export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

const iso = (ms: number) => new Date(ms).toISOString();

function refuse(field: AccountField, reason: AccountReason, value: string | number = ''): AppError {
  return new AppError('invalid_input', { field, value: String(value), reason });
}

/** What an AppError from this module says about a field, when it says something. */
export function accountProblem(e: unknown): { field: AccountField; reason: AccountReason; value: string } | null {
  if (!(e instanceof AppError) || e.code !== 'invalid_input' || typeof e.params.reason !== 'string') return null;
  return { field: e.params.field as AccountField, reason: e.params.reason as AccountReason, value: String(e.params.value ?? '') };
}

// ── accounts ─────────────────────────────────────────────────────────────────────────────────────

export interface NewAccount {
  email: string;
  name: string;
  role: string;
  agencyId?: number | null;
  governmentId?: number | null;
  lang?: string;
}

/** Who changes accounts, for the audit log: `cli:user`, `user:12`. */
export interface ChangedBy {
  actor: string;
  context?: string;
  now: Date;
}

/**
 * Checks a new account against the rules of the roles: an agency editor belongs to an agency (and so to
 * its government); a coordinator to a government (the only one, when there is one); a reviewer may
 * belong to a government; an admin and civil society belong to neither.
 */
async function checkNewAccount(store: Store, input: NewAccount): Promise<accountStore.NewUser> {
  const db = store.db;
  const email = normalizeEmail(input.email ?? '');
  if (!email) throw refuse('email', 'required');
  if (!isEmail(email)) throw refuse('email', 'invalid', input.email);
  if (await accountStore.findUserByEmail(db, email)) throw refuse('email', 'taken', email);
  const name = (input.name ?? '').trim();
  if (!name) throw refuse('name', 'required');
  if (name.length > 200 || /[\p{Cc}]/u.test(name)) throw refuse('name', 'invalid', name.slice(0, 60));
  if (!isRole(input.role)) throw refuse('role', 'invalid', input.role ?? '');
  const role = input.role;
  const lang = input.lang ?? 'es';
  if (!isLang(lang)) throw refuse('language', 'invalid', lang);

  let agencyId = input.agencyId ?? null;
  let governmentId = input.governmentId ?? null;
  if (governmentId !== null && !(await accountStore.governmentIds(db)).includes(governmentId))
    throw refuse('government', 'unknown', governmentId);
  if (role === 'agency-editor') {
    if (agencyId === null) throw refuse('agency', 'required');
    const agency = await accountStore.agencyGovernment(db, agencyId);
    if (!agency) throw refuse('agency', 'unknown', agencyId);
    if (governmentId !== null && agency.governmentId !== null && governmentId !== agency.governmentId)
      throw refuse('agency', 'mismatch', agencyId);
    governmentId = agency.governmentId ?? governmentId;
  } else if (agencyId !== null) {
    throw refuse('agency', 'not-for-role', role);
  }
  if (role === 'coordinator' && governmentId === null) {
    const ids = await accountStore.governmentIds(db);
    if (ids.length !== 1) throw refuse('government', 'choose-government', ids.length);
    governmentId = ids[0]!;
  }
  if ((role === 'admin' || role === 'civil-society') && governmentId !== null) throw refuse('government', 'not-for-role', role);
  agencyId = role === 'agency-editor' ? agencyId : null;
  return { email, name, role, agencyId, governmentId, lang };
}

/** Creates an account without a password; with `link`, also a one-time token to set it. */
export async function createAccount(
  store: Store,
  input: NewAccount,
  by: ChangedBy,
  options: { linkHours?: number } = {},
): Promise<{ account: Account; token: string | null; expiresAt: string | null }> {
  const user = await checkNewAccount(store, input);
  const now = by.now.getTime();
  const at = iso(now);
  return store.db.transaction().execute(async (trx) => {
    const w = new AuditedWriter(trx, { actor: by.actor, at, context: by.context ?? null });
    const id = await accountStore.insertUser(w, user, at);
    let token: string | null = null;
    let expiresAt: string | null = null;
    if (options.linkHours) {
      token = newToken();
      expiresAt = iso(now + options.linkHours * 3_600_000);
      await accountStore.insertToken(trx, { hash: hashToken(token), userId: id, purpose: 'set-password', at, expiresAt });
    }
    const account = toAccount((await accountStore.findUserById(trx, id))!);
    return { account, token, expiresAt };
  });
}

/** Disables an account: its sessions end and its unused links stop working. */
export async function disableAccount(store: Store, email: string, by: ChangedBy): Promise<{ account: Account; changed: boolean }> {
  const normal = normalizeEmail(email);
  const user = await accountStore.findUserByEmail(store.db, normal);
  if (!user) throw refuse('email', 'no-account', normal);
  const at = by.now.toISOString();
  const changed = await store.db.transaction().execute(async (trx) => {
    const w = new AuditedWriter(trx, { actor: by.actor, at, context: by.context ?? null });
    const changed = await accountStore.setUserDisabled(w, user.id, true, at);
    await accountStore.deleteSessionsOfUser(trx, user.id);
    await accountStore.retireTokensOfUser(trx, user.id, at);
    return changed;
  });
  return { account: { ...toAccount(user), disabled: true }, changed };
}

export async function accountDetails(
  store: Store,
  userId: number,
): Promise<(Account & { agency: string | null; government: string | null }) | null> {
  const user = await accountStore.findUserById(store.db, userId);
  if (!user) return null;
  return { ...toAccount(user), ...(await accountStore.agencyAndGovernmentNames(store.db, user.agencyId, user.governmentId)) };
}

// ── sessions ─────────────────────────────────────────────────────────────────────────────────────

/** Starts a session for an account and returns the token for its cookie (only its hash is stored). */
export async function startSession(
  store: Store,
  userId: number,
  options: { now: Date; ip?: string | null; userAgent?: string | null; replacing?: string | null },
): Promise<{ token: string; expiresAt: string }> {
  const now = options.now.getTime();
  const token = newToken();
  const expiresAt = iso(now + sessionSettings().maxMs);
  await store.db.transaction().execute(async (trx) => {
    // A new id at every sign-in: a session id someone planted before (fixation) is worth nothing.
    if (options.replacing) await accountStore.deleteSession(trx, hashToken(options.replacing));
    await accountStore.insertSession(trx, {
      id: hashToken(token),
      userId,
      at: iso(now),
      expiresAt,
      ip: options.ip ?? null,
      userAgent: options.userAgent?.slice(0, 400) ?? null,
    });
  });
  return { token, expiresAt };
}

/**
 * The person behind a session token, or null when the session does not exist, ended by inactivity or
 * by its absolute lifetime, or belongs to a disabled account (whose sessions are then all removed).
 */
export async function resolveSession(store: Store, token: string, now: Date): Promise<{ actor: Actor; expiresAt: string } | null> {
  const id = hashToken(token);
  const session = await accountStore.findSession(store.db, id);
  if (!session) return null;
  const { idleMs, maxMs } = sessionSettings();
  const t = now.getTime();
  const lastSeen = Date.parse(session.lastSeenAt);
  // The stored end, and the start plus today's setting: lowering SESSION_MAX_HOURS also ends older sessions.
  if (t >= Date.parse(session.expiresAt) || t - Date.parse(session.createdAt) >= maxMs || t - lastSeen >= idleMs) {
    await accountStore.deleteSession(store.db, id);
    return null;
  }
  if (session.user.disabled) {
    await accountStore.deleteSessionsOfUser(store.db, session.user.id);
    return null;
  }
  if (t - lastSeen >= TOUCH_EVERY_MS) await accountStore.touchSession(store.db, id, iso(t));
  return { actor: actorOf(session.user), expiresAt: session.expiresAt };
}

export async function endSession(store: Store, token: string): Promise<void> {
  await accountStore.deleteSession(store.db, hashToken(token));
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: string; actor: Actor }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

let dummyHash: Promise<string> | null = null;

/**
 * Signs in with email and password. An unknown account, a disabled one, one without a password yet and
 * a wrong password all answer 'wrong', after the same work (a hash is verified in every case, the wait
 * depends on the email typed, not on the account), so the answer does not tell whether an account
 * exists. Failures are counted as SIGN_IN_LIMITS says. `wait` is for tests that note the wait instead.
 */
export async function signIn(
  store: Store,
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent?: string | null;
    previousToken?: string | null;
    now: Date;
    wait?: (ms: number) => Promise<unknown>;
  },
): Promise<SignInResult> {
  const db = store.db;
  const now = input.now.getTime();
  const at = iso(now);
  const windowMs = SIGN_IN_LIMITS.windowMinutes * 60_000;
  const since = iso(now - windowMs);
  // No address is longer than 254 characters: cut at 320, what was typed still matches no account, and a
  // pasted megabyte is not a key PostgreSQL's index refuses (a 500 once).
  const email = normalizeEmail(input.email).slice(0, 320);
  const keys = signInKeys(email, input.ip);
  // The attempt is counted as a failure before the (slow) password check, and the limits include it:
  // attempts sent in parallel see each other and cannot all slip under the limit.
  const attempt = await accountStore.recordFailures(db, [keys.account, keys.address, keys.pair], at);
  const over = [];
  if ((await accountStore.countFailures(db, keys.pair, since)) > SIGN_IN_LIMITS.perAccountAndAddress) over.push(keys.pair);
  if ((await accountStore.countFailures(db, keys.address, since)) > SIGN_IN_LIMITS.perAddress) over.push(keys.address);
  if (over.length > 0) {
    // Refused before any password was checked: it does not count, and it does not slow the account.
    await accountStore.forgetAttempts(db, attempt);
    let retryAt = now + 1000;
    for (const key of over) retryAt = Math.max(retryAt, Date.parse((await accountStore.oldestFailure(db, key, since)) ?? at) + windowMs);
    return { ok: false, reason: 'limited', retryAfterSeconds: Math.ceil((retryAt - now) / 1000) };
  }
  const byAccount = await accountStore.countFailures(db, keys.account, since);
  const delay = signInDelayMs(byAccount);
  if (delay > 0) await (input.wait ?? sleep)(delay);

  const user = await accountStore.findUserByEmail(db, email);
  const usable = user && !user.disabled && user.passwordHash ? user : null;
  let ok = false;
  if (usable) ok = await verifyPassword(usable.passwordHash!, input.password);
  else await verifyPassword(await (dummyHash ??= hashPassword(newToken())), input.password);
  if (!ok || !usable) {
    if (usable && byAccount >= SIGN_IN_LIMITS.manyFailures) await tellOwnerOfFailures(db, usable, byAccount, now);
    return { ok: false, reason: 'wrong' };
  }
  await accountStore.markSucceeded(db, attempt);
  // A success forgives this address's failures on the account — not the account's (guessing from
  // elsewhere stays slowed), nor the address's (on other accounts).
  await accountStore.clearFailures(db, keys.pair);
  const session = await startSession(store, usable.id, {
    now: new Date(now),
    ip: input.ip,
    userAgent: input.userAgent ?? null,
    replacing: input.previousToken ?? null,
  });
  // Housekeeping of operational data, on the (rare) successful sign-in.
  await accountStore.pruneAttempts(db, iso(now - 24 * 3_600_000));
  await accountStore.deleteExpiredSessions(db, at);
  return { ok: true, ...session, actor: actorOf(usable) };
}

/**
 * Mails the owner that the account sees many failed sign-ins: through the outbox, once per window
 * (its dedupe key names the window), in the account's language. It says only what the site knows —
 * how many, in how long, until when — and nothing a guesser typed.
 */
async function tellOwnerOfFailures(db: Store['db'], user: StoredUser, failures: number, now: number): Promise<void> {
  const windowMs = SIGN_IN_LIMITS.windowMinutes * 60_000;
  const m = accountMessages[user.lang].mail;
  const link = `${linkBase()}${user.lang === 'en' ? '/en' : ''}/cuenta/olvide`;
  const body = m.failuresBody({
    name: user.name,
    email: user.email,
    count: failures,
    minutes: SIGN_IN_LIMITS.windowMinutes,
    until: `${iso(now).slice(0, 16).replace('T', ' ')} UTC`,
    link,
  });
  await enqueue(
    db,
    {
      dedupeKey: `sign-in-failures:${user.id}:${Math.floor(now / windowMs)}`,
      recipient: user.email,
      lang: user.lang,
      subject: m.failuresSubject,
      body,
    },
    iso(now),
  );
}

// ── one-time links ───────────────────────────────────────────────────────────────────────────────

/**
 * Sends a password-reset link to an account that exists and is not disabled; does nothing otherwise
 * (the page says the same either way). The mail is in the account's language.
 */
export async function requestPasswordReset(
  store: Store,
  input: { email: string; now: Date; send?: (m: MailMessage) => Promise<unknown> },
): Promise<'sent' | 'none' | 'throttled'> {
  const now = input.now.getTime();
  const at = iso(now);
  const user = await accountStore.findUserByEmail(store.db, normalizeEmail(input.email));
  if (!user || user.disabled) return 'none';
  if ((await accountStore.countTokensSince(store.db, user.id, 'reset-password', iso(now - 3_600_000))) >= RESETS_PER_HOUR)
    return 'throttled';
  const token = newToken();
  await store.db.transaction().execute(async (trx) => {
    // Only the newest link works.
    await accountStore.retireTokensOfUser(trx, user.id, at);
    await accountStore.insertToken(trx, {
      hash: hashToken(token),
      userId: user.id,
      purpose: 'reset-password',
      at,
      expiresAt: iso(now + RESET_LINK_HOURS * 3_600_000),
    });
  });
  const m = accountMessages[user.lang].mail;
  const link = passwordLink(token, user.lang);
  await (input.send ?? sendMail)({
    to: user.email,
    subject: m.resetSubject,
    text: m.resetBody({ name: user.name, email: user.email, link }),
    lang: user.lang,
  });
  return 'sent';
}

async function usableToken(store: Store, token: string, now: number) {
  if (!token || token.length > 200) return null;
  const t = await accountStore.findToken(store.db, hashToken(token));
  if (!t || t.usedAt !== null || now >= Date.parse(t.expiresAt)) return null;
  const user = await accountStore.findUserById(store.db, t.userId);
  if (!user || user.disabled) return null;
  return { token: t, user };
}

/** The account a set-password link is for, while the link still works. */
export async function passwordLinkAccount(store: Store, token: string, now: Date): Promise<{ email: string; name: string } | null> {
  const found = await usableToken(store, token, now.getTime());
  return found && { email: found.user.email, name: found.user.name };
}

export type SetPasswordResult = { ok: true; email: string } | { ok: false; problem: PasswordProblem | 'invalid-link' };

/**
 * Sets a password through a one-time link: the link is used up, the person's other links stop working
 * and every session of the account ends (whoever knew the old password is out).
 */
export async function setPasswordWithLink(store: Store, input: { token: string; password: string; now: Date }): Promise<SetPasswordResult> {
  const now = input.now.getTime();
  const at = iso(now);
  const found = await usableToken(store, input.token, now);
  if (!found) return { ok: false, problem: 'invalid-link' };
  const problem = passwordProblem(input.password, { email: found.user.email });
  if (problem) return { ok: false, problem };
  const hash = await hashPassword(input.password);
  const done = await store.db.transaction().execute(async (trx) => {
    if (!(await accountStore.useToken(trx, found.token.id, at))) return false;
    const w = new AuditedWriter(trx, {
      actor: `user:${found.user.id}`,
      at,
      context: found.token.purpose === 'reset-password' ? 'password reset' : 'password set',
    });
    await accountStore.setPasswordHash(w, found.user.id, hash, at);
    await accountStore.retireTokensOfUser(trx, found.user.id, at);
    await accountStore.deleteSessionsOfUser(trx, found.user.id);
    // Failures against the old password mean nothing now: the owner is not kept waiting at any address.
    await accountStore.clearFailures(trx, signInKeys(found.user.email, '').account);
    await accountStore.clearFailuresStartingWith(trx, pairKeysOf(found.user.email));
    return true;
  });
  return done ? { ok: true, email: found.user.email } : { ok: false, problem: 'invalid-link' };
}
