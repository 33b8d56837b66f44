import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors.js';

/**
 * Why the data could not be written, in words a person can act on (issue 9): a full disk, a folder or
 * file Vigía may not write, a file that is not a database. Start-up (`vigia serve`, every command that
 * opens the database) turns such failures into one line and a non-zero exit instead of a stack trace.
 */
export type StorageFailure = 'disk_full' | 'read_only' | 'not_a_database' | 'not_a_folder';

export function storageFailureOf(e: unknown): StorageFailure | null {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : '';
  // SQLite (better-sqlite3's codes), the file system (errno), PostgreSQL (53100: disk_full).
  if (
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    code === '53100' ||
    /database or disk is full|no space left on device/i.test(message)
  )
    return 'disk_full';
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(message)) return 'not_a_database';
  // mkdir -p of a path that is a file: EEXIST; a folder under a file: ENOTDIR.
  if (code === 'ENOTDIR' || (code === 'EEXIST' && /mkdir/.test(message))) return 'not_a_folder';
  if (
    /^SQLITE_READONLY/.test(code) ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'EROFS' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    /readonly database|unable to open database file/i.test(message)
  )
    return 'read_only';
  return null;
}

/** The failure as `database_unavailable` naming the file and its folder, or null when it is none of those. */
export function explainStorageFailure(e: unknown, location: string): AppError | null {
  if (e instanceof AppError) return e;
  const reason = storageFailureOf(e);
  if (!reason) return null;
  return new AppError('database_unavailable', { location, folder: dirname(location), reason });
}

/**
 * A folder Vigía must write to (FILES_DIR), checked at start-up: created if missing, a small file written,
 * synced and removed. A read-only or full disk is then said at once, not at the first upload.
 */
export async function checkWritableFolder(dir: string, setting: string): Promise<void> {
  const { mkdir, open, unlink } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const probe = join(dir, `.vigia-write-check.${process.pid}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(probe, 'w');
    try {
      await handle.writeFile('vigia');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await unlink(probe);
  } catch (e) {
    await unlink(probe).catch(() => undefined);
    const reason = storageFailureOf(mkdirFailureCause(e, dir));
    throw new AppError('database_unavailable', { location: dir, folder: dir, setting, reason: reason ?? (e as Error).message });
  }
}

/**
 * `mkdir -p` on a read-only file system answers ENOENT (Node's recursive mkdir), which says nothing: the
 * nearest folder that exists is asked whether it may be written (access(2) says EROFS or EACCES).
 */
export function mkdirFailureCause(e: unknown, dir: string): unknown {
  if ((e as { code?: unknown })?.code !== 'ENOENT') return e;
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    accessSync(at, constants.W_OK);
  } catch (cause) {
    return cause;
  }
  return e;
}
