import { isoDate } from './dates.js';
import { isMissing } from './ogp-dataset.js';

/**
 * Dates as OGP's commitment dataset writes them, in one column, side by side: "1/1/2017" (month first,
 * as most rows), "31/12/2015" (day first), "10/1/18", "April 2012", "2012", "Quarter 1 2014", Excel
 * serial numbers of a bare year shown as dates ("7/15/1905" is serial 2023), a day's serial number itself
 * ("43525", a date cell a spreadsheet saved as a number), quarters and half-years in English, Spanish or
 * Roman numerals ("IV quarter of 2021", "IV trimestre 2021", "Q4 2021", "primer semestre de 2020"),
 * words ("Underway"), and "NA". Pure. Why the rules are what they are: docs/decisions/012-ogp-dataset.md.
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
const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** Which one of four (or two): "IV", "4", "4th", "fourth", "cuarto", "primer"… */
const ORDINALS: Record<string, number> = {
  i: 1,
  ii: 2,
  iii: 3,
  iv: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  primer: 1,
  primero: 1,
  segundo: 2,
  tercer: 3,
  tercero: 3,
  cuarto: 4,
  '1er': 1,
  '1ro': 1,
  '2do': 2,
  '3er': 3,
  '3ro': 3,
  '4to': 4,
  '1°': 1,
  '2°': 2,
  '3°': 3,
  '4°': 4,
  '1º': 1,
  '2º': 2,
  '3º': 3,
  '4º': 4,
};
const QUARTER = /^(?:([a-z0-9°º]+) (?:quarter|trimestre)|(?:quarter|trimestre) ([a-z0-9]+)|q([1-4])|t([1-4]))(?: of| de| del)?,? (\d{4})$/;
const QUARTER_YEAR_FIRST = /^(\d{4}),? (?:q|t)([1-4])$/;
const HALF = /^(?:([a-z0-9°º]+) (?:semester|semestre|half)|(?:semester|semestre|half|h|s)([12]))(?: of| de| del)?,? (\d{4})$/;
/** Serial numbers a spreadsheet gives days from 1990 to 2100 (1899-12-30 is day 0). */
const SERIAL_DAYS = { from: 32874, to: 73415 };
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

  // A day's serial number: a date cell a spreadsheet wrote as its number (43525 is 2019-03-01).
  m = /^(\d{5})(?:\.0+)?$/.exec(t);
  if (m && Number(m[1]) >= SERIAL_DAYS.from && Number(m[1]) <= SERIAL_DAYS.to)
    return { kind: 'date', iso: new Date(Date.UTC(1899, 11, 30) + Number(m[1]) * 86_400_000).toISOString().slice(0, 10) };

  m = /^(\d{4})$/.exec(t);
  if (m) {
    const iso = boundOf(Number(m[1]), 1, 12, bound);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  m = /^([a-z]+),?(?: de| del)? (\d{4})$/.exec(lower);
  const month = m ? Math.max(MONTHS.indexOf(m[1]!), MESES.indexOf(m[1]! === 'setiembre' ? 'septiembre' : m[1]!)) + 1 : 0;
  if (m && month > 0) {
    const iso = boundOf(Number(m[2]), month, month, bound);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  // A quarter or a half-year: its first day as a start date, its last day as an end date.
  const period = periodOf(lower.replace(/-/g, ' '));
  if (period) {
    const iso = boundOf(period.year, period.first, period.last, bound);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', text: t };
  }

  // Digits and separators that made no date above: a mistyped date, not words.
  if (/^[\d\s./-]+$/.test(t)) return { kind: 'invalid', text: t };
  return { kind: 'words', text: t };
}

/** "IV quarter of 2021", "Q4 2021", "2021 Q4", "primer semestre de 2020" → the year and its months; null otherwise. */
function periodOf(text: string): { year: number; first: number; last: number } | null {
  let m = QUARTER.exec(text);
  const q = m ? ((m[3] ?? m[4]) ? Number(m[3] ?? m[4]) : ORDINALS[m[1] ?? m[2]!]) : undefined;
  if (m && q !== undefined && q <= 4) return { year: Number(m[5]), first: q * 3 - 2, last: q * 3 };
  m = QUARTER_YEAR_FIRST.exec(text);
  if (m) return { year: Number(m[1]), first: Number(m[2]) * 3 - 2, last: Number(m[2]) * 3 };
  m = HALF.exec(text);
  const h = m ? (m[2] ? Number(m[2]) : ORDINALS[m[1]!]) : undefined;
  if (m && h !== undefined && h <= 2) return { year: Number(m[3]), first: h * 6 - 5, last: h * 6 };
  return null;
}
