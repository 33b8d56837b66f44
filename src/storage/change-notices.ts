import type pg from 'pg';
import { loadPg } from './connect.js';

/**
 * Change notices between the processes that serve one PostgreSQL database (decision 018). Every write
 * transaction sends a notice on CHANGES_CHANNEL (appendAuditEntry does it with the entry: every change to
 * published data has one); PostgreSQL delivers it to every listening session when — and only if — the
 * transaction commits, and signals the listeners before the writer's COMMIT returns. Each `vigia serve`
 * keeps one dedicated connection listening, and drops its page cache when a notice comes.
 *
 * The payload is empty on purpose: PostgreSQL folds identical notices of one transaction into one, so an
 * import of ten thousand entries announces itself once.
 */
export const CHANGES_CHANNEL = 'vigia_changes';

/** The SQL expression that sends the notice (for a statement that runs anyway: no extra round trip). */
export const ANNOUNCE_CHANGE_SQL = `pg_notify('${CHANGES_CHANNEL}', '')`;

export interface ChangeHandlers {
  /** A transaction that changed data committed (maybe this process's own). */
  onChange(): void;
  /** LISTEN is in place: from now on every committed change is announced. */
  onConnected(): void;
  /** The connection is gone: changes are no longer announced until onConnected. */
  onDisconnected(error: Error): void;
}

export interface ChangeListenerOptions {
  /** The first wait before reconnecting; it doubles up to maxDelayMs (each wait with some jitter). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A `select 1` on the listening connection this often: a connection dead without a word is found out. */
  pingEveryMs?: number;
  /** A ping not answered within this is a dead connection. */
  pingTimeoutMs?: number;
}

export interface ChangeListener {
  readonly connected: boolean;
  /** Resolves after the first attempt to connect, whether it worked or not. */
  readonly firstAttempt: Promise<void>;
  /** The backend's process id while connected (for tests that cut the connection from the server side). */
  readonly backendPid: number | null;
  stop(): Promise<void>;
}

/**
 * Listens for change notices on a connection of its own, reconnecting with back-off for as long as it
 * is not stopped. The handlers say when notices can be trusted (connected) and when not.
 */
export function listenForChanges(connectionString: string, handlers: ChangeHandlers, options: ChangeListenerOptions = {}): ChangeListener {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const pingEvery = options.pingEveryMs ?? 30_000;
  const pingTimeout = options.pingTimeoutMs ?? 10_000;
  let delay = minDelay;
  let stopped = false;
  let connected = false;
  let backendPid: number | null = null;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;
  let settleFirst: () => void = () => undefined;
  const firstAttempt = new Promise<void>((resolve) => (settleFirst = resolve));

  const scheduleReconnect = () => {
    if (stopped) return;
    const wait = Math.round(delay * (0.5 + Math.random() * 0.5));
    delay = Math.min(maxDelay, delay * 2);
    retry = setTimeout(() => void connect(), wait);
    retry.unref();
  };

  const connect = async () => {
    retry = null;
    if (stopped) return;
    const { Client } = await loadPg();
    if (stopped) return;
    const c = new Client({ connectionString, keepAlive: true, application_name: 'vigia change listener' });
    client = c;
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      if (ping) clearInterval(ping);
      ping = null;
      c.removeAllListeners('notification');
      // A connection that died silently may never answer a goodbye: do not wait for one.
      c.end().catch(() => undefined);
      if (client === c) client = null;
      backendPid = null;
      if (connected) {
        connected = false;
        handlers.onDisconnected(error);
      }
      settleFirst();
      scheduleReconnect();
    };
    c.on('error', onLost);
    c.on('end', () => onLost(new Error('the change listener connection ended')));
    c.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) handlers.onChange();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      backendPid = Number((await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
    } catch (e) {
      onLost(e as Error);
      return;
    }
    if (lost) return;
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    connected = true;
    delay = minDelay;
    handlers.onConnected();
    settleFirst();
    ping = setInterval(() => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the change listener did not answer within ${pingTimeout} ms`)), pingTimeout);
      });
      Promise.race([c.query('select 1'), late])
        .catch((e: Error) => onLost(e))
        .finally(() => clearTimeout(timer));
    }, pingEvery);
    ping.unref();
  };

  void connect();
  return {
    get connected() {
      return connected;
    },
    get backendPid() {
      return backendPid;
    },
    firstAttempt,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (ping) clearInterval(ping);
      connected = false;
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('end');
        c.removeAllListeners('notification');
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
