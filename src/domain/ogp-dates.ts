import { isoDate } from './dates.js';
import { isMissing } from './ogp-dataset.js';

/**
 * Dates as OGP's commitment dataset writes them, in one column, side by side: "1/1/2017" (month first,
 * as most rows), "31/12/2015" (day first), "10/1/18", "April 2012", "2012", "Quarter 1 2014", Excel
 * serial numbers of a bare year shown as dates ("7/15/1905" is serial 2023), words ("Underway"), and
 * "NA". Pure. Why the rules are what they are: docs/decisions/012-ogp-dataset.md.
 */

/** Which number comes first in "a/b/yyyy" for one plan's dates. */
export type DayMonthOrder = 'month-first' | 'day-first';

/** A start date is the first day of a month, quarter or year given loosely; an end date its last day. */
export type DateBound = 'start' | 'end';

export type OgpDate =
  | { kind: 'date'; iso: string }
  /** "NA", "ND", "NR" or an empty cell: the dataset has no date. */
  | { kind: 'none' }
  /** Words that are not a date ("Underway", "Permanent activity"): kept as written, no date. */
  | { kind: 'words'; text: string }
  /** Looks like a date but is no calendar day ("2/30/2016", "13/13/2016"). */
  | { kind: 'invalid'; text: string };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NUMERIC = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/;

/**
 * The order one plan writes its "a/b/yyyy" dates in, from all of them together: a first number above 12
 * means day first, a second number above 12 month first. Neither (every date ambiguous) or both (the
 * plan contradicts itself): month first, the dataset's usual form. Only dates of the same plan are
 * looked at, because OGP's rows for a plan were typed from the same action plan document.
 */
export function dayMonthOrder(texts: readonly string[]): DayMonthOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const t of texts) {
    const m = NUMERIC.exec(t.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[2]) > 12) monthFirst = true;
  }
  return dayFirst && !monthFirst ? 'day-first' : 'month-first';
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function boundOf(year: number, firstMonth: number, lastMonth: number, bound: DateBound): string | null {
  if (year < 1990 || year > 2100) return null;
  return bound === 'start' ? isoDate(year, firstMonth, 1) : lastDayOfMonth(year, lastMonth);
}

/** Excel's day count (1899-12-30 = 0): a year typed in a date-formatted cell becomes serial = year. */
function excelSerial(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** One cell of "Start Date" or "End Date", read with the plan's order. */
export function parseOgpDate(text: string, order: DayMonthOrder, bound: DateBound): OgpDate {
  const t = text.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  if (isMissing(t)) return { kind: 'none' };

  // ISO 8601, as Vigía's own export writes it.
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  m = NUMERIC.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    // A number above 12 can only be the day, whatever the plan's order says.
    const monthFirst = a > 12 ? false : b > 12 ? true : order === 'month-first';
    const iso = monthFirst ? isoDate(year, a, b) : isoDate(year, b, a);
    if (!iso) return { kind: 'invalid', text: t };
    if (year < 1990) {
      const serial = excelSerial(iso);
      const asYear = serial >= 1990 && serial <= 2100 ? boundOf(serial, 1, 12, bound) : null;
      return asYear ? { kind: 'date', iso: asYear } : { kind: 'invalid', text: t };
    }
    return { kind: 'date', iso };
  }

  m = /^(\d{4})$/.exec(t);
  if (m) {
    const iso = boundOf(Number(m[1]), 1, 12, bound);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  m = /^([a-z]+),? (\d{4})$/.exec(lower);
  if (m && MONTHS.includes(m[1]!)) {
    const month = MONTHS.indexOf(m[1]!) + 1;
    const iso = boundOf(Number(m[2]), month, month, bound);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  m = /^(?:quarter ([1-4])|q([1-4])) (\d{4})$/.exec(lower);
  if (m) {
    const q = Number(m[1] ?? m[2]);
    const iso = boundOf(Number(m[3]), q * 3 - 2, q * 3, bound);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  // Digits and separators that made no date above: a mistyped date, not words.
  if (/^[\d\s./-]+$/.test(t)) return { kind: 'invalid', text: t };
  return { kind: 'words', text: t };
}
