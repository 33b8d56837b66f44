import type { Checked, FieldRule } from './input.js';
import { MAX_ROUND_GRACE_MONTHS } from './round-guard.js';
import { GOVERNMENT_KINDS, PLAN_STATUSES } from './types.js';

/**
 * What a person may send about governments, plans and themes (issue 19), checked by domain/input.ts
 * `checkFields`. Field names are unique across the workspace's forms: an error names its field by one
 * table of labels (i18n/plans.ts).
 *
 * A government's languages are the languages Vigía's pages are written in (Spanish, English), the main
 * one first: each name and title is asked in each of them — the main one in the row, the other in
 * `translations` (decision 029).
 */
export const CONTENT_LANGS = ['es', 'en'] as const;
export type ContentLang = (typeof CONTENT_LANGS)[number];
/** The choices of a government's languages: one, or both with the main one first. */
export const LANGUAGE_SETS = ['es', 'en', 'es,en', 'en,es'] as const;

/** A government's languages as stored ("es,en"); a government from before migration 0018 has only `lang`. */
export function languagesOf(g: { languages?: string | null; lang: string }): ContentLang[] {
  const list = (g.languages || g.lang).split(',').filter((l): l is ContentLang => (CONTENT_LANGS as readonly string[]).includes(l));
  return list.length > 0 ? list : ['es'];
}

/** The field a text in `lang` is sent in: planTitleEs, planTitleEn… */
export const inLang = (base: string, lang: ContentLang) => `${base}${lang === 'es' ? 'Es' : 'En'}`;

const YEAR = { type: 'int', min: 1990, max: 2200 } as const;

/** A box's values as forms and scripts send them. */
export const ON_OFF = ['on', 'off', 'true', 'false', '1', '0'] as const;
export const isOn = (v: unknown) => v === 'on' || v === 'true' || v === '1';

export const GOVERNMENT_RULES: Record<string, FieldRule> = {
  governmentNameEs: { type: 'text', max: 200 },
  governmentNameEn: { type: 'text', max: 200 },
  governmentKind: { type: 'choice', required: true, values: GOVERNMENT_KINDS },
  countryCode: { type: 'text', max: 10 },
  languages: { type: 'choice', required: true, values: LANGUAGE_SETS },
  // A box (decision 039): ticked, the person who submitted an assessment may approve it too. Left out of a save: as it was.
  allowSelfApproval: { type: 'choice', values: ON_OFF },
};

export const PLAN_RULES: Record<string, FieldRule> = {
  planTitleEs: { type: 'text', max: 500 },
  planTitleEn: { type: 'text', max: 500 },
  planLang: { type: 'choice', values: CONTENT_LANGS },
  periodStart: { ...YEAR, required: true },
  periodEnd: { ...YEAR, required: true },
  // Months after the period a round's cutoff may fall without a reason (domain/round-guard.ts); left empty, as it was (12 for a new plan).
  roundGraceMonths: { type: 'int', min: 0, max: MAX_ROUND_GRACE_MONTHS },
  // The share of its target (%) an indicator must reach for a "Completo" to pass without a warning (decision 039); empty: as it was (90 new).
  completeShare: { type: 'int', min: 1, max: 100 },
};

/** A plan's stage moved: to which, and — to approved — the instrument and its date. */
export const STAGE_RULES: Record<string, FieldRule> = {
  stage: { type: 'choice', required: true, values: PLAN_STATUSES },
  approvalInstrument: { type: 'text', max: 500 },
  approvalDate: { type: 'date' },
};

/** An imported plan's stage corrected: to which, why, and (optionally) its approval as the file should have said. */
export const CORRECTION_RULES: Record<string, FieldRule> = {
  correctedStage: { type: 'choice', required: true, values: PLAN_STATUSES },
  correctionReason: { type: 'text', required: true, max: 1000, multiline: true },
  approvalInstrument: { type: 'text', max: 500 },
  approvalDate: { type: 'date' },
};

export const THEME_RULES: Record<string, FieldRule> = {
  themeTitleEs: { type: 'text', max: 300 },
  themeTitleEn: { type: 'text', max: 300 },
};

/** A theme moved up or down among the plan's. */
export const THEME_MOVE_RULES: Record<string, FieldRule> = {
  direction: { type: 'choice', required: true, values: ['up', 'down'] },
};

/** A text required in each of `langs`: the field of each one missing is named. */
export function checkEachLanguage(checked: Checked, base: string, langs: readonly ContentLang[]): Checked {
  for (const lang of langs) {
    const field = inLang(base, lang);
    if (typeof checked.values[field] !== 'string' && !checked.errors.some((e) => e.field === field))
      checked.errors.push({ field, code: 'required' });
  }
  return checked;
}

/** A period's end before its start is an error on the end (both are years). */
export function checkPeriod(checked: Checked): Checked {
  const { periodStart: s, periodEnd: e } = checked.values;
  if (typeof s === 'number' && typeof e === 'number' && e < s) checked.errors.push({ field: 'periodEnd', code: 'date_order' });
  return checked;
}

/** A country code is two capital letters (ISO 3166-1 alpha-2), written in any case. */
export function checkCountryCode(checked: Checked): Checked {
  const v = checked.values.countryCode;
  if (typeof v === 'string') {
    if (/^[A-Za-z]{2}$/.test(v)) checked.values.countryCode = v.toUpperCase();
    else checked.errors.push({ field: 'countryCode', code: 'invalid_choice' });
  }
  return checked;
}
