/**
 * The black-box scan of issue 9: the running site on loopback, seen from outside as an attacker would.
 *
 *   node --import tsx scripts/security-scan.ts [--out DIR] [--json]      (npm run security-scan)
 *
 * 1. `vigia serve` on a free port of 127.0.0.1 with a fresh SQLite file in a temporary folder: on an empty
 *    database it imports the 2015–2016 demo plan, as `npm start` does.
 * 2. `vigia user add --role coordinator`, then the password chosen through the one-time link's form and a
 *    sign-in through the sign-in form, as a person does: a session cookie and the API's CSRF token.
 * 3. wapiti (Debian's package) twice, anonymously and signed in, with bounded time (SCAN below); the
 *    sign-out URL is excluded so the session stays alive, and that it did is checked afterwards.
 * 4. sqlmap against the search page's parameters and the API's (query parameters, ids in the path, and a
 *    POST with a JSON body signed in with the session cookie and the x-csrf-token header).
 * 5. The outputs read back: every wapiti vulnerability or anomaly must match an entry of
 *    scripts/security-scan-allowlist.json (each with its explanation), sqlmap must find no injectable
 *    parameter, and the server must not have answered any request with a 5xx.
 * Exit status: 0 when all of that holds, 1 otherwise (the reasons printed), 2 when a tool is missing.
 * docs/reliability.md ("Black-box scans") has what is scanned, what is not, and the figures.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from '../src/storage/sqlite-driver.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ALLOWLIST_FILE = join(ROOT, 'scripts/security-scan-allowlist.json');

/** The bounds: together they keep the whole scan at a few minutes on 2 busy cores (figures in docs/reliability.md). */
export const SCAN = {
  /** wapiti's modules, anonymously: its defaults but ssrf (it needs an outside endpoint; Vigía fetches no URL it is given), plus crlf, csrf and methods. */
  anonymousModules: 'sql,blindsql,exec,file,xss,permanentxss,redirect,crlf,csp,http_headers,cookieflags,csrf,methods',
  /**
   * Signed in: injection and stored script through the workspace's forms, their CSRF tokens, the session
   * cookie's flags. Not the header modules (the same headers as anonymously), nor blindsql, exec and file:
   * on forms of twenty fields one request takes them longer than their time bound (measured: not one form
   * finished), and time-based blind injection is sqlmap's part.
   */
  signedInModules: 'sql,xss,permanentxss,csrf,cookieflags',
  depth: 3,
  maxLinksPerPage: 40,
  /** Pages per folder: /compromisos/1…17 are one template; a few of each are enough to attack it. */
  maxFilesPerDir: 4,
  /** Per attack module, in wall time; wapiti checks it between crawled requests, so a module may overrun it a little. */
  maxAttackSeconds: 15,
  /** The crawl, in wall time. */
  maxScanSeconds: 45,
  /** Each wapiti run is killed past this (it then counts as failed). */
  wapitiDeadlineSeconds: 330,
  sqlmapLevel: 2,
  sqlmapRisk: 2,
  /** Each sqlmap target is killed past this (its parameters then count as not tested). */
  sqlmapDeadlineSeconds: 180,
} as const;

export interface Finding {
  scan: string;
  kind: 'vulnerability' | 'anomaly';
  category: string;
  method: string;
  path: string;
  parameter: string;
  info: string;
  /** The allowlist's explanation, or null: an unexplained finding fails the scan. */
  explanation: string | null;
}

export interface WapitiRun {
  name: 'anonymous' | 'signed-in';
  command: string[];
  seconds: number;
  exitCode: number | null;
  reportFile: string;
  /** Every request wapiti's crawler found (method and URL), from its session database. */
  crawled: string[];
  /** How many crawled requests each attack module attacked. */
  attacked: Record<string, number>;
  findings: Finding[];
}

export interface SqlmapRun {
  name: string;
  command: string[];
  seconds: number;
  /** The parameters sqlmap was asked to test. */
  parameters: string[];
  /** Those it said "does not seem to be injectable" of. */
  notInjectable: string[];
  /** Those it found an injection in (sqlmap's "Parameter: … " lines under "identified the following injection point"). */
  injectable: string[];
  /** sqlmap's own summary of the answers' status codes, e.g. "400 (Bad Request) - 891 times". */
  httpErrors: string[];
}

