import { ChainVerifier, type ChainBreakReason } from '../domain/audit-chain.js';
import { isLevel, type Level } from '../domain/levels.js';
import { ACTIVITY_STATUSES, EVIDENCE_KINDS, type ActivityStatus, type EvidenceKind, type RoundKind } from '../domain/types.js';
import { AppError } from '../errors.js';
import {
  auditEntriesInOrder,
  countPublicHistoryGroups,
  listPublicHistoryEntries,
  listPublicHistoryGroups,
  listRoundsOfAssessments,
  type PublicHistoryFilter,
} from '../storage/audit.js';
import { agencyNames } from '../storage/commitment-template.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import * as indicatorStore from '../storage/indicators.js';

/**
 * The audit log's two public faces: `verifyAuditLog` checks its hash chain (`vigia audit verify`);
 * `getCommitmentHistory` reads a commitment's published changes from it (the history page).
 */

// ---------------------------------------------------------------------------------------------------
// Verification

export interface BrokenEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number;
  reason: ChainBreakReason;
  /** The entry it should have followed; null when it should have been the first. */
  previousId: number | null;
}

export interface VerifyResult {
  /** Entries found correct (all of them when nothing is broken; those before the break otherwise). */
  checked: number;
  /** The last correct entry and its hash: kept outside Vigía, it reveals entries cut from the end. */
  head: { id: number; hash: string } | null;
  broken: BrokenEntry | null;
}

/** Recomputes the chain from the first entry, a page at a time, and stops at the first broken entry. */
export async function verifyAuditLog(store: Store, options: { pageSize?: number } = {}): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  for await (const page of auditEntriesInOrder(store.db, options.pageSize ?? 1000)) {
    for (const entry of page) {
      const found = verifier.check(entry);
      if (found) {
        const e = found.entry;
        return {
          checked: verifier.checked,
          head: verifier.head,
          broken: {
            id: Number(e.id),
            at: e.at,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entityId: Number(e.entity_id),
            reason: found.reason,
            previousId: found.previousId,
          },
        };
      }
    }
  }
  return { checked: verifier.checked, head: verifier.head, broken: null };
}

// ---------------------------------------------------------------------------------------------------
// A commitment's public history

/** How a value is shown: the view picks the words and the format for each. */
export type ValueKind =
  | 'plain'
  | 'markdown'
  | 'date'
  | 'number'
  | 'level'
  | 'activityStatus'
  | 'evidenceKind'
  | 'theme'
  | 'activity'
  | 'otherFields'
  | 'indicatorWord'
  /** An agency by its id: a co-lead, a milestone's responsible (issue 19). */
  | 'agency'
  /** Which of the template's fields a modification changed: the view names it by its label. */
  | 'templateField';

/**
 * What the public sees of each kind of record, field by field. An allow-list: a column that is not
 * here (ids, origin, version, a review comment, who submitted) never reaches the page, and neither does
 * an entity that is not here — what other features add to the audit log stays private until listed.
 */
const PUBLIC_FIELDS = {
  commitments: {
    number: 'number',
    title: 'plain',
    theme_id: 'theme',
    problem: 'markdown',
    objective: 'markdown',
    description: 'markdown',
    relevance: 'markdown',
    ambition: 'markdown',
    additional_info: 'markdown',
    other_actors_government: 'markdown',
    other_actors_civil_society: 'markdown',
    other_fields: 'otherFields',
    planned_start: 'date',
    planned_end: 'date',
  },
  commitment_agencies: { as_written: 'plain', detail: 'plain', valid_from: 'date', valid_to: 'date' },
  commitment_contacts: { name: 'plain', position: 'plain', email: 'plain', phone: 'plain', valid_from: 'date', valid_to: 'date' },
  activities: {
    number: 'number',
    title: 'plain',
    details: 'markdown',
    deliverable: 'markdown',
    planned_start: 'date',
    planned_end: 'date',
    weight: 'number',
    status: 'activityStatus',
    // OGP's template (migration 0019).
    responsible_agency_id: 'agency',
    actual_end: 'date',
    percent_done: 'number',
    cancellation_reason: 'plain',
  },
  commitment_co_leads: { agency_id: 'agency', valid_from: 'date', valid_to: 'date' },
  // A modification of an approved plan's commitment: which field, why, from when (its before and after are the commitment's own entry).
  commitment_modifications: { field: 'templateField', reason: 'plain', modified_on: 'date' },
  evidence: { kind: 'evidenceKind', url: 'plain', description: 'plain', activity_id: 'activity' },
  sources: { text: 'plain', doc_number: 'plain', issuing_agency: 'plain', document_date: 'date', activity_id: 'activity' },
  assessments: { level: 'level', results: 'markdown', additional_info: 'markdown', reasons: 'markdown', next_steps: 'markdown' },
  // The indicator matrix (issue 6): every value of an indicator and of each measurement, corrections included.
  indicators: {
    name: 'plain',
    unit: 'plain',
    direction: 'indicatorWord',
    baseline_value: 'number',
    baseline_date: 'date',
    target_value: 'number',
    target_date: 'date',
    frequency: 'indicatorWord',
    means_of_verification: 'plain',
    activity_id: 'activity',
  },
  indicator_measurements: { value: 'number', date: 'date', source: 'plain', note: 'plain' },
} as const satisfies Record<string, Record<string, ValueKind>>;

