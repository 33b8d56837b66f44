export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'es';

export function isLang(value: unknown): value is Lang {
  return value === 'es' || value === 'en';
}

/** Picks the interface language from a POSIX locale such as `en_GB.UTF-8`; Spanish unless English is asked for. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^en\b|^en[_-]/i.test(locale) ? 'en' : DEFAULT_LANG;
}
