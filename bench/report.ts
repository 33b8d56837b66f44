/**
 * `npm run bench:report`: how long the 17-commitment DOCX of the demo plan takes to make, on SQLite —
 * the report model read from the database (buildReport) and the Word file written (writeReportDocx),
 * N times in one process after a warm-up. Prints the median and the 95th percentile; the target is
 * under 0.5 s. Not part of the test suite.
 *
 *   npm run bench:report -- [--runs 30] [--lang es|en]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readTextReport } from '../src/import/text-report/index.js';
import { writeReportDocx } from '../src/report/docx.js';
import { importReport } from '../src/services/import-report.js';
import { buildReport } from '../src/services/report.js';
import { openStore } from '../src/storage/connect.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '30' }, lang: { type: 'string', default: 'es' } } });
const runs = Math.max(1, Number(args.runs));
const lang = args.lang === 'en' ? 'en' : 'es';

const dir = mkdtempSync(join(tmpdir(), 'vigia-bench-report-'));
const store = await openStore(`sqlite:${join(dir, 'vigia.db')}`);
try {
  const bytes = readFileSync(fileURLToPath(new URL('../demo/peru-paga-2015-2016-autoevaluacion-final.txt', import.meta.url)));
  await importReport(store, readTextReport(bytes, 'demo.txt'), {
    now: new Date().toISOString(),
    actor: 'bench',
    fileName: 'demo.txt',
    bytes,
  });

  const once = async () => {
    const t0 = performance.now();
    const model = await buildReport(store, { lang });
    const t1 = performance.now();
    const docx = await writeReportDocx(model);
    const t2 = performance.now();
    return {
      total: t2 - t0,
      model: t1 - t0,
      docx: t2 - t1,
      size: docx.length,
      fichas: model.themes.reduce((n, t) => n + t.fichas.length, 0),
    };
  };
  // Warm-up: module loading, the JIT, the chart drawn once (charts are kept by their numbers).
  for (let i = 0; i < 3; i++) await once();
  const times: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  };
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const col = (k: 'total' | 'model' | 'docx') => times.map((t) => t[k]);
  console.log(
    `Report of the demo plan: ${times[0]!.fichas} fichas, DOCX of ${Math.round(times[0]!.size / 1024)} KiB, ${lang}, ${runs} runs on SQLite (after 3 warm-up runs)`,
  );
  console.log('');
  console.log('| | median | p95 |');
  console.log('|---|---:|---:|');
  console.log(`| whole report (model + DOCX) | ${ms(pct(col('total'), 50))} | ${ms(pct(col('total'), 95))} |`);
  console.log(`| model from the database | ${ms(pct(col('model'), 50))} | ${ms(pct(col('model'), 95))} |`);
  console.log(`| DOCX written | ${ms(pct(col('docx'), 50))} | ${ms(pct(col('docx'), 95))} |`);
  const p95 = pct(col('total'), 95);
  console.log('');
  console.log(p95 < 500 ? `Target met: p95 ${ms(p95)} < 500 ms.` : `Target missed: p95 ${ms(p95)} ≥ 500 ms.`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
