import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** What the review screen reads besides the commitment's own rows: who submitted and who decided. */
type Db = Kysely<Database>;

/** The names of people by id (an id with no account left is not in the map). */
export async function userNames(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
