import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { AppError } from '../errors.js';
import { hiddenFromPublic, isPlanEntity } from '../services/plan-visibility.js';
import type { Store } from '../storage/connect.js';

/**
 * A plan in borrador is the workspace's alone (issue 19): every public route whose path or query names
 * something of such a plan answers 404, as if it did not exist. Found from the routes themselves: each
 * id's schema is titled with what it names (request-schemas.ts idOf/pathIds), so a public route added
 * tomorrow is covered without a list. Listings leave draft plans out in their queries (storage).
 */

/** The co-creation call's public routes: reachable for a draft plan while its call is open (services/plan-visibility.ts). */
export const OPEN_WHILE_CALL_OPEN = new Set(['/planes/:id/propuestas/nueva', '/planes/:id/propuestas', '/propuestas/:id']);

const titleOf = (schema: unknown): unknown => {
  const s = schema as { title?: unknown; anyOf?: unknown[] } | undefined;
  return s?.title ?? s?.anyOf?.map(titleOf).find((t) => t !== undefined);
};

export function hideDraftPlans(app: FastifyInstance, store: Store): void {
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.config?.permission !== 'public:read') return;
    const schema = req.routeOptions.schema as { params?: TSchema; querystring?: TSchema } | undefined;
    const url = (req.routeOptions.url ?? '').replace(/^\/en(?=\/|$)/, '');
    for (const [part, sent] of [
      [schema?.params, req.params],
      [schema?.querystring, req.query],
    ] as const) {
      const properties = (part as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      for (const [name, property] of Object.entries(properties)) {
        const entity = titleOf(property);
        const value = (sent as Record<string, unknown> | undefined)?.[name];
        const id = typeof value === 'number' ? value : typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
        if (!isPlanEntity(entity) || id === null) continue;
        if (await hiddenFromPublic(store, entity, id, { whileCallOpen: OPEN_WHILE_CALL_OPEN.has(url) }))
          throw new AppError('not_found', { entity, id });
      }
    }
  });
}
