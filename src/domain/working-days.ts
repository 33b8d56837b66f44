import { isIsoDate } from './dates.js';

/**
 * Working days (issue 7): a civil-society alert must be answered within a number of working days
 * (default 10), counted from the day after it was raised, skipping Saturdays, Sundays and the
 * government's holidays. Pure: the caller gives the dates (ISO YYYY-MM-DD) and the holidays.
 */
export const DEFAULT_WORKING_DAYS = 10;
export const MAX_WORKING_DAYS = 90;

const DAY_MS = 86_400_000;

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Saturday or Sunday (the calendar day in UTC: ISO dates carry no time zone). */
export function isWeekend(iso: string): boolean {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function isWorkingDay(iso: string, holidays: ReadonlySet<string>): boolean {
  return !isWeekend(iso) && !holidays.has(iso);
}

/**
 * The last day an answer is due on: the `days`-th working day after `raisedOn` (the day of raising
 * does not count, whatever day it is — an alert raised on a Friday or a Saturday starts counting on
 * Monday). Holidays are a list of ISO dates; the result is itself always a working day.
 */
export function workingDeadline(raisedOn: string, holidays: readonly string[], days: number = DEFAULT_WORKING_DAYS): string {
  if (!isIsoDate(raisedOn)) throw new RangeError(`not an ISO date: ${raisedOn}`);
  if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) throw new RangeError(`working days out of range: ${days}`);
  const off = new Set(holidays);
  let date = raisedOn;
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isWorkingDay(date, off)) counted++;
  }
  return date;
}

/** An answer given on `answeredOn` (an ISO date, or a timestamp whose day counts) is within the deadline up to and including the deadline day. */
export function answeredWithin(deadline: string, answeredOn: string): boolean {
  return answeredOn.slice(0, 10) <= deadline;
}
