import { isLevel, levelLabel, type Level } from '../domain/levels.js';
import { percentOf } from '../domain/summary.js';
import type { PlanStatus, RoundKind } from '../domain/types.js';
import { AppError } from '../errors.js';
import { messages } from '../i18n/index.js';
import type { Lang } from '../i18n/lang.js';
import { COLUMN_LABELS, type ColumnKey } from '../i18n/opendata.js';
import type { Store } from '../storage/connect.js';
import { agencyNames } from '../storage/commitment-template.js';
import * as opendataStore from '../storage/opendata.js';
import * as planStore from '../storage/plans.js';
import type { Row } from '../storage/schema.js';
import { getSummary } from './plans.js';

/**
 * The public listings as tables, for the open-data downloads (CSV, XLSX, JSON) and the DCAT catalogue.
 * Each dataset is its columns (a stable key and a label in each language) and its rows, given as an
 * async iterable read from the database a page at a time, so a writer can stream them with flat
 * memory. Only published rounds' levels are public: levels always come from published rounds.
 */

export const DATASETS = ['plans', 'commitments', 'activities', 'assessments', 'summary'] as const;
export type DatasetName = (typeof DATASETS)[number];

export type Cell = string | number | null;
export type DataRow = Partial<Record<ColumnKey, Cell>>;

export interface Column {
  key: ColumnKey;
  label_es: string;
  label_en: string;
}

export interface Dataset {
  name: DatasetName;
  columns: Column[];
  rows: AsyncIterable<DataRow>;
}

export interface DatasetOptions {
  /** Only this plan's rows; an unknown plan is a not_found error, raised before any row is read. */
  planId?: number;
  /** The language of the words inside the values: level, status and round-kind labels, the "Total" row. */
  lang: Lang;
  /** Rows per query (PAGE_SIZE by default); tests make it small to cross page boundaries. */
  pageSize?: number;
}

/** Rows read per query: commitments (or assessments) of one plan, with what hangs from them. */
export const PAGE_SIZE = 500;

function columns(...keys: ColumnKey[]): Column[] {
  return keys.map((key) => ({ key, label_es: COLUMN_LABELS[key].es, label_en: COLUMN_LABELS[key].en }));
}

export function columnLabel(column: Column, lang: Lang): string {
  return lang === 'en' ? column.label_en : column.label_es;
}

const COLUMNS: Record<DatasetName, Column[]> = {
  plans: columns(
    'plan_id',
    'government',
    'country_code',
    'title',
    'lang',
    'period_start',
    'period_end',
    'approval_instrument',
    'approval_date',
    'status',
    'status_label',
    'commitment_count',
    'current_round_id',
    'current_round',
    'complete_pct',
    'substantial_or_complete_pct',
    'updated_at',
  ),
  commitments: columns(
    'plan_id',
    'plan_title',
    'theme_position',
    'theme',
    'commitment_id',
    'number',
    'title',
    'lang',
    'lead_agency',
    'lead_agency_acronym',
    'lead_agency_unit',
    'contact_name',
    'contact_position',
    'contact_email',
    'contact_phone',
    'other_actors_government',
    'other_actors_civil_society',
    'problem',
    'objective',
    'description',
    'relevance',
    'ambition',
    'additional_info',
    'other_fields',
    'planned_start',
    'planned_end',
    'round_id',
    'round',
    'level',
    'level_label',
    'updated_at',
  ),
  activities: columns(
    'plan_id',
    'commitment_id',
    'commitment_number',
    'commitment_title',
    'activity_id',
    'number',
    'title',
    'details',
    'planned_start',
    'planned_end',
    'weight',
    'activity_status',
    // OGP's template (issue 19): what is delivered, who answers for it, when it ended, how much is done.
    'deliverable',
    'responsible_agency',
    'actual_end',
    'percent_done',
    'cancellation_reason',
    'evidence_urls',
    'sources',
    'updated_at',
  ),
  assessments: columns(
    'plan_id',
    'plan_title',
    'round_id',
    'round_kind',
    'round_kind_label',
    'round_title',
    'round_cutoff',
    'commitment_id',
    'commitment_number',
    'commitment_title',
    'level',
    'level_label',
    'results',
    'additional_info',
    'reasons',
    'next_steps',
    'updated_at',
  ),
  summary: columns(
    'plan_id',
    'plan_title',
    'round_id',
    'round_kind',
    'round_kind_label',
    'round_title',
    'round_cutoff',
    'theme_position',
    'theme',
    'not_started',
    'limited',
    'substantial',
    'complete',
    'unassessed',
    'total',
    'pct_not_started',
    'pct_limited',
    'pct_substantial',
    'pct_complete',
  ),
};

