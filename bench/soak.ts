/**
 * `npm run soak`: Vigía under a steady mix of reads and writes for a long while (10 minutes by default),
 * to show that nothing fails, latency holds and memory does not creep. Not part of the test suite.
 *
 *   npm run soak -- [--duration 10m] [--warmup 30s] [--rate 30] [--connections 8] [--sample 15s]
 *                   [--database sqlite|postgres|postgres://…] [--out FILE] [--snapshots DIR] [--simulate-leak BYTES]
 *
 * It imports the demo report into a fresh database (SQLite in a temporary folder; for `postgres`, a
 * throwaway server, or the given URL's server, in a new database), creates an agency editor for the
 * agency that leads most of the plan's commitments and a session for it, starts `vigia serve` on
 * loopback as in production, and drives it with autocannon at a fixed overall rate: mostly public reads
 * (home, plan page, commitment pages, search with varied words, the open-data CSV, the API) and,
 * signed in with the session cookie and a CSRF token, workspace reads and writes. The writes are chosen
 * so that none can conflict by design: evidence links and sources are appended; an activity is edited
 * only by one request at a time, with the version its last save returned (a 409 is then a real error).
 *
 * Every `--sample` it prints the requests, failures (non-2xx/3xx, socket errors, timeouts), p50/p99 of
 * that interval, the server's resident memory (VmRSS of the child) and, through bench/memory-probe.mjs
 * (loaded into the server only here), the memory the server still holds right after a full garbage
 * collection (heap used + external). At the end: latency per minute, memory in the first measured
 * minute and the last (medians of the samples), and a check that every acknowledged write is in the
 * database (read after the server stopped). Exits 1 when a request failed, the memory held after a full
 * collection grew more than 20 % (RSS is reported, not checked: it includes the room V8 and malloc keep
 * for reuse, which swings with the garbage — docs/reliability.md, Under load), or an acknowledged
 * write is missing. The report goes to --out (.json and .md), by default bench/results/.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { CSRF_COOKIE, issueCsrf, SESSION_COOKIE } from '../src/http/auth.js';
import { createAccount, startSession } from '../src/services/accounts.js';
import { openStore, type Store } from '../src/storage/connect.js';
import { importSeed, loadAverage, machine, processCpuMs, residentMemoryMiB, ROOT, startServe, stop } from './lib.js';
// @ts-expect-error: autocannon ships no types; the little used here is typed below
import autocannonUntyped from 'autocannon';
// @ts-expect-error: a plain JavaScript module of the test runner
import { findPostgresBin, startPostgres } from '../scripts/lib/postgres.js';

// ——— autocannon, as much as is used ———

interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface Context {
  kind?: string;
  activityId?: number;
  details?: string;
  marker?: string;
}
interface RequestSpec extends RawRequest {
  setupRequest: (req: RawRequest, context: Context) => RawRequest;
  onResponse: (status: number, body: string, context: Context) => void;
}
interface Instance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', fn: (error: Error) => void): void;
  on(event: 'done', fn: (result: { errors: number; timeouts: number; non2xx: number; requests: { total: number } }) => void): void;
  stop(): void;
}
const autocannon = autocannonUntyped as (opts: Record<string, unknown>) => Instance;

// ——— options ———

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    warmup: { type: 'string', default: '30s' },
    rate: { type: 'string', default: '30' },
    connections: { type: 'string', default: '8' },
    sample: { type: 'string', default: '15s' },
    database: { type: 'string', default: 'sqlite' },
    out: { type: 'string' },
    // A folder: heap snapshots of the server (after a full collection) at the end of the warm-up and at the end.
    snapshots: { type: 'string' },
    // Bytes the server keeps for ever per request (bench/memory-probe.mjs): a leak on purpose, to see the memory check fail.
    'simulate-leak': { type: 'string' },
  },
});

/** "10m", "90s", "1h" or plain seconds, in seconds. */
function seconds(value: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
  if (!m) throw new Error(`--${name}: a duration like 10m, 90s or 600, not ${value}`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

const durationS = seconds(args.duration, 'duration');
const warmupS = seconds(args.warmup, 'warmup');
const sampleS = seconds(args.sample, 'sample');
const rate = Number(args.rate);
const connections = Number(args.connections);
if (!(rate > 0) || !Number.isInteger(connections) || connections < 1) throw new Error('--rate and --connections: positive numbers');
/** What the server holds after a full collection (heap used + external) may grow this much from the first measured minute to the last. */
const MAX_GROWTH = 0.2;

// ——— the database and what to aim at ———

let postgres: { url: string; stop: () => Promise<void> } | null = null;

async function prepareDatabase(dir: string): Promise<{ url: string; label: string; drop: () => Promise<void> }> {
  if (args.database === 'sqlite') return { url: `sqlite:${join(dir, 'soak.db')}`, label: 'SQLite', drop: async () => {} };
  let server: string;
  if (/^postgres(ql)?:\/\//.test(args.database)) server = args.database;
  else if (args.database === 'postgres') {
    postgres = (await startPostgres({ bin: findPostgresBin() })) as { url: string; stop: () => Promise<void> };
    server = postgres.url;
  } else throw new Error(`--database: sqlite, postgres or a postgres:// URL, not ${args.database}`);
  const name = `vigia_soak_${Date.now()}`;
  const { default: pg } = await import('pg');
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  return { url: server.replace(/\/[^/?]*(\?|$)/, `/${name}$1`), label: 'PostgreSQL', drop: () => admin(`drop database if exists ${name}`) };
}

interface Targets {
  planId: number;
  commitmentIds: number[];
  /** The agency editor's: the commitments its agency leads, and their activities. */
  ownCommitmentIds: number[];
  activities: { id: number; version: number }[];
  words: string[];
  agencyId: number;
}

/** What to read and write, asked of the data: the biggest plan, the agency leading most of it. */
async function pickTargets(store: Store): Promise<Targets> {
  const db = store.db;
  const plan = await db
    .selectFrom('commitments')
    .select(['plan_id', sql<number>`count(*)`.as('n')])
    .groupBy('plan_id')
    .orderBy('n', 'desc')
    .orderBy('plan_id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const commitments = await db
    .selectFrom('commitments')
    .select(['id', 'title'])
    .where('plan_id', '=', plan.plan_id)
    .orderBy('id')
    .execute();
  const lead = await db
    .selectFrom('commitment_agencies as ca')
    .innerJoin('commitments as c', 'c.id', 'ca.commitment_id')
    .innerJoin('activities as a', 'a.commitment_id', 'c.id')
    .select(['ca.agency_id', sql<number>`count(distinct c.id)`.as('n')])
    .where('c.plan_id', '=', plan.plan_id)
    .where('ca.valid_to', 'is', null)
    .groupBy('ca.agency_id')
    .orderBy('n', 'desc')
    .orderBy('ca.agency_id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const own = await db
    .selectFrom('commitment_agencies as ca')
    .innerJoin('commitments as c', 'c.id', 'ca.commitment_id')
    .select('c.id')
    .where('c.plan_id', '=', plan.plan_id)
    .where('ca.agency_id', '=', lead.agency_id)
    .where('ca.valid_to', 'is', null)
    .orderBy('c.id')
    .execute();
  const ownIds = own.map((r) => r.id);
  const activities = await db
    .selectFrom('activities')
    .select(['id', 'version'])
    .where('commitment_id', 'in', ownIds)
    .orderBy('id')
    .execute();
  // Words of the titles, long enough to be specific; a few that match nothing, and two-word queries.
  const words = [
    ...new Set(
      commitments.flatMap((c) =>
        c.title
          .toLowerCase()
          .split(/[^\p{L}]+/u)
          .filter((w) => w.length >= 6),
      ),
    ),
  ]
    .sort()
    .slice(0, 30);
  const queries = [...words, 'zzzqxw', 'transparencia acceso', 'información pública', 'ñandú'];
  return {
    planId: plan.plan_id,
    commitmentIds: commitments.map((c) => c.id),
    ownCommitmentIds: ownIds,
    activities: activities.map((a) => ({ id: a.id, version: Number(a.version) })),
    words: queries,
    agencyId: lead.agency_id,
  };
}

// ——— the mix ———

interface Ledger {
  /** Evidence links and sources whose 201 arrived: the ids the server gave. */
  evidence: number[];
  sources: number[];
  /** Per activity: the version and details of the last acknowledged save, and how many were acknowledged. */
  activities: Map<number, { version: number; startVersion: number; details: string | null; saves: number; busy: boolean }>;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

function buildRequests(
  t: Targets,
  cookie: string,
  csrf: string,
  runId: string,
  ledger: Ledger,
  firstFailure: (kind: string, status: number, body: string) => void,
): { requests: RequestSpec[]; mix: Record<string, number> } {
  let seq = 0;
  /** The kind of each entry of the list, in order: the mix as designed. */
  const kinds: string[] = [];
  const publicHeaders = { 'accept-language': 'es' };
  const signedIn = { cookie, 'accept-language': 'es' };
  const writing = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', accept: 'application/json' };
  const read = (kind: string, path: () => string, headers: Record<string, string> = publicHeaders): RequestSpec => (
    kinds.push(kind),
    {
      method: 'GET',
      headers,
      setupRequest: (req, ctx) => {
        ctx.kind = kind;
        return { ...req, method: 'GET', path: path(), headers };
      },
      onResponse: (status, body, ctx) => {
        if (status >= 400) firstFailure(ctx.kind!, status, body);
      },
    }
  );
  const created = (kind: string, path: () => string, body: (marker: string) => unknown, into: number[]): RequestSpec => (
    kinds.push(kind),
    {
      method: 'POST',
      headers: writing,
      setupRequest: (req, ctx) => {
        ctx.kind = kind;
        ctx.marker = `${runId}-${++seq}`;
        return { ...req, method: 'POST', path: path(), headers: writing, body: JSON.stringify(body(ctx.marker)) };
      },
      onResponse: (status, text, ctx) => {
        if (status === 201) into.push((JSON.parse(text) as { id: number }).id);
        else firstFailure(ctx.kind!, status, text);
      },
    }
  );
  const ids = [...ledger.activities.keys()];
  const editActivity = (): RequestSpec => (
    kinds.push('edit activity'),
    {
      method: 'PUT',
      headers: writing,
      setupRequest: (req, ctx) => {
        // One save at a time per activity, from the version its last save returned: no conflict by design.
        const free = ids.filter((id) => !ledger.activities.get(id)!.busy);
        if (free.length === 0) {
          ctx.kind = 'workspace activity (read)';
          return { ...req, method: 'GET', path: `/api/v1/workspace/activities/${pick(ids)}`, headers: signedIn, body: undefined };
        }
        const id = pick(free);
        const a = ledger.activities.get(id)!;
        a.busy = true;
        ctx.kind = 'edit activity';
        ctx.activityId = id;
        ctx.details = `Avance registrado en la prueba de carga ${runId}-${++seq}.`;
        return {
          ...req,
          method: 'PUT',
          path: `/api/v1/workspace/activities/${id}`,
          headers: writing,
          body: JSON.stringify({ version: a.version, status: 'in-progress', details: ctx.details }),
        };
      },
      onResponse: (status, text, ctx) => {
        if (ctx.kind !== 'edit activity') {
          if (status >= 400) firstFailure(ctx.kind!, status, text);
          return;
        }
        const a = ledger.activities.get(ctx.activityId!)!;
        if (status === 200) {
          a.version = (JSON.parse(text) as { version: number }).version;
          a.details = ctx.details!;
          a.saves++;
          a.busy = false;
        } else {
          // Left busy: what is stored is unknown now; the check at the end says so.
          firstFailure(ctx.kind, status, text);
        }
      },
    }
  );
  const c = () => pick(t.commitmentIds);
  const own = () => pick(t.ownCommitmentIds);
  const q = () => encodeURIComponent(pick(t.words));
  // One connection's turn through the list: 20 requests, 14 public reads, 3 workspace reads, 3 writes.
  const requests: RequestSpec[] = [
    read('home', () => '/'),
    read('plan page', () => `/planes/${t.planId}`),
    read('commitment page', () => `/compromisos/${c()}`),
    read('search', () => `/buscar?q=${q()}`),
    read('API commitments', () => `/api/v1/commitments?plan=${t.planId}&perPage=100`),
    read('commitment page', () => `/en/compromisos/${c()}`),
    read('workspace home', () => '/espacio', signedIn),
    created(
      'add evidence link',
      () => `/api/v1/workspace/commitments/${own()}/evidence`,
      (m) => ({ url: `https://soak.example/${m}`, description: `Evidencia ${m}` }),
      ledger.evidence,
    ),
    read('commitment page', () => `/compromisos/${c()}`),
    read('search', () => `/buscar?q=${q()}`),
    read('open-data CSV', () => `/datos/compromisos.csv?plan=${t.planId}`),
    read('workspace commitment', () => `/espacio/compromisos/${own()}`, signedIn),
    editActivity(),
    read('API commitment', () => `/api/v1/commitments/${c()}`),
    read('commitment page', () => `/compromisos/${c()}`),
    read('API search', () => `/api/v1/search?q=${q()}`),
    read('workspace commitment (API)', () => `/api/v1/workspace/commitments/${own()}`, signedIn),
    created(
      'add source',
      () => `/api/v1/workspace/commitments/${own()}/sources`,
      (m) => ({ text: `Fuente ${m}` }),
      ledger.sources,
    ),
    read('plan page', () => `/en/planes/${t.planId}`),
    read('search', () => `/buscar?q=${q()}`),
  ];
  const mix: Record<string, number> = {};
  for (const kind of kinds) mix[kind] = (mix[kind] ?? 0) + 1;
  return { requests, mix };
}

// ——— measuring ———

interface Bucket {
  requests: number;
  failures: number;
  latencies: number[];
}
const bucket = (): Bucket => ({ requests: 0, failures: 0, latencies: [] });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function stats(b: Bucket) {
  const s = [...b.latencies].sort((x, y) => x - y);
  return {
    requests: b.requests,
    failures: b.failures,
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1]! : NaN,
  };
}

const n1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

interface Verification {
  evidenceAcknowledged: number;
  evidenceStored: number;
  evidenceMissing: number;
  sourcesAcknowledged: number;
  sourcesStored: number;
  sourcesMissing: number;
  activitySavesAcknowledged: number;
  activitiesWrong: string[];
  activitiesUnknown: number;
}

/** Every acknowledged write, looked for in the database (the server stopped: what is there was kept). */
async function verify(store: Store, runId: string, ledger: Ledger): Promise<Verification> {
  const db = store.db;
  const evidence = new Set(
    (await db.selectFrom('evidence').select('id').where('url', 'like', `https://soak.example/${runId}-%`).execute()).map((r) => r.id),
  );
  const sources = new Set(
    (await db.selectFrom('sources').select('id').where('text', 'like', `Fuente ${runId}-%`).execute()).map((r) => r.id),
  );
  const wrong: string[] = [];
  let unknown = 0;
  let saves = 0;
  for (const [id, a] of ledger.activities) {
    saves += a.saves;
    const row = await db.selectFrom('activities').select(['version', 'details']).where('id', '=', id).executeTakeFirst();
    if (!row) {
      wrong.push(`activity ${id}: gone`);
      continue;
    }
    const version = Number(row.version);
    // Busy at the end: its last save was in flight when the load stopped, stored or not.
    if (a.busy) {
      unknown++;
      if (version !== a.version && version !== a.version + 1)
        wrong.push(`activity ${id}: version ${version}, last acknowledged ${a.version} (one in flight)`);
      continue;
    }
    if (version !== a.version || version - a.startVersion !== a.saves)
      wrong.push(`activity ${id}: version ${version}, expected ${a.version} (${a.saves} saves from ${a.startVersion})`);
    else if (a.saves > 0 && row.details !== a.details) wrong.push(`activity ${id}: details are not the last acknowledged save's`);
  }
  return {
    evidenceAcknowledged: ledger.evidence.length,
    evidenceStored: evidence.size,
    evidenceMissing: ledger.evidence.filter((id) => !evidence.has(id)).length,
    sourcesAcknowledged: ledger.sources.length,
    sourcesStored: sources.size,
    sourcesMissing: ledger.sources.filter((id) => !sources.has(id)).length,
    activitySavesAcknowledged: saves,
    activitiesWrong: wrong,
    activitiesUnknown: unknown,
  };
}

/**
 * Growth from the first measured minute to the last, each the median of its samples of `value` (one
 * reading swings; a median of a minute's readings does not). With fewer than two samples a minute, the
 * point readings `afterWarmup` and `atEnd` are used.
 */
function growthOf<T extends { at: number }>(
  samples: T[],
  value: (x: T) => number | undefined,
  warmupS: number,
  durationS: number,
  afterWarmup: number,
  atEnd: number,
): { startMiB: number; endMiB: number; growth: number } {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const of = (xs: T[]) => xs.map(value).filter((x): x is number => Number.isFinite(x));
  const first = of(samples.filter((x) => x.at > warmupS && x.at <= warmupS + 60));
  const last = of(samples.filter((x) => x.at > warmupS + durationS - 60));
  const startMiB = first.length >= 2 ? median(first) : afterWarmup;
  const endMiB = last.length >= 2 ? median(last) : atEnd;
  return { startMiB, endMiB, growth: (endMiB - startMiB) / startMiB };
}

/** What JavaScript holds after a full collection: live heap objects and the memory outside the heap they own (Buffers). */
const heldMiB = (p: Partial<Probe>) => (p.heapUsedMiB ?? NaN) + (p.externalMiB ?? NaN);

interface Probe {
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
  rssAfterGcMiB: number;
  gcMs: number;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's memory right after a full collection (bench/memory-probe.mjs); null if it did not answer within 10 s. */
async function probe(pid: number, file: string): Promise<Probe | null> {
  const before = lines(file).length;
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 200; i++) {
    await sleep(50);
    const all = lines(file);
    if (all.length > before) {
      const m = JSON.parse(all[all.length - 1]!) as Record<string, number>;
      const mib = (x: number) => x / 2 ** 20;
      return {
        heapUsedMiB: mib(m.heapUsed!),
        heapTotalMiB: mib(m.heapTotal!),
        externalMiB: mib(m.external!),
        arrayBuffersMiB: mib(m.arrayBuffers!),
        rssAfterGcMiB: mib(m.rss!),
        gcMs: m.gcMs!,
      };
    }
  }
  return null;
}

/** A heap snapshot of the server into `dir` (bench/memory-probe.mjs), waited for (up to two minutes). */
async function snapshot(pid: number, dir: string): Promise<void> {
  const count = () => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')).length;
  const before = count();
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 1200 && count() === before; i++) await sleep(100);
  console.error(`heap snapshot ${count() > before ? 'written' : 'NOT written'} in ${dir}`);
}

async function main(): Promise<number> {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const runId = `soak${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'vigia-soak-'));
  const db = await prepareDatabase(dir);
  let child: Awaited<ReturnType<typeof startServe>>['child'] | null = null;
  try {
    console.error(`Importing the demo report into ${db.label}…`);
    await importSeed(db.url);
    const store = await openStore(db.url);
    let targets: Targets;
    let cookie: string;
    let csrf: { secret: string; token: string };
    try {
      targets = await pickTargets(store);
      const { account } = await createAccount(
        store,
        { email: `soak-${runId}@example.test`, name: 'Soak editor', role: 'agency-editor', agencyId: targets.agencyId, governmentId: null },
        { actor: 'soak', context: 'npm run soak', now: new Date() },
      );
      const { token } = await startSession(store, account.id, { now: new Date() });
      csrf = issueCsrf(token);
      cookie = `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${csrf.secret}`;
    } finally {
      await store.close();
    }
    const ledger: Ledger = {
      evidence: [],
      sources: [],
      activities: new Map(
        targets.activities.map((a) => [a.id, { version: a.version, startVersion: a.version, details: null, saves: 0, busy: false }]),
      ),
    };
    const log = join(dir, 'server.log');
    const logFd = openSync(log, 'a');
    // The memory probe (bench/memory-probe.mjs): heap in use after a full collection, on demand.
    const probeFile = join(dir, 'memory-probe.jsonl');
    writeFileSync(probeFile, '');
    if (args.snapshots) mkdirSync(args.snapshots, { recursive: true });
    const served = await startServe(db.url, {
      stdio: ['ignore', logFd, logFd],
      nodeArgs: ['--expose-gc', '--import', join(ROOT, 'bench/memory-probe.mjs')],
      env: {
        VIGIA_MEMORY_PROBE: probeFile,
        ...(args.snapshots ? { VIGIA_HEAP_SNAPSHOTS: args.snapshots } : {}),
        ...(args['simulate-leak'] ? { VIGIA_SIMULATED_LEAK: args['simulate-leak'] } : {}),
      },
    });
    child = served.child;
    const pid = child.pid!;
    console.error(
      `Server ${served.base} (pid ${pid}); plan ${targets.planId}: ${targets.commitmentIds.length} commitments; agency ${targets.agencyId} leads ${targets.ownCommitmentIds.length} of them with ${targets.activities.length} activities; server log ${log}`,
    );

    const failures: { kind: string; status: number; body: string }[] = [];
    const failuresByKind: Record<string, number> = {};
    let lastKind = '';
    const firstFailure = (kind: string, status: number, body: string) => {
      failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
      if (failures.length < 5) failures.push({ kind, status, body: body.slice(0, 300) });
    };
    const { requests, mix } = buildRequests(targets, cookie, csrf.token, runId, ledger, firstFailure);
    // Which kind each response was: onResponse runs just before the instance's 'response' event, for the same request.
    for (const r of requests) {
      const inner = r.onResponse;
      r.onResponse = (status, body, ctx) => {
        lastKind = ctx.kind!;
        inner(status, body, ctx);
      };
    }

    const loadBefore = loadAverage();
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    let interval = bucket();
    const warmup = bucket();
    const minutes: Bucket[] = [];
    const byKind = new Map<string, Bucket>();
    let socketErrors = 0;
    const samples: ({
      at: number;
      requests: number;
      failures: number;
      p50: number;
      p99: number;
      rssMiB: number;
      cpuMsPerRequest: number;
      load: string;
    } & Partial<Probe>)[] = [];
    let cpuBefore = processCpuMs(pid);
    const minuteRss: number[] = [];
    let rssStart = NaN;

    const instance = autocannon({
      url: served.base,
      connections,
      overallRate: rate,
      duration: warmupS + durationS,
      // A slow answer is slow, not lost: only a minute without an answer counts as a timeout.
      timeout: 60,
      requests,
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      const t = elapsed();
      const failed = status >= 400;
      // The last answers may come a moment after the duration: they belong to the last minute.
      const minute = Math.min(Math.floor((t - warmupS) / 60), Math.ceil(durationS / 60) - 1);
      const into = [interval, t < warmupS ? warmup : (minutes[minute] ??= bucket())];
      const k = byKind.get(lastKind) ?? byKind.set(lastKind, bucket()).get(lastKind)!;
      for (const b of [...into, k]) {
        b.requests++;
        if (failed) b.failures++;
        b.latencies.push(ms);
      }
    });
    instance.on('reqError', (e) => {
      socketErrors++;
      interval.failures++;
      if (failures.length < 5) failures.push({ kind: 'socket', status: 0, body: String(e.message) });
    });

    const sample = async () => {
      const s = stats(interval);
      interval = bucket();
      const rssMiB = residentMemoryMiB(pid);
      // The server's own CPU time per answer: unlike latency, it does not grow because other processes take the cores.
      const cpuNow = processCpuMs(pid);
      const cpuMsPerRequest = (cpuNow - cpuBefore) / s.requests;
      cpuBefore = cpuNow;
      const load = loadAverage();
      const at = elapsed();
      // After the RSS reading: the forced collection would lower it.
      const p = await probe(pid, probeFile);
      samples.push({ at, requests: s.requests, failures: s.failures, p50: s.p50, p99: s.p99, rssMiB, cpuMsPerRequest, load, ...p });
      console.error(
        `[${clock(at)}] ${s.requests} requests (${(s.requests / sampleS).toFixed(1)}/s), failed ${s.failures}, p50 ${n1(s.p50)} ms, p99 ${n1(s.p99)} ms, RSS ${n1(rssMiB)} MiB, server CPU ${n1(cpuMsPerRequest)} ms/request, load ${load}${at < warmupS ? ' (warm-up)' : ''}` +
          (p
            ? `; after a full GC: heap used ${n1(p.heapUsedMiB)} of ${n1(p.heapTotalMiB)} MiB, external ${n1(p.externalMiB)} (array buffers ${n1(p.arrayBuffersMiB)}), RSS ${n1(p.rssAfterGcMiB)} MiB, GC ${n1(p.gcMs)} ms`
            : '; memory probe did not answer'),
      );
    };
    const sampler = setInterval(() => void sample(), sampleS * 1000);
    let minuteTimer: NodeJS.Timeout | undefined;
    const warmed = setTimeout(() => {
      rssStart = residentMemoryMiB(pid);
      console.error(`[${clock(elapsed())}] warm-up over: RSS ${n1(rssStart)} MiB`);
      if (args.snapshots) void snapshot(pid, args.snapshots);
      minuteTimer = setInterval(() => minuteRss.push(residentMemoryMiB(pid)), 60_000);
    }, warmupS * 1000);

    const result = await new Promise<{ errors: number; timeouts: number; non2xx: number; requests: { total: number } }>((resolve) =>
      instance.on('done', resolve),
    );
    clearInterval(sampler);
    clearTimeout(warmed);
    clearInterval(minuteTimer);
    const rssEnd = residentMemoryMiB(pid);
    const loadAfter = loadAverage();
    if (args.snapshots) await snapshot(pid, args.snapshots);
    // What the server logged while under load, apart from what it logs while stopping.
    const loggedUnderLoad = readFileSync(log, 'utf8');
    await stop(child);
    const exitCode = child.exitCode;
    child = null;
    closeSync(logFd);
    const logged = readFileSync(log, 'utf8');
    // pino's levels: 50 error, 60 fatal.
    const errorsIn = (text: string) => text.split('\n').filter((l) => /"level":(50|60)/.test(l)).length;
    const serverErrors = errorsIn(loggedUnderLoad);
    const shutdownErrors = errorsIn(logged) - serverErrors;

    const check = await openStore(db.url);
    let v: Verification;
    try {
      v = await verify(check, runId, ledger);
    } finally {
      await check.close();
    }

    // ——— the report ———
    const total = [...byKind.values()].reduce((n, b) => n + b.requests, 0);
    const failed = [...byKind.values()].reduce((n, b) => n + b.failures, 0) + socketErrors + result.timeouts;
    // The check: what the server still holds after a full collection. RSS is reported beside it, not
    // checked: V8 and malloc keep freed memory for reuse, so RSS moves with the garbage's ups and downs
    // (docs/reliability.md, Under load) and cannot tell a leak from headroom; held memory can.
    const probed = samples.filter((x) => x.heapUsedMiB !== undefined);
    const firstProbe = probed.find((x) => x.at > warmupS);
    const lastProbe = probed[probed.length - 1];
    const held = growthOf(
      samples,
      heldMiB,
      warmupS,
      durationS,
      firstProbe ? heldMiB(firstProbe) : NaN,
      lastProbe ? heldMiB(lastProbe) : NaN,
    );
    const memory = growthOf(samples, (x) => x.rssMiB, warmupS, durationS, rssStart, rssEnd);
    const growth = held.growth;
    const floors = minutes.map((_, i) =>
      Math.min(...samples.filter((x) => x.at > warmupS + i * 60 && x.at <= warmupS + (i + 1) * 60 + 1).map((x) => x.rssMiB)),
    );
    const lines: string[] = [];
    lines.push(
      `Vigía soak — ${started.toISOString()} — ${machine()}; ${db.label}; ${rate} requests/s over ${connections} connections for ${args.duration} after a ${args.warmup} warm-up; load average ${loadBefore} before, ${loadAfter} after.`,
    );
    lines.push('');
    lines.push(
      `Mix per 20 requests: ${Object.entries(mix)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}.`,
    );
    lines.push('');
    lines.push(
      '| minute | requests | req/s | failed | p50 ms | p99 ms | max ms | server CPU ms/request | RSS MiB at its end | lowest RSS MiB | held after GC MiB (median) |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const w = stats(warmup);
    lines.push(
      `| warm-up | ${w.requests} | ${(w.requests / warmupS).toFixed(1)} | ${w.failures} | ${n1(w.p50)} | ${n1(w.p99)} | ${n1(w.max)} | – | ${n1(rssStart)} | – | – |`,
    );
    minutes.forEach((b, i) => {
      const s = stats(b);
      const span = Math.min(60, durationS - i * 60);
      const rssAt = minuteRss[i] ?? rssEnd;
      const inMinute = samples.filter((x) => x.at > warmupS + i * 60 && x.at <= warmupS + (i + 1) * 60 + 1);
      const cpu = inMinute.reduce((n, x) => n + x.cpuMsPerRequest * x.requests, 0) / inMinute.reduce((n, x) => n + x.requests, 0);
      const heldIn = inMinute
        .map(heldMiB)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const heldMedian = heldIn.length ? (heldIn[(heldIn.length - 1) >> 1]! + heldIn[heldIn.length >> 1]!) / 2 : NaN;
      lines.push(
        `| ${i + 1} | ${s.requests} | ${(s.requests / span).toFixed(1)} | ${s.failures} | ${n1(s.p50)} | ${n1(s.p99)} | ${n1(s.max)} | ${n1(cpu)} | ${n1(rssAt)} | ${n1(floors[i]!)} | ${n1(heldMedian)} |`,
      );
    });
    lines.push('');
    lines.push('| request | count | failed | p50 ms | p99 ms | max ms |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [kind, b] of [...byKind.entries()].sort((a, b) => b[1].requests - a[1].requests)) {
      const s = stats(b);
      lines.push(`| ${kind} | ${s.requests} | ${s.failures} | ${n1(s.p50)} | ${n1(s.p99)} | ${n1(s.max)} |`);
    }
    lines.push('');
    lines.push(
      `Requests answered: ${total} (${(total / (warmupS + durationS)).toFixed(1)}/s); failed: ${failed} (non-2xx/3xx ${[...byKind.values()].reduce((n, b) => n + b.failures, 0)}, socket errors ${socketErrors}, timeouts ${result.timeouts}); server log errors under load: ${serverErrors}, while stopping: ${shutdownErrors}; server exit code after SIGTERM: ${exitCode}.`,
    );
    lines.push(
      `Memory held after a full collection (heap used + external): median of the first minute's samples ${n1(held.startMiB)} MiB, of the last minute's ${n1(held.endMiB)} MiB: ${(held.growth * 100).toFixed(1)} % (limit ${MAX_GROWTH * 100} %); ${probed.length} probes, from ${n1(Math.min(...probed.map(heldMiB)))} to ${n1(Math.max(...probed.map(heldMiB)))} MiB${probed.length < samples.length ? `; ${samples.length - probed.length} samples without an answer from the probe` : ''}.`,
    );
    lines.push(
      `RSS (VmRSS of the server; reported, not checked): median of the first minute's samples ${n1(memory.startMiB)} MiB, of the last minute's ${n1(memory.endMiB)} MiB: ${(memory.growth * 100).toFixed(1)} %; at the end of the warm-up ${n1(rssStart)} MiB, at the end ${n1(rssEnd)} MiB; samples from ${n1(Math.min(...samples.map((s) => s.rssMiB)))} to ${n1(Math.max(...samples.map((s) => s.rssMiB)))} MiB.`,
    );
    lines.push(
      `Writes acknowledged and found after the server stopped: evidence links ${v.evidenceAcknowledged - v.evidenceMissing}/${v.evidenceAcknowledged} (${v.evidenceStored} stored), sources ${v.sourcesAcknowledged - v.sourcesMissing}/${v.sourcesAcknowledged} (${v.sourcesStored} stored), activity saves ${v.activitySavesAcknowledged} with every activity at its last acknowledged version${v.activitiesWrong.length ? ` — except ${v.activitiesWrong.join('; ')}` : ''} (${v.activitiesUnknown} with a save in flight at the stop).`,
    );
    if (failures.length) lines.push(`First failures: ${JSON.stringify(failures)}; by kind ${JSON.stringify(failuresByKind)}.`);
    // Not a failure of the app by itself (the machine may be busy with other work), but said plainly.
    const rateHeld = total / (rate * (warmupS + durationS));
    if (rateHeld < 0.95)
      lines.push(
        `Note: ${total} requests answered of ${rate * (warmupS + durationS)} asked (${(rateHeld * 100).toFixed(0)} %): the rate was not held — see the load average.`,
      );
    const report = lines.join('\n');
    console.log(`\n${report}`);

    const problems: string[] = [];
    if (failed > 0) problems.push(`${failed} requests failed`);
    if (serverErrors > 0) problems.push(`the server logged ${serverErrors} errors under load`);
    // autocannon hangs up on the requests in flight when its time is over: their handlers must finish before the database closes (src/http/in-flight.ts).
    if (shutdownErrors > 0) problems.push(`the server logged ${shutdownErrors} errors while stopping`);
    if (exitCode !== 0) problems.push(`the server exited with ${exitCode} after SIGTERM`);
    if (!(growth <= MAX_GROWTH)) problems.push(`memory held after a full collection grew ${(growth * 100).toFixed(1)} %`);
    if (v.evidenceMissing || v.sourcesMissing || v.activitiesWrong.length) problems.push('acknowledged writes missing or wrong');

    const out = args.out ?? join(ROOT, 'bench/results', `soak-${stamp}`);
    const base = out.replace(/\.(json|md)$/, '');
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.md`, `${report}\n`);
    if (serverErrors + shutdownErrors > 0) writeFileSync(`${base}.server.log`, logged);
    writeFileSync(
      `${base}.json`,
      JSON.stringify(
        {
          at: started.toISOString(),
          machine: machine(),
          load: { before: loadBefore, after: loadAfter },
          options: { ...args, database: db.label },
          mix,
          samples,
          minutes: minutes.map(stats),
          warmup: w,
          byKind: Object.fromEntries([...byKind].map(([k, b]) => [k, stats(b)])),
          total,
          failed,
          socketErrors,
          timeouts: result.timeouts,
          serverErrors,
          shutdownErrors,
          failures,
          memory: { held, rss: { ...memory, afterWarmupMiB: rssStart, atEndMiB: rssEnd, lowestPerMinuteMiB: floors } },
          writes: v,
          problems,
        },
        null,
        2,
      ),
    );
    console.log(`\n${base}.md, ${base}.json`);
    if (problems.length) {
      console.log(`\nFAILED: ${problems.join('; ')}`);
      return 1;
    }
    console.log('\nPassed: no failure, memory held after a full collection within 20 %, every acknowledged write stored.');
    return 0;
  } finally {
    if (child) await stop(child);
    await db.drop().catch((e) => console.error(`dropping the soak database: ${e}`));
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
