import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BackupProblem } from '../domain/types.js';
import type { Dialect } from '../storage/dialect.js';
import { parseDatabaseUrl, openStore } from '../storage/connect.js';
import * as backupStore from '../storage/backup.js';
import { verifyAuditLog } from './history.js';

/**
 * `vigia backup FILE` / `vigia restore FILE` (decision 019). A backup file is one file:
 *   line 1  `VIGIA-BACKUP 1`
 *   line 2  the manifest (JSON): the database kind, when, the row count of every table, the payload's size and sha256
 *   then    the payload: an SQLite database file, or a pg_dump custom-format archive
 * so that a restore knows it holds a Vigía backup of the right kind, whole, and what it must find after.
 */
export const MAGIC = 'VIGIA-BACKUP 1\n';

export interface Manifest {
  kind: Dialect;
  createdAt: string;
  tables: backupStore.RowCounts;
  payloadBytes: number;
  sha256: string;
}

/** A refusal with a code the CLI words in the user's language (i18n/backup.ts). */
export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${problem} ${JSON.stringify(params)}`);
  }
}

export type Progress = (step: 'copy' | 'check' | 'restore' | 'verify', done?: number, total?: number) => void;

export interface BackupResult {
  file: string;
  manifest: Manifest;
  bytes: number;
  ms: number;
}

const sum = (c: backupStore.RowCounts) => Object.values(c).reduce((a, b) => a + b, 0);
/** What a person wrote: every Vigía write has its audit entry (a new database has rows the migrations put, none of them). */
const written = (c: backupStore.RowCounts) => ('audit_log' in c ? c.audit_log! : sum(c));

function differences(expected: backupStore.RowCounts, actual: backupStore.RowCounts): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names].filter((n) => expected[n] !== actual[n]).map((n) => `${n}: ${expected[n] ?? '—'} ≠ ${actual[n] ?? '—'}`);
}

/** Copies the database at `databaseUrl` into `file` (written beside as FILE.partial, renamed when whole and checked). */
export async function backupDatabase(
  databaseUrl: string | undefined,
  file: string,
  /** When the backup is made (the command's clock): the manifest's createdAt. */
  now: string,
  progress: Progress = () => undefined,
): Promise<BackupResult> {
  const started = Date.now();
  const target = parseDatabaseUrl(databaseUrl);
  const out = resolve(file);
  const work = mkdtempSync(join(dirname(out), '.vigia-backup-'));
  try {
    const payload = join(work, 'payload');
    let tables: backupStore.RowCounts;
    if (target.dialect === 'sqlite') {
      tables = await backupStore.sqliteBackup(resolve(target.target), payload, (d, t) => progress('copy', d, t));
      progress('check');
      const check = backupStore.sqliteCheck(payload);
      if (!check.ok) throw new BackupError('check_failed', { detail: check.problem ?? '' });
      const diff = differences(tables, check.counts);
      if (diff.length) throw new BackupError('check_failed', { detail: diff.join('; ') });
    } else {
      tables = await backupStore.pgBackup(target.target, payload, (d, t) => progress('copy', d, t));
      progress('check');
      const listed = new Set(await backupStore.pgArchiveTables(payload, target.target));
      const absent = Object.keys(tables).filter((t) => !listed.has(t));
      if (absent.length) throw new BackupError('check_failed', { detail: `pg_restore --list: ${absent.join(', ')}` });
    }
    const hash = createHash('sha256');
    await pipeline(createReadStream(payload), async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) hash.update(chunk as Buffer);
    });
    const manifest: Manifest = {
      kind: target.dialect,
      createdAt: now,
      tables,
      payloadBytes: statSync(payload).size,
      sha256: hash.digest('hex'),
    };
    const partial = `${out}.partial`;
    const stream = createWriteStream(partial);
    stream.write(MAGIC + JSON.stringify(manifest) + '\n');
    await pipeline(createReadStream(payload), stream);
    // On disk before it takes the final name: a cron job never leaves half a backup under FILE.
    const handle = await open(partial, 'r+');
    await handle.sync();
    await handle.close();
    await rename(partial, out);
    return { file: out, manifest, bytes: statSync(out).size, ms: Date.now() - started };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(`${out}.partial`, { force: true });
  }
}

/** Reads and checks a backup's header and payload (size, sha256); the payload's offset for the restore. */
export async function readBackup(file: string): Promise<{ manifest: Manifest; offset: number }> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new BackupError('file_missing', { file: path });
  const handle = await open(path, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
  if (!head.startsWith(MAGIC)) throw new BackupError('not_a_backup', { file: path });
  const end = head.indexOf('\n', MAGIC.length);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Buffer.from(head.slice(MAGIC.length, end), 'latin1').toString('utf8')) as Manifest;
    if ((manifest.kind !== 'sqlite' && manifest.kind !== 'postgres') || typeof manifest.tables !== 'object') throw new Error('manifest');
  } catch {
    throw new BackupError('not_a_backup', { file: path });
  }
  const offset = end + 1;
  if (statSync(path).size - offset !== manifest.payloadBytes)
    throw new BackupError('damaged', { file: path, detail: `${statSync(path).size - offset} ≠ ${manifest.payloadBytes} bytes` });
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { start: offset })) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== manifest.sha256) throw new BackupError('damaged', { file: path, detail: 'sha256' });
  return { manifest, offset };
}

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
  auditChecked: number;
  ms: number;
}

/** Puts a backup in place of the database at `databaseUrl`: refused on a database with data unless `force`, or while in use. */
export async function restoreDatabase(
  databaseUrl: string | undefined,
  file: string,
  options: { force?: boolean } = {},
  progress: Progress = () => undefined,
): Promise<RestoreResult> {
  const started = Date.now();
  const target = parseDatabaseUrl(databaseUrl);
  const { manifest, offset } = await readBackup(file);
  if (manifest.kind !== target.dialect)
    throw new BackupError('wrong_kind', { file: resolve(file), backup: manifest.kind, database: target.dialect });
  const workDir = target.dialect === 'sqlite' ? dirname(resolve(target.target)) : dirname(resolve(file));
  mkdirSync(workDir, { recursive: true });
  const work = mkdtempSync(join(workDir, '.vigia-restore-'));
  try {
    const payload = join(work, 'payload');
    await pipeline(createReadStream(resolve(file), { start: offset }), createWriteStream(payload));
    let counts: backupStore.RowCounts;
    if (target.dialect === 'sqlite') {
      const dest = resolve(target.target);
      if (backupStore.sqliteBusy(dest)) throw new BackupError('busy', { database: dest });
      const rows = written(backupStore.sqliteCounts0(dest));
      if (rows > 0 && !options.force) throw new BackupError('not_empty', { database: dest, rows });
      progress('restore');
      await backupStore.sqliteRestore(payload, dest);
      progress('verify');
      const check = backupStore.sqliteCheck(dest);
      if (!check.ok) throw new BackupError('check_failed', { detail: check.problem ?? '' });
      counts = check.counts;
    } else {
      const others = await backupStore.pgOtherSessions(target.target);
      if (others > 0)
        throw new BackupError('busy', {
          database: parseDatabaseUrl(databaseUrl).target.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
          sessions: others,
        });
      const existing = await backupStore.pgCounts(target.target);
      const rows = written(existing);
      if (rows > 0 && !options.force) throw new BackupError('not_empty', { database: 'PostgreSQL', rows });
      progress('restore');
      await backupStore.pgRestore(payload, target.target, { clear: Object.keys(existing).length > 0 });
      progress('verify');
      counts = await backupStore.pgCounts(target.target);
    }
    const diff = differences(manifest.tables, counts);
    if (diff.length) throw new BackupError('check_failed', { detail: diff.join('; ') });
    // The audit chain of what came back: the same check as `vigia audit verify`. Opening migrates a backup
    // made by an older version to this one's schema.
    const store = await openStore(databaseUrl);
    try {
      const audit = await verifyAuditLog(store);
      if (audit.broken) throw new BackupError('check_failed', { detail: `audit ${audit.broken.id}: ${audit.broken.reason}` });
      return { manifest, rows: sum(counts), auditChecked: audit.checked, ms: Date.now() - started };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
