import { daysBetween, type MonitoringSettings, type Warning } from './warnings.js';

/**
 * The indicator matrix (issue 6, the report's recommendation (d)): an indicator goes from a baseline
 * (value, date) to a target (value, date), is measured at a frequency, and is judged against the
 * straight path between the two. Pure: the caller passes the facts and the date ("today" is never
 * read here), so every rule is tested with fixed dates.
 */
export const INDICATOR_DIRECTIONS = ['up', 'down'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export const INDICATOR_FREQUENCIES = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;
export type IndicatorFrequency = (typeof INDICATOR_FREQUENCIES)[number];

/** Calendar months between two measurements. */
export const FREQUENCY_MONTHS: Record<IndicatorFrequency, number> = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 };

export interface Measurement {
  id: number;
  value: number;
  date: string;
}

/** What the rules need of an indicator: its path and its measurements (any order). */
export interface IndicatorFacts {
  id: number;
  commitmentId: number;
  planId: number;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  baselineValue: number;
  baselineDate: string;
  targetValue: number;
  targetDate: string;
  frequency: IndicatorFrequency;
  measurements: readonly Measurement[];
}

type Path = Pick<IndicatorFacts, 'direction' | 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate'>;

/**
 * A target must lie on the better side of the baseline (or equal it: "keep it there"). A target below
 * the baseline of an indicator where up is better is a mistake in the matrix, refused at input.
 */
export function targetFitsDirection(p: Pick<Path, 'direction' | 'baselineValue' | 'targetValue'>): boolean {
  return p.direction === 'up' ? p.targetValue >= p.baselineValue : p.targetValue <= p.baselineValue;
}

/**
 * How far a value has gone from the baseline toward the target, in % of that distance, unclamped:
 * 0 at the baseline, 100 at the target, negative when worse than the baseline, over 100 beyond the
 * target. A target equal to the baseline (keep a value) is 100 when the value is at least as good, 0
 * otherwise. The sign works for both directions: with "down is better" target − baseline is negative,
 * and so is value − baseline when the value improves.
 */
export function rawProgress(p: Path, value: number): number {
  const distance = p.targetValue - p.baselineValue;
  if (distance === 0) return (p.direction === 'up' ? value >= p.targetValue : value <= p.targetValue) ? 100 : 0;
  return ((value - p.baselineValue) / distance) * 100;
}

/**
 * Progress toward the target as shown and exported: the raw progress clamped to 0–100 and rounded to
 * one decimal. Clamped because it answers "how much of the way is done": going past the target does
 * not make the indicator more than done, and falling below the baseline is not "negative work" — the
 * latest value beside it, and the off-path status, tell how far behind it is.
 */
export function progressPercent(p: Path, value: number): number {
  const raw = Math.min(100, Math.max(0, rawProgress(p, value)));
  return Math.round(raw * 10) / 10;
}

/**
 * The value expected on `date` on the straight path from baseline to target: the baseline on or
 * before its date, the target on or after its date (the path does not go on past the target), the
 * straight line by days in between.
 */
export function expectedValue(p: Path, date: string): number {
  const total = daysBetween(p.baselineDate, p.targetDate);
  const done = daysBetween(p.baselineDate, date);
  if (done >= total) return p.targetValue;
  if (done <= 0) return p.baselineValue;
  return p.baselineValue + ((p.targetValue - p.baselineValue) * done) / total;
}

/**
 * A date plus whole calendar months. The day stays the same unless the month is shorter: 31 January
 * plus one month is 28 (or 29) February, not 3 March — "monthly" means once in each month.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The measurements up to a date (inclusive), the latest last: by date, then by the order recorded. */
export function measurementsUpTo(measurements: readonly Measurement[], date: string): Measurement[] {
  return measurements.filter((x) => x.date <= date).sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
}

export function latestMeasurement(measurements: readonly Measurement[], date: string): Measurement | null {
  return measurementsUpTo(measurements, date).at(-1) ?? null;
}

/**
 * When the next measurement is due: one period (in calendar months) after the latest measurement, or
 * after the baseline date when there is none — but never after the target date, whose measurement
 * says whether the target was met. Null once a measurement on or after the target date exists: the
 * indicator's term is over.
 */
export function nextMeasurementDue(
  i: Pick<IndicatorFacts, 'baselineDate' | 'targetDate' | 'frequency'>,
  latestDate: string | null,
): string | null {
  if (latestDate !== null && latestDate >= i.targetDate) return null;
  const due = addMonths(latestDate ?? i.baselineDate, FREQUENCY_MONTHS[i.frequency]);
  return due < i.targetDate ? due : i.targetDate;
}

