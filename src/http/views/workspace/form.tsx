import type { ComponentChildren } from 'preact';
import type { FieldError, Values } from '../../../domain/input.js';
import type { Lang } from '../../../i18n/lang.js';
import { reviewMessages } from '../../../i18n/review.js';
import { fieldErrorText, workspaceMessages } from '../../../i18n/workspace.js';

/**
 * Form pieces in the GOV.UK pattern: a summary of the errors at the top, each linking to its field;
 * each field with its label, hint, error and the value as it was typed.
 */
export interface FormState {
  lang: Lang;
  csrf: string;
  values: Values;
  errors: FieldError[];
  /** Ids are prefixed so two forms on a page do not share them. */
  prefix?: string;
  /** The form's own labels, where a field name means something else here than in the workspace's shared labels. */
  labels?: Record<string, string>;
}

const id = (f: FormState, name: string) => `f-${f.prefix ? `${f.prefix}-` : ''}${name}`;
const errorOf = (f: FormState, name: string) => f.errors.find((e) => e.field === name);

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function ErrorSummary({ form }: { form: FormState }) {
  if (form.errors.length === 0) return null;
  const m = workspaceMessages[form.lang];
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{m.errorTitle}</h2>
      <ul>
        {form.errors.map((e, i) => (
          <li key={i}>
            <a href={`#${id(form, e.field)}`}>{fieldErrorText(form.lang, e, form.labels)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Field({
  form,
  name,
  label,
  hint,
  children,
}: {
  form: FormState;
  name: string;
  label?: string;
  hint?: string;
  children: (attrs: Record<string, unknown>) => ComponentChildren;
}) {
  const m = workspaceMessages[form.lang];
  const error = errorOf(form, name);
  const fid = id(form, name);
  const described = [hint ? `${fid}-hint` : null, error ? `${fid}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={fid}>{label ?? m.labels[name] ?? name}</label>
      {hint && (
        <p class="hint" id={`${fid}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${fid}-error`}>
          {fieldErrorText(form.lang, error, form.labels)}
        </p>
      )}
      {children({ id: fid, name, 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined })}
    </div>
  );
}

// What was typed goes back into its field, up to a little more than the longest field takes (20 000
// characters): a page answering a megabyte pasted into one field does not grow with it (issue 17).
const ECHO_MAX = 25_000;
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).slice(0, ECHO_MAX));

export function TextInput({
  form,
  name,
  label,
  hint,
  type = 'text',
}: {
  form: FormState;
  name: string;
  label?: string;
  hint?: string;
  type?: string;
}) {
  return (
    <Field form={form} name={name} label={label} hint={hint}>
      {(a) => <input type={type} value={text(form.values[name])} {...a} />}
    </Field>
  );
}

export function FileInput({
  form,
  name,
  label,
  hint,
  accept,
}: {
  form: FormState;
  name: string;
  label?: string;
  hint?: string;
  accept?: string;
}) {
  // A browser never sends a file back: after an error the person chooses it again.
  return (
    <Field form={form} name={name} label={label} hint={hint}>
      {(a) => <input type="file" accept={accept} {...a} />}
    </Field>
  );
}

export function TextArea({
  form,
  name,
  label,
  hint,
  rows = 5,
}: {
  form: FormState;
  name: string;
  label?: string;
  hint?: string;
  rows?: number;
}) {
  return (
    <Field form={form} name={name} label={label} hint={hint}>
      {(a) => (
        <textarea rows={rows} {...a}>
          {text(form.values[name])}
        </textarea>
      )}
    </Field>
  );
}

export function Select({
  form,
  name,
  label,
  hint,
  options,
  blank,
}: {
  form: FormState;
  name: string;
  label?: string;
  hint?: string;
  options: { value: string; label: string }[];
  blank?: string;
}) {
  const current = text(form.values[name]);
  return (
    <Field form={form} name={name} label={label} hint={hint}>
      {(a) => (
        <select {...a}>
          {blank !== undefined && (
            <option value="" selected={current === ''}>
              {blank}
            </option>
          )}
          {options.map((o) => (
            <option value={o.value} selected={o.value === current} key={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkboxes({
  form,
  name,
  legend,
  options,
}: {
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
}) {
  const chosen = new Set((Array.isArray(form.values[name]) ? (form.values[name] as number[]) : []).map(String));
  const error = errorOf(form, name);
  const fid = id(form, name);
  return (
    <fieldset class={`field${error ? ' field-error' : ''}`} id={fid} aria-describedby={error ? `${fid}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p class="error-message" id={`${fid}-error`}>
          {fieldErrorText(form.lang, error, form.labels)}
        </p>
      )}
      {options.map((o) => (
        <div class="checkbox" key={o.value}>
          <input type="checkbox" id={`${fid}-${o.value}`} name={name} value={o.value} checked={chosen.has(o.value)} />
          <label for={`${fid}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A one-button form for an action on a row (remove, move): with its CSRF token, never a link (no change on GET). */
export function ActionButton({
  action,
  csrf,
  label,
  name,
  value,
  secondary = true,
  describe,
}: {
  action: string;
  csrf: string;
  label: string;
  name?: string;
  value?: string;
  secondary?: boolean;
  describe?: string;
}) {
  return (
    <form method="post" action={action} class="inline">
      <Csrf token={csrf} />
      <button
        type="submit"
        class={secondary ? 'secondary' : undefined}
        name={name}
        value={value}
        aria-label={describe ? `${label}: ${describe}` : undefined}
      >
        {label}
      </button>
    </form>
  );
}

/** What someone else saved, shown beside a field after a conflict. */
export function Theirs({ label, value, empty }: { label: string; value: unknown; empty: string }) {
  return (
    <div class="theirs">
      <p class="theirs-label">{label}</p>
      <pre>{value === null || value === undefined || value === '' ? empty : String(value)}</pre>
    </div>
  );
}

/** Someone saved first: what they saved, field by field where it differs from what this person sent. */
export function ConflictSummary({ lang, conflict }: { lang: Lang; conflict: { theirs: Values; mine: Values } }) {
  const m = workspaceMessages[lang];
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{m.conflictTitle}</h2>
      <p>{m.conflictIntro}</p>
      {Object.keys(conflict.theirs)
        .filter((k) => String(conflict.theirs[k] ?? '') !== String(conflict.mine[k] ?? ''))
        .map((k) => (
          <div key={k}>
            <p>
              <strong>{m.labels[k] ?? reviewMessages[lang].labels[k] ?? k}</strong>
            </p>
            <Theirs label={m.theirs} value={conflict.theirs[k]} empty={m.empty} />
          </div>
        ))}
    </div>
  );
}
