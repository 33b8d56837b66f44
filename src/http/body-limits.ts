import type { FastifyInstance } from 'fastify';
import querystring from 'fast-querystring';
import { AppError } from '../errors.js';

/**
 * What one request body may hold, besides its size (fastify's 1 MiB). Parsing is cheap per byte, but
 * what comes after is paid per field: an object of 70 000 keys took JSON.parse 100 ms, and checking
 * 174 665 unknown fields one error each took seconds and a 15 MB page. So a body is counted on its raw
 * text, before it is parsed, and refused whole (413 `body_over_limit`, naming the limit) before any
 * field is read. The limits are far above what any form or client of the API sends:
 */
export const BODY_LIMITS = {
  /**
   * Fields of a form (name=value pairs), entries of a JSON body (keys, and items of lists). The
   * largest real form is the coordinator's prioritisation or approval: one checkbox per candidate,
   * at most 1 000 (`candidateIds`), and a few fields more.
   */
  fields: 2_000,
  /** Levels of nesting of a JSON body: every body the API takes is an object of values and lists (2). */
  depth: 20,
  /** Characters of a field's name or a key: the longest any form or the API uses is under 30. */
  keyLength: 200,
} as const;
// Multipart forms (a file and its few fields) have their own, smaller limits: src/http/uploads.ts.

export type BodyLimit = keyof typeof BODY_LIMITS;

const over = (limit: BodyLimit) => new AppError('body_over_limit', { what: limit, limit: BODY_LIMITS[limit] });

/** Whether a urlencoded body has more pairs than the limit: its `&` counted in the bytes, before they are decoded. */
export function formOverLimit(body: Buffer): BodyLimit | null {
  let pairs = 1;
  for (let i = body.indexOf(0x26); i !== -1; i = body.indexOf(0x26, i + 1)) if (++pairs > BODY_LIMITS.fields) return 'fields';
  return null;
}

const BACKSLASH = 0x5c;

/** Where the JSON string opened at `start` closes (its quote not escaped); the text's end when it never does. */
function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ;) {
    const q = text.indexOf('"', from);
    if (q === -1) return text.length;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * The first limit a JSON text passes, read once, character by character, outside its strings; null
 * when it passes none. It does not validate: what is not JSON is JSON.parse's to refuse.
 */
export function jsonOverLimit(text: string): BodyLimit | null {
  // For each open container: whether it is a list (its commas separate items; an object's, keys counted by their colons).
  const lists: boolean[] = [];
  let entries = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end - i - 1 > BODY_LIMITS.keyLength && /^\s*:/.test(text.slice(end + 1, end + 64))) return 'keyLength';
      i = end;
    } else if (c === '{' || c === '[') {
      lists.push(c === '[');
      if (lists.length > BODY_LIMITS.depth) return 'depth';
      // A list's first item has no comma before it.
      if (c === '[' && !/^\s*\]/.test(text.slice(i + 1, i + 64)) && ++entries > BODY_LIMITS.fields) return 'fields';
    } else if (c === '}' || c === ']') lists.pop();
    else if ((c === ':' || (c === ',' && lists[lists.length - 1] === true)) && ++entries > BODY_LIMITS.fields) return 'fields';
  }
  return null;
}

/** Whether a parsed form has a name longer than the limit (a form's names are known only once decoded). */
function longName(fields: Record<string, unknown>): boolean {
  for (const key in fields) if (key.length > BODY_LIMITS.keyLength) return true;
  return false;
}

/**
 * The parsers of form and JSON bodies, each refusing a body over BODY_LIMITS before it parses it: a
 * refusal is an AppError, answered by the app's error handler (a page, or JSON under /api) before the
 * CSRF check and the route's handler, so nothing of the body is ever looked at.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  // HTML forms post application/x-www-form-urlencoded: parsed by fast-querystring as @fastify/formbody
  // did, but counted on the bytes first — decoding a megabyte to text cost more than all the rest.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => {
    const limit = formOverLimit(body as Buffer);
    if (limit) return done(over(limit), undefined);
    const fields = querystring.parse((body as Buffer).toString()) as Record<string, unknown>;
    if (longName(fields)) return done(over('keyLength'), undefined);
    return done(null, fields);
  });
  // fastify's own JSON parser (its refusals of __proto__ and constructor.prototype as they were), behind the count.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const limit = jsonOverLimit(body as string);
    if (limit) return done(over(limit), undefined);
    return json(req, body as string, done);
  });
}
