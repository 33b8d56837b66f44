import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CANDIDATE_RULES, FORUM_MEETING_RULES, FORUM_MEMBER_RULES, PROPOSAL_RULES, WORKSHOP_RULES } from '../../domain/cocreation-input.js';
import { formSchema, type FieldError, type FieldRules, type Values } from '../../domain/input.js';
import { inUseText } from '../../i18n/cocreation.js';
import type { Lang } from '../../i18n/lang.js';
import * as records from '../../services/workspace/cocreation-records.js';
import type { Store } from '../../storage/connect.js';
import { back, html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { RECORD_PATH, recordHome, RecordDeletePage, RecordEditPage } from '../views/workspace/cocreation-records.js';

/**
 * Correcting and deleting co-creation's and the forum's records, as forms (…/:id/editar, and
 * …/:id/eliminar: a confirmation page, then its POST) and through the workspace API (PUT and DELETE on
 * /api/v1/workspace/<records>/:id). Coordinators only (route rule); the service asks can(manage:plan)
 * of the record's plan. A delete refused because something depends on the record is a 409 saying what.
 */
const API_PATH: Record<records.RecordKind, string> = {
  workshop: 'workshops',
  proposal: 'proposals',
  candidate: 'candidates',
  member: 'forum-members',
  meeting: 'forum-meetings',
};
/** Each kind's fields: a correction changes what it sends (the service checks them so too). */
const RULES: Record<records.RecordKind, FieldRules> = {
  workshop: WORKSHOP_RULES,
  proposal: PROPOSAL_RULES,
  candidate: CANDIDATE_RULES,
  member: FORUM_MEMBER_RULES,
  meeting: FORUM_MEETING_RULES,
};
const OPERATION = {
  workshop: ['saveWorkshop', 'deleteWorkshop'],
  proposal: ['saveProposal', 'deleteProposal'],
  candidate: ['saveCandidate', 'deleteCandidate'],
  member: ['saveForumMember', 'deleteForumMember'],
  meeting: ['saveForumMeeting', 'deleteForumMeeting'],
} as const;

export function workspaceCocreationRecordRoutes(app: FastifyInstance, store: Store): void {
  for (const kind of records.RECORD_KINDS) {
    const path = RECORD_PATH[kind];
    const params = pathIds({ id: kind });
    const body = formSchema(RULES[kind], { partial: true });
    const editPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      id: number,
      status: number,
      failed: { errors: FieldError[]; values: Values } | null = null,
      conflict: { theirs: Values; mine: Values; version: number } | null = null,
    ) => {
      const r = await records.getRecordForEdit(store, req.actor, kind, id);
      const ctx = pageContext(req, lang, `${path}/${id}/editar`);
      return html(reply, status, RecordEditPage({ ctx, csrf: csrfToken(reply), r, failed, conflict }));
    };
    const deletePage = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, id: number) => {
      const r = await records.getRecordForEdit(store, req.actor, kind, id);
      const ctx = pageContext(req, lang, `${path}/${id}/eliminar`);
      const ungroups = kind === 'candidate' ? ((r.values.proposalIds as number[] | null) ?? []).length : 0;
      // Something depends on it: the page says why, as a conflict.
      return html(reply, r.inUse ? 409 : 200, RecordDeletePage({ ctx, csrf: csrfToken(reply), r, ungroups }));
    };

    route(app, { page: `${path}/:id/editar`, permission: 'coordinator', params }, async (req, reply, ctx) =>
      editPage(req, reply, ctx.lang, req.params.id, 200),
    );
    route(app, { form: `${path}/:id/editar`, permission: 'coordinator', params, body }, async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await records.saveRecord(store, req.actor, kind, id, input, app.now());
      if (result.ok) {
        const { plan } = await records.getRecordForEdit(store, req.actor, kind, id);
        return back(reply, href(lang, recordHome(kind, plan.id)));
      }
      if ('conflict' in result) return editPage(req, reply, lang, id, 409, null, result.conflict);
      return editPage(req, reply, lang, id, 400, { errors: result.errors, values: input as Values });
    });

    route(app, { page: `${path}/:id/eliminar`, permission: 'coordinator', params }, async (req, reply, ctx) =>
      deletePage(req, reply, ctx.lang, req.params.id),
    );
    route(app, { form: `${path}/:id/eliminar`, permission: 'coordinator', params }, async (req, reply, lang) => {
      const id = req.params.id;
      const result = await records.deleteRecord(store, req.actor, kind, id, app.now());
      if (!result.ok) return deletePage(req, reply, lang, id);
      return reply.redirect(`${href(lang, recordHome(kind, result.planId))}?eliminado=1`, 303);
    });

    const [saveOp, deleteOp] = OPERATION[kind];
    const url = `/api/v1/workspace/${API_PATH[kind]}/:id` as const;
    route(app, { api: `PUT ${url}`, permission: 'coordinator', operationId: saveOp, params, body }, async (req, reply) =>
      sendResult(req, reply, await records.saveRecord(store, req.actor, kind, req.params.id, sentFields(req), app.now())),
    );
    route(app, { api: `DELETE ${url}`, permission: 'coordinator', operationId: deleteOp, params }, async (req, reply) => {
      const result = await records.deleteRecord(store, req.actor, kind, req.params.id, app.now());
      if (result.ok) return reply.code(200).send({ deleted: true });
      const lang = requestLang(req);
      // `fields` names what keeps it: the reason's code (workshop_proposals, proposal_grouped, candidate_approved).
      return reply
        .code(409)
        .send({ error: { code: 'in_use', message: inUseText(lang, result.inUse), fields: { reason: result.inUse.reason } } });
    });
  }
}
