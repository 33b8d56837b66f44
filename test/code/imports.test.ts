import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
// @ts-expect-error: madge ships no types
import madge from 'madge';

/**
 * The import graph of src/ (madge): no circle — a module never needs, through others, what needs it —
 * and the layers of docs/ARCHITECTURE.md: the domain and lib are pure (no storage, services, HTTP,
 * command or words), storage knows nothing above it, services never reach HTTP or the command line.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Graph {
  circular(): string[][];
  obj(): Record<string, string[]>;
}

const graph: Promise<Graph> = madge(`${root}src`, {
  fileExtensions: ['ts', 'tsx'],
  tsConfig: `${root}tsconfig.json`,
  baseDir: `${root}src`,
});

test('no import circle in src/', async () => {
  assert.deepEqual(
    (await graph).circular().map((c) => c.join(' → ')),
    [],
  );
});

/** What each layer may import (folders of src/, by their first segment; a file at the top of src/ is its own name). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  lib: ['lib', 'errors.ts'],
  domain: ['domain', 'lib', 'errors.ts'],
  i18n: ['i18n', 'domain', 'lib', 'import', 'errors.ts'],
  'errors.ts': [],
  import: ['import', 'domain', 'lib', 'errors.ts'],
  storage: ['storage', 'domain', 'lib', 'errors.ts'],
  export: ['export', 'domain', 'lib', 'i18n', 'errors.ts'],
  report: ['report', 'domain', 'lib', 'i18n', 'errors.ts'],
  services: ['services', 'storage', 'import', 'export', 'report', 'domain', 'lib', 'i18n', 'errors.ts'],
};

test('each layer imports only what is below it', async () => {
  const layer = (file: string) => file.split('/')[0]!;
  const wrong: string[] = [];
  for (const [file, deps] of Object.entries((await graph).obj())) {
    const allowed = MAY_IMPORT[layer(file)];
    if (!allowed) continue;
    for (const dep of deps) if (!allowed.includes(layer(dep))) wrong.push(`${file} → ${dep}`);
  }
  assert.deepEqual(wrong, []);
});

/** Row types never leave storage/ (docs/ARCHITECTURE.md): HTTP takes the Store and the change feed from it, nothing else. */
const HTTP_MAY_USE_FROM_STORAGE = ['storage/connect.ts', 'storage/change-notices.ts'];

test('http/ uses storage/ only for the Store and the change feed', async () => {
  const wrong: string[] = [];
  for (const [file, deps] of Object.entries((await graph).obj())) {
    if (!file.startsWith('http/')) continue;
    for (const dep of deps) if (dep.startsWith('storage/') && !HTTP_MAY_USE_FROM_STORAGE.includes(dep)) wrong.push(`${file} → ${dep}`);
  }
  assert.deepEqual(wrong, []);
});
