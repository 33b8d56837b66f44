import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ALERT_SETTINGS_RULES, ANSWER_RULES, HOLIDAY_RULES, RAISE_RULES } from '../../domain/alerts.js';
import { formSchema, type FieldError, type Values } from '../../domain/input.js';
import { alertMessages, withAlertMessages } from '../../i18n/alerts.js';
import { refusalMessage } from '../../i18n/files.js';
import type { Lang } from '../../i18n/lang.js';
import { HONEYPOT_FIELD, RATE_LIMITS } from '../../domain/abuse.js';
import { AppError, isAppError } from '../../errors.js';
import { uploadMaxBytes, UploadRefusedError } from '../../services/evidence-files.js';
import * as alerts from '../../services/alerts.js';
import type { Store } from '../../storage/connect.js';
import { ERROR_SCHEMA, html, sendResult } from '../answers.js';
import { askToConfirm, CONFIRM_BODY, confirmed } from '../confirm.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { idOf, pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { localizeUploadError, readUploadForm } from '../uploads.js';
import { AlertLogPage, RaiseAlertPage } from '../views/alerts.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';
import { AlertSettingsPage, AlertsToAnswerPage, AnswerAlertPage } from '../views/workspace/alerts.js';
import { contentDisposition } from './files.js';

/**
 * Civil-society alerts (issue 7): the public log of a plan (/planes/:id/alertas), raising an alert
 * (/compromisos/:id/alertas/nueva, civil-society accounts), answering it in the workspace
 * (/espacio/alertas/:id), the workspace list per plan, the plan's deadline and the government's
 * holidays (coordination); the same changes in the workspace API. "Today" is the app's.
 */
type Q = Record<string, string | undefined>;
/** A page shown after a save (`?guardado=1`): the notice. */
const SAVED = pageQuery(['guardado']);
type Result = Awaited<ReturnType<typeof alerts.raiseAlert>>;

const PLAN = pathIds({ id: 'plan' });
const COMMITMENT = pathIds({ id: 'commitment' });
const ALERT = pathIds({ id: 'alert' });
const HOLIDAY = Type.Object({ id: idOf('plan'), hid: idOf('holiday') });
/** Raising an alert: its fields and the honeypot (a field hidden from people: anything in it is a robot's). */
const RAISE = formSchema(RAISE_RULES, { extra: { [HONEYPOT_FIELD]: Type.Optional(Type.Unknown({ description: 'Leave it out.' })) } });
const PUBLIC = {
  permission: 'public:read',
  tags: ['v1'],
  params: PLAN,
  response: { 200: Type.Object({}, { additionalProperties: true }), 404: ERROR_SCHEMA },
} as const;

/** The result with the alerts' own words on its errors, for the API's answer. */
const worded = (lang: Lang, r: Result): Result => (!r.ok && 'errors' in r ? { ok: false, errors: withAlertMessages(lang, r.errors) } : r);

