import type { FieldError, Values } from '../../../domain/input.js';
import { commitmentMessages } from '../../../i18n/commitments.js';
import { formatDate } from '../../../i18n/format.js';
import type { Lang } from '../../../i18n/lang.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { EditableCommitment } from '../../../services/workspace/commitments.js';
import { agencyLabel, href } from '../format.js';
import { Csrf, ErrorSummary, Select, TextInput, type FormState } from './form.js';

/** The government's agencies as a choice list. */
export const agencyOptions = (agencies: { id: number; name: string; acronym: string | null }[]) =>
  agencies.map((a) => ({ value: String(a.id), label: agencyLabel(a) }));

/**
 * A commitment's co-leads (the coordination adds and removes them) and its contacts (every agency that
 * leads it adds and removes them): each removal is from a date, and the entry stays in the history.
 */
/** A contact's fields, from a date: the same in the form that changes the contact and the one that adds another. */
export function ContactFields({ form }: { form: FormState }) {
  return (
    <>
      <TextInput form={form} name="name" />
      <TextInput form={form} name="position" />
      <TextInput form={form} name="email" type="email" />
      <TextInput form={form} name="phone" />
      <TextInput form={form} name="from" type="date" />
    </>
  );
}

export function CoLeadsAndContacts({
  data,
  lang,
  csrf,
  base,
  failed,
}: {
  data: EditableCommitment;
  lang: Lang;
  csrf: string;
  base: string;
  failed: { form: string; errors: FieldError[]; values: Values } | null;
}) {
  const m = workspaceMessages[lang];
  const cm = commitmentMessages[lang];
  const state = (form: string, prefix: string): FormState => ({
    lang,
    csrf,
    prefix,
    values: failed?.form === form ? failed.values : {},
    errors: failed?.form === form ? failed.errors : [],
  });
  const end = (action: string, describe: string, prefix: string) => (
    <form method="post" action={action} class="inline">
      <Csrf token={csrf} />
      <label for={`${prefix}-to`}>{m.labels.to}</label> <input type="date" id={`${prefix}-to`} name="to" required />{' '}
      <button type="submit" class="secondary" aria-label={`${cm.endCoLead}: ${describe}`}>
        {cm.endCoLead}
      </button>
    </form>
  );
  const lead = data.detail.leadAgency?.agency.id;
  return (
    <>
      <section aria-labelledby="co-leads">
        <h2 id="co-leads">{cm.coLeadsHeading}</h2>
        {data.entries.coLeads.length === 0 ? (
          <p class="muted">{cm.noCoLeads}</p>
        ) : (
          <ul>
            {data.entries.coLeads.map((x) => (
              <li key={x.id}>
                {agencyLabel(x.agency)}
                {x.validFrom && <span class="muted"> ({cm.since(formatDate(x.validFrom, lang))})</span>}{' '}
                {data.canReorganise && end(href(lang, `/espacio/corresponsables/${x.id}/retirar`), agencyLabel(x.agency), `cl-${x.id}`)}
              </li>
            ))}
          </ul>
        )}
        {data.canReorganise && (
          <details open={failed?.form === 'co-lead'}>
            <summary>{cm.addCoLead}</summary>
            {(() => {
              const f = state('co-lead', 'cl');
              const taken = new Set([lead, ...data.entries.coLeads.map((x) => x.agency.id)]);
              return (
                <form method="post" action={`${base}/corresponsables`}>
                  <Csrf token={csrf} />
                  <ErrorSummary form={f} />
                  <Select form={f} name="agencyId" options={agencyOptions(data.agencies.filter((a) => !taken.has(a.id)))} />
                  <TextInput form={f} name="from" type="date" />
                  <button type="submit">{m.add}</button>
                </form>
              );
            })()}
          </details>
        )}
      </section>

      <section aria-labelledby="contacts">
        <h2 id="contacts">{cm.contactsHeading}</h2>
        <ul>
          {data.entries.contacts.map((x) => (
            <li key={x.id}>
              {x.name}
              {x.position && <>, {x.position}</>}
              {x.email && <> — {x.email}</>}
              {x.validFrom && <span class="muted"> ({cm.since(formatDate(x.validFrom, lang))})</span>}{' '}
              {end(href(lang, `/espacio/contactos/${x.id}/retirar`), x.name ?? '', `ct-${x.id}`)}
            </li>
          ))}
        </ul>
        <details open={failed?.form === 'add-contact'}>
          <summary>{cm.addContact}</summary>
          {(() => {
            const f = state('add-contact', 'ac');
            return (
              <form method="post" action={`${base}/contactos`}>
                <Csrf token={csrf} />
                <ErrorSummary form={f} />
                <ContactFields form={f} />
                <button type="submit">{m.add}</button>
              </form>
            );
          })()}
        </details>
      </section>
    </>
  );
}
