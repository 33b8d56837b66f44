import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import * as S from '../../src/services/consultation.js';
import { closeConsultation } from '../../src/services/consultation-close.js';
import * as P from '../../src/services/workspace/plan-setup.js';
import type { Store } from '../../src/storage/connect.js';
import { errorSummary, mainText, Visitor } from '../accounts/support.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { appRefusal } from '../helpers/refusal.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';
import { snapshot } from '../helpers/tables.js';

/**
 * Closing a consultation before its last day (issue 19), on both databases: through the service (who may,
 * the reason required, comments refused after, the plan's stage rules see it closed, closing twice or
 * before it opens refused with why, the audit log) and through the pages and the API (the confirmation
 * page without JavaScript, bad input named and nothing changed, the public page's date and reason).
 */
const TODAY = '2026-03-05';
const NOW = `${TODAY}T15:00:00.000Z`;
const REASON = 'Se recibieron los aportes de las mesas regionales;\nla comisión pidió cerrar hoy.';

const refusal = async (p: Promise<unknown>) => (await appRefusal(p)) ?? assert.fail('expected a refusal');

/** The plan as a draft (the stage rules' start) and a consultation of its draft open today. */
async function draftPlan(store: Store) {
  const plan = await buildLateActivitiesPlan(store);
  await store.db.updateTable('plans').set({ status: 'draft' }).where('id', '=', plan.planId).execute();
  const open = async (startsOn = '2026-03-02', endsOn = '2026-03-20') => {
    const r = await S.openConsultation(store, plan.people.carla, plan.planId, { title: 'Borrador del plan', startsOn, endsOn }, NOW);
    assert.ok(r.ok);
    return r.id;
  };
  return { plan, open };
}

