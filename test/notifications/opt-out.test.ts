import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { runNotificationJob } from '../../src/services/notifications/job.js';
import type { Store } from '../../src/storage/connect.js';
import { digestEnabled } from '../../src/storage/digest.js';
import { accountWithPassword } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { mainText, Visitor } from '../accounts/support.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * Turning the digest off: on the account page (signed in, CSRF) and with the link in a digest (no
 * sign-in; opening the link changes nothing, its page's button does). Then no digest arrives.
 */
const SITE = 'http://vigia.example.test';

describe('turning the daily digest off', () => {
  let smtp: SmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let plan: LateActivitiesPlan;
    before(async () => {
      store = await db.open();
      app = await buildApp({ store, cacheCheckEveryMs: 0 });
      plan = await buildLateActivitiesPlan(store);
    });
    after(() => app.close());
    const job = (date: string) =>
      runNotificationJob(store, { date, now: () => new Date(`${date}T07:00:00.000Z`), env: { ...smtp.env, PUBLIC_URL: SITE } });

    test('on the account page: said, changed with the button, refused without a CSRF token or with a bad value', async () => {
      const agencyId = (
        await store.db.selectFrom('users').select('agency_id').where('id', '=', plan.people.ana.userId).executeTakeFirstOrThrow()
      ).agency_id!;
      const editor = await accountWithPassword(store, { role: 'agency-editor', agencyId, name: 'Elena' });
      const v = new Visitor(app);
      await v.signIn(editor.email, editor.password);
      const page = await v.get('/cuenta');
      assert.match(
        mainText(page.body),
        /Avisos por correo\s*Recibe el resumen diario: alertas nuevas, plazos de los próximos 14 días.*\s*Dejar de recibir el resumen diario/,
      );
      assert.equal((await v.post('/cuenta/avisos', { digest: 'off', _csrf: null })).statusCode, 403);
      assert.equal(await digestEnabled(store.db, editor.id), true, 'nothing changed without the token');
      const bad = await v.post('/cuenta/avisos', { digest: 'quizá' });
      assert.equal(bad.statusCode, 400);
      assert.match(mainText(bad.body), /resumen/);
      assert.equal(await digestEnabled(store.db, editor.id), true);
      const off = await v.post('/cuenta/avisos', { digest: 'off' });
      assert.equal(off.statusCode, 303);
      assert.equal(off.headers.location, '/cuenta?aviso=resumen-no');
      assert.equal(await digestEnabled(store.db, editor.id), false);
      assert.match(
        mainText((await v.get('/cuenta?aviso=resumen-no')).body),
        /Listo: ya no recibirá el resumen diario\.\s*No recibe el resumen diario\.\s*Recibir el resumen diario/,
      );
      const on = await v.post('/cuenta/avisos', { digest: 'on' });
      assert.equal(on.headers.location, '/cuenta?aviso=resumen-si');
      assert.equal(await digestEnabled(store.db, editor.id), true);
      // In English too; and a person with no digest to get is told so.
      const civil = await accountWithPassword(store, { role: 'civil-society', lang: 'en' });
      const c = new Visitor(app);
      await c.signIn(civil.email, civil.password);
      assert.match(
        mainText((await c.get('/en/cuenta')).body),
        /E-mail notifications\s*The daily summary is for coordinators and the agencies responsible for commitments\./,
      );
      // Signed out, the setting cannot be changed.
      assert.equal((await new Visitor(app).post('/cuenta/avisos', { digest: 'off' }, {})).statusCode, 401);
    });

    test('with the link in a digest: the page asks, the button turns it off, and no digest comes the next day', async () => {
      const seen = smtp.received.length;
      await job('2026-03-02');
      const mail = await smtp.waitFor((m) => m.to.includes(plan.people.ana.email), { after: seen });
      const link = /http:\/\/vigia\.example\.test\/avisos\/baja\?token=([A-Za-z0-9_-]{43})/.exec(mail.text);
      assert.ok(link, mail.text);
      const v = new Visitor(app);
      const page = await v.get(`/avisos/baja?token=${link[1]}`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(mainText(page.body), new RegExp(`¿Quiere que ${plan.people.ana.email} deje de recibir el resumen diario de Vigía\\?`));
      assert.equal(await digestEnabled(store.db, plan.people.ana.userId), true, 'opening the link (a scanner) changes nothing');
      assert.equal((await v.post('/avisos/baja', { token: link[1]!, _csrf: null })).statusCode, 403);
      const done = await v.post('/avisos/baja', { token: link[1]! });
      assert.equal(done.statusCode, 200);
      assert.match(mainText(done.body), /Ya no recibirá el resumen diario/);
      assert.equal(await digestEnabled(store.db, plan.people.ana.userId), false);
      assert.equal((await v.get('/avisos/baja?token=not-a-token')).statusCode, 410);
      assert.equal((await v.post('/avisos/baja', { token: 'not-a-token' })).statusCode, 410);

      const seen2 = smtp.received.length;
      const r = await job('2026-03-13');
      // Elena (another MINEDU editor, from the first test) still gets hers; Ana does not.
      assert.deepEqual(r.digests.digests.map((d) => d.recipient.name).sort(), ['Beto', 'Carla', 'Elena']);
      await smtp.waitFor((m) => m.to.includes(plan.people.carla.email), { after: seen2 });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.received.slice(seen2).filter((m) => m.to.includes(plan.people.ana.email)).length, 0);
    });
  });
});
