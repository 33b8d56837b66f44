import type { Level } from './levels.js';

/**
 * Early warnings (issue 6): pure rules over a plan's facts, evaluated for a given date, so that no
 * commitment reaches the end of term "No iniciado" without anyone having been warned. Each rule gives
 * warnings with a stable code, a severity and the parameters its message is written from (the words
 * are i18n/warnings.ts's); nothing here reads a clock or a database — the caller passes the date and the facts.
 */
export const WARNING_CODES = [
  'activity-overdue',
  'commitment-behind-schedule',
  'commitment-stale',
  'complete-without-evidence',
  'level-without-reason',
  'indicator-measurement-overdue',
  'indicator-off-path',
  'alert-overdue',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** In order of gravity: the traffic light of a commitment is its gravest warning's colour. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type WarningSubject =
  { kind: 'commitment'; id: number } | { kind: 'activity'; id: number } | { kind: 'indicator'; id: number } | { kind: 'alert'; id: number };

export interface Warning {
  code: WarningCode;
  severity: Severity;
  planId: number;
  commitmentId: number;
  subject: WarningSubject;
  /** What the message is written from (dates as ISO, numbers as numbers): also what the API returns. */
  params: Record<string, string | number | null>;
}

/** The same warning on another day has the same key: acknowledgements and "new since the last digest" use it. */
export function warningKey(w: Pick<Warning, 'code' | 'subject'>): string {
  return `${w.code}:${w.subject.kind}:${w.subject.id}`;
}

/**
 * What a warning stands on besides its key: the date or level it was raised from. The same key on a new
 * basis is a new occurrence — an activity overdue again after its date was moved, an indicator overdue in
 * its next period, stale again after an update — so an acknowledgement answers only the occurrence it
 * was given for, and a digest tells the new one. A warning that lasts as long as its cause (behind
 * schedule) has an empty basis.
 */
export function warningBasis(w: Pick<Warning, 'code' | 'params'>): string {
  const p = w.params;
  const basis: Record<WarningCode, unknown> = {
    'activity-overdue': p.plannedEnd,
    'commitment-behind-schedule': '',
    'commitment-stale': p.lastUpdate,
    'complete-without-evidence': p.level,
    'level-without-reason': p.level,
    'indicator-measurement-overdue': p.due,
    'indicator-off-path': p.date,
    'alert-overdue': p.answerDue,
  };
  return String(basis[w.code] ?? '');
}

/** One occurrence of a warning: its key and its basis, as `key|basis` (what a digest remembers having told). */
export function occurrenceKey(w: Pick<Warning, 'code' | 'subject' | 'params'>): string {
  return `${warningKey(w)}|${warningBasis(w)}`;
}

/** The thresholds a coordinator may change per plan (issue 6: "a setting"). */
export interface MonitoringSettings {
  /** A commitment is behind schedule when its reported progress is more than this many points under the expected. */
  behindPoints: number;
  /** A commitment with no update for this many days is stale. */
  staleDays: number;
  /** Whether the plan's public page shows its traffic lights (semáforo). */
  publicTrafficLight: boolean;
}

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = { behindPoints: 20, staleDays: 60, publicTrafficLight: false };

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * green when nothing is wrong, amber for warnings, red when any is critical; no-data (grey) when nothing
 * says where the commitment stands (decision 036: domain/traffic-light.ts decides it, warnings alone never do).
 */
export const TRAFFIC_LIGHTS = ['green', 'amber', 'red', 'no-data'] as const;
export type TrafficLight = (typeof TRAFFIC_LIGHTS)[number];

/** The colour of a set of warnings alone: green without any (whether there is data is traffic-light.ts's to say). */
export function trafficLight(warnings: readonly Pick<Warning, 'severity'>[]): 'green' | 'amber' | 'red' {
  const worst = Math.max(-1, ...warnings.map((w) => severityRank(w.severity)));
  return worst >= severityRank('critical') ? 'red' : worst >= severityRank('warning') ? 'amber' : 'green';
}

/** Whole days from `from` to `to` (ISO dates or timestamps; the day part counts). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}

// ---- Rule: an activity whose planned end has passed and is not done --------------------------------

export interface ActivityFacts {
  id: number;
  commitmentId: number;
  planId: number;
  number: number;
  title: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** not-started, in-progress, done, cancelled, or null when never said. */
  status: string | null;
  weight: number | null;
}

/**
 * The planned end is the last day of the activity: on that day it is not late yet, the day after it is.
 * Done and cancelled activities are never late; an activity without a planned end cannot be.
 */
export function activityOverdue(a: ActivityFacts, date: string): Warning | null {
  if (!a.plannedEnd || a.status === 'done' || a.status === 'cancelled') return null;
  const late = daysBetween(a.plannedEnd, date);
  if (late <= 0) return null;
  return {
    code: 'activity-overdue',
    severity: late > 30 ? 'critical' : 'warning',
    planId: a.planId,
    commitmentId: a.commitmentId,
    subject: { kind: 'activity', id: a.id },
    params: { activity: a.number, title: a.title, plannedEnd: a.plannedEnd, daysLate: late },
  };
}

