import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * One clock (issue 18): the domain, storage and services never read the wall clock for "now"; the app's
 * now() (or the command line's) is passed down, so a test that fixes the day sees every stamp on that day.
 * A reading that truly needs the wall clock is listed here, with why.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['src/domain', 'src/storage', 'src/services'];
const READING = /new Date\(\s*\)|Date\.now\(\s*\)/g;

/**
 * File → how many readings it may hold, and why. A new reading anywhere, or one more in a listed file,
 * fails this test: take `now` from the caller instead.
 */
const ALLOWED: Record<string, { count: number; why: string }> = {
  'src/services/backup.ts': { count: 4, why: 'how long a backup or a restore took (Date.now() at its start and end), not a date' },
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

test('no wall-clock "now" in src/domain, src/storage, src/services but the listed ones', () => {
  const found: Record<string, string[]> = {};
  for (const file of FOLDERS.flatMap((f) => files(join(root, f)))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(READING)) (found[relative(root, file)] ??= []).push(`${i + 1}: ${m[0]}`);
    });
  }
  const unexpected = Object.entries(found)
    .filter(([file, at]) => at.length !== (ALLOWED[file]?.count ?? 0))
    .map(([file, at]) => `${file} (${at.length}, ${ALLOWED[file]?.count ?? 0} allowed): ${at.join('; ')}`);
  const stale = Object.keys(ALLOWED)
    .filter((file) => !found[file])
    .map((file) => `${file}: listed, no longer reads the clock`);
  assert.deepEqual([...unexpected, ...stale], []);
});
