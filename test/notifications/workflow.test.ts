import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { runNotificationJob } from '../../src/services/notifications/job.js';
import { drainOutbox } from '../../src/services/notifications/outbox.js';
import { decideAssessment, getAssessmentForm, publishRound, saveAssessment } from '../../src/services/workspace/rounds.js';
import type { Store } from '../../src/storage/connect.js';
import { listOutbox } from '../../src/storage/outbox.js';
import { setWorkflowAtOnce } from '../../src/storage/workflow-notices.js';
import { signedForm, signIn, signInAgain, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';
import { smtpForSuite } from '../helpers/smtp.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Workflow notices (issue 20): the agency editor learns that an assessment came back (on /espacio, with the
 * comment; in the daily digest; at once when chosen), the coordinator what was submitted, a reviewer that a
 * round was published — through the outbox and a real SMTP server process.
 */
const SITE = 'https://vigia.example.test';

describe('workflow notices: returned, submitted, published', () => {
  const smtp = smtpForSuite(SITE);

  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let plan: LateActivitiesPlan;
    let ana: SignedIn;
    let carla: SignedIn;
    const home = async (who: SignedIn, lang: 'es' | 'en' = 'es') => {
      const res = await app.inject({ url: `${lang === 'en' ? '/en' : ''}/espacio`, headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, 200);
      return parse(res.body);
    };
    const outboxTo = async (email: string) => (await listOutbox(store.db)).filter((m) => m.recipient === email);
    const submitC1 = async () => {
      const form = await getAssessmentForm(store, plan.people.ana, plan.roundId, plan.commitments.c1, nowIso().slice(0, 10));
      const r = await saveAssessment(
        store,
        plan.people.ana,
        plan.roundId,
        plan.commitments.c1,
        { results: 'Avances con el acta.', version: form.assessment!.version },
        { submit: true },
        nowIso(),
      );
      assert.ok(r.ok, JSON.stringify(r));
    };

    before(async () => {
      store = await db.open();
      app = await buildApp({ store, cacheCheckEveryMs: 0 });
      plan = await buildLateActivitiesPlan(store);
      ana = await signInAgain(app, store, { actor: plan.people.ana, cookie: '', csrf: '' });
      carla = await signInAgain(app, store, { actor: plan.people.carla, cookie: '', csrf: '' });
    });
    after(() => app.close());

    test('the editor finds a returned assessment on /espacio with the comment and a link; another agency does not', async () => {
      const page = await home(ana);
      const section = page.querySelector('section[aria-labelledby="returned"]');
      assert.ok(section, 'a “Devueltas para corregir” list');
      assert.match(section.text, /Devueltas para corregir/);
      assert.match(section.text, /1\. Datos abiertos de escuelas/);
      assert.match(section.text, /Falta la evidencia\./);
      assert.ok(section.querySelector(`a[href="/espacio/evaluaciones/${plan.roundId}/compromisos/${plan.commitments.c1}"]`));
      const beto = await signInAgain(app, store, { actor: plan.people.beto, cookie: '', csrf: '' });
      assert.equal((await home(beto)).querySelector('section[aria-labelledby="returned"]'), null, 'MINSA has nothing returned');
    });

    test('the coordinator sees what was submitted on /espacio, and is told at once when she chose so', async () => {
      const en = await home(carla, 'en');
      const list = en.querySelector('section[aria-labelledby="submitted"]');
      assert.ok(list, 'a “Submitted for your decision” list');
      assert.match(list.text, /3\. Historias clínicas/);
      assert.doesNotMatch(list.text, /Datos abiertos/);

      await setWorkflowAtOnce(store.db, plan.people.carla.userId, true, nowIso());
      await submitC1();
      const told = await outboxTo(plan.people.carla.email);
      assert.equal(told.length, 1);
      assert.equal(told[0]!.subject, 'Vigía: the assessment of commitment 1 awaits your decision');
      assert.match(told[0]!.body, /Ana submitted the assessment of commitment 1 «Datos abiertos de escuelas»/);
      assert.ok(told[0]!.body.includes(`${SITE}/en/espacio/evaluaciones/${plan.roundId}/compromisos/${plan.commitments.c1}`));
      assert.match((await home(carla, 'en')).querySelector('section[aria-labelledby="submitted"]')!.text, /1\. Datos abiertos/);
      assert.equal((await outboxTo(plan.people.ana.email)).length, 0, 'the editor chose nothing: no message');
    });

    test('returned: the editor who chose “at once” gets the comment by mail; /espacio and the digest say it too', async () => {
      // The account page's form.
      const account = parse((await app.inject({ url: '/cuenta', headers: { cookie: ana.cookie } })).body);
      assert.ok(account.querySelector('form input[name="workflow"][value="at-once"]'));
      const chose = await app.inject({ method: 'POST', url: '/cuenta/avisos', ...signedForm(ana, { workflow: 'at-once' }) });
      assert.equal(chose.statusCode, 303);
      const bad = await app.inject({ method: 'POST', url: '/cuenta/avisos', ...signedForm(ana, { workflow: 'siempre' }) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /avisos de las evaluaciones/);

      const form = await getAssessmentForm(store, plan.people.carla, plan.roundId, plan.commitments.c1, nowIso().slice(0, 10));
      const comment = 'Agregue el acta firmada de la mesa.';
      const r = await decideAssessment(
        store,
        plan.people.carla,
        plan.roundId,
        plan.commitments.c1,
        { decision: 'return', comment, version: form.assessment!.version },
        nowIso(),
      );
      assert.ok(r.ok);
      const told = await outboxTo(plan.people.ana.email);
      assert.equal(told.length, 1);
      const seen = smtp.server.received.length;
      await drainOutbox(store, { now: () => new Date() });
      const mail = await smtp.server.waitFor((m) => m.to.includes(plan.people.ana.email), { after: seen });
      assert.equal(mail.subject, 'Vigía: le devolvieron la evaluación del compromiso 1');
      assert.match(mail.text, /La coordinación le devolvió la evaluación del compromiso 1 «Datos abiertos de escuelas»/);
      assert.match(mail.text, /> Agregue el acta firmada de la mesa\./);
      assert.ok(mail.text.includes(`${SITE}/espacio/evaluaciones/${plan.roundId}/compromisos/${plan.commitments.c1}`));

      assert.match((await home(ana)).querySelector('section[aria-labelledby="returned"]')!.text, /Agregue el acta firmada/);

      const job = await runNotificationJob(store, { date: '2026-03-02', now: () => new Date('2026-03-02T07:00:00.000Z') });
      const digest = job.digests.digests.find((d) => d.recipient.id === plan.people.ana.userId)!;
      assert.match(
        digest.written.text,
        /le fue devuelta con observaciones[^\n]*\n {2}Comentario de la coordinación: «Agregue el acta firmada de la mesa\.»/,
      );
    });

    test('a reviewer is told when a round is published', async () => {
      const reviewer = await signIn(app, store, { role: 'reviewer', name: 'Rosa Revisora' });
      await store.db.updateTable('assessments').set({ status: 'approved' }).where('round_id', '=', plan.roundId).execute();
      await store.db
        .insertInto('assessments')
        .values({
          round_id: plan.roundId,
          commitment_id: plan.commitments.c2,
          level: 'not-started',
          reasons: 'Sin presupuesto.',
          lang: 'es',
          status: 'approved',
          created_at: nowIso(),
          updated_at: nowIso(),
        })
        .execute();
      await publishRound(store, plan.people.carla, plan.roundId, nowIso());
      const told = await outboxTo(reviewer.actor.email);
      assert.equal(told.length, 1);
      assert.equal(told[0]!.subject, 'Vigía: se publicó la evaluación «Reporte del primer trimestre (febrero de 2026)»');
      assert.match(told[0]!.body, /Hola, Rosa Revisora:/);
      assert.ok(told[0]!.body.includes(`${SITE}/planes/${plan.planId}`));
    });
  });
});
