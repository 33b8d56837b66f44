import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type SqliteConnection } from './sqlite-driver.js';
import { AppError } from '../errors.js';
import { loadPg } from './connect.js';

/**
 * The database copied whole and put back (`vigia backup`, `vigia restore`; decision 019). SQLite: the
 * online backup API, inside a read transaction so that the copy and the row counts are one snapshot.
 * PostgreSQL: pg_dump --format=custom on a snapshot exported by the transaction that counts the rows
 * (--snapshot), pg_restore to put it back. Every SQL and every tool call of backup/restore lives here.
 */
export type RowCounts = Record<string, number>;

const sqliteTables = (db: SqliteConnection): string[] =>
  (
    db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]
  ).map((r) => r.name);

export function sqliteCounts(db: SqliteConnection): RowCounts {
  const counts: RowCounts = {};
  for (const t of sqliteTables(db))
    counts[t] = (db.prepare(`select count(*) as n from "${t.replaceAll('"', '""')}"`).get() as { n: number }).n;
  return counts;
}

/** Copies the SQLite file at `source` to `dest` (a new file); the counts are those of the copied snapshot. */
export async function sqliteBackup(source: string, dest: string, progress: (done: number, total: number) => void): Promise<RowCounts> {
  if (!existsSync(source)) throw new AppError('file_unreadable', { file: source, reason: 'ENOENT' });
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    // One read transaction: the counts and the pages copied are the same snapshot (WAL lets writers go on).
    db.exec('BEGIN');
    try {
      const counts = sqliteCounts(db);
      await db.backup(dest, {
        progress: ({ totalPages, remainingPages }) => {
          progress(totalPages - remainingPages, totalPages);
          return 1000;
        },
      });
      return counts;
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

/** A copied SQLite file checked: integrity_check "ok" and its row counts. */
export function sqliteCheck(file: string): { ok: boolean; problem?: string; counts: RowCounts } {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const ok = rows.length === 1 && rows[0]!.integrity_check === 'ok';
    return { ok, ...(ok ? {} : { problem: rows.map((r) => r.integrity_check).join('; ') }), counts: sqliteCounts(db) };
  } catch (e) {
    return { ok: false, problem: (e as Error).message, counts: {} };
  } finally {
    db.close();
  }
}

/** True when another connection has the SQLite file open (a running `vigia serve`): leaving WAL needs it alone. */
export function sqliteBusy(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    try {
      db.pragma('journal_mode = DELETE');
    } catch (e) {
      if (/locked|busy/i.test((e as Error).message)) return true;
      throw e;
    }
    db.pragma('journal_mode = WAL');
    return false;
  } finally {
    db.close();
  }
}

/** Puts the SQLite file `backupFile` in place of `dest`, page by page through SQLite (its WAL kept right). */
export async function sqliteRestore(backupFile: string, dest: string): Promise<void> {
  const db = new BetterSqlite3(backupFile, { readonly: true, fileMustExist: true });
  try {
    await db.backup(dest);
  } finally {
    db.close();
  }
  const out = new BetterSqlite3(dest);
  try {
    out.pragma('journal_mode = WAL');
  } finally {
    out.close();
  }
}

/** The row counts of the SQLite file at `file`; none when there is no file yet. */
export function sqliteCounts0(file: string): RowCounts {
  if (!existsSync(file) || statSync(file).size === 0) return {};
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return sqliteCounts(db);
  } finally {
    db.close();
  }
}

// ——— PostgreSQL ———