export function datasetColumns(name: DatasetName): Column[] {
  return COLUMNS[name];
}

export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && (DATASETS as readonly string[]).includes(value);
}

/** One dataset, checked (the plan exists) before its rows are read. */
export async function openDataset(store: Store, name: DatasetName, options: DatasetOptions): Promise<Dataset> {
  switch (name) {
    case 'plans':
      return plansDataset(store, options);
    case 'commitments':
      return commitmentsDataset(store, options);
    case 'activities':
      return activitiesDataset(store, options);
    case 'assessments':
      return assessmentsDataset(store, options);
    case 'summary':
      return summaryDataset(store, options);
  }
}

/** Every row of a dataset at once: for tests and small consumers. */
export async function collectRows(dataset: Dataset): Promise<DataRow[]> {
  const out: DataRow[] = [];
  for await (const row of dataset.rows) out.push(row);
  return out;
}

// ——— helpers ———

type PlanRow = Awaited<ReturnType<typeof planStore.listPlansWithGovernment>>[number];

/** The plans a download covers: all, or the one asked for (a 404 when it does not exist). */
async function plansInScope(store: Store, planId: number | undefined): Promise<PlanRow[]> {
  const plans = await planStore.listPlansWithGovernment(store.db, planId);
  if (planId !== undefined && plans.length === 0) throw new AppError('not_found', { entity: 'plan', id: planId });
  return plans;
}

/** The published rounds of each plan, in order; the last one is the plan's current round. */
async function publishedRoundsByPlan(store: Store, planIds: number[]): Promise<Map<number, Row<'rounds'>[]>> {
  const rounds = await planStore.listPublishedRounds(store.db, planIds);
  const byPlan = new Map<number, Row<'rounds'>[]>();
  for (const r of rounds) {
    const list = byPlan.get(r.plan_id) ?? [];
    list.push(r);
    byPlan.set(r.plan_id, list);
  }
  return byPlan;
}

const levelOf = (value: string | null): Level | null => (isLevel(value) ? value : null);
const latest = (...stamps: (string | null | undefined)[]): string | null =>
  stamps
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .sort()
    .at(-1) ?? null;

async function* commitmentPages(store: Store, planIds: number[], pageSize: number) {
  for (const planId of planIds) {
    let after: opendataStore.CommitmentCursor | null = null;
    for (;;) {
      const page = await opendataStore.commitmentsPage(store.db, planId, after, pageSize);
      if (page.length > 0) yield page;
      if (page.length < pageSize) break;
      const last = page.at(-1)!;
      after = { number: last.number, id: last.id };
    }
  }
}

function otherFieldsText(json: string | null): string | null {
  if (!json) return null;
  try {
    const fields = JSON.parse(json) as { label: string; value: string }[];
    if (!Array.isArray(fields) || fields.length === 0) return null;
    return fields.map((f) => `${f.label}: ${f.value}`).join('\n\n');
  } catch {
    return null;
  }
}

// ——— the datasets ———

export async function plansDataset(store: Store, options: DatasetOptions): Promise<Dataset> {
  const plans = await plansInScope(store, options.planId);
  const { lang } = options;
  async function* rows(): AsyncGenerator<DataRow> {
    const ids = plans.map((p) => p.id);
    const [roundsByPlan, counts] = await Promise.all([publishedRoundsByPlan(store, ids), planStore.countCommitmentsByPlan(store.db)]);
    const countOf = new Map(counts.map((c) => [c.plan_id, Number(c.n)]));
    const current = new Map([...roundsByPlan].map(([planId, rounds]) => [planId, rounds.at(-1)!]));
    const levelCounts = await planStore.countLevelsByRound(
      store.db,
      [...current.values()].map((r) => r.id),
    );
    for (const p of plans) {
      const round = current.get(p.id) ?? null;
      const total = countOf.get(p.id) ?? 0;
      const at = (level: Level) => levelCounts.filter((c) => c.round_id === round?.id && c.level === level).reduce((n, c) => n + c.n, 0);
      yield {
        plan_id: p.id,
        government: p.government_name,
        country_code: p.government_country,
        title: p.title,
        lang: p.lang,
        period_start: p.period_start,
        period_end: p.period_end,
        approval_instrument: p.approval_instrument,
        approval_date: p.approval_date,
        status: p.status,
        status_label: messages(lang).planStatuses[p.status as PlanStatus] ?? p.status,
        commitment_count: total,
        current_round_id: round?.id ?? null,
        current_round: round?.title ?? null,
        complete_pct: round ? percentOf(at('complete'), total) : null,
        substantial_or_complete_pct: round ? percentOf(at('substantial') + at('complete'), total) : null,
        updated_at: p.updated_at,
      };
    }
  }
  return { name: 'plans', columns: COLUMNS.plans, rows: rows() };
}

