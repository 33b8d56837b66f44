import { sql, type Kysely } from 'kysely';
import { isRole, type Role } from '../domain/roles.js';
import type { Database, Row } from './schema.js';
import type { AccountTokensTable } from './schema-accounts.js';
import { type AuditedWriter, type Values } from './writer.js';

/**
 * Accounts, sessions, one-time tokens and sign-in attempts: all their SQL. Writes to `users` go
 * through the AuditedWriter (the audit log records them, the password hash redacted); sessions,
 * tokens and attempts are operational data, written directly.
 */
type Db = Kysely<Database>;

export interface StoredUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  agencyId: number | null;
  governmentId: number | null;
  lang: 'es' | 'en';
  passwordHash: string | null;
  disabled: boolean;
}

function toUser(r: Row<'users'>): StoredUser {
  if (!isRole(r.role)) throw new Error(`user ${r.id} has an unknown role ${r.role}`);
  return {
    id: Number(r.id),
    email: r.email,
    name: r.name,
    role: r.role,
    agencyId: r.agency_id === null ? null : Number(r.agency_id),
    governmentId: r.government_id === null ? null : Number(r.government_id),
    lang: r.lang === 'en' ? 'en' : 'es',
    passwordHash: r.password_hash,
    disabled: Number(r.disabled) === 1,
  };
}

// ── users ────────────────────────────────────────────────────────────────────────────────────────

export async function findUserByEmail(db: Db, email: string): Promise<StoredUser | undefined> {
  const r = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return r && toUser(r);
}

export async function findUserById(db: Db, id: number): Promise<StoredUser | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toUser(r);
}

export type NewUser = Omit<StoredUser, 'id' | 'passwordHash' | 'disabled'>;

/** Creates an account without a password (the person sets it through a one-time link). */
export async function insertUser(w: AuditedWriter, user: NewUser, at: string): Promise<number> {
  // The writer stamps only the tables it knows; `users` carries its timestamps itself.
  const values = {
    email: user.email,
    name: user.name,
    role: user.role,
    agency_id: user.agencyId,
    government_id: user.governmentId,
    lang: user.lang,
    password_hash: null,
    disabled: 0,
    created_at: at,
    updated_at: at,
  } as Values<'users'>;
  return w.insert('users', values);
}

async function userRow(db: Db, id: number): Promise<Row<'users'>> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function setUserDisabled(w: AuditedWriter, id: number, disabled: boolean, at: string): Promise<boolean> {
  const changed = await w.update('users', await userRow(w.db, id), { disabled: disabled ? 1 : 0 });
  if (changed) await w.db.updateTable('users').set({ updated_at: at }).where('id', '=', id).execute();
  return changed;
}

const REDACTED = '[redacted]';

/**
 * Stores a new password hash. The audit log must say that the password changed, never what it is:
 * the writer is given a placeholder (so its entry reads `password_hash: [redacted] → [redacted: new]`),
 * and the real hash is written right after, in the same transaction.
 */
export async function setPasswordHash(w: AuditedWriter, id: number, passwordHash: string, at: string): Promise<void> {
  const row = await userRow(w.db, id);
  const shown = { ...row, password_hash: row.password_hash === null ? null : REDACTED };
  await w.update('users', shown, { password_hash: `${REDACTED}: new` });
  await w.db.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
}

export async function agencyGovernment(db: Db, agencyId: number): Promise<{ governmentId: number | null } | undefined> {
  const r = await db.selectFrom('agencies').select('government_id').where('id', '=', agencyId).executeTakeFirst();
  return r && { governmentId: r.government_id === null ? null : Number(r.government_id) };
}

export async function governmentIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('governments').select('id').orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

export async function agencyAndGovernmentNames(
  db: Db,
  agencyId: number | null,
  governmentId: number | null,
): Promise<{ agency: string | null; government: string | null }> {
  const agency =
    agencyId === null ? undefined : await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst();
  const government =
    governmentId === null ? undefined : await db.selectFrom('governments').select('name').where('id', '=', governmentId).executeTakeFirst();
  return { agency: agency?.name ?? null, government: government?.name ?? null };
}

// ── sessions ─────────────────────────────────────────────────────────────────────────────────────

export interface StoredSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  user: StoredUser;
}

export async function insertSession(
  db: Db,
  s: { id: string; userId: number; at: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export async function findSession(db: Db, id: string): Promise<StoredSession | undefined> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id as session_id', 'sessions.created_at as session_created_at', 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const { session_id, session_created_at, last_seen_at, expires_at, ...user } = r;
  return { id: session_id, createdAt: session_created_at, lastSeenAt: last_seen_at, expiresAt: expires_at, user: toUser(user) };
}

export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// ── one-time tokens ──────────────────────────────────────────────────────────────────────────────

export type TokenPurpose = AccountTokensTable['purpose'];

export async function insertToken(
  db: Db,
  t: { hash: string; userId: number; purpose: TokenPurpose; at: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({ token_hash: t.hash, user_id: t.userId, purpose: t.purpose, created_at: t.at, expires_at: t.expiresAt, used_at: null })
    .execute();
}

export async function findToken(db: Db, hash: string) {
  const r = await db.selectFrom('account_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  return (
    r && {
      id: Number(r.id),
      userId: Number(r.user_id),
      purpose: r.purpose,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
    }
  );
}

/** Marks a token used if nobody did first: true for the one caller that wins. */
export async function useToken(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('account_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends every unused token of a person (a newer link, a new password, a disabled account). */
export async function retireTokensOfUser(db: Db, userId: number, at: string): Promise<void> {
  await db.updateTable('account_tokens').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export async function countTokensSince(db: Db, userId: number, purpose: TokenPurpose, since: string): Promise<number> {
  const r = await db
    .selectFrom('account_tokens')
    .select(db.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ── sign-in attempts ─────────────────────────────────────────────────────────────────────────────

export async function countFailures(db: Db, key: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('login_attempts')
    .select(db.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('success', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Records attempts as failures before the password is checked (so parallel attempts count each other); returns their ids. */
export async function recordFailures(db: Db, keys: string[], at: string): Promise<number[]> {
  const rows = await db
    .insertInto('login_attempts')
    .values(keys.map((key) => ({ key, at, success: 0 })))
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** The attempts turned out well: no longer failures. */
export async function markSucceeded(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.updateTable('login_attempts').set({ success: 1 }).where('id', 'in', ids).execute();
}

/** Attempts refused before any password was checked (over the limit): they do not count. */
export async function forgetAttempts(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('login_attempts').where('id', 'in', ids).execute();
}

/** When the oldest failure of a key within the window happened (null when there is none). */
export async function oldestFailure(db: Db, key: string, since: string): Promise<string | null> {
  const r = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.min('at').as('at'))
    .where('key', '=', key)
    .where('success', '=', 0)
    .where('at', '>', since)
    .executeTakeFirst();
  return r?.at ?? null;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).where('success', '=', 0).execute();
}

/**
 * Clears the failures of every key that starts with `prefix` (a person's failures from each address).
 * substr, not LIKE: a typed address may hold `%` or `_`. The length in code points: both databases
 * count characters.
 */
export async function clearFailuresStartingWith(db: Db, prefix: string): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where(sql<string>`substr(key, 1, ${[...prefix].length})`, '=', prefix)
    .where('success', '=', 0)
    .execute();
}

export async function pruneAttempts(db: Db, before: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}
