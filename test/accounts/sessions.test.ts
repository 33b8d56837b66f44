import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { disableAccount, SIGN_IN_LIMITS, signInKeys } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { accountWithPassword, emptyApp, errorSummary, mainText, PASSWORD, setCookies, Visitor } from './support.js';

/** Sign-in, sessions and their ends, CSRF, the limits on attempts, redirects: on both databases. */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe('accounts: signing in and sessions', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    before(async () => {
      ({ store, app } = await emptyApp(db));
    });
    after(() => app.close());

    const sessionCount = async (userId: number) =>
      Number(
        (
          await store.db
            .selectFrom('sessions')
            .select(store.db.fn.countAll<number>().as('n'))
            .where('user_id', '=', userId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('sign in: a new session, its cookie HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP; signed-in pages are no-store', async () => {
      const a = await accountWithPassword(store, { name: 'Ana Torres' });
      const v = new Visitor(app);
      const form = await v.get('/cuenta/ingresar');
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      assert.ok(v.csrf, 'the form carries a CSRF token');
      const res = await v.signIn(a.email.toUpperCase(), a.password);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/cuenta');
      const cookie = setCookies(res).find((c) => c.name === 'vigia_session')!;
      assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(
        cookie.attributes
          .map((x) => x.split('=')[0]!.toLowerCase())
          .filter((x) => x !== 'max-age' && x !== 'expires')
          .sort(),
        ['httponly', 'path', 'samesite'],
      );
      assert.ok(cookie.attributes.includes('SameSite=Lax') && cookie.attributes.includes('Path=/'));
      const maxAge = Number(cookie.attributes.find((x) => x.startsWith('Max-Age='))!.slice(8));
      assert.ok(maxAge > 11 * 3600 && maxAge <= 12 * 3600, `Max-Age ${maxAge}`);
      // Only the token's hash is stored.
      const row = await store.db.selectFrom('sessions').selectAll().where('user_id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(row.id, sha256(cookie.value));
      assert.equal((await store.db.selectFrom('sessions').select('id').where('id', '=', cookie.value).execute()).length, 0);

      const account = await v.get('/cuenta');
      assert.equal(account.statusCode, 200);
      assert.equal(account.headers['cache-control'], 'no-store');
      assert.match(mainText(account.body), /Ana Torres/);
      assert.match(mainText(account.body), /Sociedad civil/);
      // Any page a signed-in person gets, public ones included.
      const home = await v.get('/');
      assert.equal(home.headers['cache-control'], 'no-store');
      const anonymousHome = await app.inject('/');
      assert.notEqual(anonymousHome.headers['cache-control'], 'no-store');
    });

    test('the session id changes at every sign-in, and the previous session is deleted', async () => {
      const a = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.signIn(a.email, a.password);
      const first = v.cookies.get('vigia_session')!;
      await v.signIn(a.email, a.password);
      const second = v.cookies.get('vigia_session')!;
      assert.notEqual(first, second);
      assert.equal(await sessionCount(a.id), 1);
      const old = await app.inject({ url: '/cuenta', headers: { cookie: `vigia_session=${first}` } });
      assert.equal(old.statusCode, 303, 'the old cookie no longer signs anyone in');
      assert.match(old.headers.location as string, /^\/cuenta\/ingresar\?volver=/);
    });

    test('a wrong password and an unknown account get the same answer', async () => {
      const a = await accountWithPassword(store);
      const wrong = await new Visitor(app).signIn(a.email, 'not the right password');
      const unknown = await new Visitor(app).signIn('nobody-here@example.test', 'not the right password');
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, wrong.statusCode);
      assert.equal(errorSummary(wrong.body), errorSummary(unknown.body));
      assert.match(errorSummary(wrong.body), /El correo electrónico o la contraseña no son correctos/);
      assert.equal(
        setCookies(wrong).some((c) => c.name === 'vigia_session'),
        false,
      );
      // The email is kept as typed, the password never.
      const v = new Visitor(app);
      await v.signIn('  Typed@Example.test ', 'secret secret secret');
      assert.match(v.html, /value=" {2}Typed@Example.test "/);
      assert.doesNotMatch(v.html, /secret secret secret/);
      // Empty fields: a message next to each, in the summary too, linked to the field.
      const empty = await v.post('/cuenta/ingresar', { email: '', password: '' });
      assert.equal(empty.statusCode, 400);
      assert.equal(errorSummary(empty.body), 'Hay un problema | Escriba su correo electrónico | Escriba su contraseña');
      assert.match(empty.body, /<a href="#email">/);
      assert.match(empty.body, /<title>Error: Ingresar/);
      const en = new Visitor(app);
      await en.get('/en/cuenta/ingresar');
      const english = await en.post('/en/cuenta/ingresar', { email: a.email, password: 'nope nope nope' });
      assert.match(errorSummary(english.body), /The email address or the password is not right/);
    });

    test(`at most ${SIGN_IN_LIMITS.perAccountAndAddress} failures per account and address in ${SIGN_IN_LIMITS.windowMinutes} minutes, existing or not, the same message`, async () => {
      const a = await accountWithPassword(store);
      const ip = '192.0.2.10';
      for (const email of [a.email, 'ghost@example.test']) {
        const v = new Visitor(app, ip);
        for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndAddress; i++)
          assert.equal((await v.signIn(email, `wrong password ${i}`)).statusCode, 401);
        const limited = await v.signIn(email, email === a.email ? a.password : 'anything at all');
        assert.equal(limited.statusCode, 429, email);
        assert.match(errorSummary(limited.body), /demasiados intentos fallidos/);
        // Another address is not limited: the pair is, not the account (issue 17).
        assert.equal((await new Visitor(app, '192.0.2.11').signIn(email, a.password)).statusCode, email === a.email ? 303 : 401);
      }
      // After the window the address may try again.
      await store.db
        .updateTable('login_attempts')
        .set({ at: minutesAgo(SIGN_IN_LIMITS.windowMinutes + 1) })
        .where('key', '=', signInKeys(a.email, ip).pair)
        .execute();
      assert.equal((await new Visitor(app, ip).signIn(a.email, a.password)).statusCode, 303);
    });

    test(`at most ${SIGN_IN_LIMITS.perAddress} failures per address, whichever accounts they try`, async () => {
      const a = await accountWithPassword(store);
      const ip = '198.51.100.7';
      for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
        assert.equal((await new Visitor(app, ip).signIn(`someone${i}@example.test`, 'a wrong password')).statusCode, 401);
      }
      assert.equal((await new Visitor(app, ip).signIn(a.email, a.password)).statusCode, 429);
      assert.equal((await new Visitor(app, '198.51.100.8').signIn(a.email, a.password)).statusCode, 303, 'another address may sign in');
    });

    test('a session ends after 30 minutes without requests, and after 12 hours whatever happens', async () => {
      const a = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.signIn(a.email, a.password);
      const id = sha256(v.cookies.get('vigia_session')!);
      // Active: last seen two minutes ago is touched (at most once a minute).
      await store.db
        .updateTable('sessions')
        .set({ last_seen_at: minutesAgo(2) })
        .where('id', '=', id)
        .execute();
      assert.equal((await v.get('/cuenta')).statusCode, 200);
      const touched = await store.db.selectFrom('sessions').select('last_seen_at').where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(Date.parse(touched.last_seen_at) > Date.now() - 60_000);
      // Idle for 31 minutes: over.
      await store.db
        .updateTable('sessions')
        .set({ last_seen_at: minutesAgo(31) })
        .where('id', '=', id)
        .execute();
      const idle = await v.get('/cuenta');
      assert.equal(idle.statusCode, 303);
      assert.ok(
        setCookies(idle).some((c) => c.name === 'vigia_session' && c.value === ''),
        'the cookie is cleared',
      );
      assert.equal(await sessionCount(a.id), 0);

      await v.signIn(a.email, a.password);
      const id2 = sha256(v.cookies.get('vigia_session')!);
      // Active a minute ago, but started 12 hours ago: over.
      await store.db
        .updateTable('sessions')
        .set({ created_at: minutesAgo(12 * 60 + 1), expires_at: minutesAgo(1), last_seen_at: minutesAgo(1) })
        .where('id', '=', id2)
        .execute();
      assert.equal((await v.get('/cuenta')).statusCode, 303);
      assert.equal(await sessionCount(a.id), 0);
    });

    test('signing out ends the session on the server: the old cookie no longer works', async () => {
      const a = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.signIn(a.email, a.password);
      const token = v.cookies.get('vigia_session')!;
      await v.get('/cuenta');
      const out = await v.post('/cuenta/salir', {});
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/cuenta/ingresar?aviso=salida');
      assert.equal(await sessionCount(a.id), 0);
      const replay = await app.inject({ url: '/cuenta', headers: { cookie: `vigia_session=${token}` } });
      assert.equal(replay.statusCode, 303);
      const notice = await v.get(out.headers.location as string);
      assert.match(mainText(notice.body), /Salió de su cuenta/);
    });

    test('disabling an account ends its sessions; it cannot sign in again', async () => {
      const a = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.signIn(a.email, a.password);
      assert.equal((await v.get('/cuenta')).statusCode, 200);
      await disableAccount(store, a.email, { actor: 'test', now: new Date() });
      assert.equal(await sessionCount(a.id), 0);
      assert.equal((await v.get('/cuenta')).statusCode, 303);
      const again = await new Visitor(app).signIn(a.email, a.password);
      assert.equal(again.statusCode, 401, 'the same answer as a wrong password');
      // Also when the flag is set by other means, the next request ends the session.
      const b = await accountWithPassword(store);
      const w = new Visitor(app);
      await w.signIn(b.email, b.password);
      await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', b.id).execute();
      assert.equal((await w.get('/cuenta')).statusCode, 303);
      assert.equal(await sessionCount(b.id), 0);
    });

    test('CSRF: a POST without a token, or with a wrong one, is refused with 403 and says why, in the page’s language', async () => {
      const a = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.get('/cuenta/ingresar');
      const none = await v.post('/cuenta/ingresar', { _csrf: null, email: a.email, password: a.password });
      assert.equal(none.statusCode, 403);
      assert.match(mainText(none.body), /el formulario venció o no se envió desde Vigía/);
      const wrong = await v.post('/cuenta/ingresar', { _csrf: 'abc-def', email: a.email, password: a.password });
      assert.equal(wrong.statusCode, 403);
      const en = await v.post('/en/cuenta/ingresar', { _csrf: null, email: a.email, password: a.password });
      assert.match(mainText(en.body), /the form has expired or was not sent from Vigía/);
      // A token without its cookie (another browser's token) is refused too.
      const stranger = new Visitor(app);
      const stolen = await stranger.post('/cuenta/ingresar', { _csrf: v.csrf, email: a.email, password: a.password });
      assert.equal(stolen.statusCode, 403);
      // A signed-in person's POST without the token: refused, and the session is still there.
      const s = await signIn(app, store, { role: 'civil-society' });
      const out = await app.inject({ method: 'POST', url: '/cuenta/salir', headers: { cookie: s.cookie } });
      assert.equal(out.statusCode, 403);
      assert.equal(await sessionCount(s.actor.userId), 1);
      // Any route, any unsafe method, JSON answers for the API.
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        const api = await app.inject({
          method,
          url: '/api/v1/plans',
          headers: { cookie: s.cookie, 'content-type': 'application/json' },
          payload: '{}',
        });
        assert.equal(api.statusCode, 403, method);
        assert.equal(api.json().error.code, 'csrf_token_invalid');
      }
      assert.equal(none.headers['set-cookie'] === undefined || !String(none.headers['set-cookie']).includes('vigia_session='), true);
    });

    test('the signIn test helper: cookie and x-csrf-token work with app.inject', async () => {
      const s = await signIn(app, store, { role: 'reviewer' });
      assert.equal(s.actor.role, 'reviewer');
      const page = await app.inject({ url: '/cuenta', headers: { cookie: s.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(mainText(page.body), /Revisión independiente/);
      const out = await app.inject({ method: 'POST', url: '/cuenta/salir', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      assert.equal(out.statusCode, 303);
      assert.equal(await sessionCount(s.actor.userId), 0);
    });

    test('volver: back to a page of this site after signing in, never to another site', async () => {
      const a = await accountWithPassword(store);
      for (const [volver, expected] of [
        ['/planes/1?ronda=2', '/planes/1?ronda=2'],
        ['/en/entidades', '/en/entidades'],
        ['//evil.example/x', '/cuenta'],
        ['/\\evil.example', '/cuenta'],
        ['https://evil.example/', '/cuenta'],
        ['javascript:alert(1)', '/cuenta'],
      ] as const) {
        const res = await new Visitor(app).signIn(a.email, a.password, volver);
        assert.equal(res.headers.location, expected, volver);
      }
      // Posted directly, a bad volver is ignored too.
      const v = new Visitor(app);
      await v.get('/cuenta/ingresar');
      const res = await v.post('/cuenta/ingresar', { email: a.email, password: a.password, volver: '//evil.example' });
      assert.equal(res.headers.location, '/cuenta');
    });

    test('fields a form does not have are refused with 400, naming them', async () => {
      const a = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.get('/cuenta/ingresar');
      const res = await v.post('/cuenta/ingresar', { email: a.email, password: a.password, role: 'admin' });
      assert.equal(res.statusCode, 400);
      assert.match(mainText(res.body), /«role»/);
      assert.equal(
        setCookies(res).some((c) => c.name === 'vigia_session'),
        false,
      );
      const query = await v.post('/cuenta/ingresar?agency=3', { email: a.email, password: a.password });
      assert.equal(query.statusCode, 400);
      assert.match(mainText(query.body), /«agency»/);
      const forgot = await v.post('/cuenta/olvide', { email: a.email, name: 'x' });
      assert.equal(forgot.statusCode, 400);
      assert.match(mainText(forgot.body), /«name»/);
    });

    test('every account route declares its permission', () => {
      const rules = app.routeRules.filter((r) => r.url.includes('/cuenta'));
      const get = (method: string, url: string) => rules.find((r) => r.method === method && r.url === url)?.permission;
      for (const prefix of ['', '/en']) {
        assert.equal(get('GET', `${prefix}/cuenta/ingresar`), 'public:account');
        assert.equal(get('POST', `${prefix}/cuenta/ingresar`), 'public:account');
        assert.equal(get('GET', `${prefix}/cuenta/olvide`), 'public:account');
        assert.equal(get('POST', `${prefix}/cuenta/olvide`), 'public:account');
        assert.equal(get('GET', `${prefix}/cuenta/clave`), 'public:account');
        assert.equal(get('POST', `${prefix}/cuenta/clave`), 'public:account');
        assert.equal(get('GET', `${prefix}/cuenta`), 'signed-in');
        assert.equal(get('POST', `${prefix}/cuenta/salir`), 'signed-in');
      }
    });
  });
});

describe('accounts: cookies over HTTPS', () => {
  eachDatabase((db) => {
    test('with an https PUBLIC_URL, or over https behind a trusted proxy: Secure and __Host- prefixed', async () => {
      const saved = { PUBLIC_URL: process.env.PUBLIC_URL, TRUST_PROXY: process.env.TRUST_PROXY };
      const store = await db.open();
      const a = await accountWithPassword(store, { password: PASSWORD });
      try {
        process.env.PUBLIC_URL = 'https://vigia.example.org';
        let app = await buildApp({ store, cacheCheckEveryMs: 0 });
        let v = new Visitor(app);
        await v.get('/cuenta/ingresar');
        assert.ok(v.cookies.has('__Host-vigia_csrf'));
        let res = await v.signIn(a.email, a.password);
        let c = setCookies(res).find((x) => x.name === '__Host-vigia_session')!;
        assert.ok(c.attributes.includes('Secure') && c.attributes.includes('HttpOnly') && c.attributes.includes('Path=/'));
        assert.equal(
          c.attributes.some((x) => /^domain=/i.test(x)),
          false,
        );
        assert.equal((await v.get('/cuenta')).statusCode, 200);
        // The plain name is not read over HTTPS.
        assert.equal((await app.inject({ url: '/cuenta', headers: { cookie: `vigia_session=${c.value}` } })).statusCode, 303);
        await app.close();

        delete process.env.PUBLIC_URL;
        process.env.TRUST_PROXY = 'true';
        app = await buildApp({ store, cacheCheckEveryMs: 0 });
        v = new Visitor(app);
        const proto = { 'x-forwarded-proto': 'https' };
        await v.get('/cuenta/ingresar', proto);
        const hidden = v.csrf;
        res = await v.post('/cuenta/ingresar', { _csrf: hidden, email: a.email, password: a.password }, proto);
        c = setCookies(res).find((x) => x.name === '__Host-vigia_session')!;
        assert.ok(c && c.attributes.includes('Secure'));
        // Plain HTTP through the same proxy: no prefix, not Secure.
        const plain = new Visitor(app);
        res = await plain.signIn(a.email, a.password);
        c = setCookies(res).find((x) => x.name === 'vigia_session')!;
        assert.ok(c && !c.attributes.includes('Secure'));
        await app.close();
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    });
  });
});
