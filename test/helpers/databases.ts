import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../../src/storage/connect.js';

/**
 * Runs a block of tests once on SQLite and once on PostgreSQL. `npm test` (scripts/test.js) gives the
 * PostgreSQL server in VIGIA_TEST_PG_URL, or the reason there is none in VIGIA_TEST_PG_SKIP: then the
 * PostgreSQL block is skipped with that reason — and fails under CI=true.
 */
export type DbKind = 'sqlite' | 'postgres';

export interface TestDb {
  kind: DbKind;
  /** A DATABASE_URL for a new, empty database. */
  freshUrl(): Promise<string>;
  /** A store on a new, migrated, empty database; closed when the block ends. */
  open(): Promise<Store>;
  /**
   * A store on a new database that is a copy of one `build` filled once per run (`npm test`) and kept
   * under `key`: the seed report imported, say, costs a test file seconds each time where the copy
   * costs a fraction. Outside `npm test` (no VIGIA_TEST_RUN_DIR) it is built in place every time.
   */
  openCopy(key: string, build: (store: Store) => Promise<void>): Promise<Store>;
}

let counter = 0;

/**
 * A migrated, empty PostgreSQL database that open() copies (CREATE DATABASE … TEMPLATE: ~0.1 s, where
 * running the migrations takes ~0.3 s, hundreds of times a run). Named by the migrations' contents, so
 * an edited migration gets a new one; built once per server, by the first process that needs it, under
 * an advisory lock that the other test processes wait on.
 */
let template: Promise<string> | null = null;
const migrationsDir = fileURLToPath(new URL('../../src/storage/migrations/', import.meta.url));

function migratedTemplate(adminUrl: string): Promise<string> {
  template ??= (async () => {
    const hash = createHash('sha256');
    for (const f of readdirSync(migrationsDir).sort()) hash.update(f).update(readFileSync(join(migrationsDir, f)));
    const name = `vigia_template_${hash.digest('hex').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock(20261207)');
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) {
        const building = `${name}_${process.pid}`;
        await admin.query(`CREATE DATABASE ${building}`);
        const store = await openStore(databaseUrl(adminUrl, building));
        await store.close();
        // Renamed only once whole: a process that finds the name finds a migrated database.
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(20261207)').catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  return template;
}

/**
 * The databases openCopy() copies, one per key and database kind, built by the first test process that
 * needs one and shared by the run's others: a SQLite file in the run's directory (scripts/test.js makes it
 * and removes it), a PostgreSQL database named after the run (dropped by scripts/test.js at the end).
 * Built under another name and renamed when whole, so a process that finds one finds it finished.
 */
const runDir = process.env.VIGIA_TEST_RUN_DIR;
const copies = new Map<string, Promise<string>>();

function sqliteCopySource(key: string, build: (store: Store) => Promise<void>): Promise<string> {
  const file = join(runDir!, `${key}.db`);
  let made = copies.get(`sqlite ${key}`);
  if (!made) {
    made = (async () => {
      if (existsSync(file)) return file;
      const building = `${file}.${process.pid}`;
      const store = await openStore(`sqlite:${building}`);
      await build(store);
      // Everything into the main file, so that the one file is the whole database.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
      await store.close();
      if (existsSync(`${building}-wal`) && statSync(`${building}-wal`).size > 0)
        throw new Error(`${building}: its write-ahead log is not empty`);
      renameSync(building, file);
      return file;
    })();
    copies.set(`sqlite ${key}`, made);
  }
  return made;
}

function postgresCopySource(adminUrl: string, key: string, build: (store: Store) => Promise<void>): Promise<string> {
  let made = copies.get(`postgres ${key}`);
  if (!made) {
    made = (async () => {
      const name = `vigia_copy_${key}_${runId()}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query('SELECT pg_advisory_lock(20261208)');
        const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) {
          const building = `${name}_${process.pid}`;
          await admin.query(`CREATE DATABASE ${building} TEMPLATE ${await migratedTemplate(adminUrl)}`);
          const store = await openStore(databaseUrl(adminUrl, building));
          await build(store);
          await store.close();
          await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
        }
      } finally {
        await admin.query('SELECT pg_advisory_unlock(20261208)').catch(() => undefined);
        await admin.end();
      }
      return name;
    })();
    copies.set(`postgres ${key}`, made);
  }
  return made;
}

