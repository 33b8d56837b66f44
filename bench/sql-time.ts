import BetterSqlite3 from '../src/storage/sqlite-driver.js';
const stats = new Map<string, { n: number; ms: number }>();
const origPrepare = BetterSqlite3.prototype.prepare;
let patched = false;
BetterSqlite3.prototype.prepare = function (this: any, sql: string) {
  const st = origPrepare.call(this, sql);
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(st);
    for (const m of ['all', 'run', 'get']) {
      const orig = proto[m];
      proto[m] = function (this: any, ...a: unknown[]) {
        const t = performance.now();
        try {
          return orig.apply(this, a);
        } finally {
          const k = this.source.replace(/\s+/g, ' ').slice(0, 220);
          const s = stats.get(k) ?? { n: 0, ms: 0 };
          s.n++;
          s.ms += performance.now() - t;
          stats.set(k, s);
        }
      };
    }
  }
  return st;
} as any;
const { openStore } = await import('../src/storage/connect.js');
const { buildApp } = await import('../src/http/app.js');
const store = await openStore(process.argv[2]);
const app = await buildApp({ store, pageCache: false });
const url = process.argv[3]!;
await app.inject({ url, headers: { 'accept-language': 'es' } });
stats.clear();
const N = 5;
const t = performance.now();
for (let i = 0; i < N; i++) {
  const r = await app.inject({ url, headers: { 'accept-language': 'es' } });
  if (i === 0) console.log(r.statusCode, r.body.length);
}
console.log(`per request ${((performance.now() - t) / N).toFixed(1)} ms`);
[...stats]
  .sort((a, b) => b[1].ms - a[1].ms)
  .slice(0, 15)
  .forEach(([k, v]) => console.log(`${(v.ms / N).toFixed(2).padStart(8)} ms ${String(v.n / N).padStart(4)}× ${k}`));
await app.close();
await store.close();
