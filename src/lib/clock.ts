/**
 * The app's clock. Pages and forms work on the app's day (buildApp({ today }), fixed in tests) and, for
 * what needs a time of day — a comment's posting time and its 15-minute edit window, rate limits, a
 * link's expiry — on `now()`. When only the day is fixed, now() is that day at the real time of day, so
 * what is posted carries the app's date while minutes still pass as they do.
 */

/** `today` (YYYY-MM-DD) at the time of day of `real` (UTC), as an ISO timestamp. */
export function nowOn(today: string, real: Date = new Date()): string {
  return `${today}${real.toISOString().slice(10)}`;
}
