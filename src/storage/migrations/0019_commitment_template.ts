import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Commitments in OGP's template, with milestones (issue 19, decision 030):
 * - an activity (a milestone) gets its responsible agency (none: the commitment's lead), its actual end,
 *   an optional share done (0–100) and the reason it was cancelled;
 * - a commitment's co-leads, over time like its lead: commitment_agencies keeps holding the first lead
 *   alone, so every query and the history that reads it stay as they are;
 * - the modifications of an approved plan's commitment: each field changed, before and after, with its
 *   reason and the date it took effect.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: ReturnType<Kysely<any>['schema']['createTable']>) =>
    t.addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await db.schema
    .alterTable('activities')
    .addColumn('responsible_agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('activities').addColumn('actual_end', 'text').execute();
  await db.schema
    .alterTable('activities')
    .addColumn('percent_done', 'integer', (c) => c.check(sql`percent_done is null or (percent_done between 0 and 100)`))
    .execute();
  await db.schema.alterTable('activities').addColumn('cancellation_reason', 'text').execute();

  await id(db.schema.createTable('commitment_co_leads'))
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_co_leads_commitment').on('commitment_co_leads').column('commitment_id').execute();
  await db.schema.createIndex('commitment_co_leads_agency').on('commitment_co_leads').column('agency_id').execute();

  await id(db.schema.createTable('commitment_modifications'))
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('modified_on', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_modifications_commitment').on('commitment_modifications').column('commitment_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
