import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/**
 * Queries behind the open-data downloads (services/opendata.ts). The large listings are read in
 * pages of commitments (keyset on number, id within one plan) and what hangs from a page is read with
 * `in (…)` lists, so a download's memory does not grow with the size of the database.
 */
type Db = Kysely<Database>;

export interface CommitmentCursor {
  number: number;
  id: number;
}

/** One page of a plan's commitments, by number, with the theme and plan titles, after `after`. */
export function commitmentsPage(db: Db, planId: number, after: CommitmentCursor | null, limit: number) {
  let q = db
    .selectFrom('commitments')
    .innerJoin('themes', 'themes.id', 'commitments.theme_id')
    .innerJoin('plans', 'plans.id', 'commitments.plan_id')
    .selectAll('commitments')
    .select(['themes.title as theme_title', 'themes.position as theme_position', 'plans.title as plan_title'])
    .where('commitments.plan_id', '=', planId);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('commitments.number', '>', after.number),
        eb.and([eb('commitments.number', '=', after.number), eb('commitments.id', '>', after.id)]),
      ]),
    );
  }
  return q.orderBy('commitments.number').orderBy('commitments.id').limit(limit).execute();
}

/** The current lead agency (no valid_to) of each listed commitment. */
export function currentLeadAgenciesOf(db: Db, commitmentIds: number[]) {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('commitment_agencies')
    .innerJoin('agencies', 'agencies.id', 'commitment_agencies.agency_id')
    .select([
      'commitment_agencies.id',
      'commitment_agencies.commitment_id',
      'commitment_agencies.agency_id',
      'commitment_agencies.detail',
      'commitment_agencies.created_at',
      'agencies.name as agency_name',
      'agencies.acronym as agency_acronym',
    ])
    .where('commitment_agencies.commitment_id', 'in', commitmentIds)
    .where('commitment_agencies.valid_to', 'is', null)
    .orderBy('commitment_agencies.id')
    .execute();
}

/** The current contact (no valid_to) of each listed commitment. */
export function currentContactsOf(db: Db, commitmentIds: number[]): Promise<Row<'commitment_contacts'>[]> {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('commitment_contacts')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .where('valid_to', 'is', null)
    .orderBy('id')
    .execute();
}

/** The assessments of the listed commitments in the listed rounds. */
export function assessmentsOf(db: Db, commitmentIds: number[], roundIds: number[]): Promise<Row<'assessments'>[]> {
  if (commitmentIds.length === 0 || roundIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .where('round_id', 'in', roundIds)
    .orderBy('id')
    .execute();
}

/** The activities of the listed commitments, by number. */
export function activitiesOf(db: Db, commitmentIds: number[]): Promise<Row<'activities'>[]> {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activities')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .orderBy('commitment_id')
    .orderBy('number')
    .orderBy('id')
    .execute();
}

/** Evidence attached to one activity or another of the listed commitments, in order. */
export function activityEvidenceOf(db: Db, commitmentIds: number[]): Promise<Row<'evidence'>[]> {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .where('activity_id', 'is not', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Sources attached to one activity or another of the listed commitments, in order. */
export function activitySourcesOf(db: Db, commitmentIds: number[]): Promise<Row<'sources'>[]> {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sources')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .where('activity_id', 'is not', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * The time of the latest audited write to each kind of row. The audit log sees deletions too, which
 * `updated_at` columns cannot: it is what says when a dataset last changed.
 */
export async function lastWriteByEntity(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity', db.fn.max('at').as('at')])
    .groupBy('entity')
    .execute();
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.entity, String(r.at)]));
}

/** One page of a round's assessments, by commitment number, with the commitment's number and title. */
export function assessmentsPage(db: Db, roundId: number, after: CommitmentCursor | null, limit: number) {
  let q = db
    .selectFrom('assessments')
    .innerJoin('commitments', 'commitments.id', 'assessments.commitment_id')
    .selectAll('assessments')
    .select(['commitments.number as commitment_number', 'commitments.title as commitment_title'])
    .where('assessments.round_id', '=', roundId);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('commitments.number', '>', after.number),
        eb.and([eb('commitments.number', '=', after.number), eb('commitments.id', '>', after.id)]),
      ]),
    );
  }
  return q.orderBy('commitments.number').orderBy('commitments.id').limit(limit).execute();
}
