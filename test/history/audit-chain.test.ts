import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import {
  auditEntryHash,
  canonicalAuditContent,
  ChainVerifier,
  GENESIS_HASH,
  type ChainedAuditEntry,
} from '../../src/domain/audit-chain.js';
import { verifyAuditLog } from '../../src/services/history.js';
import { openStore } from '../../src/storage/connect.js';
import * as m0001 from '../../src/storage/migrations/0001_core.js';
import * as m0002 from '../../src/storage/migrations/0002_search.js';
import * as m0003 from '../../src/storage/migrations/0003_accounts.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { eachDatabase } from '../helpers/databases.js';
import { importSeed } from './helpers.js';

const content = {
  id: 7,
  at: '2026-11-27T12:00:00.000Z',
  actor: 'cli:test',
  action: 'update',
  entity: 'assessments',
  entity_id: 31,
  plan_id: 1,
  commitment_id: 2,
  before: '{"level":"complete"}',
  after: '{"level":"substantial"}',
  context: 'import seed.txt sha256:0123456789abcdef',
};

/** A chain of n entries made the way the writer makes them. */
function chain(n: number): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = { ...content, id: i, entity_id: 100 + i };
    const hash = auditEntryHash(e, prev);
    out.push({ ...e, hash, prev_hash: prev });
    prev = hash;
  }
  return out;
}

function firstBreak(entries: ChainedAuditEntry[]) {
  const v = new ChainVerifier();
  for (const e of entries) {
    const found = v.check(e);
    if (found) return { id: found.entry.id, reason: found.reason, previousId: found.previousId, checked: v.checked };
  }
  return null;
}

describe('the audit chain (pure)', () => {
  test('the canonical form is a fixed-order JSON array; the hash is sha256 hex and covers every column', () => {
    assert.equal(
      canonicalAuditContent(content),
      '["vigia-audit-1",7,"2026-11-27T12:00:00.000Z","cli:test","update","assessments",31,1,2,"{\\"level\\":\\"complete\\"}","{\\"level\\":\\"substantial\\"}","import seed.txt sha256:0123456789abcdef"]',
    );
    const h = auditEntryHash(content, GENESIS_HASH);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(GENESIS_HASH, '0'.repeat(64));
    // Integers that come back as strings hash the same; any other change does not.
    assert.equal(auditEntryHash({ ...content, entity_id: '31' as unknown as number }, GENESIS_HASH), h);
    for (const [k, v] of Object.entries({
      id: 8,
      at: '2026-11-27T12:00:00.001Z',
      actor: 'user:1',
      action: 'create',
      entity: 'activities',
      entity_id: 32,
      plan_id: null,
      commitment_id: 3,
      before: null,
      after: '{}',
      context: null,
    })) {
      assert.notEqual(auditEntryHash({ ...content, [k]: v }, GENESIS_HASH), h, k);
    }
    assert.notEqual(auditEntryHash(content, 'f'.repeat(64)), h, 'the previous hash counts');
    // A lone surrogate is stored as U+FFFD by both databases: hashed as stored.
    assert.equal(
      auditEntryHash({ ...content, after: 'a\uD800b' }, GENESIS_HASH),
      auditEntryHash({ ...content, after: 'a\uFFFDb' }, GENESIS_HASH),
    );
  });

  test('the verifier names the first broken entry: altered, removed, re-hashed, unhashed', () => {
    assert.equal(firstBreak(chain(5)), null);
    const altered = chain(5);
    altered[2] = { ...altered[2]!, after: '{"level":"complete"}' };
    assert.deepEqual(firstBreak(altered), { id: 3, reason: 'content-altered', previousId: 2, checked: 2 });
    const removed = chain(5).filter((e) => e.id !== 3);
    assert.deepEqual(firstBreak(removed), { id: 4, reason: 'link-broken', previousId: 2, checked: 2 });
    const firstRemoved = chain(5).slice(1);
    assert.deepEqual(firstBreak(firstRemoved), { id: 2, reason: 'link-broken', previousId: null, checked: 0 });
    const rehashed = chain(5);
    const e3 = { ...rehashed[2]!, after: '{"level":"complete"}' };
    rehashed[2] = { ...e3, hash: auditEntryHash(e3, e3.prev_hash!) };
    assert.deepEqual(firstBreak(rehashed), { id: 4, reason: 'link-broken', previousId: 3, checked: 3 });
    const unhashed = chain(3);
    unhashed.push({ ...content, id: 4, hash: null, prev_hash: null });
    assert.deepEqual(firstBreak(unhashed), { id: 4, reason: 'missing-hash', previousId: 3, checked: 3 });
  });
});

