/**
 * Limits on public forms (issue 7, "Abuse and bad input"), pure: how many posts a key may make in a
 * window, the honeypot field, and how long an author may edit what they wrote. The counting itself
 * (rate_events) is in storage/abuse.ts; services/abuse.ts joins them.
 */

/** A limit: at most `max` actions per key within `windowMinutes`. */
export interface RateLimit {
  max: number;
  windowMinutes: number;
}

/** What a rate-limit key names: a signed-in account, an e-mail address, a network address. */
export type RateKeyKind = 'user' | 'email' | 'ip';

/** A limit with its name (rate_events.action) and the kinds of key it counts under. */
export interface NamedRateLimit extends RateLimit {
  keys: readonly RateKeyKind[];
}

/**
 * Every public form's rate limit, in one table (decision 017): the name is what rate_events counts, the
 * keys say who is counted (an attempt is refused when any of them is over), and each has its own window.
 */
export const RATE_LIMITS = {
  /** Comments on a consultation: 5 per 10 minutes per account, address and IP. */
  comment: { keys: ['user', 'email', 'ip'], max: 5, windowMinutes: 10 },
  /** Mails with a comment link: 5 a day per address and IP. */
  'comment-link': { keys: ['email', 'ip'], max: 5, windowMinutes: 24 * 60 },
  /** Proposals through the public form: 5 an hour per network address — several ideas, not a robot. */
  proposal: { keys: ['ip'], max: 5, windowMinutes: 60 },
  /** Civil-society alerts: 5 a day per account — a person following a plan, not a script. */
  alert: { keys: ['user'], max: 5, windowMinutes: 24 * 60 },
  /** Mails confirming a follow: 5 a day per address, whatever the commitment. */
  'follow-email': { keys: ['email'], max: 5, windowMinutes: 24 * 60 },
  /** Follow requests from one network address in a day (many addresses typed from one place is a flood). */
  'follow-ip': { keys: ['ip'], max: 20, windowMinutes: 24 * 60 },
} as const satisfies Record<string, NamedRateLimit>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** Comments on a consultation (kept by its old name). */
export const COMMENT_LIMIT: RateLimit = RATE_LIMITS.comment;

/** The keys an attempt is counted under for a limit: each kind the limit counts that is known. */
export function rateKeysFor(limit: NamedRateLimit, who: { userId?: number | null; email?: string | null; ip?: string | null }): string[] {
  const keys: string[] = [];
  for (const kind of limit.keys) {
    if (kind === 'user' && who.userId) keys.push(`user:${who.userId}`);
    if (kind === 'email' && who.email) keys.push(`email:${who.email.toLowerCase()}`);
    if (kind === 'ip' && who.ip) keys.push(`ip:${who.ip}`);
  }
  return keys;
}

/** An author may change their comment for this long after posting it. */
export const EDIT_WINDOW_MINUTES = 15;

/**
 * The field every public form carries, hidden from people (CSS and aria-hidden) but filled by naive
 * bots. Its name looks like something worth filling.
 */
export const HONEYPOT_FIELD = 'website';

/** True when the hidden field came back with anything in it: a robot; refuse quietly. */
export function honeypotFilled(input: Record<string, unknown>, field = HONEYPOT_FIELD): boolean {
  const v = input[field];
  return v !== undefined && v !== null && String(v).trim() !== '';
}

/** The input without the honeypot field, so checkFields does not call it unknown. */
export function withoutHoneypot<T extends Record<string, unknown>>(input: T, field = HONEYPOT_FIELD): T {
  const { [field]: _drop, ...rest } = input;
  return rest as T;
}

export const windowStart = (limit: RateLimit, now: string): string =>
  new Date(Date.parse(now) - limit.windowMinutes * 60_000).toISOString();

/**
 * Whether one more action is allowed given the times of the key's actions within the window (oldest
 * first); when not, how many seconds until the oldest leaves the window.
 */
export function rateDecision(
  limit: RateLimit,
  recent: readonly string[],
  now: string,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (recent.length < limit.max) return { allowed: true };
  // A limit of 0 (the form switched off): wait a whole window.
  if (limit.max <= 0) return { allowed: false, retryAfterSeconds: limit.windowMinutes * 60 };
  const oldest = recent[recent.length - limit.max]!;
  const leaves = Date.parse(oldest) + limit.windowMinutes * 60_000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((leaves - Date.parse(now)) / 1000)) };
}

/** An author may still edit up to and including `minutes` after posting. */
export function withinEditWindow(postedAt: string, now: string, minutes = EDIT_WINDOW_MINUTES): boolean {
  const elapsed = Date.parse(now) - Date.parse(postedAt);
  return elapsed >= 0 && elapsed <= minutes * 60_000;
}
