import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { FieldError } from '../domain/fields.js';
import { AppError } from '../errors.js';
import { isLang, LANGS, type Lang } from '../i18n/lang.js';
import { workspaceMessages, type WorkspaceOperation } from '../i18n/workspace.js';
import { servedOverHttps } from './https.js';
import { LANG_COOKIE, neutralPath, pageContext, queryString } from './bilingual.js';
import { acceptLanguage, requestLang } from './negotiate.js';
import type { Permission } from './permissions.js';
import { FieldsRefused, readPath } from './request-schemas.js';
import { href } from './views/format.js';
import type { PageContext } from './views/layout.js';
import { WORKSPACE_RESPONSES } from './answers.js';

/**
 * The one way a route is registered (decision 027): what it is (a page or a form in both languages,
 * an operation of the JSON API, another GET), who may call it, and its schemas — the params,
 * querystring and body that fastify validates (src/http/request-schemas.ts), that type the handler's
 * request, and that @fastify/swagger writes into the OpenAPI document of the API's operations.
 *
 * A path that names nothing is a 404 and a wrong query a 400 before the handler runs. A form's fields
 * that its schema refuses are answered where the policy is asked: by `refuse` before the handler, when
 * the route's permission rule is the whole policy (sign-in, the admin's API); otherwise by the
 * handler's service, which asks the policy about the very thing named first and checks the same
 * schema (domain/fields.ts, the same compiled validator), adding the domain's own rules to the same
 * answer — the page shown again with the messages and the values as typed, or the API's 400.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Schemas {
  params?: TSchema;
  querystring?: TSchema;
  /** A schema, or one per media type (`{ content: { 'application/json': { schema } } }`): a form that may carry a file. */
  body?: TSchema | { content: Record<string, { schema: TSchema }> };
}

interface Common extends Schemas {
  permission: Permission;
  /** The fields' errors refused before the handler, in these words (the rule is the whole policy). */
  refuse?: (errors: FieldError[], lang: Lang) => AppError;
  /** A route that takes a file: who may send it is asked as soon as it is routed, before its body is read. */
  upload?: (req: FastifyRequest<{ Params: { id: number } }>) => Promise<unknown>;
}

/** A page, GET at `page` in Spanish and under /en in English. */
interface PageSpec extends Common {
  page: string;
}
/** A form's POST at `form` and under /en. */
interface FormSpec extends Common {
  form: string;
}
/** An operation of the JSON API: 'PUT /api/v1/…'. Its words in the OpenAPI document come from i18n (apiOps). */
interface ApiSpec extends Common {
  api: `${Method} /api/${string}`;
  operationId: string;
  summary?: string;
  /** 'v1': published data (the route says how long it is kept); 'workspace' (default): personal, never kept. */
  tags?: readonly ['v1'] | readonly ['workspace'];
  response?: Record<number, unknown>;
}
/** Any other GET (a file, a feed): in both languages when `bilingual`. */
interface GetSpec extends Common {
  get: string;
  bilingual?: boolean;
}
export type RouteSpec = PageSpec | FormSpec | ApiSpec | GetSpec;

/** The request a handler gets, typed by the route's schemas (TypeBox's Static of each). */
export type RouteRequest<S extends Schemas = Schemas> = FastifyRequest<{
  // A part without a schema: what fastify leaves there, text.
  Params: S extends { params: infer P extends TSchema } ? Static<P> : Record<string, string>;
  Querystring: S extends { querystring: infer Q extends TSchema } ? Static<Q> : Record<string, string | undefined>;
  Body: S extends { body: infer B extends TSchema } ? Static<B> : unknown;
}>;

type Handler<S extends RouteSpec> = S extends PageSpec
  ? (req: RouteRequest<S>, reply: FastifyReply, ctx: PageContext) => Promise<unknown>
  : S extends FormSpec | GetSpec
    ? (req: RouteRequest<S>, reply: FastifyReply, lang: Lang) => Promise<unknown>
    : (req: RouteRequest<S>, reply: FastifyReply) => Promise<unknown>;

