import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, type Lang } from '../i18n/lang.js';
import { servedOverHttps } from './https.js';
import { acceptLanguage } from './negotiate.js';
import type { Permission } from './permissions.js';
import type { PageContext } from './views/layout.js';
import { href } from './views/format.js';

/**
 * Public pages live in Spanish at their path and in English at the same path under /en. A first visit
 * to a Spanish page from a browser that prefers English goes to the English one; the language switch
 * (a link with ?lang=) records the choice in a cookie, which then decides.
 */
export const LANG_COOKIE = 'vigia_lang';

export function baseUrl(req: FastifyRequest): string {
  const configured = process.env.PUBLIC_URL?.replace(/\/+$/, '');
  if (configured) return configured;
  // A Host header that is not a host name (and port) is not echoed into pages.
  const host = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(req.host) ? req.host : 'localhost';
  return `${req.protocol}://${host}`;
}

export function pageContext(req: FastifyRequest, lang: Lang, path: string): PageContext {
  return { lang, path, baseUrl: baseUrl(req), search: queryString(req, ['lang']), account: req.account };
}

/** The language of a visitor on a path that is not a page (a 404): /en, else the cookie, else Accept-Language. */
export function visitorLang(req: FastifyRequest): Lang {
  if (req.url === '/en' || req.url.startsWith('/en/') || req.url.startsWith('/en?')) return 'en';
  const cookie = req.cookies?.[LANG_COOKIE];
  if (isLang(cookie)) return cookie;
  return acceptLanguage(req.headers['accept-language']) ?? 'es';
}

function queryString(req: FastifyRequest, without: string[] = []): string {
  const url = new URL(req.url, 'http://x');
  for (const k of without) url.searchParams.delete(k);
  const qs = url.searchParams.toString();
  return qs ? `?${qs}` : '';
}

type Handler<P> = (
  req: FastifyRequest<{ Params: P; Querystring: Record<string, string | undefined> }>,
  reply: FastifyReply,
  ctx: PageContext,
) => Promise<unknown>;

/** Registers a page at `path` (Spanish) and `/en` + `path` (English). */
/** The path of the request without /en and without the query, still percent-encoded as it came. */
export function neutralPath(req: FastifyRequest): string {
  const raw = req.url.split('?')[0] ?? '/';
  const path = raw === '/en' ? '/' : raw.startsWith('/en/') ? raw.slice(3) : raw;
  return path === '' ? '/' : path;
}

export function bilingualPage<P = Record<string, string>>(
  app: FastifyInstance,
  path: string,
  handler: Handler<P>,
  permission: Permission = 'public:read',
): void {
  const config = { permission };
  for (const lang of ['es', 'en'] as const) {
    const route = lang === 'es' ? path : path === '/' ? '/en' : `/en${path}`;
    app.get<{ Params: P; Querystring: Record<string, string | undefined> }>(route, { config }, async (req, reply) => {
      // The raw path, not the decoded parameters: what goes back into a Location header stays encoded.
      const neutral = neutralPath(req);
      const chosen = req.query.lang;
      if (isLang(chosen)) {
        // Secure whenever the session cookie is: an https PUBLIC_URL, or TLS seen through a trusted proxy.
        reply.setCookie(LANG_COOKIE, chosen, {
          path: '/',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure: servedOverHttps(req),
        });
        return reply.redirect(href(chosen, neutral) + queryString(req, ['lang']), 303);
      }
      if (lang === 'es') {
        reply.header('vary', 'Accept-Language, Cookie');
        const cookie = req.cookies[LANG_COOKIE];
        const wanted = isLang(cookie) ? cookie : (acceptLanguage(req.headers['accept-language']) ?? 'es');
        if (wanted === 'en') return reply.redirect(href('en', neutral) + queryString(req), 302);
      }
      return handler(req, reply, pageContext(req, lang, neutral));
    });
  }
}