describe('the audit log as a hash chain', () => {
  eachDatabase((db) => {
    test('after importing the seed every entry links to the one before, from the genesis value, and verify says so', async () => {
      const store = await db.open();
      await importSeed(store);
      const rows = await store.db.selectFrom('audit_log').select(['id', 'hash', 'prev_hash']).orderBy('id').execute();
      assert.ok(rows.length > 200);
      assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash, `entry ${rows[i]!.id}`);
      assert.deepEqual(
        rows.map((r) => Number(r.id)),
        rows.map((_, i) => i + 1),
        'ids follow the chain',
      );
      const result = await verifyAuditLog(store);
      assert.deepEqual(result, { checked: rows.length, head: { id: Number(rows.at(-1)!.id), hash: rows.at(-1)!.hash }, broken: null });
      // Page by page (7 at a time, across many pages) gives the same answer.
      assert.deepEqual(await verifyAuditLog(store, { pageSize: 7 }), result);
    });

    test('the log is append-only: the database refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL)', async () => {
      const store = await db.open();
      await importSeed(store);
      await assert.rejects(store.db.updateTable('audit_log').set({ after: '{}' }).where('id', '=', 3).execute(), /append-only/);
      await assert.rejects(store.db.deleteFrom('audit_log').where('id', '=', 3).execute(), /append-only/);
      if (store.dialect === 'postgres') await assert.rejects(sql`truncate audit_log`.execute(store.db), /append-only/);
      assert.equal((await verifyAuditLog(store)).broken, null);
    });

    test('two entries after the same one are refused by the database (no fork, even around the writer)', async () => {
      const store = await db.open();
      await importSeed(store);
      const last = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      const { id: _id, ...copy } = last;
      await assert.rejects(
        store.db
          .insertInto('audit_log')
          .values({ ...copy, hash: 'f'.repeat(64) })
          .execute(),
      );
    });

    test('a writer without a transaction: each write lands with its entry, and writes at the same time make one chain', async () => {
      const store = await db.open();
      await importSeed(store);
      const w = new AuditedWriter(store.db, { actor: 'user:1', at: '2026-12-02T10:00:00.000Z', context: null });
      const ids = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          w.insert('sources', {
            commitment_id: 1,
            activity_id: null,
            position: 100 + i,
            text: `Oficio N° ${i}`,
            document_date: null,
            origin: 'user',
          }),
        ),
      );
      assert.equal(new Set(ids).size, 24);
      const entries = await store.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity', '=', 'sources')
        .where('actor', '=', 'user:1')
        .execute();
      assert.deepEqual(
        entries.map((e) => Number(e.entity_id)).sort((a, b) => a - b),
        [...ids].sort((a, b) => a - b),
      );
      assert.equal((await verifyAuditLog(store)).broken, null);
    });

    test('transactions that write at the same time without the import lock still chain one after another', async () => {
      const store = await db.open();
      await importSeed(store);
      const before = Number(
        (
          await store.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const pause = () => new Promise((r) => setTimeout(r, Math.random() * 5));
      await Promise.all(
        Array.from({ length: 8 }, (_, t) =>
          store.db.transaction().execute(async (trx) => {
            const w = new AuditedWriter(trx, { actor: `user:${t}`, at: `2026-12-03T10:00:0${t}.000Z`, context: `save ${t}` });
            for (let i = 0; i < 5; i++) {
              await w.insert('sources', {
                commitment_id: t + 1,
                activity_id: null,
                position: 100 + i,
                text: `Oficio ${t}.${i}`,
                document_date: null,
                origin: 'user',
              });
              await pause();
            }
          }),
        ),
      );
      const result = await verifyAuditLog(store);
      assert.equal(result.broken, null);
      assert.equal(result.checked, before + 40);
      // Each transaction's entries are consecutive: the lock is held until it commits.
      const rows = await store.db.selectFrom('audit_log').select(['context']).where('context', 'like', 'save %').orderBy('id').execute();
      const runs = rows.map((r) => r.context).filter((c, i, all) => i === 0 || c !== all[i - 1]);
      assert.equal(runs.length, 8);
    });

    test('migration 0004 chains the entries written before it, in id order', async () => {
      const url = await db.freshUrl();
      const old = await openStore(url, { migrate: false });
      const migrator = new Migrator({
        db: old.db,
        provider: { getMigrations: async () => ({ '0001_core': m0001, '0002_search': m0002, '0003_accounts': m0003 }) },
        migrationTableName: 'schema_migrations',
        migrationLockTableName: 'schema_migrations_lock',
      });
      const { error } = await migrator.migrateToLatest();
      assert.equal(error, undefined);
      const legacy = (i: number) => ({
        at: `2025-01-0${i}T00:00:00.000Z`,
        actor: 'cli:old',
        action: 'create',
        entity: 'commitments',
        entity_id: i,
        plan_id: 1,
        commitment_id: i,
        before: null,
        after: JSON.stringify({ title: `Compromiso ${i}` }),
        context: 'import old.txt',
      });
      for (let i = 1; i <= 5; i++)
        await (old.db as never as { insertInto: (t: string) => { values: (v: object) => { execute: () => Promise<unknown> } } })
          .insertInto('audit_log')
          .values(legacy(i))
          .execute();
      await old.close();

      const store = await openStore(url);
      try {
        const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
        let prev = GENESIS_HASH;
        for (const r of rows) {
          assert.equal(r.prev_hash, prev);
          assert.equal(r.hash, auditEntryHash(r, prev));
          prev = r.hash!;
        }
        assert.deepEqual(await verifyAuditLog(store), { checked: 5, head: { id: 5, hash: prev }, broken: null });
        // And the writer carries on from there.
        await new AuditedWriter(store.db, { actor: 'user:1', at: '2026-01-01T00:00:00.000Z' }).insert('governments', {
          name: 'Chile',
          kind: 'national',
          country_code: 'CL',
          lang: 'es',
        });
        assert.equal((await verifyAuditLog(store)).checked, 6);
      } finally {
        await store.close();
      }
    });
  });
});
