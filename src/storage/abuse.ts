import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** The shared rate limit's events (migration 0013): operational data, not audited. */

/**
 * Makes two attempts on one limit go one at a time until the transaction ends, so both cannot read
 * "one left" and pass: an advisory lock on PostgreSQL; on SQLite the connection runs one transaction
 * at a time already.
 */
export async function lockAction(trx: Db, action: string): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`vigia:rate:${action}`}))`.execute(trx);
}

/** Times of the key's actions after `since`, oldest first. */
export async function recentEvents(db: Db, action: string, key: string, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rate_events')
    .select('at')
    .where('action', '=', action)
    .where('key', '=', key)
    .where('at', '>', since)
    .orderBy('at')
    .execute();
  return rows.map((r) => r.at);
}

export async function recordEvents(db: Db, action: string, keys: readonly string[], at: string): Promise<void> {
  if (keys.length > 0)
    await db
      .insertInto('rate_events')
      .values(keys.map((key) => ({ action, key, at })))
      .execute();
}

/** Drops one action's events older than its window (each limit has its own window). */
export async function pruneEvents(db: Db, action: string, before: string): Promise<void> {
  await db.deleteFrom('rate_events').where('action', '=', action).where('at', '<', before).execute();
}
