import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, Values } from '../../domain/input.js';
import { AppError } from '../../errors.js';
import { errorMessage, type Lang } from '../../i18n/index.js';
import { fieldErrorText, workspaceMessages, type WorkspaceOperation } from '../../i18n/workspace.js';
import * as E from '../../services/workspace/commitments.js';
import * as R from '../../services/workspace/rounds.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { requestLang } from '../negotiate.js';
import type { Permission } from '../permissions.js';
import { localizeUploadError, readUploadForm } from '../uploads.js';
import { ERROR_SCHEMA } from './api.js';
import { idParam } from './pages.js';

/**
 * The workspace through the API: the same services and checks as the forms. A client signs in like a
 * browser (the session cookie), reads its CSRF token from GET …/session and sends it in the
 * `x-csrf-token` header on every change. A PUT changes the fields it sends and keeps the others.
 * Answers: 200/201 with what changed; 400 `invalid_input` with `fields` naming each wrong field; 409
 * `conflict` with `current` (what is stored now and its version) when someone saved first.
 */

type Req = FastifyRequest<{ Params: Record<string, string> }>;
type Result =
  | { ok: true; version?: number; id?: number; stage?: string }
  | { ok: false; errors: FieldError[] }
  | { ok: false; conflict: { theirs: Values; mine: Values; version: number } };

export const tags = ['workspace'];
const ERROR = {
  type: 'object',
  properties: {
    ...ERROR_SCHEMA.properties,
    // With a 409: what is stored now, and the version to save against.
    current: { type: 'object', properties: { version: { type: 'integer' }, values: { type: 'object', additionalProperties: true } } },
  },
};
const ANY = { type: 'object', additionalProperties: true };
export const responses = { 200: ANY, 201: ANY, 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR };

export function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined) return {};
  // JSON null is no object of fields: refused like a list, not read as an empty (and saved) change.
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new AppError('invalid_input', { field: 'body', value: '' });
  return { ...(b as Record<string, unknown>) };
}

/** Field errors as the API's one error shape, each message naming its field in the asker's language. */
function invalid(lang: Lang, errors: FieldError[]): AppError {
  const fields = Object.fromEntries(errors.map((e) => [e.field, fieldErrorText(lang, e)]));
  const first = errors[0]!;
  return new AppError('invalid_input', { field: first.field, value: fieldErrorText(lang, first) }, fields);
}

export function send(req: FastifyRequest, reply: FastifyReply, result: Result, created = false) {
  const lang = requestLang(req);
  if (result.ok) {
    const { ok: _ok, ...rest } = result;
    return reply.code(created ? 201 : 200).send(rest);
  }
  if ('conflict' in result) {
    return reply.code(409).send({
      error: { code: 'conflict', message: errorMessage(new AppError('conflict'), lang) },
      current: { version: result.conflict.version, values: result.conflict.theirs },
    });
  }
  throw invalid(lang, result.errors);
}

/**
 * Registers one workspace API operation: its permission, its documentation (words from i18n), the
 * response schemas, and no-store. An upload route names its `authorize` check: run once the request is
 * routed, before any body is read.
 */
export function apiRoute(
  app: FastifyInstance,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  permission: Permission,
  operationId: WorkspaceOperation,
  handler: (req: Req, reply: FastifyReply) => Promise<unknown>,
  upload?: { authorize: (req: Req) => Promise<void> },
) {
  return app.route({
    method,
    url,
    config: { permission, upload: upload !== undefined },
    ...(upload ? { onRequest: async (req: FastifyRequest) => upload.authorize(req as Req) } : {}),
    // The readable documentation (/api/docs) takes each operation's words from i18n, in both languages.
    schema: { tags, operationId, summary: workspaceMessages.en.apiOps[operationId], response: responses },
    handler: async (req, reply) => {
      // Signed-in answers are personal: never kept by a shared cache.
      reply.header('cache-control', 'no-store');
      return handler(req as Req, reply);
    },
  });
}

