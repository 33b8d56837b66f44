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
