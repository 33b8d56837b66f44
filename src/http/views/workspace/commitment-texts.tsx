import type { ComponentChildren } from 'preact';
import { Fragment } from 'preact';
import { TEXT_FIELDS, translationField, type TextField } from '../../../domain/commitment-input.js';
import type { ContentLang } from '../../../domain/plan-input.js';
import type { Lang } from '../../../i18n/lang.js';
import { planMessages } from '../../../i18n/plans.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import { TextArea, TextInput, type FormState } from './form.js';

/**
 * The template's texts of a commitment (its new form and its page in the workspace), each in the
 * plan's language and — when the plan has two — again in the other one, just below.
 */

/** Each text's label with its language, when the form asks it in two: what the fields and the error summary say. */
export function textLabels(lang: Lang, main: ContentLang, other: ContentLang | null): Record<string, string> {
  if (other === null) return {};
  const m = workspaceMessages[lang];
  const names = planMessages[lang].governments.languageNames;
  return Object.fromEntries(
    TEXT_FIELDS.flatMap((f) => [
      [f, `${m.labels[f]} (${names[main]})`],
      [translationField(f), `${m.labels[f]} (${names[other]})`],
    ]),
  );
}

export function CommitmentTexts({
  form,
  other,
  rows,
  fields = TEXT_FIELDS,
  after,
}: {
  /** Its labels are textLabels' when `other` is a language. */
  form: FormState;
  other: ContentLang | null;
  /** The long texts' height (the others' actors take less). */
  rows: number;
  /** Which texts, in the template's order (all by default). */
  fields?: readonly TextField[];
  /** What follows a field (someone else's value after a conflict). */
  after?: (name: string) => ComponentChildren;
}) {
  const one = (f: TextField, name: string) => (
    <Fragment key={name}>
      {f === 'title' ? (
        <TextInput form={form} name={name} label={form.labels?.[name]} />
      ) : (
        <TextArea form={form} name={name} label={form.labels?.[name]} rows={f.startsWith('otherActors') ? 3 : rows} />
      )}
      {after?.(name)}
    </Fragment>
  );
  return <>{fields.map((f) => [one(f, f), other === null ? null : one(f, translationField(f))])}</>;
}
