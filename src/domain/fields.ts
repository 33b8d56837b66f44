import Type, { type Static, type TObject, type TSchema, type TUnsafe } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';

/**
 * What a person may send, as TypeBox schemas: one schema per form (and per API body), made from a
 * table of field rules, and used three ways — by checkFields (here, and in the services), by fastify
 * to validate the request, and by @fastify/swagger for the OpenAPI document (decision 027). A table
 * is data, the compact spelling of a schema: each rule becomes a JSON Schema of the value once it is
 * read (trimmed text, a number, a list of ids, null for nothing), and every judgement is TypeBox's
 * compiled validator's; one mapper turns its errors into FieldErrors, with the codes the pages and
 * the API word in both languages. Pure: values in, values or errors out.
 */
export type FieldRule =
  | { type: 'text'; required?: boolean; max: number; multiline?: boolean }
  | { type: 'date'; required?: boolean }
  | { type: 'int'; required?: boolean; min: number; max: number }
  | { type: 'number'; required?: boolean; min: number; max: number }
  | { type: 'choice'; required?: boolean; values: readonly string[] }
  | { type: 'ids'; max: number };

export type FieldRules = Record<string, FieldRule>;

export type ErrorCode =
  | 'required'
  | 'too_long'
  | 'invalid_date'
  | 'date_order'
  | 'unknown_field'
  | 'control_chars'
  | 'not_number'
  | 'out_of_range'
  // The unknown fields past UNKNOWN_FIELDS_NAMED, counted in `limit` (under the field MORE_UNKNOWN).
  | 'more_unknown_fields'
  | 'invalid_choice'
  | 'round_open'
  // A round repeating a kind, or with its cutoff outside the period, opened without a reason (domain/round-guard.ts;
  // param: the flags and their facts, reasonParam).
  | 'round_reason_needed'
  | 'future_date'
  | 'not_after_current'
  | 'published_round'
  | 'same_agency'
  // Carrying a commitment into a later plan (domain/continuity.ts).
  | 'already_complete'
  | 'other_government'
  | 'not_later_plan'
  | 'already_continued'
  // A new planned date for a warning (services/monitoring): not in the past.
  | 'past_date'
  // Indicators (domain/indicator-input.ts).
  | 'target_direction'
  | 'before_baseline'
  // Co-creation and the forum (domain/cocreation-input.ts).
  | 'invalid_url'
  | 'call_closed'
  | 'too_many'
  | 'already_approved'
  | 'not_groupable'
  | 'not_scored'
  // Governments, plans and themes (domain/plan-input.ts, domain/plan-stages.ts): a stage move refused
  // (param: the refusal, "backwards:approved:draft"), a theme still holding commitments, a name in use.
  | 'stage_refused'
  | 'not_empty'
  | 'name_taken'
  // Milestones (domain/commitment-input.ts): progress before the plan is approved.
  | 'plan_not_running'
  | 'too_many_co_leads'
  // An assessment submitted or approved despite consistency warnings without a reason (param: their codes,
  // domain/assessment-consistency.ts); approved by the person who submitted it (decision 039).
  | 'confirm_warnings'
  | 'same_person';

export interface FieldError {
  field: string;
  code: ErrorCode;
  /** For too_long and out_of_range: the limit. */
  limit?: number;
  /** Words already made for the reader (a file refused by its checks), shown instead of the code's. */
  message?: string;
  /** For the date rules: the date the value must come after. */
  param?: string;
}

export type Values = Record<string, string | number | number[] | null>;

export interface Checked {
  values: Values;
  errors: FieldError[];
}

/**
 * Unknown fields are named one error each up to this many; the rest are counted in one error more,
 * under MORE_UNKNOWN ("and N more"): an answer does not grow with what was sent (issue 17). A name is
 * repeated at most NAME_SHOWN characters long.
 */
export const UNKNOWN_FIELDS_NAMED = 5;
export const MORE_UNKNOWN = '_more';
const NAME_SHOWN = 60;

