/**
 * `npm run bench:pages`: requests per second and latency of the plan dashboard and a commitment page,
 * each against a bare node:http server returning the same bytes (this machine's ceiling), with the same
 * load generator (wrk) for both, in one run. Not part of the test suite.
 *
 *   npm run bench:pages -- [--duration 10] [--connections 32] [--database postgres://…]
 *
 * Writes a Markdown table to stdout and the figures to bench/results/pages-<time>.json.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '1' },
    database: { type: 'string' },
  },
});

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`]).toString().trim() || null;
  } catch {
    return null;
  }
}

if (!which('wrk')) {
  console.error('wrk is not installed. On Debian: apt-get install wrk');
  process.exit(2);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
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

interface Figures {
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

function wrk(url: string): Figures {
  const out = execFileSync('wrk', [`-t${args.threads}`, `-c${args.connections}`, `-d${args.duration}s`, '--latency', url], { maxBuffer: 1 << 20 }).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const pct = (p: string) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors:.*?(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50ms: pct('50'), p99ms: pct('99'), errors };
}

/** A bare node:http server answering every request with the given bytes and content type: the ceiling. */
function bareServer(port: number, body: Buffer, type: string): ChildProcess {
  const code = `
    const body = Buffer.from(process.env.BODY, 'base64');
    require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': process.env.TYPE, 'content-length': body.length }); res.end(body); })
      .listen(${port}, '127.0.0.1');`;
  return spawn(process.execPath, ['-e', code], { env: { ...process.env, BODY: body.toString('base64'), TYPE: type }, stdio: 'ignore' });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-bench-'));
  const database = args.database ?? `sqlite:${join(dir, 'bench.db')}`;
  const results: Record<string, unknown>[] = [];
  const rows: string[] = [];
  const started: ChildProcess[] = [];
  try {
    for (const cache of ['on', 'off'] as const) {
      const port = await freePort();
      const app = spawn(process.execPath, [join(ROOT, 'bin/vigia.js'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database, PORT: String(port), LOG_LEVEL: 'warn', PAGE_CACHE: cache, NODE_ENV: 'production' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      started.push(app);
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/api/v1/plans`, app);
      const { plans } = (await (await fetch(`${base}/api/v1/plans`)).json()) as { plans: { id: number }[] };
      const { plan } = (await (await fetch(`${base}/api/v1/plans/${plans[0]!.id}`)).json()) as { plan: { themes: { commitments: { id: number }[] }[] } };
      const commitmentId = plan.themes[0]!.commitments[2]!.id;
      const targets = [
        ['plan dashboard', `/planes/${plans[0]!.id}`],
        ['commitment page', `/compromisos/${commitmentId}`],
      ] as const;
      for (const [name, path] of targets) {
        const res = await fetch(base + path, { headers: { 'accept-language': 'es' } });
        const body = Buffer.from(await res.arrayBuffer());
        const ceilingPort = await freePort();
        const bare = bareServer(ceilingPort, body, res.headers.get('content-type') ?? 'text/html');
        started.push(bare);
        await waitFor(`http://127.0.0.1:${ceilingPort}/`, bare);
        const ceiling = wrk(`http://127.0.0.1:${ceilingPort}/`);
        bare.kill();
        const measured = wrk(base + path);
        const ratio = measured.rps / ceiling.rps;
        results.push({ page: name, cache, bytes: body.length, app: measured, ceiling, ratio });
        rows.push(
          `| ${name} | ${cache} | ${(body.length / 1024).toFixed(1)} KB | ${measured.rps.toFixed(0)} | ${measured.p50ms.toFixed(2)} | ${measured.p99ms.toFixed(2)} | ${ceiling.rps.toFixed(0)} | ${ceiling.p99ms.toFixed(2)} | ${ratio.toFixed(2)} | ${measured.errors} |`,
        );
      }
      app.kill('SIGTERM');
      await new Promise((r) => app.once('exit', r));
    }
  } finally {
    for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  }
  const cpu = execFileSync('sh', ['-c', "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).toString().trim().replace('\n', ' cores,');
  console.log(`\nVigía pages — ${new Date().toISOString()} — ${cpu}; wrk -t${args.threads} -c${args.connections} -d${args.duration}s; ${database.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}\n`);
  console.log('| page | page cache | size | app req/s | app p50 ms | app p99 ms | ceiling req/s | ceiling p99 ms | app / ceiling | errors |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `pages-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine: cpu, options: args, database: database.replace(/:[^:@/]*@/, ':***@'), results }, null, 2));
  console.log(`\n${file}`);
}

await main();
