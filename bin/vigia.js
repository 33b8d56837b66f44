#!/usr/bin/env node
// The `vigia` command. TypeScript runs through tsx's loader (see docs/decisions/001-typescript-without-a-build-step.md).
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// `vigia summary | head`: a closed pipe ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// On Node 20 tsx's hooks run in a worker thread with its own V8 heap, kept for the whole process. It only
// loads modules, but its young generation grows to 2 × 16 MiB while they load; capped at 2 × 2 MiB for that
// worker alone (the flag is read when the worker's heap is made, during register(), then reset to V8's
// default for the main thread's later needs): 13–15 MiB less for `vigia serve` (docs/performance.md, memory).
setFlagsFromString('--max-semi-space-size=2');
// The project's tsconfig.json (JSX for preact, paths), not whatever the current directory holds: `vigia`
// is run from anywhere.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
setFlagsFromString('--max-semi-space-size=0');
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