export function route<const S extends RouteSpec>(app: FastifyInstance, spec: S, handler: Handler<S>): void {
  const { params, querystring, body } = spec;
  const schema: Record<string, unknown> = {
    ...(params ? { params } : {}),
    ...(querystring ? { querystring } : {}),
    ...(body ? { body } : {}),
  };
  if ('api' in spec) {
    const [method, url] = spec.api.split(' ') as [Method, string];
    const tags = spec.tags ?? ['workspace'];
    Object.assign(schema, {
      tags,
      operationId: spec.operationId,
      summary: spec.summary ?? workspaceMessages.en.apiOps[spec.operationId as WorkspaceOperation],
      response: spec.response ?? WORKSPACE_RESPONSES,
    });
    register(
      app,
      spec,
      method,
      url,
      schema,
      (req, reply) => {
        // Signed-in answers are personal: never kept by a shared cache.
        if (tags[0] === 'workspace') reply.header('cache-control', 'no-store');
        return (handler as Handler<ApiSpec>)(req, reply);
      },
      requestLang,
    );
    return;
  }
  if ('get' in spec && !spec.bilingual) {
    register(
      app,
      spec,
      'GET',
      spec.get,
      schema,
      (req, reply) => (handler as Handler<GetSpec>)(req, reply, 'es'),
      () => 'es',
    );
    return;
  }
  for (const lang of LANGS) {
    const path = 'page' in spec ? spec.page : 'form' in spec ? spec.form : spec.get;
    const url = lang === 'es' ? path : path === '/' ? '/en' : `/en${path}`;
    if ('page' in spec)
      register(
        app,
        spec,
        'GET',
        url,
        schema,
        (req, reply, judge) => page(req, reply, lang, handler as Handler<PageSpec>, judge),
        () => lang,
        true,
      );
    else
      register(
        app,
        spec,
        'form' in spec ? 'POST' : 'GET',
        url,
        schema,
        (req, reply) => (handler as Handler<FormSpec>)(req, reply, lang),
        () => lang,
      );
  }
}

function register(
  app: FastifyInstance,
  spec: Common,
  method: Method,
  url: string,
  schema: Record<string, unknown>,
  handler: (req: RouteRequest, reply: FastifyReply, judge: () => void) => Promise<unknown>,
  langOf: (req: FastifyRequest) => Lang,
  /** A page judges what it was sent itself, after the redirects to the reader's language (which any address gets). */
  judgedByHandler = false,
): void {
  const { upload, refuse } = spec;
  app.route({
    method,
    url,
    config: { permission: spec.permission, upload: upload !== undefined },
    schema,
    // Validation never answers by itself: a forged post is refused (403) before anything it sent is judged,
    // and the fields of a form are answered after the policy (above).
    attachValidation: true,
    // Its path read first, as the validator will: the check runs before the body, and so before validation.
    ...(upload
      ? {
          onRequest: async (req: FastifyRequest) => {
            if (schema.params) req.params = readPath(schema.params as TSchema, req.params);
            await upload(req as FastifyRequest<{ Params: { id: number } }>);
          },
        }
      : {}),
    // A JSON null is no object of fields (fastify hands the validator a missing body as null too).
    ...(schema.body ? { preValidation: async (req: FastifyRequest) => void (req.body === null && refuseBody()) } : {}),
    handler: async (req, reply) => {
      const judge = () => {
        const failed = req.validationError;
        if (failed instanceof FieldsRefused) {
          if (refuse) throw refuse(failed.errors, langOf(req));
        } else if (failed) throw failed;
      };
      if (!judgedByHandler) judge();
      return handler(req as unknown as RouteRequest, reply, judge);
    },
  });
}

const refuseBody = () => {
  throw new AppError('invalid_input', { field: 'body', value: '' });
};

/** A page: `?lang=` records the reader's choice and goes there; a first visit in Spanish from an English browser goes to English. */
async function page(req: RouteRequest, reply: FastifyReply, lang: Lang, handler: Handler<PageSpec>, judge: () => void) {
  // The raw path, not the decoded parameters: what goes back into a Location header stays encoded.
  const neutral = neutralPath(req);
  const chosen = (req.query as Record<string, unknown>).lang;
  if (isLang(chosen)) {
    // Secure whenever the session cookie is: an https PUBLIC_URL, or TLS seen through a trusted proxy.
    reply.setCookie(LANG_COOKIE, chosen, {
      path: '/',
      maxAge: 365 * 24 * 3600,
      sameSite: 'lax',
      httpOnly: true,
      secure: servedOverHttps(req),
    });
    return reply.redirect(href(chosen, neutral) + queryString(req, ['lang']), 303);
  }
  if (lang === 'es') {
    reply.header('vary', 'Accept-Language, Cookie');
    const cookie = req.cookies[LANG_COOKIE];
    const wanted = isLang(cookie) ? cookie : (acceptLanguage(req.headers['accept-language']) ?? 'es');
    if (wanted === 'en') return reply.redirect(href('en', neutral) + queryString(req), 302);
  }
  judge();
  return handler(req, reply, pageContext(req, lang, neutral));
}

/** The fields a form (or an API body) sent, without its CSRF token: what the handler gives its service. */
export function sentFields(req: FastifyRequest): Record<string, unknown> {
  const { _csrf, ...fields } = (req.body ?? {}) as Record<string, unknown>;
  void _csrf;
  return fields;
}
