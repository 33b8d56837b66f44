import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { rowCount, snapshot } from '../helpers/tables.js';

/**
 * The admin's pages and API: accounts created with a one-time link shown once, wrong input refused by
 * name with nothing stored, disabling that ends sessions (never one's own), agencies added and renamed
 * (a name twice in a government refused), everything in the audit log, and nobody else let in.
 */
describe('the admin: accounts and agencies', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let admin: SignedIn;
    let coordinator: SignedIn;
    let editor: SignedIn;
    let agencyId: number;
    let governmentId: number;

    /** A form as a browser posts it (url-encoded, with its CSRF token). */
    const postForm = (who: SignedIn, url: string, values: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...values, _csrf: who.csrf }).toString(),
      });
    const get = (who: SignedIn | null, url: string) => app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
    const api = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, lang: 'es' | 'en' = 'es') =>
      app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang },
        ...(payload ? { payload } : {}),
      });
    const summaryOf = (body: string) =>
      parse(body)
        .querySelectorAll('.error-summary li a')
        .map((a) => ({ href: a.getAttribute('href'), text: a.text }));
    const auditOf = (entity: string, entityId: number) =>
      store.db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
    const userByEmail = (email: string) => store.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

    before(async () => {
      const s = await seededApp(db);
      ({ app, store } = s);
      agencyId = (await commitmentSubject(store.db, s.commitment(4)))!.agency_id!;
      governmentId = Number((await store.db.selectFrom('governments').select('id').executeTakeFirstOrThrow()).id);
      admin = await signIn(app, store, { role: 'admin', name: 'Ada Admin' });
      coordinator = await signIn(app, store, { role: 'coordinator' });
      editor = await signIn(app, store, { role: 'agency-editor', agencyId });
    });
    after(async () => app.close());

    test('the workspace home links to the admin pages for admins only', async () => {
      const home = parse((await get(admin, '/espacio')).body);
      assert.ok(home.querySelector('a[href="/espacio/admin/cuentas"]'));
      assert.ok(home.querySelector('a[href="/espacio/admin/entidades"]'));
      const english = parse((await get(admin, '/en/espacio')).body);
      assert.ok(english.querySelector('a[href="/en/espacio/admin/cuentas"]'));
      for (const who of [coordinator, editor]) {
        const page = (await get(who, '/espacio')).body;
        assert.doesNotMatch(page, /\/espacio\/admin\//);
      }
    });

    test('an account created through the form: the one-time link is shown once, and it works', async () => {
      const page = await get(admin, '/espacio/admin/cuentas');
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /Ada Admin/);

      const res = await postForm(admin, '/espacio/admin/cuentas', {
        email: ' Nueva.Editora@Example.TEST ',
        name: 'Nueva Editora',
        role: 'agency-editor',
        agency: String(agencyId),
        government: '',
        language: 'en',
      });
      assert.equal(res.statusCode, 201, res.body.slice(0, 500));
      const html = parse(res.body);
      const link = html.querySelector('#one-time-link')!.getAttribute('value')!;
      // The person reads English: the link opens the English page.
      assert.match(link, /\/en\/cuenta\/clave\?token=[A-Za-z0-9_-]{43}$/);
      assert.match(html.querySelector('main')!.text, /nueva\.editora@example\.test/);
      const opened = await app.inject(new URL(link).pathname + new URL(link).search);
      assert.equal(opened.statusCode, 200, 'the link opens the page to choose a password');
      assert.match(opened.body, /nueva\.editora@example\.test/);

      const stored = (await userByEmail('nueva.editora@example.test'))!;
      assert.equal(stored.role, 'agency-editor');
      assert.equal(Number(stored.agency_id), agencyId);
      assert.equal(Number(stored.government_id), governmentId, 'the agency’s government');
      assert.equal(stored.lang, 'en');
      assert.equal(stored.password_hash, null);
      const audit = await auditOf('users', Number(stored.id));
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'create');
      assert.equal(audit[0]!.actor, `user:${admin.actor.userId}`);

      // Shown once: the list afterwards has the account, never the link.
      const again = await get(admin, '/espacio/admin/cuentas');
      assert.equal(parse(again.body).querySelector('#one-time-link'), null);
      assert.match(again.body, /nueva\.editora@example\.test/);
      assert.ok(!again.body.includes(new URL(link).searchParams.get('token')!));
    });

    test('the same through the API: 201 with the link; the list has the account', async () => {
      const res = await api(admin, 'POST', '/api/v1/workspace/admin/accounts', {
        email: 'revisora@example.test',
        name: 'Revisora',
        role: 'reviewer',
        government: governmentId,
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const { account, link, expiresAt } = res.json();
      assert.equal(account.email, 'revisora@example.test');
      assert.equal(account.government.id, governmentId);
      assert.equal(account.hasPassword, false);
      assert.match(link, /^http.*\/cuenta\/clave\?token=/);
      assert.ok(Date.parse(expiresAt) > Date.now() + 71 * 3600_000);
      assert.equal((await app.inject(new URL(link).pathname + new URL(link).search)).statusCode, 200);
      const list = await api(admin, 'GET', '/api/v1/workspace/admin/accounts');
      assert.equal(list.statusCode, 200);
      const listed = list.json().accounts.find((a: { email: string }) => a.email === 'revisora@example.test');
      assert.equal(listed.role, 'reviewer');
      assert.equal(listed.disabled, false);
      assert.ok(!JSON.stringify(list.json()).includes('password_hash'));
    });

    test('wrong input is refused naming the field, in both languages, and nothing is stored', async () => {
      const cases: [values: Record<string, string>, field: string, es: RegExp, en: RegExp][] = [
        [{ email: 'no-es-un-correo', name: 'Alguien', role: 'reviewer' }, 'email', /correo electrónico válido/, /valid email address/],
        [
          { email: 'sin-entidad@example.test', name: 'Alguien', role: 'agency-editor', agency: '' },
          'agency',
          /Complete «Entidad»/,
          /Fill in “Agency”/,
        ],
        [{ email: 'campo@example.test', name: 'Alguien', role: 'reviewer', isAdmin: '1' }, 'isAdmin', /isAdmin/, /isAdmin/],
        [{ email: 'rol@example.test', name: 'Alguien', role: 'superuser' }, 'role', /«Rol»/, /“Role”/],
        [
          { email: 'admin2@example.test', name: 'Alguien', role: 'admin', government: String(governmentId) },
          'government',
          /no llevan gobierno/,
          /have no government/,
        ],
        [{ email: admin.actor.email, name: 'Otra vez', role: 'reviewer' }, 'email', /Ya existe una cuenta/, /already an account/],
      ];
      for (const [values, field, es, en] of cases) {
        for (const lang of ['es', 'en'] as const) {
          const before = await snapshot(store);
          const users = await rowCount(store, 'users');
          const res = await postForm(admin, `${lang === 'en' ? '/en' : ''}/espacio/admin/cuentas`, values);
          assert.equal(res.statusCode, 400, `${field}: ${res.body.slice(0, 300)}`);
          const summary = summaryOf(res.body);
          assert.deepEqual(
            summary.map((s) => s.href),
            [`#f-acc-${field}`],
            `${field} (${lang})`,
          );
          assert.match(summary[0]!.text, lang === 'es' ? es : en);
          const page = parse(res.body);
          if (field !== 'isAdmin') {
            assert.equal(page.querySelector(`#f-acc-${field}`)!.getAttribute('aria-invalid'), 'true');
            assert.ok(page.querySelector(`#f-acc-${field}-error`), 'the message beside the field');
          }
          assert.equal(page.querySelector('#f-acc-name')!.getAttribute('value'), values.name, 'kept as typed');
          assert.equal(page.querySelector('#one-time-link'), null);
          assert.deepEqual(await snapshot(store), before, 'nothing stored');
          assert.equal(await rowCount(store, 'users'), users);
        }
        const json = await api(admin, 'POST', '/api/v1/workspace/admin/accounts', values);
        assert.equal(json.statusCode, 400);
        assert.equal(json.json().error.code, 'invalid_input');
        assert.deepEqual(Object.keys(json.json().error.fields), [field]);
        assert.match(json.json().error.fields[field], es);
      }
    });

    test('disabling an account ends its sessions at once; the page says so; the audit log has it', async () => {
      const target = await signIn(app, store, { role: 'reviewer', name: 'Rita Revisora' });
      assert.equal((await get(target, '/espacio')).statusCode, 200);
      const page = parse((await get(admin, '/espacio/admin/cuentas')).body);
      const button = page.querySelector(`form[action="/espacio/admin/cuentas/${target.actor.userId}/desactivar"] button`);
      assert.ok(button, 'a button (a form with its token) on the account’s row');
      const res = await postForm(admin, `/espacio/admin/cuentas/${target.actor.userId}/desactivar`, { confirm: '1' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/espacio/admin/cuentas?aviso=disabled');
      const after = await get(target, '/espacio');
      assert.equal(after.statusCode, 303);
      assert.match(String(after.headers.location), /^\/cuenta\/ingresar\?volver=/);
      const sessions = await store.db.selectFrom('sessions').select('id').where('user_id', '=', target.actor.userId).execute();
      assert.equal(sessions.length, 0);
      const list = parse((await get(admin, '/espacio/admin/cuentas?aviso=disabled')).body);
      assert.match(list.querySelector('.notice[role="status"]')!.text, /desactivó/);
      assert.match(list.querySelector(`#cuenta-${target.actor.userId}`)!.text, /Desactivada/);
      const audit = await auditOf('users', target.actor.userId);
      assert.equal(audit.at(-1)!.action, 'update');
      assert.equal(audit.at(-1)!.actor, `user:${admin.actor.userId}`);
      assert.deepEqual(JSON.parse(audit.at(-1)!.after!), { disabled: 1 });

      // Through the API; twice changes nothing the second time.
      const other = await signIn(app, store, { role: 'civil-society' });
      const first = await api(admin, 'POST', `/api/v1/workspace/admin/accounts/${other.actor.userId}/disable`);
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json(), { id: other.actor.userId, disabled: true, changed: true });
      assert.equal((await get(other, '/cuenta')).statusCode, 303);
      const entries = (await auditOf('users', other.actor.userId)).length;
      const second = await api(admin, 'POST', `/api/v1/workspace/admin/accounts/${other.actor.userId}/disable`);
      assert.equal(second.json().changed, false);
      assert.equal((await auditOf('users', other.actor.userId)).length, entries);
      assert.equal((await api(admin, 'POST', '/api/v1/workspace/admin/accounts/999999/disable')).statusCode, 404);
    });

    test('an admin cannot disable their own account: a clear refusal, and nothing changes', async () => {
      const page = parse((await get(admin, '/espacio/admin/cuentas')).body);
      assert.equal(
        page.querySelector(`form[action="/espacio/admin/cuentas/${admin.actor.userId}/desactivar"]`),
        null,
        'no button on one’s own row',
      );
      for (const lang of ['es', 'en'] as const) {
        const before = await snapshot(store);
        const res = await postForm(admin, `${lang === 'en' ? '/en' : ''}/espacio/admin/cuentas/${admin.actor.userId}/desactivar`, {
          confirm: '1',
        });
        assert.equal(res.statusCode, 400);
        assert.match(
          parse(res.body).querySelector('.error-summary')!.text,
          lang === 'es' ? /No puede desactivar su propia cuenta/ : /cannot disable your own account/,
        );
        assert.deepEqual(await snapshot(store), before);
      }
      const json = await api(admin, 'POST', `/api/v1/workspace/admin/accounts/${admin.actor.userId}/disable`);
      assert.equal(json.statusCode, 400);
      assert.match(json.json().error.fields.id, /propia cuenta/);
      assert.equal(Number((await userByEmail(admin.actor.email))!.disabled), 0);
      assert.equal((await get(admin, '/espacio/admin/cuentas')).statusCode, 200, 'still signed in');
    });

    test('a new link to choose a password goes by mail (here, to the log) through the reset-link service', async () => {
      const target = await signIn(app, store, { role: 'reviewer' });
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
      let res;
      try {
        res = await postForm(admin, `/espacio/admin/cuentas/${target.actor.userId}/enlace`, {});
      } finally {
        process.stderr.write = write;
      }
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/espacio/admin/cuentas?aviso=link-logged');
      const mail = written.join('');
      assert.match(mail, new RegExp(`To: ${target.actor.email}`));
      const link = mail.match(/https?:\/\/\S+\/cuenta\/clave\?token=\S+/)![0];
      assert.equal((await app.inject(new URL(link).pathname + new URL(link).search)).statusCode, 200);
      const tokens = await store.db.selectFrom('account_tokens').select('purpose').where('user_id', '=', target.actor.userId).execute();
      assert.deepEqual(
        tokens.map((t) => t.purpose),
        ['reset-password'],
      );
      // A disabled account gets none.
      const gone = await signIn(app, store, { role: 'reviewer' });
      await postForm(admin, `/espacio/admin/cuentas/${gone.actor.userId}/desactivar`, { confirm: '1' });
      const refused = await api(admin, 'POST', `/api/v1/workspace/admin/accounts/${gone.actor.userId}/password-link`);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.fields.id, /desactivada/);
    });

    test('an agency added and renamed shows on the public list; a name twice in a government is refused', async () => {
      const page = parse((await get(admin, '/espacio/admin/entidades')).body);
      assert.ok(page.querySelector(`#entidad-${agencyId}`), 'the seeded agencies are listed');
      assert.match(page.querySelector(`#entidad-${agencyId}`)!.text, /\d/);

      const added = await postForm(admin, '/espacio/admin/entidades', {
        government: String(governmentId),
        name: 'Agencia de Pruebas Digitales',
        acronym: 'APD',
      });
      assert.equal(added.statusCode, 303, added.body.slice(0, 400));
      assert.equal(added.headers.location, '/espacio/admin/entidades?aviso=agency-added');
      const row = (await store.db
        .selectFrom('agencies')
        .selectAll()
        .where('name', '=', 'Agencia de Pruebas Digitales')
        .executeTakeFirst())!;
      assert.equal(row.acronym, 'APD');
      assert.equal(Number(row.government_id), governmentId);
      const id = Number(row.id);
      let pub = await app.inject('/entidades');
      assert.match(pub.body, /Agencia de Pruebas Digitales \(APD\)/);

      // The same name, written otherwise (case, accents): refused, naming the field and the agency there is.
      for (const [lang, name] of [
        ['es', 'AGENCIA DE PRUEBAS DIGITÁLES'],
        ['en', 'agencia de pruebas digitales'],
      ] as const) {
        const before = await snapshot(store);
        const dup = await postForm(admin, `${lang === 'en' ? '/en' : ''}/espacio/admin/entidades`, {
          government: String(governmentId),
          name,
          acronym: '',
        });
        assert.equal(dup.statusCode, 400);
        const summary = summaryOf(dup.body);
        assert.deepEqual(
          summary.map((s) => s.href),
          ['#f-new-name'],
        );
        assert.match(
          summary[0]!.text,
          lang === 'es'
            ? /Ya existe una entidad con ese nombre en este gobierno: «Agencia de Pruebas Digitales»/
            : /already an agency with that name/,
        );
        assert.equal(parse(dup.body).querySelector('#f-new-name')!.getAttribute('value'), name);
        assert.deepEqual(await snapshot(store), before);
      }

      // Renamed (and its acronym removed); a rename onto another agency's name is refused.
      const seededName = (await store.db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirstOrThrow()).name;
      const before = await snapshot(store);
      const clash = await postForm(admin, `/espacio/admin/entidades/${id}`, { name: seededName, acronym: 'APD' });
      assert.equal(clash.statusCode, 400);
      assert.deepEqual(
        summaryOf(clash.body).map((s) => s.href),
        [`#f-a${id}-name`],
      );
      assert.equal(parse(clash.body).querySelector(`#entidad-${id} details`)!.getAttribute('open'), '', 'the form that failed is open');
      assert.deepEqual(await snapshot(store), before);

      const renamed = await postForm(admin, `/espacio/admin/entidades/${id}`, { name: 'Agencia Nacional de Pruebas', acronym: '' });
      assert.equal(renamed.statusCode, 303);
      assert.equal(renamed.headers.location, '/espacio/admin/entidades?aviso=agency-saved');
      pub = await app.inject('/entidades');
      assert.match(pub.body, /Agencia Nacional de Pruebas/);
      assert.doesNotMatch(pub.body, /Agencia de Pruebas Digitales/);
      assert.equal((await app.inject(`/entidades/${id}`)).statusCode, 200);
      // Its own name again: not a duplicate of itself.
      const same = await postForm(admin, `/en/espacio/admin/entidades/${id}`, { name: 'Agencia Nacional de Pruebas', acronym: '' });
      assert.equal(same.headers.location, '/en/espacio/admin/entidades?aviso=agency-unchanged');

      const audit = await auditOf('agencies', id);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['create', 'update'],
      );
      assert.ok(audit.every((a) => a.actor === `user:${admin.actor.userId}`));
      assert.deepEqual(JSON.parse(audit[1]!.before!), { name: 'Agencia de Pruebas Digitales', acronym: 'APD' });
      assert.deepEqual(JSON.parse(audit[1]!.after!), { name: 'Agencia Nacional de Pruebas', acronym: null });

      // Unknown fields and a missing government are refused by name.
      const unknown = await postForm(admin, '/espacio/admin/entidades', { government: '', name: 'Otra', acronym: '', parent: '3' });
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual(
        summaryOf(unknown.body)
          .map((s) => s.href)
          .sort(),
        ['#f-new-government', '#f-new-parent'],
      );
    });

    test('agencies through the API: listed per government, added (201), renamed, duplicates refused', async () => {
      const list = await api(admin, 'GET', '/api/v1/workspace/admin/agencies');
      assert.equal(list.statusCode, 200);
      const gov = list.json().governments.find((g: { id: number }) => g.id === governmentId);
      const seeded = gov.agencies.find((a: { id: number }) => a.id === agencyId);
      assert.ok(seeded.commitments >= 1, 'how many commitments it leads');

      const created = await api(admin, 'POST', '/api/v1/workspace/admin/agencies', {
        government: governmentId,
        name: 'Oficina de Datos Abiertos',
        acronym: 'ODA',
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json();
      const dup = await api(
        admin,
        'POST',
        '/api/v1/workspace/admin/agencies',
        { government: governmentId, name: 'Oficina de datos abiertos' },
        'en',
      );
      assert.equal(dup.statusCode, 400);
      assert.match(dup.json().error.fields.name, /already an agency/);
      const put = await api(admin, 'PUT', `/api/v1/workspace/admin/agencies/${id}`, {
        name: 'Oficina Nacional de Datos Abiertos',
        acronym: 'ONDA',
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json(), { id, changed: true });
      const bad = await api(admin, 'PUT', `/api/v1/workspace/admin/agencies/${id}`, { name: '', governmentId: 2 });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['governmentId', 'name']);
      assert.equal((await api(admin, 'PUT', '/api/v1/workspace/admin/agencies/999999', { name: 'X' })).statusCode, 404);
      assert.match((await app.inject('/entidades')).body, /Oficina Nacional de Datos Abiertos \(ONDA\)/);
      assert.deepEqual(
        (await auditOf('agencies', id)).map((a) => a.action),
        ['create', 'update'],
      );
    });

    test('nobody but an admin gets in: 403 for the other roles, sign-in or 401 for visitors', async () => {
      const before = await snapshot(store);
      for (const who of [coordinator, editor]) {
        assert.equal((await get(who, '/espacio/admin/cuentas')).statusCode, 403);
        assert.equal((await get(who, '/en/espacio/admin/entidades')).statusCode, 403);
        assert.equal(
          (await postForm(who, '/espacio/admin/cuentas', { email: 'x@example.test', name: 'X', role: 'admin' })).statusCode,
          403,
        );
        assert.equal((await postForm(who, `/espacio/admin/entidades/${agencyId}`, { name: 'Tomada' })).statusCode, 403);
        assert.equal((await postForm(who, `/espacio/admin/cuentas/${admin.actor.userId}/desactivar`, {})).statusCode, 403);
        assert.equal((await api(who, 'GET', '/api/v1/workspace/admin/accounts')).statusCode, 403);
        assert.equal(
          (await api(who, 'POST', '/api/v1/workspace/admin/agencies', { government: governmentId, name: 'Intrusa' })).statusCode,
          403,
        );
      }
      const anonymous = await get(null, '/espacio/admin/cuentas');
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/cuenta\/ingresar\?volver=/);
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/workspace/admin/agencies' })).statusCode, 401);
      assert.deepEqual(await snapshot(store), before);
    });
  });
});
