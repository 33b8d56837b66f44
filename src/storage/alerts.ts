import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** Civil-society alerts, holidays and the plan's count of working days: reads (writes go through AuditedWriter). */
type Db = Kysely<Database>;

export function findAlert(db: Db, id: number): Promise<Row<'alerts'> | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The alerts of a plan (or of one commitment), with the commitment, activity and agency they are about; newest first. */
export function listAlerts(db: Db, where: { planId?: number; commitmentId?: number }) {
  return (
    db
      .selectFrom('alerts as al')
      .innerJoin('commitments as c', 'c.id', 'al.commitment_id')
      .leftJoin('activities as a', 'a.id', 'al.activity_id')
      .leftJoin('agencies as ag', 'ag.id', 'al.agency_id')
      .leftJoin('files as f', 'f.id', 'al.evidence_file_id')
      // The agency that leads the commitment now: its editors are the ones who may answer.
      .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
      .select([
        'ca.agency_id as lead_agency_id',
        'f.name as file_name',
        'f.size as file_size',
        'al.id',
        'al.plan_id',
        'al.commitment_id',
        'al.activity_id',
        'al.agency_id',
        'al.category',
        'al.text',
        'al.evidence_url',
        'al.raised_by_name',
        'al.raised_on',
        'al.working_days',
        'al.deadline',
        'al.status',
        'al.answer',
        'al.answered_by_name',
        'al.answered_on',
        'c.number as commitment_number',
        'c.title as commitment_title',
        'a.number as activity_number',
        'a.title as activity_title',
        'ag.name as agency_name',
      ])
      .$if(where.planId !== undefined, (q) => q.where('al.plan_id', '=', where.planId!))
      .$if(where.commitmentId !== undefined, (q) => q.where('al.commitment_id', '=', where.commitmentId!))
      .orderBy('al.raised_on', 'desc')
      .orderBy('al.id', 'desc')
      .execute()
  );
}

export type AlertListRow = Awaited<ReturnType<typeof listAlerts>>[number];

export function listHolidays(db: Db, governmentId: number): Promise<Row<'holidays'>[]> {
  return db.selectFrom('holidays').selectAll().where('government_id', '=', governmentId).orderBy('date').execute();
}

export function findHoliday(db: Db, id: number): Promise<Row<'holidays'> | undefined> {
  return db.selectFrom('holidays').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAlertSettings(db: Db, planId: number): Promise<Row<'plan_alert_settings'> | undefined> {
  return db.selectFrom('plan_alert_settings').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}

/** The file uploaded with an alert, where its bytes are kept. */
export function findAlertFile(db: Db, alertId: number) {
  return db
    .selectFrom('alerts as al')
    .innerJoin('files as f', 'f.id', 'al.evidence_file_id')
    .select(['al.id as alert_id', 'f.id as file_id', 'f.name', 'f.media_type', 'f.size', 'f.sha256', 'f.storage_key'])
    .where('al.id', '=', alertId)
    .executeTakeFirst();
}
