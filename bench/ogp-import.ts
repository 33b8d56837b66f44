/**
 * How long OGP's A–M extract (322 commitments) takes to import, and to import again (nothing changes),
 * on SQLite and on a throwaway PostgreSQL (started as the test runner does, when initdb is found).
 * Not part of the test suite:   node --import tsx bench/ogp-import.ts [--runs 3]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readOgpCsv } from '../src/import/ogp-csv/index.js';
import { importOgpDataset } from '../src/services/ogp-import.js';
import { openStore } from '../src/storage/connect.js';
// @ts-expect-error: a plain JavaScript module of the test runner
import { findPostgresBin, startPostgres } from '../scripts/lib/postgres.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const bytes = readFileSync(new URL('../test/fixtures/ogp/ogp-commitments-a-to-m.csv', import.meta.url));

async function measure(url: string): Promise<{ read: number; first: number; again: number }> {
  const store = await openStore(url);
  try {
    let t = performance.now();
    const data = readOgpCsv(bytes);
    const read = performance.now() - t;
    t = performance.now();
    await importOgpDataset(store, data, { now: new Date().toISOString(), actor: 'bench', fileName: 'ogp.csv', bytes });
    const first = performance.now() - t;
    t = performance.now();
    await importOgpDataset(store, readOgpCsv(bytes), { now: new Date().toISOString(), actor: 'bench', fileName: 'ogp.csv', bytes });
    return { read, first, again: performance.now() - t };
  } finally {
    await store.close();
  }
}

const rows: string[] = ['| database | read CSV (ms) | first import (ms) | same file again (ms) |', '|---|---:|---:|---:|'];
const runs = Number(args.runs);
const best = (list: { read: number; first: number; again: number }[]) => ({
  read: Math.min(...list.map((x) => x.read)),
  first: Math.min(...list.map((x) => x.first)),
  again: Math.min(...list.map((x) => x.again)),
});
const line = (name: string, r: { read: number; first: number; again: number }) =>
  `| ${name} | ${Math.round(r.read)} | ${Math.round(r.first)} | ${Math.round(r.again)} |`;

const sqlite: { read: number; first: number; again: number }[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-bench-'));
  sqlite.push(await measure(`sqlite:${join(dir, 'vigia.db')}`));
  rmSync(dir, { recursive: true, force: true });
}
rows.push(line('SQLite', best(sqlite)));

if (findPostgresBin()) {
  const server = await startPostgres();
  try {
    const { default: pg } = await import('pg');
    const pgRuns: { read: number; first: number; again: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE bench_${i}`);
      await admin.end();
      pgRuns.push(await measure(server.url.replace(/\/postgres$/, `/bench_${i}`)));
    }
    rows.push(line('PostgreSQL', best(pgRuns)));
  } finally {
    await server.stop();
  }
}
console.log(`Best of ${runs} runs, ${new Date().toISOString()}:\n\n${rows.join('\n')}`);
