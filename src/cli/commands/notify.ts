import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { notificationMessages } from '../../i18n/notifications.js';
import { isIsoDate } from '../../domain/dates.js';
import type { Io } from '../output.js';

/**
 * `vigia notify [--dry-run] [--date YYYY-MM-DD]`: the notification job by hand (decision 016) — the
 * digests of the date (once per date), the messages to followers, and the outbox drained. A dry run
 * prints what would be queued and changes nothing.
 */
export function notifyCommand(program: Command, io: Io, run: (fn: () => Promise<number>) => () => Promise<void>): void {
  const m = notificationMessages[io.lang].cli;
  program
    .command('notify')
    .description(m.description)
    .option('--dry-run', m.optDryRun)
    .option('--date <date>', m.optDate)
    .action((opts: { dryRun?: boolean; date?: string }) =>
      run(async () => {
        // Refused before the database is opened: a bad date changes nothing anywhere.
        if (opts.date !== undefined && !isIsoDate(opts.date)) throw new AppError('invalid_input', { field: '--date', value: opts.date });
        // Loaded when the command runs, not at every start of `vigia` (src/cli/main.ts).
        const { openStore } = await import('../../storage/connect.js');
        const { runNotificationJob } = await import('../../services/notifications/job.js');
        const store = await openStore(process.env.DATABASE_URL);
        try {
          const result = await runNotificationJob(store, {
            now: () => new Date(),
            dryRun: opts.dryRun ?? false,
            ...(opts.date ? { date: opts.date } : {}),
          });
          const d = result.digests;
          if (d.alreadyRan) io.out(m.alreadyRan(d.date));
          else io.out(m.digests(d.digests.length, d.date));
          if (opts.dryRun) for (const x of d.digests) io.out(m.wouldSend(x.recipient.email, x.written.subject));
          io.out(m.follows(result.follows.messages.length));
          if (opts.dryRun) for (const x of result.follows.messages) io.out(m.wouldSend(x.email, x.subject));
          if (result.drained) io.out(m.sent(result.drained.sent, result.drained.retried, result.drained.failed));
          io.out(m.pending(result.pending));
          if (opts.dryRun) for (const x of result.due) io.out(m.wouldSend(x.recipient, x.subject));
          if (opts.dryRun) io.out(m.dryRunNote);
          return 0;
        } finally {
          await store.close();
        }
      })(),
    );
}
