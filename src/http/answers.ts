import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { FieldError, Values } from '../domain/fields.js';
import { AppError } from '../errors.js';
import { errorMessage, type Lang } from '../i18n/index.js';
import { fieldErrorText } from '../i18n/workspace.js';
import { requestLang } from './negotiate.js';
import { renderPage } from './views/layout.js';

/** How handlers answer: a page, back to where a form came from, an operation's result as JSON. */

export const html = (reply: FastifyReply, status: number, page: preact.VNode) =>
  reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));

/** Back to the page a form came from, with the "saved" message. */
export const back = (reply: FastifyReply, url: string) => reply.redirect(`${url}${url.includes('?') ? '&' : '?'}guardado=1`, 303);

/** Field errors as the API's one error shape, each message naming its field in the asker's language. */
export function fieldsRefusal(lang: Lang, errors: FieldError[], text: (lang: Lang, e: FieldError) => string = fieldErrorText): AppError {
  const fields = Object.fromEntries(errors.map((e) => [e.field, text(lang, e)]));
  const first = errors[0]!;
  return new AppError('invalid_input', { field: first.field, value: text(lang, first) }, fields);
}

/** What a service's operation answers: done, the fields' errors, or someone else's save first. */
export type Result =
  | { ok: true; version?: number; id?: number; stage?: string }
  | { ok: false; errors: FieldError[] }
  | { ok: false; conflict: { theirs: Values; mine: Values; version: number } };

/** An operation's result through the API: 200/201 with what changed, 400 naming the fields, 409 with what is stored now. */
export function sendResult(req: FastifyRequest, reply: FastifyReply, result: Result, created = false) {
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
  throw fieldsRefusal(lang, result.errors);
}

/** The API's errors: `{ error: { code, message, fields? } }`. */
export const ERROR_SCHEMA = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Each wrong field, its message.' })),
  }),
});

const ANY = Type.Object({}, { additionalProperties: true });
const WORKSPACE_ERROR = Type.Object({
  error: ERROR_SCHEMA.properties.error,
  // With a 409: what is stored now, and the version to save against.
  current: Type.Optional(Type.Object({ version: Type.Integer(), values: ANY })),
});
export const WORKSPACE_RESPONSES = {
  200: ANY,
  201: ANY,
  400: WORKSPACE_ERROR,
  401: WORKSPACE_ERROR,
  403: WORKSPACE_ERROR,
  404: WORKSPACE_ERROR,
  409: WORKSPACE_ERROR,
};
