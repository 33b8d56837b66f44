import { timeZoneFrom } from '../../lib/clock.js';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../errors.js';
import { buildApp } from '../../http/app.js';
import { httpTimeoutsFromEnv } from '../../http/timeouts.js';
import { messages } from '../../i18n/index.js';
import { readTextReport } from '../../import/text-report/index.js';
import { importReport } from '../../services/import-report.js';
import { parseNotifyAt, startNotificationSchedule } from '../../services/notifications/schedule.js';
import { ensureSearchIndex } from '../../services/search.js';
import { removeExpiredPreviews } from '../../services/workspace/web-import.js';
import { keepCacheFresh } from '../../http/change-feed.js';
import { openStore, parseDatabaseUrl, type Store } from '../../storage/connect.js';
import { countPlans } from '../../storage/plans.js';
import { checkWritableFolder, explainStorageFailure } from '../../storage/failures.js';
import { filesDir } from '../../services/evidence-files.js';
import type { Io } from '../output.js';

/** The 2015–2016 end-of-term report of Peru: demo data on an empty database. */
export const DEMO_REPORT = fileURLToPath(new URL('../../../demo/peru-paga-2015-2016-autoevaluacion-final.txt', import.meta.url));

export async function importDemoIfEmpty(store: Store, io: Io): Promise<void> {
  if ((await countPlans(store.db)) > 0) return;
  const m = messages(io.lang);
  io.err(m.cli.seedImporting);
  const bytes = await readFile(DEMO_REPORT);
  const parsed = readTextReport(bytes, basename(DEMO_REPORT));
  await importReport(store, parsed, { actor: 'system:demo', fileName: basename(DEMO_REPORT), bytes, now: new Date().toISOString() });
  io.err(m.cli.seedImported({ commitments: parsed.commitments.length }));
}

/** DATABASE_POOL_SIZE: connections this process keeps to PostgreSQL (10 by default; plus one that listens for changes). */
export function poolSizeFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new AppError('invalid_input', { field: 'DATABASE_POOL_SIZE', value });
  return n;
}

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new AppError('invalid_input', { field: 'PORT', value });
  return port;
}

/** How long SIGTERM waits for requests still at work before the database is closed under them. */
const STOP_WAIT_MS = 10_000;

export async function serveCommand(options: { port?: number }, io: Io): Promise<number> {
  const m = messages(io.lang);
  const port = options.port ?? portFromEnv(process.env.PORT);
  const notifyAt = parseNotifyAt(process.env.NOTIFY_AT);
  // An unknown TIME_ZONE is refused here, naming the variable, before anything starts.
  const timeZone = timeZoneFrom(process.env);
  const poolSize = poolSizeFromEnv(process.env.DATABASE_POOL_SIZE);
  const timeouts = httpTimeoutsFromEnv(process.env);
  // Uploads go to FILES_DIR: a read-only or full disk there is said now, before anything starts.
  await checkWritableFolder(filesDir(), 'FILES_DIR');
  const store = await openStore(process.env.DATABASE_URL, poolSize ? { poolSize } : {});
  try {
    await importDemoIfEmpty(store, io);
    // A database filled before search existed gets its search documents now.
    await ensureSearchIndex(store);
    // Files of browser-import previews that expired while the server was down.
    await removeExpiredPreviews(store, new Date().toISOString());
  } catch (e) {
    await store.close().catch(() => undefined);
    // A disk that fills during the demo import: one line that says so (issue 9), not SQLite's words.
    throw explainStorageFailure(e, store.location) ?? e;
  }
  const app = await buildApp({
    store,
    logger: process.env.NODE_ENV !== 'test',
    pageCache: process.env.PAGE_CACHE !== 'off',
    timeZone,
    timeouts,
  });
  // Several instances on one PostgreSQL: a change made through any of them drops every page cache at once
  // (decision 018). Waits for the first attempt, so that the instance listens before it serves.
  const listener =
    store.dialect === 'postgres'
      ? keepCacheFresh(app.pageCache, parseDatabaseUrl(process.env.DATABASE_URL).target, {
          info: (t) => app.log.info(t),
          warn: (t) => app.log.warn(t),
        })
      : null;
  await listener?.firstAttempt;
  const host = process.env.HOST ?? '127.0.0.1';
  try {
    await app.listen({ port, host });
  } catch (e) {
    await listener?.stop();
    await app.close();
    await store.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new AppError('port_in_use', { port });
    throw e;
  }
  // Digests daily at NOTIFY_AT (in TIME_ZONE, 07:00 by default; "off": none), the outbox drained every minute (decision 016).
  const schedule = notifyAt
    ? startNotificationSchedule(store, {
        at: notifyAt,
        timeZone,
        now: () => new Date(),
        log: (e) => app.log.error({ err: e }, 'notification job'),
      })
    : null;
  const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  io.err(m.cli.listening({ url: `http://${shown}:${port}`, location: store.location }));

  await new Promise<void>((resolve) => {
    const stop = () => {
      io.err(m.cli.stopping);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // Finish the requests in flight and the notification tick under way, then release the database.
  await schedule?.stop();
  await app.close();
  // close() waits for open connections; a handler whose client already hung up may still be at work.
  if (!(await app.inFlight.idle(STOP_WAIT_MS)))
    app.log.warn(`stopping with ${app.inFlight.count} request(s) still at work after ${STOP_WAIT_MS / 1000} s`);
  await listener?.stop();
  await store.close();
  return 0;
}