/** The run's name, from its directory's (scripts/test.js drops the databases named after it). */
function runId(): string {
  return runDir!
    .split(/[\\/]/)
    .pop()!
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase();
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

class Databases implements TestDb {
  private readonly cleanups: (() => Promise<void>)[] = [];
  private readonly stores: Store[] = [];

  constructor(
    readonly kind: DbKind,
    private readonly adminUrl: string | null,
  ) {}

  async freshUrl(): Promise<string> {
    return this.newDatabase(null);
  }

  private async newDatabase(templateName: string | null): Promise<string> {
    if (this.kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'vigia-test-'));
      this.cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return `sqlite:${join(dir, 'vigia.db')}`;
    }
    const name = `vigia_test_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: this.adminUrl! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}${templateName ? ` TEMPLATE ${templateName}` : ''}`);
    await admin.end();
    this.cleanups.push(async () => {
      const c = new pg.Client({ connectionString: this.adminUrl! });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    return databaseUrl(this.adminUrl!, name);
  }

  async open(): Promise<Store> {
    // On SQLite, a copy of a file the run migrated once (openCopy: opening it migrates it), as PostgreSQL copies its template.
    if (this.kind === 'sqlite' && runDir) return this.openCopy('migrated', async () => undefined);
    const templateName = this.kind === 'postgres' ? await migratedTemplate(this.adminUrl!) : null;
    const store = await openStore(await this.newDatabase(templateName));
    this.stores.push(store);
    return store;
  }

  async openCopy(key: string, build: (store: Store) => Promise<void>): Promise<Store> {
    if (!/^[a-z0-9_]+$/.test(key)) throw new Error(`openCopy: the key "${key}" must be lowercase letters, digits, _`);
    if (!runDir) {
      const store = await this.open();
      await build(store);
      return store;
    }
    let url: string;
    if (this.kind === 'sqlite') {
      const source = await sqliteCopySource(key, build);
      url = await this.newDatabase(null);
      copyFileSync(source, url.slice('sqlite:'.length));
    } else {
      url = await this.newDatabase(await postgresCopySource(this.adminUrl!, key, build));
    }
    const store = await openStore(url);
    this.stores.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    for (const s of this.stores.splice(0)) await s.close().catch(() => undefined);
    for (const c of this.cleanups.splice(0)) await c();
  }
}

function postgresUnavailable(): string | null {
  if (process.env.VIGIA_TEST_PG_URL) return null;
  return process.env.VIGIA_TEST_PG_SKIP ?? 'VIGIA_TEST_PG_URL is not set: run the suite with `npm test`, which starts a PostgreSQL server';
}

/**
 * VIGIA_TEST_DATABASES=sqlite runs the SQLite blocks only, on purpose (not a skip): .ci/node24 runs the
 * core tests again on Node 24, where what changes is the native SQLite driver, not the pure-JS pg.
 */
const KINDS: readonly DbKind[] = process.env.VIGIA_TEST_DATABASES === 'sqlite' ? ['sqlite'] : ['sqlite', 'postgres'];

/** Runs `body` once per database; `only` narrows it to some of them (browser suites, see chromium-suite.ts). */
export function eachDatabase(body: (db: TestDb) => void, only: readonly DbKind[] = KINDS): void {
  for (const kind of KINDS.filter((k) => only.includes(k))) {
    describe(kind, () => {
      const reason = kind === 'postgres' ? postgresUnavailable() : null;
      if (reason) {
        if (process.env.CI === 'true') {
          test('PostgreSQL is available', () => assert.fail(`PostgreSQL tests cannot run, and CI=true makes that a failure: ${reason}`));
        } else {
          test('on PostgreSQL', { skip: reason }, () => undefined);
        }
        return;
      }
      const dbs = new Databases(kind, kind === 'postgres' ? process.env.VIGIA_TEST_PG_URL! : null);
      after(() => dbs.cleanup());
      body(dbs);
    });
  }
}
