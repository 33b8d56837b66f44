import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { CSRF_COOKIE, issueCsrf, safeLocalPath } from '../../src/http/auth.js';
import { createAccount, requestPasswordReset, setPasswordWithLink, startSession } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { accountWithPassword, emptyApp, setCookies, Visitor } from '../accounts/support.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * Session fixation and open redirects. A session id (or a CSRF secret) an attacker managed to set in
 * the victim's browser before sign-in is worth nothing after it; a `volver` address, whatever it holds,
 * never sends the browser to another site, nor splits the Location header.
 */

const SITE = 'http://vigia.example.test';
const EVIL = ['evil.example', 'EVIL.example', 'evil.example:443', '127.0.0.1', '[::1]', 'user@evil.example'];
/** Pieces of known open-redirect tricks, put together at random below. */
const TRICKS = [
  '//',
  '/\\',
  '\\\\',
  '\\/',
  '/\t/',
  '/\n/',
  '/\r\n/',
  ' //',
  '\t//',
  '///',
  '/./',
  '/../',
  '/.//',
  '/..//',
  '/%2F',
  '%2F%2F',
  '/%2f/',
  '/%5C',
  '%5C%5C',
  'https:',
  'https://',
  'http:\\\\',
  'HTTPS://',
  'javascript:',
  'JaVaScRiPt:',
  'data:text/html,',
  'vbscript:',
  '//%09',
  '/%09/',
  '%0d%0a',
  '\r\nLocation: https://',
  '\u3031',
  '\uff0f\uff0f',
  '\u2215\u2215',
  '/\u00ad/',
  '@',
  '?',
  '#',
  '/planes/1',
  '/en',
  ':',
  '%',
  '%%32%66',
];

/** Where a browser would go from this Location: WHATWG URL parsing (which reads "\" as "/" and drops tabs and newlines). */
function landsOnSite(location: string): boolean {
  if (/[\r\n]/.test(location)) return false;
  let url: URL;
  try {
    url = new URL(location, `${SITE}/cuenta/ingresar`);
  } catch {
    return false;
  }
  return url.origin === SITE && (url.protocol === 'http:' || url.protocol === 'https:');
}

const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TRICKS),
      fc.constantFrom(...EVIL),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

describe('open redirects: safeLocalPath over hostile strings', () => {
  test('whatever volver holds, the address kept is on this site, or none', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const kept = safeLocalPath(value);
        if (kept === null) return true;
        return kept.startsWith('/') && !kept.startsWith('//') && !kept.includes('\\') && landsOnSite(kept);
      }),
      { numRuns: 20_000 },
    );
  });

  test('the known tricks, one by one', () => {
    for (const value of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https:evil.example',
      'https://evil.example',
      '/%2F%2Fevil.example',
      '%2F%2Fevil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/\r\nLocation: https://evil.example',
      '/%0d%0aSet-Cookie:%20x=1',
      '/.//evil.example',
      '/..//evil.example',
      '\u3031evil.example',
      '/\uff0f\uff0fevil.example',
      ' //evil.example',
      'HTTPS://evil.example',
      '/@evil.example',
    ]) {
      const kept = safeLocalPath(value);
      assert.ok(kept === null || (landsOnSite(kept) && !/[\r\n]/.test(kept)), `${JSON.stringify(value)} → ${kept}`);
    }
    // Not everything is refused: a page of the site with its query and fragment comes back as it was.
    assert.equal(safeLocalPath('/planes/1?ronda=2#compromiso-4'), '/planes/1?ronda=2#compromiso-4');
    assert.equal(safeLocalPath('/%2F%2Fevil.example'), '/%2F%2Fevil.example', 'an encoded slash is a path on this site, still encoded');
  });
});