export type HistoryEntity = keyof typeof PUBLIC_FIELDS;
/** "commitments.title", "assessments.level"…: every public field, so the view must name each one. */
export type HistoryField = { [E in HistoryEntity]: `${E}.${keyof (typeof PUBLIC_FIELDS)[E] & string}` }[HistoryEntity];

const PUBLIC_ENTITIES = Object.keys(PUBLIC_FIELDS) as HistoryEntity[];

export type HistoryValue =
  | { kind: 'plain' | 'markdown'; text: string }
  | { kind: 'date'; date: string }
  | { kind: 'number'; value: number }
  | { kind: 'level'; level: Level }
  | { kind: 'activityStatus'; status: ActivityStatus }
  | { kind: 'evidenceKind'; evidenceKind: EvidenceKind }
  | { kind: 'theme'; title: string | null }
  /** The activity a link is filed under; null: the commitment itself. */
  | { kind: 'activity'; number: number | null }
  | { kind: 'otherFields'; fields: { label: string; value: string }[] }
  /** An indicator's direction or frequency (up, quarterly…): the view says it in words. */
  | { kind: 'indicatorWord'; word: string }
  | { kind: 'agency'; name: string | null }
  | { kind: 'templateField'; field: string };

export interface FieldChange {
  field: HistoryField;
  before: HistoryValue | null;
  after: HistoryValue | null;
}

export interface RoundRef {
  kind: RoundKind;
  title: string;
  lang: string;
  cutoffDate: string | null;
}

/** Which record changed, with what tells it apart from its siblings. */
export type HistoryRecord =
  | { entity: 'commitments' | 'commitment_agencies' | 'commitment_contacts' | 'commitment_co_leads' | 'commitment_modifications' }
  | { entity: 'activities'; number: number | null }
  | { entity: 'evidence' | 'sources'; name: string | null }
  | { entity: 'assessments'; round: RoundRef | null }
  /** An indicator, or a measurement of one: named by the indicator. */
  | { entity: 'indicators' | 'indicator_measurements'; name: string | null };

export interface RecordChange {
  /** The audit entry's id: stable, for anchors and keys. */
  id: number;
  action: 'create' | 'update' | 'delete';
  record: HistoryRecord;
  fields: FieldChange[];
}

/** Who made a change, in the general terms the public sees: never an account, a name or an address. */
export type ChangeSource = 'import' | 'cli' | 'person' | 'system';

export interface HistoryOperation {
  /** The operation's newest entry id: a stable anchor. */
  id: number;
  at: string;
  source: ChangeSource;
  changes: RecordChange[];
}

export interface CommitmentHistory {
  commitment: { id: number; number: number; title: string; lang: string; plan: { id: number; title: string } };
  operations: HistoryOperation[];
  page: number;
  pageCount: number;
  perPage: number;
}

export const HISTORY_PER_PAGE = 50;

/** From the actor and context the writer recorded (`user:12`, `cli:ana`, `system:demo`; `import FILE sha256:…`). */
export function changeSource(actor: string, context: string | null): ChangeSource {
  if (context?.startsWith('import ')) return 'import';
  if (actor.startsWith('user:')) return 'person';
  if (actor.startsWith('cli:')) return 'cli';
  return 'system';
}

