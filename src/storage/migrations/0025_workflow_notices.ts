import type { Kysely } from 'kysely';

/**
 * Workflow notices (issue 20): whether a person wants them at once — a message when an assessment comes
 * back to them or is sent to them — besides the daily digest that lists them anyway. 0: the digest only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notification_settings')
    .addColumn('workflow_at_once', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
