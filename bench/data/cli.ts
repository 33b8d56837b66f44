/**
 * `npm run bench:data -- --scale N [--seed S] [--database <path.sqlite | postgres://…>] [--force]`:
 * the synthetic dataset at OGP scale (bench/data/generate.ts) loaded into a database, migrated first.
 * Default database: bench/data/scale-<N>.sqlite (git-ignored). A database that already holds data is
 * refused unless --force, which empties it first (SQLite: the file is removed; PostgreSQL: the public
 * schema is dropped and made again). Progress bars per table on stderr; a summary on stdout.
 */
import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import { openStore, parseDatabaseUrl, type Store } from '../../src/storage/connect.js';
import { generateDataset, TABLES } from './generate.js';
import { governmentCount } from './shape.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run bench:data -- --scale N [--seed S] [--database <path.sqlite | postgres://…>] [--force]`);
  process.exit(2);
}

const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        scale: { type: 'string' },
        seed: { type: 'string', default: '1' },
        database: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
})();

if (args.scale === undefined) usage('--scale is required (1 = 150 governments; 0.02 = 3).');
const scale = Number(args.scale);
if (!Number.isFinite(scale) || scale <= 0) usage(`--scale must be a number above 0, not "${args.scale}".`);
const seed = Number(args.seed);
if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) usage(`--seed must be a whole number from 0 to 4294967295, not "${args.seed}".`);

/** A DATABASE_URL from --database: a postgres:// URL as it is; anything else a SQLite file. */
function databaseUrl(): string {
  const given = args.database;
  if (given && /^postgres(ql)?:\/\//i.test(given)) return given;
  if (given && /^sqlite:/i.test(given)) return given;
  const path = given ?? join('bench', 'data', `scale-${args.scale}.sqlite`);
  return `sqlite:${isAbsolute(path) ? path : join(ROOT, path)}`;
}

async function hasData(store: Store): Promise<boolean> {
  for (const table of ['governments', 'plans', 'audit_log', 'users'] as const) {
    const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) return true;
  }
  return false;
}

async function emptied(url: string, store: Store): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(target.target + suffix)) rmSync(target.target + suffix);
  } else {
    await sql`drop schema public cascade`.execute(store.db);
    await sql`create schema public`.execute(store.db);
    await store.close();
  }
  return openStore(url);
}

async function main(): Promise<number> {
  const url = databaseUrl();
  let store = await openStore(url);
  try {
    if (await hasData(store)) {
      if (!args.force) {
        console.error(`${store.location} already holds data: not overwritten. Add --force to empty it first.`);
        return 2;
      }
      console.error(`--force: emptying ${store.location}`);
      store = await emptied(url, store);
    }
    // While loading (this connection only): a page cache of 256 MB, as the audit log's unique index on
    // prev_hash takes random keys; and no fsync per commit — a load cut short is made again, not repaired.
    if (store.dialect === 'sqlite') {
      await sql`pragma cache_size = -262144`.execute(store.db);
      await sql`pragma synchronous = OFF`.execute(store.db);
    }
    console.error(`Scale ${scale} (${governmentCount(scale)} governments), seed ${seed} → ${store.location}`);
    const bars = new cliProgress.MultiBar(
      { stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000, format: ' {table} |{bar}| {value}/{total} {percentage}%', barsize: 30, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    const bar = new Map<string, cliProgress.SingleBar>();
    const width = Math.max(...TABLES.map((t) => t.length));
    const summary = await generateDataset({
      scale,
      seed,
      db: store.db,
      onProgress: ({ table, done, total }) => {
        let b = bar.get(table);
        if (!b) bar.set(table, (b = bars.create(total, 0, { table: table.padEnd(width) })));
        b.update(done);
      },
    });
    bars.stop();
    console.log(`\nSynthetic dataset — scale ${scale}, seed ${seed}, ${store.location}\n`);
    console.log('| table | rows | seconds |');
    console.log('| --- | ---: | ---: |');
    let rows = 0;
    for (const table of TABLES) {
      rows += summary.counts[table]!;
      console.log(`| ${table} | ${summary.counts[table]!.toLocaleString('en')} | ${summary.tableSeconds[table]!.toFixed(1)} |`);
    }
    console.log(`| all | ${rows.toLocaleString('en')} | ${summary.seconds.toFixed(1)} |`);
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
