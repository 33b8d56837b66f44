import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import type { Actor } from '../../src/domain/roles.js';
import { getPlanCocreation, getPlanForum } from '../../src/services/cocreation.js';
import * as WC from '../../src/services/workspace/cocreation.js';
import * as R from '../../src/services/workspace/cocreation-records.js';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Correcting and deleting co-creation's and the forum's records, on both databases: an edit saved from
 * the version read (audited, the version moves on), a stale one a conflict (409) that changes nothing,
 * bad input naming the field, a record something depends on refused with the reason, and the funnel
 * counted anew after a delete; the same over the forms (CSRF, the "¿Eliminar …?" page) and the API.
 */
describe('co-creation records: edit and delete', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let themeId: number;
    let coordinator: SignedIn;
    let actor: Actor;
    let editor: Actor;
    const ok = <T extends { ok: boolean }>(r: T) => {
      assert.equal(r.ok, true, JSON.stringify(r));
      return r as T & { id: number; version: number };
    };
    const errorsOf = (r: { ok: boolean }) =>
      'errors' in r ? (r.errors as { field: string; code: string }[]).map((e) => [e.field, e.code]) : r;
    const auditCount = async () =>
      Number((await store.db.selectFrom('audit_log').select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const proposal = (n: number, extra: Record<string, unknown> = {}) => ({
      proposalTitle: `Propuesta ${n}`,
      proposalText: 'Texto',
      proposer: 'Proética',
      proposerKind: 'organisation',
      channel: 'written',
      submittedOn: '2015-03-01',
      ...extra,
    });
    const form = (url: string, payload: Record<string, string | string[]>, withToken = true) =>
      app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams([
          ...(withToken ? [['_csrf', coordinator.csrf]] : []),
          ...Object.entries(payload).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        ]).toString(),
        headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const api = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown, lang = 'es') =>
      app.inject({
        method,
        url,
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'accept-language': lang },
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
      });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      themeId = s.themeIds[0]!;
      coordinator = await signIn(app, store, { role: 'coordinator' });
      actor = coordinator.actor;
      const agency = (await store.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow()).id;
      editor = (await signIn(app, store, { role: 'agency-editor', agencyId: agency })).actor;
    });
    after(async () => app.close());

    test('edit a workshop, a proposal, a forum member (its "until") and a meeting: audited, versioned; a stale edit is a conflict; bad input names the field', async () => {
      const w = ok(await WC.addWorkshop(store, actor, planId, { place: 'Piura', heldOn: '2015-03-10' }, nowIso())).id;
      const audit = await auditCount();
      const saved = ok(
        await R.saveRecord(store, actor, 'workshop', w, { place: 'Piura (Castilla)', participants: '45', version: '1' }, nowIso()),
      );
      assert.equal(saved.version, 2);
      assert.equal(await auditCount(), audit + 1, 'one audit entry');
      const row = await store.db.selectFrom('workshops').selectAll().where('id', '=', w).executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.place, row.held_on, row.participants, row.version],
        ['Piura (Castilla)', '2015-03-10', 45, 2],
        'fields left out keep what they had',
      );

      // Someone saved version 1 → 2 already: a save from version 1 is a conflict with what is stored, and writes nothing.
      const stale = await R.saveRecord(store, actor, 'workshop', w, { place: 'Sullana', version: '1' }, nowIso());
      assert.ok('conflict' in stale, JSON.stringify(stale));
      assert.deepEqual([stale.conflict.version, stale.conflict.theirs.place], [2, 'Piura (Castilla)']);
      assert.equal(
        (await store.db.selectFrom('workshops').select('place').where('id', '=', w).executeTakeFirstOrThrow()).place,
        'Piura (Castilla)',
      );
      assert.equal(await auditCount(), audit + 1);

      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'workshop', w, { place: '', heldOn: '2015-02-30', version: '2' }, nowIso())),
        [
          ['place', 'required'],
          ['heldOn', 'invalid_date'],
        ],
      );
      assert.deepEqual(errorsOf(await R.saveRecord(store, actor, 'workshop', w, { place: 'Lima' }, nowIso())), [['version', 'required']]);
      await assert.rejects(R.saveRecord(store, editor, 'workshop', w, { place: 'Lima', version: '2' }, nowIso()), { code: 'forbidden' });
      await assert.rejects(R.saveRecord(store, actor, 'workshop', 999_999, { place: 'Lima', version: '1' }, nowIso()), {
        code: 'not_found',
      });

      const p = ok(await WC.addProposal(store, actor, planId, proposal(1), nowIso())).id;
      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'proposal', p, { workshopId: '999999', proposerKind: 'robot', version: '1' }, nowIso())),
        [
          ['proposerKind', 'invalid_choice'],
          ['workshopId', 'invalid_choice'],
        ],
      );
      ok(
        await R.saveRecord(
          store,
          actor,
          'proposal',
          p,
          {
            ...proposal(1),
            proposalTitle: 'Portal de obras públicas',
            workshopId: String(w),
            channel: 'workshop',
            version: '1',
          },
          nowIso(),
        ),
      );
      const view = (await getPlanCocreation(store, planId)).proposals.find((x) => x.id === p)!;
      assert.deepEqual(
        [view.title, view.workshop?.place, view.channel, view.version],
        ['Portal de obras públicas', 'Piura (Castilla)', 'workshop', 2],
      );

      const m = ok(
        await WC.addForumMember(
          store,
          actor,
          planId,
          {
            memberName: 'Colectivo de sociedad civil',
            memberSector: 'civil-society',
            memberFrom: '2011-04-01',
          },
          nowIso(),
        ),
      ).id;
      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'member', m, { memberUntil: '2010-01-01', version: '1' }, nowIso())),
        [['memberUntil', 'date_order']],
        'compared with the stored "from"',
      );
      ok(await R.saveRecord(store, actor, 'member', m, { memberUntil: '2014-06-30', version: '1' }, nowIso()));
      const meeting = ok(await WC.addForumMeeting(store, actor, planId, { meetingDate: '2015-05-04', agenda: 'Avances' }, nowIso())).id;
      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'meeting', meeting, { minutesUrl: 'javascript:alert(1)', version: '1' }, nowIso())),
        [['minutesUrl', 'invalid_url']],
      );
      ok(
        await R.saveRecord(
          store,
          actor,
          'meeting',
          meeting,
          {
            minutesUrl: 'https://example.org/acta-4.pdf',
            agreements: 'Aprobar el informe',
            version: '1',
          },
          nowIso(),
        ),
      );
      const forum = await getPlanForum(store, planId);
      assert.deepEqual(
        forum.members.map((x) => [x.name, x.until]),
        [['Colectivo de sociedad civil', '2014-06-30']],
      );
      assert.deepEqual(
        forum.meetings.map((x) => [x.agenda, x.minutesUrl, x.agreements]),
        [['Avances', 'https://example.org/acta-4.pdf', 'Aprobar el informe']],
      );
    });

    test('a candidate: title and grouping edited while not approved; approved, neither edited nor deleted; delete refusals say why; the funnel follows a delete', async () => {
      const ids: number[] = [];
      for (const n of [11, 12, 13, 14]) ids.push(ok(await WC.addProposal(store, actor, planId, proposal(n), nowIso())).id);
      const cand = ok(
        await WC.addCandidate(store, actor, planId, { candidateTitle: 'Datos abiertos', proposalIds: ids.slice(0, 2) }, nowIso()),
      ).id;
      assert.deepEqual(errorsOf(await R.saveRecord(store, actor, 'candidate', cand, { proposalIds: '', version: '1' }, nowIso())), [
        ['proposalIds', 'required'],
      ]);
      ok(await WC.setProposalStatus(store, actor, ids[3]!, { proposalStatus: 'inadmissible' }, nowIso()));
      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'candidate', cand, { proposalIds: [ids[3]!], version: '1' }, nowIso())),
        [['proposalIds', 'invalid_choice']],
        'not admissible: not grouped',
      );
      ok(await WC.setProposalStatus(store, actor, ids[3]!, { proposalStatus: 'received' }, nowIso()));
      ok(
        await R.saveRecord(
          store,
          actor,
          'candidate',
          cand,
          {
            candidateTitle: 'Datos abiertos municipales',
            proposalIds: [ids[1]!, ids[2]!],
            version: '1',
          },
          nowIso(),
        ),
      );
      let plan = await getPlanCocreation(store, planId);
      assert.deepEqual(plan.candidates.find((c) => c.id === cand)!.proposalIds, [ids[1], ids[2]], 'one left out, one moved in');
      assert.equal(plan.proposals.find((p) => p.id === ids[0])!.candidateId, null);

      // A proposal grouped into a candidate (not approved) stays until it is taken out.
      const grouped = await R.deleteRecord(store, actor, 'proposal', ids[1]!, nowIso());
      assert.deepEqual(grouped, {
        ok: false,
        planId,
        inUse: { reason: 'proposal_grouped', candidate: 'Datos abiertos municipales', commitmentNumber: null },
      });

      // The funnel is counted anew after a delete.
      const before = plan.funnel;
      assert.deepEqual(await R.deleteRecord(store, actor, 'proposal', ids[3]!, nowIso()), { ok: true, planId });
      assert.deepEqual((await getPlanCocreation(store, planId)).funnel, {
        ...before,
        proposals: before.proposals - 1,
        notGrouped: before.notGrouped - 1,
      });
      const other = ok(await WC.addCandidate(store, actor, planId, { candidateTitle: 'Para borrar', proposalIds: [ids[0]!] }, nowIso())).id;
      const withOther = (await getPlanCocreation(store, planId)).funnel;
      assert.deepEqual(await R.deleteRecord(store, actor, 'candidate', other, nowIso()), { ok: true, planId });
      plan = await getPlanCocreation(store, planId);
      assert.deepEqual(
        plan.funnel,
        { ...withOther, candidates: withOther.candidates - 1, notGrouped: withOther.notGrouped + 1 },
        'its proposal is ungrouped',
      );
      assert.equal(plan.proposals.find((p) => p.id === ids[0])!.candidateId, null);

      // Approved: the candidate and its proposals are the commitment's origin.
      ok(
        await WC.scoreCandidate(
          store,
          actor,
          cand,
          { specific: '3', measurable: '3', achievable: '3', relevant: '3', timeBound: '3' },
          nowIso(),
        ),
      );
      const approved = await WC.approveCandidates(
        store,
        actor,
        planId,
        { candidateIds: String(cand), approvalThemeId: String(themeId) },
        nowIso(),
      );
      assert.equal(approved.ok, true);
      const number = (
        await store.db.selectFrom('commitments').select('number').where('id', '=', approved.commitmentIds![0]!).executeTakeFirstOrThrow()
      ).number;
      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'candidate', cand, { candidateTitle: 'Otro título', version: '2' }, nowIso())),
        [['candidateTitle', 'already_approved']],
      );
      assert.deepEqual(await R.deleteRecord(store, actor, 'candidate', cand, nowIso()), {
        ok: false,
        planId,
        inUse: { reason: 'candidate_approved', commitmentNumber: number },
      });
      assert.deepEqual(await R.deleteRecord(store, actor, 'proposal', ids[1]!, nowIso()), {
        ok: false,
        planId,
        inUse: { reason: 'proposal_grouped', candidate: 'Datos abiertos municipales', commitmentNumber: number },
      });
      // Taking a proposal of an approved candidate into another is refused too.
      const third = ok(await WC.addCandidate(store, actor, planId, { candidateTitle: 'Tercero', proposalIds: [ids[0]!] }, nowIso())).id;
      assert.deepEqual(
        errorsOf(await R.saveRecord(store, actor, 'candidate', third, { proposalIds: [ids[0]!, ids[1]!], version: '1' }, nowIso())),
        [['proposalIds', 'already_approved']],
      );

      // A workshop proposals came from stays; an empty one goes.
      const ws = ok(await WC.addWorkshop(store, actor, planId, { place: 'Ayacucho', heldOn: '2015-03-12' }, nowIso())).id;
      ok(await WC.addProposal(store, actor, planId, proposal(15, { workshopId: String(ws), channel: 'workshop' }), nowIso()));
      assert.deepEqual(await R.deleteRecord(store, actor, 'workshop', ws, nowIso()), {
        ok: false,
        planId,
        inUse: { reason: 'workshop_proposals', count: 1 },
      });
      const empty = ok(await WC.addWorkshop(store, actor, planId, { place: 'Cusco', heldOn: '2015-03-20' }, nowIso())).id;
      const audit = await auditCount();
      assert.deepEqual(await R.deleteRecord(store, actor, 'workshop', empty, nowIso()), { ok: true, planId });
      assert.equal(await auditCount(), audit + 1, 'the delete is in the audit log');
      await assert.rejects(R.deleteRecord(store, editor, 'workshop', ws, nowIso()), { code: 'forbidden' });
    });

    test('over HTTP: the edit form (CSRF, a stale save shows both versions, 409), the "¿Eliminar …?" page and its button, a refusal saying why; the API', async () => {
      const w = ok(await WC.addWorkshop(store, actor, planId, { place: 'Tarapoto', heldOn: '2015-04-01' }, nowIso())).id;
      const page = parse((await app.inject({ url: `/espacio/talleres/${w}/editar`, headers: { cookie: coordinator.cookie } })).body);
      assert.equal(page.querySelector('h1')!.text, 'Editar el taller «Tarapoto»');
      assert.equal(page.querySelector('input[name=version]')!.getAttribute('value'), '1');
      assert.equal(page.querySelector('#f-workshop-place')!.getAttribute('value'), 'Tarapoto');
      const fields = { place: 'Tarapoto (San Martín)', heldOn: '2015-04-01', sectors: '', participants: '30', version: '1' };
      assert.equal((await form(`/espacio/talleres/${w}/editar`, fields, false)).statusCode, 403, 'no CSRF token, no change');
      const bad = await form(`/espacio/talleres/${w}/editar`, { ...fields, participants: 'treinta' });
      assert.equal(bad.statusCode, 400);
      assert.match(parse(bad.body).querySelector('.error-summary')!.text, /«Número de participantes» debe ser un número/);
      const saved = await form(`/espacio/talleres/${w}/editar`, fields);
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/espacio/planes/${planId}/cocreacion?guardado=1`);
      const stale = await form(`/espacio/talleres/${w}/editar`, { ...fields, place: 'Moyobamba' });
      assert.equal(stale.statusCode, 409);
      const conflict = parse(stale.body);
      assert.match(conflict.querySelector('.error-summary')!.text, /Tarapoto \(San Martín\)/);
      assert.equal(
        conflict.querySelector('input[name=version]')!.getAttribute('value'),
        '2',
        'the form now saves against the stored version',
      );
      assert.equal(conflict.querySelector('#f-workshop-place')!.getAttribute('value'), 'Moyobamba', 'what this person typed is kept');

      // The workspace page links each record to its edit page and (if nothing depends on it) its delete page.
      const list = parse((await app.inject({ url: `/espacio/planes/${planId}/cocreacion`, headers: { cookie: coordinator.cookie } })).body);
      assert.ok(list.querySelector(`a[href="/espacio/talleres/${w}/eliminar"]`));

      const confirm = await app.inject({ url: `/en/espacio/talleres/${w}/eliminar`, headers: { cookie: coordinator.cookie } });
      assert.equal(confirm.statusCode, 200);
      const confirmPage = parse(confirm.body);
      assert.equal(confirmPage.querySelector('h1')!.text, 'Delete the workshop “Tarapoto (San Martín)”?');
      assert.ok(
        confirmPage.querySelector(`form[method=post][action="/en/espacio/talleres/${w}/eliminar"] input[name=_csrf]`),
        'a POST button with its token',
      );
      assert.equal((await form(`/espacio/talleres/${w}/eliminar`, {}, false)).statusCode, 403);
      const deleted = await form(`/espacio/talleres/${w}/eliminar`, {});
      assert.equal(deleted.statusCode, 303);
      assert.match(
        (await app.inject({ url: deleted.headers.location as string, headers: { cookie: coordinator.cookie } })).body,
        /Se eliminó el registro/,
      );
      assert.equal(await store.db.selectFrom('workshops').select('id').where('id', '=', w).executeTakeFirst(), undefined);

      // A proposal of an approved candidate: the page says why, with no button; its POST changes nothing.
      const kept = (
        await store.db
          .selectFrom('proposals as p')
          .innerJoin('candidate_commitments as c', 'c.id', 'p.candidate_id')
          .where('c.commitment_id', 'is not', null)
          .select('p.id')
          .executeTakeFirstOrThrow()
      ).id;
      const refused = await app.inject({ url: `/espacio/propuestas/${kept}/eliminar`, headers: { cookie: coordinator.cookie } });
      assert.equal(refused.statusCode, 409);
      assert.match(
        parse(refused.body).querySelector('[role=alert]')!.text,
        /aprobado como compromiso \d+: es parte de su origen y se conserva/,
      );
      assert.equal(parse(refused.body).querySelector('main form'), null);
      assert.equal((await form(`/espacio/propuestas/${kept}/eliminar`, {})).statusCode, 409);

      // The API: the version comes with the list; PUT with a stale version is 409 with what is stored; DELETE refused is 409 saying why.
      const m = ok(
        await WC.addForumMember(
          store,
          actor,
          planId,
          {
            memberName: 'Ciudadanos al Día',
            memberSector: 'civil-society',
            memberFrom: '2012-01-01',
          },
          nowIso(),
        ),
      ).id;
      const listed = (await api('GET', `/api/v1/workspace/plans/${planId}/forum`)).json().members.find((x: { id: number }) => x.id === m);
      assert.equal(listed.version, 1);
      const put = await api('PUT', `/api/v1/workspace/forum-members/${m}`, { memberUntil: '2014-06-30', version: listed.version });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().version, 2);
      const stalePut = await api('PUT', `/api/v1/workspace/forum-members/${m}`, { memberUntil: '2015-01-01', version: 1 }, 'en');
      assert.equal(stalePut.statusCode, 409);
      assert.deepEqual(
        [stalePut.json().error.code, stalePut.json().current.version, stalePut.json().current.values.memberUntil],
        ['conflict', 2, '2014-06-30'],
      );
      const badPut = await api('PUT', `/api/v1/workspace/forum-members/${m}`, { memberSector: 'martians', version: 2 }, 'en');
      assert.equal(badPut.statusCode, 400);
      assert.equal(badPut.json().error.fields.memberSector !== undefined, true);
      const apiRefused = await api('DELETE', `/api/v1/workspace/proposals/${kept}`, undefined, 'en');
      assert.equal(apiRefused.statusCode, 409);
      assert.equal(apiRefused.json().error.code, 'in_use');
      assert.match(apiRefused.json().error.message, /approved as commitment \d+/);
      const apiDeleted = await api('DELETE', `/api/v1/workspace/forum-members/${m}`);
      assert.equal(apiDeleted.statusCode, 200);
      assert.equal((await api('DELETE', `/api/v1/workspace/forum-members/${m}`)).statusCode, 404);
    });
  });
});
