import type { Kysely } from 'kysely';

/**
 * The files a browser import's preview keeps for its confirm step (issue 19), while they may still be
 * confirmed: one row per file (its sha256) the preview brought into the file store, with the time its
 * last token expires. A confirmed import keeps its file (the row goes); one never confirmed is removed
 * from the file store once expired (services/workspace/web-import.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_previews')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_previews_expires').on('import_previews').column('expires_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
