import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type SqliteConnection, type SqliteStatement } from './sqlite-driver.js';
import {
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type MigrationLockOptions,
} from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.js';
import type { Dialect } from './dialect.js';
import { explainStorageFailure, mkdirFailureCause } from './failures.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

let pgLoaded: Promise<typeof pg> | null = null;

/** pg, loaded with the first PostgreSQL connection: a process on SQLite never loads it (docs/performance.md, memory). */
export function loadPg(): Promise<typeof pg> {
  pgLoaded ??= import('pg').then(({ default: pg }) => {
    // PostgreSQL sends 64-bit integers and numerics as strings (count(*) among them): numbers here.
    pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));
    return pg;
  });
  return pgLoaded;
}

/**
 * SQLite does run DDL in transactions: a migration then lands whole or not at all (and commits once).
 * Two processes starting on a new file migrate one after the other: the lock is a write that takes
 * SQLite's write lock at the start of the migration transaction.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override async acquireMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    await db.updateTable(options.lockTable).set({ is_locked: 1 }).where('id', '=', options.lockRowId).execute();
  }

  override async releaseMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    await db.updateTable(options.lockTable).set({ is_locked: 0 }).where('id', '=', options.lockRowId).execute();
  }
}
/**
 * On a full disk (SQLITE_FULL) or an I/O error SQLite rolls the transaction back itself; Kysely's ROLLBACK
 * after it then fails with "cannot rollback - no transaction is active", and that error replaced the real
 * one ("database or disk is full") in every message. The rollback is skipped when none is open.
 */
class VigiaSqliteDriver extends SqliteDriver {
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly inTransaction: () => boolean,
  ) {
    super(config);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.inTransaction()) return;
    await super.rollbackTransaction(connection);
  }
}

class VigiaSqliteDialect extends SqliteDialect {
  constructor(
    private readonly vigiaConfig: ConstructorParameters<typeof SqliteDialect>[0],
    private readonly inTransaction: () => boolean,
  ) {
    super(vigiaConfig);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver(): Driver {
    return new VigiaSqliteDriver(this.vigiaConfig, this.inTransaction);
  }
}

/**
 * Kysely prepares every query again; better-sqlite3's prepare was the largest single cost of an uncached
 * page in the profile (issue 8). The same SQL text gets the same statement, kept here (at most
 * STATEMENTS_KEPT, the oldest dropped first). Safe because Kysely runs one query at a time on SQLite's
 * single connection (a stream holds it until it ends), so a statement is never used twice at once.
 */
const STATEMENTS_KEPT = 1000;
function withStatementCache(sqlite: SqliteConnection): { prepare(sql: string): SqliteStatement; close(): void } {
  const kept = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string) {
      // A migration that edits a stored CREATE statement (0017: a widened CHECK, SQLite's documented
      // procedure) needs writable_schema and schema_version, which better-sqlite3's defensive mode
      // refuses: it is lifted for exactly that window, and only our migrations write this pragma.
      if (/^pragma writable_schema = on$/i.test(sql)) sqlite.unsafeMode(true);
      else if (/^pragma writable_schema = off$/i.test(sql)) {
        sqlite.unsafeMode(false);
        sqlite.pragma('writable_schema = off');
      }
      let stmt = kept.get(sql);
      // A statement still iterating (a stream not finished) is not handed out again: a new one is made.
      if (stmt === undefined || stmt.busy) {
        stmt = sqlite.prepare(sql);
        kept.set(sql, stmt);
        if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      }
      return stmt;
    },
    close() {
      kept.clear();
      sqlite.close();
    },
  };
}

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, without any password: for logs and messages. */
  location: string;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = './data/vigia.db';

export interface DatabaseTarget {
  dialect: Dialect;
  /** A file path for SQLite, a connection string for PostgreSQL. */
  target: string;
}

/** `DATABASE_URL`: unset → ./data/vigia.db; `sqlite:PATH` → that file; `postgres://…` → PostgreSQL. */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim();
  if (!value) return { dialect: 'sqlite', target: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', target: value };
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(value);
  if (m) return { dialect: 'sqlite', target: m[1]! };
  throw new AppError('invalid_input', { field: 'DATABASE_URL', value: redact(value) });
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export interface OpenOptions {
  /** Run migrations (the default); tools that only read may skip them. */
  migrate?: boolean;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

const isBusy = (e: unknown) => /database is locked|SQLITE_BUSY/i.test(String((e as Error)?.message ?? e));

async function busyRetry<T>(fn: () => Promise<T>, tries = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusy(e) || i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 450));
    }
  }
}

function busyRetrySync<T>(fn: () => T, tries = 60): T {
  for (let i = 1; ; i++) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e) || i >= tries) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 + Math.random() * 450);
    }
  }
}

export async function openStore(url: string | undefined, options: OpenOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  let store: Store;
  if (target.dialect === 'sqlite') {
    const file = target.target === ':memory:' ? ':memory:' : resolve(target.target);
    let sqlite: SqliteConnection;
    try {
      if (file !== ':memory:') {
        try {
          mkdirSync(dirname(file), { recursive: true });
        } catch (e) {
          throw mkdirFailureCause(e, dirname(file));
        }
      }
      sqlite = new BetterSqlite3(file);
      // First, so that every statement after it (the switch to WAL on a new file, the migrations) waits
      // for another process's write instead of failing: an import holds the write lock for its whole
      // transaction, seconds on a loaded machine, and a second import or a page's write should queue.
      sqlite.pragma('busy_timeout = 30000');
      busyRetrySync(() => sqlite.pragma('journal_mode = WAL'));
      sqlite.pragma('foreign_keys = ON');
      // Durability over speed: a write that was acknowledged survives a power cut too.
      sqlite.pragma('synchronous = FULL');
    } catch (e) {
      throw explainStorageFailure(e, file) ?? new AppError('database_unavailable', { location: file, reason: (e as Error).message });
    }
    const db = new Kysely<Database>({
      dialect: new VigiaSqliteDialect({ database: withStatementCache(sqlite) }, () => sqlite.inTransaction),
    });
    store = { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
  } else {
    const pg = await loadPg();
    const pool = new pg.Pool({ connectionString: target.target, max: options.poolSize ?? 10 });
    // A connection that drops while idle is replaced by the pool; it must not bring the process down.
    pool.on('error', (e) => process.emitWarning(`PostgreSQL idle connection: ${e.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = { db, dialect: 'postgres', location: redact(target.target), close: () => db.destroy() };
  }
  if (options.migrate !== false) {
    try {
      // SQLite answers "database is locked" at once, without waiting, when two processes open a new file
      // together (a deferred transaction cannot take the write lock the other holds): try again.
      await busyRetry(() => migrateToLatest(store.db));
    } catch (e) {
      await store.close().catch(() => undefined);
      throw (
        explainStorageFailure(e, store.location) ??
        new AppError('database_unavailable', { location: store.location, reason: (e as Error).message })
      );
    }
  }
  return store;
}
