import { AppError } from '../errors.js';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormRefusalCode } from '../i18n/files.js';
import type { Lang } from '../i18n/lang.js';
import { UploadRefusedError, uploadMaxBytes } from '../services/evidence-files.js';
import { visitorLang } from './bilingual.js';
import { requestLang } from './negotiate.js';

/**
 * Multipart forms with one file: parsed with @fastify/multipart under small limits, read into memory
 * (at most UPLOAD_MAX_MB), and every way the form can be wrong answered as an UploadRefusedError — a
 * 400 (413 too large, 415 not multipart) whose message says what to do, never a 500.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes a multipart form with a file: it is read before the CSRF check (see registerUploads). */
    upload?: boolean;
  }
  interface FastifyRequest {
    /** The form of a route with `config.upload`, read in preValidation; null elsewhere. */
    uploadForm: UploadForm | null;
  }
}

/** Fields a form with a file may carry besides it (description, activity, CSRF token, version…). */
export const UPLOAD_MAX_FIELDS = 20;
/** Bytes of one field's value: descriptions are at most a couple of thousand characters. */
const FIELD_MAX_BYTES = 64 * 1024;

/**
 * Registers multipart parsing. Call it before the routes. On a route with `config: { upload: true }`
 * a multipart body is read in preValidation — before the CSRF check (registered after it, also in
 * preValidation), which finds the form's `_csrf` field in `req.body` (the text fields; the file is in
 * `req.uploadForm`).
 * A refusal there is an UploadRefusedError in the visitor's language, answered by the app's error
 * handler. Other routes never read a multipart body.
 */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    // Keep the file name exactly as sent: a name with a folder in it is refused with a message, not
    // quietly cut down to its last part (busboy's default).
    preservePath: true,
    throwFileSizeLimit: true,
    limits: {
      fileSize: uploadMaxBytes(),
      files: 1,
      fields: UPLOAD_MAX_FIELDS,
      parts: UPLOAD_MAX_FIELDS + 1,
      fieldSize: FIELD_MAX_BYTES,
      fieldNameSize: 100,
      headerPairs: 20,
    },
  });
  app.decorateRequest('uploadForm', null);
  app.addHook('preValidation', async (req) => {
    // A multipart body sent to a route that takes none is never read: refused, rather than handled as an empty form (which saves).
    if (req.routeOptions.config?.upload !== true && req.isMultipart() && req.routeOptions.config?.permission)
      throw new AppError('invalid_input', { field: 'Content-Type', value: 'multipart/form-data' });
    if (req.routeOptions.config?.upload !== true || !req.isMultipart()) return;
    const lang = req.url.startsWith('/api/') ? requestLang(req) : visitorLang(req);
    const form = await parseUploadForm(req, { lang });
    req.uploadForm = form;
    req.body = { ...form.fields };
  });
}

export interface UploadForm {
  /** The form's text fields (each at most once). */
  fields: Record<string, string>;
  /** The file, or null when none was chosen (browsers send an empty part without a name). */
  file: { name: string; bytes: Buffer; field: string } | null;
}

export interface ReadUploadOptions {
  /** The language of the messages of refusals (default Spanish). */
  lang?: Lang;
  /** The file's form field, for the `fields` of errors about the form as a whole (default `file`). */
  fileField?: string;
}

/**
 * Reads a multipart form into its fields and its one file. Only the form is checked here (multipart,
 * limits, repeated or oversized fields); whether the file is acceptable is storeEvidenceFile's call.
 */
export async function readUploadForm(req: FastifyRequest, options: ReadUploadOptions = {}): Promise<UploadForm> {
  // Read already, on a route with `config.upload` (its refusals were raised there).
  if (req.uploadForm) return req.uploadForm;
  return parseUploadForm(req, options);
}

async function parseUploadForm(req: FastifyRequest, options: ReadUploadOptions): Promise<UploadForm> {
  const lang = options.lang ?? 'es';
  const fileField = options.fileField ?? 'file';
  const refuse = (code: FormRefusalCode | 'too_large', params: Record<string, string | number> = {}, field = fileField) =>
    new UploadRefusedError({ code, params }, lang, field);

  if (!req.isMultipart()) throw refuse('not_multipart');
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  let file: UploadForm['file'] = null;
  try {
    for await (const part of req.parts()) {
      const repeated = seen.has(part.fieldname);
      seen.add(part.fieldname);
      if (part.type === 'file') {
        // Read it even when it is refused below: multipart only moves on once a file is consumed.
        const bytes = await part.toBuffer();
        if (repeated) throw refuse('field_repeated', { field: part.fieldname }, part.fieldname);
        if (!part.filename && bytes.length === 0) continue;
        file = { name: part.filename ?? '', bytes, field: part.fieldname };
        continue;
      }
      if (repeated) throw refuse('field_repeated', { field: part.fieldname }, part.fieldname);
      if (part.fieldnameTruncated) throw refuse('field_name', { field: part.fieldname.slice(0, 40) }, part.fieldname);
      if (part.valueTruncated) throw refuse('field_too_long', { field: part.fieldname }, part.fieldname);
      // A part declared application/json arrives parsed; a form here carries text only.
      if (typeof part.value !== 'string') throw refuse('form_damaged', {}, part.fieldname);
      entries.push([part.fieldname, part.value]);
    }
  } catch (e) {
    throw multipartRefusal(e, refuse);
  }
  // Object.fromEntries defines own properties: a field named __proto__ cannot reach the prototype
  // (multipart refuses such names anyway).
  return { fields: Object.fromEntries(entries), file };
}

function multipartRefusal(
  e: unknown,
  refuse: (code: FormRefusalCode | 'too_large', params?: Record<string, string | number>) => UploadRefusedError,
): unknown {
  if (e instanceof UploadRefusedError) return e;
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return refuse('too_large', { limit: uploadMaxBytes() });
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return refuse('too_many_parts', { max: UPLOAD_MAX_FIELDS });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return refuse('not_multipart');
    case 'FST_PROTO_VIOLATION':
      return refuse('field_name', { field: '__proto__' });
    case 'FST_INVALID_JSON_FIELD_ERROR':
    case 'FST_MP_PREMATURE_CLOSE':
      return refuse('form_damaged');
  }
  // busboy's own errors carry no code: a missing boundary, a body cut short, a malformed part.
  const message = e instanceof Error ? e.message : '';
  if (/^Multipart: |Unexpected end of (multipart|form)|terminated early|Malformed|boundary/i.test(message)) return refuse('form_damaged');
  return e;
}

/** Any error, with an upload refusal re-worded in the reader's language (and, if given, under a form field). */
export function localizeUploadError(e: unknown, lang: Lang, field?: string): unknown {
  return e instanceof UploadRefusedError ? e.as(lang, field ?? e.field) : e;
}
