import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// A frozen copy of the chain's hash as this migration first wrote it (format vigia-audit-1, the same as
// domain/audit-chain.ts today): entries chained here must verify as they did, whatever the domain's code becomes.
interface AuditContent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number;
  plan_id: number | null;
  commitment_id: number | null;
  before: string | null;
  after: string | null;
  context: string | null;
}

const GENESIS_HASH = '0'.repeat(64);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const text = (v: string | null | undefined) => (v === null || v === undefined ? null : String(v).replace(LONE_SURROGATE, '\uFFFD'));
const integer = (v: number | string | null | undefined) =>
  v === null || v === undefined ? null : Number.isSafeInteger(Number(v)) ? Number(v) : String(v);

function auditEntryHash(e: AuditContent, prevHash: string): string {
  const content = JSON.stringify([
    'vigia-audit-1',
    integer(e.id),
    text(e.at),
    text(e.actor),
    text(e.action),
    text(e.entity),
    integer(e.entity_id),
    integer(e.plan_id),
    integer(e.commitment_id),
    text(e.before),
    text(e.after),
    text(e.context),
  ]);
  return createHash('sha256').update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

/**
 * The audit log becomes a hash chain (docs/decisions/008-audit-chain.md): each entry gets `hash` and
 * `prev_hash`; entries written before this migration are chained now, in id order. Then the log is made
 * append-only: a trigger refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL), and a unique index on
 * prev_hash refuses two entries that follow the same one (a fork).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  // Nullable: SQLite cannot add a NOT NULL column without a default. A row without a hash is what
  // `vigia audit verify` reports as written around Vigía.
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();

  // Pages by id (keyset), so a large log is chained without holding it in memory.
  let prevHash = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute()) as AuditContent[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const hash = auditEntryHash(row, prevHash);
      await db.updateTable('audit_log').set({ hash, prev_hash: prevHash }).where('id', '=', row.id).execute();
      prevHash = hash;
      after = Number(row.id);
    }
  }

  await db.schema.createIndex('audit_log_prev_hash').unique().on('audit_log').column('prev_hash').execute();

  // Append-only. The triggers are a guard against mistakes and casual edits, not against the database's
  // owner (who can drop them): the chain is what makes such an edit visible.
  if (pg) {
    await sql`
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % refused', tg_op;
      end
      $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
      db,
    );
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(
      db,
    );
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only: UPDATE refused'); end`.execute(
      db,
    );
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only: DELETE refused'); end`.execute(
      db,
    );
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
