import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../src/domain/roles.js';
import { getCommitment } from '../../src/services/commitments.js';
import { getCommitmentReview, getPlanRecommendations } from '../../src/services/reviews.js';
import * as V from '../../src/services/workspace/reviews.js';
import { AppError } from '../../src/errors.js';
import { fieldErrorText } from '../../src/i18n/workspace.js';
import { findPlan } from '../../src/storage/plans.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { addGovernment, addPlan, reviewSnapshot } from './support.js';
import { nowIso } from '../helpers/clock.js';

/**
 * The independent review's operations on both databases: a reviewer enters the IRM's scales (starred
 * computed, the two completion levels compared), coordinators enter recommendations and carry an
 * unfinished commitment into a later plan; bad values, wrong roles and stale versions change nothing.
 */
describe('the independent review, its recommendations and continuity', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let reviewer: Actor;
    let coordinator: Actor;
    let editor: Actor;
    let otherReviewer: Actor;
    let complete: number;
    let notStarted: number;
    let substantial: number;

    const refused = async (p: Promise<unknown>, code: string) => {
      await assert.rejects(p, (e: unknown) => e instanceof AppError && e.code === code);
    };

    before(async () => {
      s = await seededApp(db);
      reviewer = (await signIn(s.app, s.store, { role: 'reviewer' })).actor;
      coordinator = (await signIn(s.app, s.store, { role: 'coordinator' })).actor;
      const gov2 = await addGovernment(s.store, 'Chile');
      otherReviewer = (await signIn(s.app, s.store, { role: 'reviewer', governmentId: gov2 })).actor;
      const levels = new Map<number, string | null>();
      for (let n = 1; n <= 17; n++) levels.set(n, (await getCommitment(s.store, s.commitment(n))).assessments.at(-1)!.level);
      complete = s.commitment([...levels].find(([, l]) => l === 'complete')![0]);
      notStarted = s.commitment([...levels].find(([, l]) => l === 'not-started')![0]);
      substantial = s.commitment([...levels].find(([, l]) => l === 'substantial')![0]);
      const { commitmentSubject } = await import('../../src/storage/workspace.js');
      editor = (
        await signIn(s.app, s.store, { role: 'agency-editor', agencyId: (await commitmentSubject(s.store.db, complete))!.agency_id! })
      ).actor;
    });
    after(() => s.app.close());

    const starReview = {
      report: 'end-of-term',
      reportYear: '2017',
      specificity: 'high',
      valueAccessToInformation: '1',
      valueCivicParticipation: '0',
      valuePublicAccountability: '0',
      valueTechnologyAndInnovation: '1',
      potentialImpact: 'transformative',
      completion: 'substantial',
      diogOverall: 'major',
      diogAccessToInformation: 'major',
      reviewText: 'El MRI verificó la **plataforma** publicada.',
    };

    test('a reviewer enters an end-of-term review: starred computed, the two levels compared', async () => {
      const r = await V.saveReview(s.store, reviewer, complete, starReview, nowIso());
      assert.ok(r.ok, JSON.stringify(r));
      const { reviews } = await getCommitmentReview(s.store, complete);
      assert.equal(reviews.length, 1);
      const [review] = reviews;
      assert.equal(review!.report, 'end-of-term');
      assert.equal(review!.starred, true);
      assert.deepEqual(review!.values, ['access-to-information', 'technology-and-innovation']);
      assert.equal(review!.self?.round.kind, 'end-of-term');
      assert.equal(review!.self?.level, 'complete');
      assert.deepEqual(review!.agreement, { kind: 'lower', steps: 1 });
      assert.equal(review!.diog.overall, 'major');
      assert.equal(review!.diog['civic-participation'], null);
      assert.equal(review!.origin, 'user');
      // Starred is not a column: nothing typed can set it.
      const row = await s.store.db.selectFrom('irm_reviews').selectAll().where('commitment_id', '=', complete).executeTakeFirstOrThrow();
      assert.ok(!('starred' in row));
      const audit = await s.store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'irm_reviews').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, `user:${reviewer.userId}`);
      assert.equal(audit[0]!.commitment_id, complete);
    });

    test('an edit needs the version read; a stale version is a conflict that changes nothing', async () => {
      const form = await V.getReviewForm(s.store, reviewer, complete, nowIso().slice(0, 10));
      const eot = form.reports.find((r) => r.report === 'end-of-term')!;
      assert.equal(eot.version, 1);
      assert.equal(eot.values.valueAccessToInformation, '1');
      const ok = await V.saveReview(
        s.store,
        reviewer,
        complete,
        { report: 'end-of-term', version: '1', potentialImpact: 'moderate' },
        nowIso(),
      );
      assert.ok(ok.ok);
      // From 2015 on, moderate impact is no star.
      assert.equal((await getCommitmentReview(s.store, complete)).reviews[0]!.starred, false);
      const before = await reviewSnapshot(s.store);
      const stale = await V.saveReview(
        s.store,
        reviewer,
        complete,
        { report: 'end-of-term', version: '1', completion: 'complete' },
        nowIso(),
      );
      assert.ok(!stale.ok && 'conflict' in stale);
      assert.equal(stale.conflict.version, 2);
      assert.equal(stale.conflict.theirs.potentialImpact, 'moderate');
      // A second "new" review of the same report (no version) does not overwrite the first either.
      const again = await V.saveReview(s.store, reviewer, complete, { report: 'end-of-term', completion: 'complete' }, nowIso());
      assert.ok(!again.ok && 'conflict' in again);
      assert.deepEqual(await reviewSnapshot(s.store), before);
    });

    test('a bad scale value is refused naming the field, in both languages, and nothing changes', async () => {
      const before = await reviewSnapshot(s.store);
      const r = await V.saveReview(
        s.store,
        reviewer,
        notStarted,
        {
          report: 'progress',
          specificity: 'very high',
          completion: 'done',
          reportYear: '1999',
          valueCivicParticipation: 'yes',
          bogus: 'x',
        },
        nowIso(),
      );
      assert.ok(!r.ok && 'errors' in r);
      const fields = r.errors.map((e) => `${e.field}:${e.code}`).sort();
      assert.deepEqual(fields, [
        'bogus:unknown_field',
        'completion:invalid_choice',
        'reportYear:out_of_range',
        'specificity:invalid_choice',
        'valueCivicParticipation:invalid_choice',
      ]);
      const spec = r.errors.find((e) => e.field === 'specificity')!;
      assert.equal(fieldErrorText('es', spec), 'El valor de «Especificidad» no es válido.');
      assert.equal(fieldErrorText('en', spec), 'The value of “Specificity” is not valid.');
      const noReport = await V.saveReview(s.store, reviewer, notStarted, { completion: 'limited' }, nowIso());
      assert.ok(!noReport.ok && 'errors' in noReport);
      assert.deepEqual(noReport.errors, [{ field: 'report', code: 'required' }]);
      assert.deepEqual(await reviewSnapshot(s.store), before);
    });

    test('only a reviewer writes reviews, and a reviewer of another government does not', async () => {
      const before = await reviewSnapshot(s.store);
      for (const who of [coordinator, editor, otherReviewer]) {
        await refused(V.saveReview(s.store, who, notStarted, { report: 'progress', completion: 'limited' }, nowIso()), 'forbidden');
        await refused(V.getReviewForm(s.store, who, notStarted, nowIso().slice(0, 10)), 'forbidden');
      }
      await refused(V.saveReview(s.store, null, notStarted, { report: 'progress' }, nowIso()), 'unauthenticated');
      assert.deepEqual(await reviewSnapshot(s.store), before);
    });

    test('a progress review is set beside the mid-term self-assessment; withdrawn has no counterpart', async () => {
      const r = await V.saveReview(
        s.store,
        reviewer,
        notStarted,
        {
          report: 'progress',
          reportYear: 2016,
          completion: 'withdrawn',
          valueCivicParticipation: true,
        },
        nowIso(),
      );
      assert.ok(r.ok, JSON.stringify(r));
      const { reviews } = await getCommitmentReview(s.store, notStarted);
      assert.equal(reviews[0]!.self?.round.kind, 'midterm');
      assert.deepEqual(reviews[0]!.agreement, { kind: 'no-counterpart' });
      assert.deepEqual(reviews[0]!.values, ['civic-participation']);
    });

    test('coordinators enter the recommendations, in order, with the answer, status and action', async () => {
      const a = await V.addRecommendation(
        s.store,
        coordinator,
        s.planId,
        {
          source: 'Informe de avance 2015-2016',
          recommendationText: 'Incluir a la sociedad civil en el seguimiento.',
        },
        nowIso(),
      );
      const b = await V.addRecommendation(
        s.store,
        coordinator,
        s.planId,
        {
          source: 'Informe de avance 2015-2016',
          recommendationText: 'Compromisos más específicos.',
          status: 'partly-addressed',
        },
        nowIso(),
      );
      assert.ok(a.ok && b.ok);
      const edit = await V.saveRecommendation(
        s.store,
        coordinator,
        a.id!,
        {
          version: '1',
          answer: 'Se creó una comisión multiactor.',
          status: 'addressed',
          action: 'Decreto Supremo N° 1-2017.',
        },
        nowIso(),
      );
      assert.ok(edit.ok, JSON.stringify(edit));
      const list = await getPlanRecommendations(s.store, s.planId);
      assert.deepEqual(
        list.map((r) => [r.position, r.status, r.answer]),
        [
          [1, 'addressed', 'Se creó una comisión multiactor.'],
          [2, 'partly-addressed', null],
        ],
      );
      assert.equal(list[0]!.text, 'Incluir a la sociedad civil en el seguimiento.');
    });

    test('recommendations: bad status named, stale version refused, other roles refused, nothing changed', async () => {
      const [first] = await getPlanRecommendations(s.store, s.planId);
      const before = await reviewSnapshot(s.store);
      const bad = await V.saveRecommendation(
        s.store,
        coordinator,
        first!.id,
        { version: String(first!.version), status: 'done' },
        nowIso(),
      );
      assert.ok(!bad.ok && 'errors' in bad);
      assert.deepEqual(bad.errors, [{ field: 'status', code: 'invalid_choice' }]);
      assert.equal(fieldErrorText('en', bad.errors[0]!), 'The value of “Status” is not valid.');
      const empty = await V.addRecommendation(s.store, coordinator, s.planId, { source: '', recommendationText: '' }, nowIso());
      assert.ok(!empty.ok && 'errors' in empty);
      assert.equal(
        fieldErrorText(
          'es',
          empty.errors.find((e) => e.field === 'recommendationText')!,
        ),
        'Complete «Recomendación».',
      );
      const stale = await V.saveRecommendation(s.store, coordinator, first!.id, { version: '1', status: 'not-addressed' }, nowIso());
      assert.ok(!stale.ok && 'conflict' in stale);
      assert.equal(stale.conflict.theirs.status, 'addressed');
      for (const who of [reviewer, editor]) {
        await refused(V.addRecommendation(s.store, who, s.planId, { source: 'x', recommendationText: 'y' }, nowIso()), 'forbidden');
        await refused(
          V.saveRecommendation(s.store, who, first!.id, { version: String(first!.version), status: 'not-addressed' }, nowIso()),
          'forbidden',
        );
      }
      assert.deepEqual(await reviewSnapshot(s.store), before);
    });

    test('an unfinished commitment is carried into a later plan: both linked, template fields copied', async () => {
      const plan = (await findPlan(s.store.db, s.planId))!;
      const later = await addPlan(s.store, {
        governmentId: plan.government_id,
        title: 'Plan de Acción de Gobierno Abierto 2017-2019',
        start: 2017,
        end: 2019,
      });
      const form = await V.getContinuationForm(s.store, coordinator, notStarted);
      assert.deepEqual(
        form.plans.map((p) => p.id),
        [later.planId],
      );
      // OGP's number and dates of the earlier plan (as the OGP import keeps them) stay behind; other fields go along.
      const mine = { label: 'Presupuesto', value: 'S/ 100 000' };
      const ogpFields = [
        { label: 'Commitment Number', value: '4' },
        { label: 'Start Date', value: '1/1/2015' },
        { label: 'End Date', value: '12/31/2016' },
      ];
      await s.store.db
        .updateTable('commitments')
        .set({ other_fields: JSON.stringify([...ogpFields, mine]) })
        .where('id', '=', notStarted)
        .execute();
      const r = await V.continueCommitment(
        s.store,
        coordinator,
        notStarted,
        {
          planId: String(later.planId),
          themeId: String(later.themeId),
        },
        nowIso(),
      );
      assert.ok(r.ok, JSON.stringify(r));
      const carried = await s.store.db.selectFrom('commitments').select('other_fields').where('id', '=', r.id!).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(carried.other_fields!), [mine]);
      const copy = await getCommitment(s.store, r.id!);
      const original = await getCommitment(s.store, notStarted);
      assert.equal(copy.plan.id, later.planId);
      assert.equal(copy.number, 1);
      for (const f of ['title', 'problem', 'objective', 'description', 'relevance', 'ambition'] as const)
        assert.equal(copy[f], original[f], f);
      assert.equal(copy.leadAgency?.agency.id, original.leadAgency?.agency.id);
      assert.equal(copy.assessments.length, 0, 'levels stay with their plan');
      const back = await getCommitmentReview(s.store, r.id!);
      assert.equal(back.continues?.id, notStarted);
      assert.equal(back.continues?.plan.id, s.planId);
      const forward = await getCommitmentReview(s.store, notStarted);
      assert.deepEqual(
        forward.continuedBy.map((c) => [c.id, c.plan.id]),
        [[r.id, later.planId]],
      );
    });

    test('continuity refusals: complete, earlier or same plan, another government, a theme of another plan, wrong role', async () => {
      const plan = (await findPlan(s.store.db, s.planId))!;
      const later = await s.store.db.selectFrom('plans').selectAll().where('period_start', '=', 2017).executeTakeFirstOrThrow();
      const laterTheme = (await s.store.db.selectFrom('themes').selectAll().where('plan_id', '=', later.id).executeTakeFirstOrThrow()).id;
      const elsewhere = await addPlan(s.store, {
        governmentId: otherReviewer.governmentId!,
        title: 'Plan de Chile 2018-2020',
        start: 2018,
        end: 2020,
      });
      const before = await reviewSnapshot(s.store);
      const codes = async (id: number, planId: number, themeId: number) => {
        const r = await V.continueCommitment(s.store, coordinator, id, { planId, themeId }, nowIso());
        assert.ok(!r.ok && 'errors' in r);
        return r.errors.map((e) => `${e.field}:${e.code}`);
      };
      assert.deepEqual(await codes(complete, later.id, laterTheme), ['planId:already_complete']);
      assert.deepEqual(await codes(notStarted, s.planId, s.themeIds[0]!), ['planId:not_later_plan']);
      assert.deepEqual(await codes(notStarted, elsewhere.planId, elsewhere.themeId), ['planId:other_government']);
      assert.deepEqual(await codes(substantial, later.id, s.themeIds[0]!), ['themeId:invalid_choice']);
      assert.deepEqual(await codes(notStarted, later.id, laterTheme), ['planId:already_continued'], 'carried there already');
      assert.deepEqual(
        (await V.getContinuationForm(s.store, coordinator, notStarted)).plans,
        [],
        'the plan it was carried into is not offered again',
      );
      assert.deepEqual(await codes(notStarted, 99999, laterTheme), ['planId:invalid_choice']);
      const missing = await V.continueCommitment(s.store, coordinator, notStarted, {}, nowIso());
      assert.ok(!missing.ok && 'errors' in missing);
      assert.deepEqual(
        missing.errors.map((e) => e.field),
        ['planId', 'themeId'],
      );
      assert.match(fieldErrorText('es', { field: 'planId', code: 'already_complete' }), /Completo/);
      assert.equal(
        fieldErrorText('en', { field: 'planId', code: 'not_later_plan' }),
        '“Later plan” must be a plan later than the commitment’s.',
      );
      assert.deepEqual(
        (await V.getContinuationForm(s.store, coordinator, complete)).plans,
        [],
        'a completed commitment is offered no plan',
      );
      for (const who of [reviewer, editor])
        await refused(V.continueCommitment(s.store, who, notStarted, { planId: later.id, themeId: laterTheme }, nowIso()), 'forbidden');
      assert.deepEqual(await reviewSnapshot(s.store), before);
      void plan;
    });
  });
});
