import type { FastifyInstance } from 'fastify';
import type { Store } from '../../storage/connect.js';

/** The account pages: sign in, sign out, forgotten password, set a password. */
export function accountRoutes(_app: FastifyInstance, _store: Store): void {}
