import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { formSchema, type FieldError, type Values } from '../../domain/input.js';
import { IRM_REPORTS, isIrmReport } from '../../domain/irm.js';
import { CONTINUATION_RULES, RECOMMENDATION_RULES, REVIEW_RULES, REVIEW_VALUE_FIELDS } from '../../domain/review-input.js';
import { AppError } from '../../errors.js';
import type { Lang } from '../../i18n/index.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import * as reviews from '../../services/workspace/reviews.js';
import type { Store } from '../../storage/connect.js';
import { back, html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { idOf, named, pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { ContinuationPage, PlanReviewListPage, RecommendationsPage, ReviewFormPage } from '../views/workspace/review.js';

/**
 * The independent review in the workspace, as forms (/espacio…) and as the workspace API: a reviewer
 * enters the IRM's review of a commitment; a coordinator enters the IRM's recommendations to a plan
 * and carries an unfinished commitment into a later plan. Each form posts to its own address and goes
 * back with a message (303), or shows the page again with the errors (400) or both versions (409).
 */
type Failure = { key: string; errors: FieldError[]; values: Values } | null;
type Clash = { key: string; theirs: Values; mine: Values; version: number } | null;

const flashOf = (req: FastifyRequest, lang: Lang) =>
  (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;

/** A page shown after a save (`?guardado=1`): the notice. */
const SAVED = pageQuery(['guardado']);
const COMMITMENT = pathIds({ id: 'commitment' });
const PLAN = pathIds({ id: 'plan' });
const RECOMMENDATION = pathIds({ id: 'recommendation' });
const REVIEW = formSchema(REVIEW_RULES, { partial: true });

export function workspaceReviewRoutes(app: FastifyInstance, store: Store): void {
  // ——— the reviewer: a plan's commitments, a commitment's review ———

  route(app, { page: '/espacio/planes/:id/revision', permission: 'reviewer', params: PLAN, querystring: SAVED }, async (req, reply, ctx) =>
    html(reply, 200, PlanReviewListPage({ ctx, data: await reviews.getPlanReviewList(store, req.actor, req.params.id) })),
  );

  const reviewPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    failed: Failure = null,
    conflict: Clash = null,
  ) => {
    const data = await reviews.getReviewForm(store, req.actor, id, app.today());
    const ctx = pageContext(req, lang, `/espacio/compromisos/${id}/revision`);
    return html(reply, status, ReviewFormPage({ ctx, csrf: csrfToken(reply), data, flash: flashOf(req, lang), failed, conflict }));
  };
  route(
    app,
    { page: '/espacio/compromisos/:id/revision', permission: 'reviewer', params: COMMITMENT, querystring: SAVED },
    async (req, reply, ctx) => reviewPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/compromisos/:id/revision', permission: 'reviewer', params: COMMITMENT, body: REVIEW },
    async (req, reply, lang) => {
      const id = req.params.id;
      const sent = sentFields(req);
      // A box not ticked is sent as nothing: for a reviewer's form, not relevant.
      const input: Record<string, unknown> = { ...Object.fromEntries(REVIEW_VALUE_FIELDS.map((f) => [f, '0'])), ...sent };
      // The form whose errors are shown: the report it was for (a report that is none: the first form).
      const key = isIrmReport(sent.report) ? sent.report : 'progress';
      const result = await reviews.saveReview(store, req.actor, id, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${id}/revision`));
      if ('conflict' in result) return reviewPage(req, reply, lang, id, 409, null, { key, ...result.conflict });
      return reviewPage(req, reply, lang, id, 400, { key, errors: result.errors, values: input as Values });
    },
  );

  // ——— the coordinator: the IRM's recommendations to a plan ———

  const recommendationsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: Failure = null,
    conflict: Clash = null,
  ) => {
    const data = await reviews.getRecommendationsForm(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/recomendaciones`);
    return html(reply, status, RecommendationsPage({ ctx, csrf: csrfToken(reply), data, flash: flashOf(req, lang), failed, conflict }));
  };
  route(
    app,
    { page: '/espacio/planes/:id/recomendaciones', permission: 'coordinator', params: PLAN, querystring: SAVED },
    async (req, reply, ctx) => recommendationsPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/planes/:id/recomendaciones', permission: 'coordinator', params: PLAN, body: formSchema(RECOMMENDATION_RULES) },
    async (req, reply, lang) => {
      const planId = req.params.id;
      const input = sentFields(req);
      const result = await reviews.addRecommendation(store, req.actor, planId, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/recomendaciones`));
      if ('conflict' in result) throw new AppError('conflict');
      return recommendationsPage(req, reply, lang, planId, 400, { key: 'new', errors: result.errors, values: input as Values });
    },
  );
  route(
    app,
    {
      form: '/espacio/recomendaciones/:id',
      permission: 'coordinator',
      params: RECOMMENDATION,
      body: formSchema(RECOMMENDATION_RULES, { partial: true }),
    },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await reviews.saveRecommendation(store, req.actor, id, input, app.now());
      const planId = (await reviews.recommendationPlan(store, id))!;
      if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/recomendaciones`));
      if ('conflict' in result) return recommendationsPage(req, reply, lang, planId, 409, null, { key: `r${id}`, ...result.conflict });
      return recommendationsPage(req, reply, lang, planId, 400, { key: `r${id}`, errors: result.errors, values: input as Values });
    },
  );

  // ——— the coordinator: carrying a commitment into a later plan ———

  const continuationPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    values: Values = {},
    errors: FieldError[] = [],
  ) => {
    const data = await reviews.getContinuationForm(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${id}/continuar`);
    return html(reply, status, ContinuationPage({ ctx, csrf: csrfToken(reply), data, values, errors }));
  };
  route(app, { page: '/espacio/compromisos/:id/continuar', permission: 'coordinator', params: COMMITMENT }, async (req, reply, ctx) =>
    continuationPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/compromisos/:id/continuar', permission: 'coordinator', params: COMMITMENT, body: formSchema(CONTINUATION_RULES) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await reviews.continueCommitment(store, req.actor, id, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${result.id}`));
      if ('conflict' in result) throw new AppError('conflict');
      return continuationPage(req, reply, lang, id, 400, input as Values, result.errors);
    },
  );

  // ——— the same through the workspace API ———

  route(
    app,
    { api: 'GET /api/v1/workspace/commitments/:id/reviews', permission: 'reviewer', operationId: 'getReviews', params: COMMITMENT },
    async (req) => {
      const f = await reviews.getReviewForm(store, req.actor, req.params.id, app.today());
      return {
        commitment: f.commitment,
        reviews: f.reports.map((r) => ({ report: r.report, version: r.version, values: r.values, review: r.review })),
      };
    },
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/commitments/:id/reviews/:report',
      permission: 'reviewer',
      operationId: 'saveReview',
      params: Type.Object({ id: idOf('commitment'), report: named('report', Type.Enum(IRM_REPORTS)) }),
      body: REVIEW,
    },
    async (req, reply) => {
      const report = req.params.report;
      const input = sentFields(req);
      if (input.report !== undefined && input.report !== report)
        throw new AppError('invalid_input', { field: 'report', value: String(input.report).slice(0, 40) });
      return sendResult(req, reply, await reviews.saveReview(store, req.actor, req.params.id, { ...input, report }, app.now()));
    },
  );
  route(
    app,
    { api: 'GET /api/v1/workspace/plans/:id/recommendations', permission: 'coordinator', operationId: 'listRecommendations', params: PLAN },
    async (req) => {
      const f = await reviews.getRecommendationsForm(store, req.actor, req.params.id);
      return { plan: f.plan, recommendations: f.recommendations };
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/recommendations',
      permission: 'coordinator',
      operationId: 'addRecommendation',
      params: PLAN,
      body: formSchema(RECOMMENDATION_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await reviews.addRecommendation(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/recommendations/:id',
      permission: 'coordinator',
      operationId: 'saveRecommendation',
      params: RECOMMENDATION,
      body: formSchema(RECOMMENDATION_RULES, { partial: true }),
    },
    async (req, reply) =>
      sendResult(req, reply, await reviews.saveRecommendation(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/continuation',
      permission: 'coordinator',
      operationId: 'continueCommitment',
      params: COMMITMENT,
      body: formSchema(CONTINUATION_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await reviews.continueCommitment(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
}
