import { ROLES } from './roles.js';
import type { Checked, FieldRule, Values } from './fields.js';

/**
 * Checking what a person sent, the same for a form and for the API: each form's table of field rules
 * (its schema: domain/fields.ts, decision 027), and the rules across fields and against what is
 * stored that no schema can say (dates in order, a date that takes effect, a link that is one).
 */
export {
  checkFields,
  formSchema,
  MORE_UNKNOWN,
  UNKNOWN_FIELDS_NAMED,
  type Checked,
  type ErrorCode,
  type FieldError,
  type FieldRule,
  type FieldRules,
  type Values,
} from './fields.js';

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
