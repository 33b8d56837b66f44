import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
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
    const templateName = this.kind === 'postgres' ? await migratedTemplate(this.adminUrl!) : null;
    const store = await openStore(await this.newDatabase(templateName));
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
