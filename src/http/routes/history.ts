import type { FastifyInstance } from 'fastify';
import type { Store } from '../../storage/connect.js';
import type { PageCache } from '../page-cache.js';

/** A commitment's public history: its published changes, from the audit log. */
export function historyRoutes(_app: FastifyInstance, _store: Store, _cache: PageCache): void {}
