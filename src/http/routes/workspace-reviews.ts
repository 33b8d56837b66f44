import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, Values } from '../../domain/input.js';
import { isIrmReport } from '../../domain/irm.js';
import { REVIEW_VALUE_FIELDS } from '../../domain/review-input.js';
import { AppError } from '../../errors.js';
import type { Lang } from '../../i18n/index.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import * as V from '../../services/workspace/reviews.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { href } from '../views/format.js';
import { ContinuationPage, PlanReviewListPage, RecommendationsPage, ReviewFormPage } from '../views/workspace/review.js';
import { body, responses, send, tags } from './api-workspace.js';
import { idParam } from './pages.js';
import { back, formBody, html, post, without } from './workspace.js';

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

export function workspaceReviewRoutes(app: FastifyInstance, store: Store): void {
  // ——— the reviewer: a plan's commitments, a commitment's review ———

  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/revision',
    async (req, reply, ctx) =>
      html(reply, 200, PlanReviewListPage({ ctx, data: await V.getPlanReviewList(store, req.actor, idParam(req.params.id, 'plan')) })),
    'reviewer',
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
    const data = await V.getReviewForm(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${id}/revision`);
    return html(reply, status, ReviewFormPage({ ctx, csrf: csrfToken(reply), data, flash: flashOf(req, lang), failed, conflict }));
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/compromisos/:id/revision',
    async (req, reply, ctx) => reviewPage(req, reply, ctx.lang, idParam(req.params.id, 'commitment'), 200),
    'reviewer',
  );
  post(app, '/espacio/compromisos/:id/revision', 'reviewer', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'commitment');
    const sent = without(formBody(req), '_csrf');
    // A box not ticked is sent as nothing: for a reviewer's form, not relevant.
    const input: Record<string, unknown> = { ...Object.fromEntries(REVIEW_VALUE_FIELDS.map((f) => [f, '0'])), ...sent };
    // The form whose errors are shown: the report it was for (a report that is none: the first form).
    const key = isIrmReport(sent.report) ? sent.report : 'progress';
    const result = await V.saveReview(store, req.actor, id, input);
    if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${id}/revision`));
    if ('conflict' in result) return reviewPage(req, reply, lang, id, 409, null, { key, ...result.conflict });
    return reviewPage(req, reply, lang, id, 400, { key, errors: result.errors, values: input as Values });
  });

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
    const data = await V.getRecommendationsForm(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/recomendaciones`);
    return html(reply, status, RecommendationsPage({ ctx, csrf: csrfToken(reply), data, flash: flashOf(req, lang), failed, conflict }));
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/recomendaciones',
    async (req, reply, ctx) => recommendationsPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );
  post(app, '/espacio/planes/:id/recomendaciones', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    const input = without(formBody(req), '_csrf');
    const result = await V.addRecommendation(store, req.actor, planId, input);
    if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/recomendaciones`));
    if ('conflict' in result) throw new AppError('conflict');
    return recommendationsPage(req, reply, lang, planId, 400, { key: 'new', errors: result.errors, values: input as Values });
  });
  post(app, '/espacio/recomendaciones/:id', 'coordinator', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'recommendation');
    const input = without(formBody(req), '_csrf');
    const result = await V.saveRecommendation(store, req.actor, id, input);
    const planId = (await V.recommendationPlan(store, id))!;
    if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/recomendaciones`));
    if ('conflict' in result) return recommendationsPage(req, reply, lang, planId, 409, null, { key: `r${id}`, ...result.conflict });
    return recommendationsPage(req, reply, lang, planId, 400, { key: `r${id}`, errors: result.errors, values: input as Values });
  });

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
    const data = await V.getContinuationForm(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${id}/continuar`);
    return html(reply, status, ContinuationPage({ ctx, csrf: csrfToken(reply), data, values, errors }));
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/compromisos/:id/continuar',
    async (req, reply, ctx) => continuationPage(req, reply, ctx.lang, idParam(req.params.id, 'commitment'), 200),
    'coordinator',
  );
  post(app, '/espacio/compromisos/:id/continuar', 'coordinator', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'commitment');
    const input = without(formBody(req), '_csrf');
    const result = await V.continueCommitment(store, req.actor, id, input);
    if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${result.id}`));
    if ('conflict' in result) throw new AppError('conflict');
    return continuationPage(req, reply, lang, id, 400, input as Values, result.errors);
  });

  // ——— the same through the workspace API ———

  type Req = FastifyRequest<{ Params: Record<string, string> }>;
  const route = (
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    permission: 'reviewer' | 'coordinator',
    operationId: keyof (typeof workspaceMessages)['en']['apiOps'],
    handler: (req: Req, reply: FastifyReply) => Promise<unknown>,
  ) =>
    app.route({
      method,
      url,
      config: { permission },
      schema: { tags, operationId, summary: workspaceMessages.en.apiOps[operationId], response: responses },
      handler: async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return handler(req as Req, reply);
      },
    });

  route('GET', '/api/v1/workspace/commitments/:id/reviews', 'reviewer', 'getReviews', async (req) => {
    const f = await V.getReviewForm(store, req.actor, idParam(req.params.id, 'commitment'));
    return {
      commitment: f.commitment,
      reviews: f.reports.map((r) => ({ report: r.report, version: r.version, values: r.values, review: r.review })),
    };
  });
  route('PUT', '/api/v1/workspace/commitments/:id/reviews/:report', 'reviewer', 'saveReview', async (req, reply) => {
    const report = req.params.report;
    if (!isIrmReport(report)) throw new AppError('not_found', { entity: 'report', id: String(report).slice(0, 40) });
    const input = body(req);
    if (input.report !== undefined && input.report !== report)
      throw new AppError('invalid_input', { field: 'report', value: String(input.report).slice(0, 40) });
    return send(req, reply, await V.saveReview(store, req.actor, idParam(req.params.id, 'commitment'), { ...input, report }));
  });
  route('GET', '/api/v1/workspace/plans/:id/recommendations', 'coordinator', 'listRecommendations', async (req) => {
    const f = await V.getRecommendationsForm(store, req.actor, idParam(req.params.id, 'plan'));
    return { plan: f.plan, recommendations: f.recommendations };
  });
  route('POST', '/api/v1/workspace/plans/:id/recommendations', 'coordinator', 'addRecommendation', async (req, reply) =>
    send(req, reply, await V.addRecommendation(store, req.actor, idParam(req.params.id, 'plan'), body(req)), true),
  );
  route('PUT', '/api/v1/workspace/recommendations/:id', 'coordinator', 'saveRecommendation', async (req, reply) =>
    send(req, reply, await V.saveRecommendation(store, req.actor, idParam(req.params.id, 'recommendation'), body(req))),
  );
  route('POST', '/api/v1/workspace/commitments/:id/continuation', 'coordinator', 'continueCommitment', async (req, reply) =>
    send(req, reply, await V.continueCommitment(store, req.actor, idParam(req.params.id, 'commitment'), body(req)), true),
  );
}
