import type { Level } from './levels.js';

/**
 * Carrying an unfinished commitment into a later plan of the same government. Pure: the facts about
 * the two plans and the commitment in, the reason it may not be carried (or null) out.
 */
export interface PlanFacts {
  id: number;
  governmentId: number;
  periodStart: number | null;
  periodEnd: number | null;
}

export type ContinuationRefusal =
  /** The commitment was completed (its latest published level is Complete): nothing to carry on. */
  | 'already_complete'
  /** Another government's plan. */
  | 'other_government'
  /** The same plan, or one that does not come after it. */
  | 'not_later_plan'
  /** It was already carried into that plan. */
  | 'already_continued';

/**
 * A later plan starts after the earlier one starts (plans may overlap by a year: Peru's 2017–2019 plan
 * began while 2015–2016 was being closed). Where a period is unknown, a plan made later (a higher id)
 * counts as later.
 */
export function isLaterPlan(from: PlanFacts, to: PlanFacts): boolean {
  if (from.id === to.id) return false;
  if (from.periodStart !== null && to.periodStart !== null) return to.periodStart > from.periodStart;
  return to.id > from.id;
}

/** `continuedIn`: the plans the commitment was already carried into. */
export function continuationRefusal(facts: {
  from: PlanFacts;
  to: PlanFacts;
  level: Level | null;
  continuedIn?: readonly number[];
}): ContinuationRefusal | null {
  if (facts.level === 'complete') return 'already_complete';
  if (facts.from.governmentId !== facts.to.governmentId) return 'other_government';
  if (!isLaterPlan(facts.from, facts.to)) return 'not_later_plan';
  if (facts.continuedIn?.includes(facts.to.id)) return 'already_continued';
  return null;
}
