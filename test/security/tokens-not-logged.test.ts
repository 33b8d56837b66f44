import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createAccount, SET_PASSWORD_LINK_HOURS } from '../../src/services/accounts.js';
import { drainOutbox } from '../../src/services/notifications/outbox.js';
import { withoutTokens } from '../../src/http/request-log.js';
import { openStore } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { startSmtpServer, type ReceivedMail, type SmtpServer } from '../helpers/smtp.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';

/**
 * Issue 17: the request log wrote `"url":"/cuenta/clave?token=…"`. `vigia serve` runs as a process with
 * its request log on (NODE_ENV=production) and mail through a real SMTP server; a person uses the
 * set-password link of a new account, resets the password by mail and confirms a follow by mail, all over
 * HTTP; the other routes that take a token are opened with made-up ones. No token is in the output.
 */

/** A browser in miniature over a real socket: keeps cookies, reads the CSRF token of the last page, posts forms. */
class Browser {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly base: string) {}

  private async keep(res: Response): Promise<{ status: number; body: string; location: string | null }> {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const body = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.status, body, location: res.headers.get('location') };
  }

  private headers(): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  async get(path: string) {
    return this.keep(await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' }));
  }

  async post(path: string, fields: Record<string, string>) {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.keep(
      await fetch(this.base + path, {
        method: 'POST',
        body,
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      }),
    );
  }
}

const tokenIn = (mail: ReceivedMail, path: string): string => {
  const token = new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_-]{43})`).exec(mail.text)?.[1];
  assert.ok(token, `a ${path} link in: ${mail.text}`);
  return token;
};

describe('one-time tokens are not written to the log (issue 17)', () => {
  let smtp: SmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  eachDatabase((db) => {
    test('a sign-up link, a password reset and a follow confirmation used over HTTP leave no token in the output of vigia serve', async () => {
      const url = await db.freshUrl();
      const email = `ines-${db.kind}@example.test`;
      const setup = await openStore(url);
      let signUpToken: string;
      let commitmentId: number;
      try {
        commitmentId = (await buildLateActivitiesPlan(setup)).commitments.c1;
        // The account an administrator (or `vigia user add`) makes: a one-time link to choose the password.
        const created = await createAccount(
          setup,
          { email, name: 'Inés', role: 'civil-society', agencyId: null, governmentId: null },
          { actor: 'test', now: new Date() },
          { linkHours: SET_PASSWORD_LINK_HOURS },
        );
        assert.ok(created.token);
        signUpToken = created.token;
      } finally {
        await setup.close();
      }

      const server = await startServeProcess(url, { NODE_ENV: 'production', LOG_LEVEL: 'info', ...smtp.env });
      const tokens: Record<string, string> = { signUp: signUpToken };
      try {
        const b = new Browser(server.base);
        // Sign-up: the link's page, then the password chosen.
        assert.equal((await b.get(`/cuenta/clave?token=${signUpToken}`)).status, 200);
        const set = await b.post('/cuenta/clave', {
          token: signUpToken,
          password: 'una clave larga de verdad 1',
          confirm: 'una clave larga de verdad 1',
        });
        assert.equal(set.status, 303, 'the password is set');

        // Reset: asked for by the form, the link from the mail, a new password.
        await b.get('/cuenta/olvide');
        let seen = smtp.received.length;
        assert.equal((await b.post('/cuenta/olvide', { email })).status, 200);
        tokens.reset = tokenIn(await smtp.waitFor((m) => m.to.includes(email), { after: seen }), '/cuenta/clave');
        assert.equal((await b.get(`/en/cuenta/clave?token=${tokens.reset}`)).status, 200);
        const reset = await b.post('/en/cuenta/clave', {
          token: tokens.reset,
          password: 'otra clave larga de verdad 2',
          confirm: 'otra clave larga de verdad 2',
        });
        assert.equal(reset.status, 303, 'the password is reset');

        // Follow: asked for by the form, the confirmation mail (the outbox sent as the daily job would), the link's page, the button.
        await b.get(`/compromisos/${commitmentId}/seguir`);
        assert.equal((await b.post(`/compromisos/${commitmentId}/seguir`, { email })).status, 200);
        seen = smtp.received.length;
        const store = await openStore(url);
        try {
          await drainOutbox(store, { env: smtp.env, now: () => new Date() });
        } finally {
          await store.close();
        }
        tokens.follow = tokenIn(await smtp.waitFor((m) => m.to.includes(email), { after: seen }), '/seguimiento/confirmar');
        assert.equal((await b.get(`/seguimiento/confirmar?token=${tokens.follow}`)).status, 200);
        assert.equal((await b.post('/seguimiento/confirmar', { token: tokens.follow })).status, 200, 'the follow is confirmed');

        // Every other route that takes a token, with made-up ones, in both languages and other spellings.
        const made = () => randomBytes(32).toString('base64url');
        const paths = [
          '/seguimiento/baja?token=',
          '/en/seguimiento/baja?token=',
          '/avisos/baja?token=',
          '/en/avisos/baja?token=',
          '/planes/1/consultas/1/comentar?token=',
          '/en/planes/1/consultas/1/comentar?token=',
          '/en/seguimiento/confirmar?aviso=1&token=',
          '/cuenta/clave?%74oken=',
          // A page that needs a session: the redirect to sign-in carries the address in `volver`.
          '/espacio?token=',
        ];
        for (const [i, path] of paths.entries()) {
          tokens[`made ${i}`] = made();
          const res = await b.get(path + tokens[`made ${i}`]);
          if (res.location) await b.get(res.location);
        }
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }

      const output = server.output();
      const found = Object.entries(tokens).flatMap(([what, token]) =>
        output
          .split('\n')
          .filter((l) => l.includes(token))
          .map((l) => `${what}: ${l}`),
      );
      assert.deepEqual(found, [], 'lines with a token');
      // The log is on, and it names the token routes it was asked for.
      assert.match(output, /"msg":"incoming request"/);
      assert.match(output, /"url":"\/cuenta\/clave\?\[redacted\]"/);
      assert.match(output, /"url":"\/cuenta\/ingresar\?\[redacted\]"/, 'the sign-in redirect whose volver held a token');
    });
  });

  test('what the log keeps of an address', () => {
    assert.equal(withoutTokens('/cuenta/clave?token=abc'), '/cuenta/clave?[redacted]');
    assert.equal(withoutTokens('/en/planes/3/consultas/2/comentar?token=abc'), '/en/planes/3/consultas/2/comentar?[redacted]');
    assert.equal(withoutTokens('/cuenta/ingresar?volver=%2Fespacio%3Ftoken%3Dabc'), '/cuenta/ingresar?[redacted]');
    assert.equal(withoutTokens('/cuenta/clave?x=%E0%A4%A&%74oken=abc'), '/cuenta/clave?[redacted]');
    assert.equal(withoutTokens('/buscar?q=agua&pagina=2'), '/buscar?q=agua&pagina=2');
    assert.equal(withoutTokens('/planes/1'), '/planes/1');
  });
});
