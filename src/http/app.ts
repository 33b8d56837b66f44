import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors.js';
import { errorMessage, messages } from '../i18n/index.js';
import type { Store } from '../storage/connect.js';
import { requestLang } from './negotiate.js';
import { isPermission, type Permission } from './permissions.js';
import { apiRoutes } from './routes/api.js';
import { assetRoutes } from './routes/assets.js';
import { pageRoutes } from './routes/pages.js';
import { ErrorPage } from './views/error-page.js';
import { renderPage } from './views/layout.js';

export interface RouteRule {
  method: string;
  url: string;
  permission: Permission;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the permission rule it declared: what the permission tests walk. */
    routeRules: RouteRule[];
  }
}

export interface AppOptions {
  store: Store;
  /** Log requests (pino, JSON lines on stdout). */
  logger?: boolean;
}

/**
 * The web application: security headers, the public pages, the JSON API, and errors that say what
 * went wrong in the reader's language without showing internals. Handlers parse, call a service, render.
 */
export async function buildApp({ store, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false, trustProxy: process.env.TRUST_PROXY === 'true' });

  // A route without a permission rule is a programming error: refuse to start.
  const routes: RouteRule[] = [];
  app.decorate('routeRules', routes);
  app.addHook('onRoute', (route) => {
    if (!isPermission(route.config?.permission)) {
      throw new Error(`route ${route.method} ${route.url} has no permission rule (config.permission)`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission: route.config.permission });
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });

  assetRoutes(app);
  apiRoutes(app, store);
  pageRoutes(app, store);

  app.setNotFoundHandler({}, (req, reply) => sendError(req, reply, new AppError('not_found', { entity: 'resource', id: req.url.slice(0, 80) })));
  app.setErrorHandler((error, req, reply) => {
    if (isAppError(error)) return sendError(req, reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(req, reply, new AppError('invalid_input', { field: 'request', value: (error as Error).message.slice(0, 200) }));
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendError(req, reply, new AppError('internal'));
  });
  return app;
}

function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

function sendError(req: FastifyRequest, reply: FastifyReply, error: AppError) {
  const lang = isApi(req) ? requestLang(req) : req.url.startsWith('/en') ? 'en' : 'es';
  const message = errorMessage(error, lang);
  reply.code(error.status);
  if (isApi(req)) {
    return reply.send({ error: { code: error.code, message, ...(error.fields ? { fields: error.fields } : {}) } });
  }
  const detail = error.status === 404 ? messages(lang).web.notFoundBody : error.status >= 500 ? undefined : message;
  return reply.type('text/html; charset=utf-8').send(renderPage(ErrorPage({ lang, status: error.status, ...(detail ? { detail } : {}) })));
}
