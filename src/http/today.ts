import type { FastifyInstance } from 'fastify';

/**
 * Today as the app is told it: `app.today` where the app has one (tests fix the day), else the clock.
 * Read loosely so these routes work with or without that decoration.
 */
export function todayOf(app: FastifyInstance): string {
  const injected = (app as unknown as { today?: () => string }).today;
  return typeof injected === 'function' ? injected() : new Date().toISOString().slice(0, 10);
}
