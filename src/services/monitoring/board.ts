import { can } from '../../domain/permissions.js';
import type { Actor } from '../../domain/roles.js';
import type { LightReason } from '../../domain/traffic-light.js';
import { lightReasonText, warningMessage } from '../../i18n/warnings.js';
import {
  SEVERITIES,
  warningBasis,
  warningKey,
  type MonitoringSettings,
  type Severity,
  type TrafficLight,
  type Warning,
} from '../../domain/warnings.js';
import { AppError } from '../../errors.js';
import type { Lang } from '../../i18n/lang.js';
import type { Store } from '../../storage/connect.js';
import { listCurrentCoLeadsOfPlan } from '../../storage/commitment-template.js';
import { listAcknowledgements, listBoardCommitments, listMovedActivities } from '../../storage/monitoring.js';
import * as planStore from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { monitoringSettings, planLights } from './warnings.js';

/**
 * The monitoring board: every commitment of a plan in the person's view with its traffic light and its
 * warnings on a date, each warning with its acknowledgement when one answers it. Acknowledged warnings
 * still colour the light (an answer explains a delay, it does not end it; a new planned date does, by
 * ending the warning) and are counted apart from the open ones.
 */
export interface Acknowledgement {
  id: number;
  by: string;
  at: string;
  reason: string | null;
  correctiveAction: string | null;
  newPlannedEnd: string | null;
  previousPlannedEnd: string | null;
}

export interface BoardWarning extends Warning {
  key: string;
  message: string;
  acknowledgement: Acknowledgement | null;
}

export interface BoardAgency {
  id: number;
  name: string;
  acronym: string | null;
}

export interface BoardRow {
  id: number;
  number: number;
  title: string;
  theme: { id: number; title: string };
  agency: BoardAgency | null;
  /** The agencies that lead it beside the first (decision 030): their editors see the row as their own. */
  coLeads: BoardAgency[];
  plannedEnd: string | null;
  originalPlannedEnd: string | null;
  light: TrafficLight;
  /** How the light was decided, and that in words (decision 036). */
  lightReason: LightReason & { text: string };
  warnings: BoardWarning[];
  /** Activities whose planned end was moved: the new date beside the original one. */
  movedActivities: { id: number; number: number; title: string; plannedEnd: string | null; originalPlannedEnd: string }[];
  canAcknowledge: boolean;
}

export interface MonitoringBoard {
  plan: { id: number; title: string };
  date: string;
  settings: MonitoringSettings;
  /** Coordinators see every commitment and may change the settings; an agency editor sees its agency's. */
  scope: 'plan' | 'agency';
  filters: { agency: number | null; theme: number | null; severity: Severity | null };
  options: { agencies: { id: number; name: string }[]; themes: { id: number; title: string }[] };
  counts: { lights: Record<TrafficLight, number>; open: number; acknowledged: number };
  rows: BoardRow[];
}

export function toAcknowledgement(a: Row<'warning_acknowledgements'>): Acknowledgement {
  return {
    id: a.id,
    by: a.actor_name,
    at: a.created_at,
    reason: a.reason,
    correctiveAction: a.corrective_action,
    newPlannedEnd: a.new_planned_end,
    previousPlannedEnd: a.previous_planned_end,
  };
}

/** The latest acknowledgement of each warning whose key and basis it matches. */
export function matchAcknowledgements(warnings: Warning[], acks: Row<'warning_acknowledgements'>[]): Map<Warning, Acknowledgement> {
  const latest = new Map<string, Row<'warning_acknowledgements'>>();
  for (const a of acks) latest.set(`${a.warning_key}|${a.basis}`, a);
  const found = new Map<Warning, Acknowledgement>();
  for (const w of warnings) {
    const a = latest.get(`${warningKey(w)}|${warningBasis(w)}`);
    if (a) found.set(w, toAcknowledgement(a));
  }
  return found;
}

export interface BoardQuery {
  date: string;
  agency?: string | undefined;
  theme?: string | undefined;
  severity?: string | undefined;
  /** The parameters' names as the asker wrote them (the page's are Spanish), for the error's words. */
  names?: { agency: string; theme: string; severity: string };
}

const idFilter = (value: string | undefined, field: string): number | null => {
  if (value === undefined || value === '') return null;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new AppError('invalid_input', { field, value: value.slice(0, 40) });
  return Number(value);
};

