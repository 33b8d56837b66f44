#!/usr/bin/env node
// The whole test suite, on SQLite and on PostgreSQL, with the browser tests in Chromium.
//   npm test                 everything
//   npm test -- import       only the test files whose path contains "import"
//   VIGIA_TEST_CONCURRENCY=3 npm test   three files at once (one per core, up to 4, by default)
//   VIGIA_TEST_TIMES=times.txt npm test   also each file's time, slowest first, into times.txt
// PostgreSQL: DATABASE_URL=postgres://… uses that server (tests create and drop their own databases);
// otherwise a throwaway server is started from initdb/postgres and stopped afterwards. With neither,
// the PostgreSQL tests are reported as skipped, with the reason — and under CI=true that is a failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBin, startPostgres } from './lib/postgres.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ci = process.env.CI === 'true';
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

// The files that take longest (a full run on 2 cores, longest first) start first, so that the run does not
// end with one of them going alone on one core; the others follow in name order. A file missing from this
// list still runs; the list only changes how long the run takes.
const SLOWEST_FIRST = [
  'test/code/lint.test.ts',
  'test/e2e/plan-cycle.test.ts',
  'test/e2e/review-cycle.test.ts',
  'test/http/ogp-pages.test.ts',
  'test/e2e/site.test.ts',
  'test/consultation/pages-in-browser.test.ts',
  'test/e2e/ogp-site.test.ts',
  'test/workspace/permission-walk.test.ts',
  'test/security/black-box-scan.test.ts',
  'test/workspace/round-in-browser.test.ts',
  'test/review/review-in-browser.test.ts',
  'test/notifications/pages-in-browser.test.ts',
  'test/security/fuzz-writes.test.ts',
  'test/cocreation/in-browser.test.ts',
  'test/e2e/web-import.test.ts',
  'test/report/report-in-browser.test.ts',
  'test/workspace/admin-in-browser.test.ts',
  'test/alerts/alerts-in-browser.test.ts',
  'test/accounts/pages-in-browser.test.ts',
  'test/reliability/stopping.test.ts',
  'test/services/ogp-dataset.test.ts',
  'test/workspace/indicators-in-browser.test.ts',
  'test/code/typecheck.test.ts',
  'test/monitoring/board-in-browser.test.ts',
  'test/report/report-files.test.ts',
  'test/reliability/backup-restore.test.ts',
  'test/security/import-fuzz-reports.test.ts',
  'test/cli/ogp-import.test.ts',
  'test/history/audit-verify.test.ts',
  'test/cli/vigia-command.test.ts',
];
const rank = (f) => {
  const i = SLOWEST_FIRST.indexOf(f.split(sep).join('/'));
  return i === -1 ? SLOWEST_FIRST.length : i;
};
const files = testFiles(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}`);
  process.exit(2);
}

// The run's own directory: the databases test/helpers/databases.ts copies (openCopy) are built there once.
const runDir = mkdtempSync(join(tmpdir(), 'vigia-run-'));
const env = { ...process.env, NODE_ENV: 'test', VIGIA_TEST_RUN_DIR: runDir };
let postgres = null;
const databaseUrl = process.env.DATABASE_URL ?? '';
if (process.env.VIGIA_TEST_DATABASES === 'sqlite') {
  console.log('PostgreSQL tests: not run (VIGIA_TEST_DATABASES=sqlite)');
} else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
  env.VIGIA_TEST_PG_URL = databaseUrl;
  console.log('PostgreSQL tests: the server at DATABASE_URL');
} else {
  const bin = findPostgresBin();
  if (!bin) {
    env.VIGIA_TEST_PG_SKIP = 'PostgreSQL binaries (initdb, postgres) not found on PATH nor in /usr/lib/postgresql/*/bin';
  } else {
    try {
      postgres = await startPostgres({ bin, log: (m) => console.log(`PostgreSQL tests: ${m}`) });
      env.VIGIA_TEST_PG_URL = postgres.url;
    } catch (e) {
      env.VIGIA_TEST_PG_SKIP = `the throwaway PostgreSQL server did not start: ${e.message}`;
    }
  }
  if (env.VIGIA_TEST_PG_SKIP) console.log(`PostgreSQL tests: ${ci ? 'FAIL' : 'skipped'} — ${env.VIGIA_TEST_PG_SKIP}`);
}
// Tests of the app's own start-up must not pick up the PostgreSQL URL meant for the suite.
delete env.DATABASE_URL;

const chromium = findChromium();
if (chromium) env.VIGIA_TEST_CHROMIUM = chromium;
else {
  env.VIGIA_TEST_CHROMIUM_SKIP = 'Chromium not found (install the chromium package, or set CHROMIUM_PATH)';
  console.log(`Browser tests: ${ci ? 'FAIL' : 'skipped'} — ${env.VIGIA_TEST_CHROMIUM_SKIP}`);
}

// LibreOffice opens the generated Word report (a test converts it to PDF): the same rule as Chromium.
const libreoffice = ['libreoffice', 'soffice']
  .flatMap((n) =>
    (process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((d) => join(d, n)),
  )
  .find((p) => existsSync(p));
if (libreoffice) env.VIGIA_TEST_LIBREOFFICE = libreoffice;
else {
  env.VIGIA_TEST_LIBREOFFICE_SKIP = 'LibreOffice not found (install libreoffice-writer-nogui)';
  console.log(`LibreOffice tests: ${ci ? 'FAIL' : 'skipped'} — ${env.VIGIA_TEST_LIBREOFFICE_SKIP}`);
}

// wapiti and sqlmap (Debian's packages) scan the running site (test/security/black-box-scan.test.ts): the same rule.
for (const [tool, key] of [
  ['wapiti', 'WAPITI'],
  ['sqlmap', 'SQLMAP'],
]) {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((d) => join(d, tool))
    .find((p) => existsSync(p));
  if (path) env[`VIGIA_TEST_${key}`] = path;
  else {
    env[`VIGIA_TEST_${key}_SKIP`] = `${tool} not found (install the ${tool} package)`;
    console.log(`Black-box scan: ${ci ? 'FAIL' : 'skipped'} — ${env[`VIGIA_TEST_${key}_SKIP`]}`);
  }
}

// Files run at once: one per core (up to 4); VIGIA_TEST_CONCURRENCY=N to try another number (many tests
// wait on Chromium, PostgreSQL or a child process rather than use a core).
const concurrency = /^[1-9]\d?$/.test(process.env.VIGIA_TEST_CONCURRENCY ?? '')
  ? Number(process.env.VIGIA_TEST_CONCURRENCY)
  : Math.max(1, Math.min(4, cpus().length));
// VIGIA_TEST_TIMES=FILE also writes each file's time there, slowest first (scripts/lib/file-times.js).
const times = process.env.VIGIA_TEST_TIMES
  ? [
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/lib/file-times.js')}`,
      `--test-reporter-destination=${process.env.VIGIA_TEST_TIMES}`,
    ]
  : [];
const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...times, ...files];
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
const stop = async () => {
  rmSync(runDir, { recursive: true, force: true });
  if (postgres) await postgres.stop();
  else if (env.VIGIA_TEST_PG_URL) await dropRunCopies(env.VIGIA_TEST_PG_URL);
};

// On a server of the developer's (DATABASE_URL), the run's copy sources go with the run.
async function dropRunCopies(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const runId = runDir
    .split(sep)
    .pop()
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase();
  const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'vigia_copy_%_' || $1`, [runId]);
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stop();
process.exit(code);
