import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INDICATOR_RULES, MEASUREMENT_RULES } from '../../domain/indicator-input.js';
import { formSchema, type Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import * as indicators from '../../services/workspace/indicators.js';
import type { Store } from '../../storage/connect.js';
import { back, html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { IndicatorEditPage, IndicatorNewPage, type IndicatorEditProps } from '../views/workspace/indicators.js';

const COMMITMENT = pathIds({ id: 'commitment' });
const INDICATOR = pathIds({ id: 'indicator' });
const MEASUREMENT = pathIds({ id: 'measurement' });
const NEW_INDICATOR = formSchema(INDICATOR_RULES);
const INDICATOR_CHANGE = formSchema(INDICATOR_RULES, { partial: true });
const NEW_MEASUREMENT = formSchema(MEASUREMENT_RULES);
const MEASUREMENT_CHANGE = formSchema(MEASUREMENT_RULES, { partial: true });

/**
 * The indicator matrix in the workspace, as forms (/espacio/…) and as the JSON API
 * (/api/v1/workspace/…): the same services, the same checks. Who may act is the service's call
 * (can(): manage:indicator, record:measurement); the routes' coarse rule is "workspace".
 */
export function workspaceIndicatorRoutes(app: FastifyInstance, store: Store): void {
  const today = () => app.today();
  // ——— a new indicator ———
  const newPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    commitmentId: number,
    status: number,
    values: Values = {},
    errors: Parameters<typeof IndicatorNewPage>[0]['errors'] = [],
  ) => {
    const { commitment, choices } = await indicators.getNewIndicatorForm(store, req.actor, commitmentId);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${commitmentId}/indicadores/nuevo`);
    return html(reply, status, IndicatorNewPage({ ctx, csrf: csrfToken(reply), commitment, choices, values, errors }));
  };
  route(app, { page: '/espacio/compromisos/:id/indicadores/nuevo', permission: 'workspace', params: COMMITMENT }, async (req, reply, ctx) =>
    newPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/compromisos/:id/indicadores', permission: 'workspace', params: COMMITMENT, body: NEW_INDICATOR },
    async (req, reply, lang) => {
      const commitmentId = req.params.id;
      const input = sentFields(req);
      const result = await indicators.addIndicator(store, req.actor, commitmentId, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${result.id}`));
      return newPage(req, reply, lang, commitmentId, 400, input as Values, 'errors' in result ? result.errors : []);
    },
  );

  // ——— an indicator and its measurements ———
  const editPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    extra: Pick<IndicatorEditProps, 'failed' | 'conflict'> = {},
  ) => {
    const data = await indicators.getEditableIndicator(store, req.actor, id, today());
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    const ctx = pageContext(req, lang, `/espacio/indicadores/${id}`);
    return html(
      reply,
      status,
      IndicatorEditPage({ ctx, csrf: csrfToken(reply), data, flash, failed: extra.failed ?? null, conflict: extra.conflict ?? null }),
    );
  };
  route(
    app,
    { page: '/espacio/indicadores/:id', permission: 'workspace', params: INDICATOR, querystring: pageQuery(['guardado']) },
    async (req, reply, ctx) => editPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/indicadores/:id', permission: 'workspace', params: INDICATOR, body: INDICATOR_CHANGE },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await indicators.saveIndicator(store, req.actor, id, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${id}`));
      if ('conflict' in result) return editPage(req, reply, lang, id, 409, { conflict: { form: 'indicator', conflict: result.conflict } });
      return editPage(req, reply, lang, id, 400, { failed: { form: 'indicator', errors: result.errors, values: input as Values } });
    },
  );
  route(
    app,
    { form: '/espacio/indicadores/:id/mediciones', permission: 'workspace', params: INDICATOR, body: NEW_MEASUREMENT },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await indicators.recordMeasurement(store, req.actor, id, input, { now: app.now(), today: today() });
      if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${id}`));
      return editPage(req, reply, lang, id, 400, {
        failed: { form: 'measurement', errors: 'errors' in result ? result.errors : [], values: input as Values },
      });
    },
  );
  route(
    app,
    { form: '/espacio/mediciones/:id', permission: 'workspace', params: MEASUREMENT, body: MEASUREMENT_CHANGE },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await indicators.correctMeasurement(store, req.actor, id, input, { now: app.now(), today: today() });
      const indicatorId = await indicators.indicatorOfMeasurement(store, id);
      if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${indicatorId}`));
      if ('conflict' in result) return editPage(req, reply, lang, indicatorId, 409, { conflict: { form: id, conflict: result.conflict } });
      return editPage(req, reply, lang, indicatorId, 400, { failed: { form: id, errors: result.errors, values: input as Values } });
    },
  );

  // ——— the same through the API ———
  route(
    app,
    { api: 'GET /api/v1/workspace/commitments/:id/indicators', permission: 'workspace', operationId: 'listIndicators', params: COMMITMENT },
    async (req) => ({ indicators: (await indicators.getEditableIndicators(store, req.actor, req.params.id, today())).indicators }),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/indicators',
      permission: 'workspace',
      operationId: 'addIndicator',
      params: COMMITMENT,
      body: NEW_INDICATOR,
    },
    async (req, reply) =>
      sendResult(req, reply, await indicators.addIndicator(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/indicators/:id',
      permission: 'workspace',
      operationId: 'saveIndicator',
      params: INDICATOR,
      body: INDICATOR_CHANGE,
    },
    async (req, reply) =>
      sendResult(req, reply, await indicators.saveIndicator(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/indicators/:id/measurements',
      permission: 'workspace',
      operationId: 'recordMeasurement',
      params: INDICATOR,
      body: NEW_MEASUREMENT,
    },
    async (req, reply) =>
      sendResult(
        req,
        reply,
        await indicators.recordMeasurement(store, req.actor, req.params.id, sentFields(req), { now: app.now(), today: today() }),
        true,
      ),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/measurements/:id',
      permission: 'workspace',
      operationId: 'correctMeasurement',
      params: MEASUREMENT,
      body: MEASUREMENT_CHANGE,
    },
    async (req, reply) =>
      sendResult(
        req,
        reply,
        await indicators.correctMeasurement(store, req.actor, req.params.id, sentFields(req), { now: app.now(), today: today() }),
      ),
  );
}
