import { AppError } from '../errors.js';
import { isLevel, type Level } from '../domain/levels.js';
import { highlight, parseQuery, snippet, type Segment } from '../lib/search-terms.js';
import type { Store } from '../storage/connect.js';
import { serializeWriters } from '../storage/locks.js';
import { listPlanIds } from '../storage/plans.js';
import { listPlansWithoutSearchDocuments, rebuildSearchIndex, searchDocuments } from '../storage/search.js';

/**
 * Search across commitments and activities: accent-insensitive, Spanish stems, prefixes; every word
 * must match. Filters (plan, theme, agency, level, round) combine. What a person typed never makes it
 * fail: an empty query is `problem: 'empty'`, a query too long is cut (`problem: 'too-long'`, results
 * for the part kept), control characters are removed. Only filter values that are not what they
 * should be (an id that is not a positive integer, an unknown level, a bad page) are errors.
 */

export type { Segment };

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
const MAX_PAGE = 100_000;
/**
 * A search with words counts and ranks at most this many matches (issue 8: a common word matched
 * 160 000 documents at scale 10 and took 1.9 s); above it the page says "more than 1 000 results".
 */
export const SEARCH_CAP = 1000;
// Ids are PostgreSQL `integer`s: a larger number cannot be an id (and would make PostgreSQL fail).
const MAX_ID = 2_147_483_647;

/** Filter values as they come from a URL (strings; '' means no filter) or from code (numbers). */
export interface SearchInput {
  q?: string | null;
  plan?: number | string | null;
  theme?: number | string | null;
  /** The commitment's current lead agency. */
  agency?: number | string | null;
  /** A level of LEVELS: at `round`, or at each plan's latest published round. */
  level?: string | null;
  /** A published round: its plan's results only, with their level at that round. */
  round?: number | string | null;
  /** A government: its plans only. */
  government?: number | string | null;
  /** From 1. */
  page?: number | string | null;
  /** 1 … MAX_PER_PAGE; DEFAULT_PER_PAGE by default. */
  perPage?: number | string | null;
  /** Only commitments, or only activities (the API's listings). */
  kind?: 'commitment' | 'activity';
  /** With no words and no filter, list everything instead of saying there is nothing to search. */
  listAll?: boolean;
  /** SEARCH_CAP unless given (tests). */
  cap?: number;
}

export interface SearchFilters {
  plan: number | null;
  theme: number | null;
  agency: number | null;
  level: Level | null;
  round: number | null;
  /** Only when given (the search page offers it past FILTER_OPTIONS_MAX plans). */
  government?: number;
}

/**
 * Why a search found nothing or was changed:
 * - 'empty': nothing to search (no words and no filter): no results, say what to type;
 * - 'too-long': the query was longer than MAX_QUERY_LENGTH characters or MAX_QUERY_WORDS words and was
 *   cut; `query` is what was searched and the results are for it.
 */
export type SearchProblem = 'empty' | 'too-long';

export interface SearchHit {
  kind: 'commitment' | 'activity';
  /** The commitment's id, or the activity's. */
  id: number;
  commitmentId: number;
  commitmentNumber: number;
  commitmentTitle: string;
  /** For an activity: its number within the commitment. */
  activityNumber: number | null;
  /** "7. Fortalecer la gestión…" for a commitment; the activity's title for an activity. */
  title: string;
  titleSegments: Segment[];
  /** About 240 characters of the text around the first match (or its beginning), matched words marked. */
  snippetSegments: Segment[];
  plan: { id: number; title: string };
  theme: { id: number; title: string };
  /** The commitment's level at the filtered round, or at its plan's latest published round. */
  level: Level | null;
}

