import { CLOSE_RULES, closeRefusal } from '../domain/consultation.js';
import { checkFields, type FieldError } from '../domain/input.js';
import type { Actor } from '../domain/roles.js';
import { AppError } from '../errors.js';
import * as consultationStore from '../storage/consultation.js';
import type { Store } from '../storage/connect.js';
import { AuditedWriter } from '../storage/writer.js';
import { consultationView, datesOf, loadConsultation, type ConsultationView } from './consultation.js';
import { authorize, writeContext, writeTransaction } from './workspace/context.js';

/**
 * Closing a consultation before its last day (issue 19): the plan's coordination, saying why. From then
 * on it takes no comments, its public page says it closed early and why, and the plan's stage rules see
 * it closed. One that is not open (not yet, ended, closed already) is refused with why (409).
 */
async function openOne(store: Store, actor: Actor | null, id: number, today: string) {
  const c = await loadConsultation(store, id);
  authorize(actor, 'manage:plan', { governmentId: Number(c.government_id) });
  const refusal = closeRefusal(datesOf(c), today);
  if (refusal) throw new AppError('consultation_not_open', refusal);
  return { c, actor };
}

/** What the confirmation page shows: the consultation, while it is open and the actor may close it. */
export async function closingView(store: Store, actor: Actor | null, id: number, today: string): Promise<ConsultationView> {
  await openOne(store, actor, id, today);
  return consultationView(store, id, today);
}

export async function closeConsultation(
  store: Store,
  actor: Actor | null,
  id: number,
  input: Record<string, unknown>,
  today: string,
  now: string,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const { c, actor: who } = await openOne(store, actor, id, today);
  const checked = checkFields(input, CLOSE_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  await writeTransaction(store, async (trx) => {
    // Read again under the audit chain's lock: of two closes at once, only the first one closes.
    const { plan_title: _t, government_id: _g, round_title: _r, ...current } = (await consultationStore.findConsultation(trx, id))!;
    const refusal = closeRefusal(datesOf(current), today);
    if (refusal) throw new AppError('consultation_not_open', refusal);
    await new AuditedWriter(trx, writeContext(who, 'close consultation early', now)).forPlan(c.plan_id).update('consultations', current, {
      closed_on: today,
      closed_reason: String(checked.values.closeReason),
      closed_by: `user:${who.userId}`,
      closed_at: now,
    });
  });
  return { ok: true };
}
