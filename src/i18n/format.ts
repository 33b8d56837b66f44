import type { RoundKind } from '../domain/types.js';
import { formatNumber, messages } from './index.js';
import type { Lang } from './lang.js';

/** Dates, percentages and round names as each language writes them; dates are calendar dates, in UTC. */
// Building an Intl formatter costs far more than using one: one per language, made once.
const DAY = {
  es: new Intl.DateTimeFormat('es', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const MONTH = {
  es: new Intl.DateTimeFormat('es', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

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

const SIZE = {
  es: {
    kB: new Intl.NumberFormat('es', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
    MB: new Intl.NumberFormat('es', { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }),
  },
  en: {
    kB: new Intl.NumberFormat('en', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
    MB: new Intl.NumberFormat('en', { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }),
  },
};

/** A file's size as people read it: kB below a megabyte, MB above (powers of 1024). */
export function formatFileSize(bytes: number, lang: Lang): string {
  return bytes < 1024 * 1024 ? SIZE[lang].kB.format(Math.max(1, Math.round(bytes / 1024))) : SIZE[lang].MB.format(bytes / (1024 * 1024));
}

/** A round's name in the reader's language: its own title when written in it, else the name of its kind; with its month. */
export function roundName(r: { kind: RoundKind; title: string; lang: string; cutoffDate: string | null }, lang: Lang): string {
  const title = r.lang === lang ? r.title : messages(lang).roundKinds[r.kind];
  return r.cutoffDate ? `${title} (${formatMonth(r.cutoffDate, lang)})` : title;
}
