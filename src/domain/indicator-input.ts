import { INDICATOR_DIRECTIONS, INDICATOR_FREQUENCIES, targetFitsDirection, type IndicatorDirection } from './indicators.js';
import { checkDateOrder, type Checked, type FieldRule } from './input.js';

/**
 * What a person may send about an indicator and its measurements (checked by domain/input.ts
 * `checkFields`). The field names are unique across the workspace's forms, because an error names
 * its field by the one table of labels (i18n/indicators.ts).
 */
const ID = { type: 'int', min: 1, max: 2_147_483_647 } as const;
/** Wide enough for money in soles, narrow enough to stay exact in a double. */
const VALUE = { type: 'number', required: true, min: -1e12, max: 1e12 } as const;

/** The form's field for each column of indicators. */
export const INDICATOR_COLUMNS = {
  indicatorName: 'name',
  unit: 'unit',
  direction: 'direction',
  baselineValue: 'baseline_value',
  baselineDate: 'baseline_date',
  targetValue: 'target_value',
  targetDate: 'target_date',
  frequency: 'frequency',
  meansOfVerification: 'means_of_verification',
  agencyId: 'agency_id',
  activityId: 'activity_id',
} as const;
export type IndicatorField = keyof typeof INDICATOR_COLUMNS;

export const INDICATOR_RULES: Record<IndicatorField, FieldRule> = {
  indicatorName: { type: 'text', required: true, max: 500 },
  unit: { type: 'text', required: true, max: 100 },
  direction: { type: 'choice', required: true, values: INDICATOR_DIRECTIONS },
  baselineValue: VALUE,
  baselineDate: { type: 'date', required: true },
  targetValue: VALUE,
  targetDate: { type: 'date', required: true },
  frequency: { type: 'choice', required: true, values: INDICATOR_FREQUENCIES },
  meansOfVerification: { type: 'text', max: 2000, multiline: true },
  agencyId: ID,
  activityId: ID,
};

export const MEASUREMENT_COLUMNS = {
  measuredValue: 'value',
  measuredOn: 'date',
  measurementSource: 'source',
  measurementNote: 'note',
} as const;
export type MeasurementField = keyof typeof MEASUREMENT_COLUMNS;

export const MEASUREMENT_RULES: Record<MeasurementField, FieldRule> = {
  measuredValue: VALUE,
  measuredOn: { type: 'date', required: true },
  measurementSource: { type: 'text', max: 1000 },
  measurementNote: { type: 'text', max: 2000, multiline: true },
};

/**
 * The checks across fields: the target date not before the baseline's, the target on the better side
 * of the baseline. `stored`: the values a partial save leaves as they are.
 */
export function checkIndicatorPath(checked: Checked, stored: Record<string, unknown> = {}): Checked {
  checkDateOrder(checked, 'baselineDate', 'targetDate', stored as Checked['values']);
  const pick = (f: string) => (f in checked.values ? checked.values[f] : stored[f]);
  const direction = pick('direction');
  const baselineValue = pick('baselineValue');
  const targetValue = pick('targetValue');
  if (typeof baselineValue === 'number' && typeof targetValue === 'number' && (direction === 'up' || direction === 'down')) {
    if (!targetFitsDirection({ direction: direction as IndicatorDirection, baselineValue, targetValue }))
      checked.errors.push({ field: 'targetValue', code: 'target_direction' });
  }
  return checked;
}

/** A measurement is of something that happened: not after today, nor before the indicator's baseline. */
export function checkMeasurementDate(checked: Checked, facts: { today: string; baselineDate: string }): Checked {
  const v = checked.values.measuredOn;
  if (typeof v !== 'string') return checked;
  if (v > facts.today) checked.errors.push({ field: 'measuredOn', code: 'future_date' });
  else if (v < facts.baselineDate) checked.errors.push({ field: 'measuredOn', code: 'before_baseline', param: facts.baselineDate });
  return checked;
}
