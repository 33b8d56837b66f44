import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/vigia.js', import.meta.url));

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `vigia …` as a user would, in its own process (from the checkout, unless `cwd` says where). */
export function vigia(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, VIGIA_LANG: 'es', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * `vigia …` through the same entry point as bin/vigia.js (src/cli/main.ts), in this process: what it prints
 * and the status it would exit with, without the seconds a process start costs (tsx compiling the
 * sources again). The environment is the test process's with `env` over it, as for `vigia()`, set for the
 * call and restored after; calls are run one at a time, since they share process.env. What is about the
 * process itself (exit status wiring, signals, pipes, the current directory, two processes at once) uses
 * `vigia()`.
 */
export function vigiaInProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const run = queue.then(() => runHere(args, { VIGIA_LANG: 'es', ...env }));
  queue = run.catch(() => undefined);
  return run;
}

async function runHere(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  let stdout = '';
  let stderr = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      stdout += String(chunk);
      done();
    },
  });
  set(env);
  try {
    const status = await main(args, (lang) => ({
      out: (t) => (stdout += `${t}\n`),
      err: (t) => (stderr += `${t}\n`),
      lang,
      stdout: stream,
    }));
    return { status, stdout, stderr };
  } finally {
    set(saved);
  }
}
