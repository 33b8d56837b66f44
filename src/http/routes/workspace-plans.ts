import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formSchema, type FieldRules, type Values } from '../../domain/input.js';
import { CORRECTION_RULES, PLAN_RULES, STAGE_RULES, THEME_MOVE_RULES, THEME_RULES } from '../../domain/plan-input.js';
import type { Lang } from '../../i18n/lang.js';
import { planMessages } from '../../i18n/plans.js';
import * as setup from '../../services/workspace/plan-setup.js';
import type { Store } from '../../storage/connect.js';
import { back, html, sendResult } from '../answers.js';
import { askToConfirm, CONFIRM_BODY, confirmed } from '../confirm.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { NewPlanPage, PlanSetupPage, type Failed, type PlanForm } from '../views/workspace/plan-setup.js';

/**
 * A plan from a blank page (issue 19), as forms — the new plan (/espacio/planes/nuevo), the plan's page
 * (/espacio/planes/:id: titles, period, stage, themes), a theme's forms (/espacio/temas/:id…) — and as
 * the JSON API (/api/v1/workspace/plans…, /themes…). Coordinators (route rule); the service asks
 * create:plan or manage:plan about the very government.
 */
const PLAN = pathIds({ id: 'plan' });
const THEME = pathIds({ id: 'theme' });
const NOTICE = pageQuery(['guardado']);

