import type { AppError } from '../errors.js';
import type { ImportWarning } from '../import/warnings.js';
import { en } from './en.js';
import { es, type Messages } from './es.js';
import type { Lang } from './lang.js';

export type { Lang } from './lang.js';
export type { Messages } from './es.js';

const CATALOGS: Record<Lang, Messages> = { es, en };

export function messages(lang: Lang): Messages {
  return CATALOGS[lang];
}

export function errorMessage(error: AppError, lang: Lang): string {
  return messages(lang).errors[error.code](error.params);
}

export function warningMessage(w: ImportWarning, lang: Lang): string {
  return messages(lang).warnings[w.code](w.params);
}

/** "Compromiso 4, línea 410: …" */
export function warningLine(w: ImportWarning, lang: Lang): string {
  const prefix = messages(lang).warningPrefix(w.commitment, w.line);
  return prefix ? `${prefix}: ${warningMessage(w, lang)}` : warningMessage(w, lang);
}

/** Numbers as the language writes them: 17,6 in Spanish, 17.6 in English. */
const NUMBER = new Map<string, Intl.NumberFormat>();

export function formatNumber(n: number, lang: Lang, fractionDigits = 1): string {
  const key = `${lang}${fractionDigits}`;
  let f = NUMBER.get(key);
  if (!f) NUMBER.set(key, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: fractionDigits, useGrouping: false })));
  return f.format(n);
}
