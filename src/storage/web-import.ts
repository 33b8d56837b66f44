import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * What one operation wrote, read back inside its own transaction (the browser import's preview runs the
 * import and rolls it back): the entries after `afterId` with its actor and timestamp — another writer's
 * entries, appended meanwhile, have others.
 */
export function auditEntriesOf(db: Db, afterId: number, actor: string, at: string) {
  return db
    .selectFrom('audit_log')
    .select(['entity', 'entity_id', 'action', 'commitment_id', 'before', 'after'])
    .where('id', '>', afterId)
    .where('actor', '=', actor)
    .where('at', '=', at)
    .orderBy('id')
    .execute();
}

/** Commitments' numbers in their plan, by id. */
export async function commitmentNumbers(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('commitments').select(['id', 'number']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.number)]));
}
