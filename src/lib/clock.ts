import { AppError } from '../errors.js';

/**
 * "Today" is the date where the plan's people live, not UTC's: in Lima (UTC−5) the UTC date turns at
 * 19:00, which would make an activity due today overdue, and close a consultation, five hours early.
 * TIME_ZONE (an IANA name such as America/Lima) sets the deployment's zone; without it, the server's.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The deployment's time zone: TIME_ZONE if set (refused with its name when unknown), else the server's. */
export function timeZoneFrom(env: Record<string, string | undefined> = process.env): string {
  const value = env.TIME_ZONE?.trim();
  if (!value) return Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    return formatIn(value).resolvedOptions().timeZone;
  } catch {
    throw new AppError('invalid_input', { field: 'TIME_ZONE', value });
  }
}

/** The calendar date (ISO) and the minute of the day at an instant, in a zone. */
export function localTime(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Today's date (ISO) in the zone. */
export function todayIn(timeZone: string, at: Date = new Date()): string {
  return localTime(at, timeZone).date;
}

/*
 * The app's clock. Pages and forms work on the app's day (buildApp({ today }), fixed in tests) and, for
 * what needs a time of day — a comment's posting time and its 15-minute edit window, rate limits, a
 * link's expiry — on `now()`. When only the day is fixed, now() is that day at the real time of day, so
 * what is posted carries the app's date while minutes still pass as they do. Without a fixed day, now()
 * is the real instant (a zone's day joined to UTC's time of day would be a wrong instant).
 */

/** `today` (YYYY-MM-DD) at the time of day of `real` (UTC), as an ISO timestamp. */
export function nowOn(today: string, real: Date = new Date()): string {
  return `${today}${real.toISOString().slice(10)}`;
}