// ---- Rule: a commitment behind schedule -------------------------------------------------------------

/** What the commitment-level rules read: its planned dates, its last update, its latest level and evidence. */
export interface CommitmentFacts {
  id: number;
  planId: number;
  number: number;
  title: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** When the commitment was created (ISO timestamp). */
  createdAt: string;
  /** The newest audit-log entry about the commitment (ISO timestamp), or null when there is none. */
  lastUpdate: string | null;
  /** The level of the latest round that gave the commitment one (any stage: a draft warns its authors too). */
  latestLevel: Level | null;
  /** The reasons written with that level. */
  latestReasons: string | null;
  /** How many pieces of evidence the commitment has (its own and its activities'). */
  evidenceCount: number;
}

/**
 * What an activity reports, in percent: done 100, in progress 50 (half-way: the status says no more),
 * not started or never said 0. Cancelled activities have no share: they leave the denominator.
 */
export function statusProgress(status: string | null): number | null {
  if (status === 'cancelled') return null;
  if (status === 'done') return 100;
  if (status === 'in-progress') return 50;
  return 0;
}

/** The share (0–1) of the window [start, end] elapsed on `date`: 0 before the start, 1 from the end day on. */
export function elapsedShare(start: string, end: string, date: string): number {
  if (date >= end) return 1;
  if (date < start) return 0;
  const length = daysBetween(start, end);
  return length <= 0 ? 1 : Math.min(1, Math.max(0, daysBetween(start, date) / length));
}

export interface ScheduleProgress {
  /** Weighted progress the activities report (0–100). */
  reported: number;
  /** Weighted progress the planned dates expect on the date (0–100). */
  expected: number;
  /** How many activities counted (not cancelled, with a planned window of their own or the commitment's). */
  counted: number;
}

/**
 * Reported and expected progress of a commitment on a date, over the same activities: those not
 * cancelled whose planned end is known (their own, else the commitment's; a missing start falls back
 * the same way, and without any start the window is the end day alone). Weights count only when every
 * counted activity has one and they add up to more than 0; otherwise every activity weighs the same.
 * Null when no activity counts (nothing to compare).
 */
export function scheduleProgress(
  c: Pick<CommitmentFacts, 'plannedStart' | 'plannedEnd'>,
  activities: readonly ActivityFacts[],
  date: string,
): ScheduleProgress | null {
  const counted = activities.flatMap((a) => {
    const progress = statusProgress(a.status);
    const end = a.plannedEnd ?? c.plannedEnd;
    if (progress === null || !end) return [];
    const start = a.plannedStart ?? c.plannedStart ?? end;
    return [{ progress, share: elapsedShare(start <= end ? start : end, end, date), weight: a.weight }];
  });
  if (counted.length === 0) return null;
  const weighted = counted.every((a) => a.weight !== null && a.weight >= 0) && counted.reduce((s, a) => s + a.weight!, 0) > 0;
  const weightOf = (a: (typeof counted)[number]) => (weighted ? a.weight! : 1);
  const total = counted.reduce((s, a) => s + weightOf(a), 0);
  return {
    reported: counted.reduce((s, a) => s + weightOf(a) * a.progress, 0) / total,
    expected: (counted.reduce((s, a) => s + weightOf(a) * a.share, 0) / total) * 100,
    counted: counted.length,
  };
}

/**
 * Behind schedule: reported progress more than `behindPoints` points under the expected (exactly that
 * many is not behind). Critical when more than twice that many.
 */
export function commitmentBehindSchedule(
  c: CommitmentFacts,
  activities: readonly ActivityFacts[],
  date: string,
  settings: Pick<MonitoringSettings, 'behindPoints'>,
): Warning | null {
  const p = scheduleProgress(
    c,
    activities.filter((a) => a.commitmentId === c.id),
    date,
  );
  if (!p) return null;
  const gap = p.expected - p.reported;
  // A hundredth of a point is noise from the division, not a delay.
  if (gap - settings.behindPoints <= 1e-9) return null;
  return {
    code: 'commitment-behind-schedule',
    severity: gap - 2 * settings.behindPoints > 1e-9 ? 'critical' : 'warning',
    planId: c.planId,
    commitmentId: c.id,
    subject: { kind: 'commitment', id: c.id },
    params: {
      commitment: c.number,
      reported: Math.round(p.reported),
      expected: Math.round(p.expected),
      gap: Math.round(gap),
      threshold: settings.behindPoints,
    },
  };
}

// ---- Rule: no update for a while ---------------------------------------------------------------------

/**
 * Stale: `staleDays` days or more since the last update (the newest audit entry about the commitment,
 * else its creation). A commitment whose latest level is Completo needs no more updates. Critical at
 * twice as many days.
 */
export function commitmentStale(c: CommitmentFacts, date: string, settings: Pick<MonitoringSettings, 'staleDays'>): Warning | null {
  if (c.latestLevel === 'complete') return null;
  const last = c.lastUpdate ?? c.createdAt;
  const days = daysBetween(last, date);
  if (days < settings.staleDays) return null;
  return {
    code: 'commitment-stale',
    severity: days >= 2 * settings.staleDays ? 'critical' : 'warning',
    planId: c.planId,
    commitmentId: c.id,
    subject: { kind: 'commitment', id: c.id },
    params: { commitment: c.number, lastUpdate: last.slice(0, 10), days },
  };
}

