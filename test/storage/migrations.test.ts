import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore, type Store } from '../../src/storage/connect.js';
import { MIGRATION_NAMES, migrateTo, migrateToLatest } from '../../src/storage/migrate.js';
import { describeSchema, schemaChange, type SchemaCatalogue, type SchemaChange } from '../../src/storage/schema-catalogue.js';
import { eachDatabase, type TestDb } from '../helpers/databases.js';

/**
 * Migrations are frozen once released: a database built by an old release and upgraded must end up
 * with the same schema as one built fresh today. What each migration does to the schema was recorded
 * when it was written (test/fixtures/schema/*.json, `npm run schema:snapshot`); a migration that does
 * anything else now — a constant changed, a domain list imported and edited — fails here.
 */
const root = join(import.meta.dirname, '..', '..');
const migrationsDir = join(root, 'src', 'storage', 'migrations');

test('a migration imports nothing that can change under it: only kysely, node:* and ../dialect.js', () => {
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= MIGRATION_NAMES.length);
  for (const file of files) {
    const source = readFileSync(join(migrationsDir, file), 'utf8');
    for (const [, from] of source.matchAll(/\bfrom\s+'([^']+)'/g)) {
      assert.ok(
        from === 'kysely' || from!.startsWith('node:') || from === '../dialect.js',
        `${file} imports ${from}: copy what it needs into the migration instead (frozen in time)`,
      );
    }
  }
});

eachDatabase((db) => {
  const recorded: Record<string, SchemaChange> = JSON.parse(
    readFileSync(join(root, 'test', 'fixtures', 'schema', `${db.kind}.json`), 'utf8'),
  );

  test('every migration has its recorded effect on the schema, and none is recorded that does not exist', () => {
    assert.deepEqual(Object.keys(recorded), [...MIGRATION_NAMES], 'run `npm run schema:snapshot` after adding a migration');
  });

  test('upgraded one release at a time, each migration does to the schema exactly what it did when recorded; built fresh, the schema is the same', async () => {
    const stepwise = await openStore(await db.freshUrl(), { migrate: false });
    let before: SchemaCatalogue = {};
    try {
      for (const name of MIGRATION_NAMES) {
        await migrateTo(stepwise.db, name);
        const after = await describeSchema(stepwise.db);
        assert.deepEqual(
          schemaChange(before, after),
          recorded[name],
          `migration ${name} no longer does what it did when released: leave it as it was and write a new migration`,
        );
        before = after;
      }
    } finally {
      await stepwise.close();
    }
    const fresh = await db.open();
    assert.deepEqual(await describeSchema(fresh.db), before);
  });
});

const at = '2026-01-01T00:00:00.000Z';

/** A new database as the release that ended with migration `name` left it, holding one government: a migration's data test. */
async function databaseAt(db: TestDb, name: string): Promise<{ store: Store; governmentId: number }> {
  const store = await openStore(await db.freshUrl(), { migrate: false });
  await migrateTo(store.db, name);
  const gov = await store.db
    .insertInto('governments')
    .values({ name: 'Perú', kind: 'national', country_code: 'PE', lang: 'es', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { store, governmentId: gov.id };
}

eachDatabase((db) => {
  test('0017 widens the plan stages on a database that already holds plans: old rows kept, new stages accepted, others still refused', async () => {
    const { store, governmentId } = await databaseAt(db, '0016_cocreation_versions');
    try {
      const plan = { government_id: governmentId, title: 'Plan', lang: 'es', created_at: at, updated_at: at };
      await store.db
        .insertInto('plans')
        .values({ ...plan, status: 'completed' })
        .execute();
      await assert.rejects(
        store.db
          .insertInto('plans')
          .values({ ...plan, title: 'B', status: 'approved' })
          .execute(),
      );
      await migrateTo(store.db, '0017_plan_stages');
      await store.db
        .insertInto('plans')
        .values({ ...plan, title: 'C', status: 'approved' })
        .execute();
      await store.db
        .insertInto('plans')
        .values({ ...plan, title: 'D', status: 'consultation' })
        .execute();
      await assert.rejects(
        store.db
          .insertInto('plans')
          .values({ ...plan, title: 'E', status: 'archived' })
          .execute(),
        /check|constraint/i,
      );
      const rows = await store.db.selectFrom('plans').select(['title', 'status']).orderBy('title').execute();
      assert.deepEqual(rows, [
        { title: 'C', status: 'approved' },
        { title: 'D', status: 'consultation' },
        { title: 'Plan', status: 'completed' },
      ]);
    } finally {
      await store.close();
    }
  });
  test('0021 tells the plans whose stage came from a file from those Vigía set: imported ones correctable, created or moved ones not', async () => {
    const { store, governmentId } = await databaseAt(db, '0020_ogp_not_determined');
    try {
      // Each plan with the contexts of its audit entries, as the releases before 0021 wrote them.
      for (const [title, contexts] of [
        ['imported', ['import seed.txt sha256:0123456789abcdef']],
        ['created', ['create plan created']],
        ['moved', ['import other.txt sha256:0123456789abcdef', 'move plan 3 from approved to active']],
      ] as const) {
        const p = await store.db
          .insertInto('plans')
          .values({ government_id: governmentId, title, lang: 'es', status: 'active', created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [i, context] of contexts.entries()) {
          await store.db
            .insertInto('audit_log')
            .values({
              at,
              actor: 'test',
              action: i === 0 ? 'insert' : 'update',
              entity: 'plans',
              entity_id: p.id,
              plan_id: p.id,
              commitment_id: null,
              before: null,
              after: '{}',
              context,
            })
            .execute();
        }
      }
      await migrateToLatest(store.db);
      const rows = await store.db.selectFrom('plans').select(['title', 'stage_from_file']).orderBy('title').execute();
      assert.deepEqual(rows, [
        { title: 'created', stage_from_file: 0 },
        { title: 'imported', stage_from_file: 1 },
        { title: 'moved', stage_from_file: 0 },
      ]);
    } finally {
      await store.close();
    }
  });
});
