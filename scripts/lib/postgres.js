// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temporary folder, start
// `postgres` on a free loopback port, and remove it all afterwards. PostgreSQL refuses to run as
// root, so as root the server runs as the `postgres` user (or `nobody`).
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The folder that holds initdb and postgres: PATH first, then Debian's /usr/lib/postgresql/N/bin. */
export function findPostgresBin() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0], 'bin');
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function unprivilegedUser() {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
      return { name, uid, gid };
    } catch {
      // try the next one
    }
  }
  throw new Error('running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as');
}

function run(bin, args, user, options = {}) {
  return execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}), ...options });
}

/** Starts a server; resolves to { url, stop() }. `url` points at the `postgres` database as a superuser. */
export async function startPostgres({ bin = findPostgresBin(), log = () => {} } = {}) {
  if (!bin) throw new Error('initdb and postgres were not found on PATH nor in /usr/lib/postgresql/*/bin');
  const user = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'vigia-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'vigia', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], user, { cwd: dir });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${e.stderr?.toString() || e.message}`, { cause: e });
  }
  const port = await freePort();
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'max_connections=300',
  ];
  const child = spawn(join(bin, 'postgres'), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: dir,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d.toString();
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `postgres://vigia@127.0.0.1:${port}/postgres`;

  const { default: pg } = await import('pg');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`postgres exited: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections in 30 s: ${stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  log(`PostgreSQL ${bin} on port ${port}${user ? ` as ${user.name}` : ''}`);

  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
