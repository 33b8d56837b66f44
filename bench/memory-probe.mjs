/**
 * Loaded only by `npm run soak` into the server it starts (`node --expose-gc --import
 * bench/memory-probe.mjs bin/vigia.js serve`), never by `vigia serve` itself. On SIGUSR2 it runs a full
 * garbage collection and appends one JSON line to $VIGIA_MEMORY_PROBE: process.memoryUsage() right
 * after it. RSS alone cannot tell a leak from a heap that V8 (or malloc) keeps larger than it needs;
 * the heap that is still in use after a full collection can: objects something still holds stay, the
 * rest goes. With $VIGIA_HEAP_SNAPSHOTS set to a folder, SIGWINCH writes a heap snapshot there (to
 * compare object counts by constructor between two moments). With $VIGIA_SIMULATED_LEAK set to a number
 * of bytes, every request the server receives leaves that much behind in an array nobody empties: a
 * leak made on purpose, to see that the soak's memory check fails when there is one
 * (`npm run soak -- --simulate-leak 8192`).
 */
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const out = process.env.VIGIA_MEMORY_PROBE;
if (!out) throw new Error('memory-probe: VIGIA_MEMORY_PROBE (the file to append to) is not set');
if (typeof globalThis.gc !== 'function') throw new Error('memory-probe: node needs --expose-gc');

process.on('SIGUSR2', () => {
  const t0 = performance.now();
  globalThis.gc();
  const gcMs = performance.now() - t0;
  const m = process.memoryUsage();
  appendFileSync(
    out,
    `${JSON.stringify({ at: Date.now(), gcMs, rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`,
  );
});

const snapshots = process.env.VIGIA_HEAP_SNAPSHOTS;
if (snapshots) {
  let n = 0;
  process.on('SIGWINCH', () => {
    globalThis.gc();
    writeHeapSnapshot(join(snapshots, `heap-${++n}-${Date.now()}.heapsnapshot`));
  });
}

const leakBytes = Number(process.env.VIGIA_SIMULATED_LEAK ?? 0);
if (leakBytes > 0) {
  const kept = [];
  // One small JavaScript array per request (8 bytes per element), kept for ever: the shape of a real leak.
  subscribe('http.server.request.start', () => kept.push(new Array(Math.ceil(leakBytes / 8)).fill(0)));
}
