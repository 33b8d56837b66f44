import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Actor } from '../../src/domain/roles.js';
import { openConsultation } from '../../src/services/consultation.js';
import { listPlans } from '../../src/services/plans.js';
import { search } from '../../src/services/search.js';
import * as WC from '../../src/services/workspace/cocreation.js';
import * as G from '../../src/services/workspace/governments.js';
import * as P from '../../src/services/workspace/plan-setup.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * Governments, plans and themes from an empty database (issue 19), through the services: what each
 * creates and changes, the stage moves and their refusals, what the public sees of a plan in borrador,
 * and co-creation on a plan that has nothing yet.
 */
const NOW = '2017-03-01T12:00:00.000Z';
const TODAY = '2017-03-01';
const person = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  userId: 1,
  email: 'x@example.test',
  name: 'x',
  role,
  agencyId: null,
  governmentId: null,
  ...extra,
});
const admin = person('admin');

const fieldsOf = (r: { ok: boolean } & ({ errors?: { field: string; code: string }[] } | object)) =>
  'errors' in r && r.errors ? r.errors.map((e) => `${e.field}:${e.code}`) : [];

describe('governments, plans and themes from an empty database', () => {
  eachDatabase((db) => {
    let store: Store;
    let peru: number;
    let coordinator: Actor;

    before(async () => {
      store = await db.open();
    });

    test('an admin creates a government with its name in each of its languages; bad input names the field and changes nothing', async () => {
      const missing = await G.createGovernment(
        store,
        admin,
        { governmentNameEs: 'Perú', governmentKind: 'national', languages: 'es,en' },
        NOW,
      );
      assert.deepEqual(fieldsOf(missing), ['governmentNameEn:required']);
      const badCountry = await G.createGovernment(
        store,
        admin,
        { governmentNameEs: 'Perú', governmentKind: 'national', languages: 'es', countryCode: 'PER' },
        NOW,
      );
      assert.deepEqual(fieldsOf(badCountry), ['countryCode:invalid_choice']);
      assert.equal((await G.listGovernments(store, admin)).length, 0, 'nothing created by a refused form');
      const made = await G.createGovernment(
        store,
        admin,
        { governmentNameEs: 'Perú', governmentNameEn: 'Peru', governmentKind: 'national', languages: 'es,en', countryCode: 'pe' },
        NOW,
      );
      assert.ok(made.ok);
      peru = made.id!;
      const g = await G.getGovernment(store, admin, peru);
      assert.deepEqual(
        { names: g.names, kind: g.kind, country: g.countryCode, languages: g.languages },
        { names: { es: 'Perú', en: 'Peru' }, kind: 'national', country: 'PE', languages: ['es', 'en'] },
      );
      const twice = await G.createGovernment(store, admin, { governmentNameEs: 'Perú', governmentKind: 'national', languages: 'es' }, NOW);
      assert.deepEqual(fieldsOf(twice), ['governmentNameEs:name_taken']);
      await assert.rejects(G.createGovernment(store, person('coordinator', { governmentId: peru }), {}, NOW), /forbidden/);
      coordinator = person('coordinator', { governmentId: peru, userId: 2 });
    });

    test('an admin edits the government and keeps its holidays (a date listed twice is refused)', async () => {
      const edited = await G.updateGovernment(
        store,
        admin,
        peru,
        {
          governmentNameEs: 'República del Perú',
          governmentNameEn: 'Republic of Peru',
          governmentKind: 'national',
          languages: 'es,en',
          countryCode: 'PE',
        },
        NOW,
      );
      assert.ok(edited.ok);
      const h = await G.addGovernmentHoliday(store, admin, peru, { holidayDate: '2017-07-28', holidayName: 'Fiestas Patrias' }, NOW);
      assert.ok(h.ok);
      const again = await G.addGovernmentHoliday(store, admin, peru, { holidayDate: '2017-07-28', holidayName: 'Otra vez' }, NOW);
      assert.deepEqual(fieldsOf(again), ['holidayDate:invalid_choice']);
      const g = await G.getGovernment(store, admin, peru);
      assert.equal(g.name, 'República del Perú');
      assert.deepEqual(g.names.en, 'Republic of Peru');
      assert.deepEqual(
        g.holidays.map((x) => x.name),
        ['Fiestas Patrias'],
      );
      assert.ok((await G.removeGovernmentHoliday(store, admin, peru, h.id!, NOW)).ok);
      assert.equal((await G.getGovernment(store, admin, peru)).holidays.length, 0);
    });

    let planId: number;
    test('a coordinator creates a plan in borrador, its title in each of the government’s languages; the public does not see it', async () => {
      const refused = await P.createPlan(
        store,
        coordinator,
        { planTitleEs: 'Plan 2017-2019', periodStart: '2019', periodEnd: '2017' },
        NOW,
      );
      assert.deepEqual(fieldsOf(refused).sort(), ['periodEnd:date_order', 'planTitleEn:required']);
      await assert.rejects(P.createPlan(store, person('agency-editor', { agencyId: 1 }), {}, NOW), /forbidden/);
      const made = await P.createPlan(
        store,
        coordinator,
        {
          planTitleEs: 'Plan de Acción de Gobierno Abierto 2017-2019',
          planTitleEn: 'Open Government Action Plan 2017-2019',
          periodStart: '2017',
          periodEnd: '2019',
        },
        NOW,
      );
      assert.ok(made.ok);
      planId = made.id!;
      const plan = await P.getPlanSetup(store, coordinator, planId, TODAY);
      assert.deepEqual(
        {
          status: plan.status,
          lang: plan.lang,
          titles: plan.titles,
          period: [plan.periodStart, plan.periodEnd],
          themes: plan.themes.length,
        },
        {
          status: 'draft',
          lang: 'es',
          titles: { es: 'Plan de Acción de Gobierno Abierto 2017-2019', en: 'Open Government Action Plan 2017-2019' },
          period: [2017, 2019],
          themes: 0,
        },
      );
      assert.deepEqual(await listPlans(store), [], 'the public lists no plan in borrador');
      await assert.rejects(P.getPlanSetup(store, person('coordinator', { governmentId: peru + 1000 }), planId, TODAY), /forbidden/);
    });

    test('co-creation on the new, empty plan: proposals, a candidate scored, approved into commitments under a first theme named then', async () => {
      const proposal = await WC.addProposal(
        store,
        coordinator,
        planId,
        {
          proposalTitle: 'Datos abiertos de compras',
          proposalText: 'Publicar las compras en datos abiertos.',
          proposer: 'Proética',
          proposerKind: 'organisation',
          channel: 'written',
          submittedOn: '2017-02-01',
        },
        NOW,
      );
      assert.ok(proposal.ok);
      const candidate = await WC.addCandidate(
        store,
        coordinator,
        planId,
        {
          candidateTitle: 'Compras abiertas',
          proposalIds: [proposal.id!],
        },
        NOW,
      );
      assert.ok(candidate.ok);
      assert.ok(
        (
          await WC.scoreCandidate(
            store,
            coordinator,
            candidate.id!,
            {
              specific: 3,
              measurable: 2,
              achievable: 2,
              relevant: 3,
              timeBound: 2,
            },
            NOW,
          )
        ).ok,
      );
      const noTheme = await WC.approveCandidates(store, coordinator, planId, { candidateIds: [candidate.id!] }, NOW);
      assert.deepEqual(fieldsOf(noTheme), ['approvalThemeTitle:required'], 'a plan without themes asks for the first one’s title');
      const approved = await WC.approveCandidates(
        store,
        coordinator,
        planId,
        {
          candidateIds: [candidate.id!],
          approvalThemeTitle: 'Transparencia',
        },
        NOW,
      );
      assert.ok(approved.ok);
      const plan = await P.getPlanSetup(store, coordinator, planId, TODAY);
      assert.deepEqual(
        plan.themes.map((t) => [t.title, t.commitments]),
        [['Transparencia', 1]],
      );
      assert.equal(plan.status, 'draft');
    });

    test('themes: added in each language, renamed, reordered, removed only while empty', async () => {
      const missing = await P.addTheme(store, coordinator, planId, { themeTitleEs: 'Integridad' }, NOW);
      assert.deepEqual(fieldsOf(missing), ['themeTitleEn:required']);
      const added = await P.addTheme(store, coordinator, planId, { themeTitleEs: 'Integridad', themeTitleEn: 'Integrity' }, NOW);
      assert.ok(added.ok);
      assert.ok(
        (await P.renameTheme(store, coordinator, added.id!, { themeTitleEs: 'Integridad pública', themeTitleEn: 'Public integrity' }, NOW))
          .ok,
      );
      assert.ok((await P.moveTheme(store, coordinator, added.id!, { direction: 'up' }, NOW)).ok);
      let plan = await P.getPlanSetup(store, coordinator, planId, TODAY);
      assert.deepEqual(
        plan.themes.map((t) => t.titles),
        [{ es: 'Integridad pública', en: 'Public integrity' }, { es: 'Transparencia' }],
      );
      const held = plan.themes.find((t) => t.commitments > 0)!;
      const refused = await P.removeTheme(store, coordinator, held.id, NOW);
      assert.deepEqual(fieldsOf(refused), ['theme:not_empty']);
      assert.ok((await P.removeTheme(store, coordinator, added.id!, NOW)).ok);
      plan = await P.getPlanSetup(store, coordinator, planId, TODAY);
      assert.deepEqual(
        plan.themes.map((t) => t.title),
        ['Transparencia'],
      );
    });

    test('the plan is edited: title, language and period (how an imported plan is corrected)', async () => {
      const r = await P.updatePlan(
        store,
        coordinator,
        planId,
        {
          planTitleEs: 'Plan de Acción 2017-2019',
          planTitleEn: 'Action Plan 2017-2019',
          planLang: 'en',
          periodStart: 2017,
          periodEnd: 2019,
        },
        NOW,
      );
      assert.ok(r.ok);
      const plan = await P.getPlanSetup(store, coordinator, planId, TODAY);
      assert.deepEqual([plan.title, plan.lang, plan.titles.es], ['Action Plan 2017-2019', 'en', 'Plan de Acción 2017-2019']);
      assert.ok(
        (
          await P.updatePlan(
            store,
            coordinator,
            planId,
            {
              planTitleEs: 'Plan de Acción 2017-2019',
              planTitleEn: 'Action Plan 2017-2019',
              planLang: 'es',
              periodStart: 2017,
              periodEnd: 2019,
            },
            NOW,
          )
        ).ok,
      );
    });

    test('stage moves: refused with the reason (no open consultation, skipping, missing approval, backwards); allowed forward; public from en consulta', async () => {
      const stage = (to: string, extra: Record<string, unknown> = {}) =>
        P.movePlanStage(store, coordinator, planId, { stage: to, ...extra }, TODAY, NOW);
      const noConsultation = await stage('consultation');
      assert.deepEqual(fieldsOf(noConsultation), ['stage:stage_refused']);
      assert.equal('errors' in noConsultation && noConsultation.errors[0]!.param, 'no_open_consultation');
      const skip = await stage('active');
      assert.equal('errors' in skip && skip.errors[0]!.param, 'skips_stage:draft:active:consultation');
      const opened = await openConsultation(
        store,
        coordinator,
        planId,
        { title: 'Consulta del borrador', startsOn: TODAY, endsOn: '2017-03-31' },
        NOW,
      );
      assert.ok(opened.ok);
      assert.equal((await P.getPlanSetup(store, coordinator, planId, TODAY)).consultations[0]!.open, true);
      assert.ok((await stage('consultation')).ok);
      const listed = await listPlans(store);
      assert.deepEqual(
        listed.map((p) => [p.id, p.status]),
        [[planId, 'consultation']],
        'public from en consulta on',
      );
      assert.equal((await search(store, { q: 'Compras' })).total, 1, 'its commitments are found once it is public');
      assert.deepEqual(fieldsOf(await stage('approved')), ['approvalInstrument:required']);
      assert.deepEqual(fieldsOf(await stage('approved', { approvalInstrument: 'Resolución Ministerial N° 176-2015-PCM' })), [
        'approvalDate:required',
      ]);
      assert.ok((await stage('approved', { approvalInstrument: 'Resolución Ministerial N° 176-2015-PCM', approvalDate: '2017-06-30' })).ok);
      const back = await stage('draft');
      assert.equal('errors' in back && back.errors[0]!.param, 'backwards:approved:draft');
      assert.ok((await stage('active')).ok);
      const plan = await P.getPlanSetup(store, coordinator, planId, TODAY);
      assert.deepEqual(
        [plan.status, plan.approvalInstrument, plan.approvalDate],
        ['active', 'Resolución Ministerial N° 176-2015-PCM', '2017-06-30'],
      );
    });

    test('a plan in borrador is not searched and not exported until it leaves borrador', async () => {
      const other = await P.createPlan(
        store,
        coordinator,
        { planTitleEs: 'Plan 2020-2022', planTitleEn: 'Plan 2020-2022', periodStart: 2020, periodEnd: 2022 },
        NOW,
      );
      assert.ok(other.ok);
      const proposal = await WC.addProposal(
        store,
        coordinator,
        other.id!,
        {
          proposalTitle: 'Zanahoria',
          proposalText: 'Zanahoria',
          proposer: 'X',
          proposerKind: 'person',
          channel: 'written',
          submittedOn: '2020-01-01',
        },
        NOW,
      );
      assert.ok(proposal.ok);
      const candidate = await WC.addCandidate(
        store,
        coordinator,
        other.id!,
        {
          candidateTitle: 'Zanahoria pública',
          proposalIds: [proposal.id!],
        },
        NOW,
      );
      assert.ok(candidate.ok);
      await WC.scoreCandidate(
        store,
        coordinator,
        candidate.id!,
        { specific: 1, measurable: 1, achievable: 1, relevant: 1, timeBound: 1 },
        NOW,
      );
      assert.ok(
        (await WC.approveCandidates(store, coordinator, other.id!, { candidateIds: [candidate.id!], approvalThemeTitle: 'Eje' }, NOW)).ok,
      );
      assert.equal((await search(store, { q: 'Zanahoria' })).total, 0, 'a draft plan’s commitment is not searched');
      assert.deepEqual(
        (await listPlans(store)).map((p) => p.id),
        [planId],
      );
    });
  });
});
