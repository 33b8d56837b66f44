/**
 * `npm run bench`: the app under load against this machine's ceiling, at several data scales, in one run.
 * Not part of the test suite.
 *
 *   npm run bench -- [--database sqlite|postgres|postgres://…] [--scales 1,10] [--duration 10]
 *                    [--connections 32] [--threads 1] [--data seed|FILE] [--only dashboard,commitment,…]
 *                    [--import-runs 5]
 *
 * For each scale it loads the generated dataset (bench/data/scale-N.sqlite, made by `npm run bench:data`
 * when missing; `--data seed` uses the demo report instead, `--data FILE` a SQLite file), picks its targets
 * by querying it (the plan with most commitments, that plan's commitment with most activities, a word of
 * that commitment's title), starts `vigia serve` on loopback with the page cache on and then off, and
 * measures each endpoint with wrk, then a bare node:http server returning the same bytes (the ceiling)
 * with the same wrk options. It also times the seed report's import into a fresh SQLite (best of N).
 * Writes Markdown tables to stdout and everything to bench/results/bench-<time>.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { SESSION_COOKIE } from '../src/http/auth.js';
import { readTextReport } from '../src/import/text-report/index.js';
import { createAccount, startSession } from '../src/services/accounts.js';
import { importReport } from '../src/services/import-report.js';
import { openStore, type Store } from '../src/storage/connect.js';
import {
  ceiling,
  importSeed,
  loadAverage,
  machine,
  peakMemoryMiB,
  ROOT,
  SEED,
  startServe,
  stop,
  which,
  wrk,
  type Figures,
  type WrkOptions,
} from './lib.js';
// @ts-expect-error: a plain JavaScript module of the test runner
import { findPostgresBin, startPostgres } from '../scripts/lib/postgres.js';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    scales: { type: 'string', default: '1,10' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '1' },
    data: { type: 'string' },
    only: { type: 'string' },
    'import-runs': { type: 'string', default: '5' },
  },
});

if (!which('wrk')) {
  console.error('wrk is not installed. On Debian: apt-get install wrk');
  process.exit(2);
}

const wrkOptions: WrkOptions = { threads: Number(args.threads), connections: Number(args.connections), durationS: Number(args.duration) };
const only = args.only ? new Set(args.only.split(',')) : null;

// ——— the endpoints ———

interface Targets {
  planId: number;
  planCommitments: number;
  commitmentId: number;
  word: string;
  /** Cookie of an admin's session: the DOCX report is a workspace download. */
  cookie: string;
}

interface Endpoint {
  key: string;
  name: string;
  path: (t: Targets) => string;
  /** Measured with the page cache on too (the page or answer is kept in it). */
  cached: boolean;
  signedIn?: boolean;
}

const ALL_ENDPOINTS: Endpoint[] = [
  { key: 'dashboard', name: 'plan dashboard', path: (t) => `/planes/${t.planId}`, cached: true },
  { key: 'commitment', name: 'commitment page', path: (t) => `/compromisos/${t.commitmentId}`, cached: true },
  { key: 'search', name: 'search', path: (t) => `/buscar?q=${encodeURIComponent(t.word)}`, cached: false },
  { key: 'api', name: 'API, 100 commitments', path: (t) => `/api/v1/commitments?plan=${t.planId}&perPage=100`, cached: true },
  { key: 'csv', name: 'CSV, commitments of the plan', path: (t) => `/datos/compromisos.csv?plan=${t.planId}`, cached: false },
  { key: 'csv-all', name: 'CSV, all commitments (/datos)', path: () => `/datos/compromisos.csv`, cached: false },
  {
    key: 'docx',
    name: 'DOCX report of the plan',
    path: (t) => `/espacio/planes/${t.planId}/informe/descarga?formato=docx`,
    cached: false,
    signedIn: true,
  },
];
const ENDPOINTS = ALL_ENDPOINTS.filter((e) => !only || only.has(e.key));

