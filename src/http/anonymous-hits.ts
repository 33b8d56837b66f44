import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { SESSION_COOKIE } from './auth.js';
import { LANG_COOKIE } from './bilingual.js';
import { isConditional, type PageCache } from './page-cache.js';

/**
 * Published pages to visitors without a session, answered from the page cache before any other hook.
 *
 * A cached page that went out to an anonymous GET is remembered with the whole head it was sent with
 * (security headers, ETag, Vary, Cache-Control…) under everything of the request the answer depends on:
 * scheme, host, URL with its query, Accept-Language and the language cookie. The same request again,
 * while that page is still the cached one and the day is the same, is written straight from memory:
 * no cookie parsing, session lookup, language negotiation, CSRF or header building — the work that held
 * cached pages at a fifth of the machine's ceiling (docs/performance.md, issue 8). What is remembered
 * is only ever an answer the full path made: 200, to nobody signed in, on a `public:read` route, with
 * no cookie set; a change of data empties the memory with the cache.
 */
export function registerAnonymousHits(app: FastifyInstance, cache: PageCache, today: () => string): void {
  app.decorateReply('servedPage', null);

  /** Answers the request from memory and returns true, or returns false for the full path. */
  const answer = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const hit = cache.replay(signature(req), today());
    if (!hit) return false;
    // Answered here: fastify runs nothing more for this request.
    reply.hijack();
    const res = reply.raw;
    if (isConditional(req.headers) && fresh(req.headers, { etag: hit.page.etag, 'last-modified': hit.page.lastModified })) {
      res.writeHead(304, hit.head304);
      res.end();
    } else {
      res.writeHead(200, hit.head);
      res.end(hit.page.body);
    }
    return true;
  };

  app.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' || req.routeOptions.config?.permission !== 'public:read' || carriesSession(req)) return done();
    // Once a second (cacheCheckEveryMs) the data's version is read first: a change empties the memory.
    if (!cache.syncDue()) {
      if (!answer(req, reply)) done();
      return;
    }
    cache.sync().then(
      () => {
        if (!answer(req, reply)) done();
      },
      (e: unknown) => done(e as Error),
    );
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    const page = reply.servedPage;
    if (
      page &&
      req.method === 'GET' &&
      reply.statusCode === 200 &&
      req.actor === null &&
      req.routeOptions.config?.permission === 'public:read' &&
      !reply.hasHeader('set-cookie') &&
      !reply.raw.hasHeader('set-cookie')
    ) {
      const headers: Record<string, unknown> = { ...reply.raw.getHeaders(), ...reply.getHeaders() };
      const head304: string[] = [];
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined || name === 'content-length' || name === 'content-type' || name === 'date' || name === 'connection')
          continue;
        head304.push(name, String(value));
      }
      const head = [...head304, 'content-type', page.type, 'content-length', String(page.body.length)];
      cache.remember(signature(req), { page, head, head304, day: today() });
    }
    done(null, payload);
  });
}

/** Whether the request carries a session cookie (either name ends in SESSION_COOKIE): then it is not answered here. */
function carriesSession(req: FastifyRequest): boolean {
  const cookie = req.headers.cookie;
  return cookie !== undefined && cookie.includes(`${SESSION_COOKIE}=`);
}

const LANG_COOKIE_VALUE = new RegExp(`(?:^|;)\\s*${LANG_COOKIE}=([^;]*)`);

/** Everything of an anonymous request that its answer depends on. */
function signature(req: FastifyRequest): string {
  const cookie = req.headers.cookie;
  const lang = cookie === undefined ? '' : (LANG_COOKIE_VALUE.exec(cookie)?.[1] ?? '');
  return `${req.protocol}|${req.host}|${req.url}|${req.headers['accept-language'] ?? ''}|${lang}`;
}
