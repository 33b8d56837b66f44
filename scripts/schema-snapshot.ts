// What each migration does to the schema, recorded once, on SQLite and PostgreSQL:
// test/fixtures/schema/{sqlite,postgres}.json. A migration is frozen once released, so an entry is
// written only for a migration that has none; test/storage/migrations.test.ts compares every entry.
//   npm run schema:snapshot                   add the entries of new migrations
//   npm run schema:snapshot -- --rewrite NAME rewrite one entry (only for a migration not yet released)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/storage/connect.js';
import { MIGRATION_NAMES, migrateTo } from '../src/storage/migrate.js';
import { describeSchema, schemaChange, type SchemaCatalogue, type SchemaChange } from '../src/storage/schema-catalogue.js';
// @ts-expect-error: a JavaScript module of the test script, without types
import { startPostgres } from './lib/postgres.js';

const rewrite = process.argv.includes('--rewrite') ? (process.argv[process.argv.indexOf('--rewrite') + 1] ?? '') : null;
if (rewrite !== null && !MIGRATION_NAMES.includes(rewrite)) {
  console.error(`--rewrite: no migration named ${rewrite}`);
  process.exit(2);
}

const snapshotFile = (dialect: string) => join(import.meta.dirname, '..', 'test', 'fixtures', 'schema', `${dialect}.json`);

async function changesOf(url: string): Promise<Record<string, SchemaChange>> {
  const store = await openStore(url, { migrate: false });
  try {
    const out: Record<string, SchemaChange> = {};
    let before: SchemaCatalogue = {};
    for (const name of MIGRATION_NAMES) {
      await migrateTo(store.db, name);
      const after = await describeSchema(store.db);
      out[name] = schemaChange(before, after);
      before = after;
    }
    return out;
  } finally {
    await store.close();
  }
}

async function record(dialect: string, url: string) {
  const file = snapshotFile(dialect);
  const recorded: Record<string, SchemaChange> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const now = await changesOf(url);
  const out: Record<string, SchemaChange> = {};
  for (const name of MIGRATION_NAMES) {
    const same = JSON.stringify(recorded[name]) === JSON.stringify(now[name]);
    if (recorded[name] && !same && name !== rewrite)
      console.error(`${dialect}: ${name} no longer does what was recorded (kept as recorded; the test will fail)`);
    if (!recorded[name]) console.log(`${dialect}: ${name} recorded`);
    else if (name === rewrite && !same) console.log(`${dialect}: ${name} rewritten`);
    out[name] = recorded[name] && name !== rewrite ? recorded[name]! : now[name]!;
  }
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'vigia-schema-'));
const pg = await startPostgres();
try {
  await record('sqlite', `sqlite:${join(dir, 'vigia.db')}`);
  await record('postgres', pg.url);
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
