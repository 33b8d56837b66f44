import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** The fields of a form, as strings; any other field (or any query parameter) is refused, naming it. */
export function formFields<K extends string>(req: FastifyRequest, allowed: readonly K[]): Record<K, string> {
  const refuse = (field: string) => new AppError('invalid_input', { field: field.slice(0, 60), value: '' });
  for (const key of Object.keys((req.query as object | undefined) ?? {})) throw refuse(key);
  const body = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw refuse('body');
  const out = {} as Record<K, string>;
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (!(allowed as readonly string[]).includes(key)) throw refuse(key);
    // A field sent twice arrives as an array: not something these forms send.
    if (typeof value !== 'string') throw refuse(key);
    out[key as K] = value;
  }
  for (const key of allowed) out[key] ??= '';
  return out;
}
