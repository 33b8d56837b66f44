import { getCommitmentAlerts } from '../../services/alerts.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getCommitmentProposals, getPlanCocreation, getPlanForum } from '../../services/cocreation.js';
import { publicPlanConsultations } from '../../services/consultation.js';
import Type from 'typebox';
import { isAppError } from '../../errors.js';
import { messages } from '../../i18n/index.js';
import { getCommitment } from '../../services/commitments.js';
import { getCommitmentIndicators } from '../../services/indicators.js';
import { openDataSettings } from '../../services/opendata.js';
import {
  getAgencyPage,
  getDashboard,
  getThemePage,
  listAgencies,
  listFilterOptions,
  listPlans,
  listPlansWithHeadlines,
} from '../../services/plans.js';
import { getCommitmentReview, getPlanRecommendations } from '../../services/reviews.js';
import { getPublicTrafficLights } from '../../services/monitoring/board.js';
import { search, type SearchResult } from '../../services/search.js';
import type { Store } from '../../storage/connect.js';
import { idOf, named, pathIds } from '../request-schemas.js';
import { route } from '../route.js';
import { responsiveSvg, summaryChartSvg } from '../../report/summary-chart.js';
import { cachedPage, pageKey, sendPage, type PageCache } from '../page-cache.js';
import { ApiDocsPage, type OpenApiPaths } from '../views/api-docs.js';
import { CommitmentPage } from '../views/commitment.js';
import { DataPage } from '../views/data.js';
import { SEARCH_PARAMS, SearchPage } from '../views/search.js';
import { HomePage } from '../views/home.js';
import type { PageContext } from '../views/layout.js';
import { renderPage } from '../views/layout.js';
import { PlanPage } from '../views/plan.js';
import { AgenciesPage, AgencyPageView } from '../views/agency.js';
import { ThemePageView } from '../views/theme.js';

