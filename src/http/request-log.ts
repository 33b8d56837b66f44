import type { FastifyRequest } from 'fastify';

/**
 * What the request log (pino, `vigia serve`) writes of a request: Fastify's fields, with the address's
 * query string hidden when it carries a one-time token (issue 17: `"url":"/cuenta/clave?token=…"`, 21
 * lines in an afternoon's log). Set-password and reset links, follow confirmations, unfollow and
 * digest-off links, consultation comment links, in Spanish and under /en: all carry `?token=`.
 */
export function logRequest(req: FastifyRequest) {
  return { method: req.method, url: withoutTokens(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/**
 * The whole query string goes when it mentions a token in any spelling Fastify would read as one:
 * `?token=`, `?%74oken=` (names are decoded too), or inside another parameter (`volver=%2F…%3Ftoken%3D…`).
 */
export function withoutTokens(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url.slice(q + 1).split('&');
  return parts.some((p) => /token/i.test(p) || /token/i.test(decoded(p))) ? `${url.slice(0, q)}?[redacted]` : url;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
