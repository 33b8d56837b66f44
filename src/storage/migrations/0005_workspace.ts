import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The workspace: versions for editing without overwriting each other, the assessment workflow
 * (draft → submitted → returned/approved), the evidence an assessment cites, and corrections to
 * published rounds, which are new visible entries rather than silent edits.
 */
export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (t: ReturnType<Kysely<any>['schema']['createTable']>) =>
    t.addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const version = (table: string) =>
    db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

  await version('commitments');
  await version('activities');
  await version('assessments');
  await db.schema.alterTable('activities').addColumn('deliverable', 'text').execute();
  await db.schema.alterTable('sources').addColumn('doc_number', 'text').execute();
  await db.schema.alterTable('sources').addColumn('issuing_agency', 'text').execute();

  const statuses = sql.join(ASSESSMENT_STATUSES.map((s) => sql.lit(s)));
  await db.schema
    .alterTable('assessments')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('approved')
        .check(sql`status in (${statuses})`),
    )
    .execute();
  for (const column of ['review_comment', 'submitted_at', 'decided_at'])
    await db.schema.alterTable('assessments').addColumn(column, 'text').execute();
  for (const column of ['submitted_by', 'decided_by']) await db.schema.alterTable('assessments').addColumn(column, 'integer').execute();

  await id(db.schema.createTable('assessment_evidence'))
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    // Evidence an assessment cites is not deleted behind its back: its citations are removed first, audited.
    .addColumn('evidence_id', 'integer', (c) => c.notNull().references('evidence.id').onDelete('restrict'))
    .execute();
  await db.schema
    .createIndex('assessment_evidence_pair')
    .unique()
    .on('assessment_evidence')
    .columns(['assessment_id', 'evidence_id'])
    .execute();

  await id(db.schema.createTable('assessment_corrections'))
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('corrected_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_corrections_assessment').on('assessment_corrections').column('assessment_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
