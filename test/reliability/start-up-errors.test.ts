import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { openStore } from '../../src/storage/connect.js';
import { ROOT } from '../helpers/cli.js';
import { freePort } from '../helpers/net.js';

/**
 * `vigia serve` started where it cannot write: one line that says why, in the user's language, a non-zero
 * exit, no stack trace (issue 9, "Crashes and data"). Real failures, not mocked ones:
 * - permissions: as root (CI runs as root, where chmod stops nothing) the server runs as `nobody`, so a
 *   folder 0555 is read-only for it as it would be for a service account; when nobody cannot read the
 *   code (a checkout under /root), a read-only bind mount in a private namespace instead (EROFS);
 * - a full disk: a 1 MiB tmpfs in a private mount namespace (`unshare -m` as root, `unshare -rm` — a user
 *   namespace — otherwise); the demo import fills it half-way through.
 */
const BIN = fileURLToPath(new URL('../../bin/vigia.js', import.meta.url));
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
// A private mount namespace (tmpfs, read-only binds): as root directly, otherwise through a user namespace.
const unshare = asRoot ? ['unshare', '-m'] : ['unshare', '-rm'];
const probe = mkdtempSync(join(tmpdir(), 'vigia-mount-probe-'));
const canMount =
  spawnSync(unshare[0]!, [...unshare.slice(1), 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${probe} && umount ${probe}`]).status === 0;
rmSync(probe, { recursive: true, force: true });
// As root, `nobody` must be able to read the code (not so in a checkout under /root): else read-only binds
// (VIGIA_TEST_READ_ONLY=bind takes that path on purpose, to test it).
const asNobody =
  process.env.VIGIA_TEST_READ_ONLY !== 'bind' &&
  asRoot &&
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`], { uid: NOBODY, gid: NOBODY }).status === 0;
/** Makes `path` read-only for the server: chmod (as a user, or as root running the server as nobody), else a read-only bind mount. */
function readOnly(path: string, mode: number): string[] {
  chmodSync(path, mode);
  if (!asRoot || asNobody) return [];
  return [...unshare, 'sh', '-c', 'mount --bind -o ro "$1" "$1" && shift && exec "$@"', 'sh', path];
}

const base = mkdtempSync(join(tmpdir(), 'vigia-startup-'));
chmodSync(base, 0o755);
after(() => {
  chmodTree(base);
  rmSync(base, { recursive: true, force: true });
});
function chmodTree(dir: string) {
  spawnSync('chmod', ['-R', 'u+rwx', dir]);
}

/** A folder the server's user may write to (0777 when the server runs as nobody). */
function folder(name: string, mode = 0o777): string {
  const dir = join(base, name);
  spawnSync('mkdir', ['-p', dir]);
  chmodSync(dir, mode);
  return dir;
}

interface Exit {
  code: number | null;
  stderr: string;
}

function serve(env: Record<string, string>, wrap: string[] = []): Promise<Exit> {
  return freePort().then(
    (port) =>
      new Promise<Exit>((resolve, reject) => {
        const args = [...wrap, process.execPath, BIN, 'serve'];
        const child = spawn(args[0]!, args.slice(1), {
          cwd: ROOT,
          env: { ...process.env, NODE_ENV: 'test', VIGIA_LANG: 'es', PORT: String(port), FILES_DIR: folder('files'), ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
          ...(asNobody && wrap.length === 0 ? { uid: NOBODY, gid: NOBODY } : {}),
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.stdout.resume();
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('error', reject);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      }),
  );
}

/** A clear refusal: non-zero, the message, nothing that looks like a stack trace, never listening. */
function assertRefused(run: Exit, message: RegExp) {
  assert.notEqual(run.code, 0, run.stderr);
  assert.match(run.stderr, message);
  assert.doesNotMatch(run.stderr, /^\s+at /m, `no stack trace:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /escucha en|listening on/);
  const lines = run.stderr
    .trim()
    .split('\n')
    .filter((l) => !/^La base de datos está vacía|^The database is empty/.test(l));
  assert.equal(lines.length, 1, `one line:\n${run.stderr}`);
}

describe('vigia serve where it cannot write', () => {
  test('a read-only data folder: says which folder and what to do (Spanish and English)', async () => {
    const ro = folder('read-only');
    const wrap = readOnly(ro, 0o555);
    const es = await serve({ DATABASE_URL: `sqlite:${join(ro, 'vigia.db')}` }, wrap);
    assertRefused(
      es,
      new RegExp(
        `Error: Vigía no puede escribir en ${join(ro, 'vigia.db')}: la carpeta ${ro} es de solo lectura o este usuario no tiene permiso\\. .*DATABASE_URL`,
      ),
    );
    const en = await serve({ DATABASE_URL: `sqlite:${join(ro, 'data', 'vigia.db')}`, VIGIA_LANG: 'en' }, wrap);
    assertRefused(
      en,
      /Error: Vigía cannot write to .*read-only\/data\/vigia\.db: the folder .* is read-only or this user may not write there/,
    );
  });

  test('a database file it may not write: said, nothing changed', async () => {
    const dir = folder('file-not-writable');
    const file = join(dir, 'vigia.db');
    const store = await openStore(`sqlite:${file}`);
    await store.close();
    const run = await serve({ DATABASE_URL: `sqlite:${file}` }, readOnly(file, 0o444));
    assertRefused(run, /Vigía no puede escribir en .*vigia\.db/);
  });

  test('a file that is not a database, and a data folder under a file', async () => {
    const dir = folder('not-a-db');
    writeFileSync(join(dir, 'vigia.db'), 'Acta de la reunión del 12 de setiembre\n'.repeat(200));
    assertRefused(
      await serve({ DATABASE_URL: `sqlite:${join(dir, 'vigia.db')}` }),
      /El archivo .*vigia\.db no es una base de datos SQLite/,
    );
    writeFileSync(join(dir, 'data'), 'un archivo, no una carpeta');
    assertRefused(
      await serve({ DATABASE_URL: `sqlite:${join(dir, 'data', 'vigia.db')}` }),
      /una parte de la ruta es un archivo, no una carpeta/,
    );
  });

  test('a read-only FILES_DIR is said at start-up, not at the first upload', async () => {
    const files = folder('files-read-only');
    const run = await serve({ DATABASE_URL: `sqlite:${join(folder('db-ok'), 'vigia.db')}`, FILES_DIR: files }, readOnly(files, 0o555));
    assertRefused(run, /Vigía no puede escribir en .*files-read-only: .* con FILES_DIR\./);
  });

  const noMount = canMount ? false : `cannot mount a small tmpfs in a private namespace (${unshare.join(' ')})`;
  test(
    'a disk that fills up during start-up: "no space left", not SQLite\'s rollback error',
    { skip: process.env.CI === 'true' ? false : noMount },
    async () => {
      assert.ok(canMount, String(noMount));
      for (const size of ['512k', '1m']) {
        const dir = folder(`full-${size}`);
        const script = `mount -t tmpfs -o size=${size} tmpfs "$1" && shift && exec "$@"`;
        const run = await serve({ DATABASE_URL: `sqlite:${join(dir, 'vigia.db')}`, FILES_DIR: join(dir, 'files') }, [
          ...unshare,
          'sh',
          '-c',
          script,
          'sh',
          dir,
        ]);
        assertRefused(run, new RegExp(`No queda espacio en el disco donde están los datos \\(${dir}/vigia\\.db\\)`));
        assert.doesNotMatch(run.stderr, /cannot rollback/);
      }
    },
  );
});
