import { can, type Action, type Subject } from '../../domain/permissions.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import type { PlanStatus } from '../../domain/types.js';
import { lockAuditChain } from '../../storage/audit.js';
import { listCurrentCoLeadIds } from '../../storage/commitment-template.js';
import type { Store } from '../../storage/connect.js';
import { commitmentInRound, commitmentSubject } from '../../storage/workspace.js';
import type { WriteContext } from '../../storage/writer.js';

/** What every workspace operation starts from: who acts, when, and whether the policy lets them. */
export function writeContext(actor: Actor, what: string, now: string): WriteContext {
  return { actor: `user:${actor.userId}`, at: now, context: what };
}

export function authorize(actor: Actor | null, action: Action, subject: Subject): asserts actor is Actor {
  if (!actor) throw new AppError('unauthenticated');
  if (!can(actor, action, subject)) throw new AppError('forbidden');
}

/**
 * A workspace write: one transaction that takes the audit chain's turn before anything else, so two
 * writes never wait on each other's rows and the chain's lock at once (see lockAuditChain).
 */
export function writeTransaction<T>(store: Store, work: (trx: Store['db']) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (trx) => {
    await lockAuditChain(trx);
    return work(trx);
  });
}

/**
 * The commitment and the facts its permissions depend on; a 404 when there is none. Its subject names
 * every agency that leads it now, the first and its co-leads (decision 030): each of them edits it.
 */
export async function loadCommitment(store: Store, commitmentId: number) {
  const c = await commitmentSubject(store.db, commitmentId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const coLeads = await listCurrentCoLeadIds(store.db, commitmentId);
  const agencyIds = c.agency_id === null ? coLeads : [c.agency_id, ...coLeads];
  return {
    ...c,
    plan_status: c.plan_status as PlanStatus,
    subject: { governmentId: c.government_id, agencyId: c.agency_id, agencyIds } satisfies Subject,
  };
}

/** The plan a commitment belongs to (a 404 when there is none): where a page about it sends back to. */
export async function commitmentPlanId(store: Store, commitmentId: number): Promise<number> {
  return (await loadCommitment(store, commitmentId)).plan_id;
}

/**
 * The commitment as a round sees it: its subject's agency is the one the round's assessment belongs to
 * — in force on the round's cutoff date (decision 010) — which a move may have made another than the
 * one leading it now. Reading, drafting and submitting the assessment ask about this subject.
 */
export async function loadCommitmentInRound(store: Store, commitmentId: number, roundId: number) {
  const c = await commitmentInRound(store.db, commitmentId, roundId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  return { ...c, subject: { governmentId: c.government_id, agencyId: c.agency_id } satisfies Subject };
}
