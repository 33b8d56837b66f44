import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import BetterSqlite3 from '../../src/storage/sqlite-driver.js';
import { sql } from 'kysely';
import { openStore, parseDatabaseUrl } from '../../src/storage/connect.js';
import { vigia } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { planWithCoordinator, startServeProcess as start } from '../helpers/serve-process.js';

/**
 * `vigia serve` killed with SIGKILL in the middle of a burst of writes (issue 9): every write that got a
 * success answer is there after a restart, with its audit entry; the database is intact (SQLite:
 * integrity_check and foreign_key_check; both: every table readable, `vigia audit verify` passes).
 * A write answered before its commit, or a commit not made durable, fails this test.
 */
const WORKERS = 8;
/** SIGKILL once this many writes have been answered with success. */
const KILL_AFTER = 60;

type Acked =
  | { kind: 'evidence'; id: number; url: string }
  | { kind: 'activity'; id: number; title: string }
  | { kind: 'source'; id: number; text: string }
  | { kind: 'edit'; id: number; title: string; next: string };

describe('SIGKILL in the middle of a burst of writes', () => {
  eachDatabase((db) => {
    test('every acknowledged write survives, the database is intact, the audit chain verifies', async () => {
      const url = await db.freshUrl();
      const { plan, cookie, csrf } = await planWithCoordinator(url);

      const server = await start(url);
      const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${server.base}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const commitments = Object.values(plan.commitments);
      const ownActivities = Object.values(plan.activities);
      const acked: Acked[] = [];
      let failed = 0;
      let killed = false;

      // Each worker writes in turn: an evidence link, an activity, a source, an edit of "its" activity
      // (one writer per activity: the last acknowledged title is known).
      const worker = async (w: number) => {
        const c = commitments[w % commitments.length]!;
        const mine = ownActivities[w % ownActivities.length]!;
        for (let k = 0; !killed; k++) {
          const tag = `w${w}-k${k}`;
          try {
            switch (k % 4) {
              case 0: {
                const link = `https://www.gob.pe/evidencia/${tag}.pdf`;
                const r = await call('POST', `/api/v1/workspace/commitments/${c}/evidence`, { url: link, description: `Evidencia ${tag}` });
                assert.equal(r.status, 201, JSON.stringify(r.json));
                acked.push({ kind: 'evidence', id: Number(r.json.id), url: link });
                break;
              }
              case 1: {
                const title = `Actividad ${tag}`;
                const r = await call('POST', `/api/v1/workspace/commitments/${c}/activities`, {
                  title,
                  plannedStart: '2026-02-01',
                  plannedEnd: '2026-03-31',
                  status: 'in-progress',
                });
                assert.equal(r.status, 201, JSON.stringify(r.json));
                acked.push({ kind: 'activity', id: Number(r.json.id), title });
                break;
              }
              case 2: {
                const text = `Oficio ${tag}`;
                const r = await call('POST', `/api/v1/workspace/commitments/${c}/sources`, { text });
                assert.equal(r.status, 201, JSON.stringify(r.json));
                acked.push({ kind: 'source', id: Number(r.json.id), text });
                break;
              }
              default: {
                if (w >= ownActivities.length) break;
                const current = await call('GET', `/api/v1/workspace/activities/${mine}`);
                const title = `Editada ${tag}`;
                const r = await call('PUT', `/api/v1/workspace/activities/${mine}`, { title, version: current.json.version });
                assert.equal(r.status, 200, JSON.stringify(r.json));
                acked.push({ kind: 'edit', id: mine, title, next: `Editada w${w}-k${k + 4}` });
              }
            }
          } catch (e) {
            // After the kill, writes in flight fail with a network error: neither acknowledged nor checked.
            if (!killed) throw e;
            failed++;
          }
          if (!killed && acked.length >= KILL_AFTER) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      assert.equal(await server.exited, 'SIGKILL');
      assert.ok(acked.length >= KILL_AFTER);

      // Restarted on the same database: it starts (SQLite replays its WAL) and serves what was acknowledged.
      const again = await start(url);
      try {
        const sample = acked.find((a) => a.kind === 'activity')!;
        const seen = await fetch(`${again.base}/api/v1/workspace/activities/${sample.id}`, { headers });
        assert.equal(seen.status, 200);
      } finally {
        again.child.kill('SIGTERM');
        assert.equal(await again.exited, 0, again.output());
      }

      const store = await openStore(url, { migrate: false });
      try {
        const missing: string[] = [];
        const lastEdit = new Map<number, { title: string; next: string }>();
        for (const a of acked) {
          if (a.kind === 'evidence') {
            const row = await store.db.selectFrom('evidence').select('url').where('id', '=', a.id).executeTakeFirst();
            if (row?.url !== a.url) missing.push(`evidence ${a.id}`);
          } else if (a.kind === 'activity') {
            const row = await store.db.selectFrom('activities').select('title').where('id', '=', a.id).executeTakeFirst();
            if (row?.title !== a.title) missing.push(`activity ${a.id}`);
          } else if (a.kind === 'source') {
            const row = await store.db.selectFrom('sources').select('text').where('id', '=', a.id).executeTakeFirst();
            if (row?.text !== a.text) missing.push(`source ${a.id}`);
          } else lastEdit.set(a.id, { title: a.title, next: a.next });
          if (a.kind !== 'edit') {
            const entity = a.kind === 'activity' ? 'activities' : a.kind === 'source' ? 'sources' : 'evidence';
            const audit = await store.db
              .selectFrom('audit_log')
              .select('id')
              .where('entity', '=', entity)
              .where('entity_id', '=', a.id)
              .where('action', '=', 'create')
              .executeTakeFirst();
            if (!audit) missing.push(`audit entry of ${entity} ${a.id}`);
          }
        }
        // An edited activity holds its last acknowledged title, or the next one (in flight at the kill, committed).
        for (const [id, { title, next }] of lastEdit) {
          const row = await store.db.selectFrom('activities').select('title').where('id', '=', id).executeTakeFirstOrThrow();
          if (row.title !== title && row.title !== next) missing.push(`edit of activity ${id}: ${row.title} instead of ${title}`);
        }
        assert.deepEqual(missing, [], `acknowledged ${acked.length}, failed in flight ${failed}`);
        console.log(
          `[sigkill ${db.kind}] acknowledged and found: ${acked.length} (${lastEdit.size} activities edited), in flight at the kill: ${failed}`,
        );

        // Every table readable to its end.
        const tables = await store.db.introspection.getTables();
        assert.ok(tables.length > 20);
        for (const t of tables) await sql`select count(*) as n from ${sql.table(t.name)}`.execute(store.db);
      } finally {
        await store.close();
      }
      if (db.kind === 'sqlite') {
        const file = new BetterSqlite3(parseDatabaseUrl(url).target, { readonly: true });
        try {
          assert.deepEqual(file.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
          assert.deepEqual(file.pragma('foreign_key_check'), []);
        } finally {
          file.close();
        }
      }
      const verify = await vigia(['audit', 'verify'], { DATABASE_URL: url });
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /íntegr|intact|correct/i);
    });
  });
});
