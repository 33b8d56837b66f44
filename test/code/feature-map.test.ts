import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

/**
 * docs/FEATURES.md names, feature by feature, the files that make it. The map is only worth reading if
 * it is whole and true: every path it names exists, and every file under src/ is named (a path ending in
 * `/` names every file under it).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const map = readFileSync(join(root, 'docs/FEATURES.md'), 'utf8');

function namedPaths(markdown: string): string[] {
  // A whole layer (`src/`) would name everything and say nothing.
  return [...markdown.matchAll(/`((?:src|test)\/[^`\s]+)`/g)].map((m) => m[1]!);
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function unmapped(files: readonly string[], named: readonly string[]): string[] {
  return files.filter((f) => !named.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p)));
}

test('every path the feature map names exists', () => {
  const named = namedPaths(map);
  assert.ok(named.length > 100, `only ${named.length} paths found in docs/FEATURES.md`);
  const missing = named.filter((p) => !existsSync(join(root, p)));
  assert.deepEqual(missing, [], `docs/FEATURES.md names files that are not there: ${missing.join(', ')}`);
});

test('every file under src/ is in the feature map', () => {
  const missing = unmapped(filesUnder('src'), namedPaths(map));
  assert.deepEqual(missing, [], `add these to docs/FEATURES.md, under the feature they belong to: ${missing.join(', ')}`);
});

test('a folder in the map covers the files under it, and only those', () => {
  assert.deepEqual(unmapped(['src/import/a.ts', 'src/imports.ts', 'src/x.ts'], ['src/import/', 'src/x.ts']), ['src/imports.ts']);
});