export async function commitmentsDataset(store: Store, options: DatasetOptions): Promise<Dataset> {
  const plans = await plansInScope(store, options.planId);
  const { lang } = options;
  async function* rows(): AsyncGenerator<DataRow> {
    const roundsByPlan = await publishedRoundsByPlan(
      store,
      plans.map((p) => p.id),
    );
    for await (const page of commitmentPages(
      store,
      plans.map((p) => p.id),
      options.pageSize ?? PAGE_SIZE,
    )) {
      const ids = page.map((c) => c.id);
      const round = roundsByPlan.get(page[0]!.plan_id)?.at(-1) ?? null;
      const [agencies, contacts, assessments] = await Promise.all([
        opendataStore.currentLeadAgenciesOf(store.db, ids),
        opendataStore.currentContactsOf(store.db, ids),
        round ? opendataStore.assessmentsOf(store.db, ids, [round.id]) : Promise.resolve([]),
      ]);
      // Should two entries be current at once, the first one written wins, as on the commitment page.
      const agencyOf = new Map<number, (typeof agencies)[number]>();
      for (const a of agencies) if (!agencyOf.has(a.commitment_id)) agencyOf.set(a.commitment_id, a);
      const contactOf = new Map<number, Row<'commitment_contacts'>>();
      for (const x of contacts) if (!contactOf.has(x.commitment_id)) contactOf.set(x.commitment_id, x);
      const assessmentOf = new Map(assessments.map((a) => [a.commitment_id, a]));
      for (const c of page) {
        const agency = agencyOf.get(c.id);
        const contact = contactOf.get(c.id);
        const assessment = assessmentOf.get(c.id);
        const level = levelOf(assessment?.level ?? null);
        yield {
          plan_id: c.plan_id,
          plan_title: c.plan_title,
          // Themes are stored from 0; people count them from 1, as the summary's rows do.
          theme_position: c.theme_position + 1,
          theme: c.theme_title,
          commitment_id: c.id,
          number: c.number,
          title: c.title,
          lang: c.lang,
          lead_agency: agency?.agency_name ?? null,
          lead_agency_acronym: agency?.agency_acronym ?? null,
          lead_agency_unit: agency?.detail ?? null,
          contact_name: contact?.name ?? null,
          contact_position: contact?.position ?? null,
          contact_email: contact?.email ?? null,
          contact_phone: contact?.phone ?? null,
          other_actors_government: c.other_actors_government,
          other_actors_civil_society: c.other_actors_civil_society,
          problem: c.problem,
          objective: c.objective,
          description: c.description,
          relevance: c.relevance,
          ambition: c.ambition,
          additional_info: c.additional_info,
          other_fields: otherFieldsText(c.other_fields),
          planned_start: c.planned_start,
          planned_end: c.planned_end,
          round_id: round?.id ?? null,
          round: round?.title ?? null,
          level,
          level_label: level ? levelLabel(level, lang) : null,
          updated_at: latest(c.updated_at, assessment?.updated_at, agency?.created_at, contact?.created_at),
        };
      }
    }
  }
  return { name: 'commitments', columns: COLUMNS.commitments, rows: rows() };
}

