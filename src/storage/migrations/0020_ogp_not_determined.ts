import type { Kysely } from 'kysely';

/**
 * OGP's "ND" (not determined) and "NR" (not reviewed) are no value, but not "no" either (issue 19): a
 * commitment keeps which of its OGP cells had one, as JSON ({"Specificity": "ND", …}), so that
 * `vigia export ogp` writes them back instead of an empty cell or a 0 (decision 032).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commitments').addColumn('ogp_not_determined', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