// Control characters other than tab and new line have no place in a text a person writes; nor have
// lone surrogates (not Unicode: PostgreSQL and SQLite would store something else) or U+FFFD, the mark
// left where bytes that were not UTF-8 came in — stored, it would silently replace what was meant.
// A line is a text without a new line. (JSON Schema patterns are Unicode regular expressions.)
const TEXT = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ufffd\\p{Cs}]*$';
const LINE = '^[^\\u0000-\\u0008\\u000a-\\u001f\\u007f\\ufffd\\p{Cs}]*$';
// A real calendar day (format) of the years a plan may speak of (pattern), as domain/dates.ts's isoDate.
const DATE = '^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$';
// An id in a list: what fits a database id, without signs, spaces or exponents.
const ID_ITEM = /^[1-9]\d{0,9}$/;
// A number as people type it: digits, one decimal separator, a point or a comma ("12,5").
const DECIMAL = /^-?\d+([.,]\d+)?$/;

/** Keys every form and request may carry besides its fields: the CSRF token and the version it was loaded with. */
const META = {
  _csrf: Type.Optional(Type.Unknown({ description: 'The CSRF token (forms; the API sends it in the x-csrf-token header).' })),
  version: Type.Optional(Type.Unknown({ description: 'The version read: a save from an older one is a conflict (409).' })),
};

/** A field's value once read: what its rule's schema describes. */
export type FieldValue<R extends FieldRule> =
  | (R extends { type: 'ids' }
      ? number[]
      : R extends { type: 'int' | 'number' }
        ? number
        : R extends { type: 'choice'; values: readonly (infer V)[] }
          ? V
          : string)
  | (R extends { required: true } | { type: 'ids' } ? never : null);

/** The JSON Schema of one rule's value. */
export function fieldSchema<R extends FieldRule>(rule: R): TUnsafe<FieldValue<R>> {
  const required = rule.type !== 'ids' && rule.required === true;
  const nullable = <T extends string>(type: T) => (required ? type : [type, 'null']);
  switch (rule.type) {
    case 'text':
      return Type.Unsafe({
        type: nullable('string'),
        ...(required ? { minLength: 1 } : {}),
        maxLength: rule.max,
        pattern: rule.multiline ? TEXT : LINE,
      });
    case 'date':
      return Type.Unsafe({ type: nullable('string'), format: 'date', pattern: DATE });
    case 'int':
    case 'number':
      return Type.Unsafe({ type: nullable(rule.type === 'int' ? 'integer' : 'number'), minimum: rule.min, maximum: rule.max });
    case 'choice':
      return Type.Unsafe({ type: nullable('string'), enum: required ? [...rule.values] : [...rule.values, null] });
    case 'ids':
      return Type.Unsafe({
        type: 'array',
        items: { type: 'integer', minimum: 1 },
        maxItems: rule.max,
        description: 'Ids: a list, or in a form the ids separated by commas.',
      });
  }
}

/** The schema of a whole form: its fields (null for nothing), no others but the CSRF token and the version. */
export type FormSchema<R extends FieldRules = FieldRules> = TObject<{ [K in keyof R]: TUnsafe<FieldValue<R[K]>> }>;
export type FormValues<R extends FieldRules> = Static<FormSchema<R>>;

interface Form {
  rules: FieldRules;
  partial: boolean;
  schema: TObject;
  whole: Validator;
  fields: Map<string, Validator>;
  extra: Map<string, Validator>;
}

/** Each table's forms, made and compiled once: in full and partial (a PUT changes what it sends). */
const made = new WeakMap<FieldRules, { full?: Form; partial?: Form }>();
/** The form a schema was made for: what fastify's validator compiler is handed is the schema. */
const forms = new WeakMap<TSchema, Form>();

