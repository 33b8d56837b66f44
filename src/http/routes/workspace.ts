import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, Values } from '../../domain/input.js';
import { AppError, isAppError } from '../../errors.js';
import { errorMessage, type Lang } from '../../i18n/index.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import { refusalMessage } from '../../i18n/files.js';
import { uploadMaxBytes, UploadRefusedError } from '../../services/evidence-files.js';
import * as E from '../../services/workspace/commitments.js';
import { getWorkspaceHome } from '../../services/workspace/home.js';
import { getCommitmentIndicators } from '../../services/indicators.js';
import * as R from '../../services/workspace/rounds.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import type { Permission } from '../permissions.js';
import { readUploadForm } from '../uploads.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';
import { ActivityEditPage } from '../views/workspace/activity.js';
import { AssessmentPage } from '../views/workspace/assessment.js';
import { CommitmentEditPage, type EditForm } from '../views/workspace/commitment.js';
import { WorkspaceHomePage } from '../views/workspace/home.js';
import { RoundBoardPage, RoundNewPage } from '../views/workspace/rounds.js';
import { idParam } from './pages.js';

/**
 * The workspace pages: each form posts to its own address, and then either goes back to the page it
 * came from (303, with a message), or shows that page again with the errors and the values as typed
 * (400), or — when someone else saved first — both versions to merge (409). Handlers parse, call a
 * service, render; what may be done is the service's call.
 */
export type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>;

export const html = (reply: FastifyReply, status: number, page: preact.VNode) =>
  reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));

/** A form's fields: strings, or lists when a name repeats (checkboxes). A body that is not fields (text/plain, a JSON list) is refused, not read as an empty form. */
export function formBody(req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('invalid_input', { field: 'body', value: '' });
  return { ...(body as Record<string, unknown>) };
}

export function without(input: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...input };
  for (const k of keys) delete copy[k];
  return copy;
}

/**
 * Registers a POST in both languages. An upload route names its `authorize` check: it runs as soon as
 * the request is routed (onRequest), so the body of someone who may not send it is never read.
 */
export function post(
  app: FastifyInstance,
  path: string,
  permission: Permission,
  handler: (req: Req, reply: FastifyReply, lang: Lang) => Promise<unknown>,
  upload?: { authorize: (req: Req) => Promise<void> },
) {
  for (const lang of ['es', 'en'] as const) {
    app.post(
      lang === 'es' ? path : `/en${path}`,
      {
        config: { permission, upload: upload !== undefined },
        ...(upload ? { onRequest: async (req: FastifyRequest) => upload.authorize(req as Req) } : {}),
      },
      async (req, reply) => handler(req as Req, reply, lang),
    );
  }
}

export const back = (reply: FastifyReply, url: string) => reply.redirect(`${url}${url.includes('?') ? '&' : '?'}guardado=1`, 303);

