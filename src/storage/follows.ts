import type { Kysely } from 'kysely';
import { isPublicEntry } from './audit.js';
import type { Database } from './schema.js';
import type { NotificationTokensTable } from './schema-notifications.js';

/** People following a commitment by e-mail, the links mailed to them, and the audit-log cursor (migration 0010). */
type Db = Kysely<Database>;
export type TokenPurpose = NotificationTokensTable['purpose'];

export async function findFollow(db: Db, commitmentId: number, email: string) {
  return db.selectFrom('follows').selectAll().where('commitment_id', '=', commitmentId).where('email', '=', email).executeTakeFirst();
}

export async function findFollowById(db: Db, id: number) {
  return db.selectFrom('follows').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A new follow (pending), or the existing one of this address and commitment set back to pending unless it is confirmed. */
export async function upsertPendingFollow(db: Db, f: { commitmentId: number; email: string; lang: string }, at: string) {
  const current = await findFollow(db, f.commitmentId, f.email);
  if (!current) {
    const r = await db
      .insertInto('follows')
      .values({
        commitment_id: f.commitmentId,
        email: f.email,
        lang: f.lang,
        status: 'pending',
        created_at: at,
        confirmed_at: null,
        ended_at: null,
        from_audit_id: null,
      })
      .onConflict((oc) => oc.columns(['commitment_id', 'email']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r
      ? { id: Number(r.id), status: 'pending' as const }
      : { id: Number((await findFollow(db, f.commitmentId, f.email))!.id), status: 'pending' as const };
  }
  if (current.status === 'confirmed') return { id: current.id, status: 'confirmed' as const };
  await db.updateTable('follows').set({ status: 'pending', lang: f.lang, ended_at: null }).where('id', '=', current.id).execute();
  return { id: current.id, status: 'pending' as const };
}

export async function confirmFollow(db: Db, id: number, at: string, fromAuditId: number): Promise<void> {
  await db
    .updateTable('follows')
    .set({ status: 'confirmed', confirmed_at: at, ended_at: null, from_audit_id: fromAuditId })
    .where('id', '=', id)
    .execute();
}

export async function endFollow(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('follows').set({ status: 'ended', ended_at: at }).where('id', '=', id).execute();
}

export async function latestConfirmRequest(db: Db, followId: number): Promise<string | null> {
  const row = await db
    .selectFrom('notification_tokens')
    .select('created_at')
    .where('follow_id', '=', followId)
    .where('purpose', '=', 'follow-confirm')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

export async function insertNotificationToken(
  db: Db,
  t: { hash: string; purpose: TokenPurpose; userId?: number | null; followId?: number | null; at: string; expiresAt?: string | null },
): Promise<number> {
  const r = await db
    .insertInto('notification_tokens')
    .values({
      token_hash: t.hash,
      purpose: t.purpose,
      user_id: t.userId ?? null,
      follow_id: t.followId ?? null,
      created_at: t.at,
      expires_at: t.expiresAt ?? null,
      used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findNotificationToken(db: Db, hash: string) {
  return db.selectFrom('notification_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function useNotificationToken(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('notification_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function followedCommitment(db: Db, commitmentId: number) {
  return db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select(['c.id', 'c.number', 'c.title', 'c.plan_id', 'p.title as plan_title'])
    .where('c.id', '=', commitmentId)
    .executeTakeFirst();
}

/** Confirmed follows of these commitments. */
export async function confirmedFollowsOf(db: Db, commitmentIds: number[]) {
  if (commitmentIds.length === 0) return [];
  return db
    .selectFrom('follows')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .where('status', '=', 'confirmed')
    .orderBy('id')
    .execute();
}

/** The smallest audit id a confirmed follow starts after (the cursor's start on the first run). */
export async function earliestConfirmedFrom(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('follows')
    .select((eb) => eb.fn.min('from_audit_id').as('m'))
    .where('status', '=', 'confirmed')
    .executeTakeFirst();
  return row?.m === null || row?.m === undefined ? null : Number(row.m);
}

export async function readCursor(db: Db, name: string): Promise<number | null> {
  const row = await db.selectFrom('notification_cursors').select('audit_id').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.audit_id) : null;
}

/** Moves the cursor from `from` to `to`: false when another run moved it first (then this run's work is rolled back). */
export async function moveCursor(db: Db, name: string, from: number | null, to: number, at: string): Promise<boolean> {
  if (from === null) {
    const r = await db
      .insertInto('notification_cursors')
      .values({ name, audit_id: to, updated_at: at })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const r = await db
    .updateTable('notification_cursors')
    .set({ audit_id: to, updated_at: at })
    .where('name', '=', name)
    .where('audit_id', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The public audit entries after `afterId` up to `toId` that followers hear about: rounds (published),
 * assessments (only once their round is published: isPublicEntry), activities and evidence.
 */
export async function followableEntries(db: Db, afterId: number, toId: number) {
  return (
    db
      .selectFrom('audit_log')
      .select([
        'audit_log.id',
        'audit_log.action',
        'audit_log.entity',
        'audit_log.entity_id',
        'audit_log.plan_id',
        'audit_log.commitment_id',
        'audit_log.before',
        'audit_log.after',
      ])
      .where('audit_log.id', '>', afterId)
      .where('audit_log.id', '<=', toId)
      .where('audit_log.entity', 'in', ['rounds', 'assessments', 'activities', 'evidence'])
      // A round's own publishing entry is checked by the caller (its `after` says published); its
      // published_at is stamped a moment after the entry's time, which isPublicEntry would not let through.
      .where((eb) => eb.or([eb('audit_log.entity', '=', 'rounds'), isPublicEntry(eb)]))
      .orderBy('audit_log.id')
      .execute()
  );
}

export async function roundsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('rounds')
    .select(['id', 'plan_id', 'kind', 'title', 'lang', 'cutoff_date', 'published'])
    .where('id', 'in', ids)
    .execute();
}

export async function assessmentsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('assessments').select(['id', 'round_id', 'commitment_id', 'level']).where('id', 'in', ids).execute();
}

export async function assessmentsOfRound(db: Db, roundId: number) {
  return db.selectFrom('assessments').select(['id', 'commitment_id', 'level']).where('round_id', '=', roundId).execute();
}
