import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where the bytes of uploaded files live (evidence, an alert's file), by key. Every instance of `vigia
 * serve` must see the same store (decision 018): a folder on a shared mount (FolderBlobStore, the
 * default: FILES_DIR), or an object store.
 *
 * Keys are made by storage/files.ts `storageKey` from the content's sha256 (`ab/ab12…`, 2 + 1 + 64
 * characters); a store refuses any other key, so a tampered database row never names a path or an
 * object of someone else's. As a key names one content, a `put` of a key already stored with the same
 * content changes nothing, and two instances putting the same key at once both succeed with the same
 * result.
 *
 * What an S3-compatible store (not included: it needs an SDK; no deployment has asked yet) must do to
 * stand in for the folder:
 * - `put`: PutObject of `prefix + key` with the bytes, `ContentLength`, and the sha256 as a checksum the
 *   server verifies (`x-amz-checksum-sha256`, base64 of the digest) — the object then exists whole or
 *   not at all, which is what the folder's temporary file and rename give. It may skip the upload when a
 *   HeadObject already reports the same size and checksum.
 * - `get`: GetObject streamed (never read whole into memory: files run to UPLOAD_MAX_MB), with its
 *   `ContentLength` as `size`; a missing object (404 / NoSuchKey) is `null`, any other failure an error.
 * - `has`: HeadObject; 404 → false.
 * - `delete`: DeleteObject (deleting what is not there is no error).
 * - the same key check as the folder's, and credentials from the environment or the instance's role,
 *   never from the database; the bucket private (files are served through the app, which checks who
 *   may read them — a public bucket would bypass that).
 */
export interface StoredBlob {
  /** The bytes; the caller must consume it or destroy it (it may hold a file or a connection open). */
  stream: Readable;
  size: number;
}

export interface BlobStore {
  /** Where the bytes are, for messages (no secrets). */
  readonly location: string;
  /** Stores the bytes whose sha256 is given under `key`; content already there and whole is left as it is. */
  put(key: string, bytes: Uint8Array, sha256: string): Promise<void>;
  /** The stored bytes, ready to stream; null when nothing is stored under the key. */
  get(key: string): Promise<StoredBlob | null>;
  has(key: string): Promise<boolean>;
  /** Removes what is stored under the key; nothing there is no error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** A key that is not one of ours (a tampered row) is refused before it becomes a path or an object name. */
export function checkBlobKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file storage key: ${JSON.stringify(key).slice(0, 100)}`);
  return key;
}

/**
 * The bytes as files in a folder (FILES_DIR): `dir/ab/ab12…`. Writes are atomic — a temporary file in
 * the same folder, fsync, rename, fsync of the folder (so the rename survives a power cut) — so a crash,
 * or another instance writing the same key on a shared mount, can leave a `.*.tmp` file behind, never a
 * half file under a key. The mount must give rename its usual atomicity (local disks, NFSv4 and CephFS
 * do; object-store "filesystems" such as s3fs do not: use an object store through this interface).
 */
export class FolderBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  private path(key: string): string {
    return join(this.dir, ...checkBlobKey(key).split('/'));
  }

  async put(key: string, bytes: Uint8Array, sha256: string): Promise<void> {
    const path = this.path(key);
    if (await fileMatches(path, bytes.length, sha256)) return;
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

  async get(key: string): Promise<StoredBlob | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      const size = (await handle.stat()).size;
      return { stream: handle.createReadStream(), size };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

async function fileMatches(path: string, size: number, sha256: string): Promise<boolean> {
  try {
    if ((await stat(path)).size !== size) return false;
    return (
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex') === sha256
    );
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
