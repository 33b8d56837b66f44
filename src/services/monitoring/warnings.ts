import { decideLight, type LightDecision } from '../../domain/traffic-light.js';
import {
  activityOverdue,
  afterPlanEnd,
  alertOverdue,
  commitmentBehindSchedule,
  commitmentStale,
  completeWithoutEvidence,
  levelWithoutReason,
  planTerm,
  type ActivityFacts,
  type CommitmentFacts,
  type MonitoringSettings,
  type PlanTerm,
  type Warning,
} from '../../domain/warnings.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import { listActivityFacts, listAlertFacts, listCommitmentFacts, listLightFacts } from '../../storage/monitoring.js';
import { findPlan } from '../../storage/plans.js';
import { indicatorWarningsOfPlan } from '../indicators.js';
import { monitoringSettings } from './settings.js';

export { monitoringSettings };

type Options = { publishedOnly?: boolean };

interface PlanFacts {
  term: PlanTerm;
  activities: ActivityFacts[];
  commitments: CommitmentFacts[];
  warnings: Warning[];
}

async function readPlan(
  store: Store,
  planId: number,
  date: string,
  settings: MonitoringSettings | undefined,
  options: Options,
): Promise<PlanFacts> {
  const plan = await findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
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
  const term = planTerm(plan.status, plan.period_end);
  // Once the plan is concluded, no delay is counted in days (decision 036).
  const found = afterPlanEnd(
    warnings.filter((w): w is Warning => w !== null),
    term,
    date,
  );
  return { term, activities, commitments, warnings: found };
}

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
  options: Options = {},
): Promise<Warning[]> {
  return (await readPlan(store, planId, date, settings, options)).warnings;
}

/** The warnings of a plan and each commitment's traffic light with its reason (domain/traffic-light.ts). */
export async function planLights(
  store: Store,
  planId: number,
  date: string,
  settings?: MonitoringSettings,
  options: Options = {},
): Promise<{ warnings: Warning[]; lights: Map<number, LightDecision> }> {
  const [p, extra] = await Promise.all([readPlan(store, planId, date, settings, options), listLightFacts(store.db, planId, options)]);
  const lights = new Map<number, LightDecision>();
  for (const c of p.commitments) {
    const more = extra.get(c.id);
    const facts = {
      commitment: c,
      activities: p.activities.filter((a) => a.commitmentId === c.id),
      indicatorCount: more?.indicatorCount ?? 0,
      lastUpdate: more?.lastUpdate ?? null,
    };
    lights.set(
      c.id,
      decideLight(
        facts,
        p.warnings.filter((w) => w.commitmentId === c.id),
        date,
        p.term,
      ),
    );
  }
  return { warnings: p.warnings, lights };
}