export function alertRoutes(app: FastifyInstance, store: Store): void {
  // ——— the public log ———
  route(
    app,
    { page: '/planes/:id/alertas', permission: 'public:read', params: PLAN, querystring: pageQuery(['enviada']) },
    async (req, reply, ctx) => {
      const log = await alerts.getAlertLog(store, req.params.id, app.today());
      const flash = (req.query as Q).enviada ? alertMessages[ctx.lang].raised : null;
      // Not from the page cache: an alert turns overdue with the day, and answers change it.
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(renderPage(AlertLogPage({ ctx, log, flash })));
    },
  );

  // ——— raising an alert (civil-society accounts) ———
  const raisePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    values: Values = {},
    errors: FieldError[] = [],
  ) => {
    const commitment = await alerts.raisableCommitment(store, req.actor, id);
    const ctx = pageContext(req, lang, `/compromisos/${id}/alertas/nueva`);
    return html(
      reply,
      status,
      RaiseAlertPage({
        ctx,
        csrf: csrfToken(reply),
        commitment,
        values,
        errors: withAlertMessages(lang, errors),
        uploadMaxMb: Math.round(uploadMaxBytes() / (1024 * 1024)),
      }),
    ).header('cache-control', 'no-store');
  };
  route(app, { page: '/compromisos/:id/alertas/nueva', permission: 'signed-in', params: COMMITMENT }, async (req, reply, ctx) =>
    raisePage(req, reply, ctx.lang, req.params.id, 200),
  );
  // The form is multipart (it may carry a file); a form without a file may come urlencoded too.
  route(
    app,
    {
      form: '/compromisos/:id/alertas',
      permission: 'signed-in',
      params: COMMITMENT,
      body: RAISE,
      // Who may not raise an alert is refused before the body (and its file) is read.
      upload: async (req) => void (await alerts.raisableCommitment(store, req.actor, req.params.id)),
    },
    async (req, reply, lang) => {
      const id = req.params.id;
      const file = req.isMultipart() ? (await readUploadForm(req, { lang, fileField: 'evidenceFile' })).file : null;
      const input = sentFields(req);
      let result: Result;
      try {
        result = await alerts.raiseAlert(
          store,
          req.actor,
          id,
          input,
          app.today(),
          file ? { name: file.name, bytes: file.bytes } : null,
          app.now(),
        );
      } catch (e) {
        // Over the shared rate limit: said on the text, with the wait (429, Retry-After); what was typed stays.
        if (isAppError(e) && e.code === 'rate_limited') {
          const seconds = Number(e.params.seconds);
          reply.header('retry-after', String(seconds));
          const { [HONEYPOT_FIELD]: _robot, ...typed } = input;
          return raisePage(req, reply, lang, id, 429, typed as Values, [
            {
              field: 'alertText',
              code: 'out_of_range',
              limit: RATE_LIMITS.alert.max,
              message: alertMessages[lang].rateLimited(RATE_LIMITS.alert.max, seconds),
            },
          ]);
        }
        if (!(e instanceof UploadRefusedError)) throw e;
        return raisePage(req, reply, lang, id, 400, input as Values, [
          { field: 'evidenceFile', code: 'invalid_choice', message: refusalMessage(e.refusal, lang) },
        ]);
      }
      if (result.ok && result.id === undefined)
        return reply.redirect(
          `${href(lang, `/planes/${(await alerts.raisableCommitment(store, req.actor, id)).planId}/alertas`)}?enviada=1`,
          303,
        );
      if (result.ok)
        return reply.redirect(
          `${href(lang, `/planes/${(await alerts.raisableCommitment(store, req.actor, id)).planId}/alertas`)}?enviada=1#alerta-${result.id}`,
          303,
        );
      return raisePage(req, reply, lang, id, 400, input as Values, 'errors' in result ? result.errors : []);
    },
  );

  // The file of an alert, as a download (like evidence files: attachment, nosniff, a sandboxing CSP).
  route(app, { get: '/alertas/:id/archivo', permission: 'public:read', params: ALERT }, async (req, reply) => {
    const file = await alerts.openAlertFile(store, req.params.id);
    if (!file) throw new AppError('not_found', { entity: 'alert', id: req.params.id });
    return reply
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .header('content-type', file.mediaType === 'text/csv' ? 'text/csv; charset=utf-8' : file.mediaType)
      .header('content-length', String(file.size))
      .header('content-disposition', contentDisposition(file.name))
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.stream);
  });

  // ——— the workspace: the alerts to answer, answering one ———
  route(app, { page: '/espacio/planes/:id/alertas', permission: 'workspace', params: PLAN }, async (req, reply, ctx) =>
    html(reply, 200, AlertsToAnswerPage({ ctx, ...(await alerts.getAlertsToAnswer(store, req.actor, req.params.id, app.today())) })),
  );
  const answerPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    values: Values = {},
    errors: FieldError[] = [],
  ) => {
    const { alert, plan } = await alerts.getAlertForAnswer(store, req.actor, id, app.today());
    const ctx = pageContext(req, lang, `/espacio/alertas/${id}`);
    const flash = (req.query as Q).guardado ? alertMessages[lang].answered : null;
    return html(
      reply,
      status,
      AnswerAlertPage({ ctx, csrf: csrfToken(reply), alert, plan, values, errors: withAlertMessages(lang, errors), flash }),
    );
  };
  route(app, { page: '/espacio/alertas/:id', permission: 'workspace', params: ALERT, querystring: SAVED }, async (req, reply, ctx) =>
    answerPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/alertas/:id/respuesta', permission: 'workspace', params: ALERT, body: formSchema(ANSWER_RULES) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await alerts.answerAlert(store, req.actor, id, input, app.today(), app.now());
      if (result.ok) return reply.redirect(`${href(lang, `/espacio/alertas/${id}`)}?guardado=1`, 303);
      return answerPage(req, reply, lang, id, 400, input as Values, 'errors' in result ? result.errors : []);
    },
  );

  // ——— the plan's deadline and the government's holidays (coordination) ———
  const settingsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: { days?: { values: Values; errors: FieldError[] }; holiday?: { values: Values; errors: FieldError[] } } = {},
  ) => {
    const settings = await alerts.getAlertSettings(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/alertas/ajustes`);
    const flash = (req.query as Q).guardado ? alertMessages[lang].settingsSaved : null;
    const days = failed.days
      ? { values: failed.days.values, errors: withAlertMessages(lang, failed.days.errors) }
      : { values: { workingDays: settings.workingDays }, errors: [] };
    const holiday = failed.holiday
      ? { values: failed.holiday.values, errors: withAlertMessages(lang, failed.holiday.errors) }
      : { values: {}, errors: [] };
    return html(reply, status, AlertSettingsPage({ ctx, csrf: csrfToken(reply), settings, days, holiday, flash }));
  };
  const settingsUrl = (lang: Lang, planId: number) => `${href(lang, `/espacio/planes/${planId}/alertas/ajustes`)}?guardado=1`;
  route(
    app,
    { page: '/espacio/planes/:id/alertas/ajustes', permission: 'coordinator', params: PLAN, querystring: SAVED },
    async (req, reply, ctx) => settingsPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/planes/:id/alertas/ajustes', permission: 'coordinator', params: PLAN, body: formSchema(ALERT_SETTINGS_RULES) },
    async (req, reply, lang) => {
      const planId = req.params.id;
      const input = sentFields(req);
      const result = await alerts.saveAlertWorkingDays(store, req.actor, planId, input, app.now());
      if (result.ok) return reply.redirect(settingsUrl(lang, planId), 303);
      return settingsPage(req, reply, lang, planId, 400, {
        days: { values: input as Values, errors: 'errors' in result ? result.errors : [] },
      });
    },
  );
  route(
    app,
    { form: '/espacio/planes/:id/feriados', permission: 'coordinator', params: PLAN, body: formSchema(HOLIDAY_RULES) },
    async (req, reply, lang) => {
      const planId = req.params.id;
      const input = sentFields(req);
      const result = await alerts.addHoliday(store, req.actor, planId, input, app.now());
      if (result.ok) return reply.redirect(settingsUrl(lang, planId), 303);
      return settingsPage(req, reply, lang, planId, 400, {
        holiday: { values: input as Values, errors: 'errors' in result ? result.errors : [] },
      });
    },
  );
  route(
    app,
    { form: '/espacio/planes/:id/feriados/:hid/eliminar', permission: 'coordinator', params: HOLIDAY, body: CONFIRM_BODY },
    async (req, reply, lang) => {
      if (!confirmed(req))
        return askToConfirm(store, req, reply, lang, { kind: 'plan-holiday', id: req.params.hid, parentId: req.params.id });
      await alerts.removeHoliday(store, req.actor, req.params.id, req.params.hid, app.now());
      return reply.redirect(settingsUrl(lang, req.params.id), 303);
    },
  );

  // ——— the public API: the log as data ———
  route(
    app,
    {
      api: 'GET /api/v1/plans/:id/alerts',
      ...PUBLIC,
      operationId: 'listPlanAlerts',
      summary:
        'The civil-society alerts of a plan: each with its status, deadline and answer; the share answered within the deadline, per plan and per agency',
    },
    async (req, reply) => reply.header('cache-control', 'no-cache').send(await alerts.getAlertLog(store, req.params.id, app.today())),
  );

  // The rule a plan's deadlines are computed by: its count of working days, the weekend, the government's holidays.
  route(
    app,
    {
      api: 'GET /api/v1/plans/:id/alert-calendar',
      ...PUBLIC,
      operationId: 'getAlertCalendar',
      summary: alertMessages.en.apiOps.getAlertCalendar,
    },
    // Not cached for long: "today" moves, and the coordination may add a holiday.
    async (req, reply) => reply.header('cache-control', 'no-cache').send(await alerts.getAlertCalendar(store, req.params.id, app.today())),
  );

  // ——— the workspace API ———
  // JSON (evidence as a link), or multipart with a file in `evidenceFile` (checked like the form's).
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/alerts',
      permission: 'signed-in',
      operationId: 'raiseAlert',
      params: COMMITMENT,
      body: RAISE,
      // Who may not raise an alert, and an account past its alerts of the day, are refused before the body (and its file) is read.
      upload: (req) => alerts.assertMayRaise(store, req.actor, req.params.id, app.now()),
    },
    async (req, reply) => {
      const lang = requestLang(req);
      try {
        const file = req.isMultipart() ? (await readUploadForm(req, { lang, fileField: 'evidenceFile' })).file : null;
        const result = await alerts.raiseAlert(
          store,
          req.actor,
          req.params.id,
          sentFields(req),
          app.today(),
          file ? { name: file.name, bytes: file.bytes } : null,
          app.now(),
        );
        return sendResult(req, reply, worded(lang, result), true);
      } catch (e) {
        throw localizeUploadError(e, lang, 'evidenceFile');
      }
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/alerts/:id/answer',
      permission: 'workspace',
      operationId: 'answerAlert',
      params: ALERT,
      body: formSchema(ANSWER_RULES),
    },
    async (req, reply) =>
      sendResult(
        req,
        reply,
        worded(requestLang(req), await alerts.answerAlert(store, req.actor, req.params.id, sentFields(req), app.today(), app.now())),
      ),
  );
  // The settings as the coordination keeps them: the count and the holidays with their ids (to remove one).
  route(
    app,
    { api: 'GET /api/v1/workspace/plans/:id/alert-settings', permission: 'coordinator', operationId: 'getAlertSettings', params: PLAN },
    async (req) => alerts.getAlertSettings(store, req.actor, req.params.id),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/plans/:id/alert-settings',
      permission: 'coordinator',
      operationId: 'saveAlertWorkingDays',
      params: PLAN,
      body: formSchema(ALERT_SETTINGS_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await alerts.saveAlertWorkingDays(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/holidays',
      permission: 'coordinator',
      operationId: 'addHoliday',
      params: PLAN,
      body: formSchema(HOLIDAY_RULES),
    },
    async (req, reply) =>
      sendResult(
        req,
        reply,
        worded(requestLang(req), await alerts.addHoliday(store, req.actor, req.params.id, sentFields(req), app.now())),
        true,
      ),
  );
  route(
    app,
    { api: 'DELETE /api/v1/workspace/plans/:id/holidays/:hid', permission: 'coordinator', operationId: 'removeHoliday', params: HOLIDAY },
    async (req, reply) => sendResult(req, reply, await alerts.removeHoliday(store, req.actor, req.params.id, req.params.hid, app.now())),
  );
}
