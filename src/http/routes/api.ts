import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static, type TSchema } from 'typebox';
import { LEVELS, levelLabel } from '../../domain/levels.js';
import { getCommitmentReview, getPlanRecommendations } from '../../services/reviews.js';
import { getCommitment } from '../../services/commitments.js';
import { getAgencyPage, getComparison, getPlan, getSummary, getThemePage, listAgencies, listPlans } from '../../services/plans.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, search, type SearchHit, type SearchResult } from '../../services/search.js';
import type { Store } from '../../storage/connect.js';
import { ERROR_SCHEMA } from '../answers.js';
import { baseUrl } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { cachedPage, pageKey, sendPage, type PageCache } from '../page-cache.js';
import { idOf, pathIds } from '../request-schemas.js';
import { route } from '../route.js';

/**
 * The JSON API, version 1. Lists are paginated (`page`, `perPage` ≤ 100) and take the same filters as
 * search (`q`, `plan`, `theme`, `agency`, `level`, `round`). Answers of published data are cached like
 * pages and carry an ETag. Errors are `{ error: { code, message, fields? } }`. Each operation's query
 * and path are TypeBox schemas: validated by fastify, shown by the OpenAPI document (decision 027).
 */

/** An id to filter by: a wrong one is a bad request (search's), not a missing thing. */
const filterId = (description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description }));
const PAGING = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Page number, from 1.' })),
  perPage: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: `Results per page, 1–${MAX_PER_PAGE} (default ${DEFAULT_PER_PAGE}).` }),
  ),
};
const FILTERS = Type.Object({
  q: Type.Optional(
    Type.String({ description: 'Words to search for: accent-insensitive, Spanish stems, prefixes; every word must match.' }),
  ),
  plan: filterId('A plan id.'),
  theme: filterId('A theme id.'),
  agency: filterId('An agency id: commitments it leads now.'),
  level: Type.Optional(Type.Enum(LEVELS, { description: 'A completion level, at `round` or at the latest published round of each plan.' })),
  round: filterId('A published round id: its plan only, levels at that round.'),
  government: filterId('A government id: its plans only.'),
  ...PAGING,
});
const ID = (entity: string) => pathIds({ id: entity });
const OBJECT = Type.Object({}, { additionalProperties: true });
const PAGINATION = Type.Object({
  page: Type.Integer(),
  perPage: Type.Integer(),
  total: Type.Integer({ description: 'Every result; with words, at most 1000 (then `more` is true).' }),
  more: Type.Optional(Type.Boolean({ description: 'More results match than `total`: a search with words counts and ranks at most 1000.' })),
  pageCount: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()]),
  prev: Type.Union([Type.String(), Type.Null()]),
});
const responses = (ok: TSchema) => ({ 200: ok, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA });
const list = (key: string) => Type.Object({ [key]: Type.Array(OBJECT), pagination: PAGINATION }, { additionalProperties: true });

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
  const v1 = { permission: 'public:read', tags: ['v1'] } as const;

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

  route(
    app,
    {
      api: 'GET /api/v1/plans',
      ...v1,
      operationId: 'listPlans',
      summary: 'Plans, newest first',
      querystring: Type.Object(PAGING),
      response: responses(list('plans')),
    },
    async (req, reply) =>
      cached(req, reply, async () => {
        const { page = 1, perPage = DEFAULT_PER_PAGE } = req.query;
        const all = await listPlans(store);
        const pageCount = Math.ceil(all.length / perPage);
        return {
          plans: all.slice((page - 1) * perPage, page * perPage),
          pagination: { page, perPage, total: all.length, pageCount, ...pageLinks(req, page, pageCount) },
        };
      }),
  );

  route(
    app,
    {
      api: 'GET /api/v1/plans/:id',
      ...v1,
      operationId: 'getPlan',
      summary: 'A plan with its themes, commitments, levels and rounds',
      params: ID('plan'),
      response: responses(OBJECT),
    },
    async (req, reply) => {
      const id = req.params.id;
      return cached(req, reply, async () => ({
        plan: await getPlan(store, id),
        irmRecommendations: await getPlanRecommendations(store, id),
      }));
    },
  );

  route(
    app,
    {
      api: 'GET /api/v1/plans/:id/summary',
      ...v1,
      operationId: 'getSummary',
      summary: 'The summary table: themes × completion levels at one round',
      params: ID('plan'),
      querystring: Type.Object({ round: Type.Optional(idOf('round', 'A round id (default: the latest published).')) }),
      response: responses(OBJECT),
    },
    async (req, reply) => {
      const lang = requestLang(req);
      return cached(req, reply, async () => {
        const { plan, round, summary } = await getSummary(store, req.params.id, req.query.round);
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

  route(
    app,
    {
      api: 'GET /api/v1/plans/:id/comparison',
      ...v1,
      operationId: 'getComparison',
      summary: 'Each commitment’s level in two rounds, and how many moved up, down or stayed',
      params: ID('plan'),
      querystring: Type.Object({
        from: Type.Optional(idOf('round', 'A round id (default: the one before `to`).')),
        to: Type.Optional(idOf('round', 'A round id (default: the latest published).')),
      }),
      response: responses(OBJECT),
    },
    async (req, reply) => cached(req, reply, async () => getComparison(store, req.params.id, req.query.from, req.query.to)),
  );

  const filters = (q: Static<typeof FILTERS>) => ({ ...q });

  route(
    app,
    {
      api: 'GET /api/v1/commitments',
      ...v1,
      operationId: 'listCommitments',
      summary: 'Commitments, filtered like search',
      querystring: FILTERS,
      response: responses(list('commitments')),
    },
    async (req, reply) =>
      cached(req, reply, async () =>
        searchJson(req, 'commitments', await search(store, { ...filters(req.query), kind: 'commitment', listAll: true })),
      ),
  );

  route(
    app,
    {
      api: 'GET /api/v1/commitments/:id',
      ...v1,
      operationId: 'getCommitment',
      summary: 'A commitment’s whole ficha, with history, activities, evidence and levels',
      params: ID('commitment'),
      response: responses(OBJECT),
    },
    async (req, reply) => {
      const id = req.params.id;
      return cached(req, reply, async () => ({
        commitment: await getCommitment(store, id),
        independentReview: await getCommitmentReview(store, id),
      }));
    },
  );

  route(
    app,
    {
      api: 'GET /api/v1/activities',
      ...v1,
      operationId: 'listActivities',
      summary: 'Activities, filtered like search',
      querystring: FILTERS,
      response: responses(list('activities')),
    },
    async (req, reply) =>
      cached(req, reply, async () =>
        searchJson(req, 'activities', await search(store, { ...filters(req.query), kind: 'activity', listAll: true })),
      ),
  );

  route(
    app,
    {
      api: 'GET /api/v1/search',
      ...v1,
      operationId: 'search',
      summary: 'Search commitments and activities',
      querystring: FILTERS,
      response: responses(list('results')),
    },
    async (req, reply) => cached(req, reply, async () => searchJson(req, 'results', await search(store, filters(req.query)))),
  );

  route(
    app,
    {
      api: 'GET /api/v1/themes/:id',
      ...v1,
      operationId: 'getTheme',
      summary: 'A theme with its commitments and their levels',
      params: ID('theme'),
      response: responses(OBJECT),
    },
    async (req, reply) => cached(req, reply, async () => ({ theme: await getThemePage(store, req.params.id) })),
  );

  route(
    app,
    {
      api: 'GET /api/v1/agencies',
      ...v1,
      operationId: 'listAgencies',
      summary: 'Agencies, with how many commitments each leads',
      response: responses(list('agencies')),
    },
    async (req, reply) => cached(req, reply, async () => ({ agencies: await listAgencies(store) })),
  );

  route(
    app,
    {
      api: 'GET /api/v1/agencies/:id',
      ...v1,
      operationId: 'getAgency',
      summary: 'An agency and the commitments it leads, across plans',
      params: ID('agency'),
      response: responses(OBJECT),
    },
    async (req, reply) => cached(req, reply, async () => getAgencyPage(store, req.params.id)),
  );

  // The document itself is not one of its operations (no tags: swagger leaves it out).
  route(app, { get: '/api/openapi.json', permission: 'public:read' }, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(app.swagger()),
  );
}
