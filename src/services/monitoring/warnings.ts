import {
  activityOverdue,
  commitmentBehindSchedule,
  commitmentStale,
  completeWithoutEvidence,
  DEFAULT_MONITORING_SETTINGS,
  levelWithoutReason,
  type MonitoringSettings,
  type Warning,
} from '../../domain/warnings.js';
import type { Store } from '../../storage/connect.js';
import { findMonitoringSettings, listActivityFacts, listCommitmentFacts } from '../../storage/monitoring.js';

/** A plan's monitoring settings: its own row, or the defaults while it has none. */
export async function monitoringSettings(db: Store['db'], planId: number): Promise<MonitoringSettings> {
  const row = await findMonitoringSettings(db, planId);
  if (!row) return { ...DEFAULT_MONITORING_SETTINGS };
  return { behindPoints: Number(row.behind_points), staleDays: Number(row.stale_days), publicTrafficLight: Number(row.public_traffic_light) === 1 };
}

/**
 * Every early warning of a plan on a date (ISO, YYYY-MM-DD): the facts read once, the domain's rules
 * applied with the plan's settings (or those given). Ordered by commitment, then rule, then activity.
 * `publishedOnly`: levels from published rounds only — what a public page may be computed from (a
 * draft's level is not public, nor anything that would reveal it).
 */
export async function planWarnings(store: Store, planId: number, date: string, settings?: MonitoringSettings, options: { publishedOnly?: boolean } = {}): Promise<Warning[]> {
  const s = settings ?? (await monitoringSettings(store.db, planId));
  const [activities, commitments] = await Promise.all([listActivityFacts(store.db, planId), listCommitmentFacts(store.db, planId, options)]);
  const warnings: (Warning | null)[] = [];
  for (const c of commitments) {
    warnings.push(commitmentBehindSchedule(c, activities, date, s), commitmentStale(c, date, s), completeWithoutEvidence(c), levelWithoutReason(c));
    warnings.push(...activities.filter((a) => a.commitmentId === c.id).map((a) => activityOverdue(a, date)));
    // Indicator rules (indicator-measurement-overdue, indicator-off-path) go here, over the plan's
    // indicator facts, once the indicator matrix is merged: the lead wires them.
    // Civil society's alerts (issue 7): alertOverdue(a, date) over the commitment's alerts, once they exist.
  }
  return warnings.filter((w): w is Warning => w !== null);
}