// ---- Rules on the latest level -----------------------------------------------------------------------

/** Completo with no evidence at all on the commitment. */
export function completeWithoutEvidence(c: CommitmentFacts): Warning | null {
  if (c.latestLevel !== 'complete' || c.evidenceCount > 0) return null;
  return {
    code: 'complete-without-evidence',
    severity: 'warning',
    planId: c.planId,
    commitmentId: c.id,
    subject: { kind: 'commitment', id: c.id },
    params: { commitment: c.number, level: c.latestLevel },
  };
}

/** No iniciado or Limitado with no reason written (blank counts as none): the report must say why. */
export function levelWithoutReason(c: CommitmentFacts): Warning | null {
  if ((c.latestLevel !== 'not-started' && c.latestLevel !== 'limited') || (c.latestReasons ?? '').trim() !== '') return null;
  return {
    code: 'level-without-reason',
    severity: 'warning',
    planId: c.planId,
    commitmentId: c.id,
    subject: { kind: 'commitment', id: c.id },
    params: { commitment: c.number, level: c.latestLevel },
  };
}

// ---- Rule: an alert from civil society past its answer deadline ------------------------------------

/** A civil-society alert on a commitment (issue 7 supplies them; the rule is ready). */
export interface AlertFacts {
  id: number;
  commitmentId: number;
  planId: number;
  title: string;
  /** The last day the answer is due on (ISO date). */
  answerDue: string;
  /** When it was answered (ISO date or timestamp), null while unanswered. */
  answeredAt: string | null;
}

/**
 * Unanswered after its answer deadline: on the due day it is not late, the day after it is. Answered
 * alerts are never overdue (an answer after the deadline ends the warning). Critical after 15 days.
 */
export function alertOverdue(a: AlertFacts, date: string): Warning | null {
  if (a.answeredAt) return null;
  const late = daysBetween(a.answerDue, date);
  if (late <= 0) return null;
  return {
    code: 'alert-overdue',
    severity: late > 15 ? 'critical' : 'warning',
    planId: a.planId,
    commitmentId: a.commitmentId,
    subject: { kind: 'alert', id: a.id },
    params: { title: a.title, answerDue: a.answerDue, daysLate: late },
  };
}

/**
 * The warnings a new planned date may answer: an overdue activity (the activity's end). Behind schedule
 * is not: expected progress reads each activity's own dates first, so a commitment's new end would not
 * end it — its answer is a reason and a corrective action (or new dates for its overdue activities). A
 * missing reason or evidence is not answered by more time either.
 */
export const DATE_CODES: readonly WarningCode[] = ['activity-overdue'];

// ---- Once the plan is concluded ------------------------------------------------------------------

/** A plan's term as the rules read it: its status and the last day of its period. */
export interface PlanTerm {
  status: string;
  /** The last day of the plan's period (ISO), null when the plan has no period. */
  end: string | null;
}

/** Plans give their period in years: the last day is 31 December of the last year. */
export function planTerm(status: string, periodEnd: number | null): PlanTerm {
  return { status, end: periodEnd === null ? null : `${String(periodEnd).padStart(4, '0')}-12-31` };
}

/** Concluded: marked completed, or from the day after the last day of its period. */
export function planConcluded(term: PlanTerm, date: string): boolean {
  return term.status === 'completed' || (term.end !== null && date > term.end);
}

/**
 * The warnings of a concluded plan (decision 036). A delay counted up to today grows for ever once the
 * plan is over ("3812 días de retraso" on a plan ended ten years ago); what it means then is that the
 * activity or the measurement ended without completing, and that is what the warning says instead of a
 * count of days — critical, since no more time will come. No measurement falls due after the plan's end,
 * and "no update for N days" means nothing once no one is expected to update it: both are dropped. An
 * unanswered alert is still owed its answer: it stays, without the count. The other rules count no days.
 * The basis is unchanged, so an acknowledgement given before the end still answers its warning.
 */
export function afterPlanEnd(warnings: readonly Warning[], term: PlanTerm, date: string): Warning[] {
  if (!planConcluded(term, date)) return [...warnings];
  return warnings.flatMap((w): Warning[] => {
    const { daysLate: _counted, ...params } = w.params;
    const ended = { ...params, planEnd: term.end };
    switch (w.code) {
      case 'commitment-stale':
        return [];
      case 'indicator-measurement-overdue':
        return term.end !== null && String(w.params.due) > term.end ? [] : [{ ...w, severity: 'critical', params: ended }];
      case 'activity-overdue':
        return [{ ...w, severity: 'critical', params: ended }];
      case 'alert-overdue':
        return [{ ...w, params: ended }];
      default:
        return [w];
    }
  });
}

/** Whether a warning was written for a concluded plan (it says "ended without completing", not days). */
export function endedWarning(p: Warning['params']): boolean {
  return 'planEnd' in p;
}
