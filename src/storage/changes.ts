import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * The latest operations on a plan or a commitment (entries sharing a time and a context), newest
 * first, with how many records of each kind each changed. Changes to rounds that are not published,
 * and to their assessments, are left out: drafts are not public.
 */
export async function listChangeGroups(db: Db, filter: { planId?: number; commitmentId?: number }, limit: number) {
  let base = db.selectFrom('audit_log').where(({ eb, and, or, not, exists, selectFrom }) =>
    not(
      or([
        and([
          eb('audit_log.entity', '=', 'assessments'),
          exists(
            selectFrom('assessments as a')
              .innerJoin('rounds as r', 'r.id', 'a.round_id')
              .select('a.id')
              .whereRef('a.id', '=', 'audit_log.entity_id')
              .where('r.published', '=', 0),
          ),
        ]),
        and([eb('audit_log.entity', '=', 'rounds'), exists(selectFrom('rounds as r').select('r.id').whereRef('r.id', '=', 'audit_log.entity_id').where('r.published', '=', 0))]),
      ]),
    ),
  );
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

/** The newest audit entry's id: it grows with every write, so it tells caches when the data changed. */
export async function latestChangeId(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select(db.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}
