import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/storage/connect.js';
import { MIGRATION_NAMES, migrateTo } from '../../src/storage/migrate.js';
import { describeSchema, schemaChange, type SchemaCatalogue, type SchemaChange } from '../../src/storage/schema-catalogue.js';
import { eachDatabase } from '../helpers/databases.js';

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

eachDatabase((db) => {
  test('0017 widens the plan stages on a database that already holds plans: old rows kept, new stages accepted, others still refused', async () => {
    const store = await openStore(await db.freshUrl(), { migrate: false });
    try {
      await migrateTo(store.db, '0016_cocreation_versions');
      const at = '2026-01-01T00:00:00.000Z';
      const gov = await store.db
        .insertInto('governments')
        .values({ name: 'Perú', kind: 'national', country_code: 'PE', lang: 'es', created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const plan = { government_id: gov.id, title: 'Plan', lang: 'es', created_at: at, updated_at: at };
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
});
