#!/usr/bin/env node
// The `vigia` command. TypeScript runs through tsx's loader (see docs/decisions/001-typescript-without-a-build-step.md).
import { register } from 'tsx/esm/api';

// `vigia summary | head`: a closed pipe ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
