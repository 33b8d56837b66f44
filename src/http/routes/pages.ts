import type { FastifyInstance } from 'fastify';
import type { Lang } from '../../i18n/index.js';
import { getPlan, listPlans } from '../../services/plans.js';
import type { Store } from '../../storage/connect.js';
import { HomePage } from '../views/home.js';
import { renderPage } from '../views/layout.js';

/** Public HTML pages, in Spanish at / and in English at the same paths under /en. */
export function pageRoutes(app: FastifyInstance, store: Store): void {
  const config = { permission: 'public:read' as const };
  const home = (lang: Lang) => async (_req: unknown, reply: import('fastify').FastifyReply) => {
    const plans = await Promise.all((await listPlans(store)).map((p) => getPlan(store, p.id)));
    return reply.type('text/html; charset=utf-8').send(renderPage(HomePage({ lang, plans })));
  };
  app.get('/', { config }, home('es'));
  app.get('/en', { config }, home('en'));
  app.get('/en/', { config }, async (_req, reply) => reply.redirect('/en', 301));
}
