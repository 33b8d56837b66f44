import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  APPROVE_RULES,
  CALL_RULES,
  CANDIDATE_RULES,
  FORUM_MEETING_RULES,
  FORUM_MEMBER_RULES,
  PRIORITISE_RULES,
  PROPOSAL_RULES,
  PROPOSAL_STATUS_RULES,
  SCORE_RULES,
  WORKSHOP_RULES,
} from '../../domain/cocreation-input.js';
import { formSchema, type FieldRules, type Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { cocreationMessages } from '../../i18n/cocreation.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import * as cocreation from '../../services/workspace/cocreation.js';
import type { Store } from '../../storage/connect.js';
import { back, html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import type { WorkspaceOperation } from '../../i18n/workspace.js';
import { href } from '../views/format.js';
import {
  CandidateScorePage,
  CocreationWorkspacePage,
  ForumWorkspacePage,
  type CocreationForm,
  type Failed,
} from '../views/workspace/cocreation.js';

/**
 * Co-creation and the forum in the workspace, as forms (/espacio/planes/:id/cocreacion, /foro,
 * /espacio/candidatos/:id) and as the JSON API (/api/v1/workspace/plans/:id/cocreation…): the same
 * services, the same checks. Coordinators only (route rule); the service asks can(manage:plan) about
 * the plan's government.
 */
type Op = (
  store: Store,
  actor: Parameters<typeof cocreation.addWorkshop>[1],
  id: number,
  input: Record<string, unknown>,
  now: string,
) => ReturnType<typeof cocreation.addWorkshop>;

const PLAN = pathIds({ id: 'plan' });
const PROPOSAL = pathIds({ id: 'proposal' });
const CANDIDATE = pathIds({ id: 'candidate' });
/** Back from a save or a deletion: the notice. */
const NOTICE = pageQuery(['guardado', 'eliminado']);

export function workspaceCocreationRoutes(app: FastifyInstance, store: Store): void {
  const flashOf = (req: FastifyRequest, lang: Lang) => {
    const q = req.query as Record<string, string>;
    // ?eliminado=1: back from deleting a record (routes/workspace-cocreation-records.ts).
    return q.guardado ? workspaceMessages[lang].saved : q.eliminado ? cocreationMessages[lang].records.deleted : null;
  };
  const cocreationPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: Failed | null = null,
  ) => {
    const data = await cocreation.getCocreationWorkspace(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/cocreacion`);
    return html(reply, status, CocreationWorkspacePage({ ctx, csrf: csrfToken(reply), data, failed, flash: flashOf(req, lang) }));
  };
  const forumPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    failed: Failed | null = null,
  ) => {
    const data = await cocreation.getCocreationWorkspace(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/foro`);
    return html(reply, status, ForumWorkspacePage({ ctx, csrf: csrfToken(reply), data, failed, flash: flashOf(req, lang) }));
  };
  route(
    app,
    { page: '/espacio/planes/:id/cocreacion', permission: 'coordinator', params: PLAN, querystring: NOTICE },
    async (req, reply, ctx) => cocreationPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(app, { page: '/espacio/planes/:id/foro', permission: 'coordinator', params: PLAN, querystring: NOTICE }, async (req, reply, ctx) =>
    forumPage(req, reply, ctx.lang, req.params.id, 200),
  );

  const planForm = (path: string, form: CocreationForm, rules: FieldRules, op: Op, page: typeof cocreationPage, after: string) =>
    route(
      app,
      { form: `/espacio/planes/:id/${path}`, permission: 'coordinator', params: PLAN, body: formSchema(rules) },
      async (req, reply, lang) => {
        const planId = req.params.id;
        const input = sentFields(req);
        const result = await op(store, req.actor, planId, input, app.now());
        if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/${after}`));
        return page(req, reply, lang, planId, 400, { form, errors: 'errors' in result ? result.errors : [], values: input as Values });
      },
    );
  planForm('convocatoria', 'workshop', CALL_RULES, cocreation.setProposalCall, cocreationPage, 'cocreacion');
  planForm('talleres', 'workshop', WORKSHOP_RULES, cocreation.addWorkshop, cocreationPage, 'cocreacion');
  planForm('propuestas', 'proposal', PROPOSAL_RULES, cocreation.addProposal, cocreationPage, 'cocreacion');
  planForm('candidatos', 'candidate', CANDIDATE_RULES, cocreation.addCandidate, cocreationPage, 'cocreacion');
  planForm('priorizacion', 'prioritise', PRIORITISE_RULES, cocreation.prioritiseCandidates, cocreationPage, 'cocreacion');
  planForm('aprobacion', 'approve', APPROVE_RULES, cocreation.approveCandidates, cocreationPage, 'cocreacion');
  planForm('foro/miembros', 'member', FORUM_MEMBER_RULES, cocreation.addForumMember, forumPage, 'foro');
  planForm('foro/sesiones', 'meeting', FORUM_MEETING_RULES, cocreation.addForumMeeting, forumPage, 'foro');

  const status = formSchema(PROPOSAL_STATUS_RULES);
  route(
    app,
    { form: '/espacio/propuestas/:id/estado', permission: 'coordinator', params: PROPOSAL, body: status },
    async (req, reply, lang) => {
      const id = req.params.id;
      const result = await cocreation.setProposalStatus(store, req.actor, id, sentFields(req), app.now());
      const planId = await cocreation.planOfProposal(store, id);
      if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/cocreacion`));
      return cocreationPage(req, reply, lang, planId, 400, {
        form: 'proposal',
        errors: 'errors' in result ? result.errors : [],
        values: {},
      });
    },
  );

  const scorePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    failed: Failed | null = null,
  ) => {
    const { plan, candidate, proposals } = await cocreation.getCandidateForScoring(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/candidatos/${id}`);
    return html(reply, status, CandidateScorePage({ ctx, csrf: csrfToken(reply), plan, candidate, proposals, failed }));
  };
  route(app, { page: '/espacio/candidatos/:id', permission: 'coordinator', params: CANDIDATE }, async (req, reply, ctx) =>
    scorePage(req, reply, ctx.lang, req.params.id, 200),
  );
  const scores = formSchema(SCORE_RULES);
  route(app, { form: '/espacio/candidatos/:id', permission: 'coordinator', params: CANDIDATE, body: scores }, async (req, reply, lang) => {
    const id = req.params.id;
    const input = sentFields(req);
    const result = await cocreation.scoreCandidate(store, req.actor, id, input, app.now());
    if (result.ok) {
      const { plan } = await cocreation.getCandidateForScoring(store, req.actor, id);
      return back(reply, href(lang, `/espacio/planes/${plan.id}/cocreacion`));
    }
    return scorePage(req, reply, lang, id, 400, {
      form: 'score',
      errors: 'errors' in result ? result.errors : [],
      values: input as Values,
    });
  });

  // ——— the same through the API ———
  route(
    app,
    { api: 'GET /api/v1/workspace/plans/:id/cocreation', permission: 'coordinator', operationId: 'getCocreation', params: PLAN },
    async (req) => {
      const { forum: _forum, ...rest } = await cocreation.getCocreationWorkspace(store, req.actor, req.params.id);
      return rest;
    },
  );
  const planOp = (method: 'POST' | 'PUT', path: string, operationId: WorkspaceOperation, rules: FieldRules, op: Op, created: boolean) =>
    route(
      app,
      {
        api: `${method} /api/v1/workspace/plans/:id/${path}`,
        permission: 'coordinator',
        operationId,
        params: PLAN,
        body: formSchema(rules),
      },
      async (req, reply) => sendResult(req, reply, await op(store, req.actor, req.params.id, sentFields(req), app.now()), created),
    );
  planOp('PUT', 'cocreation/call', 'setProposalCall', CALL_RULES, cocreation.setProposalCall, false);
  planOp('POST', 'cocreation/workshops', 'addWorkshop', WORKSHOP_RULES, cocreation.addWorkshop, true);
  planOp('POST', 'cocreation/proposals', 'addProposal', PROPOSAL_RULES, cocreation.addProposal, true);
  planOp('POST', 'cocreation/candidates', 'addCandidate', CANDIDATE_RULES, cocreation.addCandidate, true);
  planOp('PUT', 'cocreation/prioritised', 'prioritiseCandidates', PRIORITISE_RULES, cocreation.prioritiseCandidates, false);
  planOp('POST', 'cocreation/approval', 'approveCandidates', APPROVE_RULES, cocreation.approveCandidates, true);
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/proposals/:id/status',
      permission: 'coordinator',
      operationId: 'setProposalStatus',
      params: PROPOSAL,
      body: status,
    },
    async (req, reply) =>
      sendResult(req, reply, await cocreation.setProposalStatus(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/candidates/:id/scores',
      permission: 'coordinator',
      operationId: 'scoreCandidate',
      params: CANDIDATE,
      body: scores,
    },
    async (req, reply) =>
      sendResult(req, reply, await cocreation.scoreCandidate(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    { api: 'GET /api/v1/workspace/plans/:id/forum', permission: 'coordinator', operationId: 'getForum', params: PLAN },
    async (req) => (await cocreation.getCocreationWorkspace(store, req.actor, req.params.id)).forum,
  );
  planOp('POST', 'forum/members', 'addForumMember', FORUM_MEMBER_RULES, cocreation.addForumMember, true);
  planOp('POST', 'forum/meetings', 'addForumMeeting', FORUM_MEETING_RULES, cocreation.addForumMeeting, true);
}
