import { isIsoDate } from './dates.js';
import { ROLES } from './roles.js';

/**
 * Checking what a person sent, the same for a form and for the API: each field's rule, a clear error
 * that names the field, and unknown fields refused (a client cannot set what it may not change).
 * Pure: values in, values or errors out.
 */
export type FieldRule =
  | { type: 'text'; required?: boolean; max: number; multiline?: boolean }
  | { type: 'date'; required?: boolean }
  | { type: 'int'; required?: boolean; min: number; max: number }
  | { type: 'number'; required?: boolean; min: number; max: number }
  | { type: 'choice'; required?: boolean; values: readonly string[] }
  | { type: 'ids'; max: number };

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
  | 'not_scored';

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

/** Keys every form and request may carry besides its fields. */
const META = new Set(['_csrf', 'version']);

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
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]|\p{Cs}/u;

/**
 * Checks each field by its rule. `partial`: fields left out are not checked and not in `values` (they
 * keep what they had); otherwise a field left out is empty (an error when required).
 */
export function checkFields(
  input: Record<string, unknown>,
  rules: Record<string, FieldRule>,
  options: { partial?: boolean } = {},
): Checked {
  const values: Values = {};
  const errors: FieldError[] = [];
  let unknown = 0;
  for (const key of Object.keys(input)) {
    // Own keys only: "constructor" or "toString" are in every object, and are no field of any form.
    if (Object.hasOwn(rules, key) || META.has(key)) continue;
    if (++unknown <= UNKNOWN_FIELDS_NAMED)
      errors.push({ field: key.length > NAME_SHOWN ? `${key.slice(0, NAME_SHOWN)}…` : key, code: 'unknown_field' });
  }
  if (unknown > UNKNOWN_FIELDS_NAMED)
    errors.push({ field: MORE_UNKNOWN, code: 'more_unknown_fields', limit: unknown - UNKNOWN_FIELDS_NAMED });
  for (const [field, rule] of Object.entries(rules)) {
    const raw = input[field];
    if (options.partial && raw === undefined) continue;
    if (raw !== undefined && raw !== null && typeof raw === 'object' && !(rule.type === 'ids' && Array.isArray(raw))) {
      errors.push({ field, code: 'invalid_choice' });
      continue;
    }
    // A text or a date is a string: a JSON number or true where words are expected is the client's mistake, not "5".
    if ((rule.type === 'text' || rule.type === 'date') && raw !== undefined && raw !== null && typeof raw !== 'string') {
      errors.push({ field, code: 'invalid_choice' });
      continue;
    }
    const text =
      raw === undefined || raw === null
        ? ''
        : typeof raw === 'string'
          ? raw.replace(/\r\n?/g, '\n').trim()
          : Array.isArray(raw)
            ? ''
            : String(raw);
    const required = 'required' in rule && rule.required;
    if (rule.type === 'ids') {
      const list = (Array.isArray(raw) ? raw : text === '' ? [] : text.split(',')).map((v) => String(v).trim()).filter((v) => v !== '');
      if (list.some((v) => !/^[1-9]\d{0,9}$/.test(v))) errors.push({ field, code: 'not_number' });
      else if (list.length > rule.max) errors.push({ field, code: 'out_of_range', limit: rule.max });
      else values[field] = [...new Set(list.map(Number))];
      continue;
    }
    if (text === '') {
      if (required) errors.push({ field, code: 'required' });
      else values[field] = null;
      continue;
    }
    switch (rule.type) {
      case 'text':
        if (CONTROL.test(text) || (!rule.multiline && /\n/.test(text))) errors.push({ field, code: 'control_chars' });
        else if ([...text].length > rule.max) errors.push({ field, code: 'too_long', limit: rule.max });
        else values[field] = text;
        break;
      case 'date':
        if (isIsoDate(text)) values[field] = text;
        else errors.push({ field, code: 'invalid_date' });
        break;
      case 'int':
      case 'number': {
        const n = Number(text.replace(',', '.'));
        if (!Number.isFinite(n) || (rule.type === 'int' && !Number.isInteger(n)) || !/^-?\d+([.,]\d+)?$/.test(text))
          errors.push({ field, code: 'not_number' });
        else if (n < rule.min || n > rule.max) errors.push({ field, code: 'out_of_range', limit: n < rule.min ? rule.min : rule.max });
        else values[field] = n;
        break;
      }
      case 'choice':
        if (rule.values.includes(text)) values[field] = text;
        else errors.push({ field, code: 'invalid_choice' });
        break;
    }
  }
  return { values, errors };
}

/** An end before the start is an error on the end. */
export function checkDateOrder(checked: Checked, start: string, end: string, stored: Values = {}): Checked {
  // A date left out of a partial save keeps its stored value, and is compared as such.
  const s = start in checked.values ? checked.values[start] : stored[start];
  const e = end in checked.values ? checked.values[end] : stored[end];
  if (typeof s === 'string' && typeof e === 'string' && e < s) checked.errors.push({ field: end, code: 'date_order' });
  return checked;
}

