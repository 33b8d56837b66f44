import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { auditEntryHash, GENESIS_HASH, type AuditContent, type ChainedAuditEntry } from '../domain/audit-chain.js';
import { ANNOUNCE_CHANGE_SQL } from './change-notices.js';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export function listAuditEntries(db: Db, filter: { planId?: number; entity?: string; entityId?: number; limit?: number } = {}) {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.planId !== undefined) q = q.where('plan_id', '=', filter.planId);
  if (filter.entity !== undefined) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  return q
    .orderBy('id')
    .limit(filter.limit ?? 10_000)
    .execute();
}

/** The newest audit entry's id: it grows with every write, so it tells caches when the data changed. */
export async function latestAuditId(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select(db.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** An audit entry as a writer gives it: the id and the hashes are the chain's business. */
export type NewAuditEntry = Omit<AuditContent, 'id'>;

/**
 * Appends an entry at the end of the hash chain. Call it inside the transaction that makes the change
 * (AuditedWriter does): the entry commits or rolls back with it. Every audit row must be written
 * through here — a row inserted any other way has no hash, and `vigia audit verify` reports it.
 *
 * Two transactions must never chain onto the same entry. On PostgreSQL an advisory lock, held until
 * the transaction ends, makes appenders take turns; it is taken before the end of the chain is read,
 * and (READ COMMITTED) each statement after it sees what the previous holder committed. On SQLite the
 * writer has already written the row this entry is about, so it holds the database's only write lock.
 * Either way the unique index on prev_hash (migration 0004) turns any fork into an error, never a
 * silent branch.
 */
export async function appendAuditEntry(trx: Db, entry: NewAuditEntry): Promise<number> {
  const pg = dialectOf(trx) === 'postgres';
  await lockAuditChain(trx);
  const last = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  // The id is part of what is hashed, so it is chosen before the insert: the sequence's next value on
  // PostgreSQL (taken under the lock, so ids grow in chain order); the next integer on SQLite.
  // On PostgreSQL the same statement announces the change to the other instances (storage/change-notices.ts):
  // delivered when this transaction commits, never if it rolls back.
  const id = pg
    ? Number(
        (
          await sql<{
            id: number;
          }>`select nextval(pg_get_serial_sequence('audit_log', 'id')) as id, ${sql.raw(ANNOUNCE_CHANGE_SQL)}`.execute(trx)
        ).rows[0]!.id,
      )
    : Number(last?.id ?? 0) + 1;
  // An end without a hash was written around Vigía; chain onto a marker that names it (verify reports
  // that row) rather than refusing every write from now on.
  const prevHash = last ? (last.hash ?? `unhashed:${last.id}`) : GENESIS_HASH;
  const hash = auditEntryHash({ id, ...entry }, prevHash);
  await trx
    .insertInto('audit_log')
    .values({ id, ...entry, hash, prev_hash: prevHash } as never)
    .execute();
  return id;
}

/** The advisory lock's name: its own, so audit appends never wait on the import lock or the reverse. */
const AUDIT_CHAIN_LOCK = 'vigia:audit-chain';

/**
 * Takes the audit chain's turn for this transaction (PostgreSQL; SQLite has one writer anyway). A
 * transaction that locks rows before its first audited write — a version claim, reading rows it will
 * change — must take it first: otherwise it can hold a row another holder of the chain waits for,
 * while waiting for the chain itself (a deadlock). Taking it again later costs nothing.
 */
export async function lockAuditChain(trx: Db): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${AUDIT_CHAIN_LOCK}))`.execute(trx);
}

/**
 * Every entry in id order, a page at a time (keyset: each page starts after the last id seen), so a log
 * of any size is read in constant memory.
 */
export async function* auditEntriesInOrder(db: Db, pageSize = 1000): AsyncGenerator<ChainedAuditEntry[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'actor',
        'action',
        'entity',
        'entity_id',
        'plan_id',
        'commitment_id',
        'before',
        'after',
        'context',
        'hash',
        'prev_hash',
      ])
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows.at(-1)!.id);
    if (rows.length < pageSize) return;
  }
}

/**
 * The entries of a commitment's public history: about the commitment (commitment_id), of the given
 * kinds, and — for assessments — only those of published rounds, written once the round was published
 * (a round's drafting is not public, before or after publication). An assessment that no longer exists
 * cannot prove its round was published, so its entries stay out.
 */
export interface PublicHistoryFilter {
  commitmentId: number;
  entities: readonly string[];
}

/**
 * Entities that are the workspace's own business, never shown to the public: an agency's answer to a
 * warning (reasons given inside the workspace) and the plan's monitoring settings.
 */
export const WORKSPACE_ONLY_ENTITIES = ['warning_acknowledgements', 'plan_monitoring_settings'] as const;

/**
 * Whether an audit entry may be shown to the public: anything but a round's workflow and the
 * workspace-only entities, and of a round's workflow only what was written once its round was published. Assessment citations of evidence are the workflow's
 * own and never shown; an entry whose assessment or round is gone cannot prove publication and stays out.
 */
export function isPublicEntry(eb: ExpressionBuilder<Database, 'audit_log'>) {
  const publishedBy = (r: ExpressionBuilder<Database, 'audit_log' | 'rounds'>) =>
    r.and([
      r('rounds.published', '=', 1),
      r.or([r('rounds.published_at', 'is', null), r('rounds.published_at', '<=', r.ref('audit_log.at'))]),
    ]);
  return eb.or([
    eb('audit_log.entity', 'not in', ['assessments', 'rounds', 'assessment_evidence', ...WORKSPACE_ONLY_ENTITIES]),
    eb.and([
      eb('audit_log.entity', '=', 'assessments'),
      eb.exists(
        eb
          .selectFrom('assessments')
          .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
          .select(sql.lit(1).as('one'))
          .whereRef('assessments.id', '=', 'audit_log.entity_id')
          .where(publishedBy),
      ),
    ]),
    eb.and([
      eb('audit_log.entity', '=', 'rounds'),
      eb.exists(eb.selectFrom('rounds').select(sql.lit(1).as('one')).whereRef('rounds.id', '=', 'audit_log.entity_id').where(publishedBy)),
    ]),
  ]);
}

function publicHistory(db: Db, f: PublicHistoryFilter) {
  return db
    .selectFrom('audit_log')
    .where('audit_log.commitment_id', '=', f.commitmentId)
    .where('audit_log.entity', 'in', [...f.entities])
    .where(isPublicEntry);
}

/** One operation (an import, a save): its entries share `at` and `context`. Newest first, a page of them. */
export async function listPublicHistoryGroups(db: Db, f: PublicHistoryFilter, limit: number, offset: number) {
  const rows = await publicHistory(db, f)
    .select((eb) => [
      'audit_log.at',
      'audit_log.context',
      eb.fn.min('audit_log.id').as('first_id'),
      eb.fn.max('audit_log.id').as('last_id'),
    ])
    .groupBy(['audit_log.at', 'audit_log.context'])
    .orderBy('last_id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ at: r.at, context: r.context, firstId: Number(r.first_id), lastId: Number(r.last_id) }));
}

export async function countPublicHistoryGroups(db: Db, f: PublicHistoryFilter): Promise<number> {
  const groups = publicHistory(db, f).select(['audit_log.at', 'audit_log.context']).groupBy(['audit_log.at', 'audit_log.context']).as('g');
  const row = await db
    .selectFrom(groups)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The public entries with ids in [fromId, toId], in id order (the caller keeps those of its groups). */
export function listPublicHistoryEntries(db: Db, f: PublicHistoryFilter, fromId: number, toId: number) {
  return publicHistory(db, f)
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.context',
    ])
    .where('audit_log.id', '>=', fromId)
    .where('audit_log.id', '<=', toId)
    .orderBy('audit_log.id')
    .execute();
}

/** The round of each assessment, to name it in the history. */
export function listRoundsOfAssessments(db: Db, assessmentIds: number[]) {
  if (assessmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessments')
    .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
    .select(['assessments.id as assessment_id', 'rounds.kind', 'rounds.title', 'rounds.lang', 'rounds.cutoff_date'])
    .where('assessments.id', 'in', assessmentIds)
    .execute();
}
