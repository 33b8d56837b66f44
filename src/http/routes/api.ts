import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LEVELS, levelLabel } from '../../domain/levels.js';
import { AppError } from '../../errors.js';
import { getCommitmentReview, getPlanRecommendations } from '../../services/reviews.js';
import { getCommitment } from '../../services/commitments.js';
import { getAgencyPage, getComparison, getPlan, getSummary, getThemePage, listAgencies, listPlans } from '../../services/plans.js';
import { MAX_PER_PAGE, search, type SearchHit, type SearchResult } from '../../services/search.js';
import type { Store } from '../../storage/connect.js';
import { baseUrl } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { cachedPage, pageKey, sendPage, type PageCache } from '../page-cache.js';
import { idParam } from './pages.js';

/**
 * The JSON API, version 1. Lists are paginated (`page`, `perPage` ≤ 100) and take the same filters as
 * search (`q`, `plan`, `theme`, `agency`, `level`, `round`). Answers of published data are cached like
 * pages and carry an ETag. Errors are `{ error: { code, message, fields? } }`.
 */

const text = (description: string) => ({ type: 'string', description });
const FILTERS = {
  q: text('Words to search for: accent-insensitive, Spanish stems, prefixes; every word must match.'),
  plan: text('A plan id.'),
  theme: text('A theme id.'),
  agency: text('An agency id: commitments it leads now.'),
  level: {
    type: 'string',
    enum: [...LEVELS],
    description: 'A completion level, at `round` or at the latest published round of each plan.',
  },
  round: text('A published round id: its plan only, levels at that round.'),
  government: text('A government id: its plans only.'),
  page: text('Page number, from 1.'),
  perPage: text(`Results per page, 1–${MAX_PER_PAGE} (default 20).`),
};
const PAGING = { page: FILTERS.page, perPage: FILTERS.perPage };
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', description: 'Id (a positive integer).' } }, required: ['id'] };
const OBJECT = { type: 'object', additionalProperties: true };
const PAGINATION = {
  type: 'object',
  properties: {
    page: { type: 'integer' },
    perPage: { type: 'integer' },
    total: { type: 'integer', description: 'Every result; with words, at most 1000 (then `more` is true).' },
    more: { type: 'boolean', description: 'More results match than `total`: a search with words counts and ranks at most 1000.' },
    pageCount: { type: 'integer' },
    next: { type: ['string', 'null'] },
    prev: { type: ['string', 'null'] },
  },
};
export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['code', 'message'],
    },
  },
};
const responses = (ok: object) => ({ 200: ok, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA });
const list = (key: string) => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: OBJECT }, pagination: PAGINATION },
  additionalProperties: true,
});

function pageLinks(req: FastifyRequest, page: number, pageCount: number): { next: string | null; prev: string | null } {
  const at = (p: number) => {
    const url = new URL(req.url, baseUrl(req));
    url.searchParams.set('page', String(p));
    return url.toString();
  };
  return { next: page < pageCount ? at(page + 1) : null, prev: page > 1 ? at(page - 1) : null };
}

function hitJson(h: SearchHit) {
  return {
    kind: h.kind,
    id: h.id,
    commitmentId: h.commitmentId,
    commitmentNumber: h.commitmentNumber,
    activityNumber: h.activityNumber,
    title: h.title,
    snippet: h.snippetSegments.map((s) => s.text).join(''),
    plan: h.plan,
    theme: h.theme,
    level: h.level,
  };
}

function searchJson(req: FastifyRequest, key: string, r: SearchResult) {
  return {
    query: r.query,
    problem: r.problem,
    [key]: r.results.map(hitJson),
    pagination: {
      page: r.page,
      perPage: r.perPage,
      total: r.total,
      more: r.more,
      pageCount: r.pageCount,
      ...pageLinks(req, r.page, r.pageCount),
    },
  };
}

