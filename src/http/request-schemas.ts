import Type, { type TInteger, type TObject, type TOptional, type TSchema, type TString } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import type { FastifySchemaCompiler } from 'fastify';
import { checkForm, isFormSchema, type FieldError } from '../domain/fields.js';
import { AppError } from '../errors.js';

/**
 * What fastify does with each route's schemas (decision 027): the same TypeBox schemas the OpenAPI
 * document shows, compiled once by TypeBox, with what a request carries read first — a path or a
 * query is text, so a number in it is read from its digits; a form's fields are read as
 * domain/fields.ts reads them. A refusal is an AppError the app already words: a path that names
 * nothing is a 404 (as a wrong id always was), a query or a body that is wrong a 400 naming what.
 * The fields of a form are the exception: refused as FieldsRefused, each error with its code, for
 * the route to answer (src/http/route.ts).
 */

/**
 * An id in a path or a query: a positive integer, written as one (no sign, no leading zero, no spaces).
 * Its `title` is the thing it names: what a 404 says does not exist.
 */
export function idOf(entity: string, description = `A ${entity} id.`): TInteger {
  return Type.Integer({ title: entity, minimum: 1, maximum: 999_999_999, description });
}

/** A path's parameters, each naming what it is the id of: `pathIds({ id: 'plan', cid: 'commitment' })`. */
export function pathIds<const P extends Record<string, string>>(names: P): TObject<{ [K in keyof P]: TInteger }> {
  return Type.Object(Object.fromEntries(Object.entries(names).map(([name, entity]) => [name, idOf(entity)]))) as TObject<{
    [K in keyof P]: TInteger;
  }>;
}

/** Another part of a path that names something (a report, a format): a 404 when it names nothing. */
export function named<T extends TSchema>(entity: string, schema: T): T {
  return { ...schema, title: entity };
}

const entityOf = (schema: TSchema, name: string): string | undefined =>
  ((schema as TObject).properties?.[name] as { title?: string } | undefined)?.title;

/**
 * A form of plain text fields read as sent (a password is not trimmed), each at most once, every one
 * optional (a field not sent is ''), no other field: the sign-in, password and follow forms.
 */
export function textFields<const N extends string>(names: readonly N[]): TObject<{ [K in N]: TOptional<TString> }> {
  const properties: Record<string, TSchema> = { _csrf: Type.Optional(Type.Unknown()) };
  for (const name of names) properties[name] = Type.Optional(Type.String());
  return Type.Object(properties, { additionalProperties: false }) as unknown as TObject<{ [K in N]: TOptional<TString> }>;
}

/**
 * A page's query: the parameters it reads (a notice, a mailed link's token), each text sent once; any
 * other (`?lang=`, read by every page; a campaign's tag) is let be, as pages always did.
 */
export function pageQuery<const N extends string>(names: readonly N[]): TObject<{ [K in N]: TOptional<TString> }> {
  return Type.Object(Object.fromEntries(names.map((name) => [name, Type.Optional(Type.String())]))) as unknown as TObject<{
    [K in N]: TOptional<TString>;
  }>;
}

/** A query no parameter of which is read: any is refused by name (a form that posts to its own address). */
export const NO_QUERY = Type.Object({}, { additionalProperties: false });

/** The fields of a form refused by their schema: answered by the route, after its policy where the service asks one. */
export class FieldsRefused extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`fields refused: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
  }
}

const CANONICAL_INTEGER = /^(0|-?[1-9]\d{0,15})$/;

/** A path's or a query's text read as its schema's numbers (digits only, as a machine writes them). */
function readText(schema: TObject, input: Record<string, unknown>): Record<string, unknown> {
  const read: Record<string, unknown> = { ...input };
  for (const [key, property] of Object.entries(schema.properties as Record<string, { type?: unknown; anyOf?: { type?: unknown }[] }>)) {
    const value = read[key];
    const numeric = [property, ...(property.anyOf ?? [])].some((p) => p.type === 'integer' || p.type === 'number');
    if (numeric && typeof value === 'string' && CANONICAL_INTEGER.test(value)) read[key] = Number(value);
  }
  return read;
}

const compiled = new WeakMap<TSchema, Validator>();
const compile = (schema: TSchema) => {
  let validator = compiled.get(schema);
  if (!validator) compiled.set(schema, (validator = Compile(schema)));
  return validator;
};

/** The name an error is about: the property a path points into, or the unknown one. */
function nameOf(error: { instancePath: string; params: object }): string {
  const unknown = (error.params as { additionalProperties?: string[] }).additionalProperties?.[0];
  const required = (error.params as { requiredProperties?: string[] }).requiredProperties?.[0];
  const name = unknown ?? required ?? error.instancePath.split('/')[1] ?? '';
  return name.slice(0, 60);
}

/** A path's parameters read and checked as the validator does, for a hook that runs before it (an upload's `authorize`). */
export function readPath(schema: TSchema, params: unknown): unknown {
  const result = requestValidator({ schema, httpPart: 'params', method: '', url: '' })(params) as { value?: unknown; error?: Error };
  if (result.error) throw result.error;
  return result.value;
}

/** The app's validator compiler: every part of every request, by its route's schema. */
export const requestValidator: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if (httpPart === 'body' && isFormSchema(schema)) {
    return (body: unknown) => {
      // No body at all is an empty form (fastify hands it over as null; a JSON null is refused before: src/http/route.ts).
      const input = body ?? {};
      if (typeof input !== 'object' || Array.isArray(input)) return { error: new AppError('invalid_input', { field: 'body', value: '' }) };
      const checked = checkForm(schema, input as Record<string, unknown>);
      // A route's own key (a flag, a button) is no field of the service's: refused here, by name.
      if (checked.wrongExtra !== null) {
        const sent = (input as Record<string, unknown>)[checked.wrongExtra];
        return { error: new AppError('invalid_input', { field: checked.wrongExtra, value: String(sent).slice(0, 40) }) };
      }
      if (checked.errors.length > 0) return { error: new FieldsRefused(checked.errors) };
      return { value: { ...checked.extra, ...checked.values } };
    };
  }
  const validator = compile(schema);
  const object = (schema as { type?: unknown }).type === 'object';
  return (data: unknown) => {
    const value = httpPart === 'body' ? (data ?? {}) : object ? readText(schema as TObject, (data ?? {}) as Record<string, unknown>) : data;
    if (validator.Check(value)) return { value };
    const first = validator.Errors(value)[0];
    const name = first ? nameOf(first) : '';
    const sent = (value as Record<string, unknown> | null)?.[name];
    const raw = typeof sent === 'string' || typeof sent === 'number' ? String(sent).slice(0, 40) : '';
    const entity = entityOf(schema, name);
    if (httpPart === 'params') return { error: notFound(entity ?? 'resource', raw) };
    if (httpPart === 'body')
      return { error: new AppError('invalid_input', { field: name || 'body', value: typeof sent === 'string' ? raw : '' }) };
    // An id in a query names nothing, as one in a path: 404.
    if (entity) return { error: notFound(entity, raw) };
    return { error: new AppError('invalid_input', { field: name || httpPart, value: raw }) };
  };
};

const notFound = (entity: string, id: string) => new AppError('not_found', { entity, id });
