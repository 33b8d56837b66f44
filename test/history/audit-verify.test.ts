import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { auditEntryHash } from '../../src/domain/audit-chain.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { vigia, vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase, type TestDb } from '../helpers/databases.js';
import { SEED_PATH } from '../helpers/seed.js';
import { correctedSeed, importCorrected, importSeed, removeAppendOnlyGuards } from './helpers.js';

/**
 * `vigia audit verify` against logs altered with SQL: through its entry point in this process (a process start
 * costs seconds), and in its own process where the exit status a monitor reads is the point (a broken chain: 1)
 * and for two imports at once.
 */

/** A database with the seed imported and then a corrected version (entries of two operations). */
async function seeded(db: TestDb): Promise<string> {
  const url = await db.freshUrl();
  const store = await openStore(url);
  try {
    await importSeed(store);
    await importCorrected(store);
  } finally {
    await store.close();
  }
  return url;
}

async function withStore<T>(url: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The entry in the middle of the log: the one the tests alter. */
const entryIn = (s: Store, id: number) => s.db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('vigia audit verify', () => {
  eachDatabase((db) => {
    test('an intact log: the number of entries checked and the last hash, exit 0, in Spanish and in English', async () => {
      const url = await seeded(db);
      const n = await withStore(url, async (s) =>
        Number(
          (
            await s.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
      const es = await vigiaInProcess(['audit', 'verify'], { DATABASE_URL: url });
      assert.equal(es.status, 0, es.stderr);
      assert.match(es.stdout, new RegExp(`^Historial íntegro: ${n} entradas comprobadas, la cadena de hashes está intacta\\.$`, 'm'));
      assert.match(es.stdout, new RegExp(`^Última entrada: ${n}, hash [0-9a-f]{64}\\.`, 'm'));
      const en = await vigiaInProcess(['audit', 'verify', '--lang', 'en'], { DATABASE_URL: url });
      assert.equal(en.status, 0, en.stderr);
      assert.match(en.stdout, new RegExp(`^History intact: ${n} entries checked, the hash chain is unbroken\\.$`, 'm'));
      const json = await vigiaInProcess(['audit', 'verify', '--json'], { DATABASE_URL: url });
      assert.equal(json.status, 0, json.stderr);
      const doc = JSON.parse(json.stdout);
      assert.equal(doc.ok, true);
      assert.equal(doc.checked, n);
      assert.equal(doc.broken, null);
    });

    test('an empty log is intact', async () => {
      const run = await vigiaInProcess(['audit', 'verify'], { DATABASE_URL: await db.freshUrl() });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^El historial está vacío/m);
    });

    test('an entry’s "after" altered with SQL: exit 1, naming that entry, when and what', async () => {
      const url = await seeded(db);
      const target = await withStore(url, async (s) => {
        await removeAppendOnlyGuards(s);
        const e = await entryIn(s, 100);
        await s.db
          .updateTable('audit_log')
          .set({ after: e.after!.replace(/"$|}$/, ',"x":1}') })
          .where('id', '=', 100)
          .execute();
        return e;
      });
      const run = await vigia(['audit', 'verify'], { DATABASE_URL: url });
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stdout,
        new RegExp(
          `^El historial fue alterado\\. Primera entrada rota: 100 \\(${target.at.replace(/\./g, '\\.')}; create de ${target.entity} ${target.entity_id}, por cli:test\\): su contenido ya no corresponde a su hash`,
          'm',
        ),
      );
      assert.match(run.stdout, /^Las 99 entradas anteriores están intactas\.$/m);
      const en = await vigiaInProcess(['audit', 'verify', '--lang', 'en'], { DATABASE_URL: url });
      assert.equal(en.status, 1);
      assert.match(en.stdout, /^The history was altered\. First broken entry: 100 .*it was changed after it was written\.$/m);
    });

    test('an entry deleted with SQL: exit 1, naming the entry after the gap and the one before it', async () => {
      const url = await seeded(db);
      await withStore(url, async (s) => {
        await removeAppendOnlyGuards(s);
        await s.db.deleteFrom('audit_log').where('id', '=', 50).execute();
      });
      const run = await vigiaInProcess(['audit', 'verify', '--json'], { DATABASE_URL: url });
      assert.equal(run.status, 1, run.stderr);
      const doc = JSON.parse(run.stdout);
      assert.equal(doc.ok, false);
      assert.equal(doc.checked, 49);
      assert.deepEqual([doc.broken.id, doc.broken.reason, doc.broken.previousId], [51, 'link-broken', 49]);
      const text = await vigiaInProcess(['audit', 'verify'], { DATABASE_URL: url });
      assert.match(text.stdout, /Primera entrada rota: 51 .*no enlaza con la entrada anterior \(49\)/);
    });

    test('an entry altered and re-hashed without fixing the next: exit 1, naming the next entry and the re-hashed one', async () => {
      const url = await seeded(db);
      await withStore(url, async (s) => {
        await removeAppendOnlyGuards(s);
        const e = await entryIn(s, 120);
        const forged = { ...e, actor: 'user:999' };
        await s.db
          .updateTable('audit_log')
          .set({ actor: forged.actor, hash: auditEntryHash(forged, e.prev_hash!) })
          .where('id', '=', 120)
          .execute();
      });
      const run = await vigiaInProcess(['audit', 'verify'], { DATABASE_URL: url });
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stdout,
        /Primera entrada rota: 121 .*no enlaza con la entrada anterior \(120\): esa entrada se modificó y se recalculó su hash/,
      );
      assert.match(run.stdout, /^Las 120 entradas anteriores están intactas\.$/m);
    });

    test('an entry written around Vigía (no hash): exit 1, naming it', async () => {
      const url = await seeded(db);
      await withStore(url, async (s) => {
        await s.db
          .insertInto('audit_log')
          .values({
            at: '2027-01-01T00:00:00.000Z',
            actor: 'intruder',
            action: 'update',
            entity: 'assessments',
            entity_id: 1,
            plan_id: 1,
            commitment_id: 1,
            before: null,
            after: '{}',
            context: null,
            hash: null,
            prev_hash: null,
          })
          .execute();
      });
      const run = await vigiaInProcess(['audit', 'verify', '--json'], { DATABASE_URL: url });
      assert.equal(run.status, 1, run.stderr);
      const doc = JSON.parse(run.stdout);
      assert.deepEqual([doc.broken.actor, doc.broken.reason], ['intruder', 'missing-hash']);
    });

    test('two imports at once (two processes, the report and its correction) leave one valid chain', async () => {
      const url = await db.freshUrl();
      const dir = mkdtempSync(join(tmpdir(), 'vigia-history-'));
      const corrected = join(dir, 'seed-v2.txt');
      writeFileSync(corrected, correctedSeed());
      const runs = await Promise.all([
        vigia(['import', '--json', SEED_PATH], { DATABASE_URL: url }),
        vigia(['import', '--json', corrected], { DATABASE_URL: url }),
      ]);
      for (const r of runs) assert.equal(r.status, 0, r.stderr);
      // Whichever came second found the plan and changed commitment 2's level: both wrote entries.
      assert.ok(runs.every((r) => JSON.parse(r.stdout).changes > 0));
      const run = await vigiaInProcess(['audit', 'verify', '--json'], { DATABASE_URL: url });
      assert.equal(run.status, 0, run.stdout);
      const doc = JSON.parse(run.stdout);
      const total = runs.reduce((n, r) => n + JSON.parse(r.stdout).changes, 0);
      assert.equal(doc.checked, total);
    });
  });
});