describe('sessions and redirects over HTTP', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    before(async () => {
      ({ store, app } = await emptyApp(db));
    });
    after(() => app.close());

    const signedInAs = async (cookie: string) => {
      const res = await app.inject({ url: '/api/v1/workspace/session', headers: { cookie } });
      return res.statusCode === 200 ? (res.json() as { account: { email: string } }).account.email : null;
    };

    test('fixation: a session id planted before sign-in — made up, or the attacker’s own — is not the one after', async () => {
      const victim = await accountWithPassword(store);
      const attackerAccount = await accountWithPassword(store);
      const { token: attackersSession } = await startSession(store, attackerAccount.id, { now: new Date(app.now()) });
      for (const planted of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', attackersSession]) {
        const v = new Visitor(app);
        // Planted before the victim opens the sign-in page (the page's token is made for the session it carries).
        v.cookies.set('vigia_session', planted);
        await v.get('/cuenta/ingresar');
        const res = await v.post('/cuenta/ingresar', { email: victim.email, password: victim.password });
        assert.equal(res.statusCode, 303);
        const issued = setCookies(res).find((c) => c.name === 'vigia_session');
        assert.ok(issued && issued.value !== planted, 'a new session id is issued');
        // What the attacker holds signs nobody in: not the victim, and not even themselves any more.
        assert.equal(await signedInAs(`vigia_session=${planted}`), null);
        assert.equal(await signedInAs(v.cookieHeader()), victim.email, 'the victim is signed in with the new id');
      }
    });

    test('fixation: a CSRF secret planted before sign-in is replaced, and the attacker’s token for it stops working', async () => {
      const victim = await accountWithPassword(store);
      const planted = issueCsrf();
      const v = new Visitor(app);
      v.cookies.set(CSRF_COOKIE, planted.secret);
      const res = await v.post('/cuenta/ingresar', { _csrf: planted.token, email: victim.email, password: victim.password });
      assert.equal(res.statusCode, 303, 'the planted pair works before sign-in (as any visitor’s would)');
      const rotated = setCookies(res).find((c) => c.name === CSRF_COOKIE);
      assert.ok(rotated && rotated.value !== planted.secret, 'a new CSRF secret at sign-in');
      const forged = await app.inject({
        method: 'POST',
        url: '/cuenta/salir',
        headers: { cookie: v.cookieHeader(), 'x-csrf-token': planted.token },
      });
      assert.equal(forged.statusCode, 403);
      assert.ok(await signedInAs(v.cookieHeader()), 'still signed in');
    });

    test('a CSRF secret planted after sign-in (cookie tossing) gives the attacker no token the victim’s session accepts', async () => {
      const victim = await accountWithPassword(store);
      const v = new Visitor(app);
      assert.equal((await v.signIn(victim.email, victim.password)).statusCode, 303);
      const session = v.cookies.get('vigia_session')!;
      const attacker = await accountWithPassword(store);
      const attackerSession = setCookies(await new Visitor(app).signIn(attacker.email, attacker.password)).find(
        (c) => c.name === 'vigia_session',
      )!.value;
      // The attacker overwrites the victim's CSRF cookie with a secret of their own (a sibling host over plain HTTP can).
      const planted = issueCsrf();
      v.cookies.set(CSRF_COOKIE, planted.secret);
      const forge = (token: string) =>
        app.inject({ method: 'POST', url: '/cuenta/salir', headers: { cookie: v.cookieHeader(), 'x-csrf-token': token } });
      for (const [made, token] of [
        ['for a visitor', planted.token],
        ['for the attacker’s own session', issueCsrf(attackerSession, planted.secret).token],
      ] as const) {
        const res = await forge(token);
        assert.equal(res.statusCode, 403, `a token of the planted secret made ${made} is refused`);
        assert.equal(await signedInAs(v.cookieHeader()), victim.email, 'still signed in');
      }
      // The same secret with a token made for the victim's session (which needs the HttpOnly session token) is accepted: the refusals above are the binding's.
      assert.equal((await forge(issueCsrf(session, planted.secret).token)).statusCode, 303);
      assert.equal(await signedInAs(`vigia_session=${session}`), null, 'signed out');
    });

    test('a form loaded while signed in still works once the session has ended, where no session is needed (the sign-in form)', async () => {
      const person = await accountWithPassword(store);
      const v = new Visitor(app);
      await v.signIn(person.email, person.password);
      const page = await v.get('/cuenta/ingresar');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      await store.db.deleteFrom('sessions').where('user_id', '=', person.id).execute();
      const res = await v.post('/cuenta/ingresar', { _csrf: token, email: person.email, password: person.password });
      assert.equal(res.statusCode, 303, 'the stale session carries no authority: its form is taken');
      assert.equal(await signedInAs(v.cookieHeader()), person.email);
    });

    test('after a password reset no earlier session id signs in — the victim’s, or one an attacker knew', async () => {
      const { account, token } = await createAccount(
        store,
        { email: `reset-${process.pid}@example.test`, name: 'Reset', role: 'civil-society', agencyId: null, governmentId: null },
        { actor: 'test', now: new Date() },
        { linkHours: 1 },
      );
      assert.ok((await setPasswordWithLink(store, { token: token!, password: 'primera clave larga y buena', now: new Date() })).ok);
      const known = await new Visitor(app).signIn(account.email, 'primera clave larga y buena');
      const knownId = setCookies(known).find((c) => c.name === 'vigia_session')!.value;
      const { token: other } = await startSession(store, account.id, { now: new Date(app.now()) });
      assert.ok(await signedInAs(`vigia_session=${knownId}`));
      // The reset itself, through the link's page, from a browser carrying the known id.
      let mail = '';
      assert.equal(
        await requestPasswordReset(store, { email: account.email, now: new Date(), send: async (m) => void (mail = m.text) }),
        'sent',
      );
      const link = /token=([A-Za-z0-9_-]+)/.exec(mail)![1]!;
      const v = new Visitor(app);
      v.cookies.set('vigia_session', knownId);
      await v.get(`/cuenta/clave?token=${link}`);
      const done = await v.post('/cuenta/clave', {
        token: link,
        password: 'segunda clave larga y buena',
        confirm: 'segunda clave larga y buena',
      });
      assert.equal(done.statusCode, 303);
      assert.equal(await signedInAs(`vigia_session=${knownId}`), null);
      assert.equal(await signedInAs(`vigia_session=${other}`), null);
      // The reset signs nobody in: the person signs in again, and gets a new id.
      assert.equal(
        setCookies(done).some((c) => c.name === 'vigia_session' && c.value !== ''),
        false,
      );
    });

    test('volver through the sign-in form, hostile strings at random: the Location after sign-in stays on this site', async () => {
      const a = await accountWithPassword(store);
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          const v = new Visitor(app);
          // Both ways in: the sign-in page's address (its hidden field), and the posted field itself.
          await v.get(`/cuenta/ingresar?volver=${encodeURIComponent(value)}`);
          const res = await v.post('/cuenta/ingresar', { email: a.email, password: a.password, volver: value });
          if (res.statusCode !== 303) return res.statusCode === 400 || res.statusCode === 429;
          const location = String(res.headers.location);
          return landsOnSite(location) && location === (safeLocalPath(value) || '/cuenta');
        }),
        { numRuns: 25 },
      );
    });

    test('the language switch and the sign-in detour keep the browser on this site', async () => {
      for (const path of [
        '//evil.example/',
        '/\\evil.example/',
        '/en//evil.example',
        '/%2F%2Fevil.example',
        '/planes/%2F%2Fevil.example',
        '/buscar?q=//evil.example',
        '/\t/evil.example',
      ]) {
        for (const query of ['lang=en', 'lang=es', '']) {
          const url = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
          const res = await app.inject({ url, headers: { 'accept-language': 'en' } }).catch(() => null);
          if (!res || !res.headers.location) continue;
          assert.ok(landsOnSite(String(res.headers.location)), `${url} → ${res.headers.location}`);
        }
      }
      // A page that needs an account sends to sign in with the page as volver, encoded.
      const res = await app.inject({ url: '/espacio?x=//evil.example' });
      assert.equal(res.statusCode, 303);
      assert.ok(landsOnSite(String(res.headers.location)));
      assert.equal(safeLocalPath(new URL(String(res.headers.location), SITE).searchParams.get('volver')), '/espacio?x=//evil.example');
    });
  });
});
