import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Frozen: the plan's stages as this migration made them (issue 19).
const BEFORE = ['draft', 'active', 'completed'] as const;
const AFTER = ['draft', 'consultation', 'approved', 'active', 'completed'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A plan's life gets all its stages (issue 19): borrador (draft) → en consulta (consultation) →
 * aprobado (approved) → en ejecución (active) → concluido (completed). Only the check on plans.status
 * widens; the values already stored keep their meaning.
 *
 * SQLite cannot alter a CHECK: widening one changes nothing on disk, so the stored CREATE statement is
 * edited in place, SQLite's documented procedure for such changes (schema_version moved on, then
 * integrity_check) — connect.ts lets this one pragma through better-sqlite3's defensive mode.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table plans drop constraint plans_status`.execute(db);
    await sql.raw(`alter table plans add constraint plans_status check (status in (${list(AFTER)}))`).execute(db);
  } else {
    const version = (await sql<{ schema_version: number }>`pragma schema_version`.execute(db)).rows[0]!.schema_version;
    await sql`pragma writable_schema = on`.execute(db);
    const edited = await sql
      .raw(
        `update sqlite_master set sql = replace(sql, ${quoted(`check ("status" in (${list(BEFORE)}))`)}, ${quoted(`check ("status" in (${list(AFTER)}))`)}) where type = 'table' and name = 'plans'`,
      )
      .execute(db);
    await sql.raw(`pragma schema_version = ${Number(version) + 1}`).execute(db);
    await sql`pragma writable_schema = off`.execute(db);
    if (Number(edited.numAffectedRows) !== 1) throw new Error('0017: the check on plans.status was not where it should be');
    const check = (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows.map((r) => r.integrity_check);
    if (check.join() !== 'ok') throw new Error(`0017: integrity_check after the edit: ${check.join('; ')}`);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
