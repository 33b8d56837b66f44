import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANG, isLang, type Lang } from '../i18n/lang.js';

/** The language of an answer: `?lang=`, else the first of Accept-Language that Vigía speaks, else Spanish. */
export function requestLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(q)) return q;
  return acceptLanguage(req.headers['accept-language']) ?? DEFAULT_LANG;
}

/** The language of Accept-Language that Vigía speaks and the browser prefers most; null when none. */
export function acceptLanguage(header: string | undefined): Lang | null {
  if (typeof header !== 'string') return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const qv = params.find((p) => p.trim().startsWith('q='));
      const q = qv ? Number(qv.trim().slice(2)) : 1;
      return { lang: (tag ?? '').trim().slice(0, 2).toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const found = ranked.find((x) => isLang(x.lang));
  return found && isLang(found.lang) ? found.lang : null;
}
