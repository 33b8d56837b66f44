import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/storage/connect.js';
import { ROOT } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/net.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { buildPlan, type Plan } from './fixture.js';

/**
 * The schedule inside `vigia serve`, in a real process: with NOTIFY_AT passed, the day's digests go out
 * soon after start; a restart the same day builds nothing again.
 */
const BIN = fileURLToPath(new URL('../../bin/vigia.js', import.meta.url));

async function serve(env: Record<string, string>, during: () => Promise<void>): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'test', VIGIA_LANG: 'es' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('Vigía escucha en')) {
      if (child.exitCode !== null || Date.now() > deadline) assert.fail(`vigia serve did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await during();
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
}

describe('vigia serve sends the day’s digests on its schedule', () => {
  let smtp: SmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  eachDatabase((db) => {
    test('NOTIFY_AT passed: the digests arrive after start; a restart the same day sends none again', async () => {
      const url = await db.freshUrl();
      const store = await openStore(url);
      let plan: Plan;
      try {
        plan = await buildPlan(store);
      } finally {
        await store.close();
      }
      const env = { DATABASE_URL: url, ...smtp.env, PUBLIC_URL: 'https://vigia.example.test', NOTIFY_AT: '00:00' };
      const isDigest = (m: { subject: string }) => /^Vigía: (su resumen|your summary)/.test(m.subject);
      const seen = smtp.received.length;
      await serve(env, async () => {
        // Whatever today is, Ana has an assessment returned to her and Carla one to decide.
        await smtp.waitFor((m) => isDigest(m) && m.to.includes(plan.people.ana.email), { after: seen, timeoutMs: 20_000 });
        await smtp.waitFor((m) => isDigest(m) && m.to.includes(plan.people.carla.email), { after: seen, timeoutMs: 20_000 });
      });
      const sent = smtp.received.slice(seen).filter(isDigest).length;
      await serve(env, async () => {
        await new Promise((r) => setTimeout(r, 3000));
      });
      assert.equal(smtp.received.slice(seen).filter(isDigest).length, sent, 'no digest twice after a restart');
    });
  });
});
