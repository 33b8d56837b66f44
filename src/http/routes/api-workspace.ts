import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { COMMITMENT_SAVE_RULES, MILESTONE_RULES } from '../../domain/commitment-input.js';
import { CONTACT_RULES, FILE_RULES, formSchema, LEAD_AGENCY_RULES, LINK_RULES, SOURCE_RULES } from '../../domain/input.js';
import * as commitments from '../../services/workspace/commitments.js';
import * as rounds from '../../services/workspace/rounds.js';
import type { Store } from '../../storage/connect.js';
import { assessmentReviewMessages } from '../../i18n/assessment-review.js';
import { fieldErrorText } from '../../i18n/workspace.js';
import { AppError } from '../../errors.js';
import { ERROR_SCHEMA, sendResult, WORKSPACE_RESPONSES } from '../answers.js';
import { csrfToken } from '../auth.js';
import { requestLang } from '../negotiate.js';
import { pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { localizeUploadError, readUploadForm } from '../uploads.js';
import { ASSESSMENT_API, MOVE } from './workspace.js';

/**
 * The workspace through the API: the same services and checks as the forms. A client signs in like a
 * browser (the session cookie), reads its CSRF token from GET …/session and sends it in the
 * `x-csrf-token` header on every change. A PUT changes the fields it sends and keeps the others.
 * Answers: 200/201 with what changed; 400 `invalid_input` with `fields` naming each wrong field; 409
 * `conflict` with `current` (what is stored now and its version) when someone saved first.
 */
const COMMITMENT = pathIds({ id: 'commitment' });
const ACTIVITY = pathIds({ id: 'activity' });
const ROUND = pathIds({ id: 'round' });
const ASSESSMENT = pathIds({ id: 'round', cid: 'commitment' });

export function workspaceApiRoutes(app: FastifyInstance, store: Store): void {
  // ——— who is signed in, and the token for changes ———
  route(app, { api: 'GET /api/v1/workspace/session', permission: 'signed-in', operationId: 'getSession' }, async (req, reply) => {
    const a = req.actor!;
    return {
      account: { id: a.userId, name: a.name, email: a.email, role: a.role, agencyId: a.agencyId, governmentId: a.governmentId },
      csrfToken: csrfToken(reply),
    };
  });

  // ——— commitments ———
  route(
    app,
    { api: 'GET /api/v1/workspace/commitments/:id', permission: 'workspace', operationId: 'getEditableCommitment', params: COMMITMENT },
    async (req) => {
      const c = await commitments.getEditableCommitment(store, req.actor, req.params.id);
      return { id: c.detail.id, version: c.version, values: c.values, detail: c.detail, canReorganise: c.canReorganise };
    },
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/commitments/:id',
      permission: 'workspace',
      operationId: 'saveCommitment',
      params: COMMITMENT,
      body: formSchema(COMMITMENT_SAVE_RULES, { partial: true }),
    },
    async (req, reply) =>
      sendResult(req, reply, await commitments.saveCommitment(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/activities',
      permission: 'workspace',
      operationId: 'addActivity',
      params: COMMITMENT,
      body: formSchema(MILESTONE_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await commitments.addActivity(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/evidence',
      permission: 'workspace',
      operationId: 'addEvidence',
      params: COMMITMENT,
      // A link as JSON, or a file (multipart, the file in `file`).
      body: {
        content: { 'application/json': { schema: formSchema(LINK_RULES) }, 'multipart/form-data': { schema: formSchema(FILE_RULES) } },
      },
      upload: (req) => commitments.assertMayEdit(store, req.actor, req.params.id),
    },
    async (req, reply) => {
      const id = req.params.id;
      if (!req.isMultipart())
        return sendResult(req, reply, await commitments.addLink(store, req.actor, id, sentFields(req), app.now()), true);
      const lang = requestLang(req);
      const form = await readUploadForm(req, { lang });
      try {
        return sendResult(req, reply, await commitments.addFile(store, req.actor, id, sentFields(req), form.file, app.now()), true);
      } catch (e) {
        throw localizeUploadError(e, lang);
      }
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/sources',
      permission: 'workspace',
      operationId: 'addSource',
      params: COMMITMENT,
      body: formSchema(SOURCE_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await commitments.addSource(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/lead-agency',
      permission: 'coordinator',
      operationId: 'changeLeadAgency',
      params: COMMITMENT,
      body: formSchema(LEAD_AGENCY_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await commitments.changeLeadAgency(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/contact',
      permission: 'workspace',
      operationId: 'changeContact',
      params: COMMITMENT,
      body: formSchema(CONTACT_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await commitments.changeContact(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );

  // ——— activities, evidence, sources ———
  route(
    app,
    { api: 'GET /api/v1/workspace/activities/:id', permission: 'workspace', operationId: 'getEditableActivity', params: ACTIVITY },
    async (req) => {
      const a = await commitments.getEditableActivity(store, req.actor, req.params.id);
      return { id: a.activity.id, number: a.activity.number, commitment: a.commitment, version: a.version, values: a.values };
    },
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/activities/:id',
      permission: 'workspace',
      operationId: 'saveActivity',
      params: ACTIVITY,
      body: formSchema(MILESTONE_RULES, { partial: true }),
    },
    async (req, reply) =>
      sendResult(req, reply, await commitments.saveActivity(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    { api: 'DELETE /api/v1/workspace/activities/:id', permission: 'workspace', operationId: 'deleteActivity', params: ACTIVITY },
    async (req, reply) => {
      await commitments.deleteActivity(store, req.actor, req.params.id, app.now());
      return reply.code(200).send({ deleted: true });
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/activities/:id/move',
      permission: 'workspace',
      operationId: 'moveActivity',
      params: ACTIVITY,
      body: MOVE,
    },
    async (req) => {
      const direction = req.body.direction;
      const commitmentId = await commitments.moveActivity(store, req.actor, req.params.id, direction, app.now());
      return { moved: direction, commitmentId };
    },
  );
  route(
    app,
    {
      api: 'DELETE /api/v1/workspace/evidence/:id',
      permission: 'workspace',
      operationId: 'deleteEvidence',
      params: pathIds({ id: 'evidence' }),
    },
    async (req) => ({ deleted: true, commitmentId: await commitments.deleteEvidence(store, req.actor, req.params.id, app.now()) }),
  );
  route(
    app,
    {
      api: 'DELETE /api/v1/workspace/sources/:id',
      permission: 'workspace',
      operationId: 'deleteSource',
      params: pathIds({ id: 'source' }),
    },
    async (req) => ({ deleted: true, commitmentId: await commitments.deleteSource(store, req.actor, req.params.id, app.now()) }),
  );

  // ——— rounds ———
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/rounds',
      permission: 'coordinator',
      operationId: 'openRound',
      params: pathIds({ id: 'plan' }),
      body: formSchema(rounds.ROUND_RULES),
    },
    async (req, reply) => sendResult(req, reply, await rounds.openRound(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    { api: 'GET /api/v1/workspace/rounds/:id', permission: 'workspace', operationId: 'getRoundBoard', params: ROUND },
    async (req) => {
      const b = await rounds.getRoundBoard(store, req.actor, req.params.id);
      return {
        round: {
          id: b.round.id,
          kind: b.round.kind,
          title: b.round.title,
          cutoffDate: b.round.cutoffDate,
          published: b.round.published,
        },
        plan: b.plan,
        counts: b.counts,
        ready: b.ready,
        commitments: b.rows,
      };
    },
  );
  route(
    app,
    { api: 'POST /api/v1/workspace/rounds/:id/publish', permission: 'coordinator', operationId: 'publishRound', params: ROUND },
    async (req) => {
      await rounds.publishRound(store, req.actor, req.params.id, app.now());
      return { published: true, id: req.params.id };
    },
  );
  route(
    app,
    { api: 'GET /api/v1/workspace/rounds/:id/assessments/:cid', permission: 'workspace', operationId: 'getAssessment', params: ASSESSMENT },
    async (req) => {
      const f = await rounds.getAssessmentForm(store, req.actor, req.params.id, req.params.cid, app.today());
      return {
        stage: f.stage,
        version: f.assessment?.version ?? null,
        values: f.values,
        evidenceIds: f.cited,
        evidence: f.evidence,
        reviewComment: f.assessment?.reviewComment ?? null,
        canDraft: f.canDraft,
        canDecide: f.canDecide,
        canCorrect: f.canCorrect,
        // The consistency warnings of what is stored: a submission or an approval of it needs `confirmReason`.
        warnings: f.panel.consistency.map((w) => ({ ...w, message: assessmentReviewMessages[requestLang(req)].consistency(w) })),
        approvalRefused: f.approvalRefused,
      };
    },
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/rounds/:id/assessments/:cid',
      permission: 'workspace',
      operationId: 'saveAssessment',
      params: ASSESSMENT,
      body: ASSESSMENT_API,
      response: ASSESSMENT_RESPONSES,
    },
    async (req, reply) => {
      const { submit, ...input } = sentFields(req);
      return sendAssessmentResult(
        req,
        reply,
        await rounds.saveAssessment(store, req.actor, req.params.id, req.params.cid, input, { submit: submit === true }, app.now()),
      );
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/rounds/:id/assessments/:cid/decision',
      permission: 'coordinator',
      operationId: 'decideAssessment',
      params: ASSESSMENT,
      body: formSchema(rounds.DECISION_RULES),
      response: ASSESSMENT_RESPONSES,
    },
    async (req, reply) =>
      sendAssessmentResult(
        req,
        reply,
        await rounds.decideAssessment(store, req.actor, req.params.id, req.params.cid, sentFields(req), app.now()),
      ),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/rounds/:id/assessments/:cid/corrections',
      permission: 'coordinator',
      operationId: 'correctAssessment',
      params: ASSESSMENT,
      body: formSchema(rounds.CORRECTION_RULES),
    },
    async (req, reply) =>
      sendResult(
        req,
        reply,
        await rounds.correctAssessment(store, req.actor, req.params.id, req.params.cid, sentFields(req), app.now()),
        true,
      ),
  );
}

/** A submission or approval refused for want of a reason to go ahead despite consistency warnings: 422, each warning named. */
const ASSESSMENT_RESPONSES = {
  ...WORKSPACE_RESPONSES,
  422: Type.Object({
    error: ERROR_SCHEMA.properties.error,
    warnings: Type.Array(
      Type.Object({
        code: Type.String(),
        message: Type.String(),
        params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
      }),
      { description: 'The consistency warnings: send `confirmReason` to go ahead despite them.' },
    ),
  }),
};

/**
 * An assessment's save or decision through the API (decision 039): consistency warnings without a
 * reason answer 422 naming each; approving what one submitted oneself, 403 saying why; the rest as
 * every workspace operation.
 */
function sendAssessmentResult(req: FastifyRequest, reply: FastifyReply, result: rounds.AssessmentResult) {
  const lang = requestLang(req);
  if (!result.ok && 'errors' in result) {
    const confirm = result.errors.find((e) => e.code === 'confirm_warnings');
    if (confirm && result.warnings) {
      const message = fieldErrorText(lang, confirm);
      return reply.code(422).send({
        error: { code: 'confirm_needed', message, fields: { confirmReason: message } },
        warnings: result.warnings.map((w) => ({ ...w, message: assessmentReviewMessages[lang].consistency(w) })),
      });
    }
    const same = result.errors.find((e) => e.code === 'same_person');
    if (same) throw new AppError('forbidden', {}, { decision: fieldErrorText(lang, same) });
  }
  return sendResult(req, reply, result);
}