export interface ScanReport {
  base: string;
  seconds: number;
  wapiti: WapitiRun[];
  sqlmap: SqlmapRun[];
  /** The signed-in session still answered GET /api/v1/workspace/session after the signed-in scan. */
  sessionAliveAfterScan: boolean;
  /** Answers with a 5xx status in the server's log, during the whole scan. */
  serverErrors: string[];
  /** Why the scan fails; empty when it passes. */
  problems: string[];
  outDir: string;
}

interface AllowEntry {
  category: string;
  /** A regular expression the finding's `info` must match. */
  info: string;
  /** Optional: a regular expression the path must match. */
  path?: string;
  explanation: string;
}

export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Runs a program to its end, its output written to `logFile`; resolves with the exit code (null when it was
 * killed at `deadlineSeconds`, a bound beyond wapiti's own, which a module can overrun) and the time taken.
 */
function run(
  command: string,
  args: string[],
  logFile: string,
  deadlineSeconds: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; seconds: number; output: string; timedOut: boolean }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    let done = false;
    const log = createWriteStream(logFile);
    const take = (d: Buffer) => {
      output += d.toString();
      log.write(d);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineSeconds * 1000);
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      log.end();
      resolve({ code, seconds: (Date.now() - started) / 1000, output, timedOut });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', finish);
    // 'close' waits for the output pipes too: should anything keep them open, the exit is enough.
    child.on('exit', (code) => setTimeout(() => finish(code), 2000));
  });
}

