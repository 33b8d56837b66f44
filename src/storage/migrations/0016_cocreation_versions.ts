import type { Kysely } from 'kysely';

/**
 * Co-creation's and the forum's records become editable in the workspace (workshops, proposals,
 * candidate commitments, forum members and meetings): each gets a version like commitments, so a save
 * made from an older version is a conflict (409), not a silent overwrite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['workshops', 'proposals', 'candidate_commitments', 'forum_members', 'forum_meetings']) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
