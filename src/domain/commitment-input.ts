import { ACTIVITY_RULES, checkDateOrder, COMMITMENT_RULES, CONTACT_RULES, type Checked, type FieldRule, type Values } from './input.js';
import { CONTENT_LANGS, type ContentLang } from './plan-input.js';
import type { PlanStatus } from './types.js';

/**
 * Commitments in OGP's template (issue 19, decision 030): a commitment created in a plan, its
 * milestones (an activity with its responsible agency, actual end, share done and the reason it was
 * cancelled), its co-leads and contacts, and the modifications of an approved plan's commitment.
 * Pure: rules and checks; the services apply them.
 */

const ID = { type: 'int', min: 1, max: 2_147_483_647 } as const;

/** Colombia's plans name up to four lead agencies: the first and three co-leads. */
export const MAX_CO_LEADS = 3;

/**
 * The template's texts, by the field a form sends and the column that keeps it. Each may be written in
 * the plan's other language too: a row of `translations` whose field is the column (as the report reads it).
 */
export const TEXT_COLUMNS = {
  title: 'title',
  problem: 'problem',
  objective: 'objective',
  description: 'description',
  relevance: 'relevance',
  ambition: 'ambition',
  additionalInfo: 'additional_info',
  otherActorsGovernment: 'other_actors_government',
  otherActorsCivilSociety: 'other_actors_civil_society',
} as const;
export type TextField = keyof typeof TEXT_COLUMNS;
export const TEXT_FIELDS = Object.keys(TEXT_COLUMNS) as TextField[];

/** The field a text in the plan's other language is sent in: titleTranslation, problemTranslation… */
export const translationField = (field: TextField) => `${field}Translation`;

/** Each text in the other language: as long as the original may be, never required (the first language's is). */
export const TRANSLATION_RULES: Record<string, FieldRule> = Object.fromEntries(
  TEXT_FIELDS.map((f) => [translationField(f), { ...COMMITMENT_RULES[f]!, required: false }]),
);

/** The language a commitment's texts are translated into: the other of the two Vigía writes in. */
export const otherLang = (lang: string): ContentLang => (lang === 'en' ? 'es' : 'en');

/**
 * Whether the forms ask each text a second time: when the plan or its government has two languages
 * (the plan's own first). Null: one language only.
 */
export function translationLang(planLang: string, governmentLanguages: readonly string[]): ContentLang | null {
  const langs = new Set([planLang, ...governmentLanguages].filter((l) => (CONTENT_LANGS as readonly string[]).includes(l)));
  return langs.size > 1 ? otherLang(planLang) : null;
}

/** A commitment created by hand in a plan: its theme, its first lead, its co-leads, the template's fields, each text in the other language. */
export const NEW_COMMITMENT_RULES: Record<string, FieldRule> = {
  themeId: { ...ID, required: true },
  agencyId: { ...ID, required: true },
  coLeadIds: { type: 'ids', max: MAX_CO_LEADS },
  ...COMMITMENT_RULES,
  ...TRANSLATION_RULES,
};

/** A milestone: the activity's fields and those OGP's template asks for while the plan runs. */
export const MILESTONE_RULES: Record<string, FieldRule> = {
  ...ACTIVITY_RULES,
  responsibleAgencyId: ID,
  actualEnd: { type: 'date' },
  percentDone: { type: 'int', min: 0, max: 100 },
  cancellationReason: { type: 'text', max: 2000, multiline: true },
};

/** What a milestone's progress is: set only once the plan is approved. */
export const PROGRESS_FIELDS = ['status', 'actualEnd', 'percentDone', 'cancellationReason'] as const;

/** Plans whose commitments' milestones are being carried out (or were: the end-of-term assessment still reads them). */
export const isRunning = (status: PlanStatus): boolean => status === 'approved' || status === 'active' || status === 'completed';

/**
 * A milestone's rules across fields, on what it will hold once saved (`stored` fills what a partial save
 * leaves out): planned dates in order, an actual end not before the planned start, a reason when
 * cancelled, and progress only on a plan approved (before, nothing has started: decision 030).
 */
export function checkMilestone(checked: Checked, planStatus: PlanStatus, stored: Values = {}): Checked {
  checkDateOrder(checked, 'plannedStart', 'plannedEnd', stored);
  checkDateOrder(checked, 'plannedStart', 'actualEnd', stored);
  const value = (field: string) => (field in checked.values ? checked.values[field] : stored[field]);
  if (value('status') === 'cancelled' && (value('cancellationReason') ?? null) === null)
    checked.errors.push({ field: 'cancellationReason', code: 'required' });
  if (!isRunning(planStatus)) {
    for (const field of PROGRESS_FIELDS) {
      const v = checked.values[field];
      // A new milestone may say it has not started; anything more waits for the approval.
      if (v === undefined || v === null || (field === 'status' && v === 'not-started')) continue;
      if (v === (stored[field] ?? null)) continue;
      checked.errors.push({ field, code: 'plan_not_running' });
    }
  }
  return checked;
}

/** Why and from when an approved plan's commitment changed (OGP asks for revisions to be documented). */
export const MODIFICATION_RULES: Record<string, FieldRule> = {
  modificationReason: { type: 'text', max: 2000, multiline: true },
  modificationDate: { type: 'date' },
};

/** The commitment's fields, their texts in the other language, and their modification: what its save form and API accept. */
export const COMMITMENT_SAVE_RULES: Record<string, FieldRule> = { ...COMMITMENT_RULES, ...TRANSLATION_RULES, ...MODIFICATION_RULES };

/**
 * Once a plan is approved, changing a commitment's text is a modification: it needs a reason and the
 * date it takes effect, not after today. Before, edits are free (and a reason sent is not asked for).
 */
export function checkModification(checked: Checked, planStatus: PlanStatus, changed: readonly string[], today: string): Checked {
  if (!isRunning(planStatus) || changed.length === 0) return checked;
  if ((checked.values.modificationReason ?? null) === null) checked.errors.push({ field: 'modificationReason', code: 'required' });
  const date = checked.values.modificationDate ?? null;
  if (date === null) checked.errors.push({ field: 'modificationDate', code: 'required' });
  else if (typeof date === 'string' && date > today) checked.errors.push({ field: 'modificationDate', code: 'future_date' });
  return checked;
}

/** Another contact beside those there are (CONTACT_RULES replaces the first). */
export const CONTACT_ADD_RULES: Record<string, FieldRule> = CONTACT_RULES;

/** A co-lead from a date. */
export const CO_LEAD_RULES: Record<string, FieldRule> = {
  agencyId: { ...ID, required: true },
  from: { type: 'date', required: true },
};

/** A co-lead or a contact that stops being one, from a date (it stays in the history). */
export const END_RULES: Record<string, FieldRule> = {
  to: { type: 'date', required: true },
};
