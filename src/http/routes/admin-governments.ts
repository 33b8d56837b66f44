import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { HOLIDAY_RULES } from '../../domain/alerts.js';
import { formSchema, type FieldError, type Values } from '../../domain/input.js';
import { GOVERNMENT_RULES } from '../../domain/plan-input.js';
import { withAlertMessages } from '../../i18n/alerts.js';
import type { Lang } from '../../i18n/lang.js';
import { planMessages } from '../../i18n/plans.js';
import * as governments from '../../services/workspace/governments.js';
import type { Store } from '../../storage/connect.js';
import { back, fieldsRefusal, html, sendResult } from '../answers.js';
import { askToConfirm, CONFIRM_BODY, confirmed } from '../confirm.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { idOf, pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { GovernmentPage, GovernmentsPage, type Failed } from '../views/workspace/governments.js';

/**
 * Governments, as the admin keeps them (issue 19): the list and a form to create one
 * (/espacio/admin/gobiernos), a government's page with its holidays (/espacio/admin/gobiernos/:id), and
 * the same through the API (/api/v1/workspace/admin/governments). Admins only (the route rule; the
 * service asks manage:governments again).
 */
const LIST = '/espacio/admin/gobiernos';
const GOVERNMENT = pathIds({ id: 'government' });
const HOLIDAY = Type.Object({ id: idOf('government'), hid: idOf('holiday') });
const NOTICE = pageQuery(['guardado']);
/** The holiday errors with the alerts' own words (a date listed twice). */
const worded = (lang: Lang, errors: FieldError[]) => withAlertMessages(lang, errors);

export function adminGovernmentRoutes(app: FastifyInstance, store: Store): void {
  const flash = (req: FastifyRequest, lang: Lang) =>
    (req.query as Record<string, string | undefined>).guardado ? planMessages[lang].governments.saved : null;

  const listPage = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, status: number, failed: Failed | null = null) => {
    const list = await governments.listGovernments(store, req.actor);
    return html(
      reply,
      status,
      GovernmentsPage({ ctx: pageContext(req, lang, LIST), csrf: csrfToken(reply), governments: list, failed, flash: flash(req, lang) }),
    );
  };
  const onePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    failed: Failed | null = null,
  ) => {
    const government = await governments.getGovernment(store, req.actor, id);
    const ctx = pageContext(req, lang, `${LIST}/${id}`);
    return html(reply, status, GovernmentPage({ ctx, csrf: csrfToken(reply), government, failed, flash: flash(req, lang) }));
  };

  route(app, { page: LIST, permission: 'admin', querystring: NOTICE }, async (req, reply, ctx) => listPage(req, reply, ctx.lang, 200));
  // An unticked box is sent as nothing: for this form, not allowed.
  route(app, { form: LIST, permission: 'admin', body: formSchema(GOVERNMENT_RULES) }, async (req, reply, lang) => {
    const input = { allowSelfApproval: 'off', ...sentFields(req) };
    const result = await governments.createGovernment(store, req.actor, input, app.now());
    if (result.ok) return back(reply, href(lang, `${LIST}/${result.id}`));
    return listPage(req, reply, lang, 400, {
      form: 'government',
      errors: 'errors' in result ? result.errors : [],
      values: input as Values,
    });
  });
  route(app, { page: `${LIST}/:id`, permission: 'admin', params: GOVERNMENT, querystring: NOTICE }, async (req, reply, ctx) =>
    onePage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: `${LIST}/:id`, permission: 'admin', params: GOVERNMENT, body: formSchema(GOVERNMENT_RULES) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = { allowSelfApproval: 'off', ...sentFields(req) };
      const result = await governments.updateGovernment(store, req.actor, id, input, app.now());
      if (result.ok) return back(reply, href(lang, `${LIST}/${id}`));
      return onePage(req, reply, lang, id, 400, {
        form: 'government',
        errors: 'errors' in result ? result.errors : [],
        values: input as Values,
      });
    },
  );
  route(
    app,
    { form: `${LIST}/:id/feriados`, permission: 'admin', params: GOVERNMENT, body: formSchema(HOLIDAY_RULES) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await governments.addGovernmentHoliday(store, req.actor, id, input, app.now());
      if (result.ok) return back(reply, href(lang, `${LIST}/${id}`));
      const errors = 'errors' in result ? worded(lang, result.errors) : [];
      return onePage(req, reply, lang, id, 400, { form: 'holiday', errors, values: input as Values });
    },
  );
  route(
    app,
    { form: `${LIST}/:id/feriados/:hid/eliminar`, permission: 'admin', params: HOLIDAY, body: CONFIRM_BODY },
    async (req, reply, lang) => {
      if (!confirmed(req))
        return askToConfirm(store, req, reply, lang, { kind: 'government-holiday', id: req.params.hid, parentId: req.params.id });
      await governments.removeGovernmentHoliday(store, req.actor, req.params.id, req.params.hid, app.now());
      return back(reply, href(lang, `${LIST}/${req.params.id}`));
    },
  );

  // ——— the same through the API ———
  route(app, { api: 'GET /api/v1/workspace/admin/governments', permission: 'admin', operationId: 'adminListGovernments' }, async (req) => ({
    governments: await governments.listGovernments(store, req.actor),
  }));
  route(
    app,
    {
      api: 'POST /api/v1/workspace/admin/governments',
      permission: 'admin',
      operationId: 'adminCreateGovernment',
      body: formSchema(GOVERNMENT_RULES),
    },
    async (req, reply) => sendResult(req, reply, await governments.createGovernment(store, req.actor, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/admin/governments/:id',
      permission: 'admin',
      operationId: 'adminUpdateGovernment',
      params: GOVERNMENT,
      body: formSchema(GOVERNMENT_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await governments.updateGovernment(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/admin/governments/:id/holidays',
      permission: 'admin',
      operationId: 'adminAddGovernmentHoliday',
      params: GOVERNMENT,
      body: formSchema(HOLIDAY_RULES),
    },
    async (req, reply) => {
      const result = await governments.addGovernmentHoliday(store, req.actor, req.params.id, sentFields(req), app.now());
      if (!result.ok && 'errors' in result) throw fieldsRefusal(requestLang(req), worded(requestLang(req), result.errors));
      return sendResult(req, reply, result, true);
    },
  );
  route(
    app,
    {
      api: 'DELETE /api/v1/workspace/admin/governments/:id/holidays/:hid',
      permission: 'admin',
      operationId: 'adminRemoveGovernmentHoliday',
      params: HOLIDAY,
    },
    async (req, reply) =>
      sendResult(req, reply, await governments.removeGovernmentHoliday(store, req.actor, req.params.id, req.params.hid, app.now())),
  );
}
