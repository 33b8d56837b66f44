import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Level } from '../domain/levels.js';
import { markdownToText } from '../lib/markdown-text.js';
import { indexTerms } from '../lib/search-terms.js';
import { dialectOf } from './dialect.js';
import { listCommitments, listCurrentLeadAgencies } from './commitments.js';
import { roundOrder } from './plans.js';
import type { Database, Row } from './schema.js';

/**
 * The search index: one document per commitment and per activity, with its title, its body as plain
 * text and their index tokens (lib/search-terms.ts). Matching: FTS5 on SQLite, a tsvector on
 * PostgreSQL — the same tokens, so the same documents match; only the ranking differs (bm25 / ts_rank).
 */
type Db = Kysely<Database>;

type Doc = Omit<Row<'search_documents'>, 'id'>;

const DOC_FIELDS = ['commitment_id', 'plan_id', 'theme_id', 'title', 'body', 'title_terms', 'terms'] as const;

function doc(kind: Doc['kind'], entityId: number, c: Row<'commitments'>, title: string, body: string): Doc {
  return {
    kind,
    entity_id: entityId,
    commitment_id: c.id,
    plan_id: c.plan_id,
    theme_id: c.theme_id,
    title,
    body,
    title_terms: indexTerms(title),
    terms: indexTerms(body),
  };
}

/** A commitment's searchable text, in the order a snippet should prefer it: what it does first, then why, then how it went. */
function commitmentBody(
  c: Row<'commitments'>,
  assessment: { results: string | null; next_steps: string | null } | undefined,
  leadAgency: string | undefined,
): string {
  return [
    c.description,
    c.objective,
    c.problem,
    c.relevance,
    c.ambition,
    assessment?.results,
    assessment?.next_steps,
    c.additional_info,
    c.other_actors_government,
    c.other_actors_civil_society,
    leadAgency,
  ]
    .map((field) => markdownToText(field))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** The documents a plan should have, from its commitments, activities and latest published assessments. */
async function wantedDocuments(db: Db, planId: number): Promise<Doc[]> {
  // A plan in borrador is the workspace's alone: search finds it from en consulta on (issue 19).
  const plan = await db.selectFrom('plans').select('status').where('id', '=', planId).executeTakeFirst();
  if (!plan || plan.status === 'draft') return [];
  const [commitments, activities, assessments, agencies] = await Promise.all([
    listCommitments(db, planId),
    db
      .selectFrom('activities')
      .innerJoin('commitments', 'commitments.id', 'activities.commitment_id')
      .selectAll('activities')
      .where('commitments.plan_id', '=', planId)
      .orderBy('activities.commitment_id')
      .orderBy('activities.number')
      .execute(),
    db
      .selectFrom('assessments')
      .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
      .select(['assessments.commitment_id', 'assessments.results', 'assessments.next_steps'])
      .where('rounds.plan_id', '=', planId)
      .where('rounds.published', '=', 1)
      .where((eb) => eb.or([eb('assessments.results', 'is not', null), eb('assessments.next_steps', 'is not', null)]))
      .orderBy(roundOrder('rounds', 'desc'))
      .execute(),
    listCurrentLeadAgencies(db, planId),
  ]);
  // The results of the latest published round that has any, for each commitment.
  const assessmentOf = new Map<number, (typeof assessments)[number]>();
  for (const a of assessments) if (!assessmentOf.has(a.commitment_id)) assessmentOf.set(a.commitment_id, a);
  const agencyOf = new Map(agencies.map((a) => [a.commitment_id, a.as_written]));
  const byId = new Map(commitments.map((c) => [c.id, c]));

  const docs: Doc[] = commitments.map((c) =>
    doc('commitment', c.id, c, `${c.number}. ${c.title}`, commitmentBody(c, assessmentOf.get(c.id), agencyOf.get(c.id))),
  );
  for (const a of activities) {
    const c = byId.get(a.commitment_id);
    if (c) docs.push(doc('activity', a.id, c, a.title, markdownToText(a.details)));
  }
  return docs;
}

export interface RebuildResult {
  inserted: number;
  updated: number;
  deleted: number;
}

/**
 * Makes a plan's search documents match its commitments and activities: inserts, updates what differs,
 * deletes the rest (nothing is written when the index is current). Call it inside the transaction that
 * changed the plan.
 */
export async function rebuildSearchIndex(db: Db, planId: number): Promise<RebuildResult> {
  const [wanted, existing] = await Promise.all([
    wantedDocuments(db, planId),
    db
      .selectFrom('search_documents')
      .select(['id', 'kind', 'entity_id', ...DOC_FIELDS])
      .where('plan_id', '=', planId)
      .execute(),
  ]);
  const key = (d: { kind: string; entity_id: number }) => `${d.kind}:${d.entity_id}`;
  const current = new Map(existing.map((d) => [key(d), d]));
  const result: RebuildResult = { inserted: 0, updated: 0, deleted: 0 };
  const toInsert: Doc[] = [];
  for (const d of wanted) {
    const row = current.get(key(d));
    current.delete(key(d));
    if (!row) {
      toInsert.push(d);
    } else if (DOC_FIELDS.some((f) => row[f] !== d[f])) {
      await db.updateTable('search_documents').set(d).where('id', '=', row.id).execute();
      result.updated++;
    }
  }
  const gone = [...current.values()].map((d) => d.id);
  for (let i = 0; i < gone.length; i += 500) {
    await db
      .deleteFrom('search_documents')
      .where('id', 'in', gone.slice(i, i + 500))
      .execute();
  }
  result.deleted = gone.length;
  for (let i = 0; i < toInsert.length; i += 100) {
    await db
      .insertInto('search_documents')
      .values(toInsert.slice(i, i + 100))
      .execute();
  }
  result.inserted = toInsert.length;
  return result;
}

/** Plans that have commitments but no search document: databases filled before search existed. */
export async function listPlansWithoutSearchDocuments(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('plans')
    .select('plans.id')
    .where('plans.status', '!=', 'draft')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('commitments').select('commitments.id').whereRef('commitments.plan_id', '=', 'plans.id')),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('search_documents').select('search_documents.id').whereRef('search_documents.plan_id', '=', 'plans.id'))),
    )
    .orderBy('plans.id')
    .execute();
  return rows.map((r) => r.id);
}