// ——— the databases ———

interface Prepared {
  url: string;
  label: string;
  cleanup: () => Promise<void>;
}

let postgres: { url: string; stop: () => Promise<void> } | null = null;

function hasGenerator(): boolean {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return Boolean(pkg.scripts['bench:data']) && existsSync(join(ROOT, 'bench/data/generate.ts'));
}

function generate(scale: number, database: string | null): void {
  console.error(`Generating the scale-${scale} dataset${database ? ` into ${database.replace(/:[^:@/]*@/, ':***@')}` : ''}…`);
  execFileSync('npm', ['run', '--silent', 'bench:data', '--', '--scale', String(scale), ...(database ? ['--database', database] : [])], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

async function postgresUrl(): Promise<string> {
  if (args.database.startsWith('postgres')) {
    if (/^postgres(ql)?:\/\//.test(args.database)) return args.database;
    postgres ??= (await startPostgres({ bin: findPostgresBin() })) as { url: string; stop: () => Promise<void> };
    return postgres.url;
  }
  throw new Error(`--database: sqlite, postgres or a postgres:// URL, not ${args.database}`);
}

/** A database for one scale, with its data loaded. */
async function prepare(scale: number | 'seed'): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-bench-'));
  const cleanup = async () => rmSync(dir, { recursive: true, force: true });
  if (args.database === 'sqlite') {
    if (scale === 'seed') {
      const url = `sqlite:${join(dir, 'seed.db')}`;
      await importSeed(url);
      return { url, label: 'seed report', cleanup };
    }
    if (args.data) return { url: `sqlite:${args.data}`, label: args.data, cleanup };
    const file = join(ROOT, 'bench/data', `scale-${scale}.sqlite`);
    if (!existsSync(file)) generate(scale, null);
    // Served in place: what the benchmark writes (an account, a session) is small and does not touch the data measured.
    return { url: `sqlite:${file}`, label: `scale ${scale}`, cleanup };
  }
  const server = await postgresUrl();
  const name = `vigia_bench_${String(scale).replace('.', '_')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  let exists: boolean;
  try {
    exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (!exists) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = server.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  if (!exists) {
    if (scale === 'seed') await importSeed(url);
    else generate(scale, url);
  }
  return { url, label: scale === 'seed' ? 'seed report' : `scale ${scale}`, cleanup };
}

/** What to measure, chosen by asking the data: the biggest plan, its biggest commitment, a word it uses. */
async function pickTargets(store: Store, stamp: string): Promise<Targets> {
  const db = store.db;
  const plan = await db
    .selectFrom('commitments')
    .select(['plan_id', sql<number>`count(*)`.as('n')])
    .groupBy('plan_id')
    .orderBy('n', 'desc')
    .orderBy('plan_id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const commitment = await db
    .selectFrom('commitments as c')
    .leftJoin('activities as a', 'a.commitment_id', 'c.id')
    .select(['c.id', 'c.title', sql<number>`count(a.id)`.as('n')])
    .where('c.plan_id', '=', plan.plan_id)
    .groupBy(['c.id', 'c.title'])
    .orderBy('n', 'desc')
    .orderBy('c.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  // The longest word of the title: specific enough to be a real search, common enough to match.
  const word = commitment.title
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 5)
    .sort((a, b) => b.length - a.length || a.localeCompare(b))[0]!
    .toLowerCase();
  const { account } = await createAccount(
    store,
    { email: `bench-${stamp}@example.test`, name: 'Benchmark', role: 'admin', agencyId: null, governmentId: null },
    { actor: 'bench', context: 'npm run bench', now: new Date() },
  );
  const { token } = await startSession(store, account.id, { now: new Date() });
  return { planId: plan.plan_id, planCommitments: Number(plan.n), commitmentId: commitment.id, word, cookie: `${SESSION_COOKIE}=${token}` };
}

// ——— measuring ———

interface Row {
  scale: string;
  endpoint: string;
  name: string;
  cache: 'on' | 'off';
  path: string;
  bytes: number;
  app: Figures;
  ceiling: Figures;
  ratio: number;
  peakMemoryMiB: number;
  /** The server's peak memory once it answered its first request, before any load. */
  startMemoryMiB: number;
}

/** Waits until the server answers a small request at once again (at most a minute). */
async function settle(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const t = performance.now();
    await fetch(`${base}/assets/site.css`).then((r) => r.arrayBuffer());
    quick = performance.now() - t < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function measureScale(scale: number | 'seed', stamp: string): Promise<{ rows: Row[]; targets: Omit<Targets, 'cookie'> }> {
  const prepared = await prepare(scale);
  const rows: Row[] = [];
  let targets: Targets;
  const store = await openStore(prepared.url);
  try {
    targets = await pickTargets(store, `${stamp}-${scale}`);
  } finally {
    await store.close();
  }
  try {
    for (const cache of ['on', 'off'] as const) {
      // The CSV exports first, on a fresh server: its peak memory then is theirs (VmHWM only grows).
      const endpoints = ENDPOINTS.filter((e) => cache === 'off' || e.cached).sort(
        (a, b) => Number(b.key.startsWith('csv')) - Number(a.key.startsWith('csv')),
      );
      if (endpoints.length === 0) continue;
      const { child, base } = await startServe(prepared.url, { cache });
      const startMemoryMiB = peakMemoryMiB(child.pid!);
      try {
        for (const e of endpoints) {
          const path = e.path(targets);
          const headers: Record<string, string> = { 'accept-language': 'es', ...(e.signedIn ? { cookie: targets.cookie } : {}) };
          const res = await fetch(base + path, { headers });
          const body = Buffer.from(await res.arrayBuffer());
          if (!res.ok) throw new Error(`${path}: ${res.status} ${body.toString('utf8', 0, 300)}`);
          console.error(`  ${prepared.label}, cache ${cache}: ${e.name} (${path}, ${(body.length / 1024).toFixed(1)} KB)`);
          const app = wrk(base + path, { ...wrkOptions, headers });
          const peak = peakMemoryMiB(child.pid!);
          // Requests wrk left in flight (a slow export, 32 searches) must not be measured with the next endpoint.
          await settle(base);
          const bare = await ceiling(body, res.headers.get('content-type') ?? 'text/html', wrkOptions);
          rows.push({
            scale: prepared.label,
            endpoint: e.key,
            name: e.name,
            cache,
            path,
            bytes: body.length,
            app,
            ceiling: bare,
            ratio: app.rps / bare.rps,
            peakMemoryMiB: peak,
            startMemoryMiB,
          });
        }
      } finally {
        await stop(child);
      }
    }
  } finally {
    await prepared.cleanup();
  }
  const { cookie: _cookie, ...shown } = targets;
  void _cookie;
  return { rows, targets: shown };
}

/** The seed report imported into a fresh SQLite, N times: the best and the median. */
async function seedImport(runs: number): Promise<{ bestMs: number; medianMs: number; runs: number }> {
  const bytes = readFileSync(SEED);
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'vigia-bench-import-'));
    const store = await openStore(`sqlite:${join(dir, 'vigia.db')}`);
    try {
      const t = performance.now();
      await importReport(store, readTextReport(bytes, 'seed.txt'), {
        now: new Date().toISOString(),
        actor: 'bench',
        fileName: 'seed.txt',
        bytes,
      });
      // The first run loads modules and warms the JIT: not counted.
      if (i > 0) times.push(performance.now() - t);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  times.sort((a, b) => a - b);
  return { bestMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]!, runs };
}

// ——— the report ———

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US').replace(/,/g, ' ') : '–');
const n1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const n2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const size = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);

function table(rows: Row[]): string {
  const out = [
    '| data | endpoint | page cache | size | app req/s | app p50 ms | app p99 ms | ceiling req/s | ceiling p99 ms | app / ceiling | peak MiB (at start) | errors |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    out.push(
      `| ${r.scale} | ${r.name} | ${r.cache} | ${size(r.bytes)} | ${n0(r.app.rps)} | ${n1(r.app.p50ms)} | ${n1(r.app.p99ms)} | ${n0(r.ceiling.rps)} | ${n1(r.ceiling.p99ms)} | ${n2(r.ratio)} | ${n0(r.peakMemoryMiB)} (${n0(r.startMemoryMiB)}) | ${r.app.errors} |`,
    );
  }
  return out.join('\n');
}

/** How latency grows with the data: each endpoint at the largest scale against the smallest. */
function growth(rows: Row[], labels: string[]): string | null {
  if (labels.length < 2) return null;
  const [first, last] = [labels[0]!, labels[labels.length - 1]!];
  const out = [
    `| endpoint | page cache | p50 ${first} | p50 ${last} | ×p50 | p99 ${first} | p99 ${last} | ×p99 |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const a of rows.filter((r) => r.scale === first)) {
    const b = rows.find((r) => r.scale === last && r.endpoint === a.endpoint && r.cache === a.cache);
    if (!b) continue;
    out.push(
      `| ${a.name} | ${a.cache} | ${n1(a.app.p50ms)} | ${n1(b.app.p50ms)} | ${n2(b.app.p50ms / a.app.p50ms)} | ${n1(a.app.p99ms)} | ${n1(b.app.p99ms)} | ${n2(b.app.p99ms / a.app.p99ms)} |`,
    );
  }
  return out.join('\n');
}

async function main() {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const scales: (number | 'seed')[] =
    args.data === 'seed' || (!args.data && !hasGenerator()) ? ['seed'] : args.scales.split(',').map(Number);
  if (scales[0] === 'seed' && args.data !== 'seed')
    console.error('The dataset generator (bench/data) is not here: measuring the seed report instead (--data seed).');
  if (args.data && args.data !== 'seed' && scales.length > 1) throw new Error('--data FILE is one dataset: give one scale');
  const loadBefore = loadAverage();
  const all: Row[] = [];
  const targets: Record<string, unknown> = {};
  try {
    for (const scale of scales) {
      const { rows, targets: t } = await measureScale(scale, stamp);
      all.push(...rows);
      targets[String(scale)] = t;
    }
  } catch (e) {
    // Said before the throwaway server stops: stopping it ends any connection still open, loudly.
    console.error(e);
    throw e;
  } finally {
    await postgres?.stop();
  }
  const imported = Number(args['import-runs']) > 0 ? await seedImport(Number(args['import-runs'])) : null;
  const loadAfter = loadAverage();
  const cpu = machine();
  const labels = [...new Set(all.map((r) => r.scale))];

  console.log(
    `\nVigía under load — ${started.toISOString()} — ${cpu}; wrk -t${wrkOptions.threads} -c${wrkOptions.connections} -d${wrkOptions.durationS}s; ${args.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}; load average ${loadBefore} before, ${loadAfter} after\n`,
  );
  console.log(table(all));
  const g = growth(all, labels);
  if (g) console.log(`\nLatency at ${labels[labels.length - 1]} against ${labels[0]}:\n\n${g}`);
  if (imported)
    console.log(
      `\nSeed report imported into a fresh SQLite: best ${n0(imported.bestMs)} ms, median ${n0(imported.medianMs)} ms of ${imported.runs} (target < 300 ms).`,
    );
  console.log(`\nTargets: ${JSON.stringify(targets)}`);

  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `bench-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: started.toISOString(),
        machine: cpu,
        load: { before: loadBefore, after: loadAfter },
        options: { ...args, database: args.database.replace(/:[^:@/]*@/, ':***@') },
        targets,
        results: all,
        seedImport: imported,
      },
      null,
      2,
    ),
  );
  console.log(`\n${file}`);
}

await main();
