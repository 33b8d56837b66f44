import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { CSRF_COOKIE, issueCsrf } from '../../src/http/auth.js';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * Co-creation and the forum over HTTP: the coordinator's forms (CSRF, errors naming the field, nothing
 * written), the same through the API, the public form (closed → open, honeypot, 429 past the limit,
 * a visitor's markup shown as text), and the plan, commitment and proposal pages showing the funnel,
 * the forum and the proposals behind a commitment — counts from the data.
 */
describe('co-creation and forum over HTTP', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let themeId: number;
    let coordinator: SignedIn;
    const csrf = issueCsrf();
    const visitor = { cookie: `${CSRF_COOKIE}=${csrf.secret}`, csrf: csrf.token };
    const count = async (table: 'proposals' | 'workshops' | 'forum_meetings' | 'commitments') =>
      Number((await store.db.selectFrom(table).select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const form = (who: { cookie: string; csrf: string }, url: string, payload: Record<string, string | string[]>, ip = '192.0.2.10') =>
      app.inject({
        method: 'POST',
        url,
        remoteAddress: ip,
        payload: new URLSearchParams([
          ['_csrf', who.csrf],
          ...Object.entries(payload).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        ]).toString(),
        headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, lang = 'es') =>
      app.inject({
        method,
        url,
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'accept-language': lang },
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
      });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      themeId = s.themeIds[1]!;
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => app.close());

    test('the coordinator page: a workshop form without its CSRF token is refused; errors name the field; then saved', async () => {
      const page = await app.inject({ url: `/espacio/planes/${planId}/cocreacion`, headers: { cookie: coordinator.cookie } });
      assert.equal(page.statusCode, 200);
      const noToken = await app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/talleres`,
        headers: { cookie: coordinator.cookie },
        payload: { place: 'Piura', heldOn: '2015-03-10' },
      });
      assert.equal(noToken.statusCode, 403);
      const bad = await form(coordinator, `/espacio/planes/${planId}/talleres`, {
        place: 'Piura',
        heldOn: '10/03/2015',
        sectors: '',
        participants: '',
      });
      assert.equal(bad.statusCode, 400);
      const html = parse(bad.body);
      assert.match(html.querySelector('.error-summary')!.text, /«Fecha» debe ser una fecha real/);
      assert.equal(html.querySelector('#f-workshop-place')!.getAttribute('value'), 'Piura', 'what was typed is kept');
      assert.equal(await count('workshops'), 0);
      const good = await form(coordinator, `/espacio/planes/${planId}/talleres`, {
        place: 'San Martín',
        heldOn: '2015-03-14',
        sectors: 'sociedad civil',
        participants: '38',
      });
      assert.equal(good.statusCode, 303);
      assert.equal(await count('workshops'), 1);
    });

    test('the API: proposals, a candidate, scores, approval; errors name the field in the asker’s language', async () => {
      const bad = await api(
        'POST',
        `/api/v1/workspace/plans/${planId}/cocreation/proposals`,
        { proposalTitle: 'x', proposalText: 'y', proposer: 'z', proposerKind: 'robot', channel: 'web', submittedOn: '2015-03-01' },
        'en',
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /“Proposing as”/);
      const ids: number[] = [];
      for (const n of [1, 2, 3]) {
        const r = await api('POST', `/api/v1/workspace/plans/${planId}/cocreation/proposals`, {
          proposalTitle: `Propuesta ${n}`,
          proposalText: 'Texto',
          proposer: 'Proética',
          proposerKind: 'organisation',
          channel: 'written',
          submittedOn: '2015-03-01',
        });
        assert.equal(r.statusCode, 201, r.body);
        ids.push(r.json().id);
      }
      const cand = await api('POST', `/api/v1/workspace/plans/${planId}/cocreation/candidates`, {
        candidateTitle: 'Gobierno abierto regional',
        proposalIds: ids.slice(0, 2),
      });
      assert.equal(cand.statusCode, 201, cand.body);
      const candidateId = cand.json().id;
      const score = await api('PUT', `/api/v1/workspace/candidates/${candidateId}/scores`, {
        specific: 3,
        measurable: 2,
        achievable: 3,
        relevant: 3,
        timeBound: 2,
      });
      assert.equal(score.statusCode, 200, score.body);
      const before = await count('commitments');
      const approve = await api('POST', `/api/v1/workspace/plans/${planId}/cocreation/approval`, {
        candidateIds: [candidateId],
        approvalThemeId: themeId,
      });
      assert.equal(approve.statusCode, 201, approve.body);
      const [commitmentId] = approve.json().commitmentIds;
      assert.equal(await count('commitments'), before + 1);
      const got = (await api('GET', `/api/v1/workspace/plans/${planId}/cocreation`)).json();
      assert.deepEqual(got.funnel, { proposals: 3, candidates: 1, prioritised: 1, approved: 1, notGrouped: 1, inadmissible: 0 });
      assert.equal(got.candidates[0].total, 13);

      // Public: the commitment lists its proposals, each proposal says what became of it, the plan shows the funnel.
      const commitment = parse((await app.inject({ url: `/compromisos/${commitmentId}` })).body);
      assert.deepEqual(
        commitment.querySelectorAll('#proposals-behind + ul a').map((a) => a.getAttribute('href')),
        ids.slice(0, 2).map((id) => `/propuestas/${id}`),
      );
      const proposal = (await app.inject({ url: `/en/propuestas/${ids[0]}` })).body;
      assert.match(proposal, /approved as a commitment of the plan/);
      assert.match((await app.inject({ url: `/propuestas/${ids[2]}` })).body, /Aún no se agrupó/);
      const plan = parse((await app.inject({ url: `/planes/${planId}` })).body);
      assert.deepEqual(
        plan.querySelectorAll('.funnel li').map((li) => li.querySelector('.funnel-count')!.text),
        ['3', '1', '1', '1'],
      );
      assert.match(plan.querySelector('.cocreation')!.text, /San Martín/);
    });

    test('the public form: closed, then open; honeypot answered as if accepted; a visitor’s markup is text; 429 with Retry-After past the hourly limit', async () => {
      const url = `/planes/${planId}/propuestas`;
      const input = {
        proposalTitle: '<script>alert(1)</script>',
        proposalText: '<b>Más datos</b>',
        proposer: 'Vecina',
        proposerKind: 'person',
        sector: '',
        website: '',
      };
      const closed = await form(visitor, url, input);
      assert.equal(closed.statusCode, 409);
      assert.match(closed.body, /convocatoria de propuestas de este plan está cerrada/);
      assert.equal((await api('PUT', `/api/v1/workspace/plans/${planId}/cocreation/call`, { callOpen: 'open' })).statusCode, 200);
      const formPage = parse((await app.inject({ url: `/planes/${planId}/propuestas/nueva` })).body);
      assert.ok(
        formPage.querySelector('input[name=_csrf]') && formPage.querySelector('div[hidden] input[name=website]'),
        'the form has its token and the honeypot',
      );
      const before = await count('proposals');
      // The honeypot filled in: answered as if accepted (no link to a page), and nothing kept.
      const robot = await form(visitor, url, { ...input, website: 'http://spam.example' });
      assert.equal(robot.statusCode, 201);
      assert.match(robot.body, /Propuesta recibida/);
      assert.ok(!/\/propuestas\/\d+/.test(robot.body), 'no page to link to');
      const tooLong = await form(visitor, url, { ...input, proposalTitle: 'x'.repeat(201) });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /«Título de la propuesta» es demasiado largo: como máximo 200 caracteres/);
      assert.equal(await count('proposals'), before);
      const sent = await form(visitor, url, input, '198.51.100.20');
      assert.equal(sent.statusCode, 201, sent.body.slice(0, 400));
      const id = Number(/\/propuestas\/(\d+)/.exec(sent.body)![1]);
      const page = (await app.inject({ url: `/propuestas/${id}` })).body;
      assert.ok(page.includes('&lt;script') && !page.includes('<script>alert(1)'), 'the title is text');
      assert.ok(page.includes('&lt;b') && !page.includes('<b>Más datos'), 'the text is text');
      assert.equal(parse(page).querySelector('h1')!.text, '<script>alert(1)</script>');
      for (let i = 1; i < 5; i++) assert.equal((await form(visitor, url, input, '198.51.100.20')).statusCode, 201);
      const limited = await form(visitor, url, input, '198.51.100.20');
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0, 'the wait is said in Retry-After');
      assert.match(limited.body, /demasiadas propuestas/);
      assert.equal(await count('proposals'), before + 5);
    });

    test('the forum: a meeting with a javascript: link refused by name; members and meetings on the plan page', async () => {
      const bad = await form(coordinator, `/espacio/planes/${planId}/foro/sesiones`, {
        meetingDate: '2015-05-04',
        agenda: 'Avances',
        minutesUrl: 'javascript:alert(1)',
        agreements: '',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /«Enlace al acta» debe ser una dirección web/);
      assert.equal(await count('forum_meetings'), 0);
      assert.equal(
        (
          await form(coordinator, `/espacio/planes/${planId}/foro/sesiones`, {
            meetingDate: '2015-05-04',
            agenda: 'Avances del plan',
            minutesUrl: 'https://example.org/acta-4.pdf',
            agreements: 'Aprobar el informe',
          })
        ).statusCode,
        303,
      );
      const member = await api('POST', `/api/v1/workspace/plans/${planId}/forum/members`, {
        memberName: 'Colectivo de sociedad civil',
        memberSector: 'civil-society',
        memberFrom: '2011-04-01',
        memberUntil: '2014-06-30',
      });
      assert.equal(member.statusCode, 201, member.body);
      const plan = parse((await app.inject({ url: `/planes/${planId}` })).body);
      const forum = plan.querySelector('#forum')!.parentNode!;
      assert.match(forum.text, /Colectivo de sociedad civil \(Sociedad civil\) — del 1/);
      assert.equal(forum.querySelector('a[href="https://example.org/acta-4.pdf"]')?.text, 'Acta');
    });
    test('a proposal set aside as not admissible: its page says so without its text; grouping it is refused naming it, nothing written', async () => {
      const made = await api('POST', `/api/v1/workspace/plans/${planId}/cocreation/proposals`, {
        proposalTitle: 'Oferta de préstamos',
        proposalText: 'Llame al 999 888 777 hoy',
        proposer: 'Desconocido',
        proposerKind: 'person',
        channel: 'web',
        submittedOn: '2015-03-02',
      });
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json().id as number;
      const other = (
        await api('POST', `/api/v1/workspace/plans/${planId}/cocreation/proposals`, {
          proposalTitle: 'Datos abiertos municipales',
          proposalText: 'Texto',
          proposer: 'Proética',
          proposerKind: 'organisation',
          channel: 'written',
          submittedOn: '2015-03-02',
        })
      ).json().id as number;
      assert.equal((await api('PUT', `/api/v1/workspace/proposals/${id}/status`, { proposalStatus: 'inadmissible' })).statusCode, 200);
      for (const [url, said] of [
        [`/propuestas/${id}`, /no admitió esta propuesta: su texto no se publica/],
        [`/en/propuestas/${id}`, /did not admit this proposal: its text is not published/],
      ] as const) {
        const page = await app.inject({ url });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, said);
        assert.ok(!page.body.includes('999 888 777'), url);
      }
      const candidates = (await api('GET', `/api/v1/workspace/plans/${planId}/cocreation`)).json().candidates.length;
      const refused = await api('POST', `/api/v1/workspace/plans/${planId}/cocreation/candidates`, {
        candidateTitle: 'Con una no admitida',
        proposalIds: [other, id],
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.message, /la propuesta «Oferta de préstamos» no fue admitida/);
      const got = (await api('GET', `/api/v1/workspace/plans/${planId}/cocreation`)).json();
      assert.equal(got.candidates.length, candidates);
      assert.equal(got.proposals.find((p: { id: number }) => p.id === other).candidateId, null);
    });
  });
});
