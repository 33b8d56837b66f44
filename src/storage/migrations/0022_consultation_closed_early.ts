import type { Kysely } from 'kysely';

/**
 * A consultation closed before its last day by the plan's coordination (issue 19): the day it closed
 * (the app's day, compared with starts_on/ends_on as they are), why — shown on the public page — and who
 * and when, as opened_by/opened_at. All null while it runs to its end date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['closed_on', 'closed_reason', 'closed_by', 'closed_at'])
    await db.schema.alterTable('consultations').addColumn(column, 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
