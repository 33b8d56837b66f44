import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {
  // Filled in with its feature.
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
