import {
  checkIndicatorPath,
  checkMeasurementDate,
  INDICATOR_COLUMNS,
  INDICATOR_RULES,
  MEASUREMENT_COLUMNS,
  MEASUREMENT_RULES,
} from '../../domain/indicator-input.js';
import { checkFields, expectedVersion, type FieldError, type Values } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import * as indicatorStore from '../../storage/indicators.js';
import * as planStore from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import * as workspaceStore from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import { getCommitmentIndicators, type IndicatorView } from '../indicators.js';
import type { SaveResult } from './commitments.js';
import { authorize, loadCommitment, writeContext, writeTransaction } from './context.js';

/**
 * Keeping a commitment's indicators and recording their measurements in the workspace: the
 * coordination of the government and the editors of the commitment's lead agency (can():
 * manage:indicator, record:measurement). Every write goes through AuditedWriter, so it is in the
 * public history and the page cache sees it; an indicator or measurement saved from an older version
 * than the one stored is a conflict (409), not an overwrite. Measurements are added; a correction is
 * an audited update, so every value ever recorded stays in the history.
 */

export function indicatorFieldValues(row: Row<'indicators'>): Values {
  return Object.fromEntries(
    Object.entries(INDICATOR_COLUMNS).map(([field, column]) => [field, (row[column] as string | number | null) ?? null]),
  );
}

export function measurementFieldValues(row: Row<'indicator_measurements'>): Values {
  return Object.fromEntries(
    Object.entries(MEASUREMENT_COLUMNS).map(([field, column]) => [field, (row[column] as string | number | null) ?? null]),
  );
}

const toColumns = (values: Values, columns: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([field, v]) => [columns[field]!, typeof v === 'number' ? Number(v) : v]));

/** What the indicators' forms offer: the commitment's activities and its government's agencies. */
export interface IndicatorChoices {
  activities: { id: number; number: number; title: string }[];
  agencies: { id: number; name: string; acronym: string | null }[];
  leadAgencyId: number | null;
}

async function choicesFor(store: Store, c: Awaited<ReturnType<typeof loadCommitment>>): Promise<IndicatorChoices> {
  const activities = await workspaceStore.listActivityChoices(store.db, c.id);
  const agencies = (await workspaceStore.listAgenciesOfGovernment(store.db, c.government_id)).map((a) => ({
    id: a.id,
    name: a.name,
    acronym: a.acronym,
  }));
  return { activities, agencies, leadAgencyId: c.agency_id ?? null };
}

/** The indicators of a commitment for its editors, with what the forms offer. */
export async function getEditableIndicators(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  today: string,
): Promise<{ indicators: IndicatorView[]; choices: IndicatorChoices }> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'manage:indicator', c.subject);
  return { indicators: await getCommitmentIndicators(store, commitmentId, today), choices: await choicesFor(store, c) };
}

/** What the form for a new indicator needs: the commitment and what the form offers. */
export async function getNewIndicatorForm(store: Store, actor: Actor | null, commitmentId: number) {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'manage:indicator', c.subject);
  return { commitment: { id: c.id, number: c.number, title: c.title }, choices: await choicesFor(store, c) };
}

async function loadIndicator(store: Store, actor: Actor | null, indicatorId: number, action: 'manage:indicator' | 'record:measurement') {
  const indicator = await indicatorStore.findIndicator(store.db, indicatorId);
  if (!indicator) throw new AppError('not_found', { entity: 'indicator', id: indicatorId });
  const commitment = await loadCommitment(store, indicator.commitment_id);
  authorize(actor, action, commitment.subject);
  return { indicator, commitment, actor };
}

export async function getEditableIndicator(store: Store, actor: Actor | null, indicatorId: number, today: string) {
  const { indicator, commitment } = await loadIndicator(store, actor, indicatorId, 'manage:indicator');
  const view = (await getCommitmentIndicators(store, commitment.id, today)).find((v) => v.id === indicatorId)!;
  return {
    indicator: view,
    values: indicatorFieldValues(indicator),
    version: indicator.version,
    commitment: { id: commitment.id, number: commitment.number, title: commitment.title },
    choices: await choicesFor(store, commitment),
  };
}

/** The activity must be the commitment's own, the agency one of its government's. */
async function checkReferences(store: Store['db'], values: Values, c: { id: number; government_id: number }, errors: FieldError[]) {
  const activityId = values.activityId;
  if (typeof activityId === 'number') {
    const a = await workspaceStore.findActivity(store, activityId);
    if (!a || a.commitment_id !== c.id) errors.push({ field: 'activityId', code: 'invalid_choice' });
  }
  const agencyId = values.agencyId;
  if (typeof agencyId === 'number') {
    const ag = await planStore.findAgency(store, agencyId);
    if (!ag || ag.government_id !== c.government_id) errors.push({ field: 'agencyId', code: 'invalid_choice' });
  }
}

