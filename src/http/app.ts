import { nowOn, timeZoneFrom, todayIn } from '../lib/clock.js';
import { consultationRoutes } from './routes/consultation.js';
import { participationApiRoutes } from './routes/participation-api.js';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors.js';
import { errorMessage, messages } from '../i18n/index.js';
import { dataVersion } from '../services/changes.js';
import { pageContext, visitorLang } from './bilingual.js';
import { PageCache } from './page-cache.js';
import { parseTrustProxy } from './trust-proxy.js';
import { registerAnonymousHits } from './anonymous-hits.js';
import { registerSecurityHeaders } from './security-headers.js';
import { trackInFlight, type InFlight } from './in-flight.js';
import { logRequest } from './request-log.js';
import { cutStalledBodies, DEFAULT_TIMEOUTS, serverTimeoutOptions, type HttpTimeouts } from './timeouts.js';
import type { Store } from '../storage/connect.js';
import { requestLang } from './negotiate.js';
import { isPermission, RULE_ROLES, type Permission } from './permissions.js';
import { apiRoutes } from './routes/api.js';
import { registerAuth } from './auth.js';
import { accountRoutes } from './routes/accounts.js';
import { notificationRoutes } from './routes/notifications.js';
import { feedRoutes } from './routes/feeds.js';
import { fileRoutes } from './routes/files.js';
import { workspaceRoutes } from './routes/workspace.js';
import { reportRoutes } from './routes/report.js';
import { alertRoutes } from './routes/alerts.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { workspaceApiRoutes } from './routes/api-workspace.js';
import { workspaceCommitmentRoutes } from './routes/workspace-commitments.js';
import { workspaceReviewRoutes } from './routes/workspace-reviews.js';
import { adminRoutes } from './routes/admin.js';
import { adminApiRoutes } from './routes/api-admin.js';
import { registerUploads } from './uploads.js';
import { requestValidator } from './request-schemas.js';
import { historyRoutes } from './routes/history.js';
import { indicatorDownloadRoutes } from './routes/indicators.js';
import { workspaceIndicatorRoutes } from './routes/workspace-indicators.js';
import { cocreationRoutes } from './routes/cocreation.js';
import { workspaceCocreationRoutes } from './routes/workspace-cocreation.js';
import { workspaceCocreationRecordRoutes } from './routes/workspace-cocreation-records.js';
import { webImportRoutes } from './routes/web-import.js';
import { openDataRoutes } from './routes/opendata.js';
import { assetRoutes } from './routes/assets.js';
import { pageRoutes } from './routes/pages.js';
import { adminGovernmentRoutes } from './routes/admin-governments.js';
import { workspacePlanRoutes } from './routes/workspace-plans.js';
import { hideDraftPlans } from './public-plans.js';
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
    pageCache: PageCache;
    /** Today's date (ISO, YYYY-MM-DD) for what is computed for a day (early warnings): injectable for tests. */
    today: () => string;
    /** The app's time (ISO timestamp) for what is posted and for time windows: today() at the real time of day, unless injected. */
    now: () => string;
    /** Requests whose work is not over (a handler still running for a client that hung up): waited for before the database closes. */
    inFlight: InFlight;
  }
}

export interface AppOptions {
  store: Store;
  /** Log requests (pino, JSON lines on stdout). */
  logger?: boolean;
  /** How often the page cache looks for changes made elsewhere (ms). */
  cacheCheckEveryMs?: number;
  /** Keep rendered pages (the default); off to measure rendering itself. */
  pageCache?: boolean;
  /** The deployment's time zone (IANA); TIME_ZONE or the server's by default. */
  timeZone?: string;
  /** Today's date (ISO): the real one in the deployment's time zone unless a test fixes it. */
  today?: () => string;
  /** The app's time (ISO): by default the app's day at the real time of day (lib/clock.ts). */
  now?: () => string;
  /** How long a client may take to send a request (src/http/timeouts.ts); `vigia serve` reads them from the environment. */
  timeouts?: HttpTimeouts;
}

/**
 * The web application: security headers, the public pages, the JSON API, and errors that say what
 * went wrong in the reader's language without showing internals. Handlers parse, call a service, render.
 */
