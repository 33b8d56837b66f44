import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../src/errors.js';
import * as S from '../../src/services/consultation.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { appRefusal } from '../helpers/refusal.js';
import { eachDatabase } from '../helpers/databases.js';
import { together } from '../helpers/races.js';
import { rowCount, snapshot } from '../helpers/tables.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * The consultation services on both databases: opening (coordinator only, dates checked), commenting
 * (account or confirmed link; open days inclusive; honeypot; rate limit; lengths), the 15-minute edit,
 * moderation and answers, the synthesis.
 */
const TODAY = '2026-03-05';
const at = (hhmm: string) => `${TODAY}T${hhmm}:00.000Z`;

const refusal = appRefusal;

async function setUp(store: Store): Promise<{ plan: LateActivitiesPlan; consultationId: number; sectionId: number }> {
  const plan = await buildLateActivitiesPlan(store);
  const w = new AuditedWriter(store.db, { actor: 'test', at: at('08:00'), context: 'test' }).forPlan(plan.planId);
  const sectionId = await w.insert('plan_sections', {
    plan_id: plan.planId,
    position: 1,
    key: 'process',
    title: 'Proceso de consulta',
    body: 'Texto',
    lang: 'es',
  } as never);
  const r = await S.openConsultation(
    store,
    plan.people.carla,
    plan.planId,
    { title: 'Borrador del plan 2026', startsOn: '2026-03-02', endsOn: TODAY },
    at('08:00'),
  );
  assert.ok(r.ok);
  return { plan, consultationId: r.id, sectionId };
}

