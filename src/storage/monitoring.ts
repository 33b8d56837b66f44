import type { Kysely } from 'kysely';
import type { ActivityFacts } from '../domain/warnings.js';
import type { Database } from './schema.js';

/** The facts the early warnings are evaluated on, per plan. */
type Db = Kysely<Database>;

export async function listActivityFacts(db: Db, planId: number): Promise<ActivityFacts[]> {
  const rows = await db
    .selectFrom('activities')
    .innerJoin('commitments', 'commitments.id', 'activities.commitment_id')
    .select([
      'activities.id',
      'activities.commitment_id',
      'commitments.plan_id',
      'activities.number',
      'activities.title',
      'activities.planned_start',
      'activities.planned_end',
      'activities.status',
      'activities.weight',
    ])
    .where('commitments.plan_id', '=', planId)
    .orderBy('commitments.number')
    .orderBy('activities.number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    commitmentId: r.commitment_id,
    planId: r.plan_id,
    number: r.number,
    title: r.title,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    status: r.status,
    weight: r.weight,
  }));
}
