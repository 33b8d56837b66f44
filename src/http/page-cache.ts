import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';

/**
 * Rendered pages of published data, kept in the process and thrown away when the data changes. Two ways
 * to learn of a change (decision 018):
 * - polling: the data's version is the newest audit-log id (every write adds one), read at most once per
 *   interval, so a change made by another process shows within that interval (SQLite; PostgreSQL while
 *   the listener is down);
 * - a notice: on PostgreSQL every write transaction sends one on commit (storage/change-notices.ts) and
 *   each `vigia serve` listens; `invalidate()` drops the pages at once and nothing is polled while the
 *   listener is connected (`listening`).
 * Every drop moves `epoch` on. A page is kept only if the epoch did not move while it was made, so a
 * render that read the data before a change never lands in the cache after the change was announced.
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
  /** The data version the kept pages were made from (polling). */
  version: number | null = null;
  /** Moves on at every drop: what a page in the making is checked against before it is kept. */
  epoch = 0;
  /** True while change notices arrive (a connected listener): no polling then. */
  private listening = false;
  private checkedAt = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly currentVersion: () => Promise<number>,
    private readonly options: { checkEveryMs: number; maxEntries: number; confirmEveryRequest?: boolean },
  ) {}

  /**
   * Drops everything if the data changed since the last look (when polling). With confirmEveryRequest
   * (PostgreSQL, where other instances write), every request waits for a version read that started after
   * it arrived — shared by all the requests that arrived meanwhile, so one read serves many under load. A
   * change notice may reach this process after the next request does; this read cannot, so a write another
   * instance has answered is never followed here by the page from before it (decision 018).
   */
  async sync(): Promise<void> {
    if (this.options.confirmEveryRequest) return this.confirm();
    if (this.listening) return;
    if (Date.now() - this.checkedAt < this.options.checkEveryMs) return;
    this.pending ??= this.readVersion().finally(() => {
      this.pending = null;
    });
    await this.pending;
  }

  private queued: Promise<void> | null = null;

  /** A version read that starts now, or — one being in flight, begun before this call — the next one after it. */
  private confirm(): Promise<void> {
    if (!this.pending) {
      return (this.pending = this.readVersion().finally(() => {
        this.pending = null;
      }));
    }
    return (this.queued ??= this.pending
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.confirm();
      }));
  }

  private async readVersion(): Promise<void> {
    const epoch = this.epoch;
    const v = await this.currentVersion();
    // A drop while the version was read: the reading may predate it, so it decides nothing (the pages went with the drop).
    if (epoch !== this.epoch) return;
    if (v !== this.version) {
      this.drop();
      this.version = v;
    }
    this.checkedAt = Date.now();
  }

  /** A change was announced: drop every page now, and every page being made. */
  invalidate(): void {
    this.drop();
  }

  /**
   * Notices arrive (true) or no longer do (false). Either way the pages go: on connecting, changes made
   * while nobody listened were never announced; on losing the connection, polling starts from scratch.
   */
  setListening(on: boolean): void {
    this.listening = on;
    this.drop();
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** True when the next request must look for changes first (sync would ask the database). */
  syncDue(): boolean {
    return this.options.confirmEveryRequest === true || (!this.listening && Date.now() - this.checkedAt >= this.options.checkEveryMs);
  }

  clear(): void {
    this.drop();
  }

  private drop(): void {
    this.entries.clear();
    this.replays.clear();
    this.epoch++;
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
   * Keeps a page whose making started at `madeAt` (the epoch then) — unless the pages were dropped
   * while it was being made, in which case keeping it could serve old data after the change.
   */
  set(key: string, page: CachedPage, madeAt: number = this.epoch): void {
    if (this.options.maxEntries === 0 || madeAt !== this.epoch) return;
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
export function pageKey(parts: {
  base: string;
  lang: string;
  path: string;
  query: Record<string, unknown>;
  params: readonly string[];
}): string {
  // A number is a parameter its route's schema read as one (src/http/request-schemas.ts).
  const kept = parts.params
    .filter((p) => (typeof parts.query[p] === 'string' && parts.query[p] !== '') || typeof parts.query[p] === 'number')
    .map((p) => `${p}=${String(parts.query[p])}`)
    .join('&');
  return `${parts.base}|${parts.lang}|${parts.path}?${kept}`;
}

/** Gets a page from the cache, or makes it and keeps it. */
export async function cachedPage(cache: PageCache, key: string, type: string, make: () => Promise<string>): Promise<CachedPage> {
  await cache.sync();
  const hit = cache.get(key);
  if (hit) return hit;
  // Read before the data is: a change announced from here on refuses the page.
  const madeAt = cache.epoch;
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
  if (isConditional(req.headers) && fresh(req.headers, { etag: page.etag, 'last-modified': page.lastModified }))
    return reply.code(304).send();
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
