import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { accountWithPassword, emptyApp, setCookies, Visitor } from '../accounts/support.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * User enumeration: nothing the site answers tells whether an account exists for an address — not the
 * sign-in form (unknown address, wrong password, disabled account, account without a password yet: the
 * same status, the same page, about the same time, because a password hash is verified in every case),
 * nor the forgotten-password form. There is no sign-up form; following a commitment by e-mail and asking
 * for a comment link never look accounts up (services/notifications/follows.ts, services/consultation.ts).
 */

/** The page with what legitimately differs taken out: the address as typed and the CSRF token. */
function normalized(html: string, email: string): string {
  return html
    .split(email)
    .join('EMAIL')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="TOKEN"');
}

describe('user enumeration', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    before(async () => {
      ({ store, app } = await emptyApp(db));
    });
    after(() => app.close());

    let n = 0;
    /** The four kinds of address a guess can hit, each a fresh one (the per-account limit stays far away). */
    async function address(kind: 'wrong password' | 'unknown' | 'disabled' | 'no password yet'): Promise<string> {
      n++;
      if (kind === 'unknown') return `nobody-${n}-${process.pid}@example.test`;
      if (kind === 'no password yet') {
        const { account } = await createAccount(
          store,
          { email: `new-${n}-${process.pid}@example.test`, name: 'Nueva', role: 'civil-society', agencyId: null, governmentId: null },
          { actor: 'test', now: new Date() },
        );
        return account.email;
      }
      const a = await accountWithPassword(store);
      if (kind === 'disabled') await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', a.id).execute();
      return a.email;
    }
    const KINDS = ['wrong password', 'unknown', 'disabled', 'no password yet'] as const;

    test('sign in: the same status, the same page, no session, for each kind of address', async () => {
      const seen = new Map<string, string>();
      for (const prefix of ['', '/en']) {
        for (const kind of KINDS) {
          const email = await address(kind);
          const v = new Visitor(app, `203.0.113.${n % 250}`);
          await v.get(`${prefix}/cuenta/ingresar`);
          const res = await v.post(`${prefix}/cuenta/ingresar`, { email, password: 'una contraseña equivocada' });
          assert.equal(res.statusCode, 401, `${prefix} ${kind}`);
          assert.equal(
            setCookies(res).some((c) => c.name === 'vigia_session'),
            false,
          );
          seen.set(`${prefix} ${kind}`, normalized(res.body, email));
        }
        const pages = KINDS.map((k) => seen.get(`${prefix} ${k}`));
        for (const [i, page] of pages.entries())
          assert.equal(page, pages[0], `${prefix || '/'}: "${KINDS[i]}" answers unlike "${KINDS[0]}"`);
      }
    });

    test('sign in: about the same time for each kind — a password hash is verified even when there is no account', async () => {
      const fastest: Record<string, number> = {};
      for (let round = 0; round < 5; round++) {
        for (const kind of KINDS) {
          const email = await address(kind);
          const v = new Visitor(app, `198.18.0.${n % 250}`);
          await v.get('/cuenta/ingresar');
          const started = performance.now();
          await v.post('/cuenta/ingresar', { email, password: 'una contraseña equivocada' });
          const ms = performance.now() - started;
          fastest[kind] = Math.min(fastest[kind] ?? Infinity, ms);
        }
      }
      const reference = fastest['wrong password']!;
      // argon2id with 19 MiB and two passes: milliseconds, against a fraction of one without it.
      assert.ok(reference > 5, `a wrong password took ${reference.toFixed(1)} ms: too fast for the comparison to mean anything`);
      for (const kind of KINDS) {
        const ratio = fastest[kind]! / reference;
        // Slower is no leak of this kind, and a loaded machine makes single timings jumpy: the bound above is loose.
        assert.ok(
          ratio > 0.5 && ratio < 3,
          `${kind}: ${fastest[kind]!.toFixed(1)} ms against ${reference.toFixed(1)} ms for a wrong password (×${ratio.toFixed(2)})`,
        );
      }
    });

    test('forgotten password: the same page for an account, an unknown address and a disabled account', async () => {
      const saved = process.env.SMTP_HOST;
      // No mail leaves the test (the existing tests check who gets one): a port nobody listens on.
      process.env.SMTP_HOST = '127.0.0.1';
      process.env.SMTP_PORT = '9';
      try {
        for (const prefix of ['', '/en']) {
          const pages: string[] = [];
          for (const kind of ['wrong password', 'unknown', 'disabled'] as const) {
            const email = await address(kind);
            const v = new Visitor(app);
            await v.get(`${prefix}/cuenta/olvide`);
            const res = await v.post(`${prefix}/cuenta/olvide`, { email });
            assert.equal(res.statusCode, 200, kind);
            pages.push(normalized(res.body, email));
          }
          assert.equal(pages[1], pages[0], 'unknown address');
          assert.equal(pages[2], pages[0], 'disabled account');
        }
      } finally {
        if (saved === undefined) delete process.env.SMTP_HOST;
        else process.env.SMTP_HOST = saved;
        delete process.env.SMTP_PORT;
      }
    });
  });
});
