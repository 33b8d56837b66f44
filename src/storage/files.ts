import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database, Row } from './schema.js';

/**
 * Evidence files: their rows (`files`, and `evidence` of kind 'file') and their bytes, kept on disk
 * under FILES_DIR at a path made only of the content's sha256 — never of anything a person typed.
 */
type Db = Kysely<Database>;

/**
 * Makes uploads go one at a time until the transaction ends, so that two uploads of the same content
 * do not both find no row and both insert one: an advisory lock on PostgreSQL; on SQLite a write at the
 * start (it takes the database's write lock even though it changes no row).
 */
export async function serializeFileWriters(trx: Db): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext('vigia:files'))`.execute(trx);
  } else {
    await trx.updateTable('write_locks').set({ name: 'files' }).where('name', '=', 'files').execute();
  }
}

/** A stored file with this content and this name (identical uploads share it). */
export function findFile(db: Db, sha256: string, name: string): Promise<Row<'files'> | undefined> {
  return db.selectFrom('files').selectAll().where('sha256', '=', sha256).where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
}

export function findActivity(db: Db, id: number): Promise<Pick<Row<'activities'>, 'id' | 'commitment_id'> | undefined> {
  return db.selectFrom('activities').select(['id', 'commitment_id']).where('id', '=', id).executeTakeFirst();
}

/** The position after the commitment's last evidence (evidence is ordered per commitment). */
export async function nextEvidencePosition(db: Db, commitmentId: number): Promise<number> {
  const r = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('commitment_id', '=', commitmentId)
    .executeTakeFirst();
  return r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1;
}

export interface EvidenceFileRow {
  evidence_id: number;
  commitment_id: number;
  activity_id: number | null;
  plan_id: number;
  file_id: number;
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  storage_key: string;
}

/** Evidence of kind 'file' with its file and plan; undefined for an unknown id or other kinds of evidence. */
export async function findEvidenceFile(db: Db, evidenceId: number): Promise<EvidenceFileRow | undefined> {
  const r = await db
    .selectFrom('evidence')
    .innerJoin('files', 'files.id', 'evidence.file_id')
    .innerJoin('commitments', 'commitments.id', 'evidence.commitment_id')
    .select([
      'evidence.id as evidence_id',
      'evidence.commitment_id',
      'evidence.activity_id',
      'commitments.plan_id',
      'files.id as file_id',
      'files.sha256',
      'files.name',
      'files.media_type',
      'files.size',
      'files.storage_key',
    ])
    .where('evidence.id', '=', evidenceId)
    .where('evidence.kind', '=', 'file')
    .executeTakeFirst();
  return r && { ...r, size: Number(r.size) };
}

// ---------------------------------------------------------------------------------------------------
// Bytes on disk.

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** Where a content goes: `ab/abcdef…` under FILES_DIR (two-letter folders keep directories small). */
export function storageKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256}`;
}

/** The path of a key; a key that is not one of ours (a tampered row) never becomes a path. */
function blobPath(dir: string, key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file storage key: ${JSON.stringify(key).slice(0, 100)}`);
  return join(dir, ...key.split('/'));
}

/**
 * Writes the bytes under their key, atomically: a temporary file in the same folder, fsync, rename,
 * fsync of the folder (so the rename survives a power cut). Content already there and whole is left
 * as it is; a damaged copy is replaced. A crash can leave a `.*.tmp` file behind, never a half file
 * under a key.
 */
export async function writeBlob(dir: string, key: string, bytes: Uint8Array, sha256: string): Promise<void> {
  const path = blobPath(dir, key);
  if (await blobMatches(path, bytes.length, sha256)) return;
  const folder = dirname(path);
  const created = await mkdir(folder, { recursive: true });
  const tmp = join(folder, `.${sha256.slice(0, 16)}.${process.pid}.${randomUUID()}.tmp`);
  const handle = await open(tmp, 'wx', 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncFolder(folder);
  // A new two-letter folder is an entry of FILES_DIR (and maybe of its parents): make that durable too.
  if (created) await syncFolder(dirname(folder));
}

async function blobMatches(path: string, size: number, sha256: string): Promise<boolean> {
  try {
    if ((await stat(path)).size !== size) return false;
    return createHash('sha256').update(await readFile(path)).digest('hex') === sha256;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (e) {
    // Some platforms (Windows) cannot open or fsync a folder: the file itself is synced already.
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}

/** Opens a stored content for reading; null when it is missing from the disk. */
export async function openBlob(dir: string, key: string): Promise<{ handle: FileHandle; size: number } | null> {
  let handle: FileHandle;
  try {
    handle = await open(blobPath(dir, key), 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return { handle, size: (await handle.stat()).size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
