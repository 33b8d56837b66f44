import {
  readIndicator,
  type IndicatorDirection,
  type IndicatorFacts,
  type IndicatorFrequency,
  type IndicatorReading,
  indicatorWarnings,
} from '../domain/indicators.js';
import type { MonitoringSettings, Warning } from '../domain/warnings.js';
import { AppError } from '../errors.js';
import type { ExportColumn, ExportRow } from '../export/cells.js';
import { indicatorMessages } from '../i18n/indicators.js';
import type { Lang } from '../i18n/lang.js';
import type { Store } from '../storage/connect.js';
import * as indicatorStore from '../storage/indicators.js';
import * as planStore from '../storage/plans.js';
import { monitoringSettings } from './monitoring/settings.js';

/**
 * The indicator matrix as it is read: a commitment's indicators with their measurements and what the
 * domain computes of them on a date (progress, status, next due date), a plan's matrix as rows for
 * the CSV and XLSX downloads, and the two indicator early warnings of a plan. The date is always
 * given: pages pass today, tests a fixed day.
 */
export interface MeasurementView {
  id: number;
  value: number;
  date: string;
  source: string | null;
  note: string | null;
  version: number;
}

export interface IndicatorView {
  id: number;
  commitment: { id: number; number: number; title: string };
  planId: number;
  activity: { id: number; number: number; title: string } | null;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  baseline: { value: number; date: string };
  target: { value: number; date: string };
  frequency: IndicatorFrequency;
  meansOfVerification: string | null;
  agency: { id: number; name: string; acronym: string | null } | null;
  lang: string;
  version: number;
  /** Oldest first. */
  measurements: MeasurementView[];
  reading: IndicatorReading;
}

export function factsOf(
  v: Pick<
    IndicatorView,
    'id' | 'commitment' | 'planId' | 'name' | 'unit' | 'direction' | 'baseline' | 'target' | 'frequency' | 'measurements'
  >,
): IndicatorFacts {
  return {
    id: v.id,
    commitmentId: v.commitment.id,
    planId: v.planId,
    name: v.name,
    unit: v.unit,
    direction: v.direction,
    baselineValue: v.baseline.value,
    baselineDate: v.baseline.date,
    targetValue: v.target.value,
    targetDate: v.target.date,
    frequency: v.frequency,
    measurements: v.measurements,
  };
}

/** Read with the plan's own thresholds unless `given` (a caller that has them already). */
async function indicatorViews(
  store: Store,
  scope: { planId: number } | { commitmentId: number },
  date: string,
  given?: MonitoringSettings,
): Promise<IndicatorView[]> {
  const rows = await indicatorStore.listIndicatorRows(store.db, scope);
  if (rows.length === 0) return [];
  const settings = given ?? (await monitoringSettings(store.db, rows[0]!.plan_id));
  const measurements = await indicatorStore.listMeasurements(
    store.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const view: Omit<IndicatorView, 'reading'> = {
      id: r.id,
      commitment: { id: r.commitment_id, number: r.commitment_number, title: r.commitment_title },
      planId: r.plan_id,
      activity:
        r.activity_id !== null && r.activity_number !== null
          ? { id: r.activity_id, number: r.activity_number, title: r.activity_title ?? '' }
          : null,
      name: r.name,
      unit: r.unit,
      direction: r.direction as IndicatorDirection,
      baseline: { value: Number(r.baseline_value), date: r.baseline_date },
      target: { value: Number(r.target_value), date: r.target_date },
      frequency: r.frequency as IndicatorFrequency,
      meansOfVerification: r.means_of_verification,
      agency: r.agency_id !== null && r.agency_name !== null ? { id: r.agency_id, name: r.agency_name, acronym: r.agency_acronym } : null,
      lang: r.lang,
      version: r.version,
      measurements: measurements
        .filter((m) => m.indicator_id === r.id)
        .map((m) => ({ id: m.id, value: Number(m.value), date: m.date, source: m.source, note: m.note, version: m.version })),
    };
    return { ...view, reading: readIndicator(factsOf(view), date, settings) };
  });
}

/** A commitment's indicators as its public page shows them on `date`. */
export function getCommitmentIndicators(
  store: Store,
  commitmentId: number,
  date: string,
  settings?: MonitoringSettings,
): Promise<IndicatorView[]> {
  return indicatorViews(store, { commitmentId }, date, settings);
}

export async function getPlanIndicators(
  store: Store,
  planId: number,
  date: string,
  settings?: MonitoringSettings,
): Promise<IndicatorView[]> {
  if (!(await planStore.findPlan(store.db, planId))) throw new AppError('not_found', { entity: 'plan', id: planId });
  return indicatorViews(store, { planId }, date, settings);
}

/**
 * The two indicator rules (measurement overdue, off path) over a plan's indicators on `date`: part of
 * planWarnings.
 */
export async function indicatorWarningsOfPlan(
  store: Store,
  planId: number,
  date: string,
  settings?: MonitoringSettings,
): Promise<Warning[]> {
  const s = settings ?? (await monitoringSettings(store.db, planId));
  const views = await indicatorViews(store, { planId }, date, s);
  return views.flatMap((v) => indicatorWarnings(factsOf(v), date, s));
}

// ---- The matrix as a download ---------------------------------------------------------------------

const MATRIX_KEYS = [
  'commitment',
  'commitmentTitle',
  'indicator',
  'unit',
  'direction',
  'baselineValue',
  'baselineDate',
  'targetValue',
  'targetDate',
  'frequency',
  'latestValue',
  'latestDate',
  'progress',
  'status',
  'nextDue',
  'agency',
  'verification',
] as const;

export function matrixColumns(lang: Lang): ExportColumn[] {
  const m = indicatorMessages[lang];
  return MATRIX_KEYS.map((key) => ({ key, label: m.columns[key]! }));
}

/** One row per indicator: numbers as numbers, dates ISO, words (direction, frequency, status) in `lang`. */
export function matrixRow(v: IndicatorView, lang: Lang): ExportRow {
  const m = indicatorMessages[lang];
  return {
    commitment: v.commitment.number,
    commitmentTitle: v.commitment.title,
    indicator: v.name,
    unit: v.unit,
    direction: m.directions[v.direction],
    baselineValue: v.baseline.value,
    baselineDate: v.baseline.date,
    targetValue: v.target.value,
    targetDate: v.target.date,
    frequency: m.frequencies[v.frequency],
    latestValue: v.reading.latest?.value ?? null,
    latestDate: v.reading.latest?.date ?? null,
    progress: v.reading.progress,
    status: m.statuses[v.reading.status],
    nextDue: v.reading.nextDue,
    agency: v.agency ? (v.agency.acronym ? `${v.agency.name} (${v.agency.acronym})` : v.agency.name) : null,
    verification: v.meansOfVerification,
  };
}

export async function matrixRows(
  store: Store,
  planId: number,
  date: string,
  lang: Lang,
  settings?: MonitoringSettings,
): Promise<ExportRow[]> {
  return (await getPlanIndicators(store, planId, date, settings)).map((v) => matrixRow(v, lang));
}

/** `vigia-indicadores-plan-1.csv`, `vigia-indicators-plan-1.xlsx`. */
export function matrixFileName(planId: number, format: 'csv' | 'xlsx', lang: Lang): string {
  return `vigia-${indicatorMessages[lang].fileName}-plan-${planId}.${format}`;
}
