import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

/**
 * ESLint with typescript-eslint's type-aware rules (eslint.config.js: a floating or misused promise,
 * type-only imports) and Prettier's format (.prettierrc.json), over the whole tree.
 * `npx eslint --fix .` and `npx prettier --write .` fix most of what these report.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
// Each package's own command, found beside its package.json (eslint exports no bin/ path).
const bin = (pkg: string, path: string) => join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), path);

test('ESLint finds no problem', () => {
  const run = spawnSync(process.execPath, [bin('eslint', 'bin/eslint.js'), '--max-warnings=0', '.'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});

test('every file is formatted as Prettier writes it', () => {
  const run = spawnSync(process.execPath, [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level=warn', '.'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}\nRun \`npx prettier --write .\` to format them.`);
});
