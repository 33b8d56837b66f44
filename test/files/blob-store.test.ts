import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, describe, test } from 'node:test';
import { FolderBlobStore } from '../../src/storage/blob-store.js';
import { storageKey } from '../../src/storage/files.js';

/** The folder behind BlobStore (decision 018): what every instance sharing FILES_DIR relies on. */
describe('FolderBlobStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-blobs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  test('put, has, get, delete by key; two stores on one folder (two instances) see each other’s bytes', async () => {
    const a = new FolderBlobStore(dir);
    const b = new FolderBlobStore(dir);
    const bytes = Buffer.from('acta de la sesión del foro');
    const key = storageKey(sha(bytes));
    assert.equal(await b.has(key), false);
    assert.equal(await b.get(key), null);
    await a.put(key, bytes, sha(bytes));
    assert.equal(await b.has(key), true);
    const got = (await b.get(key))!;
    assert.equal(got.size, bytes.length);
    assert.equal(await text(got.stream), 'acta de la sesión del foro');
    assert.equal(
      readFileSync(join(dir, key.slice(0, 2), key.slice(3))).toString(),
      'acta de la sesión del foro',
      'a plain file under FILES_DIR/ab/ab…',
    );
    await b.delete(key);
    assert.equal(await a.has(key), false);
    await b.delete(key); // nothing there: no error
  });

  test('the same content put by two at once is one whole file; a damaged copy is replaced; no temporary file is left', async () => {
    const store = new FolderBlobStore(dir);
    const bytes = Buffer.alloc(256 * 1024, 7);
    const key = storageKey(sha(bytes));
    await Promise.all([store.put(key, bytes, sha(bytes)), new FolderBlobStore(dir).put(key, bytes, sha(bytes))]);
    const path = join(dir, key.slice(0, 2), key.slice(3));
    assert.equal(sha(readFileSync(path)), sha(bytes));
    writeFileSync(path, 'damaged');
    await store.put(key, bytes, sha(bytes));
    assert.equal(sha(readFileSync(path)), sha(bytes));
    assert.deepEqual(
      readdirSync(join(dir, key.slice(0, 2))).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  test('a key that is not a content key never becomes a path', async () => {
    const store = new FolderBlobStore(dir);
    for (const key of ['../etc/passwd', 'ab/../../x', 'AB/' + 'a'.repeat(64), `ab/${'a'.repeat(63)}`, '']) {
      await assert.rejects(store.get(key), /not a file storage key/, key);
      await assert.rejects(store.has(key), /not a file storage key/, key);
      await assert.rejects(store.delete(key), /not a file storage key/, key);
      await assert.rejects(store.put(key, Buffer.from('x'), sha(Buffer.from('x'))), /not a file storage key/, key);
    }
  });
});