export async function activitiesDataset(store: Store, options: DatasetOptions): Promise<Dataset> {
  const plans = await plansInScope(store, options.planId);
  async function* rows(): AsyncGenerator<DataRow> {
    for await (const page of commitmentPages(
      store,
      plans.map((p) => p.id),
      options.pageSize ?? PAGE_SIZE,
    )) {
      const ids = page.map((c) => c.id);
      const [activities, evidence, sources, leads] = await Promise.all([
        opendataStore.activitiesOf(store.db, ids),
        opendataStore.activityEvidenceOf(store.db, ids),
        opendataStore.activitySourcesOf(store.db, ids),
        opendataStore.currentLeadAgenciesOf(store.db, ids),
      ]);
      // A milestone with no responsible of its own answers to its commitment's lead.
      const leadOf = new Map(leads.map((l) => [l.commitment_id, l.agency_id]));
      const named = await agencyNames(
        store.db,
        [...new Set([...activities.map((a) => a.responsible_agency_id), ...leadOf.values()])].filter((x): x is number => x !== null),
      );
      const group = <T extends { activity_id: number | null }>(items: T[]) => {
        const m = new Map<number, T[]>();
        for (const item of items) if (item.activity_id !== null) m.set(item.activity_id, [...(m.get(item.activity_id) ?? []), item]);
        return m;
      };
      const evidenceOf = group(evidence);
      const sourcesOf = group(sources);
      const activitiesOf = new Map<number, Row<'activities'>[]>();
      for (const a of activities) activitiesOf.set(a.commitment_id, [...(activitiesOf.get(a.commitment_id) ?? []), a]);
      for (const c of page) {
        for (const a of activitiesOf.get(c.id) ?? []) {
          const urls = (evidenceOf.get(a.id) ?? []).map((e) => e.url).filter((u): u is string => !!u);
          const texts = (sourcesOf.get(a.id) ?? []).map((s) => s.text);
          yield {
            plan_id: c.plan_id,
            commitment_id: c.id,
            commitment_number: c.number,
            commitment_title: c.title,
            activity_id: a.id,
            number: a.number,
            title: a.title,
            details: a.details,
            planned_start: a.planned_start,
            planned_end: a.planned_end,
            weight: a.weight,
            activity_status: a.status,
            deliverable: a.deliverable,
            responsible_agency: named.get(a.responsible_agency_id ?? leadOf.get(c.id) ?? 0)?.name ?? null,
            actual_end: a.actual_end,
            percent_done: a.percent_done,
            cancellation_reason: a.cancellation_reason,
            evidence_urls: urls.length ? urls.join('\n') : null,
            sources: texts.length ? texts.join('\n') : null,
            updated_at: a.updated_at,
          };
        }
      }
    }
  }
  return { name: 'activities', columns: COLUMNS.activities, rows: rows() };
}

export async function assessmentsDataset(store: Store, options: DatasetOptions): Promise<Dataset> {
  const plans = await plansInScope(store, options.planId);
  const { lang } = options;
  async function* rows(): AsyncGenerator<DataRow> {
    const roundsByPlan = await publishedRoundsByPlan(
      store,
      plans.map((p) => p.id),
    );
    for (const plan of plans) {
      for (const round of roundsByPlan.get(plan.id) ?? []) {
        let after: opendataStore.CommitmentCursor | null = null;
        for (;;) {
          const page = await opendataStore.assessmentsPage(store.db, round.id, after, options.pageSize ?? PAGE_SIZE);
          for (const a of page) {
            const level = levelOf(a.level);
            yield {
              plan_id: plan.id,
              plan_title: plan.title,
              round_id: round.id,
              round_kind: round.kind,
              round_kind_label: messages(lang).roundKinds[round.kind as RoundKind] ?? round.kind,
              round_title: round.title,
              round_cutoff: round.cutoff_date,
              commitment_id: a.commitment_id,
              commitment_number: a.commitment_number,
              commitment_title: a.commitment_title,
              level,
              level_label: level ? levelLabel(level, lang) : null,
              results: a.results,
              additional_info: a.additional_info,
              reasons: a.reasons,
              next_steps: a.next_steps,
              updated_at: a.updated_at,
            };
          }
          if (page.length < (options.pageSize ?? PAGE_SIZE)) break;
          const last = page.at(-1)!;
          after = { number: last.commitment_number, id: last.commitment_id };
        }
      }
    }
  }
  return { name: 'assessments', columns: COLUMNS.assessments, rows: rows() };
}

export async function summaryDataset(store: Store, options: DatasetOptions): Promise<Dataset> {
  const plans = await plansInScope(store, options.planId);
  const { lang } = options;
  const pct = (counts: Record<Level, number>, total: number) => ({
    pct_not_started: percentOf(counts['not-started'], total),
    pct_limited: percentOf(counts.limited, total),
    pct_substantial: percentOf(counts.substantial, total),
    pct_complete: percentOf(counts.complete, total),
  });
  const byLevel = (counts: Record<Level, number>) => ({
    not_started: counts['not-started'],
    limited: counts.limited,
    substantial: counts.substantial,
    complete: counts.complete,
  });
  async function* rows(): AsyncGenerator<DataRow> {
    const roundsByPlan = await publishedRoundsByPlan(
      store,
      plans.map((p) => p.id),
    );
    for (const plan of plans) {
      for (const round of roundsByPlan.get(plan.id) ?? []) {
        const { summary } = await getSummary(store, plan.id, round.id);
        const base = {
          plan_id: plan.id,
          plan_title: plan.title,
          round_id: round.id,
          round_kind: round.kind,
          round_kind_label: messages(lang).roundKinds[round.kind as RoundKind] ?? round.kind,
          round_title: round.title,
          round_cutoff: round.cutoff_date,
        };
        let position = 0;
        for (const r of summary.rows) {
          position++;
          yield {
            ...base,
            theme_position: position,
            theme: r.theme,
            ...byLevel(r.counts),
            unassessed: r.unassessed,
            total: r.total,
            ...pct(r.counts, r.total),
          };
        }
        const t = summary.total;
        yield {
          ...base,
          theme_position: null,
          theme: COLUMN_LABELS.total[lang],
          ...byLevel(t.counts),
          unassessed: t.unassessed,
          total: t.total,
          ...pct(t.counts, t.total),
        };
      }
    }
  }
  return { name: 'summary', columns: COLUMNS.summary, rows: rows() };
}