describe('closing a consultation early', () => {
  eachDatabase((dbs) => {
    test('the coordinator closes it with a reason; then no comments, the stage rules see it closed, approval still possible; refusals say why and change nothing', async () => {
      const store = await dbs.open();
      const { plan, open } = await draftPlan(store);
      const other = await buildLateActivitiesPlan(store);
      const id = await open();
      const eva = { kind: 'account' as const, actor: plan.people.eva };
      assert.ok(
        (await S.postComment(store, { consultationId: id, who: eva, body: { target: 'draft', body: 'Antes' }, today: TODAY, now: NOW })).ok,
      );

      // Refused: an agency editor, a coordinator of another government, nobody; no reason. Nothing changes.
      const before = await snapshot(store);
      assert.equal((await refusal(closeConsultation(store, plan.people.ana, id, { closeReason: 'x' }, TODAY, NOW))).code, 'forbidden');
      assert.equal((await refusal(closeConsultation(store, other.people.carla, id, { closeReason: 'x' }, TODAY, NOW))).code, 'forbidden');
      assert.equal((await refusal(closeConsultation(store, null, id, { closeReason: 'x' }, TODAY, NOW))).code, 'unauthenticated');
      const noReason = await closeConsultation(store, plan.people.carla, id, { closeReason: '  ' }, TODAY, NOW);
      assert.deepEqual(noReason.ok ? [] : noReason.errors.map((e) => `${e.field}:${e.code}`), ['closeReason:required']);
      assert.deepEqual(await snapshot(store), before, 'nothing changed by a refusal');

      assert.deepEqual(await closeConsultation(store, plan.people.carla, id, { closeReason: REASON }, TODAY, NOW), { ok: true });
      const view = await S.consultationView(store, id, TODAY);
      assert.equal(view.status, 'closed');
      assert.deepEqual(view.closedEarly, { on: TODAY, reason: REASON });
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['actor', 'context', 'after'])
        .where('entity', '=', 'consultations')
        .where('entity_id', '=', id)
        .where('action', '=', 'update')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, `user:${plan.people.carla.userId}`);
      assert.equal(audit[0]!.context, 'close consultation early');
      assert.equal(JSON.parse(String(audit[0]!.after)).closed_reason, REASON);

      // Comments and comment links refused, on the same day as well as later.
      for (const day of [TODAY, '2026-03-06'])
        assert.equal(
          (
            await refusal(
              S.postComment(store, { consultationId: id, who: eva, body: { target: 'draft', body: 'Después' }, today: day, now: NOW }),
            )
          ).code,
          'consultation_closed',
        );
      const link = S.requestCommentLink(store, {
        consultationId: id,
        body: { email: 'luz@example.org' },
        lang: 'es',
        today: TODAY,
        now: NOW,
      });
      assert.equal((await refusal(link)).code, 'consultation_closed');

      // Closing twice, or one not open yet: refused with why.
      const twice = await refusal(closeConsultation(store, plan.people.carla, id, { closeReason: 'Otra vez' }, TODAY, NOW));
      assert.deepEqual([twice.code, twice.params], ['consultation_not_open', { state: 'closed-early', date: TODAY }]);
      const upcoming = await open('2026-04-01', '2026-04-30');
      const notYet = await refusal(closeConsultation(store, plan.people.carla, upcoming, { closeReason: 'x' }, TODAY, NOW));
      assert.deepEqual([notYet.code, notYet.params], ['consultation_not_open', { state: 'upcoming', date: '2026-04-01' }]);

      // The stage rules: the closed one does not let the draft go "en consulta"; an open one does; closed early, approval goes on.
      const stage = (input: Record<string, unknown>) => P.movePlanStage(store, plan.people.carla, plan.planId, input, TODAY, NOW);
      const refused = await stage({ stage: 'consultation' });
      assert.equal(!refused.ok && 'errors' in refused && refused.errors[0]!.param, 'no_open_consultation');
      const second = await open();
      assert.ok((await stage({ stage: 'consultation' })).ok);
      assert.ok((await closeConsultation(store, plan.people.carla, second, { closeReason: 'Listo' }, TODAY, NOW)).ok);
      const setup = await P.getPlanSetup(store, plan.people.carla, plan.planId, TODAY);
      assert.deepEqual(
        setup.consultations.find((k) => k.id === second),
        { id: second, title: 'Borrador del plan', startsOn: '2026-03-02', endsOn: '2026-03-20', closedOn: TODAY, open: false },
      );
      assert.ok((await stage({ stage: 'approved', approvalInstrument: 'Resolución Ministerial N° 1-2026-PCM', approvalDate: TODAY })).ok);
    });

    test('through the pages (no JavaScript needed) and the API: the confirmation, bad input named, refusals, the public page with date and reason', async () => {
      const store = await dbs.open();
      const { plan, open } = await draftPlan(store);
      const id = await open();
      // En consulta: the public reads the plan and its consultation from then on.
      assert.ok((await P.movePlanStage(store, plan.people.carla, plan.planId, { stage: 'consultation' }, TODAY, NOW)).ok);
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      const coordinator = await signIn(app, store, { role: 'coordinator', governmentId: plan.people.carla.governmentId! });
      const editor = await signIn(app, store, { role: 'agency-editor', agencyId: plan.people.ana.agencyId! });
      const civil = await signIn(app, store, { role: 'civil-society' });
      const api = (url: string, who: SignedIn | null, payload: unknown, lang = 'es') =>
        app.inject({
          method: 'POST',
          url,
          headers: {
            ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
            'content-type': 'application/json',
            'accept-language': lang,
          },
          payload: JSON.stringify(payload),
        });
      const closedOn = async () =>
        (await store.db.selectFrom('consultations').select('closed_on').where('id', '=', id).executeTakeFirstOrThrow()).closed_on;
      const coord = new Visitor(app);
      for (const c of coordinator.cookie.split('; ')) coord.cookies.set(c.split('=')[0]!, c.split('=').slice(1).join('='));

      // The moderation page's button is a GET form to the confirmation page, which asks the reason.
      const mod = parse((await coord.get(`/espacio/consultas/${id}`)).body);
      const button = mod.querySelector(`form[method="get"][action="/espacio/consultas/${id}/cerrar"] button`);
      assert.equal(button?.text.trim(), 'Cerrar la consulta ahora…');
      const confirm = await coord.get(`/espacio/consultas/${id}/cerrar`);
      assert.equal(confirm.statusCode, 200);
      assert.match(
        mainText(confirm.body),
        /hoy \(5 de marzo de 2026\) deja de recibir comentarios, aunque su último día era el 20 de marzo de 2026/,
      );
      assert.ok(
        parse(confirm.body).querySelector(`form[method="post"][action="/espacio/consultas/${id}/cerrar"] textarea[name="closeReason"]`),
      );
      assert.match(mainText((await coord.get(`/en/espacio/consultas/${id}/cerrar`)).body), /Close the consultation early/);

      // Bad input: 400 naming the field, in both languages; refused people; nothing closed.
      const noReason = await coord.post(`/espacio/consultas/${id}/cerrar`, { closeReason: '' });
      assert.equal(noReason.statusCode, 400);
      assert.match(errorSummary(noReason.body), /Complete «Motivo del cierre anticipado»/);
      const apiNoReason = await api(`/api/v1/workspace/consultations/${id}/close`, coordinator, {}, 'en');
      assert.equal(apiNoReason.statusCode, 400);
      assert.match(apiNoReason.json().error.fields.closeReason, /Reason for closing early/);
      assert.equal((await api(`/api/v1/workspace/consultations/${id}/close`, editor, { closeReason: 'x' })).statusCode, 403);
      assert.equal((await api(`/api/v1/workspace/consultations/${id}/close`, null, { closeReason: 'x' })).statusCode, 401);
      const editorForm = await app.inject({
        method: 'POST',
        url: `/espacio/consultas/${id}/cerrar`,
        headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'closeReason=x',
      });
      assert.equal(editorForm.statusCode, 403);
      assert.equal(await closedOn(), null, 'nothing closed');

      // Closed through the form: back to the moderation page, which says so and offers no button any more.
      const closed = await coord.post(`/espacio/consultas/${id}/cerrar`, { closeReason: REASON });
      assert.equal(closed.statusCode, 303);
      assert.equal(closed.headers.location, `/espacio/consultas/${id}?aviso=cerrada`);
      const after = await coord.get(String(closed.headers.location));
      assert.match(mainText(after.body), /Se cerró la consulta: ya no recibe comentarios\./);
      assert.ok(!parse(after.body).querySelector(`form[action="/espacio/consultas/${id}/cerrar"]`));

      // The public page: when and why, in both languages; the comment form gone; a comment refused with a clear message.
      const publicUrl = `/planes/${plan.planId}/consultas/${id}`;
      const page = parse((await app.inject({ url: publicUrl })).body);
      assert.match(
        page.querySelector('.closed-early')?.text ?? '(no closed-early note)',
        /La coordinación cerró esta consulta antes de tiempo, el 5 de marzo de 2026\./,
      );
      assert.equal(page.querySelector('.closed-early .plain-text')?.text, `Motivo: ${REASON}`);
      assert.match(mainText(page.toString()), /La consulta no recibe comentarios ahora\./);
      assert.ok(!page.querySelector('textarea[name="body"]'));
      assert.match(
        mainText((await app.inject({ url: `/en${publicUrl}` })).body),
        /The coordinators closed this consultation early, on March 5, 2026\.\s*Reason: Se recibieron/,
      );
      const comment = await api(`/api/v1/consultations/${id}/comments`, civil, { target: 'draft', body: 'Tarde' });
      assert.equal(comment.statusCode, 409);
      assert.match(comment.json().error.message, /no está abierta: no recibe comentarios/);
      assert.deepEqual((await app.inject({ url: `/api/v1/consultations/${id}` })).json().closedEarly, { on: TODAY, reason: REASON });

      // The plan's pages: public and workspace.
      assert.match(
        mainText((await app.inject({ url: `/planes/${plan.planId}` })).body),
        /Borrador del plan — Cerrada antes de tiempo, el 5 de marzo de 2026\./,
      );
      const setupPage = parse((await coord.get(`/espacio/planes/${plan.planId}`)).body);
      assert.match(
        setupPage.querySelector('section[aria-labelledby="consultas"]')!.text,
        /\(cerrada antes de tiempo, el 5 de marzo de 2026\)/,
      );

      // Closing twice, by the API or the confirmation page: 409 saying why.
      const twice = await api(`/api/v1/workspace/consultations/${id}/close`, coordinator, { closeReason: 'Otra vez' });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.message, 'Esta consulta ya se cerró antes de tiempo, el 2026-03-05: no se puede cerrar otra vez.');
      const again = await coord.get(`/espacio/consultas/${id}/cerrar`);
      assert.equal(again.statusCode, 409);
      assert.match(mainText(again.body), /ya se cerró antes de tiempo/);
      assert.deepEqual((await app.inject({ url: `/api/v1/consultations/${id}` })).json().closedEarly, { on: TODAY, reason: REASON });
      await app.close();
    });
  });
});
