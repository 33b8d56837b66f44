import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** Queries of the indicator matrix (migration 0008). */
type Db = Kysely<Database>;

export function findIndicator(db: Db, id: number): Promise<Row<'indicators'> | undefined> {
  return db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMeasurement(db: Db, id: number): Promise<Row<'indicator_measurements'> | undefined> {
  return db.selectFrom('indicator_measurements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A commitment's indicators in the order they were added. */
export function listIndicatorsOfCommitment(db: Db, commitmentId: number): Promise<Row<'indicators'>[]> {
  return db.selectFrom('indicators').selectAll().where('commitment_id', '=', commitmentId).orderBy('id').execute();
}

/**
 * A plan's (or a commitment's) indicators with what the matrix shows beside them: the commitment's
 * number and title, the responsible agency's name, the activity's number. By commitment number, then
 * as added.
 */
export function listIndicatorRows(db: Db, scope: { planId: number } | { commitmentId: number }) {
  const q = db
    .selectFrom('indicators as i')
    .innerJoin('commitments as c', 'c.id', 'i.commitment_id')
    .leftJoin('agencies as ag', 'ag.id', 'i.agency_id')
    .leftJoin('activities as a', 'a.id', 'i.activity_id')
    .selectAll('i')
    .select([
      'c.plan_id',
      'c.number as commitment_number',
      'c.title as commitment_title',
      'ag.name as agency_name',
      'ag.acronym as agency_acronym',
      'a.number as activity_number',
      'a.title as activity_title',
    ]);
  return ('planId' in scope ? q.where('c.plan_id', '=', scope.planId) : q.where('i.commitment_id', '=', scope.commitmentId))
    .orderBy('c.number')
    .orderBy('i.id')
    .execute();
}

export type IndicatorRow = Awaited<ReturnType<typeof listIndicatorRows>>[number];

/** The measurements of these indicators, oldest first (by date, then as recorded). */
export function listMeasurements(db: Db, indicatorIds: number[]): Promise<Row<'indicator_measurements'>[]> {
  if (indicatorIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('indicator_measurements')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    .orderBy('date')
    .orderBy('id')
    .execute();
}
