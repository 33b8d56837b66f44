import type { Kysely } from 'kysely';

/**
 * Two changes to public participation (decision 017).
 *
 * One rate limit for every public form: web proposals are counted in rate_events (migration 0013) like
 * comments, alerts and follow requests, so co-creation's own table of submissions goes. Its rows were
 * ephemeral counts (an hour's worth), not records: nothing is carried over.
 *
 * A mailed comment link is used once: the first comment made with it exchanges it for a short-lived
 * commenter cookie, kept as another row of consultation_tokens — `purpose` tells them apart ('link',
 * what every row so far is; 'session', the cookie's).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proposal_submissions').ifExists().execute();
  await db.schema
    .alterTable('consultation_tokens')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('link'))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
