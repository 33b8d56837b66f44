import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { RATE_LIMITS, type RateLimitName } from '../../src/domain/abuse.js';
import { isAppError } from '../../src/errors.js';
import { raiseAlert } from '../../src/services/alerts.js';
import { submitPublicProposal } from '../../src/services/cocreation.js';
import * as S from '../../src/services/consultation.js';
import { requestFollow } from '../../src/services/notifications/follows.js';
import { setProposalCall } from '../../src/services/workspace/cocreation.js';
import type { Store } from '../../src/storage/connect.js';
import { appRefusal } from '../helpers/refusal.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Decision 017's four rate-limit counts are one: comments, web proposals, alerts and follow requests are
 * each refused past their named limit (RATE_LIMITS), counted in rate_events — shown by emptying that
 * table's rows for the limit, after which the next attempt passes — and nowhere else.
 */
const DAY = '2026-03-05';
const at = (minute: number) => new Date(Date.parse(`${DAY}T10:00:00.000Z`) + minute * 60_000).toISOString();

const refusal = appRefusal;

eachDatabase((dbs) => {
  let store: Store;
  let plan: LateActivitiesPlan;
  const events = async (name: RateLimitName) =>
    (await store.db.selectFrom('rate_events').select('key').where('action', '=', name).execute()).map((r) => r.key);
  const forget = (name: RateLimitName) => store.db.deleteFrom('rate_events').where('action', '=', name).execute();

  before(async () => {
    store = await dbs.open();
    plan = await buildLateActivitiesPlan(store);
  });

  test('comments: the sixth in ten minutes is refused (429 with the wait); the count is rate_events’ and only there', async () => {
    const opened = await S.openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      { title: 'Borrador', startsOn: '2026-03-02', endsOn: DAY },
      at(0),
    );
    assert.ok(opened.ok);
    const post = (minute: number) =>
      S.postComment(store, {
        consultationId: opened.id,
        who: { kind: 'account', actor: plan.people.eva },
        body: { target: 'draft', body: `n.º ${minute}` },
        ip: '203.0.113.1',
        today: DAY,
        now: at(minute),
      });
    for (let i = 0; i < RATE_LIMITS.comment.max; i++) assert.ok((await post(i)).ok);
    const e = await refusal(post(6));
    assert.deepEqual([e?.code, e?.status, e?.params.seconds], ['rate_limited', 429, 240]);
    assert.deepEqual(
      (await events('comment')).filter((k) => k.startsWith('user:')),
      Array(RATE_LIMITS.comment.max).fill(`user:${plan.people.eva.userId}`),
    );
    await forget('comment');
    assert.ok((await post(6)).ok, 'with its rate_events gone, the limit is lifted');
  });

  test('web proposals: the sixth from one address in an hour is refused with the wait; the count is rate_events’', async () => {
    assert.ok((await setProposalCall(store, plan.people.carla, plan.planId, { callOpen: 'open' }, nowIso())).ok);
    const send = (minute: number, ip = '198.51.100.5') =>
      submitPublicProposal(
        store,
        plan.planId,
        { proposalTitle: 'Portal', proposalText: 'Publicar avances', proposer: 'Vecina', proposerKind: 'person' },
        ip,
        at(minute),
      );
    for (let i = 0; i < RATE_LIMITS.proposal.max; i++) assert.ok((await send(i)).ok);
    assert.deepEqual(await send(10), { ok: false, refused: 'too_many', retryAfterSeconds: 50 * 60 });
    assert.ok((await send(10, '198.51.100.6')).ok, 'another address is not limited');
    assert.deepEqual(await events('proposal'), [...Array(RATE_LIMITS.proposal.max).fill('ip:198.51.100.5'), 'ip:198.51.100.6']);
    await forget('proposal');
    assert.ok((await send(11)).ok, 'with its rate_events gone, the limit is lifted');
    const tables = (await store.db.introspection.getTables()).map((t) => t.name);
    assert.ok(!tables.includes('proposal_submissions'), 'co-creation’s own count is gone (migration 0015)');
  });

  test('alerts: the sixth from one account in a day is refused (429 with the wait), nothing stored; the count is rate_events’', async () => {
    const alerts = async () => (await store.db.selectFrom('alerts').select('id').execute()).length;
    const raise = (minute: number) =>
      raiseAlert(store, plan.people.eva, plan.commitments.c1, { category: 'delay', alertText: `Alerta ${minute}` }, DAY, null, at(minute));
    for (let i = 0; i < RATE_LIMITS.alert.max; i++) assert.ok((await raise(i)).ok);
    const stored = await alerts();
    const e = await refusal(raise(60));
    assert.deepEqual([e?.code, e?.status, e?.params.seconds], ['rate_limited', 429, 23 * 3600]);
    assert.equal(await alerts(), stored, 'a refused alert is not stored');
    assert.deepEqual(await events('alert'), Array(RATE_LIMITS.alert.max).fill(`user:${plan.people.eva.userId}`));
    await forget('alert');
    assert.ok((await raise(61)).ok, 'with its rate_events gone, the limit is lifted');
  });

  test('follow requests: per network address and per address mailed, refused with the wait; both counts are rate_events’', async () => {
    const { c1, c2 } = plan.commitments;
    const ask = (email: string, minute: number, ip?: string, commitmentId = c1) =>
      requestFollow(store, { commitmentId, email, lang: 'es', ip, now: new Date(at(minute)) });
    for (let i = 0; i < RATE_LIMITS['follow-ip'].max; i++) assert.ok((await ask(`red-${i}@example.test`, i, '192.0.2.7')).ok);
    const net = await ask('red-nueva@example.test', 30, '192.0.2.7');
    assert.deepEqual(net, { ok: false, field: 'email', problem: 'limitedNetwork', retryAfterSeconds: 24 * 3600 - 30 * 60 });
    await forget('follow-ip');
    assert.ok((await ask('red-nueva@example.test', 31, '192.0.2.7')).ok, 'with its rate_events gone, the network limit is lifted');
    // Per address, only the requests that send a mail count (11 minutes apart: each sends one).
    const email = 'muchas@example.test';
    for (let i = 0; i < RATE_LIMITS['follow-email'].max; i++) assert.ok((await ask(email, 100 + 11 * i, undefined, i % 2 ? c2 : c1)).ok);
    const mine = (await events('follow-email')).filter((k) => k === `email:${email}`);
    assert.equal(mine.length, RATE_LIMITS['follow-email'].max);
    const limited = await ask(email, 200);
    assert.equal(!limited.ok && limited.problem, 'limited');
    await forget('follow-email');
    assert.ok((await ask(email, 201)).ok, 'with its rate_events gone, the address limit is lifted');
  });

  test('each limit is looked at before the fields: past it, a body with an unknown field gets the 429; before it, one refused for its fields counts nothing', async () => {
    // Two days on: every earlier test's events are out of their windows.
    const T = (m: number) => at(3000 + m);
    const today = (m: number) => T(m).slice(0, 10);
    const unknown = { otro: '1' };
    const opened = await S.openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      { title: 'Segunda', startsOn: '2026-03-02', endsOn: '2026-03-31' },
      T(0),
    );
    assert.ok(opened.ok);
    const cases: [RateLimitName, (m: number, bad: boolean) => Promise<unknown>][] = [
      [
        'comment',
        (m, bad) =>
          S.postComment(store, {
            consultationId: opened.id,
            who: { kind: 'account', actor: plan.people.eva },
            body: { target: 'draft', body: `c ${m}`, ...(bad ? unknown : {}) },
            ip: '203.0.113.9',
            today: today(m),
            now: T(m),
          }),
      ],
      [
        'comment-link',
        (m, bad) =>
          S.requestCommentLink(store, {
            consultationId: opened.id,
            body: { email: bad ? 'no es un correo' : `luz${m}@example.test` },
            lang: 'es',
            ip: '192.0.2.99',
            today: today(m),
            now: T(m),
          }),
      ],
      [
        'proposal',
        (m, bad) =>
          submitPublicProposal(
            store,
            plan.planId,
            { proposalTitle: 'P', proposalText: 'T', proposer: 'V', proposerKind: 'person', ...(bad ? unknown : {}) },
            '198.51.100.99',
            T(m),
          ),
      ],
      [
        'alert',
        (m, bad) =>
          raiseAlert(
            store,
            plan.people.eva,
            plan.commitments.c2,
            { category: 'delay', alertText: `A ${m}`, ...(bad ? unknown : {}) },
            today(m),
            null,
            T(m),
          ),
      ],
    ];
    // Looking drops events older than the window: only this test's are counted.
    const recent = async (name: RateLimitName) =>
      (await store.db.selectFrom('rate_events').select('key').where('action', '=', name).where('at', '>=', T(0)).execute()).length;
    for (const [name, send] of cases) {
      const refused = (await send(0, true)) as { ok: boolean; errors?: unknown[] };
      assert.ok(!refused.ok && refused.errors, `${name}: refused for its fields`);
      assert.equal(await recent(name), 0, `${name}: a body refused for its fields counts nothing`);
      for (let i = 1; i <= RATE_LIMITS[name].max; i++) assert.equal(((await send(i, false)) as { ok: boolean }).ok, true, `${name} ${i}`);
      const late = await send(10, true).catch((e: unknown) => e);
      const limited = isAppError(late) ? late.code : (late as { refused?: string }).refused;
      assert.ok(
        limited === 'rate_limited' || limited === 'too_many',
        `${name}: past the limit, the limit is what refuses (${JSON.stringify(late)})`,
      );
    }
  });
});
