import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Civil-society alerts (issue 7): an alert on a commitment (or one of its activities) raised by a
 * civil-society account, the agency that had to answer it, and its deadline — computed in working days
 * when it is raised and stored, so that a later change of the holidays or of the plan's count does not
 * move it. Each government's holidays, and each plan's count of working days (no row: 10).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: ReturnType<Kysely<any>['schema']['createTable']>) =>
    t.addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await id(db.schema.createTable('alerts'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('activity_id', 'integer', (c) => c.references('activities.id').onDelete('set null'))
    // The lead agency when the alert was raised: the one its share counts for, even after a reorganisation.
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('delay', 'quality', 'access', 'other')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('evidence_url', 'text')
    // A file uploaded as evidence, checked by its content like the evidence of commitments (domain/file-types.ts).
    .addColumn('evidence_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('raised_by', 'integer', (c) => c.notNull())
    .addColumn('raised_by_name', 'text', (c) => c.notNull())
    .addColumn('raised_on', 'text', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'answered')`),
    )
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'integer')
    .addColumn('answered_by_name', 'text')
    .addColumn('answered_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_plan').on('alerts').columns(['plan_id', 'commitment_id']).execute();
  await db.schema.createIndex('alerts_raised_by').on('alerts').columns(['raised_by', 'raised_on']).execute();

  await id(db.schema.createTable('holidays'))
    .addColumn('government_id', 'integer', (c) => c.notNull().references('governments.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('holidays_government_date', ['government_id', 'date'])
    .execute();

  await id(db.schema.createTable('plan_alert_settings'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().unique().references('plans.id').onDelete('cascade'))
    .addColumn('working_days', 'integer', (c) => c.notNull().check(sql`working_days between 1 and 90`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
