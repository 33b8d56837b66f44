// A test reporter (VIGIA_TEST_TIMES=FILE npm test): each test file's time — the sum of its top-level
// tests — slowest first, to keep scripts/test.js's SLOWEST_FIRST list true and to see where a run goes.
import { relative } from 'node:path';

export default async function* fileTimes(source) {
  const files = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) {
      const file = event.data.file ?? '?';
      files.set(file, (files.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
    }
  }
  for (const [file, ms] of [...files].sort((a, b) => b[1] - a[1]))
    yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${relative(process.cwd(), file)}\n`;
}
