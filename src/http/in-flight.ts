import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';

/**
 * The requests whose work is not over: what `vigia serve` waits for at SIGTERM before it closes the
 * database. Fastify's close() waits for open connections only; a client that hangs up leaves no
 * connection, while its request's handler (or a hook) goes on and would meet a closed database.
 *
 * A request is in flight from its first hook until its response is closed (sent, or the client gone)
 * and nothing of it runs any more: its handler, when it ran, has settled, or — when no handler ran —
 * an answer was made (a hook's refusal, an error page: onSend; a cached page written by a hook), or —
 * when the client hung up before any answer — a second has passed without its handler starting.
 * Work a handler leaves running after it settles (the password-reset mail) is not counted.
 */
export interface InFlight {
  /** How many requests are in flight now. */
  readonly count: number;
  /** Resolves true once none is in flight, false if `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean>;
}

interface RequestWork {
  /** The response is closed: sent, or the client gone. */
  closed: boolean;
  /** Nothing more will start for it: its handler settled, an answer was made, or the grace ran out. */
  over: boolean;
  handlerRunning: boolean;
  released: boolean;
  grace?: NodeJS.Timeout;
}

/** How long a request whose client hung up before any answer is still counted, unless its handler starts. */
const HUNG_UP_GRACE_MS = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    inFlightWork: RequestWork | null;
  }
}

/** Call first, before any other hook or route: every request and every route handler is counted. */
export function trackInFlight(app: FastifyInstance): InFlight {
  let count = 0;
  let waiters: Array<() => void> = [];

  const release = (work: RequestWork) => {
    if (work.released || !work.closed || work.handlerRunning || !work.over) return;
    work.released = true;
    count--;
    if (count === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };

  app.decorateRequest('inFlightWork', null);
  // Callback hooks, not async ones: they run on every request, cached pages included, and a promise each costs.
  app.addHook('onRequest', (req, reply, done) => {
    const work: RequestWork = { closed: false, over: false, handlerRunning: false, released: false };
    req.inFlightWork = work;
    count++;
    reply.raw.once('close', () => {
      work.closed = true;
      // Sent in full, or hijacked by a hook that wrote the answer itself (a cached page): the lifecycle is over.
      if (reply.sent) work.over = true;
      if (!work.over && !work.handlerRunning) {
        // The client hung up before any answer, and nothing says whether the handler will still run: a
        // body cut short ends the lifecycle without a word, while a hook at work goes on to the handler.
        // The handler, if it comes, starts within the grace and holds the count itself.
        work.grace = setTimeout(() => {
          work.over = true;
          release(work);
        }, HUNG_UP_GRACE_MS);
        work.grace.unref();
        return;
      }
      release(work);
    });
    done();
  });
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (req.inFlightWork) req.inFlightWork.over = true;
    done(null, payload);
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (this: FastifyInstance, req: FastifyRequest, ...rest: unknown[]) => unknown;
    route.handler = async function (this: FastifyInstance, req: FastifyRequest, ...rest: unknown[]) {
      const work = req.inFlightWork;
      if (work) {
        work.handlerRunning = true;
        if (work.grace) clearTimeout(work.grace);
      }
      try {
        return await handler.call(this, req, ...rest);
      } finally {
        if (work) {
          work.handlerRunning = false;
          work.over = true;
          release(work);
        }
      }
    } as RouteHandlerMethod;
  });

  return {
    get count() {
      return count;
    },
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(done);
      });
    },
  };
}
