import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

class Databases implements TestDb {
  private readonly cleanups: (() => Promise<void>)[] = [];
  private readonly stores: Store[] = [];

  constructor(
    readonly kind: DbKind,
    private readonly adminUrl: string | null,
  ) {}

  async freshUrl(): Promise<string> {
    if (this.kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'vigia-test-'));
      this.cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return `sqlite:${join(dir, 'vigia.db')}`;
    }
    const name = `vigia_test_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: this.adminUrl! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    this.cleanups.push(async () => {
      const c = new pg.Client({ connectionString: this.adminUrl! });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const url = new URL(this.adminUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async open(): Promise<Store> {
    const store = await openStore(await this.freshUrl());
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

export function eachDatabase(body: (db: TestDb) => void): void {
  for (const kind of KINDS) {
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
