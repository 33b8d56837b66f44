import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { actorOf } from '../../src/services/accounts.js';
import { saveActivity } from '../../src/services/workspace/commitments.js';
import { decideAssessment, getAssessmentForm, openRound, saveAssessment } from '../../src/services/workspace/rounds.js';
import type { Actor } from '../../src/domain/roles.js';
import { listActivities } from '../../src/storage/commitments.js';
import type { Store } from '../../src/storage/connect.js';
import { listOutbox } from '../../src/storage/outbox.js';
import { setWorkflowAtOnce } from '../../src/storage/workflow-notices.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Issue 20's acceptance in Chromium, on the seeded 2015–2016 plan with a periodic round open: an agency
 * editor proposes "Completo" while an activity is still "En curso" and an indicator stands at 50 % of its
 * target, sees the consistency warnings, and submits with a reason; the coordinator's decision screen shows
 * the cited evidence, the activities with their status, the indicator's progress and the earlier levels;
 * the coordinator cannot approve what she herself submitted; an assessment she returns reaches its editor
 * on /espacio and in the outbox; publishing asks for confirmation, with JavaScript and without. axe finds
 * nothing on each new state, in Spanish and under /en.
 */
const CUTOFF = '2017-12-31';
const INDICATOR = 'Usuarios atendidos por la plataforma';
const SUBMIT_REASON = 'La actividad 1 terminó después del corte; la entidad lo acredita.';
const RETURN_COMMENT = 'Citen el informe de la entidad al 31 de diciembre.';

