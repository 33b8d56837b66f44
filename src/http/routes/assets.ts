import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The few static files of the site, read once at start-up and served with an ETag. */
const ASSETS: Record<string, string> = {
  'site.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
  'report.css': 'text/css; charset=utf-8',
};

export function assetRoutes(app: FastifyInstance): void {
  const config = { permission: 'public:read' as const };
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`../../../public/${name}`, import.meta.url));
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    app.get(`/assets/${name}`, { config }, async (req, reply) => {
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(type).send(body);
    });
  }
  app.get('/favicon.ico', { config }, async (_req, reply) => reply.redirect('/assets/favicon.svg', 301));
}