async function pgClient(url: string) {
  const pg = await loadPg();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const PG_TABLES =
  "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name";

async function pgCountsWith(client: { query: (q: string) => Promise<{ rows: any[] }> }): Promise<RowCounts> {
  const counts: RowCounts = {};
  for (const { name } of (await client.query(PG_TABLES)).rows as { name: string }[]) {
    counts[name] = Number((await client.query(`select count(*) as n from public."${name.replaceAll('"', '""')}"`)).rows[0].n);
  }
  return counts;
}

export async function pgCounts(url: string): Promise<RowCounts> {
  const client = await pgClient(url);
  try {
    return await pgCountsWith(client);
  } finally {
    await client.end();
  }
}

/** Other sessions on the database (a running `vigia serve`): a restore must not pull it from under them. */
export async function pgOtherSessions(url: string): Promise<number> {
  const client = await pgClient(url);
  try {
    return Number(
      (await client.query('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()'))
        .rows[0].n,
    );
  } finally {
    await client.end();
  }
}

/** The PostgreSQL tool `name` (pg_dump, pg_restore) at least as new as the server: PATH first, then /usr/lib/postgresql/N/bin. */
export async function findPgTool(name: string, serverMajor: number): Promise<string> {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) candidates.push(join(dir, name));
  const lib = '/usr/lib/postgresql';
  if (existsSync(lib))
    for (const v of readdirSync(lib).sort((a, b) => Number(b) - Number(a)))
      if (existsSync(join(lib, v, 'bin', name))) candidates.push(join(lib, v, 'bin', name));
  if (candidates.length === 0) throw new AppError('database_unavailable', { location: name, reason: 'tool_missing', tool: name });
  let found = '';
  for (const path of candidates) {
    const version = await run(path, ['--version'])
      .then((r) => r.stdout)
      .catch(() => '');
    const major = Number(/(\d+)(?:\.\d+)?/.exec(version.replace(/^[^\d]*/, ''))?.[1] ?? 0);
    if (major >= serverMajor) return path;
    found ||= `${path} (${major})`;
  }
  throw new AppError('database_unavailable', { location: found, reason: 'tool_too_old', tool: name, server: serverMajor });
}

export async function pgServerMajor(url: string): Promise<number> {
  const client = await pgClient(url);
  try {
    return Math.floor(Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

/** pg_dump of a snapshot whose row counts are taken in the same transaction; progress: tables dumped. */
export async function pgBackup(url: string, dest: string, progress: (done: number, total: number) => void): Promise<RowCounts> {
  const pgDump = await findPgTool('pg_dump', await pgServerMajor(url));
  const client = await pgClient(url);
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query('select pg_export_snapshot() as s')).rows[0].s as string;
    const counts = await pgCountsWith(client);
    const total = Object.keys(counts).length;
    let done = 0;
    const tool = forTool(url);
    await run(
      pgDump,
      ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, '--verbose', `--file=${dest}`, `--dbname=${tool.url}`],
      (line) => {
        if (/dumping contents of table/.test(line)) progress(++done, total);
      },
      tool.env,
    );
    await client.query('commit');
    return counts;
  } finally {
    await client.end();
  }
}

/** The tables a pg_dump archive holds data for (pg_restore --list): proof it reads as an archive. */
export async function pgArchiveTables(file: string, url: string): Promise<string[]> {
  const pgRestore = await findPgTool('pg_restore', await pgServerMajor(url));
  const { stdout } = await run(pgRestore, ['--list', file]);
  return [...stdout.matchAll(/TABLE DATA public (\S+) /g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
}

/** Empties the public schema (only with --force on a database that has data), then pg_restore in one transaction. */
export async function pgRestore(file: string, url: string, options: { clear: boolean }): Promise<void> {
  const pgRestoreTool = await findPgTool('pg_restore', await pgServerMajor(url));
  if (options.clear) {
    const client = await pgClient(url);
    try {
      await client.query('drop schema public cascade');
      await client.query('create schema public');
    } finally {
      await client.end();
    }
  }
  const tool = forTool(url);
  await run(
    pgRestoreTool,
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${tool.url}`, file],
    undefined,
    tool.env,
  );
}

/** The URL without its password, which goes in PGPASSWORD: never on a command line other users can read in `ps`. */
function forTool(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

function run(
  cmd: string,
  args: string[],
  onStderrLine?: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      if (onStderrLine) for (const l of lines) onStderrLine(l);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const last = stderr
          .trim()
          .split('\n')
          .filter(
            (l) => !/: (dumping|reading|last built-in|identifying|finding|flagging|saving|processing|creating|executing|restoring)/.test(l),
          )
          .slice(-3)
          .join(' ');
        reject(new AppError('database_unavailable', { location: cmd.split('/').pop()!, reason: last || `exit ${code}` }));
      }
    });
  });
}
