import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { COMMENT_LINK_HOURS, COMMENTER_SESSION_MINUTES, openConsultation } from '../../src/services/consultation.js';
import { setProposalCall } from '../../src/services/workspace/cocreation.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';
import { mainText, Visitor } from '../accounts/support.js';

/**
 * What visitors post carries the app's clock (buildApp({ today, now })), not the machine's: a comment's
 * time and its 15-minute edit window, a web proposal's date; and a mailed comment link stops working
 * COMMENT_LINK_HOURS after it was asked for, and when the consultation closes — all on fixed dates.
 */
eachDatabase((dbs) => {
  async function setUp(clock: { now: string }, endsOn = '2026-03-20') {
    const store = await dbs.open();
    const plan = await buildLateActivitiesPlan(store);
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => clock.now.slice(0, 10), now: () => clock.now });
    const opened = await openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      { title: 'Borrador', startsOn: '2026-03-02', endsOn },
      '2026-03-01T08:00:00.000Z',
    );
    assert.ok(opened.ok);
    const url = `/planes/${plan.planId}/consultas/${opened.id}`;
    /** A visitor asks for a link on the page and gets the token from the mail. */
    const linkFor = async (v: Visitor, email: string) => {
      await v.get(url);
      assert.equal((await v.post(`${url}/enlace`, { email, website: '' })).statusCode, 200);
      const mail = await store.db
        .selectFrom('outbox')
        .select('body')
        .where('recipient', '=', email)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return { token: /token=([A-Za-z0-9_-]{43})/.exec(mail.body)![1]!, mail: mail.body };
    };
    return { store, plan, app, url, linkFor };
  }

  test('a comment posted at a fixed app date carries that date and time; its author edits at 15 minutes on the app’s clock, not after', async () => {
    const clock = { now: '2026-03-05T10:00:00.000Z' };
    const { store, app, url, linkFor } = await setUp(clock);
    const v = new Visitor(app, '203.0.113.50');
    const { token } = await linkFor(v, 'reloj@example.org');
    await v.get(`${url}/comentar?token=${token}`);
    assert.equal(
      (await v.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: 'Primera versión', website: '' })).statusCode,
      303,
    );
    const row = await store.db.selectFrom('consultation_comments').select(['id', 'posted_at']).executeTakeFirstOrThrow();
    assert.equal(row.posted_at, '2026-03-05T10:00:00.000Z');
    clock.now = '2026-03-05T10:15:00.000Z';
    await v.get(`${url}/comentar?token=${token}`);
    assert.equal(
      (await v.post(`${url}/comentarios/${row.id}`, { token, body: 'Corregida a los 15 minutos', website: '' })).statusCode,
      303,
    );
    const edited = await store.db.selectFrom('consultation_comments').select(['body', 'edited_at']).executeTakeFirstOrThrow();
    assert.deepEqual(edited, { body: 'Corregida a los 15 minutos', edited_at: '2026-03-05T10:15:00.000Z' });
    clock.now = '2026-03-05T10:15:01.000Z';
    assert.equal((await v.post(`${url}/comentarios/${row.id}`, { token, body: 'Tarde', website: '' })).statusCode, 409);
  });

  test('a proposal sent through the web form gets the app’s date', async () => {
    const clock = { now: '2015-06-10T15:30:00.000Z' };
    const { store, plan, app } = await setUp(clock);
    assert.ok((await setProposalCall(store, plan.people.carla, plan.planId, { callOpen: 'open' }, clock.now)).ok);
    const v = new Visitor(app, '198.51.100.60');
    await v.get(`/planes/${plan.planId}/propuestas/nueva`);
    const sent = await v.post(`/planes/${plan.planId}/propuestas`, {
      proposalTitle: 'Portal de obras',
      proposalText: 'Publicar los avances',
      proposer: 'Vecina',
      proposerKind: 'person',
      sector: '',
      website: '',
    });
    assert.equal(sent.statusCode, 201);
    const row = await store.db.selectFrom('proposals').select(['submitted_on', 'channel']).executeTakeFirstOrThrow();
    assert.deepEqual(row, { submitted_on: '2015-06-10', channel: 'web' });
    const audit = await store.db.selectFrom('audit_log').select('at').where('entity', '=', 'proposals').executeTakeFirstOrThrow();
    assert.equal(audit.at, '2015-06-10T15:30:00.000Z');
  });

  test(`a mailed link works for ${COMMENT_LINK_HOURS} hours, then not; and not after the consultation’s last day`, async () => {
    const clock = { now: '2026-03-05T10:00:00.000Z' };
    const { app, url, linkFor } = await setUp(clock, '2026-03-10');
    const v = new Visitor(app, '203.0.113.51');
    const { token, mail } = await linkFor(v, 'caduca@example.org');
    assert.match(mail, /El enlace sirve durante 48 horas/);
    clock.now = '2026-03-07T09:59:59.000Z';
    assert.equal((await v.get(`${url}/comentar?token=${token}`)).statusCode, 200, 'within 48 hours');
    clock.now = '2026-03-07T10:00:00.000Z';
    const late = await v.get(`${url}/comentar?token=${token}`);
    assert.equal(late.statusCode, 410, '48 hours later');
    assert.match(mainText(late.body), /enlace/i);
    assert.equal((await v.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: 'Tarde', website: '' })).statusCode, 403);
    // Asked for on the last evening: it stops with the consultation, not 48 hours later.
    clock.now = '2026-03-10T20:00:00.000Z';
    const last = await linkFor(v, 'ultima@example.org');
    clock.now = '2026-03-10T23:59:00.000Z';
    assert.equal((await v.get(`${url}/comentar?token=${last.token}`)).statusCode, 200);
    clock.now = '2026-03-11T00:00:01.000Z';
    assert.equal((await v.get(`${url}/comentar?token=${last.token}`)).statusCode, 410, 'the consultation has closed');
  });

  test('the link is used once: the first comment exchanges it for a short-lived commenter cookie; alone, the link no longer works', async () => {
    const clock = { now: '2026-03-05T10:00:00.000Z' };
    const { store, app, url, linkFor } = await setUp(clock);
    const v = new Visitor(app, '203.0.113.52');
    const { token } = await linkFor(v, 'una-vez@example.org');
    assert.equal((await v.get(`${url}/comentar?token=${token}`)).statusCode, 200, 'opening the link changes nothing');
    const posted = await v.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: 'Con el enlace', website: '' });
    assert.equal(posted.statusCode, 303);
    assert.equal(String(posted.headers.location), `${url}?aviso=publicado`, 'the token does not go on in the address');
    const cookie = [posted.headers['set-cookie']].flat().find((c) => String(c).startsWith('vigia_comentario='))!;
    assert.match(String(cookie), /HttpOnly/i);
    assert.match(String(cookie), /SameSite=Lax/i);
    assert.match(String(cookie), new RegExp(`Max-Age=${COMMENTER_SESSION_MINUTES * 60}`));
    // With the cookie: the page knows the author, who comments again and corrects without the token.
    const page = await v.get(`${url}?aviso=publicado`);
    assert.match(mainText(page.body), /una-vez@example\.org/);
    assert.ok(!page.body.includes(token), 'the token is not in the page');
    assert.equal((await v.post(`${url}/comentarios`, { target: 'draft', name: '', body: 'Con la cookie', website: '' })).statusCode, 303);
    const first = await store.db.selectFrom('consultation_comments').select('id').orderBy('id').executeTakeFirstOrThrow();
    assert.equal((await v.post(`${url}/comentarios/${first.id}`, { body: 'Corregido', website: '' })).statusCode, 303);
    // Someone else with the link (a forwarded mail, a Referer): it no longer works.
    const other = new Visitor(app, '198.51.100.90');
    assert.equal((await other.get(`${url}/comentar?token=${token}`)).statusCode, 410);
    await other.get(url);
    assert.equal(
      (await other.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: 'Suplantación', website: '' })).statusCode,
      403,
    );
    assert.equal((await store.db.selectFrom('consultation_comments').select('id').execute()).length, 2);
    // The cookie itself is short-lived.
    clock.now = new Date(Date.parse('2026-03-05T10:00:00.000Z') + COMMENTER_SESSION_MINUTES * 60_000).toISOString();
    assert.equal((await v.post(`${url}/comentarios`, { target: 'draft', name: '', body: 'Muy tarde', website: '' })).statusCode, 401);
  });
});
