import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * What the search filters can offer when there are too many plans or agencies to list them all
 * (issue 8: at OGP scale every plan and agency made a 1.2 MB search page): governments with plans,
 * one government's plans, the agencies leading commitments of one plan or government.
 */
type Db = Kysely<Database>;

export interface PlanOption {
  id: number;
  title: string;
  government_id: number;
  government: string;
}

/** Plans with their government: every plan, or one government's; newest period first. */
export function listPlanOptions(db: Db, governmentId?: number): Promise<PlanOption[]> {
  let q = db
    .selectFrom('plans')
    .innerJoin('governments', 'governments.id', 'plans.government_id')
    .select(['plans.id', 'plans.title', 'plans.government_id', 'governments.name as government'])
    // A plan in borrador is the workspace's alone (issue 19).
    .where('plans.status', '!=', 'draft');
  if (governmentId !== undefined) q = q.where('plans.government_id', '=', governmentId);
  return q
    .orderBy('plans.period_end', (ob) => ob.desc().nullsLast())
    .orderBy('plans.id', 'desc')
    .execute();
}

/** The governments that have a plan, by name. */
export function listGovernmentOptions(db: Db): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('governments')
    .select(['governments.id', 'governments.name'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('plans').select('plans.id').whereRef('plans.government_id', '=', 'governments.id').where('plans.status', '!=', 'draft'),
      ),
    )
    .orderBy('governments.name')
    .orderBy('governments.id')
    .execute();
}

export async function countAgencies(db: Db): Promise<number> {
  return Number((await db.selectFrom('agencies').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** Agencies leading a commitment now (commitment_agencies without valid_to), by name: every one, or in a plan or a government's plans. */
export function listLeadAgencyOptions(db: Db, scope: { planId?: number; governmentId?: number }) {
  if (scope.planId === undefined && scope.governmentId === undefined) {
    return db
      .selectFrom('agencies')
      .select(['agencies.id', 'agencies.name', 'agencies.acronym'])
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('commitment_agencies as ca')
            .select('ca.id')
            .whereRef('ca.agency_id', '=', 'agencies.id')
            .where('ca.valid_to', 'is', null),
        ),
      )
      .orderBy('agencies.name')
      .orderBy('agencies.id')
      .execute();
  }
  // From the plan's (or the government's plans') commitments: an index walk over a few hundred rows, not every agency.
  let q = db
    .selectFrom('commitments as c')
    .innerJoin('commitment_agencies as ca', 'ca.commitment_id', 'c.id')
    .innerJoin('agencies', 'agencies.id', 'ca.agency_id')
    .select(['agencies.id', 'agencies.name', 'agencies.acronym'])
    .distinct()
    .where('ca.valid_to', 'is', null);
  if (scope.planId !== undefined) q = q.where('c.plan_id', '=', scope.planId);
  if (scope.governmentId !== undefined) {
    const governmentId = scope.governmentId;
    q = q.where('c.plan_id', 'in', (eb) => eb.selectFrom('plans').select('plans.id').where('plans.government_id', '=', governmentId));
  }
  return q.orderBy('agencies.name').orderBy('agencies.id').execute();
}

export function findAgencyOption(db: Db, id: number) {
  return db
    .selectFrom('agencies')
    .select(['agencies.id', 'agencies.name', 'agencies.acronym'])
    .where('agencies.id', '=', id)
    .executeTakeFirst();
}