eachDatabase((dbs) => {
  test('only the coordinator opens a consultation; the end before the start and a round of another plan are field errors and nothing is stored', async () => {
    const store = await dbs.open();
    const { plan } = await setUp(store);
    assert.equal(
      (
        await refusal(
          S.openConsultation(
            store,
            plan.people.ana,
            plan.planId,
            { title: 'x', startsOn: '2026-03-02', endsOn: '2026-03-03' },
            new Date().toISOString(),
          ),
        )
      )?.code,
      'forbidden',
    );
    assert.equal(
      (
        await refusal(
          S.openConsultation(
            store,
            plan.people.eva,
            plan.planId,
            { title: 'x', startsOn: '2026-03-02', endsOn: '2026-03-03' },
            new Date().toISOString(),
          ),
        )
      )?.code,
      'forbidden',
    );
    const before = await rowCount(store, 'consultations');
    const bad = await S.openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: '',
        startsOn: '2026-03-09',
        endsOn: '2026-03-02',
        roundId: '999',
      },
      new Date().toISOString(),
    );
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.errors.map((e) => `${e.field}:${e.code}`).sort(), [
      'endsOn:date_order',
      'roundId:invalid_choice',
      'title:required',
    ]);
    assert.equal(await rowCount(store, 'consultations'), before);
    const round = await S.openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Autoevaluación',
        startsOn: '2026-03-02',
        endsOn: '2026-03-02',
        roundId: String(plan.roundId),
      },
      new Date().toISOString(),
    );
    assert.ok(round.ok);
  });

  test('a civil-society account comments on the whole draft, a commitment and a section, on the last day; the next day is closed; other roles cannot', async () => {
    const store = await dbs.open();
    const { plan, consultationId, sectionId } = await setUp(store);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    for (const target of ['draft', `commitment:${plan.commitments.c1}`, `section:${sectionId}`]) {
      const r = await S.postComment(store, {
        consultationId,
        who: eva,
        body: { target, body: `Sobre ${target}`, name: 'Eva' },
        today: TODAY,
        now: at('09:00'),
      });
      assert.ok(r.ok && r.id > 0, target);
    }
    const view = await S.consultationView(store, consultationId, TODAY);
    assert.equal(view.status, 'open');
    assert.deepEqual(
      view.comments.map((c) => [c.target, c.targetId]),
      [
        ['draft', null],
        ['commitment', plan.commitments.c1],
        ['section', sectionId],
      ],
    );
    assert.equal(
      (
        await refusal(
          S.postComment(store, {
            now: new Date().toISOString(),
            consultationId,
            who: eva,
            body: { target: 'draft', body: 'tarde' },
            today: '2026-03-06',
          }),
        )
      )?.code,
      'consultation_closed',
    );
    assert.equal(
      (
        await refusal(
          S.postComment(store, {
            now: new Date().toISOString(),
            consultationId,
            who: { kind: 'account', actor: plan.people.ana },
            body: { target: 'draft', body: 'x' },
            today: TODAY,
          }),
        )
      )?.code,
      'forbidden',
    );
    // A comment is audited under the account, never with an address.
    const audit = await store.db.selectFrom('audit_log').select(['actor', 'after']).where('entity', '=', 'consultation_comments').execute();
    assert.equal(audit.length, 3);
    assert.ok(audit.every((a) => a.actor === `user:${plan.people.eva.userId}` && !String(a.after).includes('@')));
  });

  test('bad input: a commitment of another plan, an unknown target, a text too long — each names its field, nothing is stored; the honeypot is refused quietly', async () => {
    const store = await dbs.open();
    const { plan, consultationId } = await setUp(store);
    const other = await buildLateActivitiesPlan(store);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    const post = (body: Record<string, unknown>) =>
      S.postComment(store, { consultationId, who: eva, body, today: TODAY, now: at('09:00') });
    const r1 = await post({ target: `commitment:${other.commitments.c1}`, body: 'x' });
    assert.deepEqual(!r1.ok && r1.errors, [{ field: 'target', code: 'invalid_choice' }]);
    const r2 = await post({ target: 'draft', body: 'x'.repeat(5001), name: 'y'.repeat(121) });
    assert.deepEqual(!r2.ok && r2.errors.map((e) => [e.field, e.code, e.limit]), [
      ['name', 'too_long', 120],
      ['body', 'too_long', 5000],
    ]);
    const r3 = await post({ target: 'draft', body: 'compre ya', website: 'http://spam.example' });
    assert.deepEqual(r3, { ok: true, id: 0, quiet: true });
    assert.equal(await rowCount(store, 'consultation_comments'), 0);
    assert.equal(await rowCount(store, 'rate_events'), 0);
  });

  test('the sixth comment within ten minutes is refused with 429; the author edits at 15 minutes, not after', async () => {
    const store = await dbs.open();
    const { plan, consultationId } = await setUp(store);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await S.postComment(store, {
        consultationId,
        who: eva,
        body: { target: 'draft', body: `n.º ${i}` },
        ip: '203.0.113.5',
        today: TODAY,
        now: at(`09:0${i}`),
      });
      assert.ok(r.ok);
      ids.push(r.id);
    }
    const e = await refusal(
      S.postComment(store, {
        consultationId,
        who: eva,
        body: { target: 'draft', body: 'sexto' },
        ip: '203.0.113.5',
        today: TODAY,
        now: at('09:05'),
      }),
    );
    assert.equal(e?.status, 429);
    assert.equal(await rowCount(store, 'consultation_comments'), 5);
    assert.ok(
      (await S.editComment(store, { commentId: ids[0]!, who: eva, body: { body: 'corregido' }, today: TODAY, now: at('09:15') })).ok,
    );
    assert.equal(
      (
        await refusal(
          S.editComment(store, { commentId: ids[0]!, who: eva, body: { body: 'otra vez' }, today: TODAY, now: '2026-03-05T09:15:00.001Z' }),
        )
      )?.code,
      'edit_window_over',
    );
    assert.equal(
      (
        await refusal(
          S.editComment(store, {
            commentId: ids[1]!,
            who: { kind: 'account', actor: plan.people.carla },
            body: { body: 'ajeno' },
            today: TODAY,
            now: at('09:02'),
          }),
        )
      )?.code,
      'forbidden',
    );
    const view = await S.consultationView(store, consultationId, TODAY, { userId: plan.people.eva.userId });
    assert.equal(view.comments[0]!.body, 'corregido');
    assert.equal(view.comments[0]!.editedAt, at('09:15'));
    assert.ok(view.comments.every((c) => c.mine));
  });

  test('a visitor asks for a link, the mail holds it, commenting with it confirms the address and uses the link up (a cookie carries on); a wrong token is refused', async () => {
    const store = await dbs.open();
    const { consultationId, plan } = await setUp(store);
    const env = { PUBLIC_URL: 'http://vigia.example.test' };
    const asked = await S.requestCommentLink(store, {
      consultationId,
      body: { email: 'Luz@Example.org' },
      lang: 'es',
      today: TODAY,
      now: at('09:00'),
      env,
    });
    assert.deepEqual(asked, { ok: true, email: 'luz@example.org' });
    const bad = await S.requestCommentLink(store, {
      now: new Date().toISOString(),
      consultationId,
      body: { email: 'no es correo' },
      lang: 'es',
      today: TODAY,
      env,
    });
    assert.deepEqual(!bad.ok && bad.errors, [{ field: 'email', code: 'invalid_choice' }]);
    const mail = await store.db.selectFrom('outbox').selectAll().execute();
    assert.equal(mail.length, 1);
    assert.equal(mail[0]!.recipient, 'luz@example.org');
    const token = /comentar\?token=([A-Za-z0-9_-]{43})/.exec(mail[0]!.body)?.[1];
    assert.ok(token, mail[0]!.body);
    assert.ok(mail[0]!.body.includes(`/planes/${plan.planId}/consultas/${consultationId}/comentar?token=`));
    assert.equal(
      (
        await refusal(
          S.postComment(store, {
            now: new Date().toISOString(),
            consultationId,
            who: { kind: 'link', token: 'x'.repeat(43) },
            body: { target: 'draft', body: 'x' },
            today: TODAY,
          }),
        )
      )?.code,
      'unauthenticated',
    );
    const r = await S.postComment(store, {
      consultationId,
      who: { kind: 'link', token },
      body: { target: 'draft', body: 'Con enlace' },
      today: TODAY,
      now: at('09:10'),
    });
    assert.ok(r.ok && r.session, 'the link is exchanged for a commenter cookie');
    // Used once: the link alone is refused; the cookie's secret comments.
    assert.equal(
      (
        await refusal(
          S.postComment(store, {
            consultationId,
            who: { kind: 'link', token },
            body: { target: 'draft', body: 'otra vez' },
            today: TODAY,
            now: at('09:11'),
          }),
        )
      )?.code,
      'unauthenticated',
    );
    assert.ok(
      (
        await S.postComment(store, {
          consultationId,
          who: { kind: 'session', secret: r.session.secret },
          body: { target: 'draft', body: 'Con la cookie' },
          today: TODAY,
          now: at('09:12'),
        })
      ).ok,
    );
    assert.equal(
      (
        await refusal(
          S.postComment(store, {
            consultationId,
            who: { kind: 'session', secret: token },
            body: { target: 'draft', body: 'x' },
            today: TODAY,
            now: at('09:13'),
          }),
        )
      )?.code,
      'unauthenticated',
      'a link is no cookie',
    );
    const author = await store.db.selectFrom('consultation_authors').selectAll().executeTakeFirstOrThrow();
    assert.equal(author.confirmed_at, at('09:10'));
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('entity', '=', 'consultation_comments')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, `visitor:${author.id}`);
    assert.ok(!String(audit.after).includes('luz@'));
  });

  test('moderation: hidden comments leave the list but their number and reasons stay; answers; the synthesis counts every comment', async () => {
    const store = await dbs.open();
    const { plan, consultationId } = await setUp(store);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    const ids: number[] = [];
    for (const [i, body] of ['Uno', 'Insulto', 'Tres', 'Cuatro'].entries()) {
      const r = await S.postComment(store, {
        consultationId,
        who: eva,
        body: { target: i === 2 ? `commitment:${plan.commitments.c2}` : 'draft', body },
        today: TODAY,
        now: at(`1${i}:00`),
      });
      assert.ok(r.ok);
      ids.push(r.id);
    }
    assert.equal(
      (await refusal(S.hideComment(store, plan.people.ana, ids[1]!, { reason: 'x' }, new Date().toISOString())))?.code,
      'forbidden',
    );
    const noReason = await S.hideComment(store, plan.people.carla, ids[1]!, { reason: '' }, new Date().toISOString());
    assert.deepEqual(!noReason.ok && noReason.errors, [{ field: 'reason', code: 'required' }]);
    assert.ok((await S.hideComment(store, plan.people.carla, ids[1]!, { reason: 'Lenguaje ofensivo' }, new Date().toISOString())).ok);
    assert.ok(
      (
        await S.answerComment(
          store,
          plan.people.carla,
          ids[0]!,
          {
            answer: 'accepted',
            reason: 'Tiene razón',
            changes: 'Se agregó la meta 3',
          },
          new Date().toISOString(),
        )
      ).ok,
    );
    assert.ok(
      (
        await S.answerComment(
          store,
          plan.people.carla,
          ids[2]!,
          { answer: 'partly', reason: 'En parte', changes: '' },
          new Date().toISOString(),
        )
      ).ok,
    );
    const badAnswer = await S.answerComment(store, plan.people.carla, ids[3]!, { answer: 'maybe', reason: 'x' }, new Date().toISOString());
    assert.deepEqual(!badAnswer.ok && badAnswer.errors.map((e) => e.field), ['answer']);
    const view = await S.consultationView(store, consultationId, TODAY);
    assert.deepEqual(
      view.comments.map((c) => c.body),
      ['Uno', 'Tres', 'Cuatro'],
    );
    assert.deepEqual(view.hidden, [{ id: ids[1], reason: 'Lenguaje ofensivo' }]);
    const hideAudit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('entity', '=', 'consultation_comments')
      .where('action', '=', 'update')
      .orderBy('id')
      .execute();
    assert.equal(hideAudit[0]!.actor, `user:${plan.people.carla.userId}`);
    assert.match(String(hideAudit[0]!.after), /Lenguaje ofensivo/);
    const s = await S.consultationSynthesis(store, consultationId, '2026-03-06');
    assert.equal(s.consultation.status, 'closed');
    assert.deepEqual(
      s.rows.map((r) => [r.number, r.body, r.answer, r.changes]),
      [
        [1, 'Uno', 'accepted', 'Se agregó la meta 3'],
        [2, null, null, ''],
        [3, 'Tres', 'partly', ''],
        [4, 'Cuatro', null, ''],
      ],
    );
    assert.equal(s.rows[2]!.targetTitle, 'Portal de compras');
    assert.deepEqual(s.totals, { accepted: 1, partly: 1, 'not-accepted': 0, unanswered: 1, hidden: 1 });
  });
  test('an author cannot rewrite a comment once it is answered, nor after the consultation closed, even within 15 minutes; the text stays', async () => {
    const store = await dbs.open();
    const { plan, consultationId } = await setUp(store);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    const answered = await S.postComment(store, {
      consultationId,
      who: eva,
      body: { target: 'draft', body: 'Antes del cierre' },
      today: TODAY,
      now: at('23:55'),
    });
    const unanswered = await S.postComment(store, {
      consultationId,
      who: eva,
      body: { target: 'draft', body: 'Sin respuesta' },
      today: TODAY,
      now: at('23:56'),
    });
    assert.ok(answered.ok && unanswered.ok);
    assert.ok(
      (await S.answerComment(store, plan.people.carla, answered.id, { answer: 'not-accepted', reason: 'Fuera de alcance' }, at('23:58')))
        .ok,
    );
    const e1 = await refusal(
      S.editComment(store, { commentId: answered.id, who: eva, body: { body: 'Otro texto' }, today: TODAY, now: at('23:59') }),
    );
    assert.equal(e1?.code, 'comment_answered');
    assert.equal(e1?.status, 409);
    const nextDay = '2026-03-06';
    for (const id of [answered.id, unanswered.id]) {
      const e = await refusal(
        S.editComment(store, { commentId: id, who: eva, body: { body: 'Otro texto' }, today: nextDay, now: `${nextDay}T00:05:00.000Z` }),
      );
      assert.equal(e?.code, 'consultation_closed', `comment ${id}`);
    }
    const rows = await store.db.selectFrom('consultation_comments').select(['body', 'edited_at']).orderBy('id').execute();
    assert.deepEqual(rows, [
      { body: 'Antes del cierre', edited_at: null },
      { body: 'Sin respuesta', edited_at: null },
    ]);
  });
  test('an edit sent while the comment is being hidden is refused, not written over the hidden comment; an edit after the hide too', async () => {
    const store = await dbs.open();
    const { plan, consultationId } = await setUp(store);
    const eva = { kind: 'account' as const, actor: plan.people.eva };
    const posted = await S.postComment(store, {
      consultationId,
      who: eva,
      body: { target: 'draft', body: 'Texto original' },
      today: TODAY,
      now: at('09:00'),
    });
    assert.ok(posted.ok);
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (r) => ((r as { ok: boolean }).ok ? 'ok' : JSON.stringify(r)),
        (e: unknown) => (isAppError(e) ? e.code : String(e)),
      );
    const [hidden, edit] = await together(store, dbs.kind, () => [
      outcome(S.hideComment(store, plan.people.carla, posted.id, { reason: 'Datos personales' }, at('09:05'))),
      outcome(S.editComment(store, { commentId: posted.id, who: eva, body: { body: 'Texto cambiado' }, today: TODAY, now: at('09:06') })),
    ]);
    assert.equal(hidden, 'ok');
    const row = await store.db
      .selectFrom('consultation_comments')
      .select(['body', 'hidden', 'edited_at'])
      .where('id', '=', posted.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.hidden), 1);
    if (edit === 'ok') {
      // The edit went first (the database chose the order): then it is the hide that came after it.
      const entries = await store.db
        .selectFrom('audit_log')
        .select('context')
        .where('entity', '=', 'consultation_comments')
        .where('entity_id', '=', posted.id)
        .where('action', '=', 'update')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        entries.map((e) => e.context),
        ['edit consultation comment', 'hide consultation comment'],
      );
    } else {
      assert.equal(edit, 'forbidden');
      assert.deepEqual([row.body, row.edited_at], ['Texto original', null]);
    }
    assert.equal(
      (await refusal(S.editComment(store, { commentId: posted.id, who: eva, body: { body: 'Otra vez' }, today: TODAY, now: at('09:07') })))
        ?.code,
      'forbidden',
    );
  });
  test('a coordinator of another government cannot open a consultation on the plan, hide or answer its comments: 403, nothing changes', async () => {
    const store = await dbs.open();
    const { plan, consultationId } = await setUp(store);
    const outsider = (await buildLateActivitiesPlan(store)).people.carla;
    assert.equal(outsider.role, 'coordinator');
    assert.notEqual(outsider.governmentId, plan.people.carla.governmentId);
    const posted = await S.postComment(store, {
      consultationId,
      who: { kind: 'account', actor: plan.people.eva },
      body: { target: 'draft', body: 'Un aporte' },
      today: TODAY,
      now: at('09:00'),
    });
    assert.ok(posted.ok);
    const before = {
      ...(await snapshot(store)),
      consultations: await store.db.selectFrom('consultations').selectAll().orderBy('id').execute(),
      comments: await store.db.selectFrom('consultation_comments').selectAll().orderBy('id').execute(),
    };
    // One at a time: started together, a refusal that came before its turn to be awaited was an unhandled rejection.
    const attempts = {
      open: () =>
        S.openConsultation(
          store,
          outsider,
          plan.planId,
          { title: 'Ajena', startsOn: '2026-03-02', endsOn: '2026-03-09' },
          new Date().toISOString(),
        ),
      hide: () => S.hideComment(store, outsider, posted.id, { reason: 'No me gusta' }, new Date().toISOString()),
      answer: () => S.answerComment(store, outsider, posted.id, { answer: 'not-accepted', reason: 'Ajeno' }, new Date().toISOString()),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      const e = await refusal(attempt());
      assert.equal(e?.code, 'forbidden', what);
      assert.equal(e?.status, 403, what);
    }
    const after = {
      ...(await snapshot(store)),
      consultations: await store.db.selectFrom('consultations').selectAll().orderBy('id').execute(),
      comments: await store.db.selectFrom('consultation_comments').selectAll().orderBy('id').execute(),
    };
    assert.deepEqual(after, before);
  });
});
