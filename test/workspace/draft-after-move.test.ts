import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { digestFor } from '../../src/services/notifications/digest.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * Issue 17, point 6: a round's assessment belongs to the agency that led the commitment on the round's
 * cutoff date (decision 010). A move dated after the cutoff leaves the draft with the agency that wrote it
 * — it reads, edits and submits it; the new agency neither reads it nor sees it on the board, though it
 * edits the commitment itself. A move dated on or before the cutoff hands the assessment over, and the
 * move's audit entry says so.
 */
describe('a draft assessment when its commitment changes agency', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let commitment: (n: number) => number;
    let coordinator: SignedIn;
    /** The agency that drafts (B) and the one the commitments move to (A). */
    let agencyA: number;
    let agencyB: number;
    let agencyC: number;
    let editorA: SignedIn;
    let editorB: SignedIn;
    let editorC: SignedIn;
    let roundId: number;
    const CUTOFF = '2018-06-30';

    const call = (who: SignedIn, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': 'es' },
        ...(payload ? { payload } : {}),
      });
    const page = (who: SignedIn, url: string) => app.inject({ url, headers: { cookie: who.cookie } });
    const assessmentUrl = (id: number) => `/api/v1/workspace/rounds/${roundId}/assessments/${id}`;
    const board = async (who: SignedIn) => {
      const res = await call(who, 'GET', `/api/v1/workspace/rounds/${roundId}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().commitments as { commitmentId: number; agency: { id: number } | null; canDraft: boolean }[];
    };
    const move = async (id: number, agencyId: number, from: string) => {
      const res = await call(coordinator, 'POST', `/api/v1/workspace/commitments/${id}/lead-agency`, { agencyId: String(agencyId), from });
      assert.equal(res.statusCode, 201, res.body);
    };
    const moveContext = async (id: number) =>
      (
        await store.db
          .selectFrom('audit_log')
          .select('context')
          .where('entity', '=', 'commitment_agencies')
          .where('commitment_id', '=', id)
          .where('action', '=', 'create')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).context ?? '';

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId, commitment } = s);
      // The seed's plan ended (completed); digests speak of plans under way, as one with a round open is.
      await store.db.updateTable('plans').set({ status: 'active' }).where('id', '=', planId).execute();
      // Commitment 5 is the only one its agency leads; 9 is led by the agency of 4; 8 by a third agency.
      agencyB = (await commitmentSubject(store.db, commitment(5)))!.agency_id!;
      agencyC = (await commitmentSubject(store.db, commitment(9)))!.agency_id!;
      agencyA = (await commitmentSubject(store.db, commitment(8)))!.agency_id!;
      assert.equal(new Set([agencyA, agencyB, agencyC]).size, 3);
      editorA = await signIn(app, store, { role: 'agency-editor', agencyId: agencyA });
      editorB = await signIn(app, store, { role: 'agency-editor', agencyId: agencyB });
      editorC = await signIn(app, store, { role: 'agency-editor', agencyId: agencyC });
      coordinator = await signIn(app, store, { role: 'coordinator' });
      const opened = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/rounds`, {
        kind: 'periodic',
        cutoffDate: CUTOFF,
        // Past the 2015–2016 plan's period and its grace: a reason (issue 20).
        roundReason: 'Seguimiento tardío del plan',
      });
      assert.equal(opened.statusCode, 201, opened.body);
      roundId = opened.json().id;
    });
    after(async () => app.close());

    test('moved after the cutoff: the draft stays with the agency that wrote it, which reads, edits and submits it', async () => {
      const id = commitment(5);
      const url = assessmentUrl(id);
      const draft = await call(editorB, 'PUT', url, { level: 'limited', results: 'Borrador de la entidad B, sin publicar.' });
      assert.equal(draft.statusCode, 200, draft.body);
      await move(id, agencyA, '2018-07-01');
      assert.doesNotMatch(await moveContext(id), /passes to the new agency/, 'nothing changed hands');

      // The agency leading it now: not the draft (API and page), not its row on the board; the commitment itself, yes.
      assert.equal((await call(editorA, 'GET', url)).statusCode, 403);
      assert.equal((await call(editorA, 'PUT', url, { results: 'Reescrito por A.', version: draft.json().version })).statusCode, 403);
      assert.equal((await page(editorA, `/espacio/evaluaciones/${roundId}/compromisos/${id}`)).statusCode, 403);
      assert.ok(!(await board(editorA)).some((r) => r.commitmentId === id), 'A does not see the row of B’s assessment');
      assert.ok(
        (await board(editorA)).some((r) => r.commitmentId === commitment(8)),
        'A still sees its own',
      );
      const editable = await call(editorA, 'GET', `/api/v1/workspace/commitments/${id}`);
      assert.equal(editable.statusCode, 200, editable.body);
      assert.ok(
        !editable.json().detail.assessments.some((a: { round: { id: number } }) => a.round.id === roundId),
        'nor through the commitment it now leads',
      );
      const saved = await call(editorA, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        objective: 'Objetivo de la entidad A.',
        // The seed's plan is approved: a change of its text is a modification (decision 030).
        modificationReason: 'Objetivo precisado',
        modificationDate: '2016-06-30',
        version: editable.json().version,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const activity = await call(editorA, 'POST', `/api/v1/workspace/commitments/${id}/activities`, {
        title: 'Actividad añadida por la entidad A',
      });
      assert.equal(activity.statusCode, 201, activity.body);

      // The agency on the cutoff date: its draft, its row, its round on the home page and in its digest.
      const read = await call(editorB, 'GET', url);
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().values.results, 'Borrador de la entidad B, sin publicar.');
      assert.equal(read.json().canDraft, true);
      assert.equal((await page(editorB, `/espacio/evaluaciones/${roundId}/compromisos/${id}`)).statusCode, 200);
      const rowB = (await board(editorB)).find((r) => r.commitmentId === id);
      assert.equal(rowB?.agency?.id, agencyB);
      assert.equal(rowB?.canDraft, true);
      assert.equal(
        (await board(coordinator)).find((r) => r.commitmentId === id)?.agency?.id,
        agencyB,
        'the round lists the agency in force on its cutoff',
      );
      assert.match(
        (await page(editorB, '/espacio')).body,
        new RegExp(`/espacio/evaluaciones/${roundId}"`),
        'the home lists the round B owes an assessment in',
      );
      const person = {
        id: editorB.actor.userId,
        email: 'b@example.test',
        name: 'B',
        role: 'agency-editor' as const,
        lang: 'es' as const,
        agencyId: agencyB,
        governmentId: null,
      };
      const digest = await digestFor(store, person, '2018-07-02');
      assert.ok(
        digest?.digest.waiting.some((w) => w.round.id === roundId && w.commitment.id === id && w.kind === 'draft'),
        'B’s digest says its draft waits',
      );

      const edited = await call(editorB, 'PUT', url, {
        level: 'limited',
        reasons: 'El presupuesto llegó tarde.',
        version: read.json().version,
      });
      assert.equal(edited.statusCode, 200, edited.body);
      // Completo → Limitado is two steps: a consistency warning (issue 20), confirmed with a reason.
      const submitted = await call(editorB, 'PUT', url, {
        version: edited.json().version,
        submit: true,
        confirmReason: 'El presupuesto llegó tarde y el portal no se publicó.',
      });
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal(submitted.json().stage, 'submitted');
    });

    test('moved on a date before the cutoff: the new agency is the one in force then, and owns the draft; the audit says it changed hands', async () => {
      const id = commitment(9);
      const url = assessmentUrl(id);
      const draft = await call(editorC, 'PUT', url, { level: 'substantial', results: 'Borrador de la entidad C.' });
      assert.equal(draft.statusCode, 200, draft.body);
      await move(id, agencyA, '2018-03-01');
      assert.match(
        await moveContext(id),
        new RegExp(`its assessment in round ${roundId} \\(cutoff ${CUTOFF}, draft\\) passes to the new agency`),
      );

      assert.equal((await call(editorC, 'GET', url)).statusCode, 403);
      assert.ok(!(await board(editorC)).some((r) => r.commitmentId === id));
      const read = await call(editorA, 'GET', url);
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().values.results, 'Borrador de la entidad C.');
      const submitted = await call(editorA, 'PUT', url, { version: read.json().version, submit: true });
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal((await board(coordinator)).find((r) => r.commitmentId === id)?.agency?.id, agencyA);
      // The first test's move, after the cutoff, still leaves commitment 5's row with B.
      assert.equal((await board(coordinator)).find((r) => r.commitmentId === commitment(5))?.agency?.id, agencyB);
    });
  });
});