/** The version a form was loaded with (to tell a conflicting save); null when absent or malformed. */
export function expectedVersion(input: Record<string, unknown>): number | null {
  const v = input.version;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

const LONG = 20_000;

export const COMMITMENT_RULES: Record<string, FieldRule> = {
  title: { type: 'text', required: true, max: 500 },
  problem: { type: 'text', max: LONG, multiline: true },
  objective: { type: 'text', max: LONG, multiline: true },
  description: { type: 'text', max: LONG, multiline: true },
  relevance: { type: 'text', max: LONG, multiline: true },
  ambition: { type: 'text', max: LONG, multiline: true },
  additionalInfo: { type: 'text', max: LONG, multiline: true },
  otherActorsGovernment: { type: 'text', max: 5000, multiline: true },
  otherActorsCivilSociety: { type: 'text', max: 5000, multiline: true },
  plannedStart: { type: 'date' },
  plannedEnd: { type: 'date' },
};

export const ACTIVITY_STATUS_VALUES = ['not-started', 'in-progress', 'done', 'cancelled'] as const;

export const ACTIVITY_RULES: Record<string, FieldRule> = {
  title: { type: 'text', required: true, max: 1000 },
  details: { type: 'text', max: LONG, multiline: true },
  deliverable: { type: 'text', max: 1000 },
  plannedStart: { type: 'date' },
  plannedEnd: { type: 'date' },
  weight: { type: 'number', min: 0, max: 100 },
  status: { type: 'choice', values: ACTIVITY_STATUS_VALUES },
};

export const LINK_RULES: Record<string, FieldRule> = {
  url: { type: 'text', required: true, max: 2000 },
  description: { type: 'text', max: 1000 },
  activityId: { type: 'int', min: 1, max: 2_147_483_647 },
};

/** The fields of a file upload besides the file (checked by its content elsewhere). */
export const FILE_RULES: Record<string, FieldRule> = {
  description: { type: 'text', max: 2000, multiline: true },
  activityId: LINK_RULES.activityId!,
};

export const SOURCE_RULES: Record<string, FieldRule> = {
  text: { type: 'text', required: true, max: 500 },
  docNumber: { type: 'text', max: 200 },
  issuingAgency: { type: 'text', max: 500 },
  date: { type: 'date' },
};

export const CONTACT_RULES: Record<string, FieldRule> = {
  name: { type: 'text', required: true, max: 300 },
  position: { type: 'text', max: 300 },
  email: { type: 'text', max: 320 },
  phone: { type: 'text', max: 100 },
  from: { type: 'date', required: true },
};

export const LEAD_AGENCY_RULES: Record<string, FieldRule> = {
  agencyId: { type: 'int', required: true, min: 1, max: 2_147_483_647 },
  detail: { type: 'text', max: 1000 },
  from: { type: 'date', required: true },
};

/**
 * The date a reorganisation takes effect (a new lead agency, a new contact): not in the future (what
 * rules now is what the site shows now), after the date the current entry took effect (no entry of
 * zero length), and after the cutoff of every published round — a published round keeps the agency
 * and contact it was assessed under.
 */
export function checkEffectiveDate(
  checked: Checked,
  facts: { today: string; currentFrom: string | null; lastPublishedCutoff: string | null },
  field = 'from',
): Checked {
  const v = checked.values[field];
  if (typeof v !== 'string') return checked;
  if (v > facts.today) checked.errors.push({ field, code: 'future_date' });
  else if (facts.lastPublishedCutoff && v <= facts.lastPublishedCutoff)
    checked.errors.push({ field, code: 'published_round', param: facts.lastPublishedCutoff });
  else if (facts.currentFrom && v <= facts.currentFrom) checked.errors.push({ field, code: 'not_after_current', param: facts.currentFrom });
  return checked;
}

/** A link must be one: http(s) only (no javascript:, data:, file:). */
export function checkUrl(checked: Checked, field = 'url'): Checked {
  const v = checked.values[field];
  if (typeof v === 'string') {
    let ok: boolean;
    try {
      const u = new URL(v);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
    } catch {
      ok = false;
    }
    if (!ok) checked.errors.push({ field, code: 'invalid_choice' });
  }
  return checked;
}

/** An e-mail address, loosely: something@something.something, no spaces. */
export function checkEmail(checked: Checked, field = 'email'): Checked {
  const v = checked.values[field];
  if (typeof v === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) checked.errors.push({ field, code: 'invalid_choice' });
  return checked;
}

const ID = { type: 'int', min: 1, max: 2_147_483_647 } as const;

/** A new account, as the admin creates it (the rules of the roles are the accounts service's). */
export const ACCOUNT_RULES: Record<string, FieldRule> = {
  email: { type: 'text', required: true, max: 254 },
  name: { type: 'text', required: true, max: 200 },
  role: { type: 'choice', required: true, values: ROLES },
  agency: ID,
  government: ID,
  language: { type: 'choice', values: ['es', 'en'] },
};

/** A new agency of a government. */
export const AGENCY_RULES: Record<string, FieldRule> = {
  government: { ...ID, required: true },
  name: { type: 'text', required: true, max: 300 },
  acronym: { type: 'text', max: 50 },
};

/** An agency renamed, or its acronym changed (an empty acronym removes it). */
export const AGENCY_EDIT_RULES: Record<string, FieldRule> = {
  name: AGENCY_RULES.name!,
  acronym: AGENCY_RULES.acronym!,
};
