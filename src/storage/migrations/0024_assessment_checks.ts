import type { Kysely } from 'kysely';

/**
 * Assessments a reviewer can trust (issue 20, decision 039): the share of its target (in %) under which
 * an indicator makes a "Completo" of its commitment a warning, per plan (90 unless the plan says
 * otherwise); whether a government lets the person who submitted an assessment approve it too (small
 * teams; no by default); and the reasons written to submit, and to approve, an assessment despite its
 * consistency warnings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('complete_share', 'integer', (c) => c.notNull().defaultTo(90))
    .execute();
  await db.schema
    .alterTable('governments')
    .addColumn('allow_self_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('assessments').addColumn('submit_reason', 'text').execute();
  await db.schema.alterTable('assessments').addColumn('approval_reason', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
