import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** Governments, agencies, plans, their sections, themes and assessment rounds. */
type Db = Kysely<Database>;

export function findGovernmentByName(db: Db, name: string): Promise<Row<'governments'> | undefined> {
  return db.selectFrom('governments').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findGovernment(db: Db, id: number): Promise<Row<'governments'> | undefined> {
  return db.selectFrom('governments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAgencyByName(db: Db, governmentId: number, name: string): Promise<Row<'agencies'> | undefined> {
  return db.selectFrom('agencies').selectAll().where('government_id', '=', governmentId).where('name', '=', name).executeTakeFirst();
}

export function findPlanByPeriod(db: Db, governmentId: number, start: number | null, end: number | null, title: string): Promise<Row<'plans'> | undefined> {
  let q = db.selectFrom('plans').selectAll().where('government_id', '=', governmentId);
  q = start !== null && end !== null ? q.where('period_start', '=', start).where('period_end', '=', end) : q.where('title', '=', title);
  return q.orderBy('id').executeTakeFirst();
}

export function findPlan(db: Db, id: number): Promise<Row<'plans'> | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every plan with its government, newest period first. */
export function listPlansWithGovernment(db: Db) {
  return db
    .selectFrom('plans')
    .innerJoin('governments', 'governments.id', 'plans.government_id')
    .selectAll('plans')
    .select(['governments.name as government_name', 'governments.kind as government_kind', 'governments.country_code as government_country'])
    .orderBy('plans.period_end', 'desc')
    .orderBy('plans.id', 'desc')
    .execute();
}

export function countCommitmentsByPlan(db: Db) {
  return db.selectFrom('commitments').select(['plan_id', db.fn.countAll<number>().as('n')]).groupBy('plan_id').execute();
}

export function listSections(db: Db, planId: number): Promise<Row<'plan_sections'>[]> {
  return db.selectFrom('plan_sections').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

export function listThemes(db: Db, planId: number): Promise<Row<'themes'>[]> {
  return db.selectFrom('themes').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

export function listRounds(db: Db, planId: number): Promise<Row<'rounds'>[]> {
  return db.selectFrom('rounds').selectAll().where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
}

export function findRound(db: Db, id: number): Promise<Row<'rounds'> | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The level of every commitment of a plan in every round of it. */
export function listPlanLevels(db: Db, planId: number) {
  return db
    .selectFrom('assessments')
    .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
    .select(['assessments.round_id', 'assessments.commitment_id', 'assessments.level'])
    .where('rounds.plan_id', '=', planId)
    .execute();
}

export async function countPlans(db: Db): Promise<number> {
  const row = await db.selectFrom('plans').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
