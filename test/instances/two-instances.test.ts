import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { ensureSearchIndex } from '../../src/services/search.js';
import { openStore } from '../../src/storage/connect.js';
import { PASSWORD, accountWithPassword } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';
import { pdf } from '../files/samples.js';

/**
 * Two `vigia serve` processes on one PostgreSQL database and one FILES_DIR, as behind a reverse proxy
 * (decision 018): a session made on one works on the other; a change made through one is on the other's
 * cached page at its very next request; a file uploaded through one downloads from the other; both run
 * the day's notification job at the same moment and each digest is sent once.
 */
interface Instance {
  base: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<NodeJS.Signals | number | null>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const { base, child, exited, output } = await startServeProcess(env.DATABASE_URL!, env);
  return {
    base,
    child,
    stderr: output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The cookies a browser would keep, from Set-Cookie headers. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

const until = async (what: string, ok: () => Promise<boolean>, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('two instances on one PostgreSQL', () => {
  eachDatabase((db) => {
    // SQLite is one process by design (decision 002): several instances need PostgreSQL.
    if (db.kind === 'sqlite') return;

    let smtp: SmtpServer | null = null;
    const filesDir = mkdtempSync(join(tmpdir(), 'vigia-instances-'));
    after(async () => {
      await smtp?.stop();
      rmSync(filesDir, { recursive: true, force: true });
    });

    test('sessions, cache invalidation, shared uploads and the daily job, across two `vigia serve` processes', async () => {
      const url = await db.freshUrl();
      const today = new Date().toISOString().slice(0, 10);
      const setup = await openStore(url);
      const plan = await buildLateActivitiesPlan(setup);
      const gina = await accountWithPassword(setup, {
        role: 'coordinator',
        email: 'gina@example.test',
        name: 'Gina',
        governmentId: (await setup.db.selectFrom('plans').select('government_id').where('id', '=', plan.planId).executeTakeFirstOrThrow())
          .government_id,
      });
      await ensureSearchIndex(setup);
      await setup.close();
      smtp = await startSmtpServer();

      // Hold the outbox, as a slow transaction would: the first instance to build the day's digests waits
      // to queue them, so the second one's job runs while the first one's is still in flight.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      const watcher = new pg.Client({ connectionString: url });
      await watcher.connect();
      await holder.query('begin');
      await holder.query('lock table outbox in exclusive mode');

      const env = {
        DATABASE_URL: url,
        FILES_DIR: filesDir,
        ...smtp.env,
        PUBLIC_URL: 'http://vigia.example.test',
        NOTIFY_AT: '00:00',
        TRUST_PROXY: '127.0.0.1',
        DATABASE_POOL_SIZE: '4',
      };
      // The database is dropped with force after the block: these connections may be cut then.
      holder.on('error', () => undefined);
      watcher.on('error', () => undefined);
      const started = await Promise.allSettled([startInstance(env), startInstance(env)]);
      const instances = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      try {
        for (const r of started) if (r.status === 'rejected') throw r.reason;
        const [a, b] = instances as [Instance, Instance];
        // ——— the daily job, from both at once ———
        const waiting = async () =>
          Number(
            (
              await watcher.query<{ n: number }>(
                "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> $1",
                [(holder as unknown as { processID: number }).processID],
              )
            ).rows[0]!.n,
          );
        await until(
          'both instances running the day’s job at once (one waiting on the outbox, the other on the first one’s run)',
          async () => (await waiting()) >= 2,
        );
        await holder.query('commit');
        const digestRows = async () =>
          (
            await watcher.query<{ recipient: string; status: string }>(
              'select recipient, status from outbox where dedupe_key like $1 order by id',
              [`digest:%:${today}`],
            )
          ).rows;
        await until('every digest sent', async () => {
          const rows = await digestRows();
          return rows.length > 0 && rows.every((r) => r.status === 'sent');
        });
        const rows = await digestRows();
        const recipients = rows.map((r) => r.recipient).sort();
        assert.ok(recipients.includes(plan.people.ana.email) && recipients.includes(plan.people.carla.email), recipients.join(', '));
        assert.equal(new Set(recipients).size, recipients.length, 'one digest per person queued');
        const runs = await watcher.query("select count(*)::int as n from notification_runs where kind = 'digest' and run_date = $1", [
          today,
        ]);
        assert.equal(runs.rows[0].n, 1, 'the day ran once');
        // Both instances drain every minute: give a second sender time to send anything twice.
        await new Promise((r) => setTimeout(r, 500));
        const isDigest = (m: { subject: string }) => /^Vigía: (su resumen|your summary)/.test(m.subject);
        const mailed = smtp.received
          .filter(isDigest)
          .flatMap((m) => m.to)
          .sort();
        assert.deepEqual(mailed, recipients, 'each digest arrived once');

        // ——— sessions: signed in on A, the same cookie on B ———
        const jar = new Jar();
        const form = await fetch(`${a.base}/cuenta/ingresar`);
        jar.take(form);
        const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
        assert.ok(token, 'the sign-in form carries a CSRF token');
        const signedIn = await fetch(`${a.base}/cuenta/ingresar`, {
          method: 'POST',
          redirect: 'manual',
          // Through the proxy: the client's address is the one nginx appended, not the one the client wrote.
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: jar.header(),
            'x-forwarded-for': '198.51.100.1, 203.0.113.9',
          },
          body: new URLSearchParams({ _csrf: token, email: gina.email, password: PASSWORD }).toString(),
        });
        assert.equal(signedIn.status, 303, await signedIn.text());
        jar.take(signedIn);
        assert.ok(jar.has('vigia_session'));
        const session = await fetch(`${b.base}/api/v1/workspace/session`, { headers: { cookie: jar.header() } });
        assert.equal(session.status, 200, 'the session made on A is valid on B');
        const { account, csrfToken } = (await session.json()) as { account: { email: string }; csrfToken: string };
        assert.equal(account.email, 'gina@example.test');
        const stored = await watcher.query('select ip from sessions where user_id = $1', [gina.id]);
        assert.deepEqual(
          stored.rows.map((r) => r.ip),
          ['203.0.113.9'],
          'TRUST_PROXY: the address the proxy saw',
        );
        const write = (instance: Instance, method: string, path: string, body?: unknown) =>
          fetch(`${instance.base}${path}`, {
            method,
            headers: { cookie: jar.header(), 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
          });

        // ——— cache invalidation: B's cached page shows A's change at B's very next request ———
        const id = plan.commitments.c1;
        const page = `/compromisos/${id}`;
        const first = await fetch(`${b.base}${page}`);
        assert.equal(first.status, 200);
        assert.match(await first.text(), /Datos abiertos de escuelas/);
        // Proof that B serves it from its cache: a change made behind Vigía's back (no audit entry, no notice) does not show.
        await watcher.query('update commitments set objective = $1 where id = $2', ['Cambio por fuera', id]);
        assert.doesNotMatch(await (await fetch(`${b.base}${page}`)).text(), /Cambio por fuera/, 'B answered from its cache');
        for (const objective of ['Objetivo cambiado en A, uno', 'Objetivo cambiado en A, dos', 'Objetivo cambiado en A, tres']) {
          const current = (await (await write(a, 'GET', `/api/v1/workspace/commitments/${id}`)).json()) as {
            version: number;
            values: Record<string, unknown>;
          };
          const saved = await write(a, 'PUT', `/api/v1/workspace/commitments/${id}`, {
            ...current.values,
            objective,
            // The seed's plan is approved: a change of its text is a modification (decision 030).
            modificationReason: 'Objetivo actualizado',
            modificationDate: '2016-06-30',
            version: current.version,
          });
          assert.equal(saved.status, 200, saved.status === 200 ? '' : await saved.text());
          // No wait: the next request to B, right after A answered.
          const onB = await (await fetch(`${b.base}${page}`)).text();
          assert.ok(onB.includes(objective), `B shows "${objective}" at once`);
          assert.ok((await (await fetch(`${a.base}${page}`)).text()).includes(objective), 'and so does A');
        }

        // ——— uploads: through A, downloaded from B ———
        const bytes = pdf('Acta de la mesa de trabajo');
        const upload = new FormData();
        upload.append('description', 'Acta firmada');
        upload.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'acta.pdf');
        const added = await fetch(`${a.base}/api/v1/workspace/commitments/${id}/evidence`, {
          method: 'POST',
          headers: { cookie: jar.header(), 'x-csrf-token': csrfToken },
          body: upload,
        });
        const addedBody = await added.text();
        assert.equal(added.status, 201, addedBody);
        const { id: evidenceId } = JSON.parse(addedBody) as { id: number };
        const download = await fetch(`${b.base}/evidencias/${evidenceId}/archivo`);
        assert.equal(download.status, 200);
        const got = Buffer.from(await download.arrayBuffer());
        assert.equal(
          createHash('sha256').update(got).digest('hex'),
          createHash('sha256').update(bytes).digest('hex'),
          'the same bytes from B',
        );
        assert.ok((await (await fetch(`${b.base}${page}`)).text()).includes('acta.pdf'), 'and B’s page lists it at once');

        // Signing out on B ends the session on A too.
        const out = await fetch(`${b.base}/cuenta/salir`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrfToken }).toString(),
        });
        assert.equal(out.status, 303);
        assert.equal(
          (await fetch(`${a.base}/api/v1/workspace/session`, { headers: { cookie: jar.header() } })).status,
          401,
          'signed out everywhere',
        );
      } finally {
        await holder.end().catch(() => undefined);
        const codes = await Promise.all(instances.map((i) => i.stop()));
        await watcher.end();
        assert.deepEqual(codes, [0, 0], instances.map((i) => i.stderr()).join('\n'));
      }
    });
  });
});
