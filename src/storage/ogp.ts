import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** Queries of OGP's commitment dataset: members by country, plans by OGP number, commitments by OGP id, the rows of the export. */
type Db = Kysely<Database>;

export function findGovernmentByCountry(db: Db, countryCode: string): Promise<Row<'governments'> | undefined> {
  return db
    .selectFrom('governments')
    .selectAll()
    .where('country_code', '=', countryCode)
    .where('kind', '=', 'national')
    .orderBy('id')
    .executeTakeFirst();
}

export function findPlanByOgpNumber(db: Db, governmentId: number, ogpNumber: number): Promise<Row<'plans'> | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('government_id', '=', governmentId)
    .where('ogp_number', '=', ogpNumber)
    .executeTakeFirst();
}

/** A plan of the same member and period that OGP's number was never given to (one made from a report). */
export function findPlanWithoutOgpNumber(db: Db, governmentId: number, start: number, end: number): Promise<Row<'plans'> | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('government_id', '=', governmentId)
    .where('period_start', '=', start)
    .where('period_end', '=', end)
    .where('ogp_number', 'is', null)
    .executeTakeFirst();
}

export function findPlanWithPeriod(db: Db, governmentId: number, start: number, end: number): Promise<Row<'plans'> | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('government_id', '=', governmentId)
    .where('period_start', '=', start)
    .where('period_end', '=', end)
    .executeTakeFirst();
}

export function findCommitmentByOgpId(db: Db, ogpId: string): Promise<Row<'commitments'> | undefined> {
  return db.selectFrom('commitments').selectAll().where('ogp_id', '=', ogpId).executeTakeFirst();
}

export function listIrmReviews(db: Db, commitmentIds: number[]): Promise<Row<'irm_reviews'>[]> {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('irm_reviews').selectAll().where('commitment_id', 'in', commitmentIds).orderBy('id').execute();
}

/** Every commitment (or a plan's) with its plan, member, theme and current lead agency: the export's rows, in order. Plans in borrador are left out (issue 19). */
export function listExportCommitments(db: Db, planId?: number) {
  let q = db
    .selectFrom('commitments')
    .innerJoin('plans', 'plans.id', 'commitments.plan_id')
    .innerJoin('governments', 'governments.id', 'plans.government_id')
    .innerJoin('themes', 'themes.id', 'commitments.theme_id')
    .leftJoin('commitment_agencies', (j) =>
      j.onRef('commitment_agencies.commitment_id', '=', 'commitments.id').on('commitment_agencies.valid_to', 'is', null),
    )
    .leftJoin('agencies', 'agencies.id', 'commitment_agencies.agency_id')
    .select([
      'commitments.id',
      'commitments.plan_id',
      'commitments.number',
      'commitments.title',
      'commitments.description',
      'commitments.planned_start',
      'commitments.planned_end',
      'commitments.ogp_id',
      'commitments.supporting_institutions',
      'commitments.policy_areas',
      'commitments.other_fields',
      'commitments.ogp_not_determined',
      'commitments.problem',
      'commitments.objective',
      'commitments.relevance',
      'commitments.ambition',
      'commitments.additional_info',
      'commitments.other_actors_government',
      'commitments.other_actors_civil_society',
      'plans.ogp_number',
      'plans.title as plan_title',
      'plans.lang as plan_lang',
      'plans.status as plan_status',
      'plans.approval_instrument',
      'plans.approval_date',
      'plans.period_start',
      'plans.period_end',
      'governments.name as government_name',
      'governments.kind as government_kind',
      'themes.title as theme_title',
      'commitment_agencies.as_written as lead_as_written',
      'agencies.name as lead_agency_name',
      'agencies.acronym as lead_agency_acronym',
    ]);
  if (planId !== undefined) q = q.where('commitments.plan_id', '=', planId);
  q = q.where('plans.status', '!=', 'draft');
  return (
    q
      .orderBy('governments.name')
      .orderBy('plans.ogp_number')
      .orderBy('plans.id')
      // Theme by theme, as the plan has them: an import of the file makes the themes in that order.
      .orderBy('themes.position')
      .orderBy('commitments.number')
      .orderBy('commitments.id')
      .execute()
  );
}

export function listAgenciesOfGovernment(db: Db, governmentId: number): Promise<Row<'agencies'>[]> {
  return db.selectFrom('agencies').selectAll().where('government_id', '=', governmentId).orderBy('id').execute();
}

/** Who wrote a row, newest first: each audit entry's actor, time and the fields it set (JSON). */
export function listWritesOf(db: Db, entity: 'plans' | 'commitments' | 'commitment_agencies' | 'irm_reviews', entityId: number) {
  return db
    .selectFrom('audit_log')
    .select(['actor', 'at', 'after'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('action', 'in', ['create', 'update'])
    .orderBy('id', 'desc')
    .execute();
}

export function findCommitmentByNumber(db: Db, planId: number, number: number): Promise<Row<'commitments'> | undefined> {
  return db.selectFrom('commitments').selectAll().where('plan_id', '=', planId).where('number', '=', number).executeTakeFirst();
}
