import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { cocreationMessages } from '../../i18n/cocreation.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import * as X from '../../services/workspace/cocreation.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { href } from '../views/format.js';
import {
  CandidateScorePage,
  CocreationWorkspacePage,
  ForumWorkspacePage,
  type CocreationForm,
  type Failed,
} from '../views/workspace/cocreation.js';
import { apiRoute, body, send } from './api-workspace.js';
import { idParam } from './pages.js';
import { back, formBody, html, post, without } from './workspace.js';

/**
 * Co-creation and the forum in the workspace, as forms (/espacio/planes/:id/cocreacion, /foro,
 * /espacio/candidatos/:id) and as the JSON API (/api/v1/workspace/plans/:id/cocreation…): the same
 * services, the same checks. Coordinators only (route rule); the service asks can(manage:plan) about
 * the plan's government.
 */
type Op = (
  store: Store,
  actor: Parameters<typeof X.addWorkshop>[1],
  id: number,
  input: Record<string, unknown>,
) => ReturnType<typeof X.addWorkshop>;

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
    const data = await X.getCocreationWorkspace(store, req.actor, planId);
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
    const data = await X.getCocreationWorkspace(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/foro`);
    return html(reply, status, ForumWorkspacePage({ ctx, csrf: csrfToken(reply), data, failed, flash: flashOf(req, lang) }));
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/cocreacion',
    async (req, reply, ctx) => cocreationPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/foro',
    async (req, reply, ctx) => forumPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );

  const planForm = (path: string, form: CocreationForm, op: Op, page: typeof cocreationPage, after: string) =>
    post(app, `/espacio/planes/:id/${path}`, 'coordinator', async (req, reply, lang) => {
      const planId = idParam(req.params.id, 'plan');
      const input = without(formBody(req), '_csrf');
      const result = await op(store, req.actor, planId, input);
      if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/${after}`));
      return page(req, reply, lang, planId, 400, { form, errors: 'errors' in result ? result.errors : [], values: input as Values });
    });
  planForm('convocatoria', 'workshop', X.setProposalCall, cocreationPage, 'cocreacion');
  planForm('talleres', 'workshop', X.addWorkshop, cocreationPage, 'cocreacion');
  planForm('propuestas', 'proposal', X.addProposal, cocreationPage, 'cocreacion');
  planForm('candidatos', 'candidate', X.addCandidate, cocreationPage, 'cocreacion');
  planForm('priorizacion', 'prioritise', X.prioritiseCandidates, cocreationPage, 'cocreacion');
  planForm('aprobacion', 'approve', X.approveCandidates, cocreationPage, 'cocreacion');
  planForm('foro/miembros', 'member', X.addForumMember, forumPage, 'foro');
  planForm('foro/sesiones', 'meeting', X.addForumMeeting, forumPage, 'foro');

  post(app, '/espacio/propuestas/:id/estado', 'coordinator', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'proposal');
    const result = await X.setProposalStatus(store, req.actor, id, without(formBody(req), '_csrf'));
    const planId = await X.planOfProposal(store, id);
    if (result.ok) return back(reply, href(lang, `/espacio/planes/${planId}/cocreacion`));
    return cocreationPage(req, reply, lang, planId, 400, { form: 'proposal', errors: 'errors' in result ? result.errors : [], values: {} });
  });

  const scorePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    failed: Failed | null = null,
  ) => {
    const { plan, candidate, proposals } = await X.getCandidateForScoring(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/candidatos/${id}`);
    return html(reply, status, CandidateScorePage({ ctx, csrf: csrfToken(reply), plan, candidate, proposals, failed }));
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/candidatos/:id',
    async (req, reply, ctx) => scorePage(req, reply, ctx.lang, idParam(req.params.id, 'candidate'), 200),
    'coordinator',
  );
  post(app, '/espacio/candidatos/:id', 'coordinator', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'candidate');
    const input = without(formBody(req), '_csrf');
    const result = await X.scoreCandidate(store, req.actor, id, input);
    if (result.ok) {
      const { plan } = await X.getCandidateForScoring(store, req.actor, id);
      return back(reply, href(lang, `/espacio/planes/${plan.id}/cocreacion`));
    }
    return scorePage(req, reply, lang, id, 400, {
      form: 'score',
      errors: 'errors' in result ? result.errors : [],
      values: input as Values,
    });
  });

  // ——— the same through the API ———
  const route = (...args: Parameters<typeof apiRoute> extends [FastifyInstance, ...infer R] ? R : never) => apiRoute(app, ...args);
  route('GET', '/api/v1/workspace/plans/:id/cocreation', 'coordinator', 'getCocreation', async (req) => {
    const { forum: _forum, ...rest } = await X.getCocreationWorkspace(store, req.actor, idParam(req.params.id, 'plan'));
    return rest;
  });
  const planOp = (method: 'POST' | 'PUT', path: string, operationId: Parameters<typeof apiRoute>[4], op: Op, created: boolean) =>
    route(method, `/api/v1/workspace/plans/:id/${path}`, 'coordinator', operationId, async (req, reply) =>
      send(req, reply, await op(store, req.actor, idParam(req.params.id, 'plan'), body(req)), created),
    );
  planOp('PUT', 'cocreation/call', 'setProposalCall', X.setProposalCall, false);
  planOp('POST', 'cocreation/workshops', 'addWorkshop', X.addWorkshop, true);
  planOp('POST', 'cocreation/proposals', 'addProposal', X.addProposal, true);
  planOp('POST', 'cocreation/candidates', 'addCandidate', X.addCandidate, true);
  planOp('PUT', 'cocreation/prioritised', 'prioritiseCandidates', X.prioritiseCandidates, false);
  planOp('POST', 'cocreation/approval', 'approveCandidates', X.approveCandidates, true);
  route('PUT', '/api/v1/workspace/proposals/:id/status', 'coordinator', 'setProposalStatus', async (req, reply) =>
    send(req, reply, await X.setProposalStatus(store, req.actor, idParam(req.params.id, 'proposal'), body(req))),
  );
  route('PUT', '/api/v1/workspace/candidates/:id/scores', 'coordinator', 'scoreCandidate', async (req, reply) =>
    send(req, reply, await X.scoreCandidate(store, req.actor, idParam(req.params.id, 'candidate'), body(req))),
  );
  route(
    'GET',
    '/api/v1/workspace/plans/:id/forum',
    'coordinator',
    'getForum',
    async (req) => (await X.getCocreationWorkspace(store, req.actor, idParam(req.params.id, 'plan'))).forum,
  );
  planOp('POST', 'forum/members', 'addForumMember', X.addForumMember, true);
  planOp('POST', 'forum/meetings', 'addForumMeeting', X.addForumMeeting, true);
}
