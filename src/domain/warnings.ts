import { formatDate } from '../i18n/format.js';
import { formatNumber } from '../i18n/index.js';
import type { Lang } from '../i18n/lang.js';

/**
 * Early warnings (issue 6): pure rules over a plan's facts, evaluated for a given date, so that no
 * commitment reaches the end of term "No iniciado" without anyone having been warned. Each rule gives
 * warnings with a stable code, a severity and a message in both languages; nothing here reads a clock
 * or a database — the caller passes the date and the facts.
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
  | { kind: 'commitment'; id: number }
  | { kind: 'activity'; id: number }
  | { kind: 'indicator'; id: number }
  | { kind: 'alert'; id: number };

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

/** green when nothing is wrong, amber for warnings, red when any is critical. */
export type TrafficLight = 'green' | 'amber' | 'red';

export function trafficLight(warnings: readonly Pick<Warning, 'severity'>[]): TrafficLight {
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

const MESSAGES: Record<Lang, Partial<Record<WarningCode, (p: Warning['params']) => string>>> = {
  es: {
    'activity-overdue': (p) => `La actividad ${p.activity} («${p.title}») debía terminar el ${formatDate(String(p.plannedEnd), 'es')} y no está concluida (${p.daysLate} días de retraso).`,
    'indicator-measurement-overdue': (p) => `El indicador «${p.indicator}» debía medirse a más tardar el ${formatDate(String(p.due), 'es')} y no tiene medición desde ${p.lastMeasured ? `el ${formatDate(String(p.lastMeasured), 'es')}` : 'su línea de base'} (${p.daysLate} ${p.daysLate === 1 ? 'día' : 'días'} de retraso).`,
    'indicator-off-path': (p) => `El indicador «${p.indicator}» midió ${formatNumber(Number(p.value), 'es', 2)} ${p.unit} el ${formatDate(String(p.date), 'es')}, cuando la trayectoria hacia la meta esperaba ${formatNumber(Number(p.expected), 'es')}: ${formatNumber(Number(p.pointsBehind), 'es')} puntos por debajo.`,
  },
  en: {
    'activity-overdue': (p) => `Activity ${p.activity} ("${p.title}") was due to end on ${formatDate(String(p.plannedEnd), 'en')} and is not done (${p.daysLate} days late).`,
    'indicator-measurement-overdue': (p) => `The indicator "${p.indicator}" was due to be measured by ${formatDate(String(p.due), 'en')} and has no measurement since ${p.lastMeasured ? formatDate(String(p.lastMeasured), 'en') : 'its baseline'} (${p.daysLate} ${p.daysLate === 1 ? 'day' : 'days'} late).`,
    'indicator-off-path': (p) => `The indicator "${p.indicator}" measured ${formatNumber(Number(p.value), 'en', 2)} ${p.unit} on ${formatDate(String(p.date), 'en')}, where the path to its target expected ${formatNumber(Number(p.expected), 'en')}: ${formatNumber(Number(p.pointsBehind), 'en')} points behind.`,
  },
};

/** The warning in words, in the reader's language. */
export function warningMessage(w: Warning, lang: Lang): string {
  const write = MESSAGES[lang][w.code];
  if (!write) throw new Error(`no ${lang} message for the warning ${w.code}`);
  return write(w.params);
}
