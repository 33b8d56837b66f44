import { sql, type Kysely } from 'kysely';
import { auditEntryHash, GENESIS_HASH, type AuditContent } from '../../src/domain/audit-chain.js';
import { COUNTRIES } from '../../src/domain/countries.js';
import { LEVELS } from '../../src/domain/levels.js';
import { dialectOf } from '../../src/storage/dialect.js';
import type { Database } from '../../src/storage/schema.js';
import { rebuildSearchIndex } from '../../src/storage/search.js';
import { int, pick, stream, type Rng } from './rng.js';
import {
  addMonths,
  auditEntryCount,
  DATASET_TODAY,
  expectedCounts,
  governmentCount,
  measurementDates,
  nationalCount,
  planDates,
  planStartYear,
  ROUNDS,
  SHAPE,
  themeCount,
} from './shape.js';
import * as T from './text.js';

/**
 * The synthetic dataset at OGP scale (issue 8): governments × plans × commitments × activities × evidence,
 * rounds of assessments, indicators with monthly measurements, an audit log that is a valid hash chain,
 * and the search index — written straight into an empty, migrated database, one transaction per
 * government, in multi-row inserts. Deterministic: every row comes from streams of the seed (rng.ts) and
 * ids are given, not left to the database, so the same seed makes the same rows byte for byte.
 *
 * Not through AuditedWriter: at one audit entry per row the log would be ~1.5 M entries per scale unit,
 * written one at a time. The audit log is instead 200,000 entries per scale unit telling each plan's
 * story (its import, then assessments, evidence, activity progress and edits over its two years), hashed
 * with the app's own auditEntryHash so `vigia audit verify` passes. The search index is the app's own
 * rebuildSearchIndex, per plan.
 */
export interface GenerateOptions {
  /** 1 = 150 governments; N multiplies them; fractions make small datasets (0.02 = 3 governments). */
  scale: number;
  /** Default 1. */
  seed?: number;
  /** An empty, migrated database. */
  db: Kysely<Database>;
  /** After each batch written: rows of `table` done so far out of `total`. */
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  table: string;
  done: number;
  total: number;
}

export interface DatasetSummary {
  scale: number;
  seed: number;
  /** Rows written per table. */
  counts: Record<string, number>;
  /** Seconds spent writing each table (search_documents: rebuilding the index). */
  tableSeconds: Record<string, number>;
  /** Everything, generation of the text included. */
  seconds: number;
}

export { COMMON_SEARCH_WORDS } from './text.js';
export { expectedCounts, governmentCount } from './shape.js';

/** Tables written, in foreign-key order; all but search_documents get their ids from here. */
export const TABLES = [
  'governments',
  'agencies',
  'plans',
  'plan_sections',
  'themes',
  'commitments',
  'commitment_agencies',
  'commitment_contacts',
  'activities',
  'evidence',
  'rounds',
  'assessments',
  'indicators',
  'indicator_measurements',
  'translations',
  'search_documents',
  'audit_log',
] as const;
type TableName = (typeof TABLES)[number];
type Rows = Record<Exclude<TableName, 'search_documents'>, Record<string, unknown>[]>;

/**
 * Governments written per transaction: large enough that commits (an fsync each on SQLite) and FTS5's
 * merges are few, small enough to keep the rows of one transaction (some 30 MB) in memory.
 */
const GOVERNMENTS_PER_TRANSACTION = 10;

