import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * The schedule inside `vigia serve`, in a real process: with NOTIFY_AT passed, the day's digests go out
 * soon after start; a restart the same day builds nothing again.
 */
async function serve(env: Record<string, string>, during: () => Promise<void>): Promise<void> {
  const server = await startServeProcess(env.DATABASE_URL!, env);
  try {
    await during();
  } finally {
    server.child.kill('SIGTERM');
  }
  assert.equal(await server.exited, 0, server.output());
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
      let plan: LateActivitiesPlan;
      try {
        plan = await buildLateActivitiesPlan(store);
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
