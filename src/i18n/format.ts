import type { RoundKind } from '../domain/types.js';
import { formatNumber, messages } from './index.js';
import type { Lang } from './lang.js';

/** Dates, percentages and round names as each language writes them; dates are calendar dates, in UTC. */
// Building an Intl formatter costs far more than using one: one per language, made once.
const DAY = { es: new Intl.DateTimeFormat('es', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }), en: new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) };
const MONTH = { es: new Intl.DateTimeFormat('es', { month: 'long', year: 'numeric', timeZone: 'UTC' }), en: new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }) };

export function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  return DAY[lang].format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
}

export function formatMonth(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  return MONTH[lang].format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

export function formatPercent(n: number, lang: Lang): string {
  return `${formatNumber(n, lang)} %`;
}


/** A round's name in the reader's language: its own title when written in it, else the name of its kind; with its month. */
export function roundName(r: { kind: RoundKind; title: string; lang: string; cutoffDate: string | null }, lang: Lang): string {
  const title = r.lang === lang ? r.title : messages(lang).roundKinds[r.kind];
  return r.cutoffDate ? `${title} (${formatMonth(r.cutoffDate, lang)})` : title;
}
