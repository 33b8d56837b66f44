import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { FOLLOW_REQUESTS_PER_DAY, FOLLOW_REQUESTS_PER_IP, requestFollow } from '../../src/services/notifications/follows.js';
import { runNotificationJob } from '../../src/services/notifications/job.js';
import { drainOutbox } from '../../src/services/notifications/outbox.js';
import * as E from '../../src/services/workspace/commitments.js';
import { correctAssessment, openRound, publishRound } from '../../src/services/workspace/rounds.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { smtpForSuite, type ReceivedMail } from '../helpers/smtp.js';
import { parse } from 'node-html-parser';
import { mainText, Visitor } from '../accounts/support.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Following a commitment by e-mail, end to end through the pages and a real SMTP server process:
 * ask → confirmation mail → the link's page (nothing happens until its button) → confirmed → changes
 * (activities, evidence, a published round) → one message grouping them → unfollow → nothing more.
 */
const SITE = 'http://vigia.example.test';
const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;
const linkIn = (m: ReceivedMail, path: string) => {
  const found = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]{43}`).exec(m.text)?.[0];
  assert.ok(found, `a ${path} link in: ${m.text}`);
  return found;
};

describe('following a commitment by e-mail', () => {
  const smtp = smtpForSuite(SITE);

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
    const job = (date: string) => runNotificationJob(store, { date, now: () => new Date(`${date}T07:00:00.000Z`) });
    const mailsTo = (email: string, seen: number) => smtp.server.received.slice(seen).filter((m) => m.to.includes(email));

    test('ask, confirm with the link, receive one message grouping the changes, unfollow', async () => {
      const { c1, c2 } = plan.commitments;
      const email = `lucia-${db.kind}@example.test`;
      const v = new Visitor(app);
      const page = await v.get(`/compromisos/${c1}`);
      assert.match(page.body, new RegExp(`href="/compromisos/${c1}/seguir"`), 'the commitment page links to the follow form');
      const form = await v.get(`/compromisos/${c1}/seguir`);
      assert.equal(form.statusCode, 200);
      assert.match(mainText(form.body), /Reciba un correo cuando se publique una evaluación del compromiso 1 «Datos abiertos de escuelas»/);
      // Bad input: named, and nothing is queued.
      const outboxBefore = (await store.db.selectFrom('outbox').selectAll().execute()).length;
      const bad = await v.post(`/compromisos/${c1}/seguir`, { email: 'no es un correo' });
      assert.equal(bad.statusCode, 400);
      assert.match(mainText(bad.body), /Escriba un correo electrónico válido/);
      assert.equal((await store.db.selectFrom('outbox').selectAll().execute()).length, outboxBefore);
      // No CSRF token: refused.
      assert.equal((await v.post(`/compromisos/${c1}/seguir`, { email, _csrf: null })).statusCode, 403);

      const seen = smtp.server.received.length;
      const sent = await v.post(`/compromisos/${c1}/seguir`, { email: email.toUpperCase() });
      assert.equal(sent.statusCode, 200);
      assert.match(mainText(sent.body), new RegExp(`Le enviamos a ${email} un enlace para confirmar`));
      await drainOutbox(store, { now: () => new Date() });
      const confirmation = await smtp.server.waitFor((m) => m.to.includes(email), { after: seen });
      assert.equal(confirmation.subject, 'Vigía: confirme que quiere seguir el compromiso 1 «Datos abiertos de escuelas»');
      const confirmLink = linkIn(confirmation, '/seguimiento/confirmar');
      assert.ok(confirmLink.startsWith(`${SITE}/seguimiento/confirmar?token=`));

      // A change before confirming is not told: only confirmed follows get messages.
      const early = await E.addActivity(store, plan.people.carla, c1, { title: 'Actividad antes de confirmar' }, nowIso());
      assert.ok(early.ok);
      await job('2026-03-02');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mailsTo(email, seen).length, 1, 'only the confirmation so far');

      // Opening the link (as a mail scanner would) confirms nothing; the button does.
      const confirmPage = await v.get(pathOf(confirmLink));
      assert.equal(confirmPage.statusCode, 200);
      assert.equal(confirmPage.headers['referrer-policy'], 'no-referrer');
      assert.match(mainText(confirmPage.body), new RegExp(`¿Quiere que ${email} reciba las novedades del compromiso 1`));
      assert.equal(
        (await store.db.selectFrom('follows').select('status').where('email', '=', email).executeTakeFirstOrThrow()).status,
        'pending',
      );
      const token = new URL(confirmLink).searchParams.get('token')!;
      const confirmed = await v.post('/seguimiento/confirmar', { token });
      assert.equal(confirmed.statusCode, 200);
      assert.match(mainText(confirmed.body), /Listo: recibirá un correo con las novedades del compromiso 1/);
      assert.equal((await v.post('/seguimiento/confirmar', { token })).statusCode, 410, 'the confirmation link works once');

      // Changes: an activity and a piece of evidence on commitment 1, the round published; and a change to commitment 2 (not followed).
      assert.ok((await E.addActivity(store, plan.people.carla, c1, { title: 'Taller con la sociedad civil' }, nowIso())).ok);
      assert.ok(
        (
          await E.addLink(
            store,
            plan.people.carla,
            c1,
            { url: 'https://example.org/acta-taller.pdf', description: 'Acta del taller' },
            nowIso(),
          )
        ).ok,
      );
      assert.ok((await E.addActivity(store, plan.people.carla, c2, { title: 'Otra actividad' }, nowIso())).ok);
      await store.db.updateTable('assessments').set({ status: 'approved' }).where('round_id', '=', plan.roundId).execute();
      await store.db
        .insertInto('assessments')
        .values({
          round_id: plan.roundId,
          commitment_id: c2,
          level: 'not-started',
          results: null,
          additional_info: null,
          reasons: 'Sin presupuesto.',
          next_steps: null,
          lang: 'es',
          status: 'approved',
          review_comment: null,
          submitted_at: null,
          submitted_by: null,
          decided_at: null,
          decided_by: null,
          created_at: '2026-03-01T00:00:00.000Z',
          updated_at: '2026-03-01T00:00:00.000Z',
        })
        .execute();
      await publishRound(store, plan.people.carla, plan.roundId, new Date().toISOString());

      const seen2 = smtp.server.received.length;
      const r = await job('2026-03-03');
      assert.equal(r.follows.messages.length, 1, 'one message for the one follower');
      const news = await smtp.server.waitFor((m) => m.to.includes(email), { after: seen2 });
      assert.equal(news.subject, 'Vigía: novedades del compromiso 1 «Datos abiertos de escuelas»');
      const unfollowLink = linkIn(news, '/seguimiento/baja');
      assert.equal(
        news.text.replace(/token=[A-Za-z0-9_-]{43}/, 'token=…'),
        [
          'Novedades del compromiso 1 «Datos abiertos de escuelas» del plan «Plan de Acción 2026-2027»:',
          '',
          '* Actividad añadida: «Taller con la sociedad civil».',
          '* Evidencia añadida: Acta del taller.',
          '* Se publicó la evaluación «Reporte del primer trimestre (febrero de 2026)». El nivel de cumplimiento es ahora «Limitado».',
          '',
          `Vea el compromiso: ${SITE}/compromisos/${c1}`,
          '',
          '-- ',
          'Recibe este correo porque pidió seguir este compromiso en Vigía.',
          `Para dejar de seguirlo: ${SITE}/seguimiento/baja?token=…`,
          '',
        ].join('\n'),
      );
      assert.doesNotMatch(news.text, /Actividad antes de confirmar|Otra actividad/);

      // The job again: no new changes, no new message.
      await job('2026-03-04');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mailsTo(email, seen2).length, 1);

      // Unfollow: the page asks, the button ends it; then changes are not told.
      const unfollowPage = await v.get(pathOf(unfollowLink));
      assert.equal(unfollowPage.statusCode, 200);
      assert.match(mainText(unfollowPage.body), new RegExp(`¿Quiere que ${email} deje de recibir las novedades del compromiso 1`));
      const ended = await v.post('/seguimiento/baja', { token: new URL(unfollowLink).searchParams.get('token')! });
      assert.equal(ended.statusCode, 200);
      assert.match(mainText(ended.body), /No recibirá más correos sobre este compromiso/);
      assert.ok((await E.addActivity(store, plan.people.carla, c1, { title: 'Después de dejar de seguir' }, nowIso())).ok);
      const seen3 = smtp.server.received.length;
      const r2 = await job('2026-03-05');
      assert.equal(r2.follows.messages.length, 0);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mailsTo(email, seen3).length, 0);
    });

    test('in English: the form, the confirmation and the message are in English', async () => {
      const { c3 } = plan.commitments;
      const email = `john-${db.kind}@example.test`;
      const v = new Visitor(app);
      await v.get(`/en/compromisos/${c3}/seguir`);
      const seen = smtp.server.received.length;
      const sent = await v.post(`/en/compromisos/${c3}/seguir`, { email });
      assert.match(mainText(sent.body), new RegExp(`We sent ${email} a link to confirm`));
      await drainOutbox(store, { now: () => new Date() });
      const confirmation = await smtp.server.waitFor((m) => m.to.includes(email), { after: seen });
      assert.equal(confirmation.subject, 'Vigía: confirm that you want to follow commitment 3 "Historias clínicas"');
      const link = linkIn(confirmation, '/en/seguimiento/confirmar');
      await v.get(pathOf(link));
      assert.equal((await v.post('/en/seguimiento/confirmar', { token: new URL(link).searchParams.get('token')! })).statusCode, 200);
      assert.ok((await E.addLink(store, plan.people.carla, c3, { url: 'https://example.org/informe.pdf' }, nowIso())).ok);
      const seen2 = smtp.server.received.length;
      await job('2026-03-06');
      const news = await smtp.server.waitFor((m) => m.to.includes(email), { after: seen2 });
      assert.equal(news.subject, 'Vigía: news of commitment 3 "Historias clínicas"');
      assert.match(
        news.text,
        /^News of commitment 3 "Historias clínicas" of the plan "Plan de Acción 2026-2027":\n\n\* Evidence added: https:\/\/example\.org\/informe\.pdf\.\n/,
      );
      assert.match(news.text, new RegExp(`To stop following it: ${SITE}/en/seguimiento/baja\\?token=`));

      // A draft of a new round (not public) is not told; a correction of the published level is.
      const round2 = await openRound(
        store,
        plan.people.carla,
        plan.planId,
        { kind: 'end-of-term', cutoffDate: '2026-06-30' },
        new Date().toISOString(),
      );
      assert.ok(round2.ok);
      const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString(), context: 'draft' })
        .forPlan(plan.planId)
        .forCommitment(c3);
      await w.insert('assessments', {
        round_id: round2.id,
        commitment_id: c3,
        level: 'complete',
        results: 'Borrador interno',
        additional_info: null,
        reasons: null,
        next_steps: null,
        lang: 'es',
        status: 'draft',
        review_comment: null,
        submitted_at: null,
        submitted_by: null,
        decided_at: null,
        decided_by: null,
      } as never);
      const seen3 = smtp.server.received.length;
      assert.equal((await job('2026-03-07')).follows.messages.length, 0, 'a draft assessment is not news');
      assert.ok(
        (
          await correctAssessment(
            store,
            plan.people.carla,
            plan.roundId,
            c3,
            {
              field: 'level',
              value: 'Sustancial',
              reason: 'Se verificó el piloto.',
            },
            new Date().toISOString(),
          )
        ).ok,
      );
      await job('2026-03-08');
      const corrected = await smtp.server.waitFor((m) => m.to.includes(email), { after: seen3 });
      assert.match(
        corrected.text,
        /^News of commitment 3 "Historias clínicas" of the plan "Plan de Acción 2026-2027":\n\n\* The level of completion is now "Substantial"\.\n/,
      );
      assert.doesNotMatch(corrected.text, /Borrador|Complete/);
    });

    test('the follow form: a hidden honeypot answered as if sent (nothing kept, no mail, not counted); an address too long is named', async () => {
      const { c1 } = plan.commitments;
      const v = new Visitor(app, '198.51.100.77');
      const form = parse((await v.get(`/compromisos/${c1}/seguir`)).body);
      const trap = form.querySelector('form input[name=website]');
      assert.ok(
        trap && trap.closest('[aria-hidden=true]') && trap.getAttribute('tabindex') === '-1',
        'the honeypot is in the form, hidden from people and from assistive technology',
      );
      const rows = async (table: 'outbox' | 'follows' | 'rate_events') => (await store.db.selectFrom(table).select('id').execute()).length;
      const before = [await rows('outbox'), await rows('follows'), await rows('rate_events')];
      const robot = await v.post(`/compromisos/${c1}/seguir`, { email: `robot-${db.kind}@example.test`, website: 'http://spam.example' });
      assert.equal(robot.statusCode, 200);
      assert.match(mainText(robot.body), new RegExp(`Le enviamos a robot-${db.kind}@example\\.test un enlace`));
      assert.deepEqual([await rows('outbox'), await rows('follows'), await rows('rate_events')], before);
      const long = await v.post(`/compromisos/${c1}/seguir`, { email: `${'a'.repeat(250)}@example.test`, website: '' });
      assert.equal(long.statusCode, 400);
      assert.match(mainText(long.body), /El correo electrónico es demasiado largo: como máximo 254 caracteres/);
      assert.deepEqual([await rows('outbox'), await rows('follows')], before.slice(0, 2));
    });

    test('follow requests are limited per address; a repeat within minutes sends no second mail', async () => {
      const { c1, c2 } = plan.commitments;
      const email = `muchos-${db.kind}@example.test`;
      const t0 = Date.parse('2026-04-01T10:00:00.000Z');
      const at = (minutes: number) => new Date(t0 + minutes * 60_000);
      const confirmRows = async () => (await store.db.selectFrom('outbox').select('id').where('recipient', '=', email).execute()).length;
      assert.deepEqual(await requestFollow(store, { commitmentId: c1, email, lang: 'es', now: at(0) }), { ok: true, email });
      assert.deepEqual(await requestFollow(store, { commitmentId: c1, email, lang: 'es', now: at(2) }), { ok: true, email });
      assert.equal(await confirmRows(), 1, 'asked twice within ten minutes: one mail');
      for (let i = 1; i < FOLLOW_REQUESTS_PER_DAY; i++)
        await requestFollow(store, { commitmentId: i % 2 ? c2 : c1, email, lang: 'es', now: at(11 * i) });
      assert.equal(await confirmRows(), FOLLOW_REQUESTS_PER_DAY);
      // The first mail (at 0) leaves the day's window at 24:00: the wait is said from 0:55.
      assert.deepEqual(await requestFollow(store, { commitmentId: c1, email, lang: 'es', now: at(11 * FOLLOW_REQUESTS_PER_DAY) }), {
        ok: false,
        field: 'email',
        problem: 'limited',
        retryAfterSeconds: (24 * 60 - 55) * 60,
      });
      assert.equal(await confirmRows(), FOLLOW_REQUESTS_PER_DAY, 'nothing queued when limited');
      // A day after the first, the address may ask again.
      assert.equal((await requestFollow(store, { commitmentId: c1, email, lang: 'es', now: at(24 * 60 + 1) })).ok, true);
      // Through the page, the limit is said on the field with 429.
      const v = new Visitor(app);
      const other = `limitado-${db.kind}@example.test`;
      for (let i = 0; i < FOLLOW_REQUESTS_PER_DAY; i++)
        await requestFollow(store, {
          commitmentId: i % 2 ? c2 : c1,
          email: other,
          lang: 'es',
          now: new Date(Date.now() - 3600_000 + i * 11 * 60_000),
        });
      await v.get(`/compromisos/${c1}/seguir`);
      const limited = await v.post(`/compromisos/${c1}/seguir`, { email: other });
      assert.equal(limited.statusCode, 429);
      assert.match(mainText(limited.body), /Se pidieron demasiados avisos para este correo/);
    });

    test('one network address may ask for only so many different addresses in a day; nothing is queued beyond it', async () => {
      const { c1 } = plan.commitments;
      const ip = `198.51.100.${db.kind === 'sqlite' ? 1 : 2}`;
      const confirmRows = async () => (await store.db.selectFrom('outbox').select('id').execute()).length;
      const start = Date.now() - 3600_000;
      for (let i = 0; i < FOLLOW_REQUESTS_PER_IP; i++) {
        assert.equal(
          (
            await requestFollow(store, {
              commitmentId: c1,
              email: `red-${i}-${db.kind}@example.test`,
              lang: 'es',
              ip,
              now: new Date(start + i * 1000),
            })
          ).ok,
          true,
          `request ${i + 1}`,
        );
      }
      const queued = await confirmRows();
      const over = await requestFollow(store, {
        commitmentId: c1,
        email: `red-nueva-${db.kind}@example.test`,
        lang: 'es',
        ip,
        now: new Date(start + 60_000),
      });
      assert.deepEqual(over, { ok: false, field: 'email', problem: 'limitedNetwork', retryAfterSeconds: 24 * 3600 - 60 });
      assert.equal(await confirmRows(), queued, 'nothing queued when limited');
      assert.equal(
        (
          await requestFollow(store, {
            commitmentId: c1,
            email: `red-nueva-${db.kind}@example.test`,
            lang: 'es',
            ip: '198.51.100.99',
            now: new Date(start + 60_000),
          })
        ).ok,
        true,
        'another address is not limited',
      );
      // Through the page: the app sees the visitor's address, the limit is said on the field with 429.
      for (let i = 0; i < FOLLOW_REQUESTS_PER_IP; i++)
        await requestFollow(store, {
          commitmentId: c1,
          email: `pagina-${i}-${db.kind}@example.test`,
          lang: 'es',
          ip: '127.0.0.1',
          now: new Date(start + i * 1000),
        });
      const v = new Visitor(app);
      await v.get(`/compromisos/${c1}/seguir`);
      const limited = await v.post(`/compromisos/${c1}/seguir`, { email: `pagina-nueva-${db.kind}@example.test` });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0, 'the wait is said in Retry-After');
      assert.match(mainText(limited.body), /Se pidieron demasiados avisos desde su conexión/);
    });
  });
});
