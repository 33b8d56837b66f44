import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/roles.js';
import { CSRF_COOKIE, issueCsrf, SESSION_COOKIE } from '../../src/http/auth.js';
import { RULE_ROLES } from '../../src/http/permissions.js';
import { accountMessages } from '../../src/i18n/accounts.js';
import { openRound } from '../../src/services/workspace/rounds.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import * as S from '../files/samples.js';
import { changedTables, dumpDatabase } from '../helpers/dump.js';

/**
 * CSRF on every state-changing route, found from the app itself (like the permission walk): a route
 * added tomorrow is covered without touching this file. Each POST, PUT, PATCH and DELETE is sent by a
 * person its rule lets through, as a forged request would arrive — the victim's session and CSRF
 * cookies, but no token, a made-up token, or a token that is valid for another person's CSRF cookie —
 * and must be refused with 403 saying why, with the database exactly as before (every table).
 */

/**
 * Routes that take no CSRF token, with the reason. None: the API has no bearer tokens (it is called
 * with the session cookie, so it needs the token like a form), and the public forms (sign in, forgotten
 * password, follow by e-mail, proposals) carry one too. A route listed here must say why it is safe.
 */
const NO_CSRF: Record<string, string> = {};

/** Routes that read a multipart form with a file: also attacked with one (the token is read from the multipart body). */
const UPLOADS = [
  'POST /espacio/compromisos/:id/archivos',
  'POST /api/v1/workspace/commitments/:id/evidence',
  'POST /compromisos/:id/alertas',
  'POST /api/v1/workspace/commitments/:id/alerts',
  'POST /espacio/importar',
  'POST /api/v1/workspace/imports',
];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const keyOf = (method: string, url: string) => `${method} ${url.replace(/^\/en(?=\/|$)/, '') || '/'}`;
const isApi = (url: string) => url.startsWith('/api/');

type Person = 'civil-society' | 'agency-editor' | 'coordinator' | 'reviewer' | 'admin';

/**
 * Who calls a route: someone its rule lets through — civil society where any account may (raising an
 * alert, commenting: theirs alone), the coordinator in the workspace (every commitment is theirs to edit).
 */
function callerFor(roles: readonly Role[] | null): Person {
  if (roles === null) return 'civil-society';
  for (const r of ['civil-society', 'coordinator', 'reviewer', 'admin', 'agency-editor'] as const) if (roles.includes(r)) return r;
  throw new Error(`no caller for ${roles.join(', ')}`);
}