export async function getMonitoringBoard(
  store: Store,
  actor: Actor | null,
  planId: number,
  query: BoardQuery,
  lang: Lang,
): Promise<MonitoringBoard> {
  if (!actor) throw new AppError('unauthenticated');
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  const subject = { governmentId: plan.government_id };
  // An agency's editors see their agency's rows (the policy's read:drafts: warnings stand on drafts too),
  // and only on a plan of their agency's own government.
  const ownAgency = actor.agencyId !== null ? await planStore.findAgency(store.db, actor.agencyId) : undefined;
  const agencyRows =
    !!ownAgency && ownAgency.government_id === plan.government_id && can(actor, 'read:drafts', { ...subject, agencyId: actor.agencyId });
  const scope = can(actor, 'manage:plan', subject) ? 'plan' : agencyRows ? 'agency' : null;
  if (!scope) throw new AppError('forbidden');
  const names = query.names ?? { agency: 'agency', theme: 'theme', severity: 'severity' };
  const filters = {
    agency: idFilter(query.agency, names.agency),
    theme: idFilter(query.theme, names.theme),
    severity:
      query.severity === undefined || query.severity === ''
        ? null
        : (SEVERITIES as readonly string[]).includes(query.severity)
          ? (query.severity as Severity)
          : null,
  };
  if (query.severity && !filters.severity)
    throw new AppError('invalid_input', { field: names.severity, value: query.severity.slice(0, 40) });

  const settings = await monitoringSettings(store.db, planId);
  const [commitments, coLeadRows, { warnings, lights: decided }, acks, moved] = await Promise.all([
    listBoardCommitments(store.db, planId),
    listCurrentCoLeadsOfPlan(store.db, planId),
    planLights(store, planId, query.date, settings),
    listAcknowledgements(store.db, planId),
    listMovedActivities(store.db, planId),
  ]);
  const coLeadsOf = new Map<number, BoardAgency[]>();
  for (const r of coLeadRows)
    coLeadsOf.set(r.commitment_id, [
      ...(coLeadsOf.get(r.commitment_id) ?? []),
      { id: r.agency_id, name: r.agency_name, acronym: r.agency_acronym },
    ]);
  // Every agency that leads a commitment now, the first and its co-leads: the agency's view, its filter and who answers.
  const leadsOf = (c: (typeof commitments)[number]) => [
    ...(c.agency_id === null ? [] : [{ id: c.agency_id, name: c.agency_name!, acronym: c.agency_acronym }]),
    ...(coLeadsOf.get(c.id) ?? []),
  ];
  const inScope = commitments.filter((c) => scope === 'plan' || leadsOf(c).some((a) => a.id === actor.agencyId));
  const acknowledged = matchAcknowledgements(warnings, acks);
  const rows: BoardRow[] = [];
  for (const c of inScope) {
    const leads = leadsOf(c);
    if (filters.agency !== null && !leads.some((a) => a.id === filters.agency)) continue;
    if (filters.theme !== null && c.theme_id !== filters.theme) continue;
    const own = warnings.filter((w) => w.commitmentId === c.id);
    const shown = filters.severity ? own.filter((w) => w.severity === filters.severity) : own;
    if (filters.severity && shown.length === 0) continue;
    const decision = decided.get(c.id)!;
    rows.push({
      id: c.id,
      number: c.number,
      title: c.title,
      theme: { id: c.theme_id, title: c.theme_title },
      agency: c.agency_id === null ? null : { id: c.agency_id, name: c.agency_name!, acronym: c.agency_acronym },
      coLeads: coLeadsOf.get(c.id) ?? [],
      plannedEnd: c.planned_end,
      originalPlannedEnd: c.original_planned_end,
      light: decision.light,
      lightReason: { ...decision.reason, text: lightReasonText(decision.reason, lang) },
      warnings: shown.map((w) => ({
        ...w,
        key: warningKey(w),
        message: warningMessage(w, lang),
        acknowledgement: acknowledged.get(w) ?? null,
      })),
      movedActivities: moved
        .filter((a) => a.commitment_id === c.id)
        .map((a) => ({
          id: a.id,
          number: a.number,
          title: a.title,
          plannedEnd: a.planned_end,
          originalPlannedEnd: a.original_planned_end!,
        })),
      canAcknowledge: can(actor, 'edit:commitment', {
        governmentId: plan.government_id,
        agencyId: c.agency_id,
        agencyIds: leads.map((a) => a.id),
      }),
    });
  }
  const lights = countLights(rows);
  const all = rows.flatMap((r) => r.warnings);
  const agencies = new Map<number, string>();
  const themes = new Map<number, string>();
  for (const c of inScope) {
    for (const a of leadsOf(c)) agencies.set(a.id, a.acronym ?? a.name);
    themes.set(c.theme_id, c.theme_title);
  }
  return {
    plan: { id: plan.id, title: plan.title },
    date: query.date,
    settings,
    scope,
    filters,
    options: {
      agencies: [...agencies].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      themes: [...themes].map(([id, title]) => ({ id, title })),
    },
    counts: { lights, open: all.filter((w) => !w.acknowledgement).length, acknowledged: all.filter((w) => w.acknowledgement).length },
    rows,
  };
}

function countLights(rows: readonly { light: TrafficLight }[]): Record<TrafficLight, number> {
  const counts: Record<TrafficLight, number> = { green: 0, amber: 0, red: 0, 'no-data': 0 };
  for (const r of rows) counts[r.light]++;
  return counts;
}

/**
 * The public semáforo of a plan on a date, or null when the plan's setting keeps it off. Levels come
 * from published rounds only: a light must not reveal a draft assessment.
 */
export interface PublicTrafficLights {
  date: string;
  counts: Record<TrafficLight, number>;
  rows: { id: number; number: number; title: string; light: TrafficLight; reason: LightReason }[];
}

export async function getPublicTrafficLights(store: Store, planId: number, date: string): Promise<PublicTrafficLights | null> {
  const settings = await monitoringSettings(store.db, planId);
  if (!settings.publicTrafficLight) return null;
  const [commitments, { lights }] = await Promise.all([
    listBoardCommitments(store.db, planId),
    planLights(store, planId, date, settings, { publishedOnly: true }),
  ]);
  const rows = commitments
    .map((c) => ({ id: c.id, number: c.number, title: c.title, ...lights.get(c.id)! }))
    .sort((a, b) => a.number - b.number);
  return { date, counts: countLights(rows), rows };
}
