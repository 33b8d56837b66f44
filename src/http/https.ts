import type { FastifyRequest } from 'fastify';

/** PUBLIC_URL says the site is served over HTTPS (whatever a request came over: a proxy may end TLS). */
export function publicUrlIsHttps(): boolean {
  return (process.env.PUBLIC_URL ?? '').startsWith('https://');
}

/** HTTPS: PUBLIC_URL says so, or the request came over TLS (behind a proxy only when TRUST_PROXY trusts it: fastify's req.protocol). */
export function servedOverHttps(req: FastifyRequest): boolean {
  return publicUrlIsHttps() || req.protocol === 'https';
}