export function workspacePlanRoutes(app: FastifyInstance, store: Store): void {
  const newPage = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, status: number, failed: Failed | null = null) => {
    const data = await setup.newPlanForm(store, req.actor);
    return html(reply, status, NewPlanPage({ ctx: pageContext(req, lang, '/espacio/planes/nuevo'), csrf: csrfToken(reply), data, failed }));
  };
  const planPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: Failed | null = null,
  ) => {
    const plan = await setup.getPlanSetup(store, req.actor, planId, app.today());
    const flash = (req.query as Record<string, string | undefined>).guardado ? planMessages[lang].plan.saved : null;
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}`);
    return html(reply, status, PlanSetupPage({ ctx, csrf: csrfToken(reply), plan, failed, flash }));
  };

  route(app, { page: '/espacio/planes/nuevo', permission: 'coordinator' }, async (req, reply, ctx) => newPage(req, reply, ctx.lang, 200));
  route(app, { form: '/espacio/planes', permission: 'coordinator', body: formSchema(PLAN_RULES) }, async (req, reply, lang) => {
    const input = sentFields(req);
    const result = await setup.createPlan(store, req.actor, input, app.now());
    if (result.ok) return back(reply, href(lang, `/espacio/planes/${result.id}`));
    return newPage(req, reply, lang, 400, { form: 'plan', errors: 'errors' in result ? result.errors : [], values: input as Values });
  });
  route(app, { page: '/espacio/planes/:id', permission: 'coordinator', params: PLAN, querystring: NOTICE }, async (req, reply, ctx) =>
    planPage(req, reply, ctx.lang, req.params.id, 200),
  );

  /** A form about the plan: back to its page, or its page again with the errors and the values as typed. */
  const planForm = (
    path: string,
    form: PlanForm,
    rules: FieldRules,
    op: (planId: number, input: Record<string, unknown>, req: FastifyRequest) => Promise<setup.SetupResult>,
  ) =>
    route(
      app,
      { form: `/espacio/planes/:id${path}`, permission: 'coordinator', params: PLAN, body: formSchema(rules) },
      async (req, reply, lang) => {
        const planId = req.params.id;
        const input = sentFields(req);
        const result = await op(planId, input, req);
        if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}`));
        return planPage(req, reply, lang, planId, 400, { form, errors: 'errors' in result ? result.errors : [], values: input as Values });
      },
    );
  planForm('', 'plan', PLAN_RULES, (id, input, req) => setup.updatePlan(store, req.actor, id, input, app.now()));
  planForm('/etapa', 'stage', STAGE_RULES, (id, input, req) => setup.movePlanStage(store, req.actor, id, input, app.today(), app.now()));
  planForm('/etapa/correccion', 'correction', CORRECTION_RULES, (id, input, req) =>
    setup.correctPlanStage(store, req.actor, id, input, app.now()),
  );
  planForm('/temas', 'theme', THEME_RULES, (id, input, req) => setup.addTheme(store, req.actor, id, input, app.now()));

  /** A form about a theme: back to its plan's page (at the theme), or that page again with the errors. */
  const themeForm = (
    path: string,
    rules: FieldRules,
    op: (themeId: number, input: Record<string, unknown>, req: FastifyRequest) => Promise<setup.SetupResult>,
  ) =>
    route(
      app,
      { form: `/espacio/temas/:id${path}`, permission: 'coordinator', params: THEME, body: formSchema(rules) },
      async (req, reply, lang) => {
        const themeId = req.params.id;
        const planId = await setup.planOfTheme(store, themeId);
        const input = sentFields(req);
        const result = await op(themeId, input, req);
        if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}`));
        return planPage(req, reply, lang, planId, 400, {
          form: `theme-${themeId}`,
          errors: 'errors' in result ? result.errors : [],
          values: input as Values,
        });
      },
    );
  themeForm('', THEME_RULES, (id, input, req) => setup.renameTheme(store, req.actor, id, input, app.now()));
  themeForm('/mover', THEME_MOVE_RULES, (id, input, req) => setup.moveTheme(store, req.actor, id, input, app.now()));
  // No fields: what is removed is the theme the path names.
  route(
    app,
    { form: '/espacio/temas/:id/eliminar', permission: 'coordinator', params: THEME, body: CONFIRM_BODY },
    async (req, reply, lang) => {
      const themeId = req.params.id;
      if (!confirmed(req)) return askToConfirm(store, req, reply, lang, { kind: 'theme', id: themeId });
      const planId = await setup.planOfTheme(store, themeId);
      const result = await setup.removeTheme(store, req.actor, themeId, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}`));
      return planPage(req, reply, lang, planId, 400, {
        form: `theme-${themeId}`,
        errors: 'errors' in result ? result.errors : [],
        values: {},
      });
    },
  );

  // ——— the same through the API ———
  route(
    app,
    { api: 'POST /api/v1/workspace/plans', permission: 'coordinator', operationId: 'createPlan', body: formSchema(PLAN_RULES) },
    async (req, reply) => sendResult(req, reply, await setup.createPlan(store, req.actor, sentFields(req), app.now()), true),
  );
  route(
    app,
    { api: 'GET /api/v1/workspace/plans/:id', permission: 'coordinator', operationId: 'getPlanSetup', params: PLAN },
    async (req) => ({
      plan: await setup.getPlanSetup(store, req.actor, req.params.id, app.today()),
    }),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/plans/:id',
      permission: 'coordinator',
      operationId: 'updatePlan',
      params: PLAN,
      body: formSchema(PLAN_RULES),
    },
    async (req, reply) => sendResult(req, reply, await setup.updatePlan(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/stage',
      permission: 'coordinator',
      operationId: 'movePlanStage',
      params: PLAN,
      body: formSchema(STAGE_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await setup.movePlanStage(store, req.actor, req.params.id, sentFields(req), app.today(), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/stage-correction',
      permission: 'coordinator',
      operationId: 'correctPlanStage',
      params: PLAN,
      body: formSchema(CORRECTION_RULES),
    },
    async (req, reply) => sendResult(req, reply, await setup.correctPlanStage(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/themes',
      permission: 'coordinator',
      operationId: 'addTheme',
      params: PLAN,
      body: formSchema(THEME_RULES),
    },
    async (req, reply) => sendResult(req, reply, await setup.addTheme(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/themes/:id',
      permission: 'coordinator',
      operationId: 'renameTheme',
      params: THEME,
      body: formSchema(THEME_RULES),
    },
    async (req, reply) => sendResult(req, reply, await setup.renameTheme(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/themes/:id/move',
      permission: 'coordinator',
      operationId: 'moveTheme',
      params: THEME,
      body: formSchema(THEME_MOVE_RULES),
    },
    async (req, reply) => sendResult(req, reply, await setup.moveTheme(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    { api: 'DELETE /api/v1/workspace/themes/:id', permission: 'coordinator', operationId: 'removeTheme', params: THEME },
    async (req, reply) => sendResult(req, reply, await setup.removeTheme(store, req.actor, req.params.id, app.now())),
  );
}
