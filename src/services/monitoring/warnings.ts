import {
  activityOverdue,
  alertOverdue,
  commitmentBehindSchedule,
  commitmentStale,
  completeWithoutEvidence,
  levelWithoutReason,
  type MonitoringSettings,
  type Warning,
} from '../../domain/warnings.js';
import type { Store } from '../../storage/connect.js';
import { listActivityFacts, listAlertFacts, listCommitmentFacts } from '../../storage/monitoring.js';
import { indicatorWarningsOfPlan } from '../indicators.js';
import { monitoringSettings } from './settings.js';

export { monitoringSettings };

/**
 * Every early warning of a plan on a date (ISO, YYYY-MM-DD): the facts read once, the domain's rules
 * applied with the plan's settings (or those given). Ordered by commitment, then rule, then activity.
 * `publishedOnly`: levels from published rounds only — what a public page may be computed from (a
 * draft's level is not public, nor anything that would reveal it).
 */
export async function planWarnings(
  store: Store,
  planId: number,
  date: string,
  settings?: MonitoringSettings,
  options: { publishedOnly?: boolean } = {},
): Promise<Warning[]> {
  const s = settings ?? (await monitoringSettings(store.db, planId));
  const [activities, commitments, indicatorWarnings, alerts] = await Promise.all([
    listActivityFacts(store.db, planId),
    listCommitmentFacts(store.db, planId, options),
    indicatorWarningsOfPlan(store, planId, date, s),
    listAlertFacts(store.db, planId),
  ]);
  const warnings: (Warning | null)[] = [];
  for (const c of commitments) {
    warnings.push(
      commitmentBehindSchedule(c, activities, date, s),
      commitmentStale(c, date, s),
      completeWithoutEvidence(c),
      levelWithoutReason(c),
    );
    warnings.push(...activities.filter((a) => a.commitmentId === c.id).map((a) => activityOverdue(a, date)));
    warnings.push(...indicatorWarnings.filter((w) => w.commitmentId === c.id));
    // Civil society's alerts (issue 7): unanswered after their deadline day.
    warnings.push(...alerts.filter((a) => a.commitmentId === c.id).map((a) => alertOverdue(a, date)));
  }
  return warnings.filter((w): w is Warning => w !== null);
}
