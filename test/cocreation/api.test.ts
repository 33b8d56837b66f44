import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { submitPublicProposal } from '../../src/services/cocreation.js';
import * as WC from '../../src/services/workspace/cocreation.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Co-creation and the forum in the public JSON API, on both databases: the funnel counted from the
 * rows, workshops, candidates with their SMART scores and rank, approved commitments with the
 * proposals behind them; a proposal and what became of it; the forum with a withdrawal. Never a
 * sender's address.
 */
const TODAY = '2026-03-05';

eachDatabase((dbs) => {
  test('GET /api/v1/plans/:id/cocreation, /api/v1/proposals/:id and /api/v1/plans/:id/forum', async () => {
    const store = await dbs.open();
    const plan = await buildLateActivitiesPlan(store);
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
    const coordinator = plan.people.carla;
    const ok = <T extends { ok: boolean }>(r: T) => {
      assert.equal(r.ok, true, JSON.stringify(r));
      return r as T & { id: number };
    };
    const get = async (url: string) => {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res;
    };

    const workshop = ok(
      await WC.addWorkshop(
        store,
        coordinator,
        plan.planId,
        {
          place: 'Ayacucho',
          heldOn: '2015-03-12',
          sectors: 'sociedad civil',
          participants: '40',
        },
        nowIso(),
      ),
    ).id;
    const ids: number[] = [];
    for (let n = 1; n <= 5; n++) {
      ids.push(
        ok(
          await WC.addProposal(
            store,
            coordinator,
            plan.planId,
            {
              proposalTitle: `Propuesta ${n}`,
              proposalText: `Texto ${n}`,
              proposer: 'Proética',
              proposerKind: 'organisation',
              channel: n <= 3 ? 'workshop' : 'written',
              submittedOn: '2015-03-12',
              ...(n <= 3 ? { workshopId: String(workshop) } : {}),
            },
            nowIso(),
          ),
        ).id,
      );
    }
    // One from the public form: its sender's address must never come out.
    ok(await WC.setProposalCall(store, coordinator, plan.planId, { callOpen: 'open' }, nowIso()));
    const web = ok(
      await submitPublicProposal(
        store,
        plan.planId,
        { proposalTitle: 'Desde la web', proposalText: 'Texto web', proposer: 'Vecina', proposerKind: 'person' },
        '203.0.113.77',
        '2026-03-04T10:00:00.000Z',
      ),
    ).id;
    const a = ok(
      await WC.addCandidate(
        store,
        coordinator,
        plan.planId,
        {
          candidateTitle: 'Datos municipales',
          proposalIds: ids.slice(0, 2).join(','),
        },
        nowIso(),
      ),
    ).id;
    const b = ok(
      await WC.addCandidate(
        store,
        coordinator,
        plan.planId,
        {
          candidateTitle: 'Acceso a la información',
          proposalIds: ids.slice(2, 4).join(','),
        },
        nowIso(),
      ),
    ).id;
    ok(
      await WC.scoreCandidate(
        store,
        coordinator,
        a,
        { specific: '2', measurable: '2', achievable: '3', relevant: '3', timeBound: '2' },
        nowIso(),
      ),
    );
    ok(
      await WC.scoreCandidate(
        store,
        coordinator,
        b,
        { specific: '3', measurable: '3', achievable: '3', relevant: '3', timeBound: '3' },
        nowIso(),
      ),
    );
    ok(await WC.prioritiseCandidates(store, coordinator, plan.planId, { candidateIds: `${a},${b}` }, nowIso()));
    const theme = (await store.db.selectFrom('themes').select('id').where('plan_id', '=', plan.planId).executeTakeFirstOrThrow()).id;
    const approved = await WC.approveCandidates(
      store,
      coordinator,
      plan.planId,
      {
        candidateIds: String(b),
        approvalThemeId: String(theme),
      },
      nowIso(),
    );
    assert.equal(approved.ok, true);
    const commitmentId = approved.commitmentIds![0]!;

    const res = await get(`/api/v1/plans/${plan.planId}/cocreation`);
    const co = res.json();
    assert.equal(co.plan.id, plan.planId);
    assert.equal(co.callOpen, true);
    // 6 proposals, 2 candidates, both prioritised, 1 approved; 2 not grouped (the fifth and the web one).
    assert.deepEqual(co.funnel, { proposals: 6, candidates: 2, prioritised: 2, approved: 1, notGrouped: 2, inadmissible: 0 });
    assert.deepEqual(
      co.workshops.map((w: { place: string; participants: number; proposals: number }) => [w.place, w.participants, w.proposals]),
      [['Ayacucho', 40, 3]],
    );
    assert.deepEqual(
      co.candidates.map((c: { title: string; total: number; rank: number; scores: { specific: number } }) => [
        c.title,
        c.total,
        c.rank,
        c.scores.specific,
      ]),
      [
        ['Acceso a la información', 15, 1, 3],
        ['Datos municipales', 12, 2, 2],
      ],
    );
    assert.equal(co.approved.length, 1);
    assert.equal(co.approved[0].commitment.id, commitmentId);
    assert.equal(co.approved[0].commitment.title, 'Acceso a la información');
    assert.deepEqual(
      co.approved[0].proposals.map((p: { id: number }) => p.id),
      ids.slice(2, 4),
    );
    assert.equal(co.proposals.length, 6);
    assert.equal(co.proposals.find((p: { id: number }) => p.id === web).channel, 'web');

    const fate = (await get(`/api/v1/proposals/${ids[2]}`)).json();
    assert.equal(fate.proposal.title, 'Propuesta 3');
    assert.deepEqual(fate.fate, { kind: 'approved', candidateId: b, commitmentId });
    assert.equal(fate.commitment.id, commitmentId);
    assert.equal(fate.plan.id, plan.planId);
    assert.deepEqual((await get(`/api/v1/proposals/${ids[0]}`)).json().fate, { kind: 'prioritised', candidateId: a });
    assert.deepEqual((await get(`/api/v1/proposals/${ids[4]}`)).json().fate, { kind: 'not-grouped' });
    const webBody = (await get(`/api/v1/proposals/${web}`)).body;
    assert.match(webBody, /Desde la web/);
    for (const body of [res.body, webBody]) {
      assert.ok(!body.includes('203.0.113.77'), 'the sender’s address never leaves the database');
      assert.ok(!/sender|hash|email/i.test(body), 'no sender fields at all');
    }

    ok(
      await WC.addForumMember(
        store,
        coordinator,
        plan.planId,
        {
          memberName: 'Colectivo de sociedad civil',
          memberSector: 'civil-society',
          memberFrom: '2011-04-01',
          memberUntil: '2014-06-30',
        },
        nowIso(),
      ),
    );
    ok(
      await WC.addForumMember(
        store,
        coordinator,
        plan.planId,
        {
          memberName: 'Secretaría de Gestión Pública',
          memberSector: 'government',
          memberFrom: '2011-04-01',
        },
        nowIso(),
      ),
    );
    ok(
      await WC.addForumMeeting(
        store,
        coordinator,
        plan.planId,
        {
          meetingDate: '2015-05-04',
          agenda: 'Avances del plan',
          minutesUrl: 'https://example.org/acta.pdf',
          agreements: 'Aprobar el informe',
        },
        nowIso(),
      ),
    );
    const forum = (await get(`/api/v1/plans/${plan.planId}/forum`)).json();
    assert.deepEqual(
      forum.members.map((m: { name: string; sector: string; from: string; until: string | null }) => [m.name, m.sector, m.from, m.until]),
      [
        ['Colectivo de sociedad civil', 'civil-society', '2011-04-01', '2014-06-30'],
        ['Secretaría de Gestión Pública', 'government', '2011-04-01', null],
      ],
    );
    assert.deepEqual(
      forum.meetings.map((m: { heldOn: string; agenda: string; minutesUrl: string; agreements: string }) => [
        m.heldOn,
        m.agenda,
        m.minutesUrl,
        m.agreements,
      ]),
      [['2015-05-04', 'Avances del plan', 'https://example.org/acta.pdf', 'Aprobar el informe']],
    );

    // Unknown ids: 404 with the API's error shape, in the asker's language.
    for (const url of ['/api/v1/plans/999999/cocreation', '/api/v1/plans/999999/forum', '/api/v1/proposals/999999']) {
      const missing = await app.inject({ url });
      assert.equal(missing.statusCode, 404, url);
      assert.equal(typeof missing.json().error.message, 'string');
    }
    assert.equal((await app.inject({ url: '/api/v1/proposals/abc' })).statusCode, 404);
    await app.close();
  });
});
