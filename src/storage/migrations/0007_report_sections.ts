import type { Kysely } from 'kysely';

/**
 * The report's narrative sections (background, how the plan was made, how the IRM's recommendations
 * were taken up, conclusions, glossary) are the plan_sections rows an import already keeps; coordinators
 * now edit them in the workspace, so they get a version like commitments (a save that expected another
 * version is a conflict). Their English text lives in `translations` (entity 'plan_sections').
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plan_sections')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
