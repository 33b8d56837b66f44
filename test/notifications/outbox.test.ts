import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_RETRY_POLICY, drainOutbox, enqueue, retryDelayMs } from '../../src/services/notifications/outbox.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { countOutbox, listOutbox } from '../../src/storage/outbox.js';
import { eachDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/net.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';

/**
 * The outbox against a real SMTP server process on loopback: a server that is down at first (the rows
 * wait with their attempts and next time), then up on the same address (each row arrives once);
 * back-off, the last attempt, a sender that stopped mid-send, two senders at once, the dedupe key.
 */
const env = (port: number) => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(port),
  SMTP_SECURE: 'false',
  SMTP_FROM: 'Vigía <vigia@example.test>',
  PUBLIC_URL: 'http://vigia.example.test',
});
const at = (iso: string) => () => new Date(iso);
const msg = (key: string, to = 'ana@example.test') => ({
  dedupeKey: key,
  recipient: to,
  lang: 'es' as const,
  subject: `Asunto ${key}`,
  body: `Hola\n${key}\n`,
});

describe('retry delays', () => {
  test('double from one minute after each failure, capped at six hours', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 9, 10, 20].map((n) => retryDelayMs(n)),
      [60_000, 120_000, 240_000, 480_000, 15_360_000, 6 * 3600_000, 6 * 3600_000],
    );
    assert.equal(retryDelayMs(3, { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 3000 }), 3000);
  });
});

