import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isIsoDate } from '../../domain/dates.js';
import type { FieldError, Values } from '../../domain/input.js';
import { AppError } from '../../errors.js';
import type { Lang } from '../../i18n/lang.js';
import { monitoringMessages } from '../../i18n/monitoring.js';
import { acknowledgeWarning, getMonitoringSettings, saveMonitoringSettings } from '../../services/monitoring/actions.js';
import { getMonitoringBoard } from '../../services/monitoring/board.js';
import { commitmentPlanId } from '../../services/workspace/context.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { href } from '../views/format.js';
import {
  BOARD_PARAMS,
  MonitoringBoardPage,
  MonitoringSettingsPage,
  settingsValues,
  type FailedAcknowledgement,
} from '../views/workspace/monitoring.js';
import { apiRoute, body, send } from './api-workspace.js';
import { idParam } from './pages.js';
import { formBody, html, post, without } from './workspace.js';

/**
 * Acting on early warnings: the monitoring board of a plan (coordinators see every commitment, an
 * agency its own), a warning's acknowledgement, the plan's monitoring settings; the same in the
 * workspace API. "Today" is the app's (`app.today`), so tests fix it.
 */
type Q = Record<string, string | undefined>;

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
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/seguimiento',
    async (req, reply, ctx) => boardPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'workspace',
  );

  post(app, '/espacio/compromisos/:id/alertas', 'workspace', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'commitment');
    const input = without(formBody(req), '_csrf');
    const result = await acknowledgeWarning(store, req.actor, id, input, app.today());
    const planId = await commitmentPlanId(store, id);
    if (result.ok) return reply.redirect(`${href(lang, `/espacio/planes/${planId}/seguimiento`)}?guardado=1#c-${id}`, 303);
    const errors = 'errors' in result ? result.errors : [];
    return boardPage(req, reply, lang, planId, 400, {
      key: String(input.warningKey ?? ''),
      commitmentId: id,
      errors,
      values: input as Values,
    });
  });

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
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/seguimiento/ajustes',
    async (req, reply, ctx) => settingsPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );
  post(app, '/espacio/planes/:id/seguimiento/ajustes', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    // An unticked box sends nothing: the form always says whether the public light is on.
    const input = { publicTrafficLight: 'off', ...without(formBody(req), '_csrf') };
    const result = await saveMonitoringSettings(store, req.actor, planId, input);
    if (result.ok) return reply.redirect(`${href(lang, `/espacio/planes/${planId}/seguimiento/ajustes`)}?guardado=1`, 303);
    return settingsPage(req, reply, lang, planId, 400, input as Values, 'errors' in result ? result.errors : []);
  });

  // ——— the workspace API ———
  apiRoute(app, 'GET', '/api/v1/workspace/plans/:id/monitoring', 'workspace', 'getMonitoringBoard', async (req) => {
    const q = req.query as Q;
    const unknown = Object.keys(q).find((k) => !['date', 'agency', 'theme', 'severity'].includes(k));
    if (unknown) throw new AppError('invalid_input', { field: unknown, value: '' });
    if (q.date !== undefined && !isIsoDate(q.date)) throw new AppError('invalid_input', { field: 'date', value: q.date.slice(0, 40) });
    const board = await getMonitoringBoard(
      store,
      req.actor,
      idParam(req.params.id, 'plan'),
      { date: q.date ?? app.today(), agency: q.agency, theme: q.theme, severity: q.severity },
      requestLang(req),
    );
    const { rows, ...rest } = board;
    return { ...rest, commitments: rows };
  });
  apiRoute(app, 'PUT', '/api/v1/workspace/plans/:id/monitoring-settings', 'coordinator', 'saveMonitoringSettings', async (req, reply) => {
    const planId = idParam(req.params.id, 'plan');
    const result = await saveMonitoringSettings(store, req.actor, planId, body(req));
    if (!result.ok) return send(req, reply, result);
    return reply.send({ settings: (await getMonitoringSettings(store, req.actor, planId)).settings });
  });
  apiRoute(app, 'POST', '/api/v1/workspace/commitments/:id/acknowledgements', 'workspace', 'acknowledgeWarning', async (req, reply) =>
    send(req, reply, await acknowledgeWarning(store, req.actor, idParam(req.params.id, 'commitment'), body(req), app.today()), true),
  );
}