describe('the review cycle of issue 20 in Chromium', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let store: Store;
    let planId: number;
    let roundId: number;
    let commitment: (n: number) => number;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);
    const stageOf = async (commitmentId: number) =>
      (
        await store.db
          .selectFrom('assessments')
          .select('status')
          .where('round_id', '=', roundId)
          .where('commitment_id', '=', commitmentId)
          .executeTakeFirst()
      )?.status;
    const published = async () =>
      (await store.db.selectFrom('rounds').select('published').where('id', '=', roundId).executeTakeFirstOrThrow()).published;
    const assessmentPath = (n: number) => `/espacio/evaluaciones/${roundId}/compromisos/${commitment(n)}`;
    /** A decision leads back to the round's board: the stage in the commitment's row. */
    const boardStage = async (page: Page, n: number) => {
      assert.equal(new URL(page.url()).pathname, `/espacio/evaluaciones/${roundId}`);
      return page.locator(`tr:has(a[href="${assessmentPath(n)}"]) .stage`).innerText();
    };

    web.setUp(async () => {
      const s = await seededApp(db);
      ({ store, planId, commitment } = s);
      const agencyId = (await commitmentSubject(store.db, commitment(4)))!.agency_id!;
      // An indicator of commitment 4 at half its target on the round's cutoff: 0 → 1000, measured 500.
      const c4 = (await commitmentSubject(store.db, commitment(4)))!;
      const w = new AuditedWriter(store.db, { actor: 'test', at: nowIso(), context: 'test fixture: an indicator' })
        .forPlan(c4.plan_id)
        .forCommitment(c4.id);
      const indicator = await w.insert('indicators', {
        commitment_id: c4.id,
        agency_id: c4.agency_id,
        activity_id: null,
        lang: 'es',
        name: INDICATOR,
        unit: 'personas',
        direction: 'up',
        baseline_value: 0,
        baseline_date: '2016-01-01',
        target_value: 1000,
        target_date: '2017-12-31',
        frequency: 'half-yearly',
        means_of_verification: null,
      });
      await w.insert('indicator_measurements', {
        indicator_id: indicator,
        value: 500,
        date: '2017-06-30',
        source: 'Informe de la entidad',
        note: null,
        recorded_by: null,
      });
      return {
        ...s,
        accounts: {
          editor: { email: 'editora-midis@example.test', name: 'Elena Editora', role: 'agency-editor', agencyId },
          coordinator: { email: 'coordinadora@example.test', name: 'Carla Coordinadora', role: 'coordinator' },
          other: { email: 'otro-coordinador@example.test', name: 'Óscar Coordinador', role: 'coordinator' },
        },
      };
    });

    const submit = async (actor: Actor, n: number, input: Record<string, unknown>) => {
      const form = await getAssessmentForm(store, actor, roundId, commitment(n), CUTOFF);
      const r = await saveAssessment(
        store,
        actor,
        roundId,
        commitment(n),
        { results: 'Avance verificado.', confirmReason: 'Verificado con la entidad.', ...input, version: form.assessment?.version },
        { submit: true },
        nowIso(),
      );
      assert.ok(r.ok, JSON.stringify(r));
    };
    const approve = async (actor: Actor, n: number) => {
      const form = await getAssessmentForm(store, actor, roundId, commitment(n), CUTOFF);
      const r = await decideAssessment(
        store,
        actor,
        roundId,
        commitment(n),
        { decision: 'approve', version: form.assessment!.version, confirmReason: 'Verificado con la entidad.' },
        nowIso(),
      );
      assert.ok(r.ok, JSON.stringify(r));
    };

    // The round and what the browser does not need to show: commitment 4 is the editor's (Completo proposed in
    // the browser), 9 is the editor's too (returned in the browser), 2 was submitted by the coordinator herself;
    // the other 14 are submitted by her and approved by a second coordinator.
    before(async () => {
      const coordinator = actorOf(web.account('coordinator'));
      const other = actorOf(web.account('other'));
      const editor = actorOf(web.account('editor'));
      const opened = await openRound(
        store,
        coordinator,
        planId,
        { kind: 'periodic', cutoffDate: CUTOFF, roundReason: 'Seguimiento posterior al cierre del plan.' },
        nowIso(),
      );
      assert.ok(opened.ok, JSON.stringify(opened));
      roundId = opened.id;
      const [first, second] = await listActivities(store.db, commitment(4));
      const inProgress = await saveActivity(store, editor, first!.id, { status: 'in-progress', version: first!.version }, nowIso());
      assert.ok(inProgress.ok, JSON.stringify(inProgress));
      const done = await saveActivity(
        store,
        editor,
        second!.id,
        { status: 'done', actualEnd: '2017-06-30', version: second!.version },
        nowIso(),
      );
      assert.ok(done.ok, JSON.stringify(done));
      await setWorkflowAtOnce(store.db, editor.userId, true, nowIso());
      await submit(editor, 9, { level: 'substantial' });
      await submit(coordinator, 2, { level: 'substantial' });
      for (let n = 1; n <= 17; n++) {
        if ([2, 4, 9].includes(n)) continue;
        await submit(coordinator, n, { level: 'substantial' });
        await approve(other, n);
      }
    });

    test('the editor proposes Completo with an activity en curso: warned, then submitted with a reason', async () => {
      const { context, page: e } = await web.signIn('editor');
      const propose = async (lang: 'es' | 'en') => {
        await e.goto(`${web.base}${lang === 'en' ? '/en' : ''}${assessmentPath(4)}`);
        await e.selectOption('select[name="level"]', 'complete');
        await e.fill('textarea[name="results"]', 'La plataforma atiende a 500 personas.');
        await e.check('fieldset input[name="evidenceIds"] >> nth=0');
        await e.click('button[name="action"][value="submit"]');
      };
      // In English first: the warnings, a reason asked for, and nothing submitted yet.
      await propose('en');
      const warningsEn = await e.locator('.consistency-warnings').innerText();
      assert.match(warningsEn, /activities are not finished: 1\./);
      assert.match(warningsEn, new RegExp(`${INDICATOR}.*50 %`));
      assert.equal(await e.locator('textarea[name="confirmReason"]').count(), 1);
      assert.match(await e.locator('.error-summary').innerText(), /Reason to go ahead despite the warnings/);
      await axe(e, 'assessment form with consistency warnings (en)');
      assert.equal(await stageOf(commitment(4)), undefined, 'a warning unanswered saves nothing');

      await propose('es');
      const warnings = await e.locator('.consistency-warnings').innerText();
      assert.match(warnings, /Se propone «Completo», pero hay actividades sin terminar: 1\./);
      assert.match(warnings, new RegExp(`el indicador «${INDICATOR}» está al 50 % de su meta \\(el plan pide 90 %\\)`));
      assert.match(await e.locator('.error-summary').innerText(), /Motivo para continuar pese a las advertencias/);
      assert.equal(await e.inputValue('textarea[name="results"]'), 'La plataforma atiende a 500 personas.', 'kept as typed');
      await axe(e, 'assessment form with consistency warnings');
      await e.fill('textarea[name="confirmReason"]', SUBMIT_REASON);
      await e.click('button[name="action"][value="submit"]');
      assert.match(await e.locator('.stage').innerText(), /Enviada/);
      assert.equal(await stageOf(commitment(4)), 'submitted');
      await context.close();
    });

    test('the decision screen shows the evidence, the activities, the indicator and the earlier levels', async () => {
      const { context, page: c } = await web.signIn('coordinator');
      // Her workspace lists what awaits her decision; she follows the link.
      await c.goto(`${web.base}/espacio`);
      const submitted = c.locator('section[aria-labelledby="submitted"]');
      assert.equal(await submitted.count(), 1, 'an “Enviadas para su decisión” list');
      assert.match(await submitted.innerText(), /4\. [\s\S]*enviada por Elena Editora/);
      await axe(c, '/espacio with assessments submitted');
      await submitted.locator(`a[href="${assessmentPath(4)}"]`).click();
      const panel = c.locator('section.assessment-panel');
      assert.match(await panel.locator('.proposed-level').innerText(), /Completo/);
      assert.match(await panel.locator('.consistency-warnings').innerText(), /actividades sin terminar: 1\./);
      assert.match(await panel.locator('.assessment-people').innerText(), new RegExp(`Enviada por Elena Editora[\\s\\S]*${SUBMIT_REASON}`));
      assert.equal(await panel.locator('.cited-evidence li').count(), 1, 'the one evidence item cited');
      const activities = await panel.locator('table.panel-activities tbody tr').allInnerTexts();
      assert.match(activities[0]!, /En curso/);
      assert.match(activities[1]!, /Terminada/);
      const indicator = await panel.locator('table.panel-indicators tbody tr').innerText();
      assert.match(indicator, new RegExp(`${INDICATOR}\\s+0 personas\\s+1000 personas\\s+500 personas .*\\s+50 %`));
      const previous = await panel.locator('.previous-levels').innerText();
      assert.match(previous, /Evaluación intermedia \(septiembre de 2016\): Sustancial/);
      assert.match(previous, /Evaluación final \(septiembre de 2017\): Sustancial/);
      await axe(c, 'decision screen with the review panel');
      await c.goto(`${web.base}/en${assessmentPath(4)}`);
      assert.match(await c.locator('section.assessment-panel .previous-levels').innerText(), /Substantial/);
      assert.match(await c.locator('table.panel-activities').innerText(), /In progress/);
      await axe(c, 'decision screen with the review panel (en)');

      // Approved despite the warnings, with the coordinator's own reason.
      await c.goto(`${web.base}${assessmentPath(4)}`);
      await c.fill('textarea[name="confirmReason"]', 'La entidad acreditó el cierre de la actividad 1.');
      await c.click('button[name="decision"][value="approve"]');
      assert.match(await boardStage(c, 4), /Aprobada/);
      assert.equal(await stageOf(commitment(4)), 'approved');
      await context.close();
    });

    test('separation of duties: the coordinator cannot approve an assessment she submitted', async () => {
      const { context, page: c } = await web.signIn('coordinator');
      for (const lang of ['es', 'en'] as const) {
        const suffix = lang === 'en' ? ' (en)' : '';
        await c.goto(`${web.base}${lang === 'en' ? '/en' : ''}${assessmentPath(2)}`);
        const note = await c.locator('section[aria-labelledby="decide"] .notice[role=note]').innerText();
        assert.match(note, lang === 'es' ? /Usted envió esta evaluación/ : /You submitted this assessment/);
        assert.equal(await c.locator('button[name="decision"][value="approve"]').count(), 0, 'no approve button');
        await axe(c, `separation of duties: the approval withheld${suffix}`);
        // A form from before, or a crafted one, that approves anyway: refused, naming why; nothing changed.
        await c.evaluate(() => {
          const b = document.createElement('button');
          b.name = 'decision';
          b.value = 'approve';
          b.textContent = 'approve';
          document.querySelector('section[aria-labelledby="decide"] form')!.append(b);
        });
        await c.click('button[name="decision"][value="approve"]');
        assert.equal(await stageOf(commitment(2)), 'submitted', 'not approved by the one who submitted it');
        const refusal = await c.locator('.error-summary').innerText();
        assert.match(refusal, lang === 'es' ? /separación de funciones/ : /separation of duties/);
        await axe(c, `separation of duties: an approval refused${suffix}`);
      }
      await context.close();
      // Another coordinator approves it.
      await approve(actorOf(web.account('other')), 2);
    });

    test('a returned assessment reaches its editor on /espacio, with the comment, and in the outbox', async () => {
      const { context: cc, page: c } = await web.signIn('coordinator');
      await c.goto(`${web.base}${assessmentPath(9)}`);
      await c.fill('textarea[name="comment"]', RETURN_COMMENT);
      await c.click('button[name="decision"][value="return"]');
      assert.match(await boardStage(c, 9), /Devuelta/);
      await cc.close();

      const { context, page: e } = await web.signIn('editor');
      await e.goto(`${web.base}/espacio`);
      const returned = e.locator('section[aria-labelledby="returned"]');
      assert.equal(await returned.count(), 1, 'a “Devueltas para corregir” list');
      assert.match(await returned.locator('h2').innerText(), /Devueltas para corregir/);
      assert.match(await returned.innerText(), new RegExp(`9\\. [\\s\\S]*${RETURN_COMMENT}`));
      assert.equal(await returned.locator(`a[href="${assessmentPath(9)}"]`).count(), 1);
      await axe(e, '/espacio with an assessment returned');
      await e.goto(`${web.base}/en/espacio`);
      assert.match(await e.locator('section[aria-labelledby="returned"]').innerText(), new RegExp(RETURN_COMMENT));
      await axe(e, '/espacio with an assessment returned (en)');
      await context.close();

      const mail = (await listOutbox(store.db)).filter((m) => m.recipient === 'editora-midis@example.test');
      assert.equal(mail.length, 1, JSON.stringify(mail));
      assert.equal(mail[0]!.subject, 'Vigía: le devolvieron la evaluación del compromiso 9');
      assert.ok(mail[0]!.body.includes(RETURN_COMMENT), mail[0]!.body);
      assert.ok(mail[0]!.body.includes(assessmentPath(9)), mail[0]!.body);

      // Corrected and approved, so that the round can be published.
      await submit(actorOf(web.account('editor')), 9, { level: 'substantial' });
      await approve(actorOf(web.account('other')), 9);
    });

    test('publishing asks for confirmation, without JavaScript and with it', async () => {
      // Without JavaScript: the button posts, the confirmation page comes back; nothing published.
      const noScript = await web.browser.newContext({ locale: 'es-PE', javaScriptEnabled: false });
      const n = await noScript.newPage();
      const coordinator = web.account('coordinator');
      await n.goto(`${web.base}/cuenta/ingresar`);
      await n.fill('#email', coordinator.email);
      await n.fill('#password', coordinator.password);
      await n.click('main button[type="submit"]');
      await n.goto(`${web.base}/espacio/evaluaciones/${roundId}`);
      await n.click('form[action$="/publicar"] button[type="submit"]');
      assert.equal(new URL(n.url()).pathname, `/espacio/evaluaciones/${roundId}/publicar`);
      assert.equal(await n.locator('h1').innerText(), '¿Publicar la evaluación?');
      assert.match(await n.locator('main').innerText(), /no se puede deshacer/);
      assert.equal(await published(), 0, 'asked, not published');
      await n.click('main a:has-text("Volver sin hacer nada")');
      assert.equal(new URL(n.url()).pathname, `/espacio/evaluaciones/${roundId}`);
      assert.equal(await published(), 0);
      await noScript.close();

      // With JavaScript: the same page, in English and Spanish; published only once confirmed.
      const { context, page: c } = await web.signIn('coordinator');
      await c.goto(`${web.base}/en/espacio/evaluaciones/${roundId}`);
      await c.click('form[action$="/publicar"] button[type="submit"]');
      assert.equal(await c.locator('h1').innerText(), 'Publish the assessment?');
      await axe(c, 'publish confirmation (en)');
      await c.goto(`${web.base}/espacio/evaluaciones/${roundId}`);
      await c.click('form[action$="/publicar"] button[type="submit"]');
      assert.equal(await c.locator('h1').innerText(), '¿Publicar la evaluación?');
      await axe(c, 'publish confirmation');
      assert.equal(await published(), 0);
      await c.click('main form[method="post"] button[type="submit"]');
      assert.equal(new URL(c.url()).pathname, `/espacio/evaluaciones/${roundId}`);
      assert.equal(await published(), 1, 'published once confirmed');
      await context.close();

      assert.equal(checked.length, 13, checked.join('\n'));
    });
  });
});