export async function buildApp({
  store,
  logger = false,
  cacheCheckEveryMs = 1000,
  pageCache = true,
  timeZone = timeZoneFrom(),
  today: fixedDay,
  now,
  timeouts = DEFAULT_TIMEOUTS,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // One-time tokens in addresses are never written to the log (src/http/request-log.ts).
    logger: logger ? { level: process.env.LOG_LEVEL ?? 'info', serializers: { req: logRequest } } : false,
    // Whose X-Forwarded-* headers make req.ip and req.protocol (src/http/trust-proxy.ts, docs/deployment.md).
    trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
    ...serverTimeoutOptions(timeouts),
    // A malformed URL or header is answered like every other error (JSON under /api, a page elsewhere).
    frameworkErrors: (error, req, reply) => {
      void sendError(req, reply, new AppError('invalid_input', { field: 'URL', value: '' }));
      void error;
    },
  });
  const https = (process.env.PUBLIC_URL ?? '').startsWith('https://');
  // Before every other hook and route, so that each request is counted from its start.
  app.decorate('inFlight', trackInFlight(app));

  // A route without a permission rule is a programming error: refuse to start.
  const routes: RouteRule[] = [];
  app.decorate('routeRules', routes);
  const today = fixedDay ?? (() => todayIn(timeZone));
  app.decorate('today', today);
  // Only the day fixed (tests): that day at the real time of day; nothing fixed: the real clock.
  app.decorate('now', now ?? (fixedDay ? () => nowOn(fixedDay()) : () => new Date().toISOString()));
  app.addHook('onRoute', (route) => {
    if (!isPermission(route.config?.permission)) {
      throw new Error(`route ${route.method} ${route.url} has no permission rule (config.permission)`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission: route.config.permission });
  });

  const cache = new PageCache(() => dataVersion(store), {
    checkEveryMs: cacheCheckEveryMs,
    maxEntries: pageCache ? 5000 : 0,
    confirmEveryRequest: store.dialect === 'postgres',
  });
  app.decorate('pageCache', cache);
  // First of all hooks: a cached page an anonymous visitor asked for before goes out at once.
  registerAnonymousHits(app, cache, today);
  cutStalledBodies(app, timeouts);
  // Before the session and permission hooks: a 403 or a sign-in redirect they answer carries the headers too.
  await registerSecurityHeaders(app, https);

  await app.register(cookie);
  // Before the CSRF check: a form with a file is read (preValidation) before its token is looked for.
  await registerUploads(app);
  await registerAuth(app, store);
  // Each route's rule, checked as soon as the request is routed and its session read — before any
  // body (an upload of many megabytes) is parsed for someone who may not send it.
  app.addHook('onRequest', async (req, reply) => {
    const rule = req.routeOptions.config?.permission;
    // Only the not-found handler has no rule (onRoute refuses every route without one): it answers 404.
    if (!rule) return;
    const roles = RULE_ROLES[rule];
    if (roles === null) return;
    if (!req.actor) {
      if ((req.method === 'GET' || req.method === 'HEAD') && !isApi(req)) {
        const lang = visitorLang(req);
        return reply.redirect(`${lang === 'en' ? '/en' : ''}/cuenta/ingresar?volver=${encodeURIComponent(req.url)}`, 303);
      }
      throw new AppError('unauthenticated');
    }
    if (!roles.includes(req.actor.role)) throw new AppError('forbidden');
  });
  // Every route's params, querystring and body, by its TypeBox schemas (src/http/request-schemas.ts, decision 027).
  app.setValidatorCompiler(requestValidator);
  // A plan in borrador is the workspace's alone: public routes naming something of it answer 404 (issue 19).
  hideDraftPlans(app, store);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigía API',
        version: '1',
        description:
          'Published data of Open Government action plans: plans, themes, commitments, activities, assessments, summaries. Errors: { error: { code, message, fields? } }.',
        license: { name: 'CC BY 4.0 (data)', url: 'https://creativecommons.org/licenses/by/4.0/' },
      },
    },
    hideUntagged: true,
  });
  assetRoutes(app);
  apiRoutes(app, store, cache);
  pageRoutes(app, store, cache);
  openDataRoutes(app, store);
  feedRoutes(app, store);
  historyRoutes(app, store, cache);
  accountRoutes(app, store);
  notificationRoutes(app, store);
  workspaceRoutes(app, store);
  adminRoutes(app, store);
  workspaceApiRoutes(app, store);
  workspaceCommitmentRoutes(app, store);
  workspaceReviewRoutes(app, store);
  reportRoutes(app, store);
  monitoringRoutes(app, store);
  adminApiRoutes(app, store);
  fileRoutes(app, store);
  indicatorDownloadRoutes(app, store);
  workspaceIndicatorRoutes(app, store);
  alertRoutes(app, store);
  cocreationRoutes(app, store);
  workspaceCocreationRoutes(app, store);
  workspaceCocreationRecordRoutes(app, store);
  webImportRoutes(app, store);
  consultationRoutes(app, store);
  participationApiRoutes(app, store);
  adminGovernmentRoutes(app, store);
  workspacePlanRoutes(app, store);

  app.setNotFoundHandler({}, (req, reply) =>
    sendError(req, reply, new AppError('not_found', { entity: 'resource', id: req.url.slice(0, 80) })),
  );
  app.setErrorHandler((error, req, reply) => {
    if (isAppError(error)) return sendError(req, reply, error);
    // A body over fastify's bodyLimit (1 MiB; uploads have their own): said as what it is, like the other body caps.
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(
        req,
        reply,
        new AppError('body_over_limit', { what: 'bytes', limit: Math.round(app.initialConfig.bodyLimit! / 1048576) }),
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(req, reply, new AppError('invalid_input', { field: 'request', value: '' }));
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendError(req, reply, new AppError('internal'));
  });
  return app;
}

/** Answers that are data, not pages, get their errors as JSON too. */
function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || /\.(json|jsonld)(\?|$)/.test(req.url);
}

function sendError(req: FastifyRequest, reply: FastifyReply, error: AppError) {
  const lang = isApi(req) ? requestLang(req) : visitorLang(req);
  const message = errorMessage(error, lang);
  reply.code(error.status);
  // A refused post says when to try again (services/abuse.ts).
  if (error.code === 'rate_limited') reply.header('retry-after', String(error.params.seconds));
  if (isApi(req)) {
    return reply.send({ error: { code: error.code, message, ...(error.fields ? { fields: error.fields } : {}) } });
  }
  const detail = error.status === 404 ? messages(lang).web.notFoundBody : error.status >= 500 ? undefined : message;
  const ctx = pageContext(req, lang, req.url.replace(/^\/en(?=\/|$)/, '').split('?')[0] || '/');
  return reply.type('text/html; charset=utf-8').send(renderPage(ErrorPage({ ctx, status: error.status, ...(detail ? { detail } : {}) })));
}