/**
 * A commitment's published changes, one operation (an import, a save) at a time, newest first, a page
 * of `perPage` operations. Unknown commitment, or a page past the last: not found.
 */
export async function getCommitmentHistory(
  store: Store,
  commitmentId: number,
  options: { page?: number; perPage?: number } = {},
): Promise<CommitmentHistory> {
  const page = options.page ?? 1;
  const perPage = options.perPage ?? HISTORY_PER_PAGE;
  const c = await commitmentStore.findCommitment(store.db, commitmentId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const filter: PublicHistoryFilter = { commitmentId, entities: PUBLIC_ENTITIES };
  const [plan, total, groups] = await Promise.all([
    planStore.findPlan(store.db, c.plan_id),
    countPublicHistoryGroups(store.db, filter),
    listPublicHistoryGroups(store.db, filter, perPage, (page - 1) * perPage),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  if (page > pageCount) throw new AppError('not_found', { entity: 'page', id: page });

  const operations: HistoryOperation[] = [];
  if (groups.length > 0) {
    const keyOf = (at: string, context: string | null) => `${at}\u0000${context ?? ''}`;
    const wanted = new Set(groups.map((g) => keyOf(g.at, g.context)));
    // Operations running at the same time can interleave ids: entries of other pages are dropped by key.
    const entries = (
      await listPublicHistoryEntries(store.db, filter, Math.min(...groups.map((g) => g.firstId)), Math.max(...groups.map((g) => g.lastId)))
    ).filter((e) => wanted.has(keyOf(e.at, e.context)));
    const describe = await describer(store, c.plan_id, commitmentId, entries);
    const byKey = new Map<string, typeof entries>();
    for (const e of entries) {
      const k = keyOf(e.at, e.context);
      byKey.set(k, [...(byKey.get(k) ?? []), e]);
    }
    for (const g of groups) {
      const list = byKey.get(keyOf(g.at, g.context)) ?? [];
      const changes = list.map(describe).filter((x): x is RecordChange => x !== null);
      // An operation that changed only what is not public (an order, an internal column) is left out.
      if (changes.length === 0 || !list[0]) continue;
      operations.push({ id: g.lastId, at: g.at, source: changeSource(list[0].actor, list[0].context), changes });
    }
  }
  return {
    commitment: { id: c.id, number: c.number, title: c.title, lang: c.lang, plan: { id: plan!.id, title: plan!.title } },
    operations,
    page,
    pageCount,
    perPage,
  };
}

type Entry = Awaited<ReturnType<typeof listPublicHistoryEntries>>[number];

/** Turns audit entries into record changes, with what the page needs to name records and values. */
async function describer(store: Store, planId: number, commitmentId: number, entries: Entry[]): Promise<(e: Entry) => RecordChange | null> {
  const assessmentIds = [...new Set(entries.filter((e) => e.entity === 'assessments').map((e) => Number(e.entity_id)))];
  const [themes, activities, evidence, sources, rounds, indicators] = await Promise.all([
    planStore.listThemes(store.db, planId),
    commitmentStore.listActivities(store.db, commitmentId),
    commitmentStore.listEvidence(store.db, commitmentId),
    commitmentStore.listSources(store.db, commitmentId),
    listRoundsOfAssessments(store.db, assessmentIds),
    indicatorStore.listIndicatorsOfCommitment(store.db, commitmentId),
  ]);
  const indicatorName = new Map(indicators.map((i) => [i.id, i.name]));
  const measurementOf = new Map(
    (
      await indicatorStore.listMeasurements(
        store.db,
        indicators.map((i) => i.id),
      )
    ).map((m) => [m.id, m.indicator_id]),
  );
  const themeTitle = new Map(themes.map((t) => [t.id, t.title]));
  const agencyIds = entries
    .filter((e) => e.entity === 'activities' || e.entity === 'commitment_co_leads')
    .flatMap((e) => [parse(e.before), parse(e.after)].flatMap((v) => [v?.agency_id, v?.responsible_agency_id]))
    .filter((x): x is number => typeof x === 'number');
  const agencies = await agencyNames(store.db, [...new Set(agencyIds)]);
  const activityNumber = new Map(activities.map((a) => [a.id, a.number]));
  const evidenceName = new Map(evidence.map((e) => [e.id, e.description ?? e.url]));
  const sourceName = new Map(sources.map((s) => [s.id, s.text]));
  const roundOf = new Map(
    rounds.map((r) => [Number(r.assessment_id), { kind: r.kind as RoundKind, title: r.title, lang: r.lang, cutoffDate: r.cutoff_date }]),
  );
  // An activity removed since still has its number in its own create and delete entries.
  for (const e of entries) {
    if (e.entity !== 'activities') continue;
    const n = Number(parse(e.after)?.number ?? parse(e.before)?.number);
    if (Number.isInteger(n) && !activityNumber.has(Number(e.entity_id))) activityNumber.set(Number(e.entity_id), n);
  }

  const value = (kind: ValueKind, raw: unknown): HistoryValue | null => {
    if (raw === null || raw === undefined || raw === '') return null;
    switch (kind) {
      case 'plain':
      case 'markdown':
        return { kind, text: String(raw) };
      case 'date':
        return { kind, date: String(raw) };
      case 'templateField':
        return { kind, field: String(raw) };
      case 'number':
        return Number.isFinite(Number(raw)) ? { kind, value: Number(raw) } : { kind: 'plain', text: String(raw) };
      case 'level':
        return isLevel(raw) ? { kind, level: raw } : { kind: 'plain', text: String(raw) };
      case 'activityStatus':
        return (ACTIVITY_STATUSES as readonly unknown[]).includes(raw)
          ? { kind, status: raw as ActivityStatus }
          : { kind: 'plain', text: String(raw) };
      case 'evidenceKind':
        return (EVIDENCE_KINDS as readonly unknown[]).includes(raw)
          ? { kind, evidenceKind: raw as EvidenceKind }
          : { kind: 'plain', text: String(raw) };
      case 'indicatorWord':
        return { kind, word: String(raw) };
      case 'theme':
        return { kind, title: themeTitle.get(Number(raw)) ?? null };
      case 'agency': {
        const a = agencies.get(Number(raw));
        return { kind, name: a ? (a.acronym ? `${a.name} (${a.acronym})` : a.name) : null };
      }
      case 'activity':
        return { kind, number: activityNumber.get(Number(raw)) ?? null };
      case 'otherFields': {
        const list = typeof raw === 'string' ? (safeJson(raw) as { label?: unknown; value?: unknown }[] | null) : null;
        if (!Array.isArray(list)) return { kind: 'plain', text: String(raw) };
        return { kind, fields: list.map((f) => ({ label: String(f.label ?? ''), value: String(f.value ?? '') })) };
      }
    }
  };

  return (e) => {
    const entity = e.entity as HistoryEntity;
    const spec = PUBLIC_FIELDS[entity] as Record<string, ValueKind> | undefined;
    if (!spec) return null;
    const before = parse(e.before) ?? {};
    const after = parse(e.after) ?? {};
    const fields: FieldChange[] = [];
    for (const [column, kind] of Object.entries(spec)) {
      if (!(column in before) && !(column in after)) continue;
      const b = value(kind, before[column]);
      const a = value(kind, after[column]);
      if (b === null && a === null) continue;
      // An activity a link was under may be gone; a move to the commitment still reads as a move.
      if (kind === 'activity' && JSON.stringify(b) === JSON.stringify(a)) continue;
      fields.push({ field: `${entity}.${column}` as HistoryField, before: b, after: a });
    }
    if (fields.length === 0) return null;
    const id = Number(e.entity_id);
    const record: HistoryRecord =
      entity === 'activities'
        ? { entity, number: activityNumber.get(id) ?? null }
        : entity === 'evidence'
          ? { entity, name: evidenceName.get(id) ?? str(after.description ?? after.url ?? before.description ?? before.url) }
          : entity === 'sources'
            ? { entity, name: sourceName.get(id) ?? str(after.text ?? before.text) }
            : entity === 'assessments'
              ? { entity, round: roundOf.get(id) ?? null }
              : entity === 'indicators'
                ? { entity, name: indicatorName.get(id) ?? str(after.name ?? before.name) }
                : entity === 'indicator_measurements'
                  ? { entity, name: indicatorName.get(measurementOf.get(id) ?? Number(after.indicator_id ?? before.indicator_id)) ?? null }
                  : { entity };
    return { id: Number(e.id), action: e.action as RecordChange['action'], record, fields };
  };
}

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  const v = safeJson(json);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function str(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : String(v);
}
