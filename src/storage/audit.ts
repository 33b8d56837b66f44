import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export function listAuditEntries(db: Db, filter: { planId?: number; entity?: string; entityId?: number; limit?: number } = {}) {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.planId !== undefined) q = q.where('plan_id', '=', filter.planId);
  if (filter.entity !== undefined) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  return q.orderBy('id').limit(filter.limit ?? 10_000).execute();
}

export async function countAuditEntries(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest audit entry's id: it grows with every write, so it tells caches when the data changed. */
export async function latestAuditId(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select(db.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The newest entries about a plan or a commitment, newest first. */
export function listRecentAuditEntries(db: Db, filter: { planId?: number; commitmentId?: number }, limit: number) {
  let q = db.selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'entity', 'context']);
  if (filter.planId !== undefined) q = q.where('plan_id', '=', filter.planId);
  if (filter.commitmentId !== undefined) q = q.where('commitment_id', '=', filter.commitmentId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
