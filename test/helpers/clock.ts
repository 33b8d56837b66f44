/**
 * The clock for tests that call a service directly (issue 18: services take `now` from their caller, the
 * app's now() in routes). The real instant: what such a test writes is stamped as the app would stamp it
 * today. A test about time itself fixes its own instant instead.
 */
export const nowIso = (): string => new Date().toISOString();
