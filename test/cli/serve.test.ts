import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/net.js';

const BIN = fileURLToPath(new URL('../../bin/vigia.js', import.meta.url));

describe('vigia serve', () => {
  eachDatabase((db) => {
    test('on an empty database imports the demo plan, serves it, and stops cleanly on SIGTERM', async () => {
      const url = await db.freshUrl();
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'serve'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: 'test', VIGIA_LANG: 'es' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 30_000;
        while (!stderr.includes('Vigía escucha en')) {
          if (child.exitCode !== null || Date.now() > deadline) assert.fail(`vigia serve did not start: ${stderr}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.match(stderr, /La base de datos está vacía: importando el plan 2015-2016 de demostración…/);
        assert.match(stderr, new RegExp(`Vigía escucha en http://localhost:${port}`));
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/plans`);
        const { plans } = (await res.json()) as { plans: { commitmentCount: number }[] };
        assert.equal(plans[0]!.commitmentCount, 17);
        const home = await fetch(`http://127.0.0.1:${port}/`);
        assert.equal(home.status, 200);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
      assert.match(stderr, /Deteniendo Vigía…/);
    });
  });

  test('refuses an unknown TIME_ZONE before it starts, naming the variable', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: ':memory:', PORT: String(await freePort()), NODE_ENV: 'test', VIGIA_LANG: 'es', TIME_ZONE: 'Mars/Olympus_Mons' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.notEqual(code, 0);
    assert.match(stderr, /TIME_ZONE/);
    assert.match(stderr, /Mars\/Olympus_Mons/);
    assert.doesNotMatch(stderr, /Vigía escucha en/);
  });
});
