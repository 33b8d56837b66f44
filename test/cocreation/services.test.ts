import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../src/domain/roles.js';
import {
  getCommitmentProposals,
  getPlanCocreation,
  getPlanForum,
  getProposalPage,
  PROPOSALS_PER_HOUR,
  submitPublicProposal,
} from '../../src/services/cocreation.js';
import * as WC from '../../src/services/workspace/cocreation.js';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Co-creation's and the forum's services on both databases: the coordinator's operations (audited,
 * refused to others, bad input naming the field and writing nothing), approval creating the plan's
 * commitments in one transaction, the funnel counted from the rows, and the public form's limits.
 */
describe('co-creation and forum services', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let themeId: number;
    let coordinator: Actor;
    let editor: Actor;
    const count = async (
      table: 'proposals' | 'workshops' | 'candidate_commitments' | 'commitments' | 'forum_members' | 'forum_meetings' | 'audit_log',
    ) => Number((await store.db.selectFrom(table).select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const ok = <T extends { ok: boolean }>(r: T) => {
      assert.equal(r.ok, true, JSON.stringify(r));
      return r as T & { id: number };
    };
    const proposal = (n: number, workshopId: number | null) => ({
      proposalTitle: `Propuesta ${n}`,
      proposalText: `Texto de la propuesta ${n}`,
      proposer: n % 2 ? 'Proética' : 'Ana Quispe',
      proposerKind: n % 2 ? 'organisation' : 'person',
      sector: 'sociedad civil',
      channel: workshopId ? 'workshop' : 'written',
      submittedOn: '2015-03-10',
      ...(workshopId ? { workshopId: String(workshopId) } : {}),
    });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      themeId = s.themeIds[0]!;
      coordinator = (await signIn(app, store, { role: 'coordinator' })).actor;
      const agency = (await store.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow()).id;
      editor = (await signIn(app, store, { role: 'agency-editor', agencyId: agency })).actor;
    });
    after(async () => app.close());

    test('workshops and proposals: recorded and audited; bad input names the field and writes nothing; others refused', async () => {
      const before = { w: await count('workshops'), p: await count('proposals'), a: await count('audit_log') };
      const bad = await WC.addWorkshop(store, coordinator, planId, { place: '', heldOn: '2015-02-30', participants: 'muchos' }, nowIso());
      assert.deepEqual(bad.ok ? [] : 'errors' in bad ? bad.errors.map((e) => [e.field, e.code]) : [], [
        ['place', 'required'],
        ['heldOn', 'invalid_date'],
        ['participants', 'not_number'],
      ]);
      await assert.rejects(WC.addWorkshop(store, editor, planId, { place: 'Piura', heldOn: '2015-03-10' }, nowIso()), {
        code: 'forbidden',
      });
      await assert.rejects(WC.addWorkshop(store, null, planId, { place: 'Piura', heldOn: '2015-03-10' }, nowIso()), {
        code: 'unauthenticated',
      });
      assert.equal(await count('workshops'), before.w);
      const w = ok(
        await WC.addWorkshop(
          store,
          coordinator,
          planId,
          {
            place: 'Piura',
            heldOn: '2015-03-10',
            sectors: 'sociedad civil, academia',
            participants: '45',
          },
          nowIso(),
        ),
      );
      const long = await WC.addProposal(store, coordinator, planId, { ...proposal(1, w.id), proposalTitle: 'x'.repeat(301) }, nowIso());
      assert.deepEqual('errors' in long ? long.errors : null, [{ field: 'proposalTitle', code: 'too_long', limit: 300 }]);
      const wrongWorkshop = await WC.addProposal(store, coordinator, planId, proposal(1, 999999), nowIso());
      assert.deepEqual('errors' in wrongWorkshop ? wrongWorkshop.errors : null, [{ field: 'workshopId', code: 'invalid_choice' }]);
      assert.equal(await count('proposals'), before.p);
      ok(await WC.addProposal(store, coordinator, planId, proposal(1, w.id), nowIso()));
      assert.equal(await count('proposals'), before.p + 1);
      assert.equal(await count('audit_log'), before.a + 2, 'the workshop and the proposal are in the audit log');
      const view = await getPlanCocreation(store, planId);
      assert.deepEqual(
        view.workshops.map((x) => [x.place, x.participants, x.proposals]),
        [['Piura', 45, 1]],
      );
    });

    test('group, score, rank, prioritise, approve: commitments created and linked; the funnel counted from the rows', async () => {
      const ws = ok(await WC.addWorkshop(store, coordinator, planId, { place: 'Ayacucho', heldOn: '2015-03-12' }, nowIso()));
      const ids: number[] = [];
      for (let n = 2; n <= 9; n++)
        ids.push(ok(await WC.addProposal(store, coordinator, planId, proposal(n, n % 2 ? ws.id : null), nowIso())).id);
      const a = ok(
        await WC.addCandidate(
          store,
          coordinator,
          planId,
          {
            candidateTitle: 'Datos abiertos municipales',
            proposalIds: ids.slice(0, 3).join(','),
          },
          nowIso(),
        ),
      );
      const b = ok(
        await WC.addCandidate(
          store,
          coordinator,
          planId,
          {
            candidateTitle: 'Acceso a la información',
            proposalIds: ids.slice(3, 5).join(','),
          },
          nowIso(),
        ),
      );
      const c = ok(
        await WC.addCandidate(store, coordinator, planId, { candidateTitle: 'Compras públicas', proposalIds: [ids[5]!] }, nowIso()),
      );
      const none = await WC.addCandidate(store, coordinator, planId, { candidateTitle: 'Vacío', proposalIds: '' }, nowIso());
      assert.deepEqual('errors' in none ? none.errors : null, [{ field: 'proposalIds', code: 'required' }]);
      const badScore = await WC.scoreCandidate(
        store,
        coordinator,
        a.id,
        {
          specific: '4',
          measurable: '3',
          achievable: '3',
          relevant: '3',
          timeBound: '',
        },
        nowIso(),
      );
      assert.deepEqual('errors' in badScore ? badScore.errors : null, [
        { field: 'specific', code: 'out_of_range', limit: 3 },
        { field: 'timeBound', code: 'required' },
      ]);
      ok(
        await WC.scoreCandidate(
          store,
          coordinator,
          a.id,
          {
            specific: '2',
            measurable: '2',
            achievable: '3',
            relevant: '3',
            timeBound: '2',
          },
          nowIso(),
        ),
      );
      ok(
        await WC.scoreCandidate(
          store,
          coordinator,
          b.id,
          {
            specific: '3',
            measurable: '3',
            achievable: '3',
            relevant: '3',
            timeBound: '3',
          },
          nowIso(),
        ),
      );
      let view = await getPlanCocreation(store, planId);
      assert.deepEqual(
        view.candidates.map((x) => [x.title, x.total, x.rank]),
        [
          ['Acceso a la información', 15, 1],
          ['Datos abiertos municipales', 12, 2],
          ['Compras públicas', null, null],
        ],
      );
      ok(await WC.prioritiseCandidates(store, coordinator, planId, { candidateIds: `${a.id},${b.id}` }, nowIso()));

      // All or nothing: an unscored candidate in the set refuses the set.
      const commitmentsBefore = await count('commitments');
      const refused = await WC.approveCandidates(
        store,
        coordinator,
        planId,
        {
          candidateIds: `${b.id},${c.id}`,
          approvalThemeId: String(themeId),
        },
        nowIso(),
      );
      assert.deepEqual('errors' in refused ? refused.errors : null, [{ field: 'candidateIds', code: 'not_scored' }]);
      assert.equal(await count('commitments'), commitmentsBefore);
      const approved = await WC.approveCandidates(
        store,
        coordinator,
        planId,
        {
          candidateIds: String(b.id),
          approvalThemeId: String(themeId),
        },
        nowIso(),
      );
      assert.equal(approved.ok, true);
      const [commitmentId] = approved.commitmentIds!;
      const created = await store.db.selectFrom('commitments').selectAll().where('id', '=', commitmentId!).executeTakeFirstOrThrow();
      assert.equal(created.title, 'Acceso a la información');
      assert.equal(created.theme_id, themeId);
      assert.equal(created.number, commitmentsBefore + 1, 'numbered after the plan’s last');
      const again = await WC.approveCandidates(
        store,
        coordinator,
        planId,
        {
          candidateIds: String(b.id),
          approvalThemeId: String(themeId),
        },
        nowIso(),
      );
      assert.deepEqual('errors' in again ? again.errors : null, [{ field: 'candidateIds', code: 'already_approved' }]);

      assert.deepEqual(
        (await getCommitmentProposals(store, commitmentId!)).map((p) => p.id),
        ids.slice(3, 5),
      );
      view = await getPlanCocreation(store, planId);
      // 9 proposals (1 from the first test), 3 candidates, 2 prioritised, 1 approved; 3 not grouped.
      assert.deepEqual(view.funnel, { proposals: 9, candidates: 3, prioritised: 2, approved: 1, notGrouped: 3, inadmissible: 0 });
      assert.deepEqual((await getProposalPage(store, ids[3]!)).fate, { kind: 'approved', candidateId: b.id, commitmentId });
      assert.deepEqual((await getProposalPage(store, ids[0]!)).fate, { kind: 'prioritised', candidateId: a.id });
      assert.deepEqual((await getProposalPage(store, ids[5]!)).fate, { kind: 'not-prioritised', candidateId: c.id });
      assert.deepEqual((await getProposalPage(store, ids[7]!)).fate, { kind: 'not-grouped' });
      // A proposal of an approved candidate cannot be regrouped.
      const regroup = await WC.addCandidate(store, coordinator, planId, { candidateTitle: 'Otra', proposalIds: String(ids[3]) }, nowIso());
      assert.deepEqual('errors' in regroup ? regroup.errors : null, [{ field: 'proposalIds', code: 'already_approved' }]);
    });

    test('a proposal set aside as not admissible leaves its candidate and the funnel; one in an approved candidate cannot be', async () => {
      const p1 = ok(await WC.addProposal(store, coordinator, planId, proposal(20, null), nowIso())).id;
      const p2 = ok(await WC.addProposal(store, coordinator, planId, proposal(21, null), nowIso())).id;
      const cand = ok(
        await WC.addCandidate(store, coordinator, planId, { candidateTitle: 'Con spam', proposalIds: [p1, p2] }, nowIso()),
      ).id;
      const before = (await getPlanCocreation(store, planId)).funnel;
      const bad = await WC.setProposalStatus(store, coordinator, p1, { proposalStatus: 'borrada' }, nowIso());
      assert.deepEqual('errors' in bad ? bad.errors : null, [{ field: 'proposalStatus', code: 'invalid_choice' }]);
      await assert.rejects(WC.setProposalStatus(store, editor, p1, { proposalStatus: 'inadmissible' }, nowIso()), { code: 'forbidden' });
      ok(await WC.setProposalStatus(store, coordinator, p1, { proposalStatus: 'inadmissible' }, nowIso()));
      const after = (await getPlanCocreation(store, planId)).funnel;
      assert.equal(after.proposals, before.proposals - 1);
      assert.equal(after.inadmissible, before.inadmissible + 1);
      assert.deepEqual((await getProposalPage(store, p1)).fate, { kind: 'inadmissible' });
      assert.deepEqual((await getPlanCocreation(store, planId)).candidates.find((c) => c.id === cand)!.proposalIds, [p2]);
      ok(await WC.setProposalStatus(store, coordinator, p1, { proposalStatus: 'received' }, nowIso()));
      assert.deepEqual((await getProposalPage(store, p1)).fate, { kind: 'not-grouped' });
      const approvedProposal = (
        await store.db
          .selectFrom('proposals as p')
          .innerJoin('candidate_commitments as c', 'c.id', 'p.candidate_id')
          .where('c.commitment_id', 'is not', null)
          .select('p.id')
          .executeTakeFirstOrThrow()
      ).id;
      const refused = await WC.setProposalStatus(store, coordinator, approvedProposal, { proposalStatus: 'inadmissible' }, nowIso());
      assert.deepEqual('errors' in refused ? refused.errors : null, [{ field: 'proposalStatus', code: 'already_approved' }]);
    });

    test('the public form: closed call refused; honeypot stores nothing; lengths named; a limit per address and hour', async () => {
      const now = '2026-11-27T10:00:00.000Z';
      const input = {
        proposalTitle: 'Portal de obras',
        proposalText: 'Publicar los avances de obra',
        proposer: 'Vecina',
        proposerKind: 'person',
      };
      assert.deepEqual(await submitPublicProposal(store, planId, input, '203.0.113.9', now), { ok: false, refused: 'call_closed' });
      ok(await WC.setProposalCall(store, coordinator, planId, { callOpen: 'open' }, nowIso()));
      const before = await count('proposals');
      assert.deepEqual(await submitPublicProposal(store, planId, { ...input, website: 'http://spam.example' }, '203.0.113.9', now), {
        ok: false,
        refused: 'honeypot',
      });
      const long = await submitPublicProposal(store, planId, { ...input, proposalText: 'x'.repeat(3001) }, '203.0.113.9', now);
      assert.deepEqual('errors' in long ? long.errors : null, [{ field: 'proposalText', code: 'too_long', limit: 3000 }]);
      assert.equal(await count('proposals'), before);
      for (let i = 0; i < PROPOSALS_PER_HOUR; i++) ok(await submitPublicProposal(store, planId, input, '203.0.113.9', now));
      assert.deepEqual(await submitPublicProposal(store, planId, input, '203.0.113.9', now), {
        ok: false,
        refused: 'too_many',
        retryAfterSeconds: 3600,
      });
      ok(await submitPublicProposal(store, planId, input, '198.51.100.7', now));
      ok(await submitPublicProposal(store, planId, input, '203.0.113.9', '2026-11-27T11:00:01.000Z'));
      assert.equal(await count('proposals'), before + PROPOSALS_PER_HOUR + 2);
      const web = await store.db.selectFrom('proposals').selectAll().where('channel', '=', 'web').execute();
      assert.ok(web.every((p) => p.submitted_on === '2026-11-27'));
      const history = await store.db.selectFrom('audit_log').selectAll().execute();
      assert.ok(!JSON.stringify(history).includes('203.0.113.9'), 'the address never reaches the audit log');
      ok(await WC.setProposalCall(store, coordinator, planId, { callOpen: 'closed' }, nowIso()));
      assert.deepEqual(await submitPublicProposal(store, planId, input, '192.0.2.1', now), { ok: false, refused: 'call_closed' });
    });

    test('the forum: members with from/until (a withdrawal), meetings; an until before from and a non-web minutes link refused', async () => {
      const badDates = await WC.addForumMember(
        store,
        coordinator,
        planId,
        {
          memberName: 'Proética',
          memberSector: 'civil-society',
          memberFrom: '2014-01-01',
          memberUntil: '2013-12-31',
        },
        nowIso(),
      );
      assert.deepEqual('errors' in badDates ? badDates.errors : null, [{ field: 'memberUntil', code: 'date_order' }]);
      ok(
        await WC.addForumMember(
          store,
          coordinator,
          planId,
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
          planId,
          {
            memberName: 'Secretaría de Gestión Pública',
            memberSector: 'government',
            memberFrom: '2011-04-01',
          },
          nowIso(),
        ),
      );
      const badUrl = await WC.addForumMeeting(
        store,
        coordinator,
        planId,
        {
          meetingDate: '2015-05-04',
          agenda: 'Avances',
          minutesUrl: 'javascript:alert(1)',
        },
        nowIso(),
      );
      assert.deepEqual('errors' in badUrl ? badUrl.errors : null, [{ field: 'minutesUrl', code: 'invalid_url' }]);
      await assert.rejects(WC.addForumMeeting(store, editor, planId, { meetingDate: '2015-05-04', agenda: 'Avances' }, nowIso()), {
        code: 'forbidden',
      });
      ok(
        await WC.addForumMeeting(
          store,
          coordinator,
          planId,
          {
            meetingDate: '2015-05-04',
            agenda: 'Avances del plan',
            minutesUrl: 'https://example.org/acta.pdf',
            agreements: 'Aprobar el informe',
          },
          nowIso(),
        ),
      );
      const forum = await getPlanForum(store, planId);
      assert.deepEqual(
        forum.members.map((m) => [m.name, m.until]),
        [
          ['Colectivo de sociedad civil', '2014-06-30'],
          ['Secretaría de Gestión Pública', null],
        ],
      );
      assert.deepEqual(
        forum.meetings.map((m) => [m.heldOn, m.minutesUrl]),
        [['2015-05-04', 'https://example.org/acta.pdf']],
      );
    });
  });
});