export function workspaceRoutes(app: FastifyInstance, store: Store): void {
  const uploadMaxMb = Math.round(uploadMaxBytes() / (1024 * 1024));

  bilingualPage(
    app,
    '/espacio',
    async (req, reply, ctx) =>
      html(reply, 200, WorkspaceHomePage({ ctx, actor: req.actor!, home: await getWorkspaceHome(store, req.actor) })),
    'workspace',
  );

  // ——— a commitment ———

  const commitmentPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    extra: {
      failed?: { form: EditForm; errors: FieldError[]; values: Values };
      conflict?: { theirs: Values; mine: Values; version: number };
    } = {},
  ) => {
    const data = await E.getEditableCommitment(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${id}`);
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    const indicators = await getCommitmentIndicators(store, id, app.today());
    return html(
      reply,
      status,
      CommitmentEditPage({
        ctx,
        data,
        csrf: csrfToken(reply),
        flash,
        failed: extra.failed ?? null,
        conflict: extra.conflict ?? null,
        uploadMaxMb,
        indicators,
      }),
    );
  };

  bilingualPage<{ id: string }>(
    app,
    '/espacio/compromisos/:id',
    async (req, reply, ctx) => commitmentPage(req, reply, ctx.lang, idParam(req.params.id, 'commitment'), 200),
    'workspace',
  );

  /** What every commitment form does with a service's answer. */
  const answer = async (
    req: Req,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    form: EditForm,
    input: Record<string, unknown>,
    result: E.SaveResult,
  ) => {
    if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${id}`));
    if ('conflict' in result) return commitmentPage(req, reply, lang, id, 409, { conflict: result.conflict });
    return commitmentPage(req, reply, lang, id, 400, { failed: { form, errors: result.errors, values: input as Values } });
  };

  // The commitment's forms: each posts to its own address and calls one service operation.
  const forms: [suffix: string, permission: Permission, form: EditForm, operation: typeof E.saveCommitment][] = [
    ['', 'workspace', 'fields', E.saveCommitment],
    ['/actividades', 'workspace', 'activity', E.addActivity],
    ['/evidencias', 'workspace', 'link', E.addLink],
    ['/fuentes', 'workspace', 'source', E.addSource],
    ['/responsable', 'coordinator', 'agency', E.changeLeadAgency],
    ['/contacto', 'workspace', 'contact', E.changeContact],
  ];
  for (const [suffix, permission, form, operation] of forms) {
    post(app, `/espacio/compromisos/:id${suffix}`, permission, async (req, reply, lang) => {
      const id = idParam(req.params.id, 'commitment');
      const input = without(formBody(req), '_csrf');
      return answer(req, reply, lang, id, form, input, await operation(store, req.actor, id, input));
    });
  }
  post(
    app,
    '/espacio/compromisos/:id/archivos',
    'workspace',
    async (req, reply, lang) => {
      const id = idParam(req.params.id, 'commitment');
      const form = await readUploadForm(req, { lang });
      const fields = without(form.fields, '_csrf');
      try {
        return answer(req, reply, lang, id, 'file', fields, await E.addFile(store, req.actor, id, fields, form.file));
      } catch (e) {
        if (!(e instanceof UploadRefusedError)) throw e;
        const refused: FieldError = { field: 'file', code: 'invalid_choice', message: refusalMessage(e.refusal, lang) };
        return commitmentPage(req, reply, lang, id, 400, { failed: { form: 'file', errors: [refused], values: fields as Values } });
      }
    },
    { authorize: (req) => E.assertMayEdit(store, req.actor, idParam(req.params.id, 'commitment')) },
  );
  post(app, '/espacio/evidencias/:id/eliminar', 'workspace', async (req, reply, lang) => {
    const commitmentId = await E.deleteEvidence(store, req.actor, idParam(req.params.id, 'evidence'));
    return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
  });
  post(app, '/espacio/fuentes/:id/eliminar', 'workspace', async (req, reply, lang) => {
    const commitmentId = await E.deleteSource(store, req.actor, idParam(req.params.id, 'source'));
    return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
  });

  // ——— an activity ———

  const activityPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    errors: FieldError[] = [],
    typed: Values | null = null,
    conflict: { theirs: Values; mine: Values; version: number } | null = null,
  ) => {
    const a = await E.getEditableActivity(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/actividades/${id}`);
    return html(
      reply,
      status,
      ActivityEditPage({
        ctx,
        csrf: csrfToken(reply),
        activity: { id, number: a.activity.number, commitment: a.commitment },
        values: typed ?? a.values,
        version: a.version,
        errors,
        conflict,
      }),
    );
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/actividades/:id',
    async (req, reply, ctx) => activityPage(req, reply, ctx.lang, idParam(req.params.id, 'activity'), 200),
    'workspace',
  );
  post(app, '/espacio/actividades/:id', 'workspace', async (req, reply, lang) => {
    const id = idParam(req.params.id, 'activity');
    const input = without(formBody(req), '_csrf');
    const result = await E.saveActivity(store, req.actor, id, input);
    if (result.ok)
      return back(reply, href(lang, `/espacio/compromisos/${(await E.getEditableActivity(store, req.actor, id)).commitment.id}`));
    if ('conflict' in result) return activityPage(req, reply, lang, id, 409, [], null, result.conflict);
    return activityPage(req, reply, lang, id, 400, result.errors, input as Values);
  });
  post(app, '/espacio/actividades/:id/eliminar', 'workspace', async (req, reply, lang) => {
    const commitmentId = await E.deleteActivity(store, req.actor, idParam(req.params.id, 'activity'));
    return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
  });
  post(app, '/espacio/actividades/:id/mover', 'workspace', async (req, reply, lang) => {
    // As the API does: a field the form does not have is refused by name, not ignored.
    const { direction, ...rest } = without(formBody(req), '_csrf');
    const unknown = Object.keys(rest)[0];
    if (unknown) throw new AppError('invalid_input', { field: unknown.slice(0, 60), value: '' });
    const commitmentId = await E.moveActivity(store, req.actor, idParam(req.params.id, 'activity'), direction);
    return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
  });

  // ——— rounds ———

  const roundNewPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    values: Values = {},
    errors: FieldError[] = [],
  ) => {
    const plan = await R.getRoundOpening(store, req.actor, planId);
    return html(
      reply,
      status,
      RoundNewPage({
        ctx: pageContext(req, lang, `/espacio/planes/${planId}/evaluaciones/nueva`),
        csrf: csrfToken(reply),
        plan,
        values,
        errors,
      }),
    );
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/evaluaciones/nueva',
    async (req, reply, ctx) => roundNewPage(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );
  post(app, '/espacio/planes/:id/evaluaciones', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    const input = without(formBody(req), '_csrf');
    const result = await R.openRound(store, req.actor, planId, input, app.now());
    if (result.ok) return back(reply, href(lang, `/espacio/evaluaciones/${result.id}`));
    return roundNewPage(req, reply, lang, planId, 400, input as Values, result.errors);
  });

  const boardPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    roundId: number,
    status: number,
    error: string | null = null,
  ) => {
    const board = await R.getRoundBoard(store, req.actor, roundId);
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    return html(
      reply,
      status,
      RoundBoardPage({ ctx: pageContext(req, lang, `/espacio/evaluaciones/${roundId}`), csrf: csrfToken(reply), board, flash, error }),
    );
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/evaluaciones/:id',
    async (req, reply, ctx) => boardPage(req, reply, ctx.lang, idParam(req.params.id, 'round'), 200),
    'workspace',
  );
  post(app, '/espacio/evaluaciones/:id/publicar', 'coordinator', async (req, reply, lang) => {
    const roundId = idParam(req.params.id, 'round');
    try {
      await R.publishRound(store, req.actor, roundId, app.now());
    } catch (e) {
      if (isAppError(e) && (e.code === 'round_not_ready' || e.code === 'round_closed'))
        return boardPage(req, reply, lang, roundId, 409, errorMessage(e, lang));
      throw e;
    }
    return back(reply, href(lang, `/espacio/evaluaciones/${roundId}`));
  });

  const assessmentPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    roundId: number,
    commitmentId: number,
    status: number,
    extra: Partial<Pick<Parameters<typeof AssessmentPage>[0], 'failed' | 'conflict'>> = {},
  ) => {
    const data = await R.getAssessmentForm(store, req.actor, roundId, commitmentId);
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    const ctx = pageContext(req, lang, `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`);
    return html(
      reply,
      status,
      AssessmentPage({ ctx, csrf: csrfToken(reply), data, flash, failed: extra.failed ?? null, conflict: extra.conflict ?? null }),
    );
  };
  bilingualPage<{ id: string; cid: string }>(
    app,
    '/espacio/evaluaciones/:id/compromisos/:cid',
    async (req, reply, ctx) =>
      assessmentPage(req, reply, ctx.lang, idParam(req.params.id, 'round'), idParam(req.params.cid, 'commitment'), 200),
    'workspace',
  );
  post(app, '/espacio/evaluaciones/:id/compromisos/:cid', 'workspace', async (req, reply, lang) => {
    const roundId = idParam(req.params.id, 'round');
    const commitmentId = idParam(req.params.cid, 'commitment');
    const body = formBody(req);
    // A form sends every field; with no box ticked, the browser sends no `evidenceIds` at all: none cited.
    const input = { evidenceIds: [], ...without(body, '_csrf', 'action') };
    const result = await R.saveAssessment(store, req.actor, roundId, commitmentId, input, { submit: body.action === 'submit' }, app.now());
    const url = href(lang, `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`);
    if (result.ok) return back(reply, url);
    if ('conflict' in result) return assessmentPage(req, reply, lang, roundId, commitmentId, 409, { conflict: result.conflict });
    return assessmentPage(req, reply, lang, roundId, commitmentId, 400, {
      failed: { form: 'draft', errors: result.errors, values: input as Values },
    });
  });
  post(app, '/espacio/evaluaciones/:id/compromisos/:cid/decision', 'coordinator', async (req, reply, lang) => {
    const roundId = idParam(req.params.id, 'round');
    const commitmentId = idParam(req.params.cid, 'commitment');
    const input = without(formBody(req), '_csrf');
    const result = await R.decideAssessment(store, req.actor, roundId, commitmentId, input, app.now());
    if (result.ok) return back(reply, href(lang, `/espacio/evaluaciones/${roundId}`));
    if ('conflict' in result) return assessmentPage(req, reply, lang, roundId, commitmentId, 409, { conflict: result.conflict });
    return assessmentPage(req, reply, lang, roundId, commitmentId, 400, {
      failed: { form: 'decision', errors: result.errors, values: input as Values },
    });
  });
  post(app, '/espacio/evaluaciones/:id/compromisos/:cid/correccion', 'coordinator', async (req, reply, lang) => {
    const roundId = idParam(req.params.id, 'round');
    const commitmentId = idParam(req.params.cid, 'commitment');
    const input = without(formBody(req), '_csrf');
    const result = await R.correctAssessment(store, req.actor, roundId, commitmentId, input, app.now());
    if (result.ok) return back(reply, href(lang, `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`));
    return assessmentPage(req, reply, lang, roundId, commitmentId, 400, {
      failed: { form: 'correction', errors: result.errors, values: input as Values },
    });
  });
}
