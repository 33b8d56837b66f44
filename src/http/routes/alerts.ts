import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, Values } from '../../domain/input.js';
import { alertMessages, withAlertMessages } from '../../i18n/alerts.js';
import { refusalMessage } from '../../i18n/files.js';
import type { Lang } from '../../i18n/lang.js';
import { RATE_LIMITS } from '../../domain/abuse.js';
import { AppError, isAppError } from '../../errors.js';
import { uploadMaxBytes, UploadRefusedError } from '../../services/evidence-files.js';
import * as S from '../../services/alerts.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { localizeUploadError, readUploadForm } from '../uploads.js';
import { AlertLogPage, RaiseAlertPage } from '../views/alerts.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';
import { AlertSettingsPage, AlertsToAnswerPage, AnswerAlertPage } from '../views/workspace/alerts.js';
import { ERROR_SCHEMA } from './api.js';
import { apiRoute, body, send } from './api-workspace.js';
import { contentDisposition } from './files.js';
import { idParam } from './pages.js';
import { formBody, html, post, without } from './workspace.js';

/**
 * Civil-society alerts (issue 7): the public log of a plan (/planes/:id/alertas), raising an alert
 * (/compromisos/:id/alertas/nueva, civil-society accounts), answering it in the workspace
 * (/espacio/alertas/:id), the workspace list per plan, the plan's deadline and the government's
 * holidays (coordination); the same changes in the workspace API. "Today" is the app's.
 */
type Q = Record<string, string | undefined>;
type Result = Awaited<ReturnType<typeof S.raiseAlert>>;

/** The result with the alerts' own words on its errors, for the API's answer. */
const worded = (lang: Lang, r: Result): Result => (!r.ok && 'errors' in r ? { ok: false, errors: withAlertMessages(lang, r.errors) } : r);