describe('CSRF: every state-changing route refuses a forged request and changes nothing', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let dir: string;
    const people = {} as Record<Person, SignedIn>;
    // The attacker: an account of their own, whose CSRF cookie and token are valid — for their browser.
    let attacker: SignedIn;
    let ids: { plan: number; commitment: number; theme: number; agency: number; round: number };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigia-csrf-'));
      process.env.FILES_DIR = dir;
      const s = await seededApp(db);
      ({ app, store } = s);
      const own = (await commitmentSubject(store.db, s.commitment(4)))!;
      people['civil-society'] = await signIn(app, store, { role: 'civil-society' });
      people['agency-editor'] = await signIn(app, store, { role: 'agency-editor', agencyId: own.agency_id! });
      people.coordinator = await signIn(app, store, { role: 'coordinator' });
      people.reviewer = await signIn(app, store, { role: 'reviewer' });
      people.admin = await signIn(app, store, { role: 'admin' });
      attacker = await signIn(app, store, { role: 'civil-society' });
      const round = await openRound(
        store,
        people.coordinator.actor,
        s.planId,
        { kind: 'periodic', cutoffDate: '2017-12-31' },
        new Date().toISOString(),
      );
      assert.ok(round.ok);
      ids = { plan: s.planId, commitment: s.commitment(4), theme: s.themeIds[0]!, agency: own.agency_id!, round: round.id };
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Real ids where the route names them (the request would reach something real), 1 elsewhere. */
    function concreteUrl(url: string): string {
      const parts = url.split('/');
      return parts
        .map((part, i) => {
          if (!part.startsWith(':')) return part;
          const parent = parts[i - 1];
          if (part === ':cid') return String(ids.commitment);
          if (part === ':key') return 'conclusions';
          if (part === ':report') return 'progress';
          if (parent === 'planes' || parent === 'plans') return String(ids.plan);
          if (parent === 'compromisos' || parent === 'commitments') return String(ids.commitment);
          if (parent === 'temas' || parent === 'themes') return String(ids.theme);
          if (parent === 'entidades' || parent === 'agencies') return String(ids.agency);
          if (parent === 'evaluaciones' || parent === 'rounds') return String(ids.round);
          return '1';
        })
        .join('/');
    }

    type Variant = 'no token' | 'made-up token' | "another person's token" | 'token without its cookie';
    const VARIANTS: Variant[] = ['no token', 'made-up token', "another person's token", 'token without its cookie'];

    /** The forged request: the victim's cookies (session and CSRF), and the token of the variant. */
    function forged(method: string, url: string, victim: SignedIn | null, variant: Variant, multipart: boolean) {
      const csrfCookie = victim ? victim.cookie : `${CSRF_COOKIE}=${issueCsrf().secret}`;
      const cookie =
        variant === 'token without its cookie'
          ? (victim?.cookie
              .split('; ')
              .filter((c) => c.startsWith(`${SESSION_COOKIE}=`))
              .join('; ') ?? '')
          : csrfCookie;
      const token =
        variant === 'no token'
          ? null
          : variant === 'made-up token'
            ? 'AAAAAAAAAAAAAAAAAAAAAAAA-' + 'A'.repeat(43)
            : variant === "another person's token"
              ? attacker.csrf
              : (victim?.csrf ?? issueCsrf().token);
      if (multipart) {
        const form = S.multipart({ description: 'Acta', ...(token ? { _csrf: token } : {}) }, [
          { field: url.includes('alert') ? 'evidenceFile' : 'file', name: 'acta.pdf', bytes: S.pdf() },
        ]);
        return app.inject({ method: method as 'POST', url, payload: form.payload, headers: { ...form.headers, cookie } });
      }
      if (isApi(url)) {
        return app.inject({
          method: method as 'POST',
          url,
          payload: '{"name":"x"}',
          headers: { cookie, 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
        });
      }
      const body = new URLSearchParams({ text: 'x', email: 'victim@example.test', ...(token ? { _csrf: token } : {}) });
      return app.inject({
        method: method as 'POST',
        url,
        payload: body.toString(),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    }

    function refusedForCsrf(res: LightMyRequestResponse, url: string): string | null {
      if (res.statusCode !== 403) return `${res.statusCode} ${res.body.slice(0, 160)}`;
      if (isApi(url) || String(res.headers['content-type']).includes('json')) {
        return res.json().error?.code === 'csrf_token_invalid' ? null : `403 but not for CSRF: ${res.body.slice(0, 160)}`;
      }
      const lang = url.startsWith('/en/') ? 'en' : 'es';
      return res.body.includes(accountMessages[lang].csrf.refused.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)) ||
        res.body.includes(accountMessages[lang].csrf.refused)
        ? null
        : `403 but the page does not say why: ${res.body.slice(0, 160)}`;
    }

    test('the routes that take no token are listed with their reason, and still exist', () => {
      const unsafe = new Set(app.routeRules.filter((r) => UNSAFE.has(r.method)).map((r) => keyOf(r.method, r.url)));
      for (const key of Object.keys(NO_CSRF)) assert.ok(unsafe.has(key), `${key} is listed in NO_CSRF but no longer exists`);
      for (const key of UPLOADS) assert.ok(unsafe.has(key), `${key} is listed in UPLOADS but no longer exists`);
      assert.ok(unsafe.size > 100, `${unsafe.size} state-changing routes`);
    });

    test('every POST, PUT, PATCH and DELETE, in both languages, by a person allowed to call it: 403 for each forgery, nothing changed', async () => {
      const before = await dumpDatabase(store);
      const wrong: string[] = [];
      let calls = 0;
      for (const rule of app.routeRules) {
        if (!UNSAFE.has(rule.method) || keyOf(rule.method, rule.url) in NO_CSRF) continue;
        const url = concreteUrl(rule.url);
        const roles = RULE_ROLES[rule.permission];
        // Public routes: forged for a signed-in person and for a visitor with only a CSRF cookie.
        const victims: (SignedIn | null)[] = roles === null ? [people['civil-society'], null] : [people[callerFor(roles)]];
        const multiparts = UPLOADS.includes(keyOf(rule.method, rule.url)) ? [false, true] : [false];
        for (const victim of victims) {
          for (const multipart of multiparts) {
            for (const variant of VARIANTS) {
              const res = await forged(rule.method, url, victim, variant, multipart);
              calls++;
              const problem = refusedForCsrf(res, url);
              if (problem)
                wrong.push(
                  `${rule.method} ${url} (${victim ? victim.actor.role : 'visitor'}, ${variant}${multipart ? ', multipart' : ''}): ${problem}`,
                );
            }
          }
        }
      }
      assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} forgeries not refused for CSRF`);
      assert.ok(calls > 800, `${calls} forged requests`);
      const now = await dumpDatabase(store);
      assert.deepEqual(changedTables(before, now), []);
      assert.deepEqual(now, before);
    });

    test('the forged requests are real ones: with the right token the same requests change the database', async () => {
      // A handful of the routes above, each with a body that works: the refusal above is the token's doing.
      const coordinator = people.coordinator;
      const cases: { name: string; send: (withToken: boolean) => Promise<LightMyRequestResponse>; ok: number }[] = [
        {
          name: 'a source added through the workspace form',
          ok: 303,
          send: (withToken) =>
            app.inject({
              method: 'POST',
              url: `/espacio/compromisos/${ids.commitment}/fuentes`,
              headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
              payload: new URLSearchParams({ text: 'Oficio N° 12-2016', ...(withToken ? { _csrf: coordinator.csrf } : {}) }).toString(),
            }),
        },
        {
          name: 'a holiday added through the API',
          ok: 201,
          send: (withToken) =>
            app.inject({
              method: 'POST',
              url: `/api/v1/workspace/plans/${ids.plan}/holidays`,
              headers: {
                cookie: coordinator.cookie,
                'content-type': 'application/json',
                ...(withToken ? { 'x-csrf-token': coordinator.csrf } : {}),
              },
              payload: JSON.stringify({ holidayDate: '2031-05-01', holidayName: 'Día del Trabajo' }),
            }),
        },
        {
          name: 'a file uploaded as evidence',
          ok: 201,
          send: (withToken) => {
            const form = S.multipart({ description: 'Acta', ...(withToken ? { _csrf: coordinator.csrf } : {}) }, [
              { field: 'file', name: 'acta.pdf', bytes: S.pdf('acta csrf') },
            ]);
            return app.inject({
              method: 'POST',
              url: `/api/v1/workspace/commitments/${ids.commitment}/evidence`,
              payload: form.payload,
              headers: { ...form.headers, cookie: coordinator.cookie },
            });
          },
        },
      ];
      for (const c of cases) {
        const before = await dumpDatabase(store);
        const refused = await c.send(false);
        assert.equal(refused.statusCode, 403, c.name);
        assert.deepEqual(changedTables(before, await dumpDatabase(store)), [], c.name);
        const done = await c.send(true);
        assert.equal(done.statusCode, c.ok, `${c.name}: ${done.body.slice(0, 200)}`);
        assert.ok(changedTables(before, await dumpDatabase(store)).includes('audit_log'), c.name);
      }
      // Signing out with the right token ends the session; without, it stays (checked by the walk above).
      const s = await signIn(app, store, { role: 'civil-society' });
      assert.equal((await app.inject({ method: 'POST', url: '/cuenta/salir', headers: { cookie: s.cookie } })).statusCode, 403);
      assert.equal((await app.inject({ url: '/cuenta', headers: { cookie: s.cookie } })).statusCode, 200);
      assert.equal(
        (await app.inject({ method: 'POST', url: '/cuenta/salir', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).statusCode,
        303,
      );
      assert.equal((await app.inject({ url: '/cuenta', headers: { cookie: s.cookie } })).statusCode, 303);
    });

    test('a signed-in person whose browser lost the CSRF cookie: every form of the next page carries a token for the one cookie set', async () => {
      // The session cookie lasts 12 hours; the CSRF cookie ends with the browser: after a restart only the first is sent.
      for (const [who, url] of [
        [people['civil-society'], '/cuenta'],
        [people.coordinator, `/espacio/compromisos/${ids.commitment}`],
      ] as const) {
        const sessionOnly = who.cookie
          .split('; ')
          .filter((c) => c.startsWith(`${SESSION_COOKIE}=`))
          .join('; ');
        const page = await app.inject({ url, headers: { cookie: sessionOnly } });
        assert.equal(page.statusCode, 200);
        const set = ([] as string[]).concat(page.headers['set-cookie'] ?? []).filter((c) => c.startsWith(`${CSRF_COOKIE}=`));
        const secret = set
          .at(-1)!
          .split(';')[0]!
          .slice(CSRF_COOKIE.length + 1);
        const tokens = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]!);
        assert.ok(tokens.length >= 2, `${url}: ${tokens.length} forms`);
        // Each form, posted as the browser would (the cookie it kept), passes the CSRF check: sign-out last.
        for (const token of tokens) {
          const res = await app.inject({
            method: 'POST',
            url: '/cuenta/avisos',
            headers: { cookie: `${sessionOnly}; ${CSRF_COOKIE}=${secret}`, 'content-type': 'application/x-www-form-urlencoded' },
            payload: `_csrf=${encodeURIComponent(token)}&x=1`,
          });
          assert.notEqual(res.statusCode, 403, `${url}: a form's token does not match the cookie the browser kept`);
        }
      }
    });

    test('SameSite=Lax cookies, and no GET changes anything: a cross-site link or image cannot act', async () => {
      const v = await app.inject('/cuenta/ingresar');
      const cookies = ([] as string[]).concat(v.headers['set-cookie'] ?? []);
      const csrf = cookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`));
      assert.ok(csrf && /;\s*SameSite=Lax/i.test(csrf) && /;\s*HttpOnly/i.test(csrf), String(csrf));
      // Every GET route, as the coordinator and as the admin: the database as before.
      const before = await dumpDatabase(store);
      for (const rule of app.routeRules) {
        if (rule.method !== 'GET' || rule.url.startsWith('/en/') || rule.url.startsWith('/assets/')) continue;
        for (const who of [people.coordinator, people['civil-society']])
          await app.inject({ url: concreteUrl(rule.url), headers: { cookie: who.cookie } });
      }
      assert.deepEqual(changedTables(before, await dumpDatabase(store)), []);
    });
  });
});
