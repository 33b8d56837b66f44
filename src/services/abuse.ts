import {
  honeypotFilled,
  rateDecision,
  rateKeysFor,
  windowStart,
  withinEditWindow,
  withoutHoneypot,
  EDIT_WINDOW_MINUTES,
  HONEYPOT_FIELD,
  RATE_LIMITS,
  type RateLimitName,
} from '../domain/abuse.js';
import { AppError } from '../errors.js';
import { lockAction, pruneEvents, recentEvents, recordEvents } from '../storage/abuse.js';
import type { Store } from '../storage/connect.js';

/**
 * The one guard of every public form — comments and comment links, web proposals, alerts, follow
 * requests: a rate limit per account / address / IP over rate_events, with each form's named limit from
 * RATE_LIMITS (domain/abuse.ts); the honeypot; the edit window. Small on purpose:
 *
 *   if (isBot(body)) return quietly;                                  // honeypot: pretend all went well
 *   await assertUnderRateLimit(store.db, 'comment', who, now);        // 429 before the fields are checked
 *   await takeRateLimit(trx, 'comment', { email, ip }, now);          // counted with what is written; 429 when over
 *   assertEditable(comment.postedAt, now);                            // 409 edit_window_over
 *
 * `db` may be the store's database (a transaction of its own) or a transaction already open, so the
 * count is kept only if what it counts is written.
 */
export { EDIT_WINDOW_MINUTES, HONEYPOT_FIELD, withoutHoneypot };

type Db = Store['db'];

/** Who is counted: whichever of these is known; each limit counts the kinds it names. */
export interface RateWho {
  userId?: number | null;
  email?: string | null;
  ip?: string | null;
}

export const isBot = (input: Record<string, unknown>): boolean => honeypotFilled(input);

const inTransaction = <T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

/**
 * Counts one attempt under every key of the limit and answers 0, or answers the seconds to wait when any
 * key already used up its limit in the window — then nothing is counted. With `count: false` it only
 * looks (a form that counts later, when it sends). Events older than the window are dropped as it goes.
 */
export async function rateLimitWait(
  db: Db,
  name: RateLimitName,
  who: RateWho,
  now: string,
  options: { count?: boolean } = {},
): Promise<number> {
  const limit = RATE_LIMITS[name];
  const keys = rateKeysFor(limit, who);
  const since = windowStart(limit, now);
  return inTransaction(db, async (trx) => {
    await lockAction(trx, name);
    await pruneEvents(trx, name, since);
    let wait = 0;
    for (const key of keys) {
      const d = rateDecision(limit, await recentEvents(trx, name, key, since), now);
      if (!d.allowed) wait = Math.max(wait, d.retryAfterSeconds);
    }
    if (wait === 0 && options.count !== false) await recordEvents(trx, name, keys, now);
    return wait;
  });
}

/** Counts one attempt (see rateLimitWait), or refuses it: rate_limited, 429, with the seconds to wait. */
export async function takeRateLimit(db: Db, name: RateLimitName, who: RateWho, now: string): Promise<void> {
  const wait = await rateLimitWait(db, name, who, now);
  if (wait > 0) throw new AppError('rate_limited', { seconds: wait });
}

/**
 * Refuses (rate_limited, 429) an attempt when any of its keys is already over the limit, counting
 * nothing: the cheap look a form makes before it checks its fields, so that past the limit a body of
 * any shape costs one query (issue 17). The count itself is taken where what it counts is written.
 */
export async function assertUnderRateLimit(db: Db, name: RateLimitName, who: RateWho, now: string): Promise<void> {
  const wait = await rateLimitWait(db, name, who, now, { count: false });
  if (wait > 0) throw new AppError('rate_limited', { seconds: wait });
}

/** Refuses (edit_window_over) a change to something posted more than the edit window ago. */
export function assertEditable(postedAt: string, now: string, minutes = EDIT_WINDOW_MINUTES): void {
  if (!withinEditWindow(postedAt, now, minutes)) throw new AppError('edit_window_over', { minutes });
}
