import { isPublic } from '../domain/plan-stages.js';
import type { PlanStatus } from '../domain/types.js';
import { findCall } from '../storage/cocreation.js';
import type { Store } from '../storage/connect.js';
import { PLAN_ENTITIES, planStatusOf, type PlanEntity } from '../storage/plan-setup.js';

/**
 * Whether the public may see a plan (issue 19): from en consulta on (domain/plan-stages.ts isPublic).
 * What a public address names — a plan, a commitment, a theme, a round, a consultation, a proposal,
 * an evidence file, an alert — is hidden while its plan is in borrador: answered as if it did not
 * exist. One exception, the call for proposals: a plan is co-created before its draft is written,
 * and a call the public cannot reach would gather nothing. While a draft plan's call is open, its
 * proposal form and the proposals sent to it are reachable (decision 029).
 */
export const isPlanEntity = (title: unknown): title is PlanEntity => (PLAN_ENTITIES as readonly unknown[]).includes(title);

export async function hiddenFromPublic(
  store: Store,
  entity: PlanEntity,
  id: number,
  options: { whileCallOpen?: boolean } = {},
): Promise<boolean> {
  const plan = await planStatusOf(store.db, entity, id);
  if (!plan || isPublic(plan.status as PlanStatus)) return false;
  if (options.whileCallOpen) return Number((await findCall(store.db, plan.id))?.open ?? 0) !== 1;
  return true;
}
