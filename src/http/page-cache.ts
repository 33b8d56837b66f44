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
  /** Its key in the cache (set when it is kept). */
  key?: string;
}

/**
 * A cached page as it went to an anonymous visitor — the whole head (status 200) already written out —
 * so that the same request again is answered before the rest of the request's hooks run
 * (src/http/anonymous-hits.ts).
 */
export interface Replay {
  page: CachedPage;
  /** Raw header pairs, flat: name, value, name, value… */
  head: string[];
  /** The same without content-type and content-length: for a 304. */
  head304: string[];
  /** The day it was made for (pages computed for a day are not served on the next). */
  day: string;
}

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private readonly replays = new Map<string, Replay>();
  /** How many requests were answered from remembered replays (src/http/anonymous-hits.ts). */
  replayed = 0;
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
          this.replays.clear();
          this.version = v;
        }
        this.checkedAt = Date.now();
      } finally {
        this.pending = null;
      }
    })();
    await this.pending;
  }

  /** True when the next request must look for changes first (sync would ask the database). */
  syncDue(): boolean {
    return Date.now() - this.checkedAt >= this.options.checkEveryMs;
  }

  clear(): void {
    this.entries.clear();
    this.replays.clear();
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

  /**
   * Keeps how a kept page went out to a request (`signature`: everything of the request the answer
   * depends on) — only while the page is still the one kept under its key.
   */
  remember(signature: string, replay: Replay): void {
    const key = replay.page.key;
    if (this.options.maxEntries === 0 || key === undefined || this.entries.get(key) !== replay.page) return;
    this.replays.delete(signature);
    this.replays.set(signature, replay);
    if (this.replays.size > this.options.maxEntries) this.replays.delete(this.replays.keys().next().value!);
  }

  /** The answer kept for this request, if its page is still kept and was made for `day`. */
  replay(signature: string, day: string): Replay | undefined {
    const r = this.replays.get(signature);
    if (!r) return undefined;
    if (r.day !== day || this.entries.get(r.page.key!) !== r.page) {
      this.replays.delete(signature);
      return undefined;
    }
    this.replayed++;
    return r;
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
  page.key = key;
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
  reply.servedPage = page;
  reply.header('etag', page.etag).header('last-modified', page.lastModified).header('cache-control', 'public, no-cache');
  if (isConditional(req.headers) && fresh(req.headers, { etag: page.etag, 'last-modified': page.lastModified })) return reply.code(304).send();
  return reply.type(page.type).send(page.body);
}

/** A request that may be answered 304 (fresh() is only worth calling then). */
export function isConditional(headers: FastifyRequest['headers']): boolean {
  return headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;
}

declare module 'fastify' {
  interface FastifyReply {
    /** The cached page this reply sends (sendPage), or null. */
    servedPage: CachedPage | null;
  }
}
