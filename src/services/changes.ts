import { AppError } from '../errors.js';
import { listRecentAuditEntries } from '../storage/audit.js';
import * as C from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as P from '../storage/plans.js';

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

const MAX_ENTRIES = 500;

function group(rows: { id: number; at: string; actor: string; entity: string; context: string | null }[]): ChangeEntry[] {
  const entries: ChangeEntry[] = [];
  for (const r of rows) {
    const last = entries.at(-1);
    if (last && last.at === r.at && last.context === r.context) last.counts[r.entity] = (last.counts[r.entity] ?? 0) + 1;
    else entries.push({ id: r.id, at: r.at, context: r.context, counts: { [r.entity]: 1 } });
  }
  return entries.slice(0, 50);
}

export async function planChanges(store: Store, planId: number): Promise<ChangeFeed> {
  const plan = await P.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  const rows = await listRecentAuditEntries(store.db, { planId }, MAX_ENTRIES);
  return { subject: { kind: 'plan', id: plan.id, title: plan.title, planId: plan.id }, entries: group(rows) };
}

export async function commitmentChanges(store: Store, commitmentId: number): Promise<ChangeFeed> {
  const c = await C.findCommitment(store.db, commitmentId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const rows = await listRecentAuditEntries(store.db, { commitmentId }, MAX_ENTRIES);
  return { subject: { kind: 'commitment', id: c.id, title: `${c.number}. ${c.title}`, planId: c.plan_id }, entries: group(rows) };
}