// ---- Rule: a measurement overdue for its frequency -----------------------------------------------

/**
 * Late the day after it was due (on the due date it is not late yet, as for activities). Critical when
 * a whole further period has gone by too: a second measurement missed.
 */
export function indicatorMeasurementOverdue(i: IndicatorFacts, date: string): Warning | null {
  const latest = latestMeasurement(i.measurements, date);
  const due = nextMeasurementDue(i, latest?.date ?? null);
  if (due === null || date <= due) return null;
  return {
    code: 'indicator-measurement-overdue',
    severity: date > addMonths(due, FREQUENCY_MONTHS[i.frequency]) ? 'critical' : 'warning',
    planId: i.planId,
    commitmentId: i.commitmentId,
    subject: { kind: 'indicator', id: i.id },
    params: { indicator: i.name, frequency: i.frequency, due, lastMeasured: latest?.date ?? null, daysLate: daysBetween(due, date) },
  };
}

// ---- Rule: the latest measurement off the path to the target --------------------------------------

/**
 * How many points (of the baseline→target distance) the latest measurement is behind the straight
 * path at its own date; negative when ahead. For a target equal to the baseline, 100 when the value is
 * worse than it, 0 otherwise.
 */
export function pointsBehindPath(p: Path, m: Pick<Measurement, 'value' | 'date'>): number {
  if (p.targetValue === p.baselineValue) return rawProgress(p, m.value) >= 100 ? 0 : 100;
  return rawProgress(p, expectedValue(p, m.date)) - rawProgress(p, m.value);
}

/**
 * Off path when the latest measurement (as of `date`) is more than `settings.behindPoints` points
 * behind the path at its date — the same tolerance as a commitment behind schedule, in the same unit
 * (points of the way to go). Exactly that many points behind is still on path. Critical when more than
 * twice the tolerance behind.
 */
export function indicatorOffPath(i: IndicatorFacts, date: string, settings: MonitoringSettings): Warning | null {
  const latest = latestMeasurement(i.measurements, date);
  if (!latest) return null;
  const behind = pointsBehindPath(i, latest);
  if (!(behind > settings.behindPoints)) return null;
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    code: 'indicator-off-path',
    severity: behind > 2 * settings.behindPoints ? 'critical' : 'warning',
    planId: i.planId,
    commitmentId: i.commitmentId,
    subject: { kind: 'indicator', id: i.id },
    params: {
      indicator: i.name,
      unit: i.unit,
      value: latest.value,
      date: latest.date,
      expected: round1(expectedValue(i, latest.date)),
      pointsBehind: round1(behind),
    },
  };
}

export function indicatorWarnings(i: IndicatorFacts, date: string, settings: MonitoringSettings): Warning[] {
  return [indicatorMeasurementOverdue(i, date), indicatorOffPath(i, date, settings)].filter((w): w is Warning => w !== null);
}

// ---- Status of a row of the matrix ----------------------------------------------------------------

export const INDICATOR_STATUSES = ['achieved', 'off-path', 'overdue', 'no-measurement', 'on-track'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/**
 * One word per indicator for the matrix, the first that holds in this order: the target reached (the
 * latest value at or beyond it), off its path, a measurement overdue, never measured, on track.
 * What the result is says more than when it was reported, hence off-path before overdue.
 */
export function indicatorStatus(i: IndicatorFacts, date: string, settings: MonitoringSettings): IndicatorStatus {
  const latest = latestMeasurement(i.measurements, date);
  if (latest && rawProgress(i, latest.value) >= 100) return 'achieved';
  if (indicatorOffPath(i, date, settings)) return 'off-path';
  if (indicatorMeasurementOverdue(i, date)) return 'overdue';
  if (!latest) return 'no-measurement';
  return 'on-track';
}

/** Everything a page or an export shows of an indicator on a date, computed once. */
export interface IndicatorReading {
  latest: Measurement | null;
  progress: number | null;
  expected: number;
  nextDue: string | null;
  status: IndicatorStatus;
}

export function readIndicator(i: IndicatorFacts, date: string, settings: MonitoringSettings): IndicatorReading {
  const latest = latestMeasurement(i.measurements, date);
  return {
    latest,
    progress: latest ? progressPercent(i, latest.value) : null,
    expected: expectedValue(i, date),
    nextDue: nextMeasurementDue(i, latest?.date ?? null),
    status: indicatorStatus(i, date, settings),
  };
}
