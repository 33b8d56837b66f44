import type { Kysely } from 'kysely';
import { roundOrder } from './plans.js';
import type { Database, Row } from './schema.js';

/** The independent review (IRM) of commitments, the IRM's recommendations to a plan, and continuity between plans. */
type Db = Kysely<Database>;

/** Every review of a commitment (progress report first, then end-of-term). */
export async function listReviewsOfCommitment(db: Db, commitmentId: number): Promise<Row<'irm_reviews'>[]> {
  const rows = await db.selectFrom('irm_reviews').selectAll().where('commitment_id', '=', commitmentId).execute();
  return rows.sort((a, b) => reportOrder(a.report) - reportOrder(b.report));
}

const reportOrder = (report: string) => (report === 'progress' ? 0 : 1);

export function findReview(db: Db, commitmentId: number, report: string): Promise<Row<'irm_reviews'> | undefined> {
  return db.selectFrom('irm_reviews').selectAll().where('commitment_id', '=', commitmentId).where('report', '=', report).executeTakeFirst();
}

/** The reviews of every commitment of a plan, with the commitment's number, in the plan's order. */
export function listReviewsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('irm_reviews as r')
    .innerJoin('commitments as c', 'c.id', 'r.commitment_id')
    .selectAll('r')
    .select(['c.number as commitment_number'])
    .where('c.plan_id', '=', planId)
    .orderBy('c.number')
    .orderBy('r.report', 'desc')
    .execute();
}

/** The recommendations of the IRM's reports to a plan, in their order. */
export function listRecommendations(db: Db, planId: number): Promise<Row<'irm_recommendations'>[]> {
  return db.selectFrom('irm_recommendations').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

export function findRecommendation(db: Db, id: number): Promise<Row<'irm_recommendations'> | undefined> {
  return db.selectFrom('irm_recommendations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function maxRecommendationPosition(db: Db, planId: number): Promise<number> {
  const row = await db
    .selectFrom('irm_recommendations')
    .select(db.fn.max('position').as('p'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p);
}

// ——— continuity ———

/** A commitment as a link to it from another plan: its number, title and plan. */
export interface CommitmentLinkRow {
  id: number;
  number: number;
  title: string;
  lang: string;
  plan_id: number;
  plan_title: string;
}

const linkColumns = ['c.id', 'c.number', 'c.title', 'c.lang', 'c.plan_id', 'p.title as plan_title'] as const;

/** The commitment this one continues (in an earlier plan), if any. */
export async function findPredecessor(db: Db, commitmentId: number): Promise<CommitmentLinkRow | undefined> {
  return db
    .selectFrom('commitments as me')
    .innerJoin('commitments as c', 'c.id', 'me.continues_id')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select([...linkColumns])
    .where('me.id', '=', commitmentId)
    .executeTakeFirst();
}

/** The commitments of later plans that continue this one. */
export function listContinuations(db: Db, commitmentId: number): Promise<CommitmentLinkRow[]> {
  return db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select([...linkColumns])
    .where('c.continues_id', '=', commitmentId)
    .orderBy('p.period_start')
    .orderBy('c.id')
    .execute();
}

/** The plans of a government, to carry a commitment into. */
export function listPlansOfGovernment(db: Db, governmentId: number) {
  return db
    .selectFrom('plans')
    .select(['id', 'title', 'government_id', 'period_start', 'period_end'])
    .where('government_id', '=', governmentId)
    .orderBy('period_start')
    .orderBy('id')
    .execute();
}

export async function maxCommitmentNumber(db: Db, planId: number): Promise<number> {
  const row = await db.selectFrom('commitments').select(db.fn.max('number').as('n')).where('plan_id', '=', planId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The latest published level of a commitment (null when never assessed in a published round). */
export async function latestPublishedLevel(db: Db, commitmentId: number): Promise<string | null> {
  const row = await db
    .selectFrom('assessments as a')
    .innerJoin('rounds as r', 'r.id', 'a.round_id')
    .select(['a.level'])
    .where('a.commitment_id', '=', commitmentId)
    .where('r.published', '=', 1)
    .where('a.level', 'is not', null)
    .orderBy(roundOrder('r', 'desc'))
    .limit(1)
    .executeTakeFirst();
  return row?.level ?? null;
}
