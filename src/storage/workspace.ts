import { sql, type Kysely, type RawBuilder } from 'kysely';
import { roundOrder } from './plans.js';
import type { Database, Row } from './schema.js';
import { commitmentsLedNowBy } from './commitment-template.js';

/** Queries of the workspace: versions, the subject of a permission check, activities' order, rounds' progress. */
type Db = Kysely<Database>;

type Versioned =
  | 'commitments'
  | 'activities'
  | 'assessments'
  | 'irm_reviews'
  | 'irm_recommendations'
  | 'plan_sections'
  | 'indicators'
  | 'indicator_measurements'
  // Co-creation's and the forum's records (migration 0016).
  | 'workshops'
  | 'proposals'
  | 'candidate_commitments'
  | 'forum_members'
  | 'forum_meetings';

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

/** What a permission check about a commitment needs: its plan's government (and stage) and its first lead agency now. */
export async function commitmentSubject(db: Db, commitmentId: number) {
  return db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
    .select(['c.id', 'c.plan_id', 'c.number', 'c.title', 'p.government_id', 'p.status as plan_status', 'ca.agency_id'])
    .where('c.id', '=', commitmentId)
    .executeTakeFirst();
}

/**
 * The lead agency a round's assessment of a commitment belongs to (decision 010): the entry in force on
 * the round's cutoff date — a move dated after it leaves the round with the agency it had. With no
 * cutoff, or no entry in force then (a lead first given later), the one in force now. Both arguments
 * are column references (`c.id`, `r.cutoff_date`), so the query it is part of joins the round.
 */
export function agencyInRound(commitmentId: string, cutoffDate: string): RawBuilder<number | null> {
  const c = sql.ref(commitmentId);
  const d = sql.ref(cutoffDate);
  return sql<number | null>`coalesce(
    (select ia.agency_id from commitment_agencies ia where ia.commitment_id = ${c} and ${d} is not null
      and (ia.valid_from is null or ia.valid_from <= ${d}) and (ia.valid_to is null or ia.valid_to > ${d}) order by ia.id desc limit 1),
    (select na.agency_id from commitment_agencies na where na.commitment_id = ${c} and na.valid_to is null order by na.id desc limit 1))`;
}

/** A commitment as a round sees it: the facts of commitmentSubject, with the agency the round's assessment belongs to. */
export function commitmentInRound(db: Db, commitmentId: number, roundId: number) {
  return db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .innerJoin('rounds as r', (j) => j.on('r.id', '=', roundId))
    .select(['c.id', 'c.plan_id', 'c.number', 'c.title', 'p.government_id', agencyInRound('c.id', 'r.cutoff_date').as('agency_id')])
    .where('c.id', '=', commitmentId)
    .executeTakeFirst();
}

