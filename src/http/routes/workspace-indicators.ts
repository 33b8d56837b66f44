import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import * as X from '../../services/workspace/indicators.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { href } from '../views/format.js';
import { IndicatorEditPage, IndicatorNewPage, type IndicatorEditProps } from '../views/workspace/indicators.js';
import { apiRoute, body, send } from './api-workspace.js';
import { idParam } from './pages.js';
import { back, formBody, html, post, without } from './workspace.js';

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
    const { commitment, choices } = await X.getNewIndicatorForm(store, req.actor, commitmentId);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${commitmentId}/indicadores/nuevo`);
    return html(reply, status, IndicatorNewPage({ ctx, csrf: csrfToken(reply), commitment, choices, values, errors }));
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/compromisos/:id/indicadores/nuevo',
    async (req, reply, ctx) => newPage(req, reply, ctx.lang, idParam(req.params.id, 'commitment'), 200),
    'workspace',
  );
  post(app, '/espacio/compromisos/:id/indicadores', 'workspace', async (req, reply, lang) => {
    const commitmentId = idParam(req.params.id, 'commitment');
    const input = without(formBody(req), '_csrf');
    const result = await X.addIndicator(store, req.actor, commitmentId, input);
    if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${result.id}`));
    return newPage(req, reply, lang, commitmentId, 400, input as Values, 'errors' in result ? result.errors : []);
  });

  // ——— an indicator and its measurements ———
  const editPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    extra: Pick<IndicatorEditProps, 'failed' | 'conflict'> = {},
  ) => {
    const data = await X.getEditableIndicator(store, req.actor, id, today());
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    const ctx = pageContext(req, lang, `/espacio/indicadores/${id}`);
    return html(
      reply,
      status,
      IndicatorEditPage({ ctx, csrf: csrfToken(reply), data, flash, failed: extra.failed ?? null, conflict: extra.conflict ?? null }),
    );
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/indicadores/:id',
    async (req, reply, ctx) => editPage(req, reply, ctx.lang, idParam(req.params.id, 'indicator'), 200),
    'workspace',
  );
  post(app, '/espacio/indicadores/:id', 'workspace', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'indicator');
    const input = without(formBody(req), '_csrf');
    const result = await X.saveIndicator(store, req.actor, id, input);
    if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${id}`));
    if ('conflict' in result) return editPage(req, reply, lang, id, 409, { conflict: { form: 'indicator', conflict: result.conflict } });
    return editPage(req, reply, lang, id, 400, { failed: { form: 'indicator', errors: result.errors, values: input as Values } });
  });
  post(app, '/espacio/indicadores/:id/mediciones', 'workspace', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'indicator');
    const input = without(formBody(req), '_csrf');
    const result = await X.recordMeasurement(store, req.actor, id, input, { now: app.now(), today: today() });
    if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${id}`));
    return editPage(req, reply, lang, id, 400, {
      failed: { form: 'measurement', errors: 'errors' in result ? result.errors : [], values: input as Values },
    });
  });
  post(app, '/espacio/mediciones/:id', 'workspace', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'measurement');
    const input = without(formBody(req), '_csrf');
    const result = await X.correctMeasurement(store, req.actor, id, input, { now: app.now(), today: today() });
    const indicatorId = await X.indicatorOfMeasurement(store, id);
    if (result.ok) return back(reply, href(lang, `/espacio/indicadores/${indicatorId}`));
    if ('conflict' in result) return editPage(req, reply, lang, indicatorId, 409, { conflict: { form: id, conflict: result.conflict } });
    return editPage(req, reply, lang, indicatorId, 400, { failed: { form: id, errors: result.errors, values: input as Values } });
  });

  // ——— the same through the API ———
  const route = (...args: Parameters<typeof apiRoute> extends [FastifyInstance, ...infer R] ? R : never) => apiRoute(app, ...args);
  route('GET', '/api/v1/workspace/commitments/:id/indicators', 'workspace', 'listIndicators', async (req) => {
    const { indicators } = await X.getEditableIndicators(store, req.actor, idParam(req.params.id, 'commitment'), today());
    return { indicators };
  });
  route('POST', '/api/v1/workspace/commitments/:id/indicators', 'workspace', 'addIndicator', async (req, reply) =>
    send(req, reply, await X.addIndicator(store, req.actor, idParam(req.params.id, 'commitment'), body(req)), true),
  );
  route('PUT', '/api/v1/workspace/indicators/:id', 'workspace', 'saveIndicator', async (req, reply) =>
    send(req, reply, await X.saveIndicator(store, req.actor, idParam(req.params.id, 'indicator'), body(req))),
  );
  route('POST', '/api/v1/workspace/indicators/:id/measurements', 'workspace', 'recordMeasurement', async (req, reply) =>
    send(
      req,
      reply,
      await X.recordMeasurement(store, req.actor, idParam(req.params.id, 'indicator'), body(req), { now: app.now(), today: today() }),
      true,
    ),
  );
  route('PUT', '/api/v1/workspace/measurements/:id', 'workspace', 'correctMeasurement', async (req, reply) =>
    send(
      req,
      reply,
      await X.correctMeasurement(store, req.actor, idParam(req.params.id, 'measurement'), body(req), { now: app.now(), today: today() }),
    ),
  );
}
