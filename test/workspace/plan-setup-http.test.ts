import assert from 'node:assert/strict';
import { nowIso } from '../helpers/clock.js';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { OPEN_WHILE_CALL_OPEN } from '../../src/http/public-plans.js';
import { openConsultation } from '../../src/services/consultation.js';
import * as WC from '../../src/services/workspace/cocreation.js';
import type { Store } from '../../src/storage/connect.js';
import { signedForm, signedJson, signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';
import { fillRouteParams } from '../helpers/route-params.js';

/**
 * The pages and the API of governments, plans and themes (issue 19), from an empty database: forms
 * that redirect, refusals that name the field in the reader's language and change nothing, and a plan
 * in borrador that no public route or listing shows — found from the app's own routes.
 */
const TODAY = '2017-03-01';
const DRAFT_TITLE = 'Plan Borrador Zafiro 2017-2019';

describe('governments, plans and themes: pages, API, and a draft plan kept from the public', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let admin: SignedIn;
    let coordinator: SignedIn;
    let government: number;
    let planId: number;
    const unchanged = async (work: () => Promise<void>) => {
      const before = await dumpDatabase(store, { exclude: ['sessions'] });
      await work();
      assert.deepEqual(diffDumps(before, await dumpDatabase(store, { exclude: ['sessions'] })), []);
    };

    before(async () => {
      store = await db.open();
      app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      admin = await signIn(app, store, { role: 'admin' });
    });
    after(async () => app.close());

    test('an admin creates a government by the form; a wrong one is shown again naming the field, nothing stored', async () => {
      await unchanged(async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/espacio/admin/gobiernos',
          ...signedForm(admin, { governmentNameEs: 'Perú', languages: 'es,en', governmentKind: 'national' }),
        });
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /Complete «Nombre \(inglés\)»/);
        const en = await app.inject({
          method: 'POST',
          url: '/en/espacio/admin/gobiernos',
          ...signedForm(admin, { languages: 'es', governmentKind: 'x' }),
        });
        assert.equal(en.statusCode, 400);
        assert.match(en.body, /Kind of government/);
      });
      const res = await app.inject({
        method: 'POST',
        url: '/espacio/admin/gobiernos',
        ...signedForm(admin, {
          governmentNameEs: 'Perú',
          governmentNameEn: 'Peru',
          languages: 'es,en',
          governmentKind: 'national',
          countryCode: 'PE',
        }),
      });
      assert.equal(res.statusCode, 303);
      government = Number(/gobiernos\/(\d+)/.exec(String(res.headers.location))![1]);
      const page = await app.inject({ method: 'GET', url: `/espacio/admin/gobiernos/${government}`, headers: { cookie: admin.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /español, inglés/, 'its languages are shown');
      const holiday = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/admin/governments/${government}/holidays`,
        ...signedJson(admin, { holidayDate: '2017-07-28', holidayName: 'Fiestas Patrias' }),
      });
      assert.equal(holiday.statusCode, 201);
      const listed = await app.inject({ method: 'GET', url: '/api/v1/workspace/admin/governments', headers: { cookie: admin.cookie } });
      assert.deepEqual(
        listed
          .json()
          .governments.map((g: { names: unknown; languages: unknown; holidays: { name: string }[] }) => [
            g.names,
            g.languages,
            g.holidays.map((h) => h.name),
          ]),
        [[{ es: 'Perú', en: 'Peru' }, ['es', 'en'], ['Fiestas Patrias']]],
      );
      coordinator = await signIn(app, store, { role: 'coordinator', governmentId: government });
    });

    test('a coordinator creates a plan by the form and the API; bad input is a 400 naming the field, nothing stored; an agency editor cannot', async () => {
      const newPage = await app.inject({ method: 'GET', url: '/espacio/planes/nuevo', headers: { cookie: coordinator.cookie } });
      assert.equal(newPage.statusCode, 200);
      assert.match(newPage.body, /Título del plan \(español\)[\s\S]*Título del plan \(inglés\)/);
      await unchanged(async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/workspace/plans',
          ...signedJson(coordinator, { planTitleEs: DRAFT_TITLE, planTitleEn: 'Draft plan', periodStart: 2017 }),
        });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(Object.keys(res.json().error.fields), ['periodEnd']);
        assert.match(res.json().error.fields.periodEnd, /Año de término/);
        const bad = await app.inject({
          method: 'POST',
          url: '/espacio/planes',
          ...signedForm(coordinator, { planTitleEs: DRAFT_TITLE, planTitleEn: 'Draft plan', periodStart: '2019', periodEnd: '2017' }),
        });
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /«Año de término» no puede ser anterior/);
      });
      const editor = await signIn(app, store, {
        role: 'agency-editor',
        agencyId: Number(
          (
            await app.inject({
              method: 'POST',
              url: '/api/v1/workspace/admin/agencies',
              ...signedJson(admin, { government, name: 'Secretaría de Gestión Pública' }),
            })
          ).json().id,
        ),
      });
      const refused = await app.inject({ method: 'POST', url: '/espacio/planes', ...signedForm(editor, { planTitleEs: 'x' }) });
      assert.equal(refused.statusCode, 403);
      const made = await app.inject({
        method: 'POST',
        url: '/espacio/planes',
        ...signedForm(coordinator, {
          planTitleEs: DRAFT_TITLE,
          planTitleEn: 'Draft plan 2017-2019',
          periodStart: '2017',
          periodEnd: '2019',
        }),
      });
      assert.equal(made.statusCode, 303);
      planId = Number(/planes\/(\d+)/.exec(String(made.headers.location))![1]);
      const page = await app.inject({ method: 'GET', url: `/espacio/planes/${planId}`, headers: { cookie: coordinator.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Borrador/);
      assert.match(page.body, /\/espacio\/planes\/\d+\/consultas/, 'the plan page links to its consultations');
      const editorPage = await app.inject({ method: 'GET', url: `/espacio/planes/${planId}`, headers: { cookie: editor.cookie } });
      assert.equal(editorPage.statusCode, 403);
    });

    test('themes by the API; a stage move refused says why in the asker’s language', async () => {
      const theme = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/plans/${planId}/themes`,
        ...signedJson(coordinator, { themeTitleEs: 'Transparencia', themeTitleEn: 'Transparency' }),
      });
      assert.equal(theme.statusCode, 201);
      const refused = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/plans/${planId}/stage`,
        headers: { ...signedJson(coordinator, {}).headers, 'accept-language': 'en' },
        payload: JSON.stringify({ stage: 'active' }),
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.fields.stage, /one stage at a time: it is draft, the next stage is “in consultation”/);
      const page = await app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/etapa`,
        ...signedForm(coordinator, { stage: 'consultation' }),
      });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /El plan aún no tiene compromisos/);
    });

    test('a plan in borrador: every public route naming it (or its commitment, theme, consultation, proposal) is a 404; no listing shows it', async () => {
      const coordinatorActor = coordinator.actor;
      const proposal = await WC.addProposal(
        store,
        coordinatorActor,
        planId,
        {
          proposalTitle: 'Compras abiertas',
          proposalText: 'Publicar las compras.',
          proposer: 'Proética',
          proposerKind: 'organisation',
          channel: 'written',
          submittedOn: '2017-02-01',
        },
        nowIso(),
      );
      assert.ok(proposal.ok);
      const candidate = await WC.addCandidate(
        store,
        coordinatorActor,
        planId,
        {
          candidateTitle: 'Zafiro abierto',
          proposalIds: [proposal.id!],
        },
        nowIso(),
      );
      assert.ok(candidate.ok);
      await WC.scoreCandidate(
        store,
        coordinatorActor,
        candidate.id!,
        {
          specific: 3,
          measurable: 3,
          achievable: 3,
          relevant: 3,
          timeBound: 3,
        },
        nowIso(),
      );
      const themes = (
        await app.inject({ method: 'GET', url: `/api/v1/workspace/plans/${planId}`, headers: { cookie: coordinator.cookie } })
      ).json().plan.themes as { id: number }[];
      const approved = await WC.approveCandidates(
        store,
        coordinatorActor,
        planId,
        {
          candidateIds: [candidate.id!],
          approvalThemeId: themes[0]!.id,
        },
        nowIso(),
      );
      assert.ok(approved.ok && 'commitmentIds' in approved);
      const consultation = await openConsultation(
        store,
        coordinatorActor,
        planId,
        { title: 'Consulta', startsOn: TODAY, endsOn: '2017-03-31' },
        `${TODAY}T12:00:00.000Z`,
      );
      assert.ok(consultation.ok);
      const ids = {
        plan: planId,
        commitment: approved.commitmentIds![0]!,
        theme: themes[0]!.id,
        agency: 1,
        openRound: 1,
        publishedRound: 1,
        consultation: consultation.id,
      };
      const none = async () => {
        throw new Error('not made here');
      };
      const fresh = {
        comment: none,
        recommendation: none,
        holiday: none,
        alert: none,
        activity: none,
        source: none,
        indicator: none,
        measurement: none,
        account: none,
        proposal: async () => proposal.id!,
        candidate: none,
        workshop: none,
        forumMember: none,
        forumMeeting: none,
        evidence: none,
        coLead: none,
        contact: none,
      };
      const wrong: string[] = [];
      let walked = 0;
      for (const rule of app.routeRules) {
        if (rule.permission !== 'public:read' || rule.method !== 'GET' || !rule.url.includes(':')) continue;
        let url: string;
        try {
          url = await fillRouteParams(rule.url, ids, fresh);
        } catch {
          continue; // a route about something this plan has none of (a round, an alert, an evidence file)
        }
        if (/\/(entidades|agencies)\//.test(rule.url)) continue; // an agency is no plan's
        const res = await app.inject({ method: 'GET', url });
        walked++;
        // A dataset's address names no plan: a download of every public plan, without this one.
        if (rule.url.includes(':dataset')) {
          if (/Zafiro/.test(res.body)) wrong.push(`${url}: shows the draft plan`);
        } else if (res.statusCode !== 404) wrong.push(`${url}: ${res.statusCode}`);
      }
      assert.deepEqual(wrong, []);
      assert.ok(walked > 30, `walked ${walked} public routes`);
      assert.ok(OPEN_WHILE_CALL_OPEN.has('/planes/:id/propuestas/nueva'), 'the call’s routes were walked too, with the call closed');
      for (const url of [
        '/',
        '/datos',
        '/api/v1/plans',
        '/datos/planes.csv',
        '/datos/compromisos.json',
        '/datos/ogp.csv',
        '/datos/data.json',
        '/buscar?q=abierto',
        '/api/v1/search?q=abierto',
        '/api/v1/commitments',
        '/entidades/1',
      ]) {
        const res = await app.inject({ method: 'GET', url });
        assert.ok(res.statusCode < 400, `${url}: ${res.statusCode}`);
        assert.doesNotMatch(res.body, /Zafiro/, `${url} shows the draft plan`);
      }
    });

    test('once the call is open its public form is reachable; from en consulta the plan is public, marked as a draft', async () => {
      await WC.setProposalCall(store, coordinator.actor, planId, { callOpen: 'open' }, nowIso());
      assert.equal((await app.inject({ method: 'GET', url: `/planes/${planId}/propuestas/nueva` })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: `/planes/${planId}` })).statusCode, 404);
      const moved = await app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/etapa`,
        ...signedForm(coordinator, { stage: 'consultation' }),
      });
      assert.equal(moved.statusCode, 303);
      const page = await app.inject({ method: 'GET', url: `/planes/${planId}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Borrador: este plan aún no está aprobado/);
      assert.match((await app.inject({ method: 'GET', url: '/buscar?q=abierto' })).body, /1 resultado/);
      const approved = await app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/etapa`,
        ...signedForm(coordinator, {
          stage: 'approved',
          approvalInstrument: 'Resolución Ministerial N° 176-2015-PCM',
          approvalDate: '2017-06-30',
        }),
      });
      assert.equal(approved.statusCode, 303);
      assert.doesNotMatch((await app.inject({ method: 'GET', url: `/planes/${planId}` })).body, /Borrador: este plan/);
    });
  });
});
