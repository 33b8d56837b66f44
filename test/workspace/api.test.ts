import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { rowCount } from '../helpers/tables.js';

/**
 * The workspace through the JSON API: the same checks as the forms, a conflict answered with what is
 * stored now, and a round from opening to publication — invisible to the public until then.
 */
describe('workspace API', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let commitment: (n: number) => number;
    let editor: SignedIn;
    let otherEditor: SignedIn;
    let coordinator: SignedIn;

    const call = (who: SignedIn | null, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': 'es' } : {},
        ...(payload ? { payload } : {}),
      });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId, commitment } = s);
      const own = await commitmentSubject(store.db, commitment(4));
      const other = await commitmentSubject(store.db, commitment(1));
      assert.notEqual(own!.agency_id, other!.agency_id, 'commitments 1 and 4 are led by different agencies in the 2015–2016 plan');
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: own!.agency_id! });
      otherEditor = await signIn(app, store, { role: 'agency-editor', agencyId: other!.agency_id! });
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => app.close());

    test('an editor saves a field of a commitment its agency leads; the version moves on; the public page shows it', async () => {
      const id = commitment(4);
      const read = await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.headers['cache-control'], 'no-store');
      const { version, values } = read.json();
      const saved = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        ...values,
        objective: 'Objetivo reescrito por la entidad.',
        // The seeded plan is approved: a change of its text is a modification (decision 030).
        modificationReason: 'Corrección de la ficha',
        modificationDate: '2020-01-01',
        version,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().version, version + 1);
      const pub = await call(null, 'GET', `/api/v1/commitments/${id}`);
      assert.equal(pub.json().commitment.objective, 'Objetivo reescrito por la entidad.');
    });

    test('an editor may not touch a commitment another agency leads (403), and nothing changes', async () => {
      const id = commitment(1);
      const before = await call(coordinator, 'GET', `/api/v1/workspace/commitments/${id}`);
      const { version, values } = before.json();
      const refused = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, { ...values, title: 'Cambiado', version });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'forbidden');
      const after = await call(coordinator, 'GET', `/api/v1/workspace/commitments/${id}`);
      assert.equal(after.json().version, version);
      assert.equal(after.json().values.title, values.title);
    });

    test('a field it may not set (the lead agency) and a bad date are refused by name, in the asker language', async () => {
      const id = commitment(4);
      const { version, values } = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json();
      const res = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        ...values,
        agencyId: 3,
        plannedEnd: '2016-13-40',
        version,
      });
      assert.equal(res.statusCode, 400);
      const { error } = res.json();
      assert.equal(error.code, 'invalid_input');
      assert.deepEqual(Object.keys(error.fields).sort(), ['agencyId', 'plannedEnd']);
      assert.match(error.fields.plannedEnd, /fecha/i);
      const unchanged = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json();
      assert.equal(unchanged.version, version);
    });

    test('two saves from the same version: the second is a 409 carrying what the first stored, and does not overwrite it', async () => {
      const id = commitment(4);
      const { version, values } = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json();
      const first = await call(coordinator, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        ...values,
        relevance: 'Versión de la coordinación.',
        modificationReason: 'Corrección de la ficha',
        modificationDate: '2020-01-01',
        version,
      });
      assert.equal(first.statusCode, 200, first.body);
      const second = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        ...values,
        relevance: 'Versión de la entidad.',
        modificationReason: 'Corrección de la ficha',
        modificationDate: '2020-01-01',
        version,
      });
      assert.equal(second.statusCode, 409);
      const body = second.json();
      assert.equal(body.error.code, 'conflict');
      assert.equal(body.current.version, version + 1);
      assert.equal(body.current.values.relevance, 'Versión de la coordinación.');
      const stored = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json();
      assert.equal(stored.values.relevance, 'Versión de la coordinación.');
      // Merged and sent against the version the conflict gave: saved.
      const merged = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        ...values,
        relevance: 'Versión de la coordinación y de la entidad.',
        modificationReason: 'Corrección de la ficha',
        modificationDate: '2020-01-01',
        version: body.current.version,
      });
      assert.equal(merged.statusCode, 200, merged.body);
    });

    test('a script signed in with the session cookie learns who it is and the token its changes need', async () => {
      const res = await app.inject({ url: '/api/v1/workspace/session', headers: { cookie: editor.cookie } });
      assert.equal(res.statusCode, 200);
      const { account, csrfToken } = res.json();
      assert.equal(account.role, 'agency-editor');
      assert.equal(account.agencyId, editor.actor.agencyId);
      const added = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/commitments/${commitment(4)}/sources`,
        headers: { cookie: editor.cookie, 'x-csrf-token': csrfToken },
        payload: { text: 'Oficio N° 12-2016' },
      });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal((await app.inject({ url: '/api/v1/workspace/session' })).statusCode, 401);
    });

    test('a change without the CSRF header is refused (403) and changes nothing', async () => {
      const id = commitment(4);
      const before = await rowCount(store, 'activities');
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/commitments/${id}/activities`,
        headers: { cookie: editor.cookie },
        payload: { title: 'Sin token' },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(await rowCount(store, 'activities'), before);
      const anonymous = await call(null, 'POST', `/api/v1/workspace/commitments/${id}/activities`, { title: 'Sin cuenta' });
      assert.equal(anonymous.statusCode, 401);
    });

    test('activities: add, edit with its version, move, delete', async () => {
      const id = commitment(4);
      const added = await call(editor, 'POST', `/api/v1/workspace/commitments/${id}/activities`, {
        title: 'Taller con gobiernos regionales',
        plannedStart: '2016-02-01',
        plannedEnd: '2016-03-31',
        weight: '25',
        status: 'in-progress',
      });
      assert.equal(added.statusCode, 201, added.body);
      const activityId = added.json().id as number;
      const read = (await call(editor, 'GET', `/api/v1/workspace/activities/${activityId}`)).json();
      assert.equal(read.values.weight, 25);
      const wrongOrder = await call(editor, 'PUT', `/api/v1/workspace/activities/${activityId}`, {
        ...read.values,
        plannedEnd: '2016-01-01',
        version: read.version,
      });
      assert.equal(wrongOrder.statusCode, 400);
      assert.ok(wrongOrder.json().error.fields.plannedEnd);
      const saved = await call(editor, 'PUT', `/api/v1/workspace/activities/${activityId}`, {
        ...read.values,
        status: 'done',
        version: read.version,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const numberBefore = read.number as number;
      const moved = await call(editor, 'POST', `/api/v1/workspace/activities/${activityId}/move`, { direction: 'up' });
      assert.equal(moved.statusCode, 200, moved.body);
      const after = (await call(editor, 'GET', `/api/v1/workspace/activities/${activityId}`)).json();
      assert.equal(after.number, numberBefore - 1);
      const deleted = await call(editor, 'DELETE', `/api/v1/workspace/activities/${activityId}`);
      assert.equal(deleted.statusCode, 200);
      assert.equal((await call(editor, 'GET', `/api/v1/workspace/activities/${activityId}`)).statusCode, 404);
    });

    test('a lead agency changed from a date: the round assessed before keeps the agency it had', async () => {
      const id = commitment(7);
      const before = (await call(null, 'GET', `/api/v1/commitments/${id}`)).json().commitment;
      const oldAgency = before.leadAgency.agency.id as number;
      const target = (await call(null, 'GET', '/api/v1/agencies')).json().agencies.find((a: { id: number }) => a.id !== oldAgency);
      const notAllowed = await call(editor, 'POST', `/api/v1/workspace/commitments/${id}/lead-agency`, {
        agencyId: String(target.id),
        from: '2018-01-01',
      });
      assert.equal(notAllowed.statusCode, 403);
      // Published rounds keep their agency: a date on or before the last published cutoff (2017-09-30) is refused; so is tomorrow, and the agency it already has.
      const lead = (body: object) => call(coordinator, 'POST', `/api/v1/workspace/commitments/${id}/lead-agency`, body);
      const backDated = await lead({ agencyId: String(target.id), from: '2017-09-30' });
      assert.equal(backDated.statusCode, 400);
      assert.match(backDated.json().error.fields.from, /30 de septiembre de 2017/);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      assert.match((await lead({ agencyId: String(target.id), from: tomorrow })).json().error.fields.from, /posterior a hoy/);
      assert.ok((await lead({ agencyId: String(oldAgency), from: '2018-01-01' })).json().error.fields.agencyId);
      const moved = await lead({ agencyId: String(target.id), from: '2018-01-01' });
      assert.equal(moved.statusCode, 201, moved.body);
      const after = (await call(null, 'GET', `/api/v1/commitments/${id}`)).json().commitment;
      assert.equal(after.leadAgency.agency.id, target.id);
      assert.ok(after.assessments.length > 0);
      for (const a of after.assessments)
        assert.equal(a.leadAgency.id, oldAgency, `round ${a.round.title} keeps the agency it was assessed under`);
      assert.ok(
        after.leadAgencyHistory.some(
          (e: { agency: { id: number }; validTo: string | null }) => e.agency.id === oldAgency && e.validTo === '2018-01-01',
        ),
      );
      // The same day again would leave an entry of no length.
      assert.ok((await lead({ agencyId: String(oldAgency), from: '2018-01-01' })).json().error.fields.from);
    });

    test('a round from opening to publication: drafts stay private, submission rules hold, corrections are visible', async () => {
      const opened = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/rounds`, {
        kind: 'periodic',
        cutoffDate: '2017-06-30',
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const roundId = opened.json().id as number;
      const again = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/rounds`, {
        kind: 'midterm',
        cutoffDate: '2017-07-30',
      });
      assert.equal(again.statusCode, 400);
      assert.match(again.json().error.fields.kind, /en curso/);

      const own = commitment(4);
      const url = `/api/v1/workspace/rounds/${roundId}/assessments/${own}`;
      // Complete needs evidence cited; Limited needs reasons.
      const noEvidence = await call(editor, 'PUT', url, { level: 'complete', results: 'Terminado.', submit: true });
      assert.equal(noEvidence.statusCode, 400);
      assert.ok(noEvidence.json().error.fields.evidenceIds);
      const noReasons = await call(editor, 'PUT', url, { level: 'limited', submit: true });
      assert.equal(noReasons.statusCode, 400);
      assert.ok(noReasons.json().error.fields.reasons);
      const link = await call(editor, 'POST', `/api/v1/workspace/commitments/${own}/evidence`, {
        url: 'https://www.gob.pe/informe-final.pdf',
        description: 'Informe final',
      });
      assert.equal(link.statusCode, 201, link.body);
      const feedEntries = async () => ((await app.inject({ url: `/compromisos/${own}/cambios.atom` })).body.match(/<entry>/g) ?? []).length;
      const entriesBeforeDrafting = await feedEntries();
      const draft = await call(editor, 'PUT', url, { level: 'complete', results: 'Plataforma en línea.', evidenceIds: [link.json().id] });
      assert.equal(draft.statusCode, 200, draft.body);
      assert.equal(draft.json().stage, 'draft');

      // Nobody outside sees it: not the public, not another agency.
      assert.equal((await call(otherEditor, 'GET', url)).statusCode, 403);
      const board = (await call(otherEditor, 'GET', `/api/v1/workspace/rounds/${roundId}`)).json();
      assert.ok(!board.commitments.some((r: { commitmentId: number }) => r.commitmentId === own));
      const publicRounds = (await call(null, 'GET', `/api/v1/plans/${planId}`)).json().plan.rounds as { id: number }[];
      assert.ok(!publicRounds.some((r) => r.id === roundId));
      assert.ok(
        !(await call(null, 'GET', `/api/v1/commitments/${own}`))
          .json()
          .commitment.assessments.some((a: { round: { id: number } }) => a.round.id === roundId),
      );

      const submitted = await call(editor, 'PUT', url, {
        level: 'complete',
        results: 'Plataforma en línea.',
        evidenceIds: [link.json().id],
        version: draft.json().version,
        submit: true,
      });
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal(submitted.json().stage, 'submitted');
      const afterSubmit = await call(editor, 'PUT', url, { level: 'limited', reasons: 'x', version: submitted.json().version });
      assert.equal(afterSubmit.statusCode, 403, 'a submitted assessment waits for the coordinator');

      // Returned with a comment, then approved: each decision on the version the coordinator read.
      const decide = async (u: string, body: object) =>
        call(coordinator, 'POST', `${u}/decision`, { ...body, version: (await call(coordinator, 'GET', u)).json().version });
      const noComment = await decide(url, { decision: 'return' });
      assert.equal(noComment.statusCode, 400);
      assert.ok(noComment.json().error.fields.comment);
      const noVersion = await call(coordinator, 'POST', `${url}/decision`, { decision: 'approve' });
      assert.equal(noVersion.statusCode, 400);
      assert.ok(noVersion.json().error.fields.version);
      assert.equal(
        (await call(editor, 'POST', `${url}/decision`, { decision: 'approve', version: submitted.json().version })).statusCode,
        403,
      );
      const seen = (await call(coordinator, 'GET', url)).json().version;
      assert.equal((await decide(url, { decision: 'return', comment: 'Añadan el enlace al informe.' })).statusCode, 200);
      // A second coordinator's approval of the version before the return is a conflict, not an approval of text never seen.
      const stale = await call(coordinator, 'POST', `${url}/decision`, { decision: 'approve', version: seen });
      assert.equal(stale.statusCode, 400, 'a returned assessment cannot be approved');
      const returned = (await call(editor, 'GET', url)).json();
      assert.equal(returned.stage, 'returned');
      assert.equal(returned.reviewComment, 'Añadan el enlace al informe.');
      const resubmitted = await call(editor, 'PUT', url, {
        ...returned.values,
        evidenceIds: returned.evidenceIds,
        version: returned.version,
        submit: true,
      });
      assert.equal(resubmitted.statusCode, 200, resubmitted.body);
      const conflicting = await call(coordinator, 'POST', `${url}/decision`, { decision: 'approve', version: seen });
      assert.equal(conflicting.statusCode, 409, 'approving from a page read before the resubmission');
      assert.equal((await decide(url, { decision: 'approve' })).statusCode, 200);
      // Approved by mistake: the coordinator can still return it while the round is open, then approve again.
      assert.equal((await decide(url, { decision: 'return', comment: 'Falta la fecha del informe.' })).statusCode, 200);
      const returnedAgain = (await call(editor, 'GET', url)).json();
      assert.equal(returnedAgain.stage, 'returned');
      // A partial save keeps what it leaves out: here, only the results change.
      const partial = await call(editor, 'PUT', url, {
        results: 'Plataforma en línea desde el 15 de diciembre de 2017.',
        version: returnedAgain.version,
        submit: true,
      });
      assert.equal(partial.statusCode, 200, partial.body);
      const kept = (await call(editor, 'GET', url)).json();
      assert.equal(kept.values.level, 'complete');
      assert.deepEqual(kept.evidenceIds, [link.json().id]);
      assert.equal((await decide(url, { decision: 'approve' })).statusCode, 200);

      // Evidence an approved assessment cites cannot be removed from under it.
      const refused = await call(editor, 'DELETE', `/api/v1/workspace/evidence/${link.json().id}`);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'evidence_cited');

      // Not every commitment approved yet: publication refused, with how many are missing.
      const early = await call(coordinator, 'POST', `/api/v1/workspace/rounds/${roundId}/publish`);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'round_not_ready');
      assert.match(early.json().error.message, /16/);

      // The coordinator drafts, submits and approves the others: a government of one coordinator (decision 039), each
      // level confirmed despite its consistency warnings (a jump from the mid-term's).
      await store.db.updateTable('governments').set({ allow_self_approval: 1 }).execute();
      const all = (await call(coordinator, 'GET', `/api/v1/workspace/rounds/${roundId}`)).json().commitments as {
        commitmentId: number;
        stage: string;
      }[];
      assert.equal(all.length, 17);
      for (const row of all.filter((r) => r.stage !== 'approved')) {
        const u = `/api/v1/workspace/rounds/${roundId}/assessments/${row.commitmentId}`;
        const confirmReason = 'Avance verificado en la reunión de seguimiento.';
        const s = await call(coordinator, 'PUT', u, { level: 'substantial', results: 'Avance sustancial.', submit: true, confirmReason });
        assert.equal(s.statusCode, 200, s.body);
        assert.equal((await decide(u, { decision: 'approve', confirmReason })).statusCode, 200);
      }
      const published = await call(coordinator, 'POST', `/api/v1/workspace/rounds/${roundId}/publish`);
      assert.equal(published.statusCode, 200, published.body);

      // Public now, and frozen.
      const pub = (await call(null, 'GET', `/api/v1/commitments/${own}`)).json().commitment;
      const entry = pub.assessments.find((a: { round: { id: number } }) => a.round.id === roundId);
      assert.equal(entry.level, 'complete');
      const frozen = await call(editor, 'PUT', url, { level: 'limited', reasons: 'x', version: 99 });
      assert.equal(frozen.statusCode, 409);
      assert.equal(frozen.json().error.code, 'round_closed');

      // The round's drafting, returns and approvals never reach the public feed, even once published.
      assert.equal(await feedEntries(), entriesBeforeDrafting);

      // A correction is a new entry, shown with the value it replaced and why.
      const corrected = await call(coordinator, 'POST', `${url}/corrections`, {
        field: 'level',
        value: 'substantial',
        reason: 'El informe final se publicó después del corte.',
      });
      assert.equal(corrected.statusCode, 201, corrected.body);
      const after = (await call(null, 'GET', `/api/v1/commitments/${own}`))
        .json()
        .commitment.assessments.find((a: { round: { id: number } }) => a.round.id === roundId);
      assert.equal(after.level, 'substantial');
      assert.deepEqual(
        after.corrections.map((c: { field: string; before: string; after: string; reason: string }) => [
          c.field,
          c.before,
          c.after,
          c.reason,
        ]),
        [['level', 'complete', 'substantial', 'El informe final se publicó después del corte.']],
      );
      assert.equal(await feedEntries(), entriesBeforeDrafting + 1, 'the correction is public');
      const page = await app.inject({ url: `/compromisos/${own}` });
      assert.match(page.body, /Corregido después de publicarse/);
      assert.match(page.body, /El informe final se publicó después del corte\./);
    });
  });
});
