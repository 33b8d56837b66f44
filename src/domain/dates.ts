import { stripAccents } from '../lib/text.js';

/** Dates as reports write them: "12.09.17", "16 de marzo de 2017", "17 de julio 2015", "Setiembre 2016". Pure. */

const MONTHS: Record<string, number> = {
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).join('|');

/** ISO date (YYYY-MM-DD) when the parts make a real calendar day, else null (2016-02-30 is not). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === text;
}

/** The ISO date `days` days after `date` (before, when negative), counted in UTC. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/** The last date written in a text, day first as in Spanish ("del 12.09.17" → 2017-09-12), or null. */
export function findDate(text: string): string | null {
  const folded = stripAccents(text).toLowerCase();
  const found: { at: number; iso: string }[] = [];
  for (const m of folded.matchAll(/(?<![\w-])(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\w-])/g)) {
    const iso = isoDate(fullYear(m[3]!), Number(m[2]), Number(m[1]));
    if (iso) found.push({ at: m.index, iso });
  }
  const words = new RegExp(`(\\d{1,2})\\s+(?:de\\s+)?(${MONTH_NAMES})\\s*(?:de|del|,)?\\s*(\\d{4})`, 'g');
  for (const m of folded.matchAll(words)) {
    const iso = isoDate(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]));
    if (iso) found.push({ at: m.index, iso });
  }
  found.sort((a, b) => a.at - b.at);
  return found.at(-1)?.iso ?? null;
}

/** "Setiembre 2016" → the last day of that month (an assessment's cutoff), or null. */
export function findMonthEnd(text: string): string | null {
  const m = new RegExp(`(${MONTH_NAMES})\\s*(?:de|del)?\\s*(\\d{4})`).exec(stripAccents(text).toLowerCase());
  if (!m) return null;
  const month = MONTHS[m[1]!]!;
  const year = Number(m[2]);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
