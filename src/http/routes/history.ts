import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { getCommitmentHistory } from '../../services/history.js';
import type { Store } from '../../storage/connect.js';
import { cachedPage, pageKey, sendPage, type PageCache } from '../page-cache.js';
import { named, pathIds } from '../request-schemas.js';
import { route } from '../route.js';
import { HistoryPage } from '../views/history.js';
import { renderPage } from '../views/layout.js';

/**
 * A commitment's public history: its published changes, from the audit log, in Spanish at
 * /compromisos/:id/historial and in English under /en. Kept in the page cache like the other pages:
 * every write adds an audit entry, a new data version.
 */
const HISTORY = {
  permission: 'public:read',
  params: pathIds({ id: 'commitment' }),
  // `?pagina=N`, a positive integer; absent is the first page; anything else names no page (404).
  querystring: Type.Object({ pagina: Type.Optional(named('page', Type.Integer({ minimum: 1, maximum: 999_999 }))) }),
} as const;

export function historyRoutes(app: FastifyInstance, store: Store, cache: PageCache): void {
  route(app, { page: '/compromisos/:id/historial', ...HISTORY }, async (req, reply, ctx) => {
    const page = req.query.pagina ?? 1;
    const render = async () => renderPage(HistoryPage({ ctx, h: await getCommitmentHistory(store, req.params.id, { page }) }));
    // A signed-in person's header names them: their pages are made for them, not kept.
    if (ctx.account) return reply.type('text/html; charset=utf-8').send(await render());
    const key = pageKey({ base: ctx.baseUrl, lang: ctx.lang, path: ctx.path, query: req.query, params: ['pagina'] });
    return sendPage(req, reply, await cachedPage(cache, key, 'text/html; charset=utf-8', render));
  });
}