export interface FormOptions {
  /** Fields left out keep what they had: none is required. */
  partial?: boolean;
  /** A route's own keys besides the fields (a form's submit button, a flag of the API), checked by their schemas only. */
  extra?: Record<string, TSchema>;
}

/**
 * The schema of a form made of these rules. The same table and mode give the same schema (and its
 * validator, compiled once); a route's `extra` keys make a schema of its own.
 */
export function formSchema<R extends FieldRules>(rules: R, options: FormOptions = {}): FormSchema<R> {
  const partial = options.partial === true;
  if (!options.extra) {
    const both = made.get(rules) ?? {};
    made.set(rules, both);
    const key = partial ? 'partial' : 'full';
    return (both[key] ??= makeForm(rules, partial, {})).schema as FormSchema<R>;
  }
  return makeForm(rules, partial, options.extra).schema as FormSchema<R>;
}

function makeForm(rules: FieldRules, partial: boolean, extra: Record<string, TSchema>): Form {
  const properties: Record<string, TSchema> = { ...META, ...extra };
  const fields = new Map<string, Validator>();
  for (const [field, rule] of Object.entries(rules)) {
    const schema = fieldSchema(rule);
    const required = rule.type !== 'ids' && rule.required === true;
    properties[field] = partial || !required ? Type.Optional(schema) : schema;
    fields.set(field, Compile(schema));
  }
  const schema = Type.Object(properties, { additionalProperties: false });
  const extras = new Map(Object.entries(extra).map(([key, s]) => [key, Compile(s)]));
  const form: Form = { rules, partial, schema, whole: Compile(schema), fields, extra: extras };
  forms.set(schema, form);
  return form;
}

/** Whether a schema is a form's (checked as checkFields checks), and so read as a form is. */
export function isFormSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && forms.has(schema as TSchema);
}

/**
 * Checks each field by its rule. `partial`: fields left out are not checked and not in `values` (they
 * keep what they had); otherwise a field left out is empty (an error when required).
 */
export function checkFields(input: Record<string, unknown>, rules: FieldRules, options: { partial?: boolean } = {}): Checked {
  formSchema(rules, options);
  const form = made.get(rules)![options.partial ? 'partial' : 'full']!;
  return check(form, input).checked;
}

/**
 * A request's body checked against a form's schema: the fields' values and errors, and the route's
 * own keys as sent (the version, a button) — or the first of those its schema refuses.
 */
export function checkForm(
  schema: TSchema,
  input: Record<string, unknown>,
): Checked & { extra: Record<string, unknown>; wrongExtra: string | null } {
  const form = forms.get(schema);
  if (!form) throw new Error('not a form schema (formSchema)');
  const extra: Record<string, unknown> = {};
  let wrongExtra: string | null = null;
  for (const [key, validator] of form.extra) {
    if (!Object.hasOwn(input, key)) continue;
    if (!validator.Check(input[key])) wrongExtra ??= key;
    extra[key] = input[key];
  }
  if (Object.hasOwn(input, 'version')) extra.version = input.version;
  return { ...check(form, input).checked, extra, wrongExtra };
}

function check(form: Form, input: Record<string, unknown>): { checked: Checked } {
  // Own keys only: "constructor" or "toString" are in every object, and are no field of any form.
  const read: Record<string, unknown> = { ...input };
  for (const [field, rule] of Object.entries(form.rules)) {
    if (form.partial && input[field] === undefined) continue;
    read[field] = readValue(rule, Object.hasOwn(input, field) ? input[field] : undefined);
  }
  const values: Values = {};
  const errors: FieldError[] = [];
  if (!form.whole.Check(read)) {
    errors.push(...unknownFields(form.schema, read));
    for (const [field, validator] of form.fields) {
      if (Object.hasOwn(read, field) && !validator.Check(read[field]))
        errors.push(fieldError(field, form.rules[field], read[field], validator));
    }
  }
  for (const [field, rule] of Object.entries(form.rules)) {
    if (!Object.hasOwn(read, field) || errors.some((e) => e.field === field)) continue;
    const value = read[field] as Values[string];
    values[field] = rule.type === 'ids' ? [...new Set(value as number[])] : value;
  }
  return { checked: { values, errors } };
}

