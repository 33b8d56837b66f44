import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { messages } from '../../i18n/index.js';
import { getCommitment } from '../../services/commitments.js';
import { getAgencyPage, getDashboard, getThemePage, listAgencies, listPlansWithHeadlines } from '../../services/plans.js';
import type { Store } from '../../storage/connect.js';
import { bilingualPage } from '../bilingual.js';
import { summaryChartSvg } from '../charts.js';
import { makePage, sendPage, type PageCache } from '../page-cache.js';
import { CommitmentPage } from '../views/commitment.js';
import { HomePage } from '../views/home.js';
import type { PageContext } from '../views/layout.js';
import { renderPage } from '../views/layout.js';
import { PlanPage } from '../views/plan.js';
import { AgenciesPage, AgencyPageView, ThemePageView } from '../views/theme.js';

/** Ids in paths are positive integers; anything else names nothing: a 404. */
export function idParam(value: string | undefined, entity: string): number {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) throw new AppError('not_found', { entity, id: (value ?? '').slice(0, 40) });
  return Number(value);
}

/** The public HTML pages. Each is rendered once per data version and served from the page cache. */
export function pageRoutes(app: FastifyInstance, store: Store, cache: PageCache): void {
  const cached = async (req: FastifyRequest, reply: FastifyReply, ctx: PageContext, render: () => Promise<string>) => {
    await cache.sync();
    const key = `${ctx.baseUrl}|${ctx.lang}|${req.url}`;
    let page = cache.get(key);
    if (!page) {
      page = makePage(await render(), 'text/html; charset=utf-8');
      cache.set(key, page);
    }
    return sendPage(req, reply, page);
  };

  bilingualPage(app, '/', () => '/', async (req, reply, ctx) =>
    cached(req, reply, ctx, async () => renderPage(HomePage({ ctx, plans: await listPlansWithHeadlines(store) }))),
  );

  bilingualPage<{ id: string }>(app, '/planes/:id', (p) => `/planes/${p.id}`, async (req, reply, ctx) => {
    const planId = idParam(req.params.id, 'plan');
    const roundId = req.query.ronda === undefined || req.query.ronda === '' ? undefined : idParam(req.query.ronda, 'round');
    return cached(req, reply, ctx, async () => {
      const d = await getDashboard(store, planId, roundId);
      const w = messages(ctx.lang).web;
      const chart = d.summary && d.round ? await summaryChartSvg(d.summary, ctx.lang, { title: w.chartTitle, axis: w.chartAxis, legend: w.chartLegend }) : null;
      return renderPage(PlanPage({ ctx, d, chartSvg: chart }));
    });
  });

  bilingualPage<{ id: string }>(app, '/compromisos/:id', (p) => `/compromisos/${p.id}`, async (req, reply, ctx) => {
    const id = idParam(req.params.id, 'commitment');
    return cached(req, reply, ctx, async () => renderPage(CommitmentPage({ ctx, c: await getCommitment(store, id) })));
  });

  bilingualPage<{ id: string }>(app, '/temas/:id', (p) => `/temas/${p.id}`, async (req, reply, ctx) => {
    const id = idParam(req.params.id, 'theme');
    return cached(req, reply, ctx, async () => renderPage(ThemePageView({ ctx, t: await getThemePage(store, id) })));
  });

  bilingualPage(app, '/entidades', () => '/entidades', async (req, reply, ctx) =>
    cached(req, reply, ctx, async () => renderPage(AgenciesPage({ ctx, agencies: await listAgencies(store) }))),
  );

  bilingualPage<{ id: string }>(app, '/entidades/:id', (p) => `/entidades/${p.id}`, async (req, reply, ctx) => {
    const id = idParam(req.params.id, 'agency');
    return cached(req, reply, ctx, async () => renderPage(AgencyPageView({ ctx, a: await getAgencyPage(store, id) })));
  });
}
