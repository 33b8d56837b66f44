import { honeypotFilled, rateDecision, windowStart, withinEditWindow, withoutHoneypot, EDIT_WINDOW_MINUTES, HONEYPOT_FIELD, type RateLimit } from '../domain/abuse.js';
import { AppError } from '../errors.js';
import { pruneEvents, recentEvents, recordEvents } from '../storage/abuse.js';
import type { Store } from '../storage/connect.js';

/**
 * The shared guard of every public form (consultation comments; alerts and proposals may use it
 * too): a rate limit per account / address / IP, the honeypot, the edit window. Small on purpose:
 *
 *   if (isBot(body)) return quietly;                       // honeypot: pretend all went well
 *   await takeRateLimit(store, 'comment', keys, COMMENT_LIMIT, now);   // 429 rate_limited when over
 *   assertEditable(comment.postedAt, now);                 // 409 edit_window_over
 */
export { EDIT_WINDOW_MINUTES, HONEYPOT_FIELD, withoutHoneypot };

/** The keys a request is counted under: each one that is known. */
export function rateKeys(who: { userId?: number | null; email?: string | null; ip?: string | null }): string[] {
  const keys: string[] = [];
  if (who.userId) keys.push(`user:${who.userId}`);
  if (who.email) keys.push(`email:${who.email.toLowerCase()}`);
  if (who.ip) keys.push(`ip:${who.ip}`);
  return keys;
}

export const isBot = (input: Record<string, unknown>): boolean => honeypotFilled(input);

/**
 * Counts one action under every key, or refuses (rate_limited, 429, with the seconds to wait) when any
 * key already used up its limit in the window — then nothing is counted. Events older than the window
 * are dropped as it goes.
 */
export async function takeRateLimit(store: Store, action: string, keys: readonly string[], limit: RateLimit, now: string): Promise<void> {
  const since = windowStart(limit, now);
  await store.db.transaction().execute(async (trx) => {
    await pruneEvents(trx, since);
    let wait = 0;
    for (const key of keys) {
      const d = rateDecision(limit, await recentEvents(trx, action, key, since), now);
      if (!d.allowed) wait = Math.max(wait, d.retryAfterSeconds);
    }
    if (wait > 0) throw new AppError('rate_limited', { seconds: wait });
    await recordEvents(trx, action, keys, now);
  });
}

/** Refuses (edit_window_over) a change to something posted more than the edit window ago. */
export function assertEditable(postedAt: string, now: string, minutes = EDIT_WINDOW_MINUTES): void {
  if (!withinEditWindow(postedAt, now, minutes)) throw new AppError('edit_window_over', { minutes });
}
