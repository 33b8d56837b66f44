import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/storage/connect.js';
import { listOutbox } from '../../src/storage/outbox.js';
import { vigia, vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/net.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * `vigia notify`: a dry run changes nothing; a run while the SMTP server is down leaves the digests
 * pending; the next process (the server up) sends each one once and does not build the day again; a bad
 * --date is refused naming it. That next run and the two at once are processes of their own; the others
 * go through the command's entry point in this process (vigiaInProcess: a process start costs seconds).
 */
describe('vigia notify', () => {
  let smtp: SmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  eachDatabase((db) => {
    let url: string;
    let store: Store;
    let plan: LateActivitiesPlan;
    before(async () => {
      url = await db.freshUrl();
      store = await openStore(url);
      plan = await buildLateActivitiesPlan(store);
    });
    after(() => store.close());
    const env = (smtpPort: number) => ({
      DATABASE_URL: url,
      ...smtp.env,
      SMTP_PORT: String(smtpPort),
      PUBLIC_URL: 'https://vigia.example.test',
    });
    const digestsTo = (seen: number) =>
      smtp.received.slice(seen).filter((m) => m.subject.startsWith('Vigía: su resumen') || m.subject.startsWith('Vigía: your summary'));

    test('--dry-run prints who would get what and changes nothing', async () => {
      const seen = smtp.received.length;
      const run = await vigiaInProcess(['notify', '--dry-run', '--date', '2026-03-02'], env(smtp.port));
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Resúmenes del 2026-03-02: 3\.$/m);
      assert.ok(run.stdout.includes(`— Para: ${plan.people.ana.email}\n  Asunto: Vigía: su resumen del 2 de marzo de 2026`));
      assert.ok(run.stdout.includes(`— Para: ${plan.people.carla.email}\n  Asunto: Vigía: your summary for March 2, 2026`));
      assert.match(run.stdout, /Prueba: no se guardó ni se envió nada\./);
      assert.equal((await listOutbox(store.db)).length, 0);
      assert.equal((await store.db.selectFrom('notification_runs').selectAll().execute()).length, 0);
      assert.equal(digestsTo(seen).length, 0);
    });

    test('the SMTP server down: digests stay pending; the next process sends each once and does not build the day again', async () => {
      const seen = smtp.received.length;
      const down = await vigiaInProcess(['notify', '--date', '2026-03-02'], env(await freePort()));
      assert.equal(down.status, 0, down.stderr);
      assert.match(down.stdout, /^Resúmenes del 2026-03-02: 3\.$/m);
      assert.match(down.stdout, /^Enviados: 0; por reintentar: 3; fallidos: 0\.$/m);
      assert.match(down.stdout, /^En la bandeja de salida, por enviar: 3\.$/m);
      const pending = await listOutbox(store.db, { status: 'pending' });
      assert.equal(pending.length, 3);
      for (const r of pending) {
        assert.equal(r.attempts, 1);
        assert.ok(Date.parse(r.nextAttemptAt) - Date.parse(r.createdAt) >= 60_000, 'the next attempt a minute later at least');
        assert.match(r.lastError ?? '', /ECONNREFUSED|connect/i);
      }
      // Time passes (the next attempt is due); a new process, the server reachable now.
      await store.db.updateTable('outbox').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
      // A dry run now lists the queued digests it would send, and sends none.
      const dry = await vigiaInProcess(['notify', '--dry-run', '--date', '2026-03-02'], env(smtp.port));
      assert.match(dry.stdout, /^En la bandeja de salida, por enviar: 3\.$/m);
      assert.ok(dry.stdout.includes(`— Para: ${plan.people.beto.email}\n  Asunto: Vigía: su resumen del 2 de marzo de 2026`), dry.stdout);
      assert.equal((await listOutbox(store.db, { status: 'pending' })).length, 3);
      const up = await vigia(['notify', '--date', '2026-03-02'], env(smtp.port));
      assert.equal(up.status, 0, up.stderr);
      assert.match(up.stdout, /^El resumen del 2026-03-02 ya se preparó: no se vuelve a preparar\.$/m);
      assert.match(up.stdout, /^Enviados: 3; por reintentar: 0; fallidos: 0\.$/m);
      await smtp.waitFor(() => digestsTo(seen).length >= 3);
      const again = await vigiaInProcess(['notify', '--date', '2026-03-02'], env(smtp.port));
      assert.match(again.stdout, /^Enviados: 0; por reintentar: 0; fallidos: 0\.$/m);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        digestsTo(seen)
          .map((m) => m.to[0])
          .sort(),
        [plan.people.ana.email, plan.people.beto.email, plan.people.carla.email].sort(),
        'each digest exactly once',
      );
    });

    test('a bad --date is refused, naming the option, and nothing changes', async () => {
      const rows = (await listOutbox(store.db)).length;
      const run = await vigiaInProcess(['notify', '--date', '2026-02-30'], env(smtp.port));
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--date/);
      assert.equal((await listOutbox(store.db)).length, rows);
    });
    test('two processes running the same date at once: the day is built once, each digest arrives once', async () => {
      const seen = smtp.received.length;
      const date = '2026-03-20';
      const [a, b] = await Promise.all([
        vigia(['notify', '--date', date], env(smtp.port)),
        vigia(['notify', '--date', date], env(smtp.port)),
      ]);
      assert.deepEqual([a.status, b.status], [0, 0], a.stderr + b.stderr);
      const said = [a.stdout, b.stdout].map((o) =>
        /ya se preparó/.test(o) ? 'already' : /^Resúmenes del 2026-03-20: \d+\.$/m.test(o) ? 'built' : o,
      );
      assert.deepEqual(said.sort(), ['already', 'built']);
      const rows = (await listOutbox(store.db)).filter((r) => r.dedupeKey.endsWith(`:${date}`));
      assert.ok(rows.length >= 2);
      assert.equal(new Set(rows.map((r) => r.recipient)).size, rows.length, 'one digest per person');
      assert.equal((await store.db.selectFrom('notification_runs').selectAll().where('run_date', '=', date).execute()).length, 1);
      await smtp.waitFor(() => digestsTo(seen).length >= rows.length);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(digestsTo(seen).length, rows.length, 'each sent once, though both processes drained');
    });
  });
});
