/**
 * What the load benchmarks (run.ts, soak.ts) share: the seed report imported, `vigia serve` started on
 * loopback, a free port, waiting for a server, wrk run and read, the bare node:http server that is the
 * machine's ceiling, and a process's memory.
 */
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextReport } from '../src/import/text-report/index.js';
import { importReport } from '../src/services/import-report.js';
import { openStore } from '../src/storage/connect.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SEED = join(ROOT, 'demo/peru-paga-2015-2016-autoevaluacion-final.txt');

/** The demo report (the seed) imported into the database at `url`. */
export async function importSeed(url: string): Promise<void> {
  const store = await openStore(url);
  try {
    const bytes = readFileSync(SEED);
    await importReport(store, readTextReport(bytes, 'seed.txt'), {
      now: new Date().toISOString(),
      actor: 'bench',
      fileName: 'seed.txt',
      bytes,
    });
  } finally {
    await store.close();
  }
}

/** `vigia serve` as in production (its page cache on unless told), on a free loopback port, answering. */
export async function startServe(
  url: string,
  o: { cache?: 'on' | 'off'; stdio?: StdioOptions; nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  // nodeArgs and env: for measuring the server (the soak's memory probe), not for changing what it does.
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), join(ROOT, 'bin/vigia.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...o.env,
      DATABASE_URL: url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PAGE_CACHE: o.cache ?? 'on',
      NODE_ENV: 'production',
      NOTIFY_AT: 'off',
    },
    stdio: o.stdio ?? ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/v1/plans`, child, 600_000);
  return { child, base };
}

export function which(cmd: string): string | null {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${cmd}`])
        .toString()
        .trim() || null
    );
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Figures {
  rps: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  errors: number;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

export interface WrkOptions {
  threads: number;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}

/** One wrk run (its --latency percentiles are corrected for coordinated omission). */
export function wrk(url: string, o: WrkOptions): Figures {
  const headerArgs = Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  // A slow answer (a large CSV, a DOCX) must not count as a timeout: wrk's default is 2 s.
  const out = execFileSync(
    'wrk',
    [`-t${o.threads}`, `-c${o.connections}`, `-d${o.durationS}s`, '--timeout', '60s', '--latency', ...headerArgs, url],
    { maxBuffer: 1 << 20 },
  ).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const pct = (p: string) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s|m)`).exec(out);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors =
    Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0) + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  return { rps, p50ms: pct('50'), p99ms: pct('99'), requests, errors };
}

/** A bare node:http server answering every request with the given bytes and content type: the ceiling. */
export function bareServer(port: number, body: Buffer, type: string): ChildProcess {
  const code = `
    const body = require('node:fs').readFileSync(0);
    require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': process.env.TYPE, 'content-length': body.length }); res.end(body); })
      .listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, TYPE: type }, stdio: ['pipe', 'ignore', 'inherit'] });
  child.stdin!.end(body);
  return child;
}

/** The ceiling for these bytes: a bare server started, measured with the same wrk options, stopped. */
export async function ceiling(body: Buffer, type: string, o: WrkOptions): Promise<Figures> {
  const port = await freePort();
  const bare = bareServer(port, body, type);
  try {
    await waitFor(`http://127.0.0.1:${port}/`, bare);
    return wrk(`http://127.0.0.1:${port}/`, o);
  } finally {
    bare.kill('SIGKILL');
  }
}

/** Peak resident memory of a process (VmHWM), in MiB; NaN when it cannot be read. */
export function peakMemoryMiB(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process now (VmRSS), in MiB; NaN when it cannot be read. */
export function residentMemoryMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time a process has used so far (user + system, /proc/<pid>/stat), in ms; NaN when it cannot be read. */
export function processCpuMs(pid: number): number {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them, in clock ticks (100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export function machine(): string {
  return execFileSync('sh', ['-c', "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).toString().trim().replace('\n', ' cores,');
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
