import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';

/**
 * Rendered pages of published data, kept in the process and thrown away when the data changes. The
 * data's version is the newest audit-log id (every write adds one), checked at most once per interval,
 * so a change made by another process or instance shows within that interval.
 */
export interface CachedPage {
  body: Buffer;
  type: string;
  etag: string;
  lastModified: string;
}

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  /** The data version the kept pages were made from. */
  version: number | null = null;
  private checkedAt = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly currentVersion: () => Promise<number>,
    private readonly options: { checkEveryMs: number; maxEntries: number },
  ) {}

  /** Drops everything if the data changed since the last look. */
  async sync(): Promise<void> {
    if (Date.now() - this.checkedAt < this.options.checkEveryMs) return;
    this.pending ??= (async () => {
      try {
        const v = await this.currentVersion();
        if (v !== this.version) {
          this.entries.clear();
          this.version = v;
        }
        this.checkedAt = Date.now();
      } finally {
        this.pending = null;
      }
    })();
    await this.pending;
  }

  clear(): void {
    this.entries.clear();
    this.checkedAt = 0;
  }

  get(key: string): CachedPage | undefined {
    const page = this.entries.get(key);
    if (page) {
      // Least recently used goes first: re-insert on every hit.
      this.entries.delete(key);
      this.entries.set(key, page);
    }
    return page;
  }

  /**
   * Keeps a page made from data at `madeAt` — unless the data changed while it was being made, in which
   * case keeping it would serve old data under the new version.
   */
  set(key: string, page: CachedPage, madeAt: number | null = this.version): void {
    if (this.options.maxEntries === 0 || madeAt !== this.version) return;
    this.entries.set(key, page);
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The key of a page: its host, language, path, and only the query parameters it reads — so that
 * `?z=1`, `?z=2`… are one page, not thousands of copies filling memory.
 */
export function pageKey(parts: { base: string; lang: string; path: string; query: Record<string, unknown>; params: readonly string[] }): string {
  const kept = parts.params
    .filter((p) => typeof parts.query[p] === 'string' && parts.query[p] !== '')
    .map((p) => `${p}=${String(parts.query[p])}`)
    .join('&');
  return `${parts.base}|${parts.lang}|${parts.path}?${kept}`;
}

/** Gets a page from the cache, or makes it and keeps it. */
export async function cachedPage(cache: PageCache, key: string, type: string, make: () => Promise<string>): Promise<CachedPage> {
  await cache.sync();
  const hit = cache.get(key);
  if (hit) return hit;
  const madeAt = cache.version;
  const page = makePage(await make(), type);
  cache.set(key, page, madeAt);
  return page;
}

export function makePage(body: string | Buffer, type: string): CachedPage {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${createHash('sha256').update(buf).digest('base64url').slice(0, 22)}"`;
  const lastModified = new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString();
  return { body: buf, type, etag, lastModified };
}

/** Sends a page with its validators; a 304 when the client already has it. */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.header('etag', page.etag).header('last-modified', page.lastModified).header('cache-control', 'public, no-cache');
  if (fresh(req.headers, { etag: page.etag, 'last-modified': page.lastModified })) return reply.code(304).send();
  return reply.type(page.type).send(page.body);
}
