import { timeZoneFrom, todayIn } from '../../lib/clock.js';
import { isIsoDate } from '../../domain/dates.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import { countOutbox, listDueOutbox, type OutboxRow } from '../../storage/outbox.js';
import { runDigests, type DigestRun } from './digest.js';
import { runFollowMessages, type FollowRun } from './follows.js';
import { DEFAULT_RETRY_POLICY, drainOutbox, type DrainOptions, type DrainResult } from './outbox.js';

/**
 * The notification job: the digests of a date (once per date), the messages to followers since the last
 * run, then the outbox drained. `vigia notify` runs it by hand; `vigia serve` on a schedule (schedule.ts).
 */
export interface JobResult {
  digests: DigestRun;
  follows: FollowRun;
  /** Null on a dry run. */
  drained: DrainResult | null;
  /** Rows still waiting in the outbox afterwards. */
  pending: number;
  /** On a dry run: the rows already queued that a real run would try to send now. */
  due: OutboxRow[];
}

export async function runNotificationJob(
  store: Store,
  options: {
    date?: string;
    dryRun?: boolean;
    now: () => Date;
    env?: Record<string, string | undefined>;
    drain?: Omit<DrainOptions, 'now' | 'env'>;
  },
): Promise<JobResult> {
  const now = options.now;
  const date = options.date ?? todayIn(timeZoneFrom(options.env ?? process.env), now());
  if (!isIsoDate(date)) throw new AppError('invalid_input', { field: '--date', value: date });
  const env = options.env ?? process.env;
  const digests = await runDigests(store, { date, now: now().toISOString(), dryRun: options.dryRun ?? false, env });
  const follows = await runFollowMessages(store, { now: now().toISOString(), dryRun: options.dryRun ?? false, env });
  const drained = options.dryRun ? null : await drainOutbox(store, { ...options.drain, now, env });
  const pending = await countOutbox(store.db, 'pending');
  const t = now();
  const lease = options.drain?.policy?.leaseMs ?? DEFAULT_RETRY_POLICY.leaseMs;
  const due = options.dryRun ? await listDueOutbox(store.db, t.toISOString(), new Date(t.getTime() - lease).toISOString(), 1000) : [];
  return { digests, follows, drained, pending, due };
}
