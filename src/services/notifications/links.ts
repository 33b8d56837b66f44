import type { DigestLinks } from '../../i18n/digest.js';
import type { Lang } from '../../i18n/lang.js';
import { linkBase } from '../accounts.js';

/** Links in mail: PUBLIC_URL (never a Host header), English pages under /en; tokens: src/lib/tokens.ts. */
type Env = Record<string, string | undefined>;

export function siteLink(lang: Lang, path: string, env: Env = process.env): string {
  return `${linkBase(env)}${lang === 'en' ? `/en${path}` : path}`;
}

export function digestLinks(lang: Lang, stopToken: string, env: Env = process.env): DigestLinks {
  const l = (path: string) => siteLink(lang, path, env);
  return {
    commitment: (id) => l(`/espacio/compromisos/${id}`),
    activity: (id) => l(`/espacio/actividades/${id}`),
    assessment: (roundId, commitmentId) => l(`/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`),
    round: (roundId) => l(`/espacio/evaluaciones/${roundId}`),
    stop: l(`/avisos/baja?token=${stopToken}`),
    settings: l('/cuenta'),
  };
}
