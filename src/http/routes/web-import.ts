import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { formSchema, type FieldError } from '../../domain/input.js';
import { AppError, isAppError } from '../../errors.js';
import { errorMessage, warningMessage } from '../../i18n/index.js';
import { refusalMessage } from '../../i18n/files.js';
import type { Lang } from '../../i18n/lang.js';
import { webImportMessages } from '../../i18n/web-import.js';
import { UploadRefusedError, uploadMaxBytes } from '../../services/evidence-files.js';
import { mergeAgencies, mergeChoices, MERGE_RULES, previewMerge, type MergeFieldError } from '../../services/workspace/agency-merge.js';
import {
  assertMayImport,
  confirmImport,
  CONFIRM_RULES,
  ImportRefusedError,
  importTarget,
  previewImport,
  PREVIEW_RULES,
  type ImportPreview,
  type SessionBinding,
} from '../../services/workspace/web-import.js';
import type { Store } from '../../storage/connect.js';
import { ERROR_SCHEMA, fieldsRefusal, html, WORKSPACE_RESPONSES } from '../answers.js';
import { csrfToken, sessionToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { requestLang } from '../negotiate.js';
import { pageQuery } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { ImportPage, ImportPreviewPage, MergePage } from '../views/workspace/web-import.js';
import { readUploadForm } from '../uploads.js';

/**
 * Issue 19's corrections of what imports make, in the workspace and the API:
 * - a Word report or plan imported from the browser (/espacio/importar): upload → preview (the import
 *   run and rolled back) → confirm (services/workspace/web-import.ts says how the file is kept between);
 * - two agencies that are the same body merged (/espacio/entidades/fusionar): choose → what moves → merge.
 * Coordinators (of their government) and admins; the services ask the policy.
 */

const IMPORT = '/espacio/importar';
const MERGE = '/espacio/entidades/fusionar';
const ANY = Type.Object({}, { additionalProperties: true });

/** The session's secret binds a preview to the person's session (the route's rule guarantees one). */
function binding(req: FastifyRequest, now: string): SessionBinding {
  const secret = sessionToken(req);
  if (!secret) throw new AppError('unauthenticated');
  return { secret, now };
}

/** A refused file in words: an upload refusal, the reader's (not a report, a PDF…), or the import's own. Null: not a refusal. */
function refusalText(e: unknown, lang: Lang): string | null {
  if (e instanceof UploadRefusedError) return refusalMessage(e.refusal, lang);
  if (e instanceof ImportRefusedError) return webImportMessages[lang].import.refusals[e.code](e.params);
  if (isAppError(e) && (e.code.startsWith('report_') || e.code === 'government_unknown')) return errorMessage(e, lang);
  return null;
}

const mergeErrors = (lang: Lang, errors: MergeFieldError[]): FieldError[] =>
  errors.map((e) => (e.reason ? { ...e, message: webImportMessages[lang].merge.reasons[e.reason] } : e));

/** The preview as the API gives it: the page's data, each warning with its words. */
const previewJson = (p: ImportPreview, lang: Lang) => ({
  ...p,
  warnings: p.warnings.map((w) => ({ code: w.code, commitment: w.commitment, line: w.line, message: warningMessage(w, lang) })),
});

export function webImportRoutes(app: FastifyInstance, store: Store): void {
  const uploadMaxMb = Math.round(uploadMaxBytes() / (1024 * 1024));

  const importPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    status: number,
    extra: { errors?: FieldError[]; values?: Record<string, unknown>; done?: { planId: number; changes: number } | null } = {},
  ) => {
    const target = await importTarget(store, req.actor);
    return html(
      reply,
      status,
      ImportPage({
        ctx: pageContext(req, lang, IMPORT),
        csrf: csrfToken(reply),
        uploadMaxMb,
        governments: target.governments,
        ownGovernment: target.own,
        ...extra,
      }),
    );
  };

  route(app, { page: IMPORT, permission: 'workspace', querystring: pageQuery(['plan', 'cambios']) }, async (req, reply, ctx) => {
    const planId = Number(req.query.plan);
    const done = Number.isSafeInteger(planId) && planId > 0 ? { planId, changes: Number(req.query.cambios) || 0 } : null;
    return importPage(req, reply, ctx.lang, 200, { done });
  });

  route(
    app,
    {
      form: IMPORT,
      permission: 'workspace',
      body: { content: { 'multipart/form-data': { schema: formSchema(PREVIEW_RULES) } } },
      upload: async (req) => assertMayImport(req.actor),
    },
    async (req, reply, lang) => {
      const form = await readUploadForm(req, { lang });
      const fields = sentFields(req);
      try {
        const result = await previewImport(store, req.actor, { fields, file: form.file }, binding(req, app.now()));
        if (!result.ok) return importPage(req, reply, lang, 400, { errors: result.errors, values: fields });
        return html(
          reply,
          200,
          ImportPreviewPage({ ctx: pageContext(req, lang, IMPORT), csrf: csrfToken(reply), preview: result.preview }),
        );
      } catch (e) {
        const text = refusalText(e, lang);
        if (text === null) throw e;
        return importPage(req, reply, lang, 400, { errors: [{ field: 'file', code: 'invalid_choice', message: text }], values: fields });
      }
    },
  );

  route(app, { form: `${IMPORT}/confirmar`, permission: 'workspace', body: formSchema(CONFIRM_RULES) }, async (req, reply, lang) => {
    const result = await confirmImport(store, req.actor, sentFields(req), binding(req, app.now()));
    if (result.ok) return reply.redirect(`${href(lang, IMPORT)}?plan=${result.result.planId}&cambios=${result.result.changes}`, 303);
    if ('stale' in result)
      return html(
        reply,
        409,
        ImportPreviewPage({ ctx: pageContext(req, lang, IMPORT), csrf: csrfToken(reply), preview: result.stale, stale: true }),
      );
    const errors: FieldError[] =
      'refused' in result
        ? [{ field: 'file', code: 'invalid_choice', message: webImportMessages[lang].import.refusals[result.refused]({}) }]
        : result.errors;
    return importPage(req, reply, lang, 400, { errors });
  });

  route(
    app,
    {
      api: 'POST /api/v1/workspace/imports',
      operationId: 'previewImport',
      permission: 'workspace',
      body: { content: { 'multipart/form-data': { schema: formSchema(PREVIEW_RULES) } } },
      upload: async (req) => assertMayImport(req.actor),
    },
    async (req) => {
      const lang = requestLang(req);
      const form = await readUploadForm(req, { lang });
      try {
        const result = await previewImport(store, req.actor, { fields: sentFields(req), file: form.file }, binding(req, app.now()));
        if (!result.ok) throw fieldsRefusal(lang, result.errors);
        return previewJson(result.preview, lang);
      } catch (e) {
        const text = refusalText(e, lang);
        if (text === null) throw e;
        throw new AppError('invalid_input', { field: 'file', value: text }, { file: text });
      }
    },
  );

  route(
    app,
    {
      api: 'POST /api/v1/workspace/imports/confirm',
      operationId: 'confirmImport',
      permission: 'workspace',
      body: formSchema(CONFIRM_RULES),
      response: { ...WORKSPACE_RESPONSES, 409: ANY },
    },
    async (req, reply) => {
      const lang = requestLang(req);
      const result = await confirmImport(store, req.actor, sentFields(req), binding(req, app.now()));
      if (result.ok) return reply.code(201).send(result.result);
      if ('stale' in result)
        return reply.code(409).send({
          error: { code: 'conflict', message: webImportMessages[lang].import.stale },
          preview: previewJson(result.stale, lang),
        });
      if ('refused' in result) {
        // Without its full stop: the API's message adds one.
        const text = webImportMessages[lang].import.refusals[result.refused]({}).replace(/\.$/, '');
        throw new AppError('invalid_input', { field: 'token', value: text }, { token: text });
      }
      throw fieldsRefusal(lang, result.errors);
    },
  );

  // ——— agencies that are the same body ———

  const mergePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    status: number,
    extra: { values?: Record<string, unknown>; errors?: FieldError[]; preview?: Parameters<typeof MergePage>[0]['preview']; done?: string },
  ) => {
    const choices = await mergeChoices(store, req.actor);
    // After a merge: the agency kept, by its id.
    const done = extra.done === undefined ? null : (choices.find((a) => String(a.id) === extra.done)?.name ?? null);
    return html(
      reply,
      status,
      MergePage({
        ctx: pageContext(req, lang, MERGE),
        csrf: csrfToken(reply),
        choices,
        values: extra.values ?? {},
        errors: extra.errors ?? [],
        preview: extra.preview ?? null,
        done,
      }),
    );
  };

  route(app, { page: MERGE, permission: 'workspace', querystring: pageQuery(['merged', 'kept', 'hecho']) }, async (req, reply, ctx) => {
    const { merged, kept, hecho } = req.query;
    if (merged === undefined && kept === undefined) return mergePage(req, reply, ctx.lang, 200, hecho === undefined ? {} : { done: hecho });
    const input = { merged, kept };
    const result = await previewMerge(store, req.actor, input);
    if (!result.ok) return mergePage(req, reply, ctx.lang, 400, { values: input, errors: mergeErrors(ctx.lang, result.errors) });
    return mergePage(req, reply, ctx.lang, 200, { values: input, preview: result.preview });
  });

  route(app, { form: MERGE, permission: 'workspace', body: formSchema(MERGE_RULES) }, async (req, reply, lang) => {
    const input = sentFields(req);
    const result = await mergeAgencies(store, req.actor, input, app.now());
    if (!result.ok) return mergePage(req, reply, lang, 400, { values: input, errors: mergeErrors(lang, result.errors) });
    return reply.redirect(`${href(lang, MERGE)}?hecho=${result.kept}`, 303);
  });

  const mergeResponse = { 200: ANY, 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };
  route(
    app,
    {
      api: 'GET /api/v1/workspace/agency-merges',
      operationId: 'previewAgencyMerge',
      permission: 'workspace',
      querystring: pageQuery(['merged', 'kept']),
      response: mergeResponse,
    },
    async (req) => {
      const lang = requestLang(req);
      const result = await previewMerge(store, req.actor, { merged: req.query.merged, kept: req.query.kept });
      if (!result.ok) throw fieldsRefusal(lang, mergeErrors(lang, result.errors));
      return result.preview;
    },
  );

  route(
    app,
    {
      api: 'POST /api/v1/workspace/agency-merges',
      operationId: 'mergeAgencies',
      permission: 'workspace',
      body: formSchema(MERGE_RULES),
      response: mergeResponse,
    },
    async (req) => {
      const lang = requestLang(req);
      const result = await mergeAgencies(store, req.actor, sentFields(req), app.now());
      if (!result.ok) throw fieldsRefusal(lang, mergeErrors(lang, result.errors));
      const { ok: _ok, ...rest } = result;
      return rest;
    },
  );
}