// ——— the catalogue ———

/** The kinds of rows each dataset is made of: a write to any of them changes the dataset. */
const SOURCES: Record<DatasetName, string[]> = {
  plans: ['plans', 'governments', 'commitments', 'rounds', 'assessments'],
  commitments: ['commitments', 'plans', 'themes', 'agencies', 'commitment_agencies', 'commitment_contacts', 'rounds', 'assessments'],
  activities: ['activities', 'evidence', 'sources', 'commitments'],
  assessments: ['assessments', 'rounds', 'commitments', 'plans'],
  summary: ['assessments', 'rounds', 'themes', 'commitments', 'plans'],
};

export interface DatasetInfo {
  name: DatasetName;
  /** When the data last changed (ISO-8601), from the audit log; null when nothing was ever written. */
  modified: string | null;
}

export interface CatalogInfo {
  datasets: DatasetInfo[];
  modified: string | null;
  /** The years the plans cover, for dct:temporal; null when no plan has a period. */
  period: { start: number; end: number } | null;
  /** The languages the plans are written in (ISO 639-1). */
  languages: string[];
}

export async function getCatalogInfo(store: Store): Promise<CatalogInfo> {
  const [writes, plans] = await Promise.all([opendataStore.lastWriteByEntity(store.db), planStore.listPlansWithGovernment(store.db)]);
  const datasets = DATASETS.map((name) => ({ name, modified: latest(...SOURCES[name].map((e) => writes.get(e))) }));
  const starts = plans.map((p) => p.period_start).filter((y): y is number => y !== null);
  const ends = plans.map((p) => p.period_end).filter((y): y is number => y !== null);
  return {
    datasets,
    modified: latest(...datasets.map((d) => d.modified)),
    period: starts.length && ends.length ? { start: Math.min(...starts), end: Math.max(...ends) } : null,
    languages: [...new Set(plans.map((p) => p.lang))].sort(),
  };
}

// ——— settings ———

export const DEFAULT_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

export interface OpenDataSettings {
  /** The licence of every dataset, as a URL (`DATA_LICENSE`). */
  license: string;
  /** The site's public address (`PUBLIC_URL`), without a trailing slash; null → taken from each request. */
  publicUrl: string | null;
  /** Who publishes the data (`DATA_PUBLISHER`): the catalogue's dct:publisher. */
  publisher: string;
  /** Where to write about the data (`DATA_CONTACT_EMAIL`): the catalogue's contact point, if any. */
  contactEmail: string | null;
}

function httpUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_input', { field, value: value.slice(0, 200) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('invalid_input', { field, value: value.slice(0, 200) });
  return value;
}

/** The open-data settings from the environment, checked: a bad value stops the app from starting. */
export function openDataSettings(env: NodeJS.ProcessEnv = process.env): OpenDataSettings {
  const license = env.DATA_LICENSE?.trim() ? httpUrl('DATA_LICENSE', env.DATA_LICENSE.trim()) : DEFAULT_LICENSE;
  const publicUrl = env.PUBLIC_URL?.trim() ? httpUrl('PUBLIC_URL', env.PUBLIC_URL.trim()).replace(/\/+$/, '') : null;
  const email = env.DATA_CONTACT_EMAIL?.trim() || null;
  if (email && !/^[^\s@<>]+@[^\s@<>]+$/.test(email))
    throw new AppError('invalid_input', { field: 'DATA_CONTACT_EMAIL', value: email.slice(0, 200) });
  return { license, publicUrl, publisher: env.DATA_PUBLISHER?.trim() || 'Vigía', contactEmail: email };
}
