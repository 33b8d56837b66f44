import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Frozen copies of the domain's words as they were when this migration was written: an old migration
// must do today what it did then, whatever the domain's lists become (a later migration changes a check).
const INDICATOR_DIRECTIONS = ['up', 'down'] as const;
const INDICATOR_FREQUENCIES = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;

/**
 * The indicator matrix (issue 6): indicators on a commitment (optionally on one of its activities),
 * each with a baseline and a target, a frequency of measurement, and its measurements. Measurements
 * are added; a correction is an audited update of the row, so the history of every value stays in the
 * audit log. Values are double precision (REAL on SQLite): indicators count people, soles, days, %.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await table('indicators')
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('activity_id', 'integer', (c) => c.references('activities.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('baseline_value', 'double precision', (c) => c.notNull())
    .addColumn('baseline_date', 'text', (c) => c.notNull())
    .addColumn('target_value', 'double precision', (c) => c.notNull())
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('means_of_verification', 'text')
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('indicators_direction', oneOf('direction', INDICATOR_DIRECTIONS))
    .addCheckConstraint('indicators_frequency', oneOf('frequency', INDICATOR_FREQUENCIES))
    .addCheckConstraint('indicators_dates', sql`target_date >= baseline_date`)
    .execute();
  await db.schema.createIndex('indicators_commitment').on('indicators').column('commitment_id').execute();

  await table('indicator_measurements')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('note', 'text')
    // Who recorded it (the audit log says who changed it since).
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('indicator_measurements_indicator_date')
    .on('indicator_measurements')
    .columns(['indicator_id', 'date'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
