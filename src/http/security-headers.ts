import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The security headers of every answer: helmet's, with this site's Content-Security-Policy. They are
 * the same for every request, so they are worked out once at start-up — by asking @fastify/helmet for
 * them on a throwaway app — and set on each answer as they are. (@fastify/helmet itself builds its
 * middleware again on every request: the profiler showed it as an eighth of a cached page's cost.)
 * A route may still replace one (evidence downloads set their own CSP) with reply.header.
 */
export function helmetOptions(https: boolean) {
  return {
    // Strict-Transport-Security and upgrade-insecure-requests only where the site is served over HTTPS.
    hsts: https ? { maxAge: 31536000, includeSubDomains: false } : (false as const),
    referrerPolicy: { policy: 'same-origin' as const },
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: https ? [] : null,
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
    crossOriginEmbedderPolicy: false as const,
  };
}

/** The headers helmet sets with these options, as [name, value] pairs. */
export async function securityHeaders(https: boolean): Promise<[string, string][]> {
  const probe = Fastify();
  try {
    await probe.register(helmet, helmetOptions(https));
    probe.get('/', async () => '');
    const res = await probe.inject('/');
    const ours = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
    return Object.entries(res.headers)
      .filter(([name]) => !ours.has(name))
      .map(([name, value]) => [name, String(value)]);
  } finally {
    await probe.close();
  }
}

/** Sets the security headers on every answer, as soon as the request arrives (as helmet did). */
export async function registerSecurityHeaders(app: FastifyInstance, https: boolean): Promise<[string, string][]> {
  const headers = await securityHeaders(https);
  if (!headers.some(([name]) => name === 'content-security-policy')) throw new Error('no Content-Security-Policy from helmet');
  app.addHook('onRequest', (_req, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    done();
  });
  return headers;
}
