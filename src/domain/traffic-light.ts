import {
  daysBetween,
  planConcluded,
  severityRank,
  statusProgress,
  trafficLight,
  type ActivityFacts,
  type CommitmentFacts,
  type PlanTerm,
  type Severity,
  type TrafficLight,
  type Warning,
  type WarningCode,
} from './warnings.js';

/**
 * A commitment's traffic light and why (decision 036), pure. Warnings alone said green whenever no rule
 * fired — and no rule can fire on a commitment with no dates and no indicators, so an imported plan (no
 * dates) came out all green. A light is green only when something says the commitment is on track: its
 * planned dates (the rules then compute against them on the day), an indicator, or a recent update.
 * With none of these it is grey, "sin datos". The reason is what the board and the public semáforo say
 * beside each light.
 */

/**
 * How old an update may be and still count as news of the commitment on its own: 90 days, a quarter.
 * Plans ask their agencies for progress at least every quarter, so a commitment reported on each quarter
 * is never grey for want of dates; and it is longer than the default 60 days after which a commitment
 * is warned of as stale, so a commitment with neither is warned of before it turns grey.
 */
export const RECENT_UPDATE_DAYS = 90;

/** What the light reads besides the warnings. */
export interface LightFacts {
  commitment: Pick<CommitmentFacts, 'plannedStart' | 'plannedEnd' | 'latestLevel'>;
  activities: readonly Pick<ActivityFacts, 'plannedStart' | 'plannedEnd' | 'status'>[];
  indicatorCount: number;
  /**
   * The newest update made about the commitment (ISO timestamp): not its creation nor an import (which
   * copies a report written earlier: its date says when it was typed in, not when the commitment moved),
   * nor an acknowledgement; null when there is none.
   */
  lastUpdate: string | null;
}

export type LightReason =
  /** Its planned end (its own, else its activities' latest) has passed and it is not complete. */
  | { code: 'ended-incomplete'; plannedEnd: string }
  /** Its warnings: how many, and the gravest (the first of the gravest severity). */
  | { code: 'warnings'; count: number; gravest: WarningCode; severity: Severity }
  | { code: 'on-schedule'; plannedEnd: string | null }
  | { code: 'indicators'; count: number }
  | { code: 'recent-update'; at: string }
  | { code: 'no-data'; days: number };

export interface LightDecision {
  light: TrafficLight;
  reason: LightReason;
}

/** The commitment's planned end, else the latest of its activities' (null when none has one). */
function lastPlannedEnd(f: LightFacts): string | null {
  if (f.commitment.plannedEnd) return f.commitment.plannedEnd;
  const ends = f.activities.map((a) => a.plannedEnd).filter((d): d is string => d !== null);
  return ends.length > 0 ? ends.reduce((a, b) => (a > b ? a : b)) : null;
}

/** Complete: its latest level says so, or it has activities and all those not cancelled are done. */
function isComplete(f: LightFacts): boolean {
  if (f.commitment.latestLevel === 'complete') return true;
  const counted = f.activities.filter((a) => statusProgress(a.status) !== null);
  return counted.length > 0 && counted.every((a) => a.status === 'done');
}

/**
 * Recent: within RECENT_UPDATE_DAYS before the day — or, on a concluded plan, before its end: an edit
 * made after the plan ended records the past, it is no news of the commitment's progress.
 */
export function recentUpdate(lastUpdate: string | null, date: string, term: PlanTerm): boolean {
  if (lastUpdate === null) return false;
  const reference = planConcluded(term, date) && term.end !== null && term.end < date ? term.end : date;
  const days = daysBetween(lastUpdate, reference);
  return days >= 0 && days < RECENT_UPDATE_DAYS;
}

/**
 * In this order: past its planned end and not complete → red; its warnings' colour when it has any;
 * green when its planned dates, an indicator or a recent update stand behind it; otherwise no data.
 */
export function decideLight(f: LightFacts, warnings: readonly Warning[], date: string, term: PlanTerm): LightDecision {
  const end = lastPlannedEnd(f);
  if (end !== null && date > end && !isComplete(f)) return { light: 'red', reason: { code: 'ended-incomplete', plannedEnd: end } };
  if (warnings.length > 0) {
    const worst = Math.max(...warnings.map((w) => severityRank(w.severity)));
    const gravest = warnings.find((w) => severityRank(w.severity) === worst)!;
    return {
      light: trafficLight(warnings),
      reason: { code: 'warnings', count: warnings.length, gravest: gravest.code, severity: gravest.severity },
    };
  }
  const hasDates = !!f.commitment.plannedStart || end !== null || f.activities.some((a) => a.plannedStart);
  if (hasDates) return { light: 'green', reason: { code: 'on-schedule', plannedEnd: end } };
  if (f.indicatorCount > 0) return { light: 'green', reason: { code: 'indicators', count: f.indicatorCount } };
  if (recentUpdate(f.lastUpdate, date, term)) return { light: 'green', reason: { code: 'recent-update', at: f.lastUpdate!.slice(0, 10) } };
  return { light: 'no-data', reason: { code: 'no-data', days: RECENT_UPDATE_DAYS } };
}
