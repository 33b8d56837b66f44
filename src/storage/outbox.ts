import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { OutboxTable } from './schema-notifications.js';

/** The outbox's queries (migration 0010): what services/notifications/outbox.ts drains. */
type Db = Kysely<Database>;

export interface OutboxRow {
  id: number;
  dedupeKey: string;
  recipient: string;
  lang: 'es' | 'en';
  subject: string;
  body: string;
  messageId: string;
  headers: Record<string, string>;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  claimedAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NewOutboxMessage {
  dedupeKey: string;
  recipient: string;
  lang: 'es' | 'en';
  subject: string;
  body: string;
  messageId: string;
  headers?: Record<string, string>;
}

function toRow(r: Selectable<OutboxTable>): OutboxRow {
  return {
    id: Number(r.id),
    dedupeKey: r.dedupe_key,
    recipient: r.recipient,
    lang: r.lang === 'en' ? 'en' : 'es',
    subject: r.subject,
    body: r.body,
    messageId: r.message_id,
    headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : {},
    status: r.status as OutboxRow['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    claimedAt: r.claimed_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Queues a message; false (and nothing changes) when one with the same dedupe key is there already. */
export async function insertOutbox(db: Db, m: NewOutboxMessage, at: string): Promise<boolean> {
  const result = await db
    .insertInto('outbox')
    .values({
      dedupe_key: m.dedupeKey,
      recipient: m.recipient,
      lang: m.lang,
      subject: m.subject,
      body: m.body,
      message_id: m.messageId,
      headers: m.headers && Object.keys(m.headers).length ? JSON.stringify(m.headers) : null,
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Rows due for an attempt: pending ones whose time has come, and ones left "sending" by a process that
 * stopped mid-send before `staleBefore` (decision 016: sent again, with the same Message-ID).
 */
export async function listDueOutbox(db: Db, now: string, staleBefore: string, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<=', staleBefore)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

/**
 * Takes a row for this sender: only one of two senders (two instances, or a job and `vigia notify`)
 * that try at once gets it — the update matches the row as it was read, or nothing.
 */
export async function claimOutbox(db: Db, row: OutboxRow, now: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'sending', claimed_at: now, attempts: row.attempts + 1 })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markOutboxSent(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sent_at: at, last_error: null }).where('id', '=', id).execute();
}

/** After a failed attempt: back to pending with a later time, or failed for good (kept, with its error). */
export async function markOutboxFailedAttempt(
  db: Db,
  id: number,
  error: string,
  next: { retryAt: string } | { giveUp: true },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set(
      'retryAt' in next
        ? { status: 'pending', next_attempt_at: next.retryAt, last_error: error.slice(0, 1000) }
        : { status: 'failed', last_error: error.slice(0, 1000) },
    )
    .where('id', '=', id)
    .execute();
}

/** How many rows have a status (the job reports what still waits without reading the rows). */
export async function countOutbox(db: Db, status: OutboxRow['status']): Promise<number> {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listOutbox(db: Db, filter: { status?: OutboxRow['status'] } = {}): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  return (await q.orderBy('id').execute()).map(toRow);
}