/** A commitment's activities as a choice list (number order). */
export function listActivityChoices(db: Db, commitmentId: number): Promise<{ id: number; number: number; title: string }[]> {
  return db
    .selectFrom('activities')
    .select(['id', 'number', 'title'])
    .where('commitment_id', '=', commitmentId)
    .orderBy('number')
    .execute();
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
  const row = await db
    .selectFrom('activities')
    .select(db.fn.max('number').as('n'))
    .where('commitment_id', '=', commitmentId)
    .executeTakeFirst();
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

/** Every commitment of a round's plan, with the agency its assessment belongs to (agencyInRound) and its assessment in the round (if any). */
export function roundProgress(db: Db, roundId: number, planId: number) {
  return db
    .selectFrom('commitments as c')
    .innerJoin('rounds as r', (j) => j.on('r.id', '=', roundId))
    .leftJoin('agencies as ag', (j) => j.on('ag.id', '=', agencyInRound('c.id', 'r.cutoff_date')))
    .leftJoin('assessments as a', (j) => j.onRef('a.commitment_id', '=', 'c.id').onRef('a.round_id', '=', 'r.id'))
    .select([
      'c.id',
      'c.number',
      'c.title',
      'ag.id as agency_id',
      'ag.name as agency_name',
      'ag.acronym as agency_acronym',
      'a.id as assessment_id',
      'a.status',
      'a.level',
      'a.updated_at',
    ])
    .where('c.plan_id', '=', planId)
    .orderBy('c.number')
    .execute();
}

/**
 * The assessments an agency owes in rounds under way (agencyInRound), with where each stands: a digest's
 * "waiting", the workspace's returned list. A completed plan's plan status does not matter: its end-of-term
 * round is opened after it ends, and an unpublished round is one a coordinator opened.
 */
export function assessmentsOwedBy(db: Db, agencyId: number) {
  return db
    .selectFrom('rounds as r')
    .innerJoin('commitments as c', 'c.plan_id', 'r.plan_id')
    .leftJoin('assessments as a', (j) => j.onRef('a.commitment_id', '=', 'c.id').onRef('a.round_id', '=', 'r.id'))
    .select([
      'r.id as round_id',
      'r.plan_id',
      'r.kind',
      'r.title as round_title',
      'r.lang',
      'r.cutoff_date',
      'c.id',
      'c.number',
      'c.title',
      'a.status',
      // A returned one's comment and when: the editor's home and digest say what to correct (issue 20).
      'a.review_comment',
      'a.decided_at',
    ])
    .where('r.published', '=', 0)
    .where(sql<boolean>`${agencyInRound('c.id', 'r.cutoff_date')} = ${agencyId}`)
    .orderBy(roundOrder('r'))
    .orderBy('c.number')
    .execute();
}

/**
 * The rounds under way whose assessment of this commitment would pass to another agency if it moved
 * from `from`: those whose cutoff is on or after that date (or that have none), with the assessment
 * already begun in them. What a reorganisation's audit entry names (decision 010).
 */
export function assessmentsHandedOver(db: Db, commitmentId: number, from: string) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('rounds as r', 'r.id', 'a.round_id')
    .select(['r.id as round_id', 'r.cutoff_date', 'a.id', 'a.status'])
    .where('a.commitment_id', '=', commitmentId)
    .where('r.published', '=', 0)
    .where((eb) => eb.or([eb('r.cutoff_date', 'is', null), eb('r.cutoff_date', '>=', from)]))
    .orderBy(roundOrder('r'))
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

/** Commitments an actor can edit: all those of a government's plans, or those an agency leads or co-leads now. */
export function listEditableCommitments(db: Db, scope: { governmentId?: number; agencyId?: number }) {
  let q = db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
    .leftJoin('agencies as ag', 'ag.id', 'ca.agency_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.plan_id',
      'p.title as plan_title',
      'p.period_end',
      'ag.name as agency_name',
      'ag.acronym as agency_acronym',
      'c.updated_at',
    ]);
  if (scope.governmentId !== undefined) q = q.where('p.government_id', '=', scope.governmentId);
  const agencyId = scope.agencyId;
  // An agency edits the commitments it leads first and those it co-leads (decision 030).
  if (agencyId !== undefined) q = q.where('c.id', 'in', commitmentsLedNowBy(db, agencyId));
  return q
    .orderBy('p.period_end', (ob) => ob.desc().nullsLast())
    .orderBy('c.plan_id', 'desc')
    .orderBy('c.number')
    .execute();
}

/**
 * Rounds not yet published, with their plan: a government's (or every government's), or those in which
 * an agency owes an assessment (agencyInRound).
 */
export function listOpenRounds(db: Db, scope: { governmentId?: number; agencyId?: number } = {}) {
  let q = db
    .selectFrom('rounds as r')
    .innerJoin('plans as p', 'p.id', 'r.plan_id')
    .select(['r.id', 'r.kind', 'r.title', 'r.cutoff_date', 'r.lang', 'r.position', 'r.plan_id', 'p.title as plan_title', 'p.government_id'])
    .where('r.published', '=', 0);
  if (scope.governmentId !== undefined) q = q.where('p.government_id', '=', scope.governmentId);
  const agencyId = scope.agencyId;
  if (agencyId !== undefined) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('commitments as c')
          .select('c.id')
          .whereRef('c.plan_id', '=', 'r.plan_id')
          .where(sql<boolean>`${agencyInRound('c.id', 'r.cutoff_date')} = ${agencyId}`),
      ),
    );
  }
  // The latest cutoff first (roundOrder), not the latest opened.
  return q.orderBy(roundOrder('r', 'desc')).execute();
}

export function listPlansOfGovernment(db: Db, governmentId: number) {
  return db
    .selectFrom('plans')
    .select(['id', 'title', 'period_end'])
    .where('government_id', '=', governmentId)
    .orderBy('period_end', (ob) => ob.desc().nullsLast())
    .execute();
}
