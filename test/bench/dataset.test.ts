import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { parse } from 'node-html-parser';
import { COMMON_SEARCH_WORDS, generateDataset, TABLES } from '../../bench/data/generate.js';
import { buildApp } from '../../src/http/app.js';
import { verifyAuditLog } from '../../src/services/history.js';
import { search } from '../../src/services/search.js';
import type { Store } from '../../src/storage/connect.js';
import { rebuildSearchIndex } from '../../src/storage/search.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * The synthetic dataset of issue 8 (bench/data), at a tiny scale: its shape, its determinism, a valid
 * audit chain, a search index equal to the app's own, and a public plan page that renders.
 */

// The generator's tables by name: the typed schema cannot follow a table chosen at run time.
const untyped = (store: Store) => store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;

async function count(store: Store, table: string): Promise<number> {
  const row = await untyped(store)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every row the generator writes, in id order, as one string. */
async function dump(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = await untyped(store).selectFrom(table).selectAll().orderBy('id').execute();
    parts.push(table, JSON.stringify(rows));
  }
  return parts.join('\n');
}

eachDatabase((db) => {
  test('scale 0.02: 3 governments, the shape per table, a chain that verifies, search, the plan page', async () => {
    const store = await db.open();
    const summary = await generateDataset({ scale: 0.02, seed: 7, db: store.db });

    // The shape formula at scale 0.02, written out: 3 governments (2 national, 1 local) × 4 plans × 15
    // commitments × 6 activities × 3 evidence items; 4 rounds of 15 assessments per plan; 200,000 × 0.02
    // audit entries. Themes: 3, 4, 5, 3, … by plan (12 plans: 4 × (3+4+5)).
    const expected: Record<string, number> = {
      governments: 3,
      agencies: 18,
      plans: 12,
      plan_sections: 36,
      themes: 48,
      commitments: 180,
      commitment_agencies: 180,
      commitment_contacts: 180,
      activities: 1080,
      evidence: 3240,
      rounds: 48,
      assessments: 720,
      indicators: 180,
      translations: 12 + 48 + 180 * 3,
      search_documents: 180 + 1080,
      audit_log: 4000,
    };
    for (const [table, n] of Object.entries(expected)) {
      assert.equal(await count(store, table), n, table);
      assert.equal(summary.counts[table], n, `summary of ${table}`);
    }
    const kinds = await store.db.selectFrom('governments').select('kind').orderBy('id').execute();
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['national', 'national', 'local'],
    );
    // Monthly measurements: each indicator measured every month of its plan up to the dataset's day.
    const perIndicator = await store.db
      .selectFrom('indicator_measurements')
      .select(['indicator_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('indicator_id')
      .execute();
    assert.equal(perIndicator.length, 180);
    assert.ok(perIndicator.every((r) => Number(r.n) >= 1 && Number(r.n) <= 23));
    assert.equal(await count(store, 'indicator_measurements'), summary.counts.indicator_measurements);
    // Commitments read like the seed's fichas: descriptions of a few hundred words.
    const c = await store.db.selectFrom('commitments').select(['description']).orderBy('id').limit(20).execute();
    for (const { description } of c) {
      const words = description!.split(/\s+/).length;
      assert.ok(words >= 200 && words <= 600, `a description of ${words} words`);
    }

    // Nothing happens after the dataset's day (2026-11-01), not even in a round under way.
    const latest = async (table: string, column: string) => {
      const row = await untyped(store)
        .selectFrom(table)
        .select((eb) => eb.fn.max(column).as('m'))
        .executeTakeFirstOrThrow();
      return String(row.m);
    };
    for (const table of ['plans', 'commitments', 'activities', 'rounds', 'assessments', 'indicator_measurements']) {
      for (const column of ['created_at', 'updated_at']) assert.ok((await latest(table, column)) < '2026-11-01', `${table}.${column}`);
    }
    for (const [table, column] of [
      ['assessments', 'submitted_at'],
      ['assessments', 'decided_at'],
      ['audit_log', 'at'],
    ]) {
      assert.ok((await latest(table!, column!)) < '2026-11-02', `${table}.${column}`);
    }

    const verified = await verifyAuditLog(store);
    assert.equal(verified.broken, null);
    assert.equal(verified.checked, 4000);
    // The app writes on after it: ids (PostgreSQL's sequences) and the chain continue from the dataset's.
    const added = await new AuditedWriter(store.db, { actor: 'test', at: '2026-11-02T09:00:00.000Z' }).insert('governments', {
      name: 'Gobierno añadido',
      kind: 'local',
      country_code: null,
      lang: 'es',
    });
    assert.equal(added, 4);
    assert.deepEqual({ ...(await verifyAuditLog(store)), head: null }, { checked: 4001, head: null, broken: null });

    // The index is the one the app builds: rebuilding a plan's finds nothing to change.
    for (const planId of [1, 7, 12]) assert.deepEqual(await rebuildSearchIndex(store.db, planId), { inserted: 0, updated: 0, deleted: 0 });
    for (const word of COMMON_SEARCH_WORDS) {
      const found = await search(store, { q: word, kind: 'commitment' });
      assert.ok(found.total > 10, `"${word}" finds ${found.total} commitments`);
    }

    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2026-11-01' });
    try {
      const plan = await store.db
        .selectFrom('plans')
        .select(['id', 'title'])
        .where('status', '=', 'active')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const first = await store.db
        .selectFrom('commitments')
        .select('title')
        .where('plan_id', '=', plan.id)
        .orderBy('number')
        .executeTakeFirstOrThrow();
      const res = await app.inject({ url: `/planes/${plan.id}`, headers: { 'accept-language': 'es' } });
      assert.equal(res.statusCode, 200);
      const page = parse(res.body);
      assert.ok(page.querySelector('h1')?.text.includes(plan.title), 'the plan title heads the page');
      assert.ok(page.text.includes(first.title), 'its first commitment is listed');
    } finally {
      await app.close();
    }
  });

  test('the same seed makes the same rows; another seed other rows', async () => {
    const [a, b, other] = await Promise.all([db.open(), db.open(), db.open()]);
    await generateDataset({ scale: 0.01, seed: 42, db: a.db });
    await generateDataset({ scale: 0.01, seed: 42, db: b.db });
    await generateDataset({ scale: 0.01, seed: 43, db: other.db });
    const [da, db_, dother] = await Promise.all([dump(a), dump(b), dump(other)]);
    assert.ok(da.length > 1_000_000, 'the dump is of some size');
    assert.equal(da, db_);
    assert.notEqual(da, dother);
    // A database with data is refused: ids and the chain start from nothing.
    await assert.rejects(generateDataset({ scale: 0.01, seed: 42, db: a.db }), /not empty/);
  });
});
