import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { fieldSchema } from '../../domain/fields.js';
import { formSchema, type FieldError, type Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { monitoringMessages } from '../../i18n/monitoring.js';
import {
  ACK_RULES,
  acknowledgeWarning,
  getMonitoringSettings,
  saveMonitoringSettings,
  SETTINGS_RULES,
} from '../../services/monitoring/actions.js';
import { getMonitoringBoard } from '../../services/monitoring/board.js';
import { commitmentPlanId } from '../../services/workspace/context.js';
import type { Store } from '../../storage/connect.js';
import { html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import {
  BOARD_PARAMS,
  MonitoringBoardPage,
  MonitoringSettingsPage,
  settingsValues,
  type FailedAcknowledgement,
} from '../views/workspace/monitoring.js';

/**
 * Acting on early warnings: the monitoring board of a plan (coordinators see every commitment, an
 * agency its own), a warning's acknowledgement, the plan's monitoring settings; the same in the
 * workspace API. "Today" is the app's (`app.today`), so tests fix it.
 */
type Q = Record<string, string | undefined>;

const PLAN = pathIds({ id: 'plan' });
const COMMITMENT = pathIds({ id: 'commitment' });
/** The board through the API: the day it is computed for, and the board's filters; nothing else. */
const BOARD_QUERY = Type.Object(
  {
    date: Type.Optional(fieldSchema({ type: 'date', required: true })),
    agency: Type.Optional(Type.String()),
    theme: Type.Optional(Type.String()),
    severity: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export function monitoringRoutes(app: FastifyInstance, store: Store): void {
  const boardPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: FailedAcknowledgement | null = null,
  ) => {
    const q = req.query as Q;
    const board = await getMonitoringBoard(
      store,
      req.actor,
      planId,
      {
        date: app.today(),
        agency: q[BOARD_PARAMS.agency],
        theme: q[BOARD_PARAMS.theme],
        severity: q[BOARD_PARAMS.severity],
        names: BOARD_PARAMS,
      },
      lang,
    );
    const flash = q.guardado ? monitoringMessages[lang].acknowledgedFlash : null;
    return html(
      reply,
      status,
      MonitoringBoardPage({
        ctx: pageContext(req, lang, `/espacio/planes/${planId}/seguimiento`),
        csrf: csrfToken(reply),
        board,
        flash,
        failed,
      }),
    );
  };
  route(
    app,
    {
      page: '/espacio/planes/:id/seguimiento',
      permission: 'workspace',
      params: PLAN,
      querystring: pageQuery([BOARD_PARAMS.agency, BOARD_PARAMS.theme, BOARD_PARAMS.severity, 'guardado']),
    },
    async (req, reply, ctx) => boardPage(req, reply, ctx.lang, req.params.id, 200),
  );

  route(
    app,
    { form: '/espacio/compromisos/:id/alertas', permission: 'workspace', params: COMMITMENT, body: formSchema(ACK_RULES) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await acknowledgeWarning(store, req.actor, id, input, app.today(), app.now());
      const planId = await commitmentPlanId(store, id);
      if (result.ok) return reply.redirect(`${href(lang, `/espacio/planes/${planId}/seguimiento`)}?guardado=1#c-${id}`, 303);
      const errors = 'errors' in result ? result.errors : [];
      return boardPage(req, reply, lang, planId, 400, {
        key: String(input.warningKey ?? ''),
        commitmentId: id,
        errors,
        values: input as Values,
      });
    },
  );

  const settingsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    typed: Values | null = null,
    errors: FieldError[] = [],
  ) => {
    const data = await getMonitoringSettings(store, req.actor, planId);
    const flash = (req.query as Q).guardado ? monitoringMessages[lang].settingsSaved : null;
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/seguimiento/ajustes`);
    return html(
      reply,
      status,
      MonitoringSettingsPage({
        ctx,
        csrf: csrfToken(reply),
        plan: data.plan,
        values: typed ?? settingsValues(data.settings),
        errors,
        flash,
      }),
    );
  };
  route(
    app,
    { page: '/espacio/planes/:id/seguimiento/ajustes', permission: 'coordinator', params: PLAN, querystring: pageQuery(['guardado']) },
    async (req, reply, ctx) => settingsPage(req, reply, ctx.lang, req.params.id, 200),
  );
  const settings = formSchema(SETTINGS_RULES, { partial: true });
  route(
    app,
    { form: '/espacio/planes/:id/seguimiento/ajustes', permission: 'coordinator', params: PLAN, body: settings },
    async (req, reply, lang) => {
      const planId = req.params.id;
      // An unticked box sends nothing: the form always says whether the public light is on.
      const input = { publicTrafficLight: 'off', ...sentFields(req) };
      const result = await saveMonitoringSettings(store, req.actor, planId, input, app.now());
      if (result.ok) return reply.redirect(`${href(lang, `/espacio/planes/${planId}/seguimiento/ajustes`)}?guardado=1`, 303);
      return settingsPage(req, reply, lang, planId, 400, input as Values, 'errors' in result ? result.errors : []);
    },
  );

  // ——— the workspace API ———
  route(
    app,
    {
      api: 'GET /api/v1/workspace/plans/:id/monitoring',
      permission: 'workspace',
      operationId: 'getMonitoringBoard',
      params: PLAN,
      querystring: BOARD_QUERY,
    },
    async (req) => {
      const q = req.query;
      const board = await getMonitoringBoard(
        store,
        req.actor,
        req.params.id,
        { date: q.date ?? app.today(), agency: q.agency, theme: q.theme, severity: q.severity },
        requestLang(req),
      );
      const { rows, ...rest } = board;
      return { ...rest, commitments: rows };
    },
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/plans/:id/monitoring-settings',
      permission: 'coordinator',
      operationId: 'saveMonitoringSettings',
      params: PLAN,
      body: settings,
    },
    async (req, reply) => {
      const planId = req.params.id;
      const result = await saveMonitoringSettings(store, req.actor, planId, sentFields(req), app.now());
      if (!result.ok) return sendResult(req, reply, result);
      return reply.send({ settings: (await getMonitoringSettings(store, req.actor, planId)).settings });
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/acknowledgements',
      permission: 'workspace',
      operationId: 'acknowledgeWarning',
      params: COMMITMENT,
      body: formSchema(ACK_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await acknowledgeWarning(store, req.actor, req.params.id, sentFields(req), app.today(), app.now()), true),
  );
}
