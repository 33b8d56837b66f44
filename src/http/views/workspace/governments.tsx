import type { FieldError, Values } from '../../../domain/input.js';
import { GOVERNMENT_KINDS } from '../../../domain/types.js';
import { CONTENT_LANGS, isOn, LANGUAGE_SETS } from '../../../domain/plan-input.js';
import { assessmentReviewMessages } from '../../../i18n/assessment-review.js';
import { adminMessages } from '../../../i18n/admin.js';
import type { Lang } from '../../../i18n/lang.js';
import { planMessages } from '../../../i18n/plans.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { GovernmentView } from '../../../services/workspace/governments.js';
import { governmentValues } from '../../../services/workspace/governments.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { ActionButton, Csrf, ErrorSummary, Select, TextInput, type FormState } from './form.js';

/** The admin's governments (issue 19): the list with a form to create one; one government's page with its holidays. */

export interface Failed {
  form: 'government' | 'holiday';
  errors: FieldError[];
  values: Values;
}

const ADMIN = '/espacio/admin/gobiernos';

function Breadcrumb({ lang, government }: { lang: Lang; government?: boolean }) {
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> › {adminMessages[lang].sectionTitle}
      {government && (
        <>
          {' › '}
          <a href={href(lang, ADMIN)}>{planMessages[lang].governments.title}</a>
        </>
      )}
    </p>
  );
}

/** Its languages in words; a code not known is shown as stored. */
export const languagesText = (lang: Lang, languages: readonly string[]) =>
  languages.map((l) => planMessages[lang].governments.languageNames[l] ?? l).join(', ');

function GovernmentFields({ form, lang }: { form: FormState; lang: Lang }) {
  const g = planMessages[lang].governments;
  return (
    <>
      <Select form={form} name="languages" options={LANGUAGE_SETS.map((v) => ({ value: v, label: g.languageSets[v] ?? v }))} />
      {CONTENT_LANGS.map((l) => (
        <TextInput
          key={l}
          form={form}
          name={l === 'es' ? 'governmentNameEs' : 'governmentNameEn'}
          hint={l === 'es' ? g.namesHint : undefined}
        />
      ))}
      <Select form={form} name="governmentKind" options={GOVERNMENT_KINDS.map((k) => ({ value: k, label: g.kinds[k] ?? k }))} />
      <TextInput form={form} name="countryCode" />
      <SelfApprovalBox form={form} lang={lang} />
    </>
  );
}

/** Separation of duties (decision 039): off by default; a government of one coordinator may turn it on. */
function SelfApprovalBox({ form, lang }: { form: FormState; lang: Lang }) {
  const fid = `f-${form.prefix ? `${form.prefix}-` : ''}allowSelfApproval`;
  return (
    <div class="checkbox">
      <input
        type="checkbox"
        id={fid}
        name="allowSelfApproval"
        value="on"
        checked={isOn(form.values.allowSelfApproval)}
        aria-describedby={`${fid}-hint`}
      />
      <label for={fid}>{workspaceMessages[lang].labels.allowSelfApproval}</label>
      <p class="hint" id={`${fid}-hint`}>
        {assessmentReviewMessages[lang].allowSelfApprovalHint}
      </p>
    </div>
  );
}

