import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureSearchIndex } from '../../src/services/search.js';
import { openStore } from '../../src/storage/connect.js';
import { buildLateActivitiesPlan } from './plans.js';
import { signIn } from './auth.js';
import { ROOT } from './cli.js';
import { freePort } from './net.js';

const BIN = fileURLToPath(new URL('../../bin/vigia.js', import.meta.url));

export interface ServeProcess {
  base: string;
  child: ChildProcess;
  /** The signal that ended it, or its exit code. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** What it wrote on stderr and stdout (the request log, when it logs) so far. */
  output: () => string;
}

/** `vigia serve` as a child process on a free port of 127.0.0.1, once it says it listens (in Spanish). */
export async function startServeProcess(url: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: 'test', VIGIA_LANG: 'es', NOTIFY_AT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  child.stdout!.on('data', (d) => (output += d));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Vigía escucha en')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`vigia serve did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base: `http://127.0.0.1:${port}`, child, exited, output: () => output };
}

/** A database at `url` with the notifications fixture's plan and a coordinator's session on it: what the served app is then driven with. */
export async function planWithCoordinator(url: string) {
  const setup = await openStore(url);
  try {
    const plan = await buildLateActivitiesPlan(setup);
    const governmentId = (
      await setup.db.selectFrom('plans').select('government_id').where('id', '=', plan.planId).executeTakeFirstOrThrow()
    ).government_id;
    const { cookie, csrf } = await signIn(null, setup, { role: 'coordinator', governmentId });
    await ensureSearchIndex(setup);
    return { plan, cookie, csrf };
  } finally {
    await setup.close();
  }
}
