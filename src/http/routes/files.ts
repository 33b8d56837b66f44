import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import { openEvidenceFile } from '../../services/evidence-files.js';
import type { Store } from '../../storage/connect.js';
import { pathIds } from '../request-schemas.js';
import { route } from '../route.js';

/**
 * Evidence files, served back as downloads: always `attachment` (never shown inside the site, where a
 * crafted file could run as part of it), with the type detected at upload, nosniff and a sandboxing
 * CSP in case a browser renders it anyway.
 */

/** Shared caches may keep a file an hour: short enough for a withdrawn file to go away the same day. */
const MAX_AGE_SECONDS = 3600;

export function fileRoutes(app: FastifyInstance, store: Store): void {
  // Evidence is the commitment's, public from when it is added, whatever round cites it: the file is
  // served exactly when the public commitment page lists it (docs/decisions/023).
  route(app, { get: '/evidencias/:id/archivo', permission: 'public:read', params: pathIds({ id: 'evidence' }) }, async (req, reply) => {
    const file = await openEvidenceFile(store, req.params.id);
    if (!file) throw new AppError('not_found', { entity: 'evidence', id: req.params.id });

    const etag = `"sha256-${file.sha256}"`;
    reply.header('etag', etag).header('cache-control', `public, max-age=${MAX_AGE_SECONDS}`).header('x-content-type-options', 'nosniff');
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      file.stream.destroy();
      return reply.code(304).send();
    }
    return reply
      .header('content-type', file.mediaType === 'text/csv' ? 'text/csv; charset=utf-8' : file.mediaType)
      .header('content-length', String(file.size))
      .header('content-disposition', contentDisposition(file.name))
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.stream);
  });
}

/** If-None-Match: a list of tags (weak or strong) or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * `attachment` with the original name: `filename*` in UTF-8 (RFC 5987/8187) for every browser of the
 * last decade, and a plain ASCII `filename` for the rest — accents dropped, anything else that could
 * break the header or be read as an escape (quotes, backslash, %, controls) replaced by `_`.
 */
export function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** Percent-encodes all but RFC 5987's attr-chars (encodeURIComponent leaves ' ( ) * as they are). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
