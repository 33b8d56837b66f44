import { TEXT_FIELDS } from '../../../domain/commitment-input.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { commitmentMessages } from '../../../i18n/commitments.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { getNewCommitmentForm } from '../../../services/workspace/commitment-template.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { agencyOptions } from './commitment-people.js';
import { CommitmentTexts, textLabels } from './commitment-texts.js';
import { Checkboxes, Csrf, ErrorSummary, Select, TextInput } from './form.js';

/** A commitment created by hand in a plan: every field of OGP's template the commitment's page edits, each text in the plan's languages. */
export function CommitmentNewPage({
  ctx,
  csrf,
  data,
  values,
  errors,
}: {
  ctx: PageContext;
  csrf: string;
  data: Awaited<ReturnType<typeof getNewCommitmentForm>>;
  values: Values;
  errors: FieldError[];
}) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  const cm = commitmentMessages[lang];
  const other = data.translationLang;
  const form = { lang, csrf, values, errors, labels: textLabels(lang, data.plan.lang === 'en' ? 'en' : 'es', other) };
  return (
    <Layout ctx={ctx} title={cm.newCommitment}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{m.title}</a> › {data.plan.title}
      </p>
      <h1>{cm.newCommitment}</h1>
      <p class="lead">{cm.newCommitmentIntro(data.plan.title)}</p>
      {data.themes.length === 0 ? (
        <p class="notice">{cm.noThemes}</p>
      ) : (
        <form method="post" action={href(lang, `/espacio/planes/${data.plan.id}/compromisos`)} class="edit-form">
          <Csrf token={csrf} />
          <ErrorSummary form={form} />
          <Select form={form} name="themeId" options={data.themes.map((t) => ({ value: String(t.id), label: t.title }))} />
          <CommitmentTexts form={form} other={other} rows={5} fields={['title']} />
          <Select form={form} name="agencyId" options={agencyOptions(data.agencies)} blank={m.any} />
          <Checkboxes form={form} name="coLeadIds" legend={m.labels.coLeadIds!} options={agencyOptions(data.agencies)} />
          <CommitmentTexts form={form} other={other} rows={5} fields={TEXT_FIELDS.filter((f) => f !== 'title')} />
          <div class="two">
            <TextInput form={form} name="plannedStart" type="date" />
            <TextInput form={form} name="plannedEnd" type="date" />
          </div>
          <button type="submit">{cm.create}</button>
        </form>
      )}
    </Layout>
  );
}