export interface SearchResult {
  /** The query as searched (cleaned, perhaps cut): what the search box should show. */
  query: string;
  /** The words that were searched (stopwords such as "de" are left out when there are others). */
  words: string[];
  problem: SearchProblem | null;
  filters: SearchFilters;
  /** Every result, across pages — or SEARCH_CAP when `more`. */
  total: number;
  /** More results than `total` match (a search with words counts up to SEARCH_CAP): refine the search. */
  more: boolean;
  page: number;
  perPage: number;
  pageCount: number;
  results: SearchHit[];
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function positiveInt(field: string, value: unknown, max: number): number | null {
  if (blank(value)) return null;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || !/^[1-9][0-9]{0,15}$/.test(text) || Number(text) > max) {
    throw new AppError('invalid_input', { field, value: String(value).slice(0, 100) });
  }
  return Number(text);
}

function levelFilter(value: unknown): Level | null {
  if (blank(value)) return null;
  const text = typeof value === 'string' ? value.trim() : value;
  if (!isLevel(text)) throw new AppError('invalid_input', { field: 'level', value: String(value).slice(0, 100) });
  return text;
}

/** Checks the filter values; throws AppError('invalid_input', { field, value }) for the first bad one. */
export function parseSearchFilters(input: SearchInput): SearchFilters & { page: number; perPage: number } {
  const government = positiveInt('government', input.government, MAX_ID);
  return {
    ...(government !== null ? { government } : {}),
    plan: positiveInt('plan', input.plan, MAX_ID),
    theme: positiveInt('theme', input.theme, MAX_ID),
    agency: positiveInt('agency', input.agency, MAX_ID),
    level: levelFilter(input.level),
    round: positiveInt('round', input.round, MAX_ID),
    page: positiveInt('page', input.page, MAX_PAGE) ?? 1,
    perPage: positiveInt('perPage', input.perPage, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
  };
}

export async function search(store: Store, input: SearchInput): Promise<SearchResult> {
  const { page, perPage, ...filters } = parseSearchFilters(input);
  const query = parseQuery(input.q ?? '');
  const hasFilter = Object.values(filters).some((v) => v !== null);
  const base = { query: query.text, words: query.words.map((w) => w.word), filters, page, perPage };
  if (query.words.length === 0 && !hasFilter && !input.listAll) {
    return { ...base, problem: 'empty', total: 0, more: false, pageCount: 0, results: [] };
  }
  const { total, more, rows } = await searchDocuments(store.db, {
    alternatives: query.words.map((w) => w.alternatives),
    ...(input.kind ? { kind: input.kind } : {}),
    planId: filters.plan ?? undefined,
    themeId: filters.theme ?? undefined,
    agencyId: filters.agency ?? undefined,
    level: filters.level ?? undefined,
    roundId: filters.round ?? undefined,
    governmentId: filters.government,
    cap: input.cap ?? SEARCH_CAP,
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  const results: SearchHit[] = rows.map((r) => ({
    kind: r.kind,
    id: r.entity_id,
    commitmentId: r.commitment_id,
    commitmentNumber: r.commitment_number,
    commitmentTitle: r.commitment_title,
    activityNumber: r.activity_number,
    title: r.title,
    titleSegments: highlight(r.title, query),
    snippetSegments: highlight(snippet(r.body, query), query),
    plan: { id: r.plan_id, title: r.plan_title },
    theme: { id: r.theme_id, title: r.theme_title },
    level: isLevel(r.level) ? r.level : null,
  }));
  return {
    ...base,
    problem: query.cut ? 'too-long' : null,
    total,
    more,
    pageCount: Math.ceil(total / perPage),
    results,
  };
}

/**
 * Builds the search documents of plans that have none (a database filled before search existed), or
 * of every plan with `all` (documents already current are left as they are). Call it at start-up.
 * Returns the plans whose documents changed.
 */
export async function ensureSearchIndex(store: Store, options: { all?: boolean } = {}): Promise<number[]> {
  const planIds = options.all ? await listPlanIds(store.db) : await listPlansWithoutSearchDocuments(store.db);
  const changed: number[] = [];
  for (const planId of planIds) {
    // One at a time with imports, which rebuild the plan's documents in their own transaction.
    const result = await store.db.transaction().execute(async (trx) => {
      await serializeWriters(trx, 'import');
      return rebuildSearchIndex(trx, planId);
    });
    if (result.inserted + result.updated + result.deleted > 0) changed.push(planId);
  }
  return changed;
}
