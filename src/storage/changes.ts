import type { Kysely } from 'kysely';
import { isPublicEntry } from './audit.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * The latest operations on a plan or a commitment (entries sharing a time and a context), newest
 * first, with how many records of each kind each changed. A round's workflow (drafts, submissions,
 * returns, citations) is left out, before and after publication: only what is public (isPublicEntry).
 */
export async function listChangeGroups(db: Db, filter: { planId?: number; commitmentId?: number }, limit: number) {
  let base = db.selectFrom('audit_log').where(isPublicEntry);
  if (filter.planId !== undefined) base = base.where('audit_log.plan_id', '=', filter.planId);
  if (filter.commitmentId !== undefined) base = base.where('audit_log.commitment_id', '=', filter.commitmentId);
  const groups = await base
    .select(['audit_log.at', 'audit_log.context', (eb) => eb.fn.max('audit_log.id').as('last_id')])
    .groupBy(['audit_log.at', 'audit_log.context'])
    .orderBy('last_id', 'desc')
    .limit(limit)
    .execute();
  if (groups.length === 0) return [];
  const counts = await base
    .select(['audit_log.at', 'audit_log.context', 'audit_log.entity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('audit_log.at', 'in', [...new Set(groups.map((g) => g.at))])
    .groupBy(['audit_log.at', 'audit_log.context', 'audit_log.entity'])
    .execute();
  return groups.map((g) => ({
    id: Number(g.last_id),
    at: g.at,
    context: g.context,
    counts: Object.fromEntries(counts.filter((c) => c.at === g.at && c.context === g.context).map((c) => [c.entity, Number(c.n)])),
  }));
}
