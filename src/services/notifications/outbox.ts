import { randomBytes } from 'node:crypto';
import type { Store } from '../../storage/connect.js';
import * as outboxStore from '../../storage/outbox.js';
import { sendMail, siteHost } from '../mail.js';

/**
 * The outbox (decision 016). A message is first a row; a sender drains the due rows over SMTP:
 * claim the row (one sender wins), send, mark it sent. A refusal or an unreachable server puts the
 * row back with the next attempt later (exponential back-off, capped); after the last attempt it is
 * marked failed and kept. A row left "sending" by a process that stopped is sent again after a lease,
 * with the same Message-ID: at least once, and a duplicate is recognisable as one.
 */
export interface RetryPolicy {
  /** The wait after the first failure; it doubles after each one. */
  baseDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
  /** After this many attempts the row is failed for good. */
  maxAttempts: number;
  /** A row claimed longer ago than this by a sender that never finished is taken again. */
  leaseMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 60_000, maxDelayMs: 6 * 3600_000, maxAttempts: 8, leaseMs: 10 * 60_000 };

/** How long to wait after the `attempts`-th failed attempt (1 → base, 2 → 2·base, … up to the cap). */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export type Message = Omit<outboxStore.NewOutboxMessage, 'messageId'>;

/** A Message-ID chosen once, when the message is queued, on the site's host. */
export function newMessageId(env: Record<string, string | undefined> = process.env): string {
  return `<${randomBytes(12).toString('hex')}@${siteHost(env)}>`;
}

/** Queues a message; false when a message with the same dedupe key was queued before (nothing changes). */
export function enqueue(
  db: Store['db'],
  message: Message,
  at: string,
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  return outboxStore.insertOutbox(db, { ...message, messageId: newMessageId(env) }, at);
}

export interface DrainOptions {
  /** The clock: the command's (new Date) or a test's fixed times. */
  now: () => Date;
  /** SMTP_* variables (process.env by default). */
  env?: Record<string, string | undefined>;
  policy?: RetryPolicy;
  /** At most this many rows per call. */
  limit?: number;
  log?: (text: string) => void;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

/** Sends what is due, one row at a time; never throws for a row's failure (it is recorded on the row). */
export async function drainOutbox(store: Store, options: DrainOptions): Promise<DrainResult> {
  const now = options.now;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  const start = now();
  const due = await outboxStore.listDueOutbox(
    store.db,
    start.toISOString(),
    new Date(start.getTime() - policy.leaseMs).toISOString(),
    options.limit ?? 100,
  );
  for (const row of due) {
    if (!(await outboxStore.claimOutbox(store.db, row, now().toISOString()))) continue; // another sender has it
    const attempts = row.attempts + 1;
    try {
      await sendMail(
        { to: row.recipient, subject: row.subject, text: row.body, lang: row.lang, messageId: row.messageId, headers: row.headers },
        { env: options.env ?? process.env, ...(options.log ? { log: options.log } : {}) },
      );
    } catch (e) {
      const error = (e as Error).message || String(e);
      if (attempts >= policy.maxAttempts) {
        await outboxStore.markOutboxFailedAttempt(store.db, row.id, error, { giveUp: true });
        result.failed++;
      } else {
        const retryAt = new Date(now().getTime() + retryDelayMs(attempts, policy)).toISOString();
        await outboxStore.markOutboxFailedAttempt(store.db, row.id, error, { retryAt });
        result.retried++;
      }
      continue;
    }
    // The SMTP server has accepted it. A crash before this line leaves the row "sending": see leaseMs.
    await outboxStore.markOutboxSent(store.db, row.id, now().toISOString());
    result.sent++;
  }
  return result;
}
