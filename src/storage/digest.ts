import type { Kysely } from 'kysely';
import { roundOrder } from './plans.js';
import type { Database } from './schema.js';
import { commitmentsLedNowBy } from './commitment-template.js';

/** The daily digest's facts and bookkeeping (migration 0010): who gets one, what they lead, what they were told. */
type Db = Kysely<Database>;

export interface DigestRecipient {
  id: number;
  email: string;
  name: string;
  role: 'coordinator' | 'agency-editor';
  lang: 'es' | 'en';
  agencyId: number | null;
  governmentId: number | null;
}

/** Active coordinators and agency editors who have not turned digests off (no setting: on). */
export async function listDigestRecipients(db: Db): Promise<DigestRecipient[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('notification_settings as ns', 'ns.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.lang', 'u.agency_id', 'u.government_id'])
    .where('u.disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb.and([eb('u.role', '=', 'coordinator'), eb('u.government_id', 'is not', null)]),
        eb.and([eb('u.role', '=', 'agency-editor'), eb('u.agency_id', 'is not', null)]),
      ]),
    )
    .where((eb) => eb.or([eb('ns.digest', 'is', null), eb('ns.digest', '=', 1)]))
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as DigestRecipient['role'],
    lang: r.lang === 'en' ? 'en' : 'es',
    agencyId: r.agency_id,
    governmentId: r.government_id,
  }));
}

export interface CommitmentInCharge {
  id: number;
  number: number;
  title: string;
  planId: number;
  plannedEnd: string | null;
}

/**
 * The commitments a person answers for, in plans not completed: a coordinator, those of their
 * government's plans; an agency editor, those their agency leads now (the lead without valid_to, or a co-lead).
 */
export async function commitmentsInCharge(db: Db, scope: { governmentId: number } | { agencyId: number }): Promise<CommitmentInCharge[]> {
  let q = db
    .selectFrom('commitments as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select(['c.id', 'c.number', 'c.title', 'c.plan_id', 'c.planned_end'])
    .where('p.status', '!=', 'completed');
  if ('governmentId' in scope) q = q.where('p.government_id', '=', scope.governmentId);
  else q = q.where('c.id', 'in', commitmentsLedNowBy(db, scope.agencyId));
  const rows = await q.orderBy('c.plan_id').orderBy('c.number').execute();
  return rows.map((r) => ({ id: r.id, number: r.number, title: r.title, planId: r.plan_id, plannedEnd: r.planned_end }));
}

/** Activities of these commitments whose planned end falls between two dates (inclusive). */
export async function activitiesEndingBetween(db: Db, commitmentIds: number[], from: string, to: string) {
  if (commitmentIds.length === 0) return [];
  return db
    .selectFrom('activities')
    .select(['id', 'commitment_id', 'number', 'title', 'planned_end', 'status'])
    .where('commitment_id', 'in', commitmentIds)
    .where('planned_end', '>=', from)
    .where('planned_end', '<=', to)
    .orderBy('planned_end')
    .orderBy('id')
    .execute();
}

/** Rounds not yet published of these plans. */
export async function openRoundsOf(db: Db, planIds: number[]) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('rounds')
    .select(['id', 'plan_id', 'title', 'kind', 'lang', 'cutoff_date'])
    .where('plan_id', 'in', planIds)
    .where('published', '=', 0)
    .orderBy(roundOrder('rounds'))
    .execute();
}

/** Each commitment's assessment status in a round (undefined: not started). */
export async function assessmentStatuses(db: Db, roundId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('assessments').select(['commitment_id', 'status']).where('round_id', '=', roundId).execute();
  return new Map(rows.map((r) => [r.commitment_id, r.status]));
}

/** What a person's digests told, as occurrence keys (`key|basis`, in the warning_key column). */
export async function listTold(db: Db, userId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('digest_told').select('warning_key').where('user_id', '=', userId).execute();
  return new Set(rows.map((r) => r.warning_key));
}

export async function insertTold(db: Db, userId: number, keys: string[], date: string): Promise<void> {
  for (const key of keys) {
    await db
      .insertInto('digest_told')
      .values({ user_id: userId, warning_key: key, told_on: date })
      .onConflict((oc) => oc.columns(['user_id', 'warning_key']).doNothing())
      .execute();
  }
}

/**
 * Takes the run of `kind` for a date: true for the first caller only. Inside the transaction that then
 * queues the run's messages, so a run that fails queues nothing and leaves the day to the next one.
 */
export async function claimRun(db: Db, kind: string, date: string, at: string): Promise<boolean> {
  const r = await db
    .insertInto('notification_runs')
    .values({ kind, run_date: date, started_at: at })
    .onConflict((oc) => oc.columns(['kind', 'run_date']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function finishRun(db: Db, kind: string, date: string, at: string, queued: number): Promise<void> {
  await db
    .updateTable('notification_runs')
    .set({ finished_at: at, queued })
    .where('kind', '=', kind)
    .where('run_date', '=', date)
    .execute();
}

export async function findRun(db: Db, kind: string, date: string) {
  return db.selectFrom('notification_runs').selectAll().where('kind', '=', kind).where('run_date', '=', date).executeTakeFirst();
}

/** Whether the person receives digests (no row: yes). */
export async function digestEnabled(db: Db, userId: number): Promise<boolean> {
  const row = await db.selectFrom('notification_settings').select('digest').where('user_id', '=', userId).executeTakeFirst();
  return row ? Number(row.digest) === 1 : true;
}

export async function setDigestEnabled(db: Db, userId: number, on: boolean, at: string): Promise<void> {
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, digest: on ? 1 : 0, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ digest: on ? 1 : 0, updated_at: at }))
    .execute();
}
