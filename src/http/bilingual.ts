import type { FastifyRequest } from 'fastify';
import { isLang, type Lang } from '../i18n/lang.js';
import { acceptLanguage } from './negotiate.js';
import type { PageContext } from './views/layout.js';

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

export function queryString(req: FastifyRequest, without: string[] = []): string {
  const url = new URL(req.url, 'http://x');
  for (const k of without) url.searchParams.delete(k);
  const qs = url.searchParams.toString();
  return qs ? `?${qs}` : '';
}

/** The path of the request without /en and without the query, still percent-encoded as it came. */
export function neutralPath(req: FastifyRequest): string {
  const raw = req.url.split('?')[0] ?? '/';
  const path = raw === '/en' ? '/' : raw.startsWith('/en/') ? raw.slice(3) : raw;
  return path === '' ? '/' : path;
}
