import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { sendMail } from '../../src/services/mail.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { smtpForSuite, type ReceivedMail } from '../helpers/smtp.js';
import { accountWithPassword, emptyApp, errorSummary, mainText, Visitor } from './support.js';

/**
 * A forgotten password, end to end: the form, the mail through a real SMTP server process on loopback
 * (nodemailer → smtp-server), the link read from the mail, the new password, the link used up or expired.
 */
const LINK = /https?:\/\/\S+?\/cuenta\/clave\?token=[A-Za-z0-9_-]+/;
const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('accounts: forgotten password through a real SMTP server', () => {
  const smtp = smtpForSuite('http://vigia.example.test');

  test('sendMail without SMTP_HOST writes the message to the log instead', async () => {
    const lines: string[] = [];
    const how = await sendMail(
      { to: 'ana@example.test', subject: 'Prueba', text: 'Hola\nhttps://x.test/cuenta/clave?token=abc', lang: 'es' },
      { env: {}, log: (t) => lines.push(t) },
    );
    assert.equal(how, 'log');
    assert.match(lines.join('\n'), /To: ana@example.test[\s\S]*Subject: Prueba[\s\S]*token=abc/);
  });

  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    before(async () => {
      ({ store, app } = await emptyApp(db));
    });
    after(() => app.close());

    async function askForLink(v: Visitor, email: string, prefix = ''): Promise<{ page: string; mail: ReceivedMail }> {
      const seen = smtp.server.received.length;
      await v.get(`${prefix}/cuenta/olvide`);
      const res = await v.post(`${prefix}/cuenta/olvide`, { email });
      assert.equal(res.statusCode, 200);
      const mail = await smtp.server.waitFor((m) => m.to.includes(email.trim().toLowerCase()), { after: seen });
      return { page: mainText(res.body), mail };
    }

    test('the link arrives by mail, works once, and the new password signs in (the old one no longer)', async () => {
      const a = await accountWithPassword(store, { name: 'Rosa Quispe' });
      const v = new Visitor(app);
      const { page, mail } = await askForLink(v, a.email);
      assert.match(page, /Si existe una cuenta con el correo .* le enviamos un enlace/);
      assert.equal(mail.subject, 'Vigía: elija una contraseña nueva');
      assert.match(mail.raw, /^From: Vigía <vigia@example.test>|^From: =\?UTF-8\?/m);
      assert.match(mail.text, /^Hola, Rosa Quispe:/);
      assert.match(mail.text, /El enlace vale una hora/);
      const link = LINK.exec(mail.text)![0];
      assert.ok(link.startsWith('http://vigia.example.test/cuenta/clave?token='), 'links use PUBLIC_URL, never the Host header');
      // Valid for one hour exactly, stored as a hash only.
      const token = new URL(link).searchParams.get('token')!;
      const row = await store.db.selectFrom('account_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
      assert.equal(Date.parse(row.expires_at) - Date.parse(row.created_at), 3_600_000);
      assert.equal(row.purpose, 'reset-password');

      const form = await v.get(pathOf(link));
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['referrer-policy'], 'no-referrer');
      assert.equal(form.headers['cache-control'], 'no-store');
      // A common password, and a confirmation that differs: both said, the form kept.
      const weak = await v.post('/cuenta/clave', { token, username: a.email, password: 'password1234', confirm: 'password12345' });
      assert.equal(weak.statusCode, 400);
      assert.equal(
        errorSummary(weak.body),
        'Hay un problema | Esa contraseña es de las más usadas y fáciles de adivinar: elija otra | Las dos contraseñas no coinciden',
      );
      const short = await v.post('/cuenta/clave', { token, password: 'corta', confirm: 'corta' });
      assert.match(errorSummary(short.body), /al menos 12 caracteres/);
      const done = await v.post('/cuenta/clave', { token, password: 'una clave nueva y larga', confirm: 'una clave nueva y larga' });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/cuenta/ingresar?aviso=clave');
      assert.match(mainText((await v.get(done.headers.location as string)).body), /Su contraseña se guardó/);

      assert.equal((await new Visitor(app).signIn(a.email, a.password)).statusCode, 401, 'the old password no longer works');
      assert.equal((await new Visitor(app).signIn(a.email, 'una clave nueva y larga')).statusCode, 303);
      // Single use.
      assert.equal((await v.get(pathOf(link))).statusCode, 410);
      const reuse = await v.post('/cuenta/clave', { token, password: 'otra clave más, distinta', confirm: 'otra clave más, distinta' });
      assert.equal(reuse.statusCode, 410);
      assert.match(mainText(reuse.body), /ya se haya usado o que haya vencido/);
      assert.equal((await new Visitor(app).signIn(a.email, 'otra clave más, distinta')).statusCode, 401);
      // The audit log says the password changed, never what it is.
      const hash = (await store.db.selectFrom('users').select('password_hash').where('id', '=', a.id).executeTakeFirstOrThrow())
        .password_hash!;
      assert.match(hash, /^\$argon2id\$/);
      const entries = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'users')
        .where('entity_id', '=', a.id)
        .execute();
      assert.ok(entries.some((e) => e.after?.includes('password_hash') && e.actor === `user:${a.id}`));
      assert.ok(entries.every((e) => !`${e.before}${e.after}`.includes('$argon2')));
    });

    test('setting a password ends the account’s sessions', async () => {
      const a = await accountWithPassword(store);
      const signedIn = new Visitor(app);
      await signedIn.signIn(a.email, a.password);
      assert.equal((await signedIn.get('/cuenta')).statusCode, 200);
      const { mail } = await askForLink(new Visitor(app), a.email);
      const v = new Visitor(app);
      await v.get(pathOf(LINK.exec(mail.text)![0]));
      const token = new URL(LINK.exec(mail.text)![0]).searchParams.get('token')!;
      assert.equal(
        (await v.post('/cuenta/clave', { token, password: 'frase larga de prueba', confirm: 'frase larga de prueba' })).statusCode,
        303,
      );
      assert.equal((await signedIn.get('/cuenta')).statusCode, 303);
    });

    test('the link expires after an hour', async () => {
      const a = await accountWithPassword(store);
      const { mail } = await askForLink(new Visitor(app), a.email);
      const token = new URL(LINK.exec(mail.text)![0]).searchParams.get('token')!;
      await store.db
        .updateTable('account_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('token_hash', '=', sha256(token))
        .execute();
      const v = new Visitor(app);
      const res = await v.get(`/cuenta/clave?token=${token}`);
      assert.equal(res.statusCode, 410);
      assert.equal(parse(res.body).querySelector('main a')!.getAttribute('href'), '/cuenta/olvide');
    });

    test('an unknown address gets the same page, and no mail; a mail in the account’s language', async () => {
      const v = new Visitor(app);
      const before = smtp.server.received.length;
      await v.get('/cuenta/olvide');
      const res = await v.post('/cuenta/olvide', { email: 'nadie@example.test' });
      assert.equal(res.statusCode, 200);
      assert.match(mainText(res.body), /Si existe una cuenta con el correo nadie@example.test/);
      // An English account asks from the Spanish page: the mail is in English, the link to the English page.
      const b = await accountWithPassword(store, { lang: 'en', name: 'Mary Smith' });
      const { mail } = await askForLink(new Visitor(app), b.email);
      assert.equal(mail.subject, 'Vigía: choose a new password');
      assert.match(mail.text, /^Hello Mary Smith,/);
      assert.match(LINK.exec(mail.text)![0], /\/en\/cuenta\/clave\?token=/);
      assert.equal(smtp.server.received.slice(before).filter((m) => m.to.includes('nadie@example.test')).length, 0);
      // The English form, and its errors.
      const en = new Visitor(app);
      await en.get('/en/cuenta/olvide');
      const bad = await en.post('/en/cuenta/olvide', { email: 'not an address' });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorSummary(bad.body), 'There is a problem | Enter a valid email address, like name@example.org');
      assert.match(bad.body, /value="not an address"/);
    });

    test('a disabled account gets no link', async () => {
      const a = await accountWithPassword(store);
      await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', a.id).execute();
      const v = new Visitor(app);
      await v.get('/cuenta/olvide');
      const before = smtp.server.received.length;
      assert.equal((await v.post('/cuenta/olvide', { email: a.email })).statusCode, 200);
      // A mail to another account afterwards proves the queue moved on without one for this account.
      const c = await accountWithPassword(store);
      await askForLink(new Visitor(app), c.email);
      assert.equal(smtp.server.received.slice(before).filter((m) => m.to.includes(a.email)).length, 0);
    });
  });
});