/** Text as typed, read: new lines made one (a browser sends CRLF), no blanks around, nothing is null. */
function readText(raw: string | number | boolean): string | null {
  const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : String(raw);
  return text === '' ? null : text;
}

/**
 * What a form sent (strings, a list when a name repeats) or the API (JSON values), read into the
 * value its rule's schema judges: text trimmed, "12,5" → 12.5, "3,4" → [3, 4]. What cannot be read
 * stays as sent, for the schema to refuse by its type.
 */
function readValue(rule: FieldRule, raw: unknown): unknown {
  if (rule.type === 'ids') {
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw;
    const text = raw === undefined || raw === null ? null : readText(raw as string);
    const items = Array.isArray(raw) ? raw : text === null ? [] : text.split(',');
    return items
      .map((v) => String(v).trim())
      .filter((v) => v !== '')
      .map((v) => (ID_ITEM.test(v) ? Number(v) : v));
  }
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'object') return raw;
  if (rule.type === 'text' || rule.type === 'date') return typeof raw === 'string' ? readText(raw) : raw;
  // A box ticked or not: JSON's true and false are a form's 1 and 0.
  if (rule.type === 'choice') return readText(typeof raw === 'boolean' ? Number(raw) : (raw as string | number));
  // A number: a JSON number as it is; typed text by the digits people type.
  if (typeof raw === 'number') return raw;
  const text = readText(raw as string | boolean);
  if (text === null || !DECIMAL.test(text)) return text;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : text;
}

function unknownFields(schema: TObject, read: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  let unknown = 0;
  for (const key of Object.keys(read)) {
    if (Object.hasOwn(schema.properties, key)) continue;
    if (++unknown <= UNKNOWN_FIELDS_NAMED)
      errors.push({ field: key.length > NAME_SHOWN ? `${key.slice(0, NAME_SHOWN)}…` : key, code: 'unknown_field' });
  }
  if (unknown > UNKNOWN_FIELDS_NAMED)
    errors.push({ field: MORE_UNKNOWN, code: 'more_unknown_fields', limit: unknown - UNKNOWN_FIELDS_NAMED });
  return errors;
}

/** The validator's errors about one value, in order of what is said first: one FieldError per field. */
const SAID_FIRST = ['type', 'minLength', 'pattern', 'format', 'enum', 'maxLength', 'minimum', 'maximum', 'maxItems'];

function fieldError(field: string, rule: FieldRule | undefined, value: unknown, validator: Validator): FieldError {
  const found = validator.Errors(value);
  const first = found.sort((a, b) => rank(a.keyword) - rank(b.keyword))[0];
  const limit = first && 'limit' in first.params ? Number(first.params.limit) : undefined;
  switch (first?.keyword) {
    case 'type':
      if (value === null) return { field, code: 'required' };
      // A number field with text that is no number (or an id in a list that is none); anything else is not of its kind.
      if (first.instancePath !== '' || ((rule?.type === 'int' || rule?.type === 'number') && typeof value !== 'object'))
        return { field, code: 'not_number' };
      return { field, code: 'invalid_choice' };
    case 'minLength':
      return { field, code: 'required' };
    case 'pattern':
    case 'format':
      return { field, code: rule?.type === 'date' ? 'invalid_date' : 'control_chars' };
    case 'maxLength':
      return { field, code: 'too_long', limit: limit! };
    case 'minimum':
    case 'maximum':
    case 'maxItems':
      return { field, code: 'out_of_range', limit: limit! };
    default:
      return { field, code: 'invalid_choice' };
  }
}

const rank = (keyword: string) => {
  const i = SAID_FIRST.indexOf(keyword);
  return i === -1 ? SAID_FIRST.length : i;
};