/** FTS5 query: every word (AND), any of its alternatives (OR), each a quoted prefix. No user text reaches FTS5's syntax. */
export function ftsMatchQuery(alternatives: string[][]): string {
  return alternatives.map((alts) => `(${alts.map((t) => `"${t.replaceAll('"', '""')}"*`).join(' OR ')})`).join(' AND ');
}

/** PostgreSQL tsquery text for to_tsquery('simple', …): the same shape as ftsMatchQuery, each lexeme quoted. */
export function tsQueryText(alternatives: string[][]): string {
  return alternatives
    .map((alts) => `(${alts.map((t) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}':*`).join(' | ')})`)
    .join(' & ');
}

export interface SearchDocumentsParams {
  /** Only commitments, or only activities. */
  kind?: 'commitment' | 'activity';
  /** One entry per query word, each the tokens any of which may start a document token. Empty: every document passes (filters only). */
  alternatives: string[][];
  planId?: number;
  themeId?: number;
  /** The commitment's current lead agency (commitment_agencies without valid_to). */
  agencyId?: number;
  /** The commitment's level at `roundId`, or at its plan's latest published round. */
  level?: Level;
  /** A published round: only its plan's documents, and the level there. */
  roundId?: number;
  /** Only plans of this government. */
  governmentId?: number;
  /**
   * With words: count at most this many matches, and rank only the first this many (in the index's
   * order) — a common word matches a quarter of the documents at scale, and counting and ranking them
   * all took seconds. Under the cap the count and the ranking are exact. Without it: exact, all ranked.
   */
  cap?: number;
  limit: number;
  offset: number;
}

export interface SearchDocumentRow {
  id: number;
  kind: 'commitment' | 'activity';
  entity_id: number;
  commitment_id: number;
  commitment_number: number;
  commitment_title: string;
  activity_number: number | null;
  plan_id: number;
  plan_title: string;
  theme_id: number;
  theme_title: string;
  title: string;
  body: string;
  /** At `roundId`, or at the plan's latest published round. */
  level: string | null;
  /** Lower is better. */
  rank: number;
}

export interface SearchDocumentsResult {
  /** Exact, or `cap` when there were more (`more`). */
  total: number;
  /** More than `total` documents match: only the first `total` were ranked. */
  more: boolean;
  rows: SearchDocumentRow[];
}

export async function searchDocuments(db: Db, params: SearchDocumentsParams): Promise<SearchDocumentsResult> {
  const words = params.alternatives.map((alts) => alts.filter((t) => t.length > 0)).filter((alts) => alts.length > 0);
  if (words.length < params.alternatives.length) return { total: 0, more: false, rows: [] };
  const pg = dialectOf(db) === 'postgres';

  // What is counted: the documents and their filters only — commitment and plan are certain (foreign
  // keys), the theme is joined as before; the page of results joins the rest (issue 8: a common word
  // matches a quarter of the documents, and every join was paid for each of them in the count).
  let q: Filtered = filteredBase(db);
  let rank = sql<number>`0`;
  if (words.length > 0) {
    if (pg) {
      const tsquery = sql`to_tsquery('simple'::regconfig, ${tsQueryText(words)})`;
      q = q.where(sql<boolean>`d.terms_tsv @@ ${tsquery}`);
      // Negated so that lower is better on both databases; normalisation 1 divides by the document's log length, as bm25 does.
      rank = sql<number>`-ts_rank(d.terms_tsv, ${tsquery}, 1)`;
    } else {
      q = q.innerJoin('search_fts', 'search_fts.rowid', 'd.id').where(sql<boolean>`search_fts match ${ftsMatchQuery(words)}`);
      rank = sql<number>`bm25(search_fts, 4.0, 1.0)`;
    }
  }
  if (params.kind !== undefined) q = q.where('d.kind', '=', params.kind);
  if (params.planId !== undefined) q = q.where('d.plan_id', '=', params.planId);
  if (params.themeId !== undefined) q = q.where('d.theme_id', '=', params.themeId);
  if (params.agencyId !== undefined) {
    const agencyId = params.agencyId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('commitment_agencies as ca')
          .select('ca.id')
          .whereRef('ca.commitment_id', '=', 'd.commitment_id')
          .where('ca.valid_to', 'is', null)
          .where('ca.agency_id', '=', agencyId),
      ),
    );
  }
  if (params.governmentId !== undefined) {
    const governmentId = params.governmentId;
    q = q.where('d.plan_id', 'in', (eb) => eb.selectFrom('plans').select('plans.id').where('plans.government_id', '=', governmentId));
  }
  if (params.roundId !== undefined) {
    const roundId = params.roundId;
    q = q.where('d.plan_id', '=', (eb) =>
      eb.selectFrom('rounds').select('rounds.plan_id').where('rounds.id', '=', roundId).where('rounds.published', '=', 1),
    );
  }
  // The level at the round asked for, or at the plan's latest published round.
  const roundOfLevel =
    params.roundId !== undefined
      ? sql`${params.roundId}`
      : sql`(select r.id from rounds r where r.plan_id = d.plan_id and r.published = 1 order by ${roundOrder('r', 'desc')} limit 1)`;
  const level = sql<
    string | null
  >`(select s.level from assessments s where s.commitment_id = d.commitment_id and s.round_id = ${roundOfLevel})`;
  if (params.level !== undefined) q = q.where(sql<boolean>`${level} = ${params.level}`);

  const cap = words.length > 0 ? params.cap : undefined;
  if (cap !== undefined) return searchCapped(db, q, rank, level, cap, params);

  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const more = false;
  if (total === 0 || params.offset >= total) return { total, more, rows: [] };

  // The page, ordered in SQL; joined with what a result shows.
  const candidates = q.select(['d.id as doc_id', rank.as('rank')]);
  const rows = await db
    .selectFrom(candidates.as('m'))
    .innerJoin('search_documents as d', 'd.id', 'm.doc_id')
    .innerJoin('themes as t', 't.id', 'd.theme_id')
    .innerJoin('commitments as c', 'c.id', 'd.commitment_id')
    .innerJoin('plans as p', 'p.id', 'd.plan_id')
    .leftJoin('activities as a', (j) => j.onRef('a.id', '=', 'd.entity_id').on('d.kind', '=', 'activity'))
    .select(DETAIL_COLUMNS)
    .select(['m.rank', level.as('level')])
    .orderBy('m.rank')
    .orderBy('c.number')
    .orderBy('d.plan_id', 'desc')
    .orderBy('d.kind', 'desc')
    .orderBy('a.number')
    .orderBy('d.id')
    .limit(params.limit)
    .offset(params.offset)
    .execute();
  return { total, more, rows: rows.map((r) => ({ ...r, activity_number: r.activity_number ?? null, rank: Number(r.rank) })) };
}

/** The documents searched (aliases d and t), which searchDocuments filters. */
function filteredBase(db: Db) {
  return db.selectFrom('search_documents as d').innerJoin('themes as t', 't.id', 'd.theme_id');
}
type Filtered = ReturnType<typeof filteredBase>;

const DETAIL_COLUMNS = [
  'd.id',
  'd.kind',
  'd.entity_id',
  'd.commitment_id',
  'c.number as commitment_number',
  'c.title as commitment_title',
  'a.number as activity_number',
  'd.plan_id',
  'p.title as plan_title',
  'd.theme_id',
  't.title as theme_title',
  'd.title',
  'd.body',
] as const;

/** The order of results: best rank first, then by commitment number, newest plan, commitment before its activities. */
function byRank(x: Candidate, y: Candidate): number {
  return (
    x.rank - y.rank ||
    x.number - y.number ||
    y.plan_id - x.plan_id ||
    (x.kind === y.kind ? 0 : x.kind === 'commitment' ? -1 : 1) ||
    (x.activity ?? 0) - (y.activity ?? 0) ||
    x.id - y.id
  );
}

interface Candidate {
  id: number;
  rank: number;
  number: number;
  plan_id: number;
  kind: 'commitment' | 'activity';
  activity: number | null;
}

/**
 * A search with words: one read of the index for at most `cap` + 1 matches with their rank and what
 * orders them (FTS5 merges a prefix's doclists once per statement, ~20–40 ms for a common stem at scale
 * 10, so counting and ranking share it); they are ordered here, and only the page's documents are
 * joined with what a result shows.
 */
async function searchCapped(
  db: Db,
  q: Filtered,
  rank: RawBuilder<number>,
  level: RawBuilder<string | null>,
  cap: number,
  params: SearchDocumentsParams,
): Promise<SearchDocumentsResult> {
  const found = (await q
    .innerJoin('commitments as c', 'c.id', 'd.commitment_id')
    .leftJoin('activities as a', (j) => j.onRef('a.id', '=', 'd.entity_id').on('d.kind', '=', 'activity'))
    .select(['d.id', rank.as('rank'), 'c.number', 'd.plan_id', 'd.kind', 'a.number as activity'])
    .limit(cap + 1)
    .execute()) as unknown as Candidate[];
  const more = found.length > cap;
  const candidates = found.slice(0, cap).map((c) => ({ ...c, rank: Number(c.rank) }));
  const total = candidates.length;
  candidates.sort(byRank);
  const page = candidates.slice(params.offset, params.offset + params.limit);
  if (page.length === 0) return { total, more, rows: [] };
  const details = await db
    .selectFrom('search_documents as d')
    .innerJoin('themes as t', 't.id', 'd.theme_id')
    .innerJoin('commitments as c', 'c.id', 'd.commitment_id')
    .innerJoin('plans as p', 'p.id', 'd.plan_id')
    .leftJoin('activities as a', (j) => j.onRef('a.id', '=', 'd.entity_id').on('d.kind', '=', 'activity'))
    .select(DETAIL_COLUMNS)
    .select(level.as('level'))
    .where(
      'd.id',
      'in',
      page.map((c) => c.id),
    )
    .execute();
  const byId = new Map(details.map((r) => [r.id, r]));
  const rows = page.flatMap((c) => {
    const r = byId.get(c.id);
    return r ? [{ ...r, activity_number: r.activity_number ?? null, rank: c.rank }] : [];
  });
  return { total, more, rows };
}