/** Bind parameters per statement, under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

const SPANISH = new Set(['AR', 'BO', 'CL', 'CO', 'CR', 'DO', 'EC', 'SV', 'GT', 'HN', 'MX', 'PA', 'PY', 'PE', 'ES', 'UY']);
const ENGLISH = new Set(['AU', 'CA', 'GH', 'IE', 'JM', 'KE', 'MW', 'NZ', 'NG', 'GB', 'US', 'ZA', 'ZM', 'LR', 'MT']);
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];

const ts = (date: string, time = '10:00:00') => `${date}T${time}.000Z`;
/** Nothing in the dataset happens after its "today": a round under way was opened, and drafted, by then. */
const byToday = (date: string) => (date < DATASET_TODAY ? date : addDays(DATASET_TODAY, -1));
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function generateDataset(options: GenerateOptions): Promise<DatasetSummary> {
  const started = performance.now();
  const { db, scale } = options;
  const seed = options.seed ?? 1;
  const pg = dialectOf(db) === 'postgres';
  const governments = governmentCount(scale);
  const totals = expectedCounts(scale);
  await assertEmpty(db);

  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<TableName, number>;
  const tableSeconds = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<TableName, number>;
  const progress = (table: TableName, n: number) => {
    counts[table] += n;
    options.onProgress?.({ table, done: counts[table], total: totals[table]! });
  };
  for (const table of TABLES) options.onProgress?.({ table, done: 0, total: totals[table]! });

  const ids = new IdCounters();
  const audit = new AuditPlanner(seed, auditEntryCount(scale), governments * SHAPE.plansPerGovernment);
  const names = new Set<string>();

  for (let first = 0; first < governments; first += GOVERNMENTS_PER_TRANSACTION) {
    const rows = emptyRows();
    for (let g = first; g < Math.min(governments, first + GOVERNMENTS_PER_TRANSACTION); g++) {
      const made = buildGovernment(seed, g, governments, ids, names, audit);
      for (const table of Object.keys(rows) as (keyof Rows)[]) for (const row of made[table]) rows[table].push(row);
    }
    await db.transaction().execute(async (trx) => {
      // A dataset is made again rather than recovered: its commits need not wait for the disk.
      if (pg) await sql`set local synchronous_commit = off`.execute(trx);
      for (const table of TABLES) {
        if (table === 'search_documents') continue;
        const list = rows[table];
        if (list.length === 0) continue;
        const t0 = performance.now();
        const columns = Object.keys(list[0]!).length;
        const per = Math.max(1, Math.floor(MAX_PARAMS / columns));
        for (let i = 0; i < list.length; i += per) {
          const batch = list.slice(i, i + per);
          await (trx as unknown as Kysely<any>).insertInto(table).values(batch).execute();
          progress(table, batch.length);
        }
        tableSeconds[table] += (performance.now() - t0) / 1000;
        // better-sqlite3 answers synchronously, so without this no timer (a progress bar's redraw) would run until the end.
        await new Promise((resolve) => setImmediate(resolve));
        // The search index reads the plan's commitments, activities, assessments and agencies: once they are in.
        if (table === 'assessments') {
          const s0 = performance.now();
          for (const p of rows.plans) {
            const r = await rebuildSearchIndex(trx, p.id as number);
            progress('search_documents', r.inserted);
          }
          tableSeconds.search_documents += (performance.now() - s0) / 1000;
        }
      }
    });
  }

  // Ids were given, so the sequences behind PostgreSQL's serial columns must catch up: the app's next
  // insert (and the audit chain's nextval) continues after them.
  if (pg) {
    for (const table of TABLES) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select coalesce(max(id), 0) + 1 from ${sql.table(table)}), false)`.execute(db);
    }
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    scale,
    seed,
    counts: { ...counts },
    tableSeconds: Object.fromEntries(Object.entries(tableSeconds).map(([k, v]) => [k, round(v)])),
    seconds: round((performance.now() - started) / 1000),
  };
}

/** The generator gives ids: it must start from nothing (an audit chain, ids from 1). */
async function assertEmpty(db: Kysely<Database>): Promise<void> {
  for (const table of ['governments', 'plans', 'audit_log'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) throw new Error(`The database is not empty (${table} has ${row.n} rows): the dataset is generated into an empty database only`);
  }
}

class IdCounters {
  private next = new Map<string, number>();
  take(table: string): number {
    const id = (this.next.get(table) ?? 0) + 1;
    this.next.set(table, id);
    return id;
  }
}

function emptyRows(): Rows {
  return Object.fromEntries(TABLES.filter((t) => t !== 'search_documents').map((t) => [t, []])) as unknown as Rows;
}

/** Which level a commitment reaches by the end, weighted toward the upper half as self-assessments are. */
function finalLevel(rng: Rng): number {
  const x = rng();
  return x < 0.05 ? 0 : x < 0.3 ? 1 : x < 0.65 ? 2 : 3;
}

function governmentName(rng: Rng, g: number, national: number, lang: 'es' | 'en'): { name: string; code: string | null } {
  if (g < national && g < COUNTRIES.length) return { name: COUNTRIES[g]![lang], code: COUNTRIES[g]!.code };
  const place = T.placeName(rng);
  if (g < national) return { name: lang === 'es' ? `República de ${place}` : `Republic of ${place}`, code: null };
  const regional = rng() < 0.4;
  const name = lang === 'es' ? (regional ? `Gobierno Regional de ${place}` : `Municipalidad de ${place}`) : regional ? `${place} Regional Government` : `City of ${place}`;
  return { name, code: pick(rng, COUNTRIES).code };
}

function buildGovernment(seed: number, g: number, governments: number, ids: IdCounters, names: Set<string>, audit: AuditPlanner): Rows {
  const rows = emptyRows();
  const rng = stream(seed, 'government', g);
  const national = nationalCount(governments);
  const kind = g < national ? 'national' : 'local';
  const country = g < national && g < COUNTRIES.length ? COUNTRIES[g]!.code : null;
  const lang: 'es' | 'en' = country && SPANISH.has(country) ? 'es' : country && ENGLISH.has(country) ? 'en' : rng() < 0.6 ? 'es' : 'en';
  const other = lang === 'es' ? 'en' : 'es';
  const named = governmentName(rng, g, national, lang);
  const code = named.code;
  let name = named.name;
  for (let n = 2; names.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
  names.add(name);
  const firstYear = planStartYear(g, 0);
  const govAt = ts(`${firstYear}-06-01`);
  const governmentId = ids.take('governments');
  rows.governments.push({ id: governmentId, name, kind, country_code: code, lang, created_at: govAt, updated_at: govAt });

  // Agencies: six consecutive ones of the list, from a point of the government's own.
  const list = kind === 'national' ? T.NATIONAL_AGENCIES : T.LOCAL_AGENCIES;
  const first = int(rng, 0, list.length - 1);
  const agencies: { id: number; name: string; acronym: string }[] = [];
  for (let i = 0; i < SHAPE.agenciesPerGovernment; i++) {
    const a = list[(first + i) % list.length]!;
    const agency = { id: ids.take('agencies'), name: lang === 'es' ? a[0] : a[1], acronym: a[2] };
    agencies.push(agency);
    rows.agencies.push({ id: agency.id, government_id: governmentId, name: agency.name, acronym: agency.acronym, lang, created_at: govAt, updated_at: govAt });
  }

  for (let j = 0; j < SHAPE.plansPerGovernment; j++) {
    buildPlan(seed, rows, ids, audit, { g, j, governmentId, lang, other, agencies, governmentName: name });
  }
  return rows;
}

interface PlanContext {
  g: number;
  j: number;
  governmentId: number;
  lang: 'es' | 'en';
  other: 'es' | 'en';
  agencies: { id: number; name: string; acronym: string }[];
  governmentName: string;
}

function buildPlan(seed: number, rows: Rows, ids: IdCounters, audit: AuditPlanner, ctx: PlanContext): void {
  const { lang, other } = ctx;
  const planIndex = ctx.g * SHAPE.plansPerGovernment + ctx.j;
  const rng = stream(seed, 'plan', planIndex);
  const y = planStartYear(ctx.g, ctx.j);
  const { start, end } = planDates(y);
  const at = ts(start);
  const planId = ids.take('plans');
  const title: T.Bi = {
    es: `${ROMAN[ctx.j]} Plan de Acción de Gobierno Abierto ${y}-${y + 2}`,
    en: `${ROMAN[ctx.j]} Open Government Action Plan ${y}-${y + 2}`,
  };
  const plan = {
    id: planId,
    government_id: ctx.governmentId,
    title: title[lang],
    lang,
    period_start: y,
    period_end: y + 2,
    approval_instrument: lang === 'es' ? `Resolución Ministerial N° ${int(rng, 10, 450)}-${y}-PCM` : `Ministerial Resolution no. ${int(rng, 10, 450)}/${y}`,
    approval_date: `${y}-06-15`,
    status: end < DATASET_TODAY ? 'completed' : 'active',
    ogp_number: ctx.j + 1,
    created_at: at,
    updated_at: at,
  };
  rows.plans.push(plan);
  rows.translations.push({ id: ids.take('translations'), entity: 'plans', entity_id: planId, field: 'title', lang: other, text: title[other], updated_at: at });
  const events: AuditEvent[] = [];
  events.push({ entity: 'plans', id: planId, commitmentId: null, after: { government_id: ctx.governmentId, title: plan.title, lang, period_start: y, period_end: y + 2, status: plan.status } });

  const sectionTitles: Record<string, T.Bi> = {
    background: { es: 'Introducción y antecedentes', en: 'Introduction and background' },
    process: { es: 'Proceso de elaboración del plan de acción', en: 'How the action plan was made' },
    conclusions: { es: 'Conclusiones', en: 'Conclusions' },
  };
  Object.entries(sectionTitles).forEach(([key, t], position) => {
    const body = T.paragraphs(rng, 2, 3, 4);
    rows.plan_sections.push({ id: ids.take('plan_sections'), plan_id: planId, position, key, title: t[lang], body: body[lang], lang, version: 1, created_at: at, updated_at: at });
  });

  const nThemes = themeCount(planIndex);
  const firstTheme = int(rng, 0, T.THEMES.length - 1);
  const themeIds: number[] = [];
  for (let t = 0; t < nThemes; t++) {
    const id = ids.take('themes');
    themeIds.push(id);
    const themeTitle = T.themeTitle(firstTheme + t);
    const intro = T.sentences(rng, 2, 3);
    rows.themes.push({ id, plan_id: planId, position: t, title: themeTitle[lang], intro: intro[lang], synthesis: null, lang, created_at: at, updated_at: at });
    rows.translations.push({ id: ids.take('translations'), entity: 'themes', entity_id: id, field: 'title', lang: other, text: themeTitle[other], updated_at: at });
    events.push({ entity: 'themes', id, commitmentId: null, after: { plan_id: planId, position: t, title: themeTitle[lang], lang } });
  }

  const commitments: { id: number; number: number; final: number; activityIds: number[]; evidenceIds: number[] }[] = [];
  const activityEvents: AuditEvent[] = [];
  const measureDates = measurementDates(y);
  for (let k = 0; k < SHAPE.commitmentsPerPlan; k++) {
    const id = ids.take('commitments');
    const crng = stream(seed, 'commitment', id);
    const number = k + 1;
    const themeId = themeIds[Math.floor((k * nThemes) / SHAPE.commitmentsPerPlan)]!;
    const ctitle = T.commitmentTitle(crng);
    const objective = T.objective(crng);
    const description = T.description(crng);
    const problem = T.problem(crng);
    const relevance = T.sentences(crng, 2, 2);
    const ambition = T.sentences(crng, 2, 3);
    const additional = crng() < 0.4 ? T.sentences(crng, 1, 2)[lang] : null;
    const lead = ctx.agencies[(k + int(crng, 0, 2)) % ctx.agencies.length]!;
    const others = ctx.agencies.filter((a) => a.id !== lead.id).slice(0, 2).map((a) => a.name).join(', ');
    const final = finalLevel(crng);
    rows.commitments.push({
      id,
      plan_id: planId,
      theme_id: themeId,
      number,
      title: ctitle[lang],
      lang,
      problem: problem[lang],
      objective: objective[lang],
      description: description[lang],
      relevance: relevance[lang],
      ambition: ambition[lang],
      additional_info: additional,
      other_actors_government: `${others}.`,
      other_actors_civil_society: T.civilSociety(crng),
      other_fields: null,
      planned_start: start,
      planned_end: end,
      version: 1,
      ogp_id: null,
      supporting_institutions: null,
      policy_areas: null,
      continues_id: null,
      original_planned_end: null,
      created_at: at,
      updated_at: at,
    });
    for (const [field, text] of [['title', ctitle], ['objective', objective], ['description', description]] as const) {
      rows.translations.push({ id: ids.take('translations'), entity: 'commitments', entity_id: id, field, lang: other, text: text[other], updated_at: at });
    }
    rows.commitment_agencies.push({ id: ids.take('commitment_agencies'), commitment_id: id, agency_id: lead.id, as_written: lead.name, detail: null, valid_from: null, valid_to: null, created_at: at });
    const person = T.personName(crng);
    const slug = ctx.governmentName.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '');
    rows.commitment_contacts.push({
      id: ids.take('commitment_contacts'),
      commitment_id: id,
      name: person,
      position: T.position(crng)[lang],
      email: `${person.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${id}@${slug.slice(0, 20)}.gob.example`,
      phone: `+51 1 ${int(crng, 200, 799)} ${int(crng, 1000, 9999)}`,
      valid_from: null,
      valid_to: null,
      created_at: at,
    });
    events.push({ entity: 'commitments', id, commitmentId: id, after: { plan_id: planId, theme_id: themeId, number, title: ctitle[lang], objective: objective[lang], planned_start: start, planned_end: end } });

    const activityIds: number[] = [];
    const evidenceIds: number[] = [];
    const span = 24 / SHAPE.activitiesPerCommitment;
    for (let a = 0; a < SHAPE.activitiesPerCommitment; a++) {
      const activityId = ids.take('activities');
      activityIds.push(activityId);
      const aStart = addMonths(start, Math.floor(a * span));
      const aEnd = addDays(addMonths(start, Math.floor((a + 1) * span)), -1);
      const atitle = T.activityTitle(crng);
      const details = T.sentences(crng, 1, 3);
      const roll = crng();
      const status = aStart > DATASET_TODAY ? 'not-started' : aEnd >= DATASET_TODAY ? 'in-progress' : roll < 0.05 ? 'cancelled' : roll < 0.15 + 0.1 * (3 - final) ? 'in-progress' : 'done';
      rows.activities.push({
        id: activityId,
        commitment_id: id,
        number: a + 1,
        title: atitle[lang],
        details: details[lang],
        lang,
        planned_start: aStart,
        planned_end: aEnd,
        weight: null,
        status,
        origin: 'import',
        deliverable: T.deliverable(crng)[lang],
        version: 1,
        original_planned_end: null,
        created_at: at,
        updated_at: at,
      });
      activityEvents.push({ entity: 'activities', id: activityId, commitmentId: id, after: { commitment_id: id, number: a + 1, title: atitle[lang], lang, origin: 'import' } });
      for (let e = 0; e < SHAPE.evidencePerActivity; e++) {
        const evidenceId = ids.take('evidence');
        evidenceIds.push(evidenceId);
        rows.evidence.push({
          id: evidenceId,
          commitment_id: id,
          activity_id: activityId,
          position: a * SHAPE.evidencePerActivity + e,
          kind: 'url',
          url: `https://www.${slug.slice(0, 24)}.gob.example/gobierno-abierto/${y}/evidencia-${evidenceId}.pdf`,
          file_id: null,
          description: T.evidenceDescription(crng, int(crng, 1, 999))[lang],
          origin: 'import',
          created_at: at,
        });
      }
    }

    // One indicator per commitment, measured monthly on the straight path to its target, as far as the
    // commitment got (its final level), with some noise.
    const indicatorId = ids.take('indicators');
    const ind = T.indicatorName(crng);
    const baseline = int(crng, 0, 60);
    const target = baseline + int(crng, 20, 240);
    rows.indicators.push({
      id: indicatorId,
      commitment_id: id,
      activity_id: null,
      name: ind.name[lang],
      unit: ind.unit[lang],
      direction: 'up',
      baseline_value: baseline,
      baseline_date: start,
      target_value: target,
      target_date: end,
      frequency: 'monthly',
      means_of_verification: lang === 'es' ? 'Registro administrativo de la entidad' : 'The agency’s administrative records',
      agency_id: lead.id,
      lang,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const reach = [0.1, 0.5, 0.8, 1.05][final]!;
    measureDates.forEach((date, m) => {
      const path = ((m + 1) / 24) * reach;
      const value = Math.round((baseline + (target - baseline) * path + (crng() - 0.5) * 4) * 10) / 10;
      rows.indicator_measurements.push({
        id: ids.take('indicator_measurements'),
        indicator_id: indicatorId,
        value,
        date,
        source: lang === 'es' ? 'Registro administrativo' : 'Administrative records',
        note: null,
        recorded_by: null,
        version: 1,
        created_at: ts(date, '09:00:00'),
        updated_at: ts(date, '09:00:00'),
      });
    });
    commitments.push({ id, number, final, activityIds, evidenceIds });
  }
  events.push(...activityEvents);

  // Rounds and their assessments: published once their cutoff is two months past; the first round not yet
  // published is under way (drafts, submitted, returned, approved); later ones hold blank drafts.
  const assessmentIds: number[][] = [];
  const roundIds: number[] = [];
  let underWay = false;
  ROUNDS.forEach((r, position) => {
    const roundId = ids.take('rounds');
    roundIds.push(roundId);
    const cutoff = r.cutoff(y);
    const publishedAt = addDays(cutoff, 60);
    const published = publishedAt < DATASET_TODAY;
    const open = !published && !underWay;
    if (open) underWay = true;
    const year = cutoff.slice(0, 4);
    const words: Record<string, T.Bi> = {
      periodic: { es: `Reporte periódico al ${cutoff.slice(8)}.${cutoff.slice(5, 7)}.${year}`, en: `Periodic report to ${cutoff}` },
      midterm: { es: `Autoevaluación de medio término ${year}`, en: `Mid-term self-assessment ${year}` },
      'end-of-term': { es: `Autoevaluación de fin de término ${year}`, en: `End-of-term self-assessment ${year}` },
    };
    const roundAt = ts(byToday(addDays(cutoff, 1)));
    rows.rounds.push({
      id: roundId,
      plan_id: planId,
      position,
      kind: r.kind,
      title: words[r.kind]![lang],
      lang,
      cutoff_date: cutoff,
      published: published ? 1 : 0,
      published_at: published ? ts(publishedAt, '12:00:00') : null,
      created_at: roundAt,
      updated_at: published ? ts(publishedAt, '12:00:00') : roundAt,
    });
    const roundAssessments: number[] = [];
    for (const c of commitments) {
      const arng = stream(seed, 'assessment', roundId, c.number);
      const id = ids.take('assessments');
      roundAssessments.push(id);
      const levelIndex = Math.min(c.final, Math.round((c.final * (position + 1)) / ROUNDS.length + (arng() < 0.2 ? 0.5 : 0)));
      const blank = !published && !open;
      const status = published ? 'approved' : open ? (['draft', 'submitted', 'returned', 'approved'] as const)[c.number % 4]! : 'draft';
      const level = blank ? null : LEVELS[levelIndex]!;
      const complete = level === 'complete';
      const submitted = status !== 'draft' ? ts(byToday(addDays(cutoff, 20)), '15:00:00') : null;
      const decided = status === 'approved' || status === 'returned' ? ts(byToday(addDays(cutoff, 35)), '11:00:00') : null;
      rows.assessments.push({
        id,
        round_id: roundId,
        commitment_id: c.id,
        level,
        results: blank ? null : T.sentences(arng, 2, 4)[lang],
        additional_info: !blank && arng() < 0.3 ? T.sentences(arng, 1, 1)[lang] : null,
        reasons: blank || complete ? null : T.reason(arng)[lang],
        next_steps: blank || complete ? null : T.sentences(arng, 1, 2)[lang],
        lang,
        status,
        review_comment: status === 'returned' ? (lang === 'es' ? 'Falta adjuntar la evidencia de la segunda actividad.' : 'The evidence of the second activity is missing.') : null,
        submitted_at: submitted,
        submitted_by: null,
        decided_at: decided,
        decided_by: null,
        version: 1,
        created_at: roundAt,
        updated_at: decided ?? submitted ?? roundAt,
      });
    }
    assessmentIds.push(roundAssessments);
  });

  audit.plan(rows, planIndex, { planId, start, end, lang, events, commitments, assessmentIds, roundIds, seed });
}