export function apiRoutes(app: FastifyInstance, store: Store, cache: PageCache): void {
  const config = { permission: 'public:read' as const };
  const tags = ['v1'];

  /** Published data changes rarely: answers are kept like pages, keyed by URL and language. */
  const KNOWN = ['q', 'plan', 'theme', 'agency', 'level', 'round', 'government', 'page', 'perPage', 'from', 'to'];
  const cached = async (req: FastifyRequest, reply: FastifyReply, produce: () => Promise<unknown>) => {
    const path = req.url.split('?')[0] ?? '';
    const key = `api|${pageKey({ base: baseUrl(req), lang: requestLang(req), path, query: req.query as Record<string, unknown>, params: KNOWN })}`;
    // Messages and labels follow the asker's language.
    reply.header('vary', 'Accept-Language');
    return sendPage(
      req,
      reply,
      await cachedPage(cache, key, 'application/json; charset=utf-8', async () => JSON.stringify(await produce())),
    );
  };
  type Q = Record<string, string | undefined>;
  const filters = (q: Q) => ({
    q: q.q,
    plan: q.plan,
    theme: q.theme,
    agency: q.agency,
    level: q.level,
    round: q.round,
    government: q.government,
    page: q.page,
    perPage: q.perPage,
  });

  app.get<{ Querystring: Q }>(
    '/api/v1/plans',
    {
      config,
      schema: {
        tags,
        operationId: 'listPlans',
        summary: 'Plans, newest first',
        querystring: { type: 'object', properties: PAGING },
        response: responses(list('plans')),
      },
    },
    async (req, reply) =>
      cached(req, reply, async () => {
        const { page, perPage } = paging(req.query);
        const all = await listPlans(store);
        const pageCount = Math.ceil(all.length / perPage);
        return {
          plans: all.slice((page - 1) * perPage, page * perPage),
          pagination: { page, perPage, total: all.length, pageCount, ...pageLinks(req, page, pageCount) },
        };
      }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/plans/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getPlan',
        summary: 'A plan with its themes, commitments, levels and rounds',
        params: ID_PARAMS,
        response: responses(OBJECT),
      },
    },
    async (req, reply) => {
      const id = idParam(req.params.id, 'plan');
      return cached(req, reply, async () => ({
        plan: await getPlan(store, id),
        irmRecommendations: await getPlanRecommendations(store, id),
      }));
    },
  );

  app.get<{ Params: { id: string }; Querystring: Q }>(
    '/api/v1/plans/:id/summary',
    {
      config,
      schema: {
        tags,
        operationId: 'getSummary',
        summary: 'The summary table: themes × completion levels at one round',
        params: ID_PARAMS,
        querystring: { type: 'object', properties: { round: text('A round id (default: the latest published).') } },
        response: responses(OBJECT),
      },
    },
    async (req, reply) => {
      const planId = idParam(req.params.id, 'plan');
      const roundId = req.query.round === undefined ? undefined : idParam(req.query.round, 'round');
      const lang = requestLang(req);
      return cached(req, reply, async () => {
        const { plan, round, summary } = await getSummary(store, planId, roundId);
        return {
          plan,
          round,
          columns: [...LEVELS.map((level) => ({ level, label: levelLabel(level, lang) })), { level: 'total', label: 'Total' }],
          rows: summary.rows,
          total: summary.total,
          percentages: summary.percentages,
        };
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: Q }>(
    '/api/v1/plans/:id/comparison',
    {
      config,
      schema: {
        tags,
        operationId: 'getComparison',
        summary: 'Each commitment’s level in two rounds, and how many moved up, down or stayed',
        params: ID_PARAMS,
        querystring: {
          type: 'object',
          properties: { from: text('A round id (default: the one before `to`).'), to: text('A round id (default: the latest published).') },
        },
        response: responses(OBJECT),
      },
    },
    async (req, reply) => {
      const planId = idParam(req.params.id, 'plan');
      const from = req.query.from === undefined ? undefined : idParam(req.query.from, 'round');
      const to = req.query.to === undefined ? undefined : idParam(req.query.to, 'round');
      return cached(req, reply, async () => getComparison(store, planId, from, to));
    },
  );

  app.get<{ Querystring: Q }>(
    '/api/v1/commitments',
    {
      config,
      schema: {
        tags,
        operationId: 'listCommitments',
        summary: 'Commitments, filtered like search',
        querystring: { type: 'object', properties: FILTERS },
        response: responses(list('commitments')),
      },
    },
    async (req, reply) =>
      cached(req, reply, async () =>
        searchJson(req, 'commitments', await search(store, { ...filters(req.query), kind: 'commitment', listAll: true })),
      ),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/commitments/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getCommitment',
        summary: 'A commitment’s whole ficha, with history, activities, evidence and levels',
        params: ID_PARAMS,
        response: responses(OBJECT),
      },
    },
    async (req, reply) => {
      const id = idParam(req.params.id, 'commitment');
      return cached(req, reply, async () => ({
        commitment: await getCommitment(store, id),
        independentReview: await getCommitmentReview(store, id),
      }));
    },
  );

  app.get<{ Querystring: Q }>(
    '/api/v1/activities',
    {
      config,
      schema: {
        tags,
        operationId: 'listActivities',
        summary: 'Activities, filtered like search',
        querystring: { type: 'object', properties: FILTERS },
        response: responses(list('activities')),
      },
    },
    async (req, reply) =>
      cached(req, reply, async () =>
        searchJson(req, 'activities', await search(store, { ...filters(req.query), kind: 'activity', listAll: true })),
      ),
  );

  app.get<{ Querystring: Q }>(
    '/api/v1/search',
    {
      config,
      schema: {
        tags,
        operationId: 'search',
        summary: 'Search commitments and activities',
        querystring: { type: 'object', properties: FILTERS },
        response: responses(list('results')),
      },
    },
    async (req, reply) => cached(req, reply, async () => searchJson(req, 'results', await search(store, filters(req.query)))),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/themes/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getTheme',
        summary: 'A theme with its commitments and their levels',
        params: ID_PARAMS,
        response: responses(OBJECT),
      },
    },
    async (req, reply) => {
      const id = idParam(req.params.id, 'theme');
      return cached(req, reply, async () => ({ theme: await getThemePage(store, id) }));
    },
  );

  app.get(
    '/api/v1/agencies',
    {
      config,
      schema: {
        tags,
        operationId: 'listAgencies',
        summary: 'Agencies, with how many commitments each leads',
        response: responses(list('agencies')),
      },
    },
    async (req, reply) => cached(req, reply, async () => ({ agencies: await listAgencies(store) })),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/agencies/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getAgency',
        summary: 'An agency and the commitments it leads, across plans',
        params: ID_PARAMS,
        response: responses(OBJECT),
      },
    },
    async (req, reply) => {
      const id = idParam(req.params.id, 'agency');
      return cached(req, reply, async () => getAgencyPage(store, id));
    },
  );

  app.get('/api/openapi.json', { config, schema: { hide: true } }, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(app.swagger()),
  );
}

function paging(q: Record<string, string | undefined>): { page: number; perPage: number } {
  const num = (field: string, value: string | undefined, fallback: number, max: number) => {
    if (value === undefined || value === '') return fallback;
    if (!/^[1-9]\d{0,5}$/.test(value) || Number(value) > max) throw new AppError('invalid_input', { field, value: value.slice(0, 40) });
    return Number(value);
  };
  return { page: num('page', q.page, 1, 100_000), perPage: num('perPage', q.perPage, 20, MAX_PER_PAGE) };
}
