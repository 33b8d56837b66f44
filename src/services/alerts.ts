import {
  ALERT_SETTINGS_RULES,
  ANSWER_RULES,
  HOLIDAY_RULES,
  isAnsweredWithin,
  RAISE_RULES,
  shareWithin,
  type Share,
} from '../domain/alerts.js';
import { checkFields, checkUrl, type FieldError } from '../domain/input.js';
import { can } from '../domain/permissions.js';
import type { Actor } from '../domain/roles.js';
import { DEFAULT_WORKING_DAYS, workingDeadline } from '../domain/working-days.js';
import { createHash } from 'node:crypto';
import { checkUpload } from '../domain/file-types.js';
import { AppError } from '../errors.js';
import * as fileRowStore from '../storage/files.js';
import { fileStore, uploadMaxBytes, UploadRefusedError } from './evidence-files.js';
import * as alertStore from '../storage/alerts.js';
import { listCurrentCoLeadsOfPlan } from '../storage/commitment-template.js';
import { listActivities } from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import { findPlan } from '../storage/plans.js';
import { findActivity } from '../storage/workspace.js';
import { AuditedWriter } from '../storage/writer.js';
import type { SaveResult } from './workspace/commitments.js';
import { nowOn } from '../lib/clock.js';
import { assertUnderRateLimit, isBot, takeRateLimit, withoutHoneypot } from './abuse.js';
import { authorize, loadCommitment, writeContext, writeTransaction } from './workspace/context.js';

/**
 * Civil-society alerts (issue 7). A civil-society account raises an alert on a commitment or one of
 * its activities; the commitment's lead agencies, co-leads too (their editors), or the plan's coordinators answer it. The
 * deadline is counted in working days from the app's day when it is raised, with the plan's count and
 * the government's holidays of that moment, and stored. Every write is audited.
 */

async function planSubject(store: Store, planId: number) {
  const plan = await findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return { plan, subject: { governmentId: plan.government_id } };
}

/** The plan's count of working days: its own row, or 10. */
export async function alertWorkingDays(db: Store['db'], planId: number): Promise<number> {
  return Number((await alertStore.findAlertSettings(db, planId))?.working_days ?? DEFAULT_WORKING_DAYS);
}

/** The commitment an alert form is about, with its activities; only civil-society accounts may raise one. */
export async function raisableCommitment(store: Store, actor: Actor | null, commitmentId: number) {
  authorize(actor, 'raise:alert', {});
  const c = await loadCommitment(store, commitmentId);
  const activities = (await listActivities(store.db, commitmentId)).map((a) => ({ id: a.id, number: a.number, title: a.title }));
  return { id: c.id, number: c.number, title: c.title, planId: c.plan_id, activities };
}

/**
 * What can be refused before a request's body is read: someone who may not raise an alert on the
 * commitment, and an account past its alerts of the day (429) — whatever the body holds (issue 17).
 */
export async function assertMayRaise(store: Store, actor: Actor | null, commitmentId: number, now: string): Promise<void> {
  await raisableCommitment(store, actor, commitmentId);
  await assertUnderRateLimit(store.db, 'alert', { userId: actor!.userId }, now);
}

/** Raised on `today` (ISO date) by a civil-society account. */
/** A file sent with the form: its name as uploaded and its bytes. */
export interface AlertFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Raised on `today` (ISO date) by a civil-society account, with an optional file as evidence: checked
 * by its content like the evidence of commitments (a refusal is an UploadRefusedError, once the fields
 * are right), its bytes kept once by their hash. More than RATE_LIMITS.alert in a day: rate_limited (429);
 * `now` is the app's clock (by default `today` at the real time of day).
 */