export function GovernmentsPage({
  ctx,
  csrf,
  governments,
  failed,
  flash,
}: {
  ctx: PageContext;
  csrf: string;
  governments: GovernmentView[];
  failed: Failed | null;
  flash: string | null;
}) {
  const { lang } = ctx;
  const g = planMessages[lang].governments;
  const form: FormState = {
    lang,
    csrf,
    prefix: 'new',
    values: failed?.values ?? { languages: 'es', governmentKind: 'national' },
    errors: failed?.errors ?? [],
  };
  return (
    <Layout ctx={ctx} title={g.title} failed={Boolean(failed)}>
      <Breadcrumb lang={lang} />
      <h1>{g.title}</h1>
      <p class="lead">{g.intro}</p>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <ErrorSummary form={form} />
      {governments.length === 0 ? (
        <p>{g.none}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption>{g.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{g.columns.name}</th>
                <th scope="col">{g.columns.kind}</th>
                <th scope="col">{g.columns.country}</th>
                <th scope="col">{g.columns.languages}</th>
                <th scope="col">{g.columns.plans}</th>
              </tr>
            </thead>
            <tbody>
              {governments.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <a href={href(lang, `${ADMIN}/${x.id}`)}>{x.name}</a>
                  </th>
                  <td>{g.kinds[x.kind] ?? x.kind}</td>
                  <td>{x.countryCode ?? '—'}</td>
                  <td>{languagesText(lang, x.languagesAsStored)}</td>
                  <td>{x.plans.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="crear-gobierno">
        <h2 id="crear-gobierno">{g.createTitle}</h2>
        <form method="post" action={href(lang, ADMIN)} noValidate>
          <Csrf token={csrf} />
          <GovernmentFields form={form} lang={lang} />
          <button type="submit">{g.create}</button>
        </form>
      </section>
    </Layout>
  );
}

export function GovernmentPage({
  ctx,
  csrf,
  government,
  failed,
  flash,
}: {
  ctx: PageContext;
  csrf: string;
  government: GovernmentView;
  failed: Failed | null;
  flash: string | null;
}) {
  const { lang } = ctx;
  const g = planMessages[lang].governments;
  const edit: FormState = {
    lang,
    csrf,
    prefix: 'gov',
    values: failed?.form === 'government' ? failed.values : governmentValues(government),
    errors: failed?.form === 'government' ? failed.errors : [],
  };
  const holiday: FormState = {
    lang,
    csrf,
    prefix: 'holiday',
    values: failed?.form === 'holiday' ? failed.values : {},
    errors: failed?.form === 'holiday' ? failed.errors : [],
  };
  const base = `${ADMIN}/${government.id}`;
  return (
    <Layout ctx={ctx} title={g.editTitle(government.name)} failed={Boolean(failed)}>
      <Breadcrumb lang={lang} government />
      <h1>{g.editTitle(government.name)}</h1>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <ErrorSummary form={failed?.form === 'holiday' ? holiday : edit} />
      <dl class="facts">
        <dt>{g.columns.languages}</dt>
        <dd>{languagesText(lang, government.languagesAsStored)}</dd>
        <dt>{g.columns.plans}</dt>
        <dd>
          {government.plans.length === 0
            ? '—'
            : government.plans.map((p, i) => (
                <span key={p.id}>
                  {i > 0 && ', '}
                  {p.title} ({planMessages[lang].stages[p.status as 'draft'] ?? p.status})
                </span>
              ))}
        </dd>
      </dl>
      <section aria-labelledby="datos-gobierno">
        <h2 id="datos-gobierno">{g.edit}</h2>
        <form method="post" action={href(lang, base)} noValidate>
          <Csrf token={csrf} />
          <GovernmentFields form={edit} lang={lang} />
          <button type="submit">{g.save}</button>
        </form>
      </section>
      <section aria-labelledby="feriados">
        <h2 id="feriados">{g.holidaysTitle}</h2>
        {government.holidays.length === 0 ? (
          <p>{g.noHolidays}</p>
        ) : (
          <div class="table-scroll">
            <table class="data">
              <caption>{g.holidaysCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{workspaceMessages[lang].labels.holidayDate}</th>
                  <th scope="col">{workspaceMessages[lang].labels.holidayName}</th>
                  <th scope="col">{g.removeHoliday}</th>
                </tr>
              </thead>
              <tbody>
                {government.holidays.map((h) => (
                  <tr key={h.id}>
                    <td>{formatDate(h.date, lang)}</td>
                    <th scope="row">{h.name}</th>
                    <td>
                      <ActionButton
                        action={href(lang, `${base}/feriados/${h.id}/eliminar`)}
                        csrf={csrf}
                        label={g.removeHoliday}
                        describe={`${h.name}, ${formatDate(h.date, lang)}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form method="post" action={href(lang, `${base}/feriados`)} noValidate>
          <Csrf token={csrf} />
          <TextInput form={holiday} name="holidayDate" type="date" />
          <TextInput form={holiday} name="holidayName" />
          <button type="submit">{g.addHoliday}</button>
        </form>
      </section>
      <p>
        <a href={href(lang, ADMIN)}>{g.back}</a>
      </p>
    </Layout>
  );
}
