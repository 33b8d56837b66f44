import { sql, type Kysely, type RawBuilder } from 'kysely';
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

export function findPlanByPeriod(
  db: Db,
  governmentId: number,
  start: number | null,
  end: number | null,
  title: string,
): Promise<Row<'plans'> | undefined> {
  let q = db.selectFrom('plans').selectAll().where('government_id', '=', governmentId);
  q = start !== null && end !== null ? q.where('period_start', '=', start).where('period_end', '=', end) : q.where('title', '=', title);
  return q.orderBy('id').executeTakeFirst();
}

export function findPlan(db: Db, id: number): Promise<Row<'plans'> | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Every plan (or one) with its government, newest period first. Plans in borrador are the workspace's
 * alone (issue 19): left out unless `withDrafts`.
 */
export function listPlansWithGovernment(db: Db, planId?: number, options: { withDrafts?: boolean } = {}) {
  let q = db
    .selectFrom('plans')
    .innerJoin('governments', 'governments.id', 'plans.government_id')
    .selectAll('plans')
    .select([
      'governments.name as government_name',
      'governments.kind as government_kind',
      'governments.country_code as government_country',
    ]);
  if (planId !== undefined) q = q.where('plans.id', '=', planId);
  if (!options.withDrafts) q = q.where('plans.status', '!=', 'draft');
  return q
    .orderBy('plans.period_end', (ob) => ob.desc().nullsLast())
    .orderBy('plans.id', 'desc')
    .execute();
}

export function listPlanIdsWithRounds(db: Db) {
  return db.selectFrom('rounds').select('plan_id').distinct().execute();
}

/** Commitments per plan: of every plan, or of one. */
export function countCommitmentsByPlan(db: Db, planId?: number) {
  let q = db.selectFrom('commitments').select(['plan_id', db.fn.countAll<number>().as('n')]);
  if (planId !== undefined) q = q.where('plan_id', '=', planId);
  return q.groupBy('plan_id').execute();
}

export function listSections(db: Db, planId: number): Promise<Row<'plan_sections'>[]> {
  return db.selectFrom('plan_sections').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

export function listThemes(db: Db, planId: number): Promise<Row<'themes'>[]> {
  return db.selectFrom('themes').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

/**
 * Rounds in time order (issue 20, decision 035): by cutoff date — undated ones last, as the import puts
 * them — then in the order they were opened. Every list of rounds uses it: the latest round is the one
 * with the latest cutoff, whichever was opened last. (`position` is only the place a report gave it.)
 */
export function roundOrder(alias: string, direction: 'asc' | 'desc' = 'asc'): RawBuilder<unknown> {
  const cutoff = sql.ref(`${alias}.cutoff_date`);
  const id = sql.ref(`${alias}.id`);
  return direction === 'asc' ? sql`${cutoff} asc nulls last, ${id} asc` : sql`${cutoff} desc nulls first, ${id} desc`;
}

/** A plan's rounds, oldest cutoff first (roundOrder). */
export function listRounds(db: Db, planId: number): Promise<Row<'rounds'>[]> {
  return db.selectFrom('rounds').selectAll().where('plan_id', '=', planId).orderBy(roundOrder('rounds')).execute();
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

/** Published rounds of every plan (or of some plans), each plan's oldest cutoff first (roundOrder). */
export function listPublishedRounds(db: Db, planIds?: number[]): Promise<Row<'rounds'>[]> {
  let q = db.selectFrom('rounds').selectAll().where('published', '=', 1);
  if (planIds) q = q.where('plan_id', 'in', planIds.length > 0 ? planIds : [-1]);
  return q.orderBy('plan_id').orderBy(roundOrder('rounds')).execute();
}

/** How many commitments sit at each level (a null level counts too), per round. */
export async function countLevelsByRound(db: Db, roundIds: number[]) {
  if (roundIds.length === 0) return [];
  const rows = await db
    .selectFrom('assessments')
    .select(['round_id', 'level', db.fn.countAll<number>().as('n')])
    .where('round_id', 'in', roundIds)
    .groupBy(['round_id', 'level'])
    .execute();
  return rows.map((r) => ({ round_id: r.round_id, level: r.level, n: Number(r.n) }));
}

/** The level of some commitments in some rounds. */
export function levelsInRounds(db: Db, roundIds: number[], commitmentIds: number[]) {
  return db
    .selectFrom('assessments')
    .select(['round_id', 'commitment_id', 'level'])
    .where('round_id', 'in', roundIds.length > 0 ? roundIds : [-1])
    .where('commitment_id', 'in', commitmentIds.length > 0 ? commitmentIds : [-1])
    .execute();
}

export function findTheme(db: Db, id: number): Promise<Row<'themes'> | undefined> {
  return db.selectFrom('themes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAgency(db: Db, id: number): Promise<Row<'agencies'> | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Agencies with the number of commitments each currently leads. */
export function listAgenciesWithCounts(db: Db) {
  return db
    .selectFrom('agencies')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.agency_id', '=', 'agencies.id').on('ca.valid_to', 'is', null))
    .select((eb) => ['agencies.id', 'agencies.name', 'agencies.acronym', 'agencies.government_id', eb.fn.count<number>('ca.id').as('n')])
    .groupBy(['agencies.id', 'agencies.name', 'agencies.acronym', 'agencies.government_id'])
    .orderBy('agencies.name')
    .execute();
}

/** The commitments an agency leads now, across the plans the public sees (not those in borrador). */
export function listCommitmentsLedBy(db: Db, agencyId: number) {
  return db
    .selectFrom('commitment_agencies as ca')
    .innerJoin('commitments as c', 'c.id', 'ca.commitment_id')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .innerJoin('themes as t', 't.id', 'c.theme_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.plan_id',
      'p.title as plan_title',
      'p.period_end',
      't.id as theme_id',
      't.title as theme_title',
    ])
    .where('ca.agency_id', '=', agencyId)
    .where('ca.valid_to', 'is', null)
    .where('p.status', '!=', 'draft')
    .orderBy('p.period_end', (ob) => ob.desc().nullsLast())
    .orderBy('c.plan_id', 'desc')
    .orderBy('c.number')
    .execute();
}

export async function listPlanIds(db: Db): Promise<number[]> {
  return (await db.selectFrom('plans').select('id').orderBy('id').execute()).map((p) => p.id);
}
