import type { FieldError, Values } from '../../../domain/input.js';
import {
  DID_IT_OPEN_GOVERNMENT,
  IRM_COMPLETION,
  POTENTIAL_IMPACT,
  RECOMMENDATION_STATUSES,
  SPECIFICITY,
  type IrmReport,
} from '../../../domain/irm.js';
import { levelLabel } from '../../../domain/levels.js';
import { REVIEW_VALUE_FIELDS } from '../../../domain/review-input.js';
import { roundName } from '../../../i18n/format.js';
import type { Lang } from '../../../i18n/lang.js';
import { reviewMessages } from '../../../i18n/review.js';
import { fieldErrorText, workspaceMessages } from '../../../i18n/workspace.js';
import type { ContinuationForm, PlanReviewList, RecommendationsForm, ReviewForm } from '../../../services/workspace/reviews.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { assessmentReviewMessages } from '../../../i18n/assessment-review.js';
import { AssessmentPanel } from './assessment-panel.js';
import { ConflictSummary, Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './form.js';

/** The independent review in the workspace: the reviewer's forms, the plan's recommendations, carrying a commitment on. */

type Failed = { key: string; errors: FieldError[]; values: Values } | null;
type Conflict = { key: string; theirs: Values; mine: Values; version: number } | null;

const Flash = ({ text }: { text: string | null }) =>
  text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;

function options<T extends string>(values: readonly T[], words: Record<T, string>) {
  return values.map((v) => ({ value: v, label: words[v] }));
}

/** The four "relevant to" boxes: each its own field, '1' when ticked (the route sends '0' for the others). */
function ValueBoxes({ form, lang }: { form: FormState; lang: Lang }) {
  const m = reviewMessages[lang];
  return (
    <fieldset class="field">
      <legend>{m.relevance}</legend>
      {REVIEW_VALUE_FIELDS.map((f) => {
        const fid = `f-${form.prefix}-${f}`;
        const error = form.errors.find((e) => e.field === f);
        return (
          <div class={`checkbox${error ? ' field-error' : ''}`} key={f}>
            {error && (
              <p class="error-message" id={`${fid}-error`}>
                {fieldErrorText(lang, error)}
              </p>
            )}
            <input
              type="checkbox"
              id={fid}
              name={f}
              value="1"
              checked={String(form.values[f] ?? '') === '1'}
              aria-describedby={error ? `${fid}-error` : undefined}
            />
            <label for={fid}>{m.labels[f]}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function ReviewFormPage({
  ctx,
  csrf,
  data,
  flash,
  failed,
  conflict,
}: {
  ctx: PageContext;
  csrf: string;
  data: ReviewForm;
  flash: string | null;
  failed: Failed;
  conflict: Conflict;
}) {
  const { lang } = ctx;
  const m = reviewMessages[lang];
  const w = workspaceMessages[lang];
  const c = data.commitment;
  const action = href(lang, `/espacio/compromisos/${c.id}/revision`);
  return (
    <Layout ctx={ctx} title={m.reviewTitle(c.number)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{w.title}</a> › <a href={href(lang, `/espacio/planes/${c.plan.id}/revision`)}>{c.plan.title}</a>
      </p>
      <h1>{m.reviewTitle(c.number)}</h1>
      <p class="lead">{c.title}</p>
      <p>{m.reviewIntro}</p>
      <Flash text={flash} />
      <p>
        <a href={href(lang, `/compromisos/${c.id}`)}>{w.viewPublic}</a>
      </p>
      <AssessmentPanel panel={data.panel} lang={lang} heading={assessmentReviewMessages[lang].panel.reviewerHeading} />
      {data.reports.map((r) => {
        const key = r.report;
        const mine = failed?.key === key ? failed : null;
        const clash = conflict?.key === key ? conflict : null;
        const form: FormState = {
          lang,
          csrf,
          prefix: key,
          values: mine ? mine.values : clash ? clash.mine : r.values,
          errors: mine ? mine.errors : [],
        };
        const version = clash ? clash.version : r.version;
        const title = m.reports[key as IrmReport];
        return (
          <section aria-labelledby={`h-${key}`} key={key}>
            <h2 id={`h-${key}`}>{title}</h2>
            {r.review?.self ? (
              <p>
                {m.selfLevelNote(
                  roundName(r.review.self.round, lang),
                  r.review.self.level ? levelLabel(r.review.self.level, lang) : m.noValue,
                )}
              </p>
            ) : null}
            {r.review ? (
              <p>
                {m.completion}: {r.review.completion ? m.scales.completion[r.review.completion] : m.noValue} —{' '}
                {m.agreement(r.review.agreement)} — {r.review.starred ? m.starred : m.notStarred}
              </p>
            ) : (
              <p class="muted">{m.notYet}</p>
            )}
            {clash && <ConflictSummary lang={lang} conflict={clash} />}
            <form method="post" action={action} class="review-form">
              <Csrf token={csrf} />
              <input type="hidden" name="report" value={key} />
              {version !== null && <input type="hidden" name="version" value={String(version)} />}
              <ErrorSummary form={form} />
              <TextInput form={form} name="reportYear" type="number" label={m.labels.reportYear} />
              <Select
                form={form}
                name="specificity"
                label={m.labels.specificity}
                blank={m.noValue}
                options={options(SPECIFICITY, m.scales.specificity)}
              />
              <ValueBoxes form={form} lang={lang} />
              <Select
                form={form}
                name="potentialImpact"
                label={m.labels.potentialImpact}
                blank={m.noValue}
                options={options(POTENTIAL_IMPACT, m.scales.potentialImpact)}
              />
              <Select
                form={form}
                name="completion"
                label={m.labels.completion}
                blank={m.noValue}
                options={options(IRM_COMPLETION, m.scales.completion)}
              />
              {(['diogOverall', 'diogAccessToInformation', 'diogCivicParticipation', 'diogPublicAccountability'] as const).map((f) => (
                <Select
                  key={f}
                  form={form}
                  name={f}
                  label={m.labels[f]}
                  blank={m.noValue}
                  options={options(DID_IT_OPEN_GOVERNMENT, m.scales.diog)}
                />
              ))}
              <TextArea form={form} name="reviewText" label={m.labels.reviewText} rows={6} />
              <button type="submit">{m.saveReview(title)}</button>
            </form>
          </section>
        );
      })}
    </Layout>
  );
}

export function PlanReviewListPage({ ctx, data }: { ctx: PageContext; data: PlanReviewList }) {
  const { lang } = ctx;
  const m = reviewMessages[lang];
  const w = workspaceMessages[lang];
  return (
    <Layout ctx={ctx} title={`${m.reviewCommitments} — ${data.plan.title}`}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{w.title}</a> › {data.plan.title}
      </p>
      <h1>{m.reviewCommitments}</h1>
      <p class="lead">{data.plan.title}</p>
      <div class="table-scroll">
        <table class="data">
          <caption>{m.reviewCommitments}</caption>
          <thead>
            <tr>
              <th scope="col">{m.numberColumn}</th>
              <th scope="col">{w.labels.title}</th>
              <th scope="col">{m.reportColumn}</th>
            </tr>
          </thead>
          <tbody>
            {data.commitments.map((c) => (
              <tr key={c.id}>
                <td>{c.number}</td>
                <th scope="row">
                  <a href={href(lang, `/espacio/compromisos/${c.id}/revision`)}>{c.title}</a>
                </th>
                <td>{c.reports.length === 0 ? m.notYet : c.reports.map((r) => m.reports[r]).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function RecommendationFields({ form, lang }: { form: FormState; lang: Lang }) {
  const m = reviewMessages[lang];
  return (
    <>
      <TextInput form={form} name="source" label={m.labels.source} />
      <TextArea form={form} name="recommendationText" label={m.labels.recommendationText} rows={4} />
      <TextArea form={form} name="answer" label={m.labels.answer} rows={3} />
      <Select
        form={form}
        name="status"
        label={m.labels.status}
        blank={m.noValue}
        options={options(RECOMMENDATION_STATUSES, m.scales.status)}
      />
      <TextArea form={form} name="action" label={m.labels.action} rows={3} />
    </>
  );
}

export function RecommendationsPage({
  ctx,
  csrf,
  data,
  flash,
  failed,
  conflict,
}: {
  ctx: PageContext;
  csrf: string;
  data: RecommendationsForm;
  flash: string | null;
  failed: Failed;
  conflict: Conflict;
}) {
  const { lang } = ctx;
  const m = reviewMessages[lang];
  const w = workspaceMessages[lang];
  const adding: FormState = {
    lang,
    csrf,
    prefix: 'new',
    values: failed?.key === 'new' ? failed.values : {},
    errors: failed?.key === 'new' ? failed.errors : [],
  };
  return (
    <Layout ctx={ctx} title={m.recommendationsTitle}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{w.title}</a> › {data.plan.title}
      </p>
      <h1>{m.recommendationsTitle}</h1>
      <p class="lead">{data.plan.title}</p>
      <Flash text={flash} />
      <p>
        <a href={href(lang, `/planes/${data.plan.id}`)}>{w.viewPublic}</a>
      </p>
      {data.recommendations.length === 0 && <p>{m.noRecommendations}</p>}
      {data.recommendations.map((r) => {
        const key = `r${r.id}`;
        const mine = failed?.key === key ? failed : null;
        const clash = conflict?.key === key ? conflict : null;
        const form: FormState = {
          lang,
          csrf,
          prefix: key,
          values: mine ? mine.values : clash ? clash.mine : r.values,
          errors: mine ? mine.errors : [],
        };
        return (
          <section aria-labelledby={`h-${key}`} key={r.id}>
            <h2 id={`h-${key}`}>{m.recommendation(r.position)}</h2>
            {clash && <ConflictSummary lang={lang} conflict={clash} />}
            <form method="post" action={href(lang, `/espacio/recomendaciones/${r.id}`)}>
              <Csrf token={csrf} />
              <input type="hidden" name="version" value={String(clash ? clash.version : r.version)} />
              <ErrorSummary form={form} />
              <RecommendationFields form={form} lang={lang} />
              <button type="submit">{m.saveRecommendation}</button>
            </form>
          </section>
        );
      })}
      <section aria-labelledby="h-new">
        <h2 id="h-new">{m.addRecommendation}</h2>
        <form method="post" action={href(lang, `/espacio/planes/${data.plan.id}/recomendaciones`)}>
          <Csrf token={csrf} />
          <ErrorSummary form={adding} />
          <RecommendationFields form={adding} lang={lang} />
          <button type="submit">{m.addRecommendation}</button>
        </form>
      </section>
    </Layout>
  );
}

export function ContinuationPage({
  ctx,
  csrf,
  data,
  values,
  errors,
}: {
  ctx: PageContext;
  csrf: string;
  data: ContinuationForm;
  values: Values;
  errors: FieldError[];
}) {
  const { lang } = ctx;
  const m = reviewMessages[lang];
  const w = workspaceMessages[lang];
  const c = data.commitment;
  const form: FormState = { lang, csrf, prefix: 'k', values, errors, labels: m.labels };
  return (
    <Layout ctx={ctx} title={m.continueTitle(c.number)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{w.title}</a> ›{' '}
        <a href={href(lang, `/espacio/compromisos/${c.id}`)}>{w.editCommitment(c.number)}</a>
      </p>
      <h1>{m.continueTitle(c.number)}</h1>
      <p class="lead">
        {c.title} — {c.plan.title}
      </p>
      <p>{m.continueIntro}</p>
      {data.continuedBy.length > 0 && (
        <p>
          {m.continuedBy}:{' '}
          {data.continuedBy.map((l, i) => (
            <span key={l.id}>
              {i > 0 && ' · '}
              <a href={href(lang, `/espacio/compromisos/${l.id}`)}>{m.commitmentOfPlan(l.number, l.plan.title)}</a>
            </span>
          ))}
        </p>
      )}
      {data.complete ? (
        <p>{m.errors.already_complete()}</p>
      ) : data.plans.length === 0 && errors.length === 0 ? (
        <p>{m.noLaterPlans}</p>
      ) : (
        <form method="post" action={href(lang, `/espacio/compromisos/${c.id}/continuar`)}>
          <Csrf token={csrf} />
          <ErrorSummary form={form} />
          <Select
            form={form}
            name="planId"
            label={m.labels.planId}
            options={data.plans.map((p) => ({ value: String(p.id), label: p.title }))}
          />
          <Select
            form={form}
            name="themeId"
            label={m.labels.themeId}
            options={data.plans.flatMap((p) => p.themes.map((t) => ({ value: String(t.id), label: `${p.title} — ${t.title}` })))}
          />
          <button type="submit">{m.continueButton}</button>
        </form>
      )}
    </Layout>
  );
}
