import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, Values } from '../../domain/input.js';
import { inUseText } from '../../i18n/cocreation.js';
import type { Lang } from '../../i18n/lang.js';
import * as X from '../../services/workspace/cocreation-records.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { href } from '../views/format.js';
import { RECORD_PATH, recordHome, RecordDeletePage, RecordEditPage } from '../views/workspace/cocreation-records.js';
import { apiRoute, body, send } from './api-workspace.js';
import { idParam } from './pages.js';
import { back, formBody, html, post, without } from './workspace.js';

/**
 * Correcting and deleting co-creation's and the forum's records, as forms (…/:id/editar, and
 * …/:id/eliminar: a confirmation page, then its POST) and through the workspace API (PUT and DELETE on
 * /api/v1/workspace/<records>/:id). Coordinators only (route rule); the service asks can(manage:plan)
 * of the record's plan. A delete refused because something depends on the record is a 409 saying what.
 */
const API_PATH: Record<X.RecordKind, string> = {
  workshop: 'workshops',
  proposal: 'proposals',
  candidate: 'candidates',
  member: 'forum-members',
  meeting: 'forum-meetings',
};
const OPERATION = {
  workshop: ['saveWorkshop', 'deleteWorkshop'],
  proposal: ['saveProposal', 'deleteProposal'],
  candidate: ['saveCandidate', 'deleteCandidate'],
  member: ['saveForumMember', 'deleteForumMember'],
  meeting: ['saveForumMeeting', 'deleteForumMeeting'],
} as const;

export function workspaceCocreationRecordRoutes(app: FastifyInstance, store: Store): void {
  for (const kind of X.RECORD_KINDS) {
    const path = RECORD_PATH[kind];
    const editPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      id: number,
      status: number,
      failed: { errors: FieldError[]; values: Values } | null = null,
      conflict: { theirs: Values; mine: Values; version: number } | null = null,
    ) => {
      const r = await X.getRecordForEdit(store, req.actor, kind, id);
      const ctx = pageContext(req, lang, `${path}/${id}/editar`);
      return html(reply, status, RecordEditPage({ ctx, csrf: csrfToken(reply), r, failed, conflict }));
    };
    const deletePage = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, id: number) => {
      const r = await X.getRecordForEdit(store, req.actor, kind, id);
      const ctx = pageContext(req, lang, `${path}/${id}/eliminar`);
      const ungroups = kind === 'candidate' ? ((r.values.proposalIds as number[] | null) ?? []).length : 0;
      // Something depends on it: the page says why, as a conflict.
      return html(reply, r.inUse ? 409 : 200, RecordDeletePage({ ctx, csrf: csrfToken(reply), r, ungroups }));
    };

    bilingualPage<{ id: string }>(
      app,
      `${path}/:id/editar`,
      async (req, reply, ctx) => editPage(req, reply, ctx.lang, idParam(req.params.id, kind), 200),
      'coordinator',
    );
    post(app, `${path}/:id/editar`, 'coordinator', async (req, reply, lang) => {
      const id = idParam(req.params.id, kind);
      const input = without(formBody(req), '_csrf');
      const result = await X.saveRecord(store, req.actor, kind, id, input);
      if (result.ok) {
        const { plan } = await X.getRecordForEdit(store, req.actor, kind, id);
        return back(reply, href(lang, recordHome(kind, plan.id)));
      }
      if ('conflict' in result) return editPage(req, reply, lang, id, 409, null, result.conflict);
      return editPage(req, reply, lang, id, 400, { errors: result.errors, values: input as Values });
    });

    bilingualPage<{ id: string }>(
      app,
      `${path}/:id/eliminar`,
      async (req, reply, ctx) => deletePage(req, reply, ctx.lang, idParam(req.params.id, kind)),
      'coordinator',
    );
    post(app, `${path}/:id/eliminar`, 'coordinator', async (req, reply, lang) => {
      const id = idParam(req.params.id, kind);
      const result = await X.deleteRecord(store, req.actor, kind, id);
      if (!result.ok) return deletePage(req, reply, lang, id);
      return reply.redirect(`${href(lang, recordHome(kind, result.planId))}?eliminado=1`, 303);
    });

    const [saveOp, deleteOp] = OPERATION[kind];
    const url = `/api/v1/workspace/${API_PATH[kind]}/:id`;
    apiRoute(app, 'PUT', url, 'coordinator', saveOp, async (req, reply) =>
      send(req, reply, await X.saveRecord(store, req.actor, kind, idParam(req.params.id, kind), body(req))),
    );
    apiRoute(app, 'DELETE', url, 'coordinator', deleteOp, async (req, reply) => {
      const result = await X.deleteRecord(store, req.actor, kind, idParam(req.params.id, kind));
      if (result.ok) return reply.code(200).send({ deleted: true });
      const lang = requestLang(req);
      // `fields` names what keeps it: the reason's code (workshop_proposals, proposal_grouped, candidate_approved).
      return reply
        .code(409)
        .send({ error: { code: 'in_use', message: inUseText(lang, result.inUse), fields: { reason: result.inUse.reason } } });
    });
  }
}