export function alertRoutes(app: FastifyInstance, store: Store): void {
  // ——— the public log ———
  bilingualPage<{ id: string }>(app, '/planes/:id/alertas', async (req, reply, ctx) => {
    const log = await S.getAlertLog(store, idParam(req.params.id, 'plan'), app.today());
    const flash = (req.query as Q).enviada ? alertMessages[ctx.lang].raised : null;
    // Not from the page cache: an alert turns overdue with the day, and answers change it.
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(renderPage(AlertLogPage({ ctx, log, flash })));
  });

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
    const commitment = await S.raisableCommitment(store, req.actor, id);
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
  bilingualPage<{ id: string }>(
    app,
    '/compromisos/:id/alertas/nueva',
    async (req, reply, ctx) => raisePage(req, reply, ctx.lang, idParam(req.params.id, 'commitment'), 200),
    'signed-in',
  );
  // The form is multipart (it may carry a file); a form without a file may come urlencoded too.
  post(
    app,
    '/compromisos/:id/alertas',
    'signed-in',
    async (req, reply, lang) => {
      const id = idParam(req.params.id, 'commitment');
      const form = req.isMultipart()
        ? await readUploadForm(req, { lang, fileField: 'evidenceFile' })
        : { fields: formBody(req), file: null };
      const input = without(form.fields, '_csrf');
      let result: Result;
      try {
        result = await S.raiseAlert(
          store,
          req.actor,
          id,
          input,
          app.today(),
          form.file ? { name: form.file.name, bytes: form.file.bytes } : null,
          app.now(),
        );
      } catch (e) {
        // Over the shared rate limit: said on the text, with the wait (429, Retry-After); what was typed stays.
        if (isAppError(e) && e.code === 'rate_limited') {
          const seconds = Number(e.params.seconds);
          reply.header('retry-after', String(seconds));
          return raisePage(req, reply, lang, id, 429, without(input, 'website') as Values, [
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
          `${href(lang, `/planes/${(await S.raisableCommitment(store, req.actor, id)).planId}/alertas`)}?enviada=1`,
          303,
        );
      if (result.ok)
        return reply.redirect(
          `${href(lang, `/planes/${(await S.raisableCommitment(store, req.actor, id)).planId}/alertas`)}?enviada=1#alerta-${result.id}`,
          303,
        );
      return raisePage(req, reply, lang, id, 400, input as Values, 'errors' in result ? result.errors : []);
    },
    // Who may not raise an alert is refused before the body (and its file) is read.
    { authorize: async (req) => void (await S.raisableCommitment(store, req.actor, idParam(req.params.id, 'commitment'))) },
  );

  // The file of an alert, as a download (like evidence files: attachment, nosniff, a sandboxing CSP).
  app.get<{ Params: { id: string } }>('/alertas/:id/archivo', { config: { permission: 'public:read' } }, async (req, reply) => {
    const file = await S.openAlertFile(store, idParam(req.params.id, 'alert'));
    if (!file) throw new AppError('not_found', { entity: 'alert', id: req.params.id.slice(0, 40) });
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
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/alertas',
    async (req, reply, ctx) =>
      html(
        reply,
        200,
        AlertsToAnswerPage({ ctx, ...(await S.getAlertsToAnswer(store, req.actor, idParam(req.params.id, 'plan'), app.today())) }),
      ),
    'workspace',
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
    const { alert, plan } = await S.getAlertForAnswer(store, req.actor, id, app.today());
    const ctx = pageContext(req, lang, `/espacio/alertas/${id}`);
    const flash = (req.query as Q).guardado ? alertMessages[lang].answered : null;
    return html(
      reply,
      status,
      AnswerAlertPage({ ctx, csrf: csrfToken(reply), alert, plan, values, errors: withAlertMessages(lang, errors), flash }),
    );
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/alertas/:id',
    async (req, reply, ctx) => answerPage(req, reply, ctx.lang, idParam(req.params.id, 'alert'), 200),
    'workspace',
  );
  post(app, '/espacio/alertas/:id/respuesta', 'workspace', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'alert');
    const input = without(formBody(req), '_csrf');
    const result = await S.answerAlert(store, req.actor, id, input, app.today());
    if (result.ok) return reply.redirect(`${href(lang, `/espacio/alertas/${id}`)}?guardado=1`, 303);
    return answerPage(req, reply, lang, id, 400, input as Values, 'errors' in result ? result.errors : []);
  });

  // ——— the plan's deadline and the government's holidays (coordination) ———
  const settingsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: { days?: { values: Values; errors: FieldError[] }; holiday?: { values: Values; errors: FieldError[] } } = {},
  ) => {
    const settings = await S.getAlertSettings(store, req.actor, planId);
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
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/alertas/ajustes',
    async (req, reply, ctx) => settingsPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );
  post(app, '/espacio/planes/:id/alertas/ajustes', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    const input = without(formBody(req), '_csrf');
    const result = await S.saveAlertWorkingDays(store, req.actor, planId, input);
    if (result.ok) return reply.redirect(settingsUrl(lang, planId), 303);
    return settingsPage(req, reply, lang, planId, 400, {
      days: { values: input as Values, errors: 'errors' in result ? result.errors : [] },
    });
  });
  post(app, '/espacio/planes/:id/feriados', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    const input = without(formBody(req), '_csrf');
    const result = await S.addHoliday(store, req.actor, planId, input);
    if (result.ok) return reply.redirect(settingsUrl(lang, planId), 303);
    return settingsPage(req, reply, lang, planId, 400, {
      holiday: { values: input as Values, errors: 'errors' in result ? result.errors : [] },
    });
  });
  post(app, '/espacio/planes/:id/feriados/:hid/eliminar', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    await S.removeHoliday(store, req.actor, planId, idParam(req.params.hid!, 'holiday'));
    return reply.redirect(settingsUrl(lang, planId), 303);
  });

  // ——— the public API: the log as data ———
  app.get<{ Params: { id: string } }>(
    '/api/v1/plans/:id/alerts',
    {
      config: { permission: 'public:read' },
      schema: {
        tags: ['v1'],
        operationId: 'listPlanAlerts',
        summary:
          'The civil-society alerts of a plan: each with its status, deadline and answer; the share answered within the deadline, per plan and per agency',
        params: { type: 'object', properties: { id: { type: 'string', description: 'Id (a positive integer).' } }, required: ['id'] },
        response: { 200: { type: 'object', additionalProperties: true }, 404: ERROR_SCHEMA },
      },
    },
    async (req, reply) => {
      const log = await S.getAlertLog(store, idParam(req.params.id, 'plan'), app.today());
      return reply.header('cache-control', 'no-cache').send(log);
    },
  );

  // The rule a plan's deadlines are computed by: its count of working days, the weekend, the government's holidays.
  app.get<{ Params: { id: string } }>(
    '/api/v1/plans/:id/alert-calendar',
    {
      config: { permission: 'public:read' },
      schema: {
        tags: ['v1'],
        operationId: 'getAlertCalendar',
        summary: alertMessages.en.apiOps.getAlertCalendar,
        params: { type: 'object', properties: { id: { type: 'string', description: 'Id (a positive integer).' } }, required: ['id'] },
        response: { 200: { type: 'object', additionalProperties: true }, 404: ERROR_SCHEMA },
      },
    },
    // Not cached for long: "today" moves, and the coordination may add a holiday.
    async (req, reply) =>
      reply.header('cache-control', 'no-cache').send(await S.getAlertCalendar(store, idParam(req.params.id, 'plan'), app.today())),
  );

  // ——— the workspace API ———
  // JSON (evidence as a link), or multipart with a file in `evidenceFile` (checked like the form's).
  apiRoute(
    app,
    'POST',
    '/api/v1/workspace/commitments/:id/alerts',
    'signed-in',
    'raiseAlert',
    async (req, reply) => {
      const id = idParam(req.params.id, 'commitment');
      const lang = requestLang(req);
      if (!req.isMultipart())
        return send(req, reply, worded(lang, await S.raiseAlert(store, req.actor, id, body(req), app.today(), null, app.now())), true);
      const form = await readUploadForm(req, { lang, fileField: 'evidenceFile' });
      try {
        return send(
          req,
          reply,
          worded(
            lang,
            await S.raiseAlert(
              store,
              req.actor,
              id,
              without(form.fields, '_csrf'),
              app.today(),
              form.file ? { name: form.file.name, bytes: form.file.bytes } : null,
              app.now(),
            ),
          ),
          true,
        );
      } catch (e) {
        throw localizeUploadError(e, lang, 'evidenceFile');
      }
    },
    // Who may not raise an alert, and an account past its alerts of the day, are refused before the body (and its file) is read.
    { authorize: async (req) => S.assertMayRaise(store, req.actor, idParam(req.params.id, 'commitment'), app.now()) },
  );
  apiRoute(app, 'POST', '/api/v1/workspace/alerts/:id/answer', 'workspace', 'answerAlert', async (req, reply) =>
    send(
      req,
      reply,
      worded(requestLang(req), await S.answerAlert(store, req.actor, idParam(req.params.id, 'alert'), body(req), app.today())),
    ),
  );
  // The settings as the coordination keeps them: the count and the holidays with their ids (to remove one).
  apiRoute(app, 'GET', '/api/v1/workspace/plans/:id/alert-settings', 'coordinator', 'getAlertSettings', async (req) =>
    S.getAlertSettings(store, req.actor, idParam(req.params.id, 'plan')),
  );
  apiRoute(app, 'PUT', '/api/v1/workspace/plans/:id/alert-settings', 'coordinator', 'saveAlertWorkingDays', async (req, reply) =>
    send(req, reply, await S.saveAlertWorkingDays(store, req.actor, idParam(req.params.id, 'plan'), body(req))),
  );
  apiRoute(app, 'POST', '/api/v1/workspace/plans/:id/holidays', 'coordinator', 'addHoliday', async (req, reply) =>
    send(req, reply, worded(requestLang(req), await S.addHoliday(store, req.actor, idParam(req.params.id, 'plan'), body(req))), true),
  );
  apiRoute(app, 'DELETE', '/api/v1/workspace/plans/:id/holidays/:hid', 'coordinator', 'removeHoliday', async (req, reply) =>
    send(req, reply, await S.removeHoliday(store, req.actor, idParam(req.params.id, 'plan'), idParam(req.params.hid!, 'holiday'))),
  );
}
