import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANG, isLang, type Lang } from '../i18n/lang.js';

/** The language of an answer: `?lang=`, else the first of Accept-Language that Vigía speaks, else Spanish. */
export function requestLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(q)) return q;
  const header = req.headers['accept-language'];
  if (typeof header === 'string') {
    const ranked = header
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const qv = params.find((p) => p.trim().startsWith('q='));
        return { lang: tag!.trim().slice(0, 2).toLowerCase(), q: qv ? Number(qv.trim().slice(2)) : 1 };
      })
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q);
    const found = ranked.find((x) => isLang(x.lang));
    if (found && isLang(found.lang)) return found.lang;
  }
  return DEFAULT_LANG;
}
