import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildProgram } from '../../src/cli/main.js';
import { buildApp } from '../../src/http/app.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { vigia } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';
import { Visitor } from './support.js';

/**
 * `vigia user add` and `vigia user disable`: run as a person would, in their own process, for the main
 * cases; the many refusals through the same command parser in this process (a process start costs seconds).
 */
async function inProcess(args: string[], lang: 'es' | 'en' = 'es'): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let status = 0;
  const program = buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t), lang }, (code) => (status = code));
  await program.parseAsync(args, { from: 'user' });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('vigia user', () => {
  eachDatabase((db) => {
    // A describe of its own, so that its `after` (closing the store) runs before the database is dropped.
    describe('add and disable', () => {
      let url: string;
      let store: Store;
      let app: FastifyInstance;
      let env: Record<string, string>;
      let governmentId: number;
      let agencyId: number;
      const saved = { DATABASE_URL: process.env.DATABASE_URL, PUBLIC_URL: process.env.PUBLIC_URL };
      before(async () => {
        url = await db.freshUrl();
        env = { DATABASE_URL: url, PUBLIC_URL: 'http://vigia.example.test' };
        Object.assign(process.env, env);
        store = await openStore(url);
        app = await buildApp({ store, cacheCheckEveryMs: 0 });
        const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() });
        governmentId = await w.insert('governments', { name: 'Perú', kind: 'national', country_code: 'PE', lang: 'es' });
        agencyId = await w.insert('agencies', {
          government_id: governmentId,
          name: 'Presidencia del Consejo de Ministros',
          acronym: 'PCM',
          lang: 'es',
        });
      });
      after(async () => {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await app.close();
        await store.close();
      });

      test('user add prints a one-time link that works: the person chooses a password and signs in', async () => {
        const run = await vigia(
          ['user', 'add', '--email', 'Ana.Torres@PCM.example', '--name', 'Ana Torres', '--role', 'civil-society'],
          env,
        );
        assert.equal(run.status, 0, run.stderr);
        const [message, link] = run.stdout.trim().split('\n');
        assert.equal(
          message,
          'Cuenta creada: ana.torres@pcm.example (Sociedad civil). Envíe a esa persona este enlace para elegir su contraseña (vale 72 horas y se puede usar una sola vez):',
        );
        assert.match(link!, /^http:\/\/vigia\.example\.test\/cuenta\/clave\?token=[A-Za-z0-9_-]{43}$/);
        const url = new URL(link!);
        const v = new Visitor(app);
        const form = await v.get(url.pathname + url.search);
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /Elija la contraseña de la cuenta ana.torres@pcm.example/);
        const token = url.searchParams.get('token')!;
        const set = await v.post('/cuenta/clave', { token, password: 'mi primera contraseña', confirm: 'mi primera contraseña' });
        assert.equal(set.statusCode, 303);
        assert.equal((await new Visitor(app).signIn('ana.torres@pcm.example', 'mi primera contraseña')).statusCode, 303);
        assert.equal((await v.get(url.pathname + url.search)).statusCode, 410, 'used once');
        const entry = await store.db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity', '=', 'users')
          .where('action', '=', 'create')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        assert.equal(entry.actor, 'cli:user');
        assert.match(entry.after!, /"email":"ana.torres@pcm.example"/);
      });

      test('roles: an agency editor needs an agency (its government follows); a coordinator gets the only government', async () => {
        const missing = await vigia(['user', 'add', '--email', 'e1@example.test', '--name', 'Editor', '--role', 'agency-editor'], env);
        assert.equal(missing.status, 2);
        assert.equal(missing.stderr.trim(), 'Error: falta --agency.');
        const english = await inProcess(['user', 'add', '--email', 'e1@example.test', '--name', 'Editor', '--role', 'agency-editor'], 'en');
        assert.equal(english.stderr.trim(), 'Error: --agency is missing.');
        const editor = await inProcess([
          'user',
          'add',
          '--email',
          'e1@example.test',
          '--name',
          'Editor',
          '--role',
          'agency-editor',
          '--agency',
          String(agencyId),
        ]);
        assert.equal(editor.status, 0, editor.stderr);
        const coordinator = await inProcess([
          'user',
          'add',
          '--email',
          'c1@example.test',
          '--name',
          'Coordinación',
          '--role',
          'coordinator',
          '--language',
          'en',
        ]);
        assert.equal(coordinator.status, 0, coordinator.stderr);
        assert.match(coordinator.stdout, /\/en\/cuenta\/clave\?token=/);
        const rows = await store.db
          .selectFrom('users')
          .select(['email', 'role', 'agency_id', 'government_id', 'lang'])
          .where('email', 'in', ['e1@example.test', 'c1@example.test'])
          .orderBy('email')
          .execute();
        assert.deepEqual(
          rows.map((r) => ({ ...r, agency_id: r.agency_id === null ? null : Number(r.agency_id), government_id: Number(r.government_id) })),
          [
            { email: 'c1@example.test', role: 'coordinator', agency_id: null, government_id: governmentId, lang: 'en' },
            { email: 'e1@example.test', role: 'agency-editor', agency_id: agencyId, government_id: governmentId, lang: 'es' },
          ],
        );
      });

      test('refusals name the option and change nothing', async () => {
        const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() });
        await w.insert('governments', { name: 'Municipalidad de Lima', kind: 'local', country_code: 'PE', lang: 'es' });
        const count = async () => (await store.db.selectFrom('users').select('id').execute()).length;
        const before = await count();
        const cases: [string[], RegExp][] = [
          [
            ['--email', 'c2@example.test', '--name', 'C', '--role', 'coordinator'],
            /^Error: indique el gobierno con --government: hay 2 gobiernos\.$/,
          ],
          [['--email', 'x@example.test', '--name', 'X', '--role', 'boss'], /^Error: el valor de --role no es válido: «boss»\.$/],
          [
            ['--email', 'ANA.TORRES@pcm.example', '--name', 'Otra', '--role', 'reviewer'],
            /^Error: ya existe una cuenta con el correo ana\.torres@pcm\.example\.$/,
          ],
          [
            ['--email', 'no-es-un-correo', '--name', 'X', '--role', 'reviewer'],
            /^Error: el valor de --email no es válido: «no-es-un-correo»\.$/,
          ],
          [
            ['--email', 'y@example.test', '--name', 'Y', '--role', 'admin', '--agency', String(agencyId)],
            /^Error: --agency no corresponde al rol admin\.$/,
          ],
          [
            ['--email', 'z@example.test', '--name', 'Z', '--role', 'agency-editor', '--agency', '999'],
            /^Error: no existe la entidad 999\.$/,
          ],
          [['--email', 'z@example.test', '--role', 'reviewer'], /^Error: falta --name\.$/],
        ];
        for (const [args, message] of cases) {
          const run = await inProcess(['user', 'add', ...args]);
          assert.equal(run.status, 2, args.join(' '));
          assert.match(run.stderr.trim(), message);
        }
        assert.equal(await count(), before);
      });

      test('user disable ends the sessions and the account cannot sign in', async () => {
        const v = new Visitor(app);
        assert.equal((await v.signIn('ana.torres@pcm.example', 'mi primera contraseña')).statusCode, 303);
        const run = await vigia(['user', 'disable', '--email', 'Ana.Torres@pcm.example'], env);
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout.trim(), 'Cuenta desactivada: ana.torres@pcm.example. Sus sesiones se cerraron.');
        assert.equal((await v.get('/cuenta')).statusCode, 303);
        assert.equal((await new Visitor(app).signIn('ana.torres@pcm.example', 'mi primera contraseña')).statusCode, 401);
        const unknown = await inProcess(['user', 'disable', '--email', 'nobody@example.test'], 'en');
        assert.equal(unknown.status, 2);
        assert.equal(unknown.stderr.trim(), 'Error: there is no account with the email address nobody@example.test.');
      });
    });
  });
});