export async function addIndicator(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'manage:indicator', c.subject);
  const checked = checkIndicatorPath(checkFields(input, INDICATOR_RULES));
  await checkReferences(store.db, checked.values, c, checked.errors);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `add indicator to commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const values = toColumns(checked.values, INDICATOR_COLUMNS);
    // Without a responsible agency given, the one that leads the commitment measures it.
    if (values.agency_id === null || values.agency_id === undefined) values.agency_id = c.agency_id ?? null;
    const id = await w.insert('indicators', { commitment_id: commitmentId, lang: 'es', ...values } as never);
    return { ok: true as const, id };
  });
}

export async function saveIndicator(
  store: Store,
  actor: Actor | null,
  indicatorId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { indicator, commitment: c, actor: who } = await loadIndicator(store, actor, indicatorId, 'manage:indicator');
  // Fields left out keep what they had (the API may send only what changes; the form sends them all).
  const checked = checkIndicatorPath(checkFields(input, INDICATOR_RULES, { partial: true }), indicatorFieldValues(indicator));
  await checkReferences(store.db, checked.values, c, checked.errors);
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    if (!(await workspaceStore.claimVersion(trx, 'indicators', indicatorId, version!))) {
      const current = await indicatorStore.findIndicator(trx, indicatorId);
      if (!current) throw new AppError('not_found', { entity: 'indicator', id: indicatorId });
      return { ok: false as const, conflict: { theirs: indicatorFieldValues(current), mine: checked.values, version: current.version } };
    }
    const current = (await indicatorStore.findIndicator(trx, indicatorId))!;
    const w = new AuditedWriter(trx, writeContext(who, `edit indicator ${indicatorId} of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    await w.update('indicators', current, toColumns(checked.values, INDICATOR_COLUMNS));
    return { ok: true as const, version: current.version };
  });
}

/**
 * When a write happens: `now` stamps the audit entry; `today` (the app's day, `app.today()`, else the
 * day of `now`) bounds a measurement's date.
 */
export interface Clock {
  now: string;
  today?: string;
}

const readClock = (clock: Clock) => {
  const now = clock.now;
  return { now, today: clock.today ?? now.slice(0, 10) };
};

/** A new measurement; `today` bounds its date (a measurement is of something that happened). */
export async function recordMeasurement(
  store: Store,
  actor: Actor | null,
  indicatorId: number,
  input: Record<string, unknown>,
  clock: Clock,
): Promise<SaveResult> {
  const { now, today } = readClock(clock);
  const { indicator, commitment: c, actor: who } = await loadIndicator(store, actor, indicatorId, 'record:measurement');
  const checked = checkMeasurementDate(checkFields(input, MEASUREMENT_RULES), { today, baselineDate: indicator.baseline_date });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `record measurement of indicator ${indicatorId} of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    const id = await w.insert('indicator_measurements', {
      indicator_id: indicatorId,
      recorded_by: who.userId,
      source: null,
      note: null,
      ...toColumns(checked.values, MEASUREMENT_COLUMNS),
    } as never);
    return { ok: true as const, id };
  });
}

/** Corrects a measurement (the fields sent; the others stay): the audit log keeps what it was. */
export async function correctMeasurement(
  store: Store,
  actor: Actor | null,
  measurementId: number,
  input: Record<string, unknown>,
  clock: Clock,
): Promise<SaveResult> {
  const { now, today } = readClock(clock);
  const m = await indicatorStore.findMeasurement(store.db, measurementId);
  if (!m) throw new AppError('not_found', { entity: 'measurement', id: measurementId });
  const { indicator, commitment: c, actor: who } = await loadIndicator(store, actor, m.indicator_id, 'record:measurement');
  const checked = checkMeasurementDate(checkFields(input, MEASUREMENT_RULES, { partial: true }), {
    today,
    baselineDate: indicator.baseline_date,
  });
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    if (!(await workspaceStore.claimVersion(trx, 'indicator_measurements', measurementId, version!))) {
      const current = await indicatorStore.findMeasurement(trx, measurementId);
      if (!current) throw new AppError('not_found', { entity: 'measurement', id: measurementId });
      return { ok: false as const, conflict: { theirs: measurementFieldValues(current), mine: checked.values, version: current.version } };
    }
    const current = (await indicatorStore.findMeasurement(trx, measurementId))!;
    const w = new AuditedWriter(
      trx,
      writeContext(who, `correct measurement ${measurementId} of indicator ${indicator.id} of commitment ${c.number}`, now),
    )
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    await w.update('indicator_measurements', current, toColumns(checked.values, MEASUREMENT_COLUMNS));
    return { ok: true as const, version: current.version };
  });
}

/** The indicator a measurement belongs to (where a form goes back to). */
export async function indicatorOfMeasurement(store: Store, measurementId: number): Promise<number> {
  const m = await indicatorStore.findMeasurement(store.db, measurementId);
  if (!m) throw new AppError('not_found', { entity: 'measurement', id: measurementId });
  return m.indicator_id;
}
