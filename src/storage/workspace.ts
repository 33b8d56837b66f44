import { sql, type Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** Queries of the workspace: versions, the subject of a permission check, activities' order, rounds' progress. */
type Db = Kysely<Database>;

type Versioned = 'commitments' | 'activities' | 'assessments' | 'irm_reviews' | 'irm_recommendations' | 'plan_sections' | 'indicators' | 'indicator_measurements'
  // Co-creation's and the forum's records (migration 0016).
  | 'workshops' | 'proposals' | 'candidate_commitments' | 'forum_members' | 'forum_meetings';

/**
 * Takes the next version of a row if it is still at `expected`: one statement, so two saves of the same
 * version cannot both succeed. False means someone else saved first (a conflict).
 */
export async function claimVersion(db: Db, table: Versioned, id: number, expected: number): Promise<boolean> {
  const result = await (db as Kysely<any>)
    .updateTable(table)
    .set({ version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What a permission check about a commitment needs: its plan's government and its lead agency now. */
export async function commitmentSubject(db: Db, commitmentId: number) {
  return db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
    .select(['c.id', 'c.plan_id', 'c.number', 'c.title', 'p.government_id', 'ca.agency_id'])
    .where('c.id', '=', commitmentId)
    .executeTakeFirst();
}

/** A commitment's activities as a choice list (number order). */
export function listActivityChoices(db: Db, commitmentId: number): Promise<{ id: number; number: number; title: string }[]> {
  return db.selectFrom('activities').select(['id', 'number', 'title']).where('commitment_id', '=', commitmentId).orderBy('number').execute();
}

export function findActivity(db: Db, id: number): Promise<Row<'activities'> | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findEvidence(db: Db, id: number): Promise<Row<'evidence'> | undefined> {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSource(db: Db, id: number): Promise<Row<'sources'> | undefined> {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function maxActivityNumber(db: Db, commitmentId: number): Promise<number> {
  const row = await db.selectFrom('activities').select(db.fn.max('number').as('n')).where('commitment_id', '=', commitmentId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Moves an activity to a number another may hold: through a free number, since numbers are unique per commitment. */
export async function setActivityNumber(db: Db, id: number, number: number): Promise<void> {
  await db.updateTable('activities').set({ number }).where('id', '=', id).execute();
}

export function listAgenciesOfGovernment(db: Db, governmentId: number): Promise<Row<'agencies'>[]> {
  return db.selectFrom('agencies').selectAll().where('government_id', '=', governmentId).orderBy('name').execute();
}

export function findOpenRound(db: Db, planId: number): Promise<Row<'rounds'> | undefined> {
  return db.selectFrom('rounds').selectAll().where('plan_id', '=', planId).where('published', '=', 0).executeTakeFirst();
}

export async function maxRoundPosition(db: Db, planId: number): Promise<number> {
  const row = await db.selectFrom('rounds').select(db.fn.max('position').as('p')).where('plan_id', '=', planId).executeTakeFirst();
  return row?.p === null || row?.p === undefined ? -1 : Number(row.p);
}

/** Every commitment of a round's plan, with its lead agency now and its assessment in the round (if any). */
export function roundProgress(db: Db, roundId: number, planId: number) {
  return db
    .selectFrom('commitments as c')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
    .leftJoin('agencies as ag', 'ag.id', 'ca.agency_id')
    .leftJoin('assessments as a', (j) => j.onRef('a.commitment_id', '=', 'c.id').on('a.round_id', '=', roundId))
    .select(['c.id', 'c.number', 'c.title', 'ca.agency_id', 'ag.name as agency_name', 'ag.acronym as agency_acronym', 'a.id as assessment_id', 'a.status', 'a.level', 'a.updated_at'])
    .where('c.plan_id', '=', planId)
    .orderBy('c.number')
    .execute();
}

/** The citations of these pieces of evidence, with where their assessment stands and whether its round is published. */
export function listCitationsOf(db: Db, evidenceIds: number[]) {
  if (evidenceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessment_evidence as ae')
    .innerJoin('assessments as a', 'a.id', 'ae.assessment_id')
    .innerJoin('rounds as r', 'r.id', 'a.round_id')
    .selectAll('ae')
    .select(['a.status', 'r.published'])
    .where('ae.evidence_id', 'in', evidenceIds)
    .execute();
}

export function listCitedEvidence(db: Db, assessmentId: number) {
  return db.selectFrom('assessment_evidence').selectAll().where('assessment_id', '=', assessmentId).execute();
}

export function listCorrections(db: Db, assessmentIds: number[]): Promise<Row<'assessment_corrections'>[]> {
  if (assessmentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('assessment_corrections').selectAll().where('assessment_id', 'in', assessmentIds).orderBy('id').execute();
}

export function findAssessmentById(db: Db, id: number): Promise<Row<'assessments'> | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Commitments an actor can edit: all those of a government's plans, or those an agency leads now. */
export function listEditableCommitments(db: Db, scope: { governmentId?: number; agencyId?: number }) {
  let q = db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
    .leftJoin('agencies as ag', 'ag.id', 'ca.agency_id')
    .select(['c.id', 'c.number', 'c.title', 'c.plan_id', 'p.title as plan_title', 'p.period_end', 'ag.name as agency_name', 'ag.acronym as agency_acronym', 'c.updated_at']);
  if (scope.governmentId !== undefined) q = q.where('p.government_id', '=', scope.governmentId);
  if (scope.agencyId !== undefined) q = q.where('ca.agency_id', '=', scope.agencyId);
  return q.orderBy('p.period_end', (ob) => ob.desc().nullsLast()).orderBy('c.plan_id', 'desc').orderBy('c.number').execute();
}

/** Rounds not yet published, with their plan, for a government (or every government). */
export function listOpenRounds(db: Db, governmentId?: number) {
  let q = db
    .selectFrom('rounds as r')
    .innerJoin('plans as p', 'p.id', 'r.plan_id')
    .select(['r.id', 'r.kind', 'r.title', 'r.cutoff_date', 'r.lang', 'r.position', 'r.plan_id', 'p.title as plan_title', 'p.government_id'])
    .where('r.published', '=', 0);
  if (governmentId !== undefined) q = q.where('p.government_id', '=', governmentId);
  return q.orderBy('r.id', 'desc').execute();
}

export function listPlansOfGovernment(db: Db, governmentId: number) {
  return db.selectFrom('plans').select(['id', 'title', 'period_end']).where('government_id', '=', governmentId).orderBy('period_end', (ob) => ob.desc().nullsLast()).execute();
}
