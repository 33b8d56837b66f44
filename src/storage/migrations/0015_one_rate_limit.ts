import type { Kysely } from 'kysely';

/**
 * One rate limit for every public form (decision 017): web proposals are counted in rate_events
 * (migration 0013) like comments, alerts and follow requests, so co-creation's own table of submissions
 * goes. Its rows were ephemeral counts (an hour's worth), not records: nothing is carried over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proposal_submissions').ifExists().execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
