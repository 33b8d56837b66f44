import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.js';

/** The few static files of the site, read once at start-up and served with an ETag. */
const ASSETS: Record<string, string> = {
  'site.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
  'report.css': 'text/css; charset=utf-8',
};

export function assetRoutes(app: FastifyInstance): void {
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`../../../public/${name}`, import.meta.url));
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    route(app, { get: `/assets/${name}`, permission: 'public:read' }, async (req, reply) => {
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(type).send(body);
    });
  }
  route(app, { get: '/favicon.ico', permission: 'public:read' }, async (_req, reply) => reply.redirect('/assets/favicon.svg', 301));
}
