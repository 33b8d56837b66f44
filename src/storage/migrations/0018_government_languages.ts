import { sql, type Kysely } from 'kysely';

/**
 * A government's languages (issue 19): the languages its names and its plans' titles are written in,
 * the first being its main one — "es" or "es,en". Until now a government had one, `lang`: each
 * government keeps it as its list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('governments')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update governments set languages = lang`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
