import { isIP } from 'node:net';
import { AppError } from '../errors.js';

/**
 * TRUST_PROXY: whose X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host the app believes — what
 * `req.ip` (the address sign-in limits, follow requests, proposals and comments are counted by) and
 * `req.protocol` are made of. Fastify's `trustProxy`, from the environment:
 * - unset, empty or `false`: nobody; `req.ip` is the address that connected (no proxy in front);
 * - a comma-separated list of addresses or CIDR ranges (or proxy-addr's names `loopback`, `linklocal`,
 *   `uniquelocal`): the proxies in front — the client's address is the last one in X-Forwarded-For that
 *   is not one of them. The safe choice behind nginx: a client cannot pass for another address by
 *   sending its own X-Forwarded-For, because nginx appends the address it saw;
 * - a number N: the N nearest hops are proxies;
 * - `true`: every hop is trusted and the first address in X-Forwarded-For is taken — only when the
 *   proxy replaces the header (`proxy_set_header X-Forwarded-For $remote_addr`), otherwise anyone can
 *   choose the address their requests are counted under.
 */
export type TrustProxy = boolean | string | ((address: string, hop: number) => boolean);

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v.toLowerCase() === 'false') return false;
  if (v.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    // As a function (proxy-addr's form): the hops nearest to the app, counted from 0, are proxies.
    if (hops >= 1 && hops <= 10) return (_address, hop) => hop < hops;
    throw new AppError('invalid_input', { field: 'TRUST_PROXY', value: v });
  }
  const entries = v.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (NAMES.has(entry)) continue;
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (family === 0 || !okBits || rest.length > 0)
      throw new AppError('invalid_input', { field: 'TRUST_PROXY', value: entry.slice(0, 100) });
  }
  return entries.join(',');
}
