import type { Kysely } from 'kysely';

/**
 * Rounds guarded (issue 20, decision 035): the months after its period a plan's rounds may still have
 * their cutoff (12 unless the plan says otherwise), and the reason written when a round was opened
 * despite repeating a kind the plan had, or with a cutoff outside the period and its grace.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('round_grace_months', 'integer', (c) => c.notNull().defaultTo(12))
    .execute();
  await db.schema.alterTable('rounds').addColumn('opening_reason', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