export function workspaceApiRoutes(app: FastifyInstance, store: Store): void {
  const route = (...args: Parameters<typeof apiRoute> extends [FastifyInstance, ...infer R] ? R : never) => apiRoute(app, ...args);

  // ——— who is signed in, and the token for changes ———
  route('GET', '/api/v1/workspace/session', 'signed-in', 'getSession', async (req, reply) => {
    const a = req.actor!;
    return {
      account: { id: a.userId, name: a.name, email: a.email, role: a.role, agencyId: a.agencyId, governmentId: a.governmentId },
      csrfToken: csrfToken(reply),
    };
  });

  // ——— commitments ———
  route('GET', '/api/v1/workspace/commitments/:id', 'workspace', 'getEditableCommitment', async (req) => {
    const c = await E.getEditableCommitment(store, req.actor, idParam(req.params.id, 'commitment'));
    return { id: c.detail.id, version: c.version, values: c.values, detail: c.detail, canReorganise: c.canReorganise };
  });
  route('PUT', '/api/v1/workspace/commitments/:id', 'workspace', 'saveCommitment', async (req, reply) =>
    send(req, reply, await E.saveCommitment(store, req.actor, idParam(req.params.id, 'commitment'), body(req))),
  );
  route('POST', '/api/v1/workspace/commitments/:id/activities', 'workspace', 'addActivity', async (req, reply) =>
    send(req, reply, await E.addActivity(store, req.actor, idParam(req.params.id, 'commitment'), body(req)), true),
  );
  route(
    'POST',
    '/api/v1/workspace/commitments/:id/evidence',
    'workspace',
    'addEvidence',
    async (req, reply) => {
      const id = idParam(req.params.id, 'commitment');
      if (!req.isMultipart()) return send(req, reply, await E.addLink(store, req.actor, id, body(req)), true);
      const lang = requestLang(req);
      const form = await readUploadForm(req, { lang });
      try {
        return send(req, reply, await E.addFile(store, req.actor, id, form.fields, form.file), true);
      } catch (e) {
        throw localizeUploadError(e, lang);
      }
    },
    { authorize: (req) => E.assertMayEdit(store, req.actor, idParam(req.params.id, 'commitment')) },
  );
  route('POST', '/api/v1/workspace/commitments/:id/sources', 'workspace', 'addSource', async (req, reply) =>
    send(req, reply, await E.addSource(store, req.actor, idParam(req.params.id, 'commitment'), body(req)), true),
  );
  route('POST', '/api/v1/workspace/commitments/:id/lead-agency', 'coordinator', 'changeLeadAgency', async (req, reply) =>
    send(req, reply, await E.changeLeadAgency(store, req.actor, idParam(req.params.id, 'commitment'), body(req)), true),
  );
  route('POST', '/api/v1/workspace/commitments/:id/contact', 'workspace', 'changeContact', async (req, reply) =>
    send(req, reply, await E.changeContact(store, req.actor, idParam(req.params.id, 'commitment'), body(req)), true),
  );

  // ——— activities, evidence, sources ———
  route('GET', '/api/v1/workspace/activities/:id', 'workspace', 'getEditableActivity', async (req) => {
    const a = await E.getEditableActivity(store, req.actor, idParam(req.params.id, 'activity'));
    return { id: a.activity.id, number: a.activity.number, commitment: a.commitment, version: a.version, values: a.values };
  });
  route('PUT', '/api/v1/workspace/activities/:id', 'workspace', 'saveActivity', async (req, reply) =>
    send(req, reply, await E.saveActivity(store, req.actor, idParam(req.params.id, 'activity'), body(req))),
  );
  route('DELETE', '/api/v1/workspace/activities/:id', 'workspace', 'deleteActivity', async (req, reply) => {
    await E.deleteActivity(store, req.actor, idParam(req.params.id, 'activity'));
    return reply.code(200).send({ deleted: true });
  });
  route('POST', '/api/v1/workspace/activities/:id/move', 'workspace', 'moveActivity', async (req) => {
    const { direction, ...rest } = body(req);
    const unknown = Object.keys(rest)[0];
    if (unknown) throw new AppError('invalid_input', { field: unknown, value: '' });
    const commitmentId = await E.moveActivity(store, req.actor, idParam(req.params.id, 'activity'), direction);
    return { moved: direction, commitmentId };
  });
  route('DELETE', '/api/v1/workspace/evidence/:id', 'workspace', 'deleteEvidence', async (req) => {
    const commitmentId = await E.deleteEvidence(store, req.actor, idParam(req.params.id, 'evidence'));
    return { deleted: true, commitmentId };
  });
  route('DELETE', '/api/v1/workspace/sources/:id', 'workspace', 'deleteSource', async (req) => {
    const commitmentId = await E.deleteSource(store, req.actor, idParam(req.params.id, 'source'));
    return { deleted: true, commitmentId };
  });

  // ——— rounds ———
  route('POST', '/api/v1/workspace/plans/:id/rounds', 'coordinator', 'openRound', async (req, reply) =>
    send(req, reply, await R.openRound(store, req.actor, idParam(req.params.id, 'plan'), body(req), app.now()), true),
  );
  route('GET', '/api/v1/workspace/rounds/:id', 'workspace', 'getRoundBoard', async (req) => {
    const b = await R.getRoundBoard(store, req.actor, idParam(req.params.id, 'round'));
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
  });
  route('POST', '/api/v1/workspace/rounds/:id/publish', 'coordinator', 'publishRound', async (req) => {
    const id = idParam(req.params.id, 'round');
    await R.publishRound(store, req.actor, id, app.now());
    return { published: true, id };
  });
  const ids = (req: Req) => [idParam(req.params.id, 'round'), idParam(req.params.cid, 'commitment')] as const;
  route('GET', '/api/v1/workspace/rounds/:id/assessments/:cid', 'workspace', 'getAssessment', async (req) => {
    const f = await R.getAssessmentForm(store, req.actor, ...ids(req));
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
    };
  });
  route('PUT', '/api/v1/workspace/rounds/:id/assessments/:cid', 'workspace', 'saveAssessment', async (req, reply) => {
    const { submit, ...input } = body(req);
    if (submit !== undefined && typeof submit !== 'boolean')
      throw new AppError('invalid_input', { field: 'submit', value: String(submit) });
    return send(req, reply, await R.saveAssessment(store, req.actor, ...ids(req), input, { submit: submit === true }, app.now()));
  });
  route('POST', '/api/v1/workspace/rounds/:id/assessments/:cid/decision', 'coordinator', 'decideAssessment', async (req, reply) =>
    send(req, reply, await R.decideAssessment(store, req.actor, ...ids(req), body(req), app.now())),
  );
  route('POST', '/api/v1/workspace/rounds/:id/assessments/:cid/corrections', 'coordinator', 'correctAssessment', async (req, reply) =>
    send(req, reply, await R.correctAssessment(store, req.actor, ...ids(req), body(req), app.now()), true),
  );
}
