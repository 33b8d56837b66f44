import { checkFields, type FieldError, type FieldRule } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { DATE_CODES, warningBasis, warningKey, type MonitoringSettings } from '../../domain/warnings.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import { findMonitoringSettings } from '../../storage/monitoring.js';
import * as planStore from '../../storage/plans.js';
import { findActivity } from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import type { SaveResult } from '../workspace/commitments.js';
import { authorize, loadCommitment, writeContext, writeTransaction } from '../workspace/context.js';
import { monitoringSettings, planWarnings } from './warnings.js';

/** What a coordinator and an agency do about warnings: the plan's settings, and acknowledging a warning. */

export const SETTINGS_RULES: Record<string, FieldRule> = {
  behindPoints: { type: 'int', required: true, min: 1, max: 100 },
  staleDays: { type: 'int', required: true, min: 1, max: 3650 },
  publicTrafficLight: { type: 'choice', values: ['on', 'true', '1', 'off', 'false', '0'] },
};

async function planSubject(store: Store, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return { plan, subject: { governmentId: plan.government_id } };
}

/** The settings form's plan and values (coordinators of the plan's government). */
export async function getMonitoringSettings(
  store: Store,
  actor: Actor | null,
  planId: number,
): Promise<{ plan: { id: number; title: string }; settings: MonitoringSettings }> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  return { plan: { id: plan.id, title: plan.title }, settings: await monitoringSettings(store.db, planId) };
}

/**
 * Saves a plan's settings, audited. Fields left out keep their value (the API may send one); the first
 * save creates the plan's row from the defaults.
 */
export async function saveMonitoringSettings(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  const checked = checkFields(input, SETTINGS_RULES, { partial: true });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const v = checked.values;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, 'edit monitoring settings', now)).forPlan(planId);
    const current = await monitoringSettings(trx, planId);
    const next = {
      behind_points: v.behindPoints !== undefined ? Number(v.behindPoints) : current.behindPoints,
      stale_days: v.staleDays !== undefined ? Number(v.staleDays) : current.staleDays,
      public_traffic_light:
        v.publicTrafficLight !== undefined
          ? ['on', 'true', '1'].includes(String(v.publicTrafficLight))
            ? 1
            : 0
          : current.publicTrafficLight
            ? 1
            : 0,
    };
    const row = await findMonitoringSettings(trx, planId);
    if (row) await w.update('plan_monitoring_settings', row, next);
    else await w.insert('plan_monitoring_settings', { plan_id: planId, ...next });
    return { ok: true as const };
  });
}

export const ACK_RULES: Record<string, FieldRule> = {
  warningKey: { type: 'text', required: true, max: 200 },
  ackReason: { type: 'text', max: 2000, multiline: true },
  correctiveAction: { type: 'text', max: 2000, multiline: true },
  newPlannedEnd: { type: 'date' },
};

/**
 * Answers a warning of a commitment, on `today`: a reason and a corrective action, or (for an overdue
 * activity) a new planned end for the activity — the end changes through the audited
 * writer, so the change is in the public history, and the first original end is kept beside it. Its
 * lead agency's editors and the plan's coordinators may; the warning must be one the commitment has today.
 */
export async function acknowledgeWarning(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  today: string,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const checked = checkFields(input, ACK_RULES);
  const errors: FieldError[] = checked.errors;
  const v = checked.values;
  const warnings = (await planWarnings(store, c.plan_id, today)).filter((w) => w.commitmentId === commitmentId);
  const warning = typeof v.warningKey === 'string' ? warnings.find((w) => warningKey(w) === v.warningKey) : undefined;
  if (typeof v.warningKey === 'string' && !warning) errors.push({ field: 'warningKey', code: 'invalid_choice' });
  const newEnd = typeof v.newPlannedEnd === 'string' ? v.newPlannedEnd : null;
  if (newEnd) {
    if (warning && !DATE_CODES.includes(warning.code)) errors.push({ field: 'newPlannedEnd', code: 'invalid_choice' });
    else if (newEnd < today) errors.push({ field: 'newPlannedEnd', code: 'past_date', param: today });
  } else {
    if (v.ackReason === null) errors.push({ field: 'ackReason', code: 'required' });
    if (v.correctiveAction === null) errors.push({ field: 'correctiveAction', code: 'required' });
  }
  // The dates' order is checked against the row itself, below, once the subject is known.
  if (errors.length > 0 || !warning) return { ok: false, errors };

  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `acknowledge ${warningKey(warning)}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    let previous: string | null = null;
    // Only an overdue activity takes a new date (DATE_CODES): the activity's end moves.
    if (newEnd && warning.subject.kind === 'activity') {
      const a = await findActivity(trx, warning.subject.id);
      if (!a || a.commitment_id !== commitmentId) throw new AppError('not_found', { entity: 'activity', id: warning.subject.id });
      if (a.planned_start && newEnd < a.planned_start)
        return { ok: false as const, errors: [{ field: 'newPlannedEnd', code: 'date_order' as const }] };
      previous = a.planned_end;
      await w.update(
        'activities',
        a,
        { planned_end: newEnd, original_planned_end: a.original_planned_end ?? a.planned_end },
        { bumpVersion: true },
      );
    }
    const id = await w.insert('warning_acknowledgements', {
      plan_id: c.plan_id,
      commitment_id: commitmentId,
      warning_key: warningKey(warning),
      code: warning.code,
      basis: warningBasis(warning),
      reason: (v.ackReason as string | null) ?? null,
      corrective_action: (v.correctiveAction as string | null) ?? null,
      new_planned_end: newEnd,
      previous_planned_end: previous,
      user_id: actor.userId,
      actor_name: actor.name,
    });
    return { ok: true as const, id };
  });
}