interface AuditEvent {
  entity: string;
  id: number;
  commitmentId: number | null;
  after: Record<string, unknown>;
}

/**
 * The audit log: each plan gets its share of the entries (200,000 per scale unit over all plans), in
 * time order within the plan — the import that created it (plan, themes, commitments, activities), then
 * over its two years assessments recorded and revised, evidence filed, activities moving on, fields
 * edited — chained with the app's auditEntryHash, one government after another.
 */
class AuditPlanner {
  private prevHash = GENESIS_HASH;
  private nextId = 1;

  constructor(
    private readonly seed: number,
    private readonly total: number,
    private readonly plans: number,
  ) {}

  private quota(planIndex: number): number {
    return Math.floor(this.total / this.plans) + (planIndex < this.total % this.plans ? 1 : 0);
  }

  plan(
    rows: Rows,
    planIndex: number,
    p: {
      planId: number;
      start: string;
      end: string;
      lang: string;
      seed: number;
      events: AuditEvent[];
      commitments: { id: number; final: number; activityIds: number[]; evidenceIds: number[] }[];
      assessmentIds: number[][];
      roundIds: number[];
    },
  ): void {
    const quota = this.quota(planIndex);
    const rng = stream(this.seed, 'audit', p.planId);
    const importAt = ts(p.start, '10:00:00');
    const context = `import plan-${p.planId}.docx sha256:${p.planId.toString(16).padStart(16, '0')}`;
    const creates = p.events.slice(0, quota);
    for (const e of creates) {
      this.push(rows, { at: importAt, actor: 'cli:import', action: 'create', entity: e.entity, entity_id: e.id, plan_id: p.planId, commitment_id: e.commitmentId, before: null, after: JSON.stringify(e.after), context });
    }
    const rest = quota - creates.length;
    const startMs = Date.parse(`${p.start}T12:00:00Z`);
    const endMs = Date.parse(`${(p.end < DATASET_TODAY ? p.end : DATASET_TODAY)}T12:00:00Z`);
    const seen = new Map<string, number>();
    const visit = (key: string) => {
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n;
    };
    const n = p.commitments.length;
    for (let i = 0; i < rest; i++) {
      const at = new Date(startMs + Math.floor(((i + 1) / (rest + 1)) * (endMs - startMs))).toISOString();
      const actor = `user:${1 + Math.floor(rng() * 40)}`;
      const slot = i >> 2;
      const base = { at, actor, plan_id: p.planId, context: null as string | null };
      switch (i % 4) {
        case 0: {
          const all = p.assessmentIds.length * n;
          const m = slot % all;
          const round = Math.floor(m / n);
          const c = p.commitments[m % n]!;
          const id = p.assessmentIds[round]![m % n]!;
          const times = visit(`a${id}`);
          const level = LEVELS[Math.min(3, Math.max(0, c.final - 1 + (times % 2)))]!;
          const previous = LEVELS[Math.min(3, Math.max(0, c.final - 1 + ((times + 1) % 2)))]!;
          this.push(rows, {
            ...base,
            action: times === 0 ? 'create' : 'update',
            entity: 'assessments',
            entity_id: id,
            commitment_id: c.id,
            before: times === 0 ? null : JSON.stringify({ level: previous }),
            after: JSON.stringify(times === 0 ? { round_id: p.roundIds[round], commitment_id: c.id, level, lang: p.lang } : { level }),
          });
          break;
        }
        case 1: {
          const c = p.commitments[slot % n]!;
          const evidenceId = c.evidenceIds[Math.floor(slot / n) % c.evidenceIds.length]!;
          const activityId = c.activityIds[Math.floor((evidenceId - c.evidenceIds[0]!) / SHAPE.evidencePerActivity)]!;
          this.push(rows, {
            ...base,
            action: 'create',
            entity: 'evidence',
            entity_id: evidenceId,
            commitment_id: c.id,
            before: null,
            after: JSON.stringify({ commitment_id: c.id, activity_id: activityId, kind: 'url', url: `https://evidencia.gob.example/${evidenceId}.pdf`, origin: 'user' }),
          });
          break;
        }
        case 2: {
          const c = p.commitments[slot % n]!;
          const activityId = c.activityIds[Math.floor(slot / n) % c.activityIds.length]!;
          const moves = [
            ['not-started', 'in-progress'],
            ['in-progress', 'done'],
          ] as const;
          const [from, to] = moves[visit(`s${activityId}`) % 2]!;
          this.push(rows, { ...base, action: 'update', entity: 'activities', entity_id: activityId, commitment_id: c.id, before: JSON.stringify({ status: from }), after: JSON.stringify({ status: to }) });
          break;
        }
        default: {
          const c = p.commitments[slot % n]!;
          const text = T.sentences(rng, 1, 2)[p.lang as 'es' | 'en'];
          this.push(rows, { ...base, action: 'update', entity: 'commitments', entity_id: c.id, commitment_id: c.id, before: JSON.stringify({ additional_info: null }), after: JSON.stringify({ additional_info: text }) });
        }
      }
    }
  }

  private push(rows: Rows, entry: Omit<AuditContent, 'id'>): void {
    const id = this.nextId++;
    const content: AuditContent = { id, ...entry };
    const hash = auditEntryHash(content, this.prevHash);
    rows.audit_log.push({ ...content, hash, prev_hash: this.prevHash });
    this.prevHash = hash;
  }
}