export async function raiseAlert(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  today: string,
  file: AlertFile | null = null,
  now: string = nowOn(today),
): Promise<SaveResult> {
  authorize(actor, 'raise:alert', {});
  const c = await loadCommitment(store, commitmentId);
  // The honeypot filled in: answered as if raised (no id), nothing kept, not counted.
  if (isBot(input)) return { ok: true };
  // A look before the fields are checked (and before the file is kept); the count itself is taken in the transaction below.
  await assertUnderRateLimit(store.db, 'alert', { userId: actor.userId }, now);
  const checked = checkUrl(checkFields(withoutHoneypot(input), RAISE_RULES), 'evidenceUrl');
  const errors: FieldError[] = checked.errors;
  const v = checked.values;
  const activityId = typeof v.activityId === 'number' ? v.activityId : null;
  if (activityId !== null) {
    const a = await findActivity(store.db, activityId);
    if (!a || a.commitment_id !== commitmentId) errors.push({ field: 'activityId', code: 'invalid_choice' });
  }
  if (errors.length > 0) return { ok: false, errors };
  let kept: { sha256: string; key: string; name: string; mediaType: string; size: number } | null = null;
  if (file) {
    const check = await checkUpload(file.name, file.bytes, { maxBytes: uploadMaxBytes() });
    if (!check.ok) throw new UploadRefusedError({ code: check.code, params: check.params }, 'es', 'evidenceFile');
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    kept = { sha256, key: fileRowStore.storageKey(sha256), name: check.name, mediaType: check.mediaType, size: file.bytes.length };
    // The bytes first: a failed transaction leaves at most a file without a row, found again by its hash.
    await fileStore().put(kept.key, file.bytes, sha256);
  }
  // With a file, the file writers' turn comes first, as when evidence is uploaded (the same order of locks).
  const transaction = <T>(work: (trx: Store['db']) => Promise<T>) =>
    kept
      ? store.db.transaction().execute(async (trx) => (await fileRowStore.serializeFileWriters(trx), work(trx)))
      : writeTransaction(store, work);
  return transaction(async (trx) => {
    // The shared rate limit (RATE_LIMITS.alert), counted with the alert: a refusal stores nothing.
    await takeRateLimit(trx, 'alert', { userId: actor.userId }, now);
    const w0 = new AuditedWriter(trx, writeContext(actor, `raise an alert on commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const fileId = kept
      ? ((await fileRowStore.findFile(trx, kept.sha256, kept.name))?.id ??
        (await w0.insert('files', {
          sha256: kept.sha256,
          name: kept.name,
          media_type: kept.mediaType,
          size: kept.size,
          storage_key: kept.key,
        })))
      : null;
    const days = await alertWorkingDays(trx, c.plan_id);
    const holidays = (await alertStore.listHolidays(trx, c.government_id)).map((h) => h.date);
    const id = await w0.insert('alerts', {
      plan_id: c.plan_id,
      commitment_id: commitmentId,
      activity_id: activityId,
      agency_id: c.agency_id ?? null,
      category: v.category as string,
      text: v.alertText as string,
      evidence_url: (v.evidenceUrl as string | null) ?? null,
      evidence_file_id: fileId,
      raised_by: actor.userId,
      raised_by_name: actor.name,
      raised_on: today,
      working_days: days,
      deadline: workingDeadline(today, holidays, days),
      answer: null,
      answered_by: null,
      answered_by_name: null,
      answered_on: null,
    });
    return { ok: true as const, id };
  });
}

async function loadAlert(store: Store, alertId: number) {
  const alert = await alertStore.findAlert(store.db, alertId);
  if (!alert) throw new AppError('not_found', { entity: 'alert', id: alertId });
  return { alert, commitment: await loadCommitment(store, alert.commitment_id) };
}

/** Answers an open alert on `today`; an answered alert keeps its first answer. */
export async function answerAlert(
  store: Store,
  actor: Actor | null,
  alertId: number,
  input: Record<string, unknown>,
  today: string,
  now: string,
): Promise<SaveResult> {
  const { alert, commitment } = await loadAlert(store, alertId);
  authorize(actor, 'answer:alert', commitment.subject);
  const checked = checkFields(input, ANSWER_RULES);
  const answered = [{ field: 'answerText', code: 'invalid_choice' as const, param: 'answered' }];
  if (checked.errors.length === 0 && alert.status === 'answered') checked.errors.push(...answered);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    // Asked again on the row as it is now: another answer may have landed since it was read.
    const current = (await alertStore.findAlert(trx, alertId))!;
    if (current.status === 'answered') return { ok: false as const, errors: answered };
    const w = new AuditedWriter(trx, writeContext(actor, `answer alert ${alertId}`, now))
      .forPlan(alert.plan_id)
      .forCommitment(alert.commitment_id);
    await w.update('alerts', current, {
      status: 'answered',
      answer: checked.values.answerText as string,
      answered_by: actor.userId,
      answered_by_name: actor.name,
      answered_on: today,
    });
    return { ok: true as const, id: alertId };
  });
}

export interface AlertView {
  id: number;
  commitmentId: number;
  commitmentNumber: number;
  commitmentTitle: string;
  activityNumber: number | null;
  activityTitle: string | null;
  agencyName: string | null;
  category: string;
  text: string;
  evidenceUrl: string | null;
  /** The file uploaded with the alert (downloaded from /alertas/:id/archivo). */
  evidenceFile: { name: string; size: number } | null;
  raisedBy: string;
  raisedOn: string;
  workingDays: number;
  deadline: string;
  status: 'open' | 'answered';
  answer: string | null;
  answeredBy: string | null;
  answeredOn: string | null;
  /** Answered on or before the deadline day; null while open. */
  answeredWithin: boolean | null;
  /** Open after its deadline day, on the date the log is read for. */
  overdue: boolean;
}

function toView(r: alertStore.AlertListRow, today: string): AlertView {
  const answered = r.status === 'answered';
  return {
    id: r.id,
    commitmentId: r.commitment_id,
    commitmentNumber: r.commitment_number,
    commitmentTitle: r.commitment_title,
    activityNumber: r.activity_number ?? null,
    activityTitle: r.activity_title ?? null,
    agencyName: r.agency_name ?? null,
    category: r.category,
    text: r.text,
    evidenceUrl: r.evidence_url,
    evidenceFile: r.file_name ? { name: r.file_name, size: Number(r.file_size) } : null,
    raisedBy: r.raised_by_name,
    raisedOn: r.raised_on,
    workingDays: Number(r.working_days),
    deadline: r.deadline,
    status: answered ? 'answered' : 'open',
    answer: r.answer,
    answeredBy: r.answered_by_name ?? null,
    answeredOn: r.answered_on,
    answeredWithin: answered ? isAnsweredWithin({ deadline: r.deadline, answeredOn: r.answered_on }) : null,
    overdue: !answered && today > r.deadline,
  };
}

export interface AgencyShare extends Share {
  agencyId: number | null;
  agencyName: string | null;
}

export interface AlertLog {
  plan: { id: number; title: string };
  alerts: AlertView[];
  share: Share;
  byAgency: AgencyShare[];
  workingDays: number;
}

/** The public log of a plan's alerts (everything in it is public: alerts are published when raised), with the shares. */
export async function getAlertLog(store: Store, planId: number, today: string): Promise<AlertLog> {
  const { plan } = await planSubject(store, planId);
  const rows = await alertStore.listAlerts(store.db, { planId });
  const alerts = rows.map((r) => toView(r, today));
  const agencies = new Map<string, AgencyShare>();
  for (const r of rows) {
    const key = String(r.agency_id ?? '');
    if (!agencies.has(key))
      agencies.set(key, {
        agencyId: r.agency_id ?? null,
        agencyName: r.agency_name ?? null,
        ...shareWithin(
          rows
            .filter((x) => (x.agency_id ?? null) === (r.agency_id ?? null))
            .map((x) => ({ deadline: x.deadline, answeredOn: x.answered_on })),
        ),
      });
  }
  const byAgency = [...agencies.values()].sort((a, b) => (a.agencyName ?? '').localeCompare(b.agencyName ?? '', 'es'));
  return {
    plan: { id: plan.id, title: plan.title },
    alerts,
    share: shareWithin(rows.map((x) => ({ deadline: x.deadline, answeredOn: x.answered_on }))),
    byAgency,
    workingDays: await alertWorkingDays(store.db, planId),
  };
}

/** A commitment's alerts (its public page), with its share. */
export async function getCommitmentAlerts(
  store: Store,
  commitmentId: number,
  today: string,
): Promise<{ alerts: AlertView[]; share: Share }> {
  const rows = await alertStore.listAlerts(store.db, { commitmentId });
  return {
    alerts: rows.map((r) => toView(r, today)),
    share: shareWithin(rows.map((x) => ({ deadline: x.deadline, answeredOn: x.answered_on }))),
  };
}

/** One alert, for the answer form: who may answer is asked here too. */
export async function getAlertForAnswer(
  store: Store,
  actor: Actor | null,
  alertId: number,
  today: string,
): Promise<{ alert: AlertView; plan: { id: number; title: string } }> {
  const { alert, commitment } = await loadAlert(store, alertId);
  authorize(actor, 'answer:alert', commitment.subject);
  const row = (await alertStore.listAlerts(store.db, { commitmentId: alert.commitment_id })).find((r) => r.id === alertId)!;
  const { plan } = await planSubject(store, alert.plan_id);
  return { alert: toView(row, today), plan: { id: plan.id, title: plan.title } };
}

/**
 * The workspace's list of a plan's alerts: the coordinators see all of them, an agency's editors those
 * about the commitments their agency leads now, first or as a co-lead; open ones first.
 */
export async function getAlertsToAnswer(
  store: Store,
  actor: Actor | null,
  planId: number,
  today: string,
): Promise<{ plan: { id: number; title: string }; alerts: AlertView[]; coordinator: boolean }> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'list:alerts-to-answer', subject);
  const coordinator = can(actor, 'manage:plan', subject);
  // Who may answer, as answerAlert asks it: every agency that leads the commitment now, co-leads too (decision 030).
  const coLeads = await listCurrentCoLeadsOfPlan(store.db, planId);
  const rows = (await alertStore.listAlerts(store.db, { planId })).filter((r) =>
    can(actor, 'answer:alert', {
      ...subject,
      agencyId: r.lead_agency_id,
      agencyIds: coLeads.filter((x) => x.commitment_id === r.commitment_id).map((x) => x.agency_id),
    }),
  );
  const alerts = rows
    .map((r) => toView(r, today))
    .sort((a, b) => (a.status === b.status ? a.deadline.localeCompare(b.deadline) : a.status === 'open' ? -1 : 1));
  return { plan: { id: plan.id, title: plan.title }, alerts, coordinator };
}

// ——— the plan's count of working days and the government's holidays (coordination) ———

export interface AlertSettings {
  plan: { id: number; title: string; governmentId: number };
  workingDays: number;
  holidays: { id: number; date: string; name: string }[];
}

export async function getAlertSettings(store: Store, actor: Actor | null, planId: number): Promise<AlertSettings> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  const holidays = (await alertStore.listHolidays(store.db, plan.government_id)).map((h) => ({ id: h.id, date: h.date, name: h.name }));
  return {
    plan: { id: plan.id, title: plan.title, governmentId: plan.government_id },
    workingDays: await alertWorkingDays(store.db, planId),
    holidays,
  };
}

/** The count for alerts raised from now on: alerts already raised keep their deadline. */
export async function saveAlertWorkingDays(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  const checked = checkFields(input, ALERT_SETTINGS_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const days = Number(checked.values.workingDays);
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, 'edit alert working days', now)).forPlan(planId);
    const row = await alertStore.findAlertSettings(trx, planId);
    if (row) await w.update('plan_alert_settings', row, { working_days: days });
    else await w.insert('plan_alert_settings', { plan_id: planId, working_days: days });
    return { ok: true as const };
  });
}

/** A holiday of the plan's government (a date already listed is refused on the date field). */
export async function addHoliday(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  const checked = checkFields(input, HOLIDAY_RULES);
  const date = checked.values.holidayDate;
  if (typeof date === 'string' && (await alertStore.listHolidays(store.db, plan.government_id)).some((h) => h.date === date))
    checked.errors.push({ field: 'holidayDate', code: 'invalid_choice', param: `listed:${date}` });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `add holiday ${date}`, now)).forPlan(planId);
    const id = await w.insert('holidays', {
      government_id: plan.government_id,
      date: date as string,
      name: checked.values.holidayName as string,
    });
    return { ok: true as const, id };
  });
}

export async function removeHoliday(
  store: Store,
  actor: Actor | null,
  planId: number,
  holidayId: number,
  now: string,
): Promise<SaveResult> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  const h = await alertStore.findHoliday(store.db, holidayId);
  if (!h || h.government_id !== plan.government_id) throw new AppError('not_found', { entity: 'holiday', id: holidayId });
  await writeTransaction(store, async (trx) =>
    new AuditedWriter(trx, writeContext(actor, `remove holiday ${h.date}`, now)).forPlan(planId).remove('holidays', h),
  );
  return { ok: true };
}

/** The file of an alert, ready to stream (the caller consumes or destroys the stream); null when it has none. */
export async function openAlertFile(store: Store, alertId: number) {
  const row = await alertStore.findAlertFile(store.db, alertId);
  if (!row) return null;
  const blobs = fileStore();
  const blob = await blobs.get(row.storage_key);
  if (!blob) throw new Error(`alert ${alertId}: the content of file ${row.file_id} (${row.storage_key}) is missing from ${blobs.location}`);
  return { name: row.name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256, stream: blob.stream };
}

/** What a client needs to compute an alert's deadline itself: the plan's count, the weekend, its government's holidays. */
export interface AlertCalendar {
  plan: { id: number; title: string; governmentId: number };
  /** Working days an agency has to answer, counted from the day after the alert is raised. */
  workingDays: number;
  /** Never working days (ISO weekday names). */
  weekend: ['saturday', 'sunday'];
  holidays: { date: string; name: string }[];
  /** The deadline of an alert raised on `today` (the app's day), computed by the rule above. */
  today: string;
  deadlineIfRaisedToday: string;
}

/** Public, like the alerts' log: the rule every deadline of the plan is computed by (a published promise, no person's data). */
export async function getAlertCalendar(store: Store, planId: number, today: string): Promise<AlertCalendar> {
  const { plan } = await planSubject(store, planId);
  const holidays = (await alertStore.listHolidays(store.db, plan.government_id)).map((h) => ({ date: h.date, name: h.name }));
  const workingDays = await alertWorkingDays(store.db, planId);
  return {
    plan: { id: plan.id, title: plan.title, governmentId: plan.government_id },
    workingDays,
    weekend: ['saturday', 'sunday'],
    holidays,
    today,
    deadlineIfRaisedToday: workingDeadline(
      today,
      holidays.map((h) => h.date),
      workingDays,
    ),
  };
}
