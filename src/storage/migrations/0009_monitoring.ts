import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Acting on early warnings (issue 6): each plan's monitoring settings (the thresholds of the rules and
 * whether its public page shows the traffic lights), acknowledgements of warnings (a reason and a
 * corrective action, or a new planned date), and the original planned end of an activity or commitment
 * whose end was moved — set on the first move and never again, so the page shows it beside the new one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: ReturnType<Kysely<any>['schema']['createTable']>) =>
    t.addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await db.schema.alterTable('activities').addColumn('original_planned_end', 'text').execute();
  await db.schema.alterTable('commitments').addColumn('original_planned_end', 'text').execute();

  await id(db.schema.createTable('plan_monitoring_settings'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().unique().references('plans.id').onDelete('cascade'))
    .addColumn('behind_points', 'integer', (c) => c.notNull().check(sql`behind_points between 1 and 100`))
    .addColumn('stale_days', 'integer', (c) => c.notNull().check(sql`stale_days between 1 and 3650`))
    .addColumn('public_traffic_light', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`public_traffic_light in (0, 1)`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('warning_acknowledgements'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    // The warning's key (code:kind:id, domain/warnings.ts warningKey) and what it was about when acknowledged.
    .addColumn('warning_key', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    // The planned end the warning was about (overdue activities): a warning on a later date is a new one.
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text')
    .addColumn('corrective_action', 'text')
    .addColumn('new_planned_end', 'text')
    .addColumn('previous_planned_end', 'text')
    .addColumn('user_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('warning_acknowledgements_plan').on('warning_acknowledgements').columns(['plan_id', 'warning_key']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
