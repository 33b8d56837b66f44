import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import { getCommitmentHistory } from '../../services/history.js';
import type { Store } from '../../storage/connect.js';
import { bilingualPage } from '../bilingual.js';
import { cachedPage, pageKey, sendPage, type PageCache } from '../page-cache.js';
import { HistoryPage } from '../views/history.js';
import { renderPage } from '../views/layout.js';
import { idParam } from './pages.js';

/**
 * A commitment's public history: its published changes, from the audit log, in Spanish at
 * /compromisos/:id/historial and in English under /en (bilingualPage declares `public:read`). Kept in
 * the page cache like the other pages: every write adds an audit entry, a new data version.
 */
export function historyRoutes(app: FastifyInstance, store: Store, cache: PageCache): void {
  bilingualPage<{ id: string }>(app, '/compromisos/:id/historial', async (req, reply, ctx) => {
    const id = idParam(req.params.id, 'commitment');
    const page = pageParam(req.query.pagina);
    const render = async () => renderPage(HistoryPage({ ctx, h: await getCommitmentHistory(store, id, { page }) }));
    // A signed-in person's header names them: their pages are made for them, not kept.
    if (ctx.account) return reply.type('text/html; charset=utf-8').send(await render());
    const key = pageKey({ base: ctx.baseUrl, lang: ctx.lang, path: ctx.path, query: req.query, params: ['pagina'] });
    return sendPage(req, reply, await cachedPage(cache, key, 'text/html; charset=utf-8', render));
  });
}

/** `?pagina=N`, a positive integer; absent is the first page; anything else names no page (404). */
function pageParam(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new AppError('not_found', { entity: 'page', id: value.slice(0, 40) });
  return Number(value);
}
