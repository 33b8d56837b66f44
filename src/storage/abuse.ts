import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** The shared rate limit's events (migration 0013): operational data, not audited. */

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
  if (keys.length > 0) await db.insertInto('rate_events').values(keys.map((key) => ({ action, key, at }))).execute();
}

export async function pruneEvents(db: Db, before: string): Promise<void> {
  await db.deleteFrom('rate_events').where('at', '<', before).execute();
}