/** The public HTML pages. Each is rendered once per data version and served from the page cache. */
export function pageRoutes(app: FastifyInstance, store: Store, cache: PageCache): void {
  /** Pages read no query parameter but these: the rest do not make a new page. */
  const cached = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    render: () => Promise<string>,
    params: readonly string[] = [],
    day = '',
  ) => {
    // A signed-in person's header names them: their pages are made for them, not kept.
    if (ctx.account) return reply.type('text/html; charset=utf-8').send(await render());
    const key =
      pageKey({ base: ctx.baseUrl, lang: ctx.lang, path: ctx.path, query: req.query as Record<string, unknown>, params }) +
      (day ? `|${day}` : '');
    return sendPage(req, reply, await cachedPage(cache, key, 'text/html; charset=utf-8', render));
  };

  route(app, { page: '/', permission: 'public:read' }, async (req, reply, ctx) =>
    cached(req, reply, ctx, async () => renderPage(HomePage({ ctx, plans: await listPlansWithHeadlines(store) }))),
  );

  const plan = {
    permission: 'public:read',
    params: pathIds({ id: 'plan' }),
    querystring: Type.Object({
      ronda: Type.Optional(named('round', Type.Union([Type.Literal(''), idOf('round')]))),
      // Any two published rounds compared (issue 20): as `vigia compare --from --to`.
      desde: Type.Optional(named('round', Type.Union([Type.Literal(''), idOf('round')]))),
      hasta: Type.Optional(named('round', Type.Union([Type.Literal(''), idOf('round')]))),
    }),
  } as const;
  route(app, { page: '/planes/:id', ...plan }, async (req, reply, ctx) => {
    const planId = req.params.id;
    // The select's empty option: the latest round.
    const roundId = req.query.ronda === '' ? undefined : req.query.ronda;
    const compare = {
      from: req.query.desde === '' ? undefined : req.query.desde,
      to: req.query.hasta === '' ? undefined : req.query.hasta,
    };
    // The semáforo is computed for the day: a page made yesterday is not today's (the day is in its key).
    const today = app.today();
    return cached(
      req,
      reply,
      ctx,
      async () => {
        const d = await getDashboard(store, planId, roundId, compare);
        const w = messages(ctx.lang).web;
        const chartLabels = { title: w.chartTitle, axis: w.chartAxis, legend: w.chartLegend };
        const charts =
          d.summary && d.round
            ? {
                wide: responsiveSvg(await summaryChartSvg(d.summary, ctx.lang, chartLabels, 'wide')),
                narrow: responsiveSvg(await summaryChartSvg(d.summary, ctx.lang, chartLabels, 'narrow')),
              }
            : null;
        return renderPage(
          PlanPage({
            ctx,
            d,
            charts,
            recommendations: await getPlanRecommendations(store, planId),
            trafficLights: await getPublicTrafficLights(store, planId, today),
            participation: { cocreation: await getPlanCocreation(store, planId), forum: await getPlanForum(store, planId) },
            consultations: await publicPlanConsultations(store, planId, today),
          }),
        );
      },
      ['ronda', 'desde', 'hasta'],
      today,
    );
  });

  route(app, { page: '/compromisos/:id', permission: 'public:read', params: pathIds({ id: 'commitment' }) }, async (req, reply, ctx) => {
    const id = req.params.id;
    // Indicators' progress and status are for today: the day is part of the page's key.
    const today = app.today();
    const render = async () =>
      renderPage(
        CommitmentPage({
          ctx,
          c: await getCommitment(store, id),
          review: await getCommitmentReview(store, id),
          indicators: await getCommitmentIndicators(store, id, today),
          alerts: await getCommitmentAlerts(store, id, today),
          proposals: await getCommitmentProposals(store, id),
        }),
      );
    return cached(req, reply, ctx, render, [], today);
  });

  route(app, { page: '/temas/:id', permission: 'public:read', params: pathIds({ id: 'theme' }) }, async (req, reply, ctx) => {
    const id = req.params.id;
    return cached(req, reply, ctx, async () => renderPage(ThemePageView({ ctx, t: await getThemePage(store, id) })));
  });

  route(app, { page: '/datos', permission: 'public:read' }, async (req, reply, ctx) =>
    cached(req, reply, ctx, async () => renderPage(DataPage({ ctx, plans: await listPlans(store), license: openDataSettings().license }))),
  );

  route(app, { page: '/buscar', permission: 'public:read' }, async (req, reply, ctx) => {
    const q = req.query as Record<string, string | string[] | undefined>;
    const one = (k: string) => {
      const v = q[k];
      return (Array.isArray(v) ? v[0] : v) ?? '';
    };
    const values: Record<string, string> = { q: one('q') };
    for (const name of Object.values(SEARCH_PARAMS)) values[name] = one(name);
    const typed = Object.values(values).some((v) => v !== '');
    let result: SearchResult | null = null;
    let error: { field: string; value: string } | null = null;
    if (typed) {
      try {
        result = await search(store, {
          q: values.q,
          plan: values[SEARCH_PARAMS.plan],
          theme: values[SEARCH_PARAMS.theme],
          agency: values[SEARCH_PARAMS.agency],
          level: values[SEARCH_PARAMS.level],
          round: values[SEARCH_PARAMS.round],
          government: values[SEARCH_PARAMS.government],
          page: values[SEARCH_PARAMS.page],
        });
      } catch (e) {
        if (!(isAppError(e) && e.code === 'invalid_input')) throw e;
        error = { field: String(e.params.field), value: String(e.params.value ?? '') };
        reply.code(400);
      }
    }
    const id = (v: string | undefined) => (/^[1-9]\d{0,8}$/.test(v ?? '') ? Number(v) : null);
    const options = await listFilterOptions(store, {
      plan: id(values[SEARCH_PARAMS.plan]),
      theme: id(values[SEARCH_PARAMS.theme]),
      round: id(values[SEARCH_PARAMS.round]),
      government: id(values[SEARCH_PARAMS.government]),
      agency: id(values[SEARCH_PARAMS.agency]),
    });
    reply.header('cache-control', 'no-cache');
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage(SearchPage({ ctx: { ...ctx, query: values.q ?? '' }, result, options, values, error })));
  });

  route(app, { page: '/api/docs', permission: 'public:read' }, async (req, reply, ctx) =>
    cached(req, reply, ctx, async () => renderPage(ApiDocsPage({ ctx, paths: (app.swagger() as { paths: OpenApiPaths }).paths }))),
  );

  route(app, { page: '/entidades', permission: 'public:read' }, async (req, reply, ctx) =>
    cached(req, reply, ctx, async () => renderPage(AgenciesPage({ ctx, agencies: await listAgencies(store) }))),
  );

  route(app, { page: '/entidades/:id', permission: 'public:read', params: pathIds({ id: 'agency' }) }, async (req, reply, ctx) => {
    const id = req.params.id;
    return cached(req, reply, ctx, async () => renderPage(AgencyPageView({ ctx, a: await getAgencyPage(store, id) })));
  });
}
