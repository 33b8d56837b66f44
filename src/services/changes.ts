import { AppError } from '../errors.js';
import { latestAuditId } from '../storage/audit.js';
import { listChangeGroups } from '../storage/changes.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';

/**
 * The changes made to a plan or a commitment, as the audit log has them, one entry per operation
 * (an import, a save): when, by what, and how many records of each kind changed. For the Atom feeds.
 */
export interface ChangeEntry {
  /** The newest audit id of the operation: stable, so feed readers see each change once. */
  id: number;
  at: string;
  context: string | null;
  counts: Record<string, number>;
}

export interface ChangeFeed {
  subject: { kind: 'plan' | 'commitment'; id: number; title: string; planId: number };
  entries: ChangeEntry[];
}

const MAX_ENTRIES = 50;

export async function planChanges(store: Store, planId: number): Promise<ChangeFeed> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  const entries = await listChangeGroups(store.db, { planId }, MAX_ENTRIES);
  return { subject: { kind: 'plan', id: plan.id, title: plan.title, planId: plan.id }, entries };
}

export async function commitmentChanges(store: Store, commitmentId: number): Promise<ChangeFeed> {
  const c = await commitmentStore.findCommitment(store.db, commitmentId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const entries = await listChangeGroups(store.db, { commitmentId }, MAX_ENTRIES);
  return { subject: { kind: 'commitment', id: c.id, title: `${c.number}. ${c.title}`, planId: c.plan_id }, entries };
}

/** The version of the data: any write makes it grow (pages of published data are kept per version). */
export function dataVersion(store: Store): Promise<number> {
  return latestAuditId(store.db);
}
