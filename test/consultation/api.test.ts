import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { answerComment, hideComment, openConsultation, postComment, requestCommentLink } from '../../src/services/consultation.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';

/**
 * A plan's consultations in the public API (status and counts), one consultation (visible comments with
 * their answers, the hidden count and reasons, never a hidden text nor an address) and the coordinator's
 * moderation list (every comment, hidden ones with their text and reason) — refused to anyone not signed
 * in (401) and to the coordinator of another government (403). On both databases.
 */
const TODAY = '2026-03-05';

eachDatabase((dbs) => {
  test('GET /api/v1/plans/:id/consultations, /api/v1/consultations/:id and the moderation list; privacy', async () => {
    const store = await dbs.open();
    const plan = await buildLateActivitiesPlan(store);
    const other = await buildLateActivitiesPlan(store);
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
    const coordinator = await signIn(app, store, { role: 'coordinator', governmentId: plan.people.carla.governmentId! });
    const stranger = await signIn(app, store, { role: 'coordinator', governmentId: other.people.carla.governmentId! });

    const opened = await openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Borrador del reporte',
        roundId: plan.roundId,
        startsOn: '2026-03-01',
        endsOn: TODAY,
      },
      new Date().toISOString(),
    );
    assert.ok(opened.ok);
    const later = await openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Borrador del plan siguiente',
        startsOn: '2026-04-01',
        endsOn: '2026-04-30',
      },
      new Date().toISOString(),
    );
    assert.ok(later.ok);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    const first = await postComment(store, {
      now: new Date().toISOString(),
      consultationId: opened.id,
      who: eva,
      body: { target: `commitment:${plan.commitments.c1}`, name: 'Eva', body: 'Falta la meta de escuelas rurales.' },
      today: TODAY,
    });
    const second = await postComment(store, {
      now: new Date().toISOString(),
      consultationId: opened.id,
      who: eva,
      body: { target: 'draft', name: '', body: 'TEXTO OFENSIVO OCULTO' },
      today: TODAY,
    });
    assert.ok(first.ok && second.ok);
    // A visitor by mailed link: the address must never come out.
    const email = `luz-${dbs.kind}@example.test`;
    assert.ok(
      (
        await requestCommentLink(store, {
          now: new Date().toISOString(),
          consultationId: opened.id,
          body: { email },
          lang: 'es',
          today: TODAY,
        })
      ).ok,
    );
    const mail = await store.db.selectFrom('outbox').select('body').where('recipient', '=', email).executeTakeFirstOrThrow();
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.body)![1]!;
    const third = await postComment(store, {
      now: new Date().toISOString(),
      consultationId: opened.id,
      who: { kind: 'link', token },
      body: { target: 'draft', name: 'Luz', body: 'Comentario de Luz.' },
      today: TODAY,
    });
    assert.ok(third.ok);
    assert.ok((await hideComment(store, plan.people.carla, second.id, { reason: 'Lenguaje ofensivo' }, new Date().toISOString())).ok);
    assert.ok(
      (
        await answerComment(
          store,
          plan.people.carla,
          first.id,
          { answer: 'partly', reason: 'Se agrega una meta', changes: 'Meta 3' },
          new Date().toISOString(),
        )
      ).ok,
    );

    const list = await app.inject({ url: `/api/v1/plans/${plan.planId}/consultations` });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list
        .json()
        .consultations.map((c: { id: number; status: string; startsOn: string; endsOn: string; comments: object }) => [
          c.id,
          c.status,
          c.startsOn,
          c.endsOn,
          c.comments,
        ]),
      [
        [later.id, 'upcoming', '2026-04-01', '2026-04-30', { visible: 0, hidden: 0, answered: 0 }],
        [opened.id, 'open', '2026-03-01', TODAY, { visible: 2, hidden: 1, answered: 1 }],
      ],
    );
    assert.equal((await app.inject({ url: `/api/v1/plans/999999/consultations` })).statusCode, 404);

    const one = await app.inject({ url: `/api/v1/consultations/${opened.id}` });
    assert.equal(one.statusCode, 200);
    const c = one.json();
    assert.equal(c.status, 'open');
    assert.equal(c.hiddenCount, 1);
    assert.deepEqual(
      c.hidden.map((h: { reason: string }) => h.reason),
      ['Lenguaje ofensivo'],
    );
    assert.deepEqual(
      c.comments.map((x: { body: string; answer: string | null; answerReason: string | null }) => [x.body, x.answer, x.answerReason]),
      [
        ['Falta la meta de escuelas rurales.', 'partly', 'Se agrega una meta'],
        ['Comentario de Luz.', null, null],
      ],
    );
    for (const body of [list.body, one.body]) {
      assert.ok(!body.includes('TEXTO OFENSIVO OCULTO'), 'a hidden text never reaches a public answer');
      assert.ok(!body.includes(email) && !body.includes(plan.people.eva.email), 'no address');
    }

    const url = `/api/v1/workspace/consultations/${opened.id}/comments`;
    const moderation = await app.inject({ url, headers: { cookie: coordinator.cookie } });
    assert.equal(moderation.statusCode, 200);
    assert.equal(moderation.headers['cache-control'], 'no-store');
    const m = moderation.json();
    assert.equal(m.consultation.id, opened.id);
    assert.deepEqual(
      m.comments.map((x: { body: string; hidden: boolean; hiddenReason: string | null }) => [x.body, x.hidden, x.hiddenReason]),
      [
        ['Falta la meta de escuelas rurales.', false, null],
        ['TEXTO OFENSIVO OCULTO', true, 'Lenguaje ofensivo'],
        ['Comentario de Luz.', false, null],
      ],
    );
    assert.ok(!moderation.body.includes(email), 'the moderation list names no address either');
    assert.equal((await app.inject({ url })).statusCode, 401);
    const refused = await app.inject({ url, headers: { cookie: stranger.cookie } });
    assert.equal(refused.statusCode, 403, 'the coordinator of another government');
    assert.ok(!refused.body.includes('TEXTO OFENSIVO OCULTO'));
    const civil = await signIn(app, store, { role: 'civil-society' });
    assert.equal((await app.inject({ url, headers: { cookie: civil.cookie } })).statusCode, 403);
    assert.equal(
      (await app.inject({ url: '/api/v1/workspace/consultations/999999/comments', headers: { cookie: coordinator.cookie } })).statusCode,
      404,
    );
    await app.close();
  });
});
