import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import pg from 'pg';
import { keepCacheFresh } from '../../src/http/change-feed.js';
import { cachedPage, PageCache } from '../../src/http/page-cache.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { writeTransaction } from '../../src/services/workspace/context.js';
import { latestAuditId } from '../../src/storage/audit.js';
import { listenForChanges, type ChangeListener } from '../../src/storage/change-notices.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * Change notices on PostgreSQL (decision 018): a committed write announces itself once, a rolled-back
 * one never; the listener comes back after its connection is cut, and the cache polls meanwhile.
 */
const until = async (what: string, ok: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('change notices', () => {
  eachDatabase((db) => {
    if (db.kind === 'sqlite') {
      test('SQLite stays one process: writes announce nothing and the cache polls the version', async () => {
        const store = await db.open();
        const cache = new PageCache(() => latestAuditId(store.db), { checkEveryMs: 0, maxEntries: 10 });
        await cachedPage(cache, 'p', 'text/plain', async () => 'before');
        await new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() }).insert('governments', {
          name: 'Chile',
          kind: 'national',
          country_code: 'CL',
          lang: 'es',
        });
        assert.equal((await cachedPage(cache, 'p', 'text/plain', async () => 'after')).body.toString(), 'after');
      });
      return;
    }

    let url: string;
    before(async () => {
      url = await db.freshUrl();
    });
    /** What a test uses, closed by it (the database is dropped with force after the block). */
    const withStore = async (work: (store: Store, admin: pg.Client) => Promise<void>) => {
      const store = await openStore(url);
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await work(store, admin);
      } finally {
        await admin.end();
        await store.close();
      }
    };

    test('a committed write is announced after its commit, once per transaction; a rolled-back one never', async () => {
      const notices: number[] = [];
      const s = await openStore(url);
      const listener: ChangeListener = listenForChanges(url, {
        onChange: () => notices.push(Date.now()),
        onConnected: () => undefined,
        onDisconnected: () => undefined,
      });
      try {
        await listener.firstAttempt;
        assert.ok(listener.connected);
        const w = (trx: Store['db']) => new AuditedWriter(trx, { actor: 'test', at: new Date().toISOString() });
        let seenInside = -1;
        await writeTransaction(s, async (trx) => {
          await w(trx).insert('governments', { name: 'Chile', kind: 'national', country_code: 'CL', lang: 'es' });
          await w(trx).insert('governments', { name: 'Perú', kind: 'national', country_code: 'PE', lang: 'es' });
          await new Promise((r) => setTimeout(r, 100));
          seenInside = notices.length;
        });
        assert.equal(seenInside, 0, 'nothing is delivered before the commit');
        await until('the notice of the commit', () => notices.length === 1);
        await assert.rejects(
          writeTransaction(s, async (trx) => {
            await w(trx).insert('governments', { name: 'Bolivia', kind: 'national', country_code: 'BO', lang: 'es' });
            throw new Error('rolled back');
          }),
        );
        // A whole import: thousands of audit entries, one transaction, one notice.
        const bytes = seedBytes();
        await importReport(s, readTextReport(bytes, 'seed.txt'), {
          now: new Date().toISOString(),
          actor: 'test',
          fileName: 'seed.txt',
          bytes,
        });
        await until('the import’s notice', () => notices.length >= 2);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(notices.length, 2, 'the rollback said nothing; the import said it once');
      } finally {
        await listener.stop();
        await s.close();
      }
    });

    test('the connection cut from the server: the cache polls meanwhile, the listener reconnects, and notices drop pages again', () =>
      withStore(async (store, admin) => {
        const cache = new PageCache(() => latestAuditId(store.db), { checkEveryMs: 0, maxEntries: 10 });
        const said: string[] = [];
        const listener = keepCacheFresh(
          cache,
          url,
          { info: (t) => said.push(t), warn: (t) => said.push(t) },
          { minDelayMs: 50, maxDelayMs: 200 },
        );
        try {
          await listener.firstAttempt;
          assert.ok(cache.isListening);
          const pid = listener.backendPid!;
          await admin.query('select pg_terminate_backend($1)', [pid]);
          await until('the loss is noticed', () => !cache.isListening);
          assert.match(said.join('\n'), /change listener lost .*polling until it is back/);
          await until('reconnected', () => cache.isListening && listener.backendPid !== null && listener.backendPid !== pid);
          await cachedPage(cache, 'p', 'text/plain', async () => 'before');
          await new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() }).insert('governments', {
            name: 'Ecuador',
            kind: 'national',
            country_code: 'EC',
            lang: 'es',
          });
          await until('the notice drops the page', () => cache.size === 0);
          assert.equal((await cachedPage(cache, 'p', 'text/plain', async () => 'after')).body.toString(), 'after');
        } finally {
          await listener.stop();
        }
      }));

    test('a database that cannot be reached: the first attempt settles, unconnected, and retries go on until stopped', async () => {
      const bad = new URL(url);
      bad.pathname = '/vigia_no_such_database';
      let connected = 0;
      const listener = listenForChanges(
        bad.toString(),
        { onChange: () => undefined, onConnected: () => connected++, onDisconnected: () => undefined },
        { minDelayMs: 20, maxDelayMs: 40 },
      );
      await listener.firstAttempt;
      assert.equal(listener.connected, false);
      await new Promise((r) => setTimeout(r, 150));
      await listener.stop();
      assert.equal(connected, 0);
    });
  });
});
