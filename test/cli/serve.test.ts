import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { freePort } from '../helpers/net.js';

const BIN = fileURLToPath(new URL('../../bin/vigia.js', import.meta.url));

describe('vigia serve', () => {
  eachDatabase((db) => {
    test('on an empty database imports the demo plan, serves it, and stops cleanly on SIGTERM', async () => {
      const url = await db.freshUrl();
      const server = await startServeProcess(url);
      try {
        assert.match(server.output(), /La base de datos está vacía: importando el plan 2015-2016 de demostración…/);
        assert.match(server.output(), new RegExp(`Vigía escucha en http://localhost:${new URL(server.base).port}`));
        const res = await fetch(`${server.base}/api/v1/plans`);
        const { plans } = (await res.json()) as { plans: { commitmentCount: number }[] };
        assert.equal(plans[0]!.commitmentCount, 17);
        const home = await fetch(`${server.base}/`);
        assert.equal(home.status, 200);
      } finally {
        server.child.kill('SIGTERM');
      }
      assert.equal(await server.exited, 0);
      assert.match(server.output(), /Deteniendo Vigía…/);
    });
  });

  test('refuses an unknown TIME_ZONE before it starts, naming the variable', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: ':memory:',
        PORT: String(await freePort()),
        NODE_ENV: 'test',
        VIGIA_LANG: 'es',
        TIME_ZONE: 'Mars/Olympus_Mons',
      },
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
