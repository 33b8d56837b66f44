import { formatNumber, type Lang } from '../../i18n/index.js';

/** Dates and numbers as each language writes them; dates are calendar dates, shown in UTC. */
export function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function formatMonth(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

export function formatPercent(n: number, lang: Lang): string {
  return `${formatNumber(n, lang)} %`;
}

/** A path of the site in the language of the page: "/planes/1" or "/en/planes/1". */
export function href(lang: Lang, path: string): string {
  if (lang === 'es') return path;
  return path === '/' ? '/en' : `/en${path}`;
}