function vigia(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/vigia.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigia serve exited (${child.exitCode}) before answering`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A tiny cookie jar for the sign-in: name → value, from Set-Cookie headers. */
class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const hiddenCsrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The password chosen through the link's form, then the sign-in form: as a person does it. */
async function signInThroughForms(
  base: string,
  link: string,
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string; jar: Jar }> {
  const jar = new Jar();
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const url = new URL(link);
  const token = url.searchParams.get('token') ?? '';
  let res = await fetch(`${base}/cuenta/clave?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  jar.take(res);
  let html = await res.text();
  res = await fetch(`${base}/cuenta/clave`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ _csrf: hiddenCsrf(html), token, username: email, password, confirm: password }),
  });
  if (res.status !== 303) throw new Error(`choosing the password answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  jar.take(res);
  res = await fetch(`${base}/cuenta/ingresar`, { headers: { cookie: jar.header() } });
  jar.take(res);
  html = await res.text();
  res = await fetch(`${base}/cuenta/ingresar`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ _csrf: hiddenCsrf(html), email, password }),
  });
  jar.take(res);
  if (res.status !== 303 || !jar.cookies.has('vigia_session')) throw new Error(`signing in answered ${res.status}, no session cookie`);
  const session = await fetch(`${base}/api/v1/workspace/session`, { headers: { cookie: jar.header() } });
  if (!session.ok) throw new Error(`GET /api/v1/workspace/session answered ${session.status} after signing in`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return { cookie: jar.header(), csrf: csrfToken, jar };
}

/** wapiti's cookie file (the JSON of wapiti-getcookie): domain → path → name → attributes. */
function wapitiCookieFile(file: string, jar: Jar): void {
  const cookies: Record<string, object> = {};
  for (const [name, value] of jar.cookies) cookies[name] = { value, expires: null, secure: false, port: null, version: 0 };
  writeFileSync(file, JSON.stringify({ '127.0.0.1': { '/': cookies } }, null, 1));
}

function loadAllowlist(): AllowEntry[] {
  const entries = JSON.parse(readFileSync(ALLOWLIST_FILE, 'utf8')) as AllowEntry[];
  for (const e of entries)
    if (!e.category || !e.info || !e.explanation?.trim())
      throw new Error(`${ALLOWLIST_FILE}: every entry needs category, info and an explanation`);
  return entries;
}

interface WapitiItem {
  method: string;
  path: string;
  info: string;
  parameter: string;
}

export function findingsOf(
  scan: string,
  report: { vulnerabilities: Record<string, WapitiItem[]>; anomalies: Record<string, WapitiItem[]> },
  allow: AllowEntry[],
): Finding[] {
  const out: Finding[] = [];
  for (const [kind, groups] of [
    ['vulnerability', report.vulnerabilities],
    ['anomaly', report.anomalies],
  ] as const) {
    for (const [category, items] of Object.entries(groups ?? {})) {
      for (const v of items) {
        const entry = allow.find(
          (a) => a.category === category && new RegExp(a.info).test(v.info) && (!a.path || new RegExp(a.path).test(v.path)),
        );
        out.push({
          scan,
          kind,
          category,
          method: v.method,
          path: v.path,
          parameter: v.parameter ?? '',
          info: v.info,
          explanation: entry?.explanation ?? null,
        });
      }
    }
  }
  return out;
}

/** The crawled requests and the attacks made, from wapiti's session database (its JSON report lists only findings). */
function readWapitiSession(dir: string): { crawled: string[]; attacked: Record<string, number> } {
  const file = readdirSync(dir).find((f) => f.endsWith('.db'));
  if (!file) return { crawled: [], attacked: {} };
  const db = new Database(join(dir, file), { readonly: true });
  try {
    // The query string is kept apart, one row per parameter (type 'GET'): put back for the listing.
    const query = new Map<number, string[]>();
    for (const p of db
      .prepare("SELECT path_id AS id, name, value1 AS value FROM params WHERE upper(type) = 'GET' ORDER BY path_id, param_order")
      .all() as { id: number; name: string; value: string | null }[])
      query.set(p.id, [...(query.get(p.id) ?? []), `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value ?? '')}`]);
    const crawled = (
      db.prepare('SELECT path_id AS id, method, path FROM paths WHERE evil = 0 ORDER BY path_id').all() as {
        id: number;
        method: string;
        path: string;
      }[]
    ).map((r) => `${r.method} ${r.path}${query.has(r.id) ? `?${query.get(r.id)!.join('&')}` : ''}`);
    const attacked: Record<string, number> = {};
    for (const r of db
      .prepare('SELECT module_name AS m, COUNT(*) AS n FROM attack_log GROUP BY module_name ORDER BY module_name')
      .all() as { m: string; n: number }[])
      attacked[r.m] = r.n;
    return { crawled, attacked };
  } finally {
    db.close();
  }
}

const WAPITI_SHIM = join(ROOT, 'scripts/lib/wapiti-run.py');

/** The Python that runs Debian's wapiti (its script's #! line): the shim needs wapiti's own modules. */
function wapitiPython(): string {
  const script = which('wapiti');
  const shebang = script ? /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8').split('\n', 1)[0]!)?.[1] : undefined;
  return shebang ?? '/usr/bin/python3';
}

/** wapiti from `root`/ (its folder is the scope), `/` and `/en` added as start pages when root is the site. */
async function wapiti(name: WapitiRun['name'], root: string, out: string, allow: AllowEntry[], extra: string[]): Promise<WapitiRun> {
  const site = root === new URL(root).origin;
  const dir = join(out, `wapiti-${name}`);
  const reportFile = join(dir, 'report.json');
  const args = [
    '-u',
    `${root}/`,
    '--scope',
    'folder',
    '-m',
    name === 'anonymous' ? SCAN.anonymousModules : SCAN.signedInModules,
    // wapiti asks for English (Accept-Language: en-US), so / would redirect to /en and its crawler does not follow a start page's redirect.
    '-H',
    'Accept-Language: es',
    ...(site ? ['-s', `${root}/en`] : ['-s', root]),
    '-d',
    String(SCAN.depth),
    '--max-links-per-page',
    String(SCAN.maxLinksPerPage),
    '--max-files-per-dir',
    String(SCAN.maxFilesPerDir),
    '--max-attack-time',
    String(SCAN.maxAttackSeconds),
    '--max-scan-time',
    String(SCAN.maxScanSeconds),
    '-t',
    '15',
    '--flush-session',
    '--store-session',
    join(dir, 'session'),
    '--store-config',
    join(dir, 'config'),
    '-f',
    'json',
    '-o',
    reportFile,
    '-v',
    '1',
    '--no-bugreport',
    ...extra,
  ];
  const r = await run(wapitiPython(), [WAPITI_SHIM, ...args], `${dir}.log`, SCAN.wapitiDeadlineSeconds);
  if (r.timedOut) writeFileSync(`${dir}.timed-out`, `killed after ${SCAN.wapitiDeadlineSeconds} s\n`);
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : { vulnerabilities: {}, anomalies: {} };
  return {
    name,
    command: ['wapiti', ...args],
    seconds: r.seconds,
    exitCode: r.code,
    reportFile,
    ...readWapitiSession(join(dir, 'session')),
    findings: findingsOf(name, report, allow),
  };
}

export function readSqlmapOutput(output: string): { notInjectable: string[]; injectable: string[]; httpErrors: string[] } {
  const notInjectable = [
    ...output.matchAll(/(?:GET|POST|URI|\(custom\) POST|JSON|PUT)?\s*parameter '([^']+)' does not seem to be injectable/g),
  ].map((m) => m[1]!.replace(/^JSON /, ''));
  const points = output.split('identified the following injection point')[1] ?? '';
  const injectable = [...points.matchAll(/^Parameter: (.+?) \(/gm)].map((m) => m[1]!.replace(/^JSON /, ''));
  const errors = output.split('HTTP error codes detected during run:')[1] ?? '';
  const httpErrors = [...errors.matchAll(/^(\d{3} \([^)]*\) - \d+ times)/gm)].map((m) => m[1]!);
  return { notInjectable: [...new Set(notInjectable)], injectable: [...new Set(injectable)], httpErrors };
}

interface SqlmapTarget {
  name: string;
  url: string;
  /** Parameters to test; `*` in the URL marks a place in the path (sqlmap calls it "#1*"). */
  parameters: string[];
  data?: string;
  method?: string;
  headers?: string[];
  cookie?: string;
}

async function sqlmap(t: SqlmapTarget, out: string, dbms: string): Promise<SqlmapRun> {
  const dir = join(out, 'sqlmap');
  const args = [
    '-u',
    t.url,
    '--batch',
    `--level=${SCAN.sqlmapLevel}`,
    `--risk=${SCAN.sqlmapRisk}`,
    // Boolean, error, union, stacked and time-based: every technique that can reach SQLite or PostgreSQL.
    '--technique=BEUST',
    `--dbms=${dbms}`,
    '--time-sec=2',
    '--timeout=15',
    '--retries=1',
    '--threads=4',
    '--flush-session',
    '--skip-waf',
    '--disable-coloring',
    `--output-dir=${dir}`,
    ...(t.parameters.some((p) => !p.startsWith('#')) ? ['-p', t.parameters.filter((p) => !p.startsWith('#')).join(',')] : []),
    ...(t.data ? ['--data', t.data] : []),
    ...(t.method ? ['--method', t.method] : []),
    ...(t.cookie ? ['--cookie', t.cookie] : []),
    ...(t.headers?.length ? ['--headers', t.headers.join('\n')] : []),
  ];
  const r = await run('sqlmap', args, join(out, `sqlmap-${t.name}.log`), SCAN.sqlmapDeadlineSeconds, { ...process.env, HOME: out });
  return { name: t.name, command: ['sqlmap', ...args], seconds: r.seconds, parameters: t.parameters, ...readSqlmapOutput(r.output) };
}

export async function runSecurityScan(options: { out?: string; log?: (line: string) => void } = {}): Promise<ScanReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'vigia-scan-'));
  const allow = loadAllowlist();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(out, 'vigia.db')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    NOTIFY_AT: 'off',
    // The server's log (one line per answer, with its status) is how 5xx answers are counted: NODE_ENV=test would turn it off.
    NODE_ENV: 'production',
    VIGIA_LANG: 'es',
  };
  delete env.SMTP_URL;
  const serverLog = join(out, 'server.log');
  const logStream = createWriteStream(serverLog);
  const server = spawn(process.execPath, [join(ROOT, 'bin/vigia.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.pipe(logStream);
  server.stderr!.pipe(logStream);
  const problems: string[] = [];
  try {
    await waitFor(`${base}/api/v1/plans`, server, 180_000);
    log(`vigia serve at ${base} (demo plan imported), output in ${out}`);

    const email = 'coordinacion@scan.example';
    const password = 'un escaneo largo y sin trampas 2016';
    const added = vigia(['user', 'add', '--email', email, '--name', 'Coordinación (escaneo)', '--role', 'coordinator'], env);
    const link = /https?:\/\/\S+\/cuenta\/clave\?token=\S+/.exec(added.stdout)?.[0];
    if (added.status !== 0 || !link) throw new Error(`vigia user add failed (${added.status}): ${added.stderr || added.stdout}`);
    const signedIn = await signInThroughForms(base, link, email, password);
    log('signed in as a coordinator through the forms');

    const plans = (await (await fetch(`${base}/api/v1/plans`)).json()) as { plans: { id: number }[] };
    const planId = plans.plans[0]!.id;
    const commitments = (await (await fetch(`${base}/api/v1/commitments?plan=${planId}&perPage=5`)).json()) as {
      commitments: { id: number }[];
    };
    const commitmentId = commitments.commitments[0]!.id;

    const cookieFile = join(out, 'wapiti-cookies.json');
    wapitiCookieFile(cookieFile, signedIn.jar);
    const auth = { cookie: signedIn.cookie, headers: [`x-csrf-token: ${signedIn.csrf}`] };
    const targets: SqlmapTarget[] = [
      {
        name: 'search-page',
        url: `${base}/buscar?q=agua&plan=${planId}&tema=&entidad=&nivel=&ronda=&gobierno=&pagina=1`,
        parameters: ['q', 'plan', 'tema', 'entidad', 'nivel', 'ronda', 'gobierno', 'pagina'],
      },
      {
        name: 'api-commitments',
        url: `${base}/api/v1/commitments?q=agua&plan=${planId}&theme=&agency=&level=&round=&government=&page=1&perPage=20`,
        parameters: ['q', 'plan', 'theme', 'agency', 'level', 'round', 'government', 'page', 'perPage'],
      },
      { name: 'api-search', url: `${base}/api/v1/search?q=transparencia&page=1`, parameters: ['q', 'page'] },
      { name: 'api-commitment-id', url: `${base}/api/v1/commitments/${commitmentId}*`, parameters: ['#1*'] },
      { name: 'api-workspace-commitment-id', url: `${base}/api/v1/workspace/commitments/${commitmentId}*`, parameters: ['#1*'], ...auth },
      {
        // One field of each kind the input rules know (text, date, number, choice); every accepted request adds an activity.
        name: 'api-workspace-post-json',
        url: `${base}/api/v1/workspace/commitments/${commitmentId}/activities`,
        method: 'POST',
        data: JSON.stringify({ title: 'Actividad del escaneo', plannedStart: '2016-01-04', weight: 10, status: 'in-progress' }),
        parameters: ['title', 'plannedStart', 'weight', 'status'],
        headers: [...auth.headers, 'Content-Type: application/json'],
        cookie: auth.cookie,
      },
    ];

    // Three lanes at once: the attack modules are bounded in wall time, and each tool mostly waits for the
    // server's answers, so running them side by side keeps the whole scan at a few minutes.
    // The public forms as start pages: under the crawl's time and per-folder bounds they were sometimes never reached (a CI run posted no form).
    const anonymousLane = wapiti('anonymous', base, out, allow, ['-s', `${base}/cuenta/ingresar`, '-s', `${base}/cuenta/olvide`]).then(
      (w) => {
        log(`wapiti anonymous: ${w.crawled.length} requests crawled in ${w.seconds.toFixed(0)} s`);
        return w;
      },
    );
    const signedInLane = wapiti('signed-in', `${base}/espacio`, out, allow, [
      '-c',
      cookieFile,
      '-s',
      `${base}/cuenta`,
      // The workspace in Spanish: /en/espacio is the same handlers, and the anonymous scan covers /en.
      '-x',
      `${base}/en/*`,
      // Signing out would end the scan's session (that it did not is checked below).
      '-x',
      `${base}/cuenta/salir`,
    ]).then((w) => {
      log(`wapiti signed in: ${w.crawled.length} requests crawled in ${w.seconds.toFixed(0)} s`);
      return w;
    });
    const sqlmapLane = (async () => {
      const runs: SqlmapRun[] = [];
      for (const t of targets) {
        const r = await sqlmap(t, out, 'SQLite');
        runs.push(r);
        log(
          `sqlmap ${t.name}: ${r.notInjectable.length}/${t.parameters.length} parameters not injectable, ${r.injectable.length} injectable, ${r.seconds.toFixed(0)} s`,
        );
      }
      return runs;
    })();
    const [anonymousRun, signedInRun, sqlmapRuns] = await Promise.all([anonymousLane, signedInLane, sqlmapLane]);
    const wapitiRuns = [anonymousRun, signedInRun];
    const alive = await fetch(`${base}/api/v1/workspace/session`, { headers: { cookie: signedIn.cookie } });
    const sessionAliveAfterScan = alive.ok;

    const serverErrors = readFileSync(serverLog, 'utf8')
      .split('\n')
      .filter((l) => /"statusCode":5\d\d/.test(l));

    for (const w of wapitiRuns) {
      if (w.exitCode !== 0)
        problems.push(`wapiti ${w.name} exited with ${w.exitCode ?? 'a signal or past its deadline'} (see ${out}/wapiti-${w.name}.log)`);
      if (w.crawled.length === 0) problems.push(`wapiti ${w.name} crawled nothing`);
      for (const f of w.findings)
        if (!f.explanation)
          problems.push(`wapiti ${w.name}: unexplained ${f.kind} "${f.category}": ${f.method} ${f.path} ${f.parameter} — ${f.info}`);
    }
    if (!sessionAliveAfterScan)
      problems.push(`the signed-in session ended during the scan (GET /api/v1/workspace/session answered ${alive.status})`);
    for (const s of sqlmapRuns) {
      for (const p of s.injectable) problems.push(`sqlmap ${s.name}: parameter ${p} is injectable`);
      for (const p of s.parameters)
        if (!s.notInjectable.includes(p) && !s.injectable.includes(p))
          problems.push(`sqlmap ${s.name}: parameter ${p} was not tested (see ${out}/sqlmap-${s.name}.log)`);
    }
    for (const l of serverErrors) problems.push(`the server answered with a 5xx: ${l.slice(0, 300)}`);
    const report: ScanReport = {
      base,
      seconds: (Date.now() - started) / 1000,
      wapiti: wapitiRuns,
      sqlmap: sqlmapRuns,
      sessionAliveAfterScan,
      serverErrors,
      problems,
      outDir: out,
    };
    writeFileSync(join(out, 'scan-report.json'), JSON.stringify(report, null, 2));
    return report;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    logStream.end();
  }
}

/** Missing tools, said the way scripts/test.js says it. */
export function missingTools(): string[] {
  return ['wapiti', 'sqlmap'].filter((t) => !which(t));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`Not installed: ${missing.join(', ')} (apt-get install wapiti sqlmap)`);
    process.exit(2);
  }
  const report = await runSecurityScan({ out: outAt >= 0 ? args[outAt + 1] : undefined, log: (l) => console.error(l) });
  if (args.includes('--json')) console.log(JSON.stringify(report, null, 2));
  for (const w of report.wapiti) {
    console.log(`wapiti ${w.name}: ${w.crawled.length} requests crawled, attacks ${JSON.stringify(w.attacked)}, ${w.seconds.toFixed(0)} s`);
    for (const f of w.findings)
      console.log(`  ${f.explanation ? 'explained' : 'UNEXPLAINED'}: ${f.category} — ${f.method} ${f.path} ${f.parameter} ${f.info}`);
  }
  for (const s of report.sqlmap)
    console.log(
      `sqlmap ${s.name}: ${s.notInjectable.length}/${s.parameters.length} not injectable, injectable: ${s.injectable.join(', ') || 'none'}, ${s.seconds.toFixed(0)} s`,
    );
  console.log(
    `${report.problems.length === 0 ? 'PASS' : 'FAIL'} in ${report.seconds.toFixed(0)} s; report: ${join(report.outDir, 'scan-report.json')}`,
  );
  for (const p of report.problems) console.log(`  ${p}`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}
