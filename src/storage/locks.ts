import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Makes writers that read before they write (an import compares, then writes) go one at a time, until
 * the transaction ends: an advisory lock on PostgreSQL; on SQLite, a write that takes the database's
 * write lock at the start of the transaction instead of half-way (which could fail with SQLITE_BUSY).
 */
export async function serializeWriters(trx: Kysely<Database>, name: 'import'): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext(${`vigia:${name}`}))`.execute(trx);
  } else {
    await trx.updateTable('write_locks').set({ name }).where('name', '=', name).execute();
  }
}