describe('the outbox through a real SMTP server', () => {
  eachDatabase((db) => {
    let url: string;
    let store: Store;
    const stores: Store[] = [];
    /** Another process on the same database. */
    const anotherProcess = async () => {
      const s = await openStore(url);
      stores.push(s);
      return s;
    };
    const servers: SmtpServer[] = [];
    before(async () => {
      url = await db.freshUrl();
      store = await anotherProcess();
    });
    after(async () => {
      for (const s of servers) await s.stop();
      for (const s of stores) await s.close();
    });

    test('the server is down at first: rows stay pending with their attempts and next time, then arrive once each when it is up', async () => {
      const port = await freePort();
      assert.equal(await enqueue(store.db, msg('t1:a'), '2026-03-02T07:00:00.000Z'), true);
      assert.equal(await enqueue(store.db, msg('t1:b', 'luis@example.test'), '2026-03-02T07:00:00.000Z'), true);
      assert.equal(await enqueue(store.db, msg('t1:a'), '2026-03-02T07:00:01.000Z'), false, 'the same dedupe key twice is a no-op');

      const first = await drainOutbox(store, { env: env(port), now: at('2026-03-02T07:00:00.000Z') });
      assert.deepEqual(first, { sent: 0, retried: 2, failed: 0 });
      let rows = (await listOutbox(store.db)).filter((r) => r.dedupeKey.startsWith('t1:'));
      assert.equal(rows.length, 2);
      assert.equal(
        await countOutbox(store.db, 'pending'),
        (await listOutbox(store.db, { status: 'pending' })).length,
        'counted without reading the rows',
      );
      assert.ok((await countOutbox(store.db, 'pending')) >= 2);
      for (const r of rows) {
        assert.equal(r.status, 'pending');
        assert.equal(r.attempts, 1);
        assert.equal(r.nextAttemptAt, '2026-03-02T07:01:00.000Z', 'one minute after the first failure');
        assert.match(r.lastError ?? '', /ECONNREFUSED|connect/i);
      }
      // Not due yet: nothing is tried.
      assert.deepEqual(await drainOutbox(store, { env: env(port), now: at('2026-03-02T07:00:30.000Z') }), {
        sent: 0,
        retried: 0,
        failed: 0,
      });
      // Still down at the second attempt: two minutes this time.
      await drainOutbox(store, { env: env(port), now: at('2026-03-02T07:01:00.000Z') });
      rows = (await listOutbox(store.db)).filter((r) => r.dedupeKey.startsWith('t1:'));
      assert.deepEqual(
        rows.map((r) => [r.attempts, r.nextAttemptAt]),
        [
          [2, '2026-03-02T07:03:00.000Z'],
          [2, '2026-03-02T07:03:00.000Z'],
        ],
      );

      const smtp = await startSmtpServer(port);
      servers.push(smtp);
      assert.deepEqual(await drainOutbox(store, { env: env(port), now: at('2026-03-02T07:03:00.000Z') }), {
        sent: 2,
        retried: 0,
        failed: 0,
      });
      await smtp.waitFor((m) => m.to.includes('luis@example.test'));
      const a = await smtp.waitFor((m) => m.to.includes('ana@example.test'));
      assert.equal(a.subject, 'Asunto t1:a');
      assert.match(a.text, /^Hola\nt1:a/);
      rows = (await listOutbox(store.db)).filter((r) => r.dedupeKey.startsWith('t1:'));
      assert.ok(
        rows.every((r) => r.status === 'sent' && r.sentAt === '2026-03-02T07:03:00.000Z' && r.attempts === 3 && r.lastError === null),
      );
      // The row's Message-ID is the one that arrived.
      assert.ok(a.raw.includes(`Message-ID: ${rows[0]!.messageId}`), 'the stored Message-ID is sent');
      // Draining again, later: nothing more arrives.
      assert.deepEqual(await drainOutbox(store, { env: env(port), now: at('2026-03-03T07:00:00.000Z') }), {
        sent: 0,
        retried: 0,
        failed: 0,
      });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.received.filter((m) => m.subject.startsWith('Asunto t1:')).length, 2, 'exactly once each');
    });

    test('after the last attempt a row is failed and kept with its error', async () => {
      const port = await freePort();
      await enqueue(store.db, msg('t2'), '2026-03-02T00:00:00.000Z');
      const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
      let t = Date.parse('2026-03-02T00:00:00.000Z');
      const results = [];
      for (let i = 0; i < 3; i++) {
        results.push(await drainOutbox(store, { env: env(port), policy, now: () => new Date(t) }));
        t += 7 * 3600_000;
      }
      assert.deepEqual(
        results.map((r) => r.failed),
        [0, 0, 1],
      );
      const row = (await listOutbox(store.db)).find((r) => r.dedupeKey === 't2')!;
      assert.equal(row.status, 'failed');
      assert.equal(row.attempts, 3);
      assert.ok(row.lastError);
      assert.deepEqual(
        await drainOutbox(store, { env: env(port), policy, now: () => new Date(t + 86_400_000) }),
        { sent: 0, retried: 0, failed: 0 },
        'a failed row is not tried again',
      );
    });

    test('a restart: a pending row is sent by the next process; one left "sending" by a stopped sender is sent again after the lease, with the same Message-ID', async () => {
      const smtp = await startSmtpServer();
      servers.push(smtp);
      await enqueue(store.db, msg('t3:pending'), '2026-03-04T07:00:00.000Z');
      await enqueue(store.db, msg('t3:crashed'), '2026-03-04T07:00:00.000Z');
      // A sender claimed t3:crashed and stopped before marking it (the process died).
      const crashed = (await listOutbox(store.db)).find((r) => r.dedupeKey === 't3:crashed')!;
      await store.db
        .updateTable('outbox')
        .set({ status: 'sending', claimed_at: '2026-03-04T07:00:00.000Z', attempts: 1 })
        .where('id', '=', crashed.id)
        .execute();

      // A new process (a new store on the same database) a minute later: the pending row goes; the claimed one is within its lease.
      const again = await anotherProcess();
      const r1 = await drainOutbox(again, { env: env(smtp.port), now: at('2026-03-04T07:01:00.000Z') });
      assert.equal(r1.sent, 1);
      await smtp.waitFor((m) => m.subject === 'Asunto t3:pending');
      assert.equal(
        smtp.received.filter((m) => m.subject === 'Asunto t3:crashed').length,
        0,
        'within the lease another sender may still be at it',
      );
      const r2 = await drainOutbox(again, { env: env(smtp.port), now: at('2026-03-04T07:11:00.000Z') });
      assert.equal(r2.sent, 1);
      const m = await smtp.waitFor((x) => x.subject === 'Asunto t3:crashed');
      assert.ok(m.raw.includes(`Message-ID: ${crashed.messageId}`), 'sent again under the Message-ID it was queued with');
      const row = (await listOutbox(again.db)).find((r) => r.dedupeKey === 't3:crashed')!;
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 2);
    });

    test('two senders draining at once send each row once', async () => {
      const smtp = await startSmtpServer();
      servers.push(smtp);
      for (let i = 0; i < 6; i++) await enqueue(store.db, msg(`t4:${i}`), '2026-03-05T07:00:00.000Z');
      const other = await anotherProcess();
      const [a, b] = await Promise.all([
        drainOutbox(store, { env: env(smtp.port), now: at('2026-03-05T07:00:00.000Z') }),
        drainOutbox(other, { env: env(smtp.port), now: at('2026-03-05T07:00:00.000Z') }),
      ]);
      assert.equal(a.sent + b.sent, 6);
      await smtp.waitFor(() => smtp.received.filter((m) => m.subject.startsWith('Asunto t4:')).length >= 6);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.received.filter((m) => m.subject.startsWith('Asunto t4:')).length, 6);
    });
  });
});
