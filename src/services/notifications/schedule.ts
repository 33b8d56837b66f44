import { AppError } from '../../errors.js';
import { localTime } from '../../lib/clock.js';
import type { Store } from '../../storage/connect.js';
import { findRun } from '../../storage/digest.js';
import { runNotificationJob } from './job.js';
import { drainOutbox } from './outbox.js';

/**
 * The schedule inside `vigia serve`: every minute the outbox is drained; once a day, from NOTIFY_AT
 * (HH:MM in the deployment's time zone, TIME_ZONE; 07:00 by default; "off" turns the schedule off), the job runs for that day. A process
 * started after that hour runs it at once; the day's run row (notification_runs) keeps a second
 * instance, or a restart, from building it again.
 */
export interface NotifyAt {
  hour: number;
  minute: number;
}

export function parseNotifyAt(value: string | undefined): NotifyAt | null {
  const v = (value ?? '07:00').trim();
  if (v.toLowerCase() === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new AppError('invalid_input', { field: 'NOTIFY_AT', value: v });
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The date whose job is due at `now` in the zone: today once its hour has come there, else null. */
export function dueDate(now: Date, at: NotifyAt, timeZone = 'UTC'): string | null {
  const local = localTime(now, timeZone);
  return local.minutes >= at.hour * 60 + at.minute ? local.date : null;
}

export interface Schedule {
  /** One tick now (what the timer does every minute); resolves when it is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotificationSchedule(
  store: Store,
  options: {
    at: NotifyAt;
    timeZone?: string;
    tickMs?: number;
    now: () => Date;
    env?: Record<string, string | undefined>;
    log?: (e: unknown) => void;
  },
): Schedule {
  const now = options.now;
  const log = options.log ?? ((e: unknown) => process.emitWarning(`notifications: ${(e as Error)?.message ?? String(e)}`));
  let running: Promise<void> | null = null;
  const work = async () => {
    const date = dueDate(now(), options.at, options.timeZone);
    if (date && !(await findRun(store.db, 'digest', date))) {
      try {
        // The job drains the outbox itself.
        return void (await runNotificationJob(store, { date, now, ...(options.env ? { env: options.env } : {}) }));
      } catch (e) {
        // Logged, tried again at the next tick; the mail already queued still goes out meanwhile.
        log(e);
      }
    }
    await drainOutbox(store, { now, ...(options.env ? { env: options.env } : {}) });
  };
  const tick = () => {
    // One tick at a time: a slow SMTP server never makes two drains overlap in one process.
    running ??= work()
      .catch(log)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 60_000);
  timer.unref();
  void tick();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
