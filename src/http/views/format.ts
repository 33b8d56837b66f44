import type { Lang } from '../../i18n/index.js';

export { formatDate, formatFileSize, formatMonth, formatPercent } from '../../i18n/format.js';

/** A path of the site in the language of the page: "/planes/1" or "/en/planes/1". */
export function href(lang: Lang, path: string): string {
  if (lang === 'es') return path;
  return path === '/' ? '/en' : `/en${path}`;
}

/** An agency as pickers and lists name it: "Name (ACRONYM)", or its name alone. */
export const agencyLabel = (a: { name: string; acronym: string | null }): string => (a.acronym ? `${a.name} (${a.acronym})` : a.name);
