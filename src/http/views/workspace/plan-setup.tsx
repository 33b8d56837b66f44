import type { FieldError, Values } from '../../../domain/input.js';
import { inLang, type ContentLang } from '../../../domain/plan-input.js';
import { CORRECTABLE_STAGES } from '../../../domain/plan-stages.js';
import { consultationMessages } from '../../../i18n/consultation.js';
import type { Lang } from '../../../i18n/lang.js';
import { planMessages, stageRefusalText } from '../../../i18n/plans.js';
import { assessmentReviewMessages } from '../../../i18n/assessment-review.js';
import { roundMessages } from '../../../i18n/rounds.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { NewPlanForm, PlanSetup } from '../../../services/workspace/plan-setup.js';
import { planValues } from '../../../services/workspace/plan-setup.js';
import { InLang } from '../components.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { languagesText } from './governments.js';
import { ActionButton, Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './form.js';

/** A plan from a blank page (issue 19): the new-plan form, and the plan's own page — its titles, stage, consultations and themes. */

export type PlanForm = 'plan' | 'stage' | 'correction' | 'theme' | `theme-${number}`;
export interface Failed {
  form: PlanForm;
  errors: FieldError[];
  values: Values;
}

function Breadcrumb({ lang }: { lang: Lang }) {
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> › {planMessages[lang].plan.listTitle}
    </p>
  );
}

function Flash({ text }: { text: string | null }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

function PlanFields({ form, langs, lang }: { form: FormState; langs: ContentLang[]; lang: Lang }) {
  const g = planMessages[lang].governments;
  return (
    <>
      {langs.map((l) => (
        <TextInput key={l} form={form} name={inLang('planTitle', l)} />
      ))}
      {langs.length > 1 && <Select form={form} name="planLang" options={langs.map((l) => ({ value: l, label: g.languageSets[l] ?? l }))} />}
      <TextInput form={form} name="periodStart" type="number" />
      <TextInput form={form} name="periodEnd" type="number" />
      <TextInput form={form} name="roundGraceMonths" type="number" hint={roundMessages[lang].graceHint} />
      <TextInput form={form} name="completeShare" type="number" hint={assessmentReviewMessages[lang].completeShareHint} />
    </>
  );
}

export function NewPlanPage({ ctx, csrf, data, failed }: { ctx: PageContext; csrf: string; data: NewPlanForm; failed: Failed | null }) {
  const { lang } = ctx;
  const m = planMessages[lang].plan;
  const form: FormState = { lang, csrf, values: failed?.values ?? {}, errors: failed?.errors ?? [] };
  return (
    <Layout ctx={ctx} title={m.newTitle} failed={Boolean(failed)}>
      <Breadcrumb lang={lang} />
      <h1>{m.newTitle}</h1>
      <p class="lead">{m.newIntro(data.government.name)}</p>
      <ErrorSummary form={form} />
      <form method="post" action={href(lang, '/espacio/planes')} noValidate>
        <Csrf token={csrf} />
        <PlanFields form={form} langs={data.government.languages} lang={lang} />
        <button type="submit">{m.create}</button>
      </form>
    </Layout>
  );
}

export function PlanSetupPage({
  ctx,
  csrf,
  plan,
  failed,
  flash,
}: {
  ctx: PageContext;
  csrf: string;
  plan: PlanSetup;
  failed: Failed | null;
  flash: string | null;
}) {
  const { lang } = ctx;
  const m = planMessages[lang].plan;
  const stages = planMessages[lang].stages;
  const state = (form: PlanForm, values: Values, prefix: string): FormState => ({
    lang,
    csrf,
    prefix,
    values: failed?.form === form ? failed.values : values,
    errors: failed?.form === form ? failed.errors : [],
  });
  const edit = state('plan', planValues(plan), 'plan');
  const stage = state('stage', {}, 'stage');
  const correction = state('correction', { approvalInstrument: plan.approvalInstrument, approvalDate: plan.approvalDate }, 'correction');
  const newTheme = state('theme', {}, 'theme');
  // The summary's links go to the fields of the form that failed (their ids carry its prefix).
  const prefixOf = (form: PlanForm) =>
    form === 'plan' || form === 'theme' || form === 'correction'
      ? form
      : form === 'stage'
        ? 'stage-approved'
        : `t${form.slice('theme-'.length)}`;
  const summary = failed ? { lang, csrf, prefix: prefixOf(failed.form), values: {}, errors: failed.errors } : null;
  const allowed = plan.next.filter((n) => n.refusal === null);
  const title = <InLang text={plan.title} textLang={plan.lang} lang={lang} />;
  return (
    <Layout ctx={ctx} title={m.pageTitle(plan.title)} failed={Boolean(failed)}>
      <Breadcrumb lang={lang} />
      <h1>
        {m.pageTitle('')}
        {title}
      </h1>
      <Flash text={flash} />
      {summary && <ErrorSummary form={summary} />}
      <dl class="facts">
        <dt>{m.stageNow}</dt>
        <dd>
          <strong>{stages[plan.status]}</strong>
          {plan.status === 'draft' ? ` — ${m.draftNote}` : plan.status === 'consultation' ? ` — ${m.publicDraftNote}` : ''}
        </dd>
        {plan.approvalInstrument && plan.approvalDate && (
          <>
            <dt>{planMessages[lang].labels.approvalInstrument}</dt>
            <dd>{m.approvedBy(plan.approvalInstrument, formatDate(plan.approvalDate, lang))}</dd>
          </>
        )}
        <dt>{planMessages[lang].governments.columns.languages}</dt>
        <dd>
          {plan.government.name}: {languagesText(lang, plan.government.languages)}
        </dd>
        <dt>{m.themeCommitments}</dt>
        <dd>{m.commitments(plan.commitments)}</dd>
      </dl>
      <ul class="actions">
        <li>
          <a href={href(lang, `/espacio/planes/${plan.id}/cocreacion`)}>{m.cocreationLink}</a>
        </li>
        {plan.status !== 'draft' && (
          <li>
            <a href={href(lang, `/planes/${plan.id}`)}>{m.publicLink}</a>
          </li>
        )}
      </ul>

      <section aria-labelledby="etapa">
        <h2 id="etapa">{m.stageTitle}</h2>
        <p>{m.stageIntro}</p>
        {plan.status === 'completed' ? (
          <p>{plan.stageFromFile ? m.lastStageImported : m.lastStage}</p>
        ) : (
          <>
            <ul>
              {plan.next
                .filter((n) => n.refusal !== null && n.refusal.code !== 'backwards')
                .map((n) => (
                  <li key={n.stage}>
                    {stages[n.stage]}: {stageRefusalText(lang, n.refusal!)}
                  </li>
                ))}
            </ul>
            {allowed.map((n) => (
              <form key={n.stage} method="post" action={href(lang, `/espacio/planes/${plan.id}/etapa`)} noValidate>
                <Csrf token={csrf} />
                <input type="hidden" name="stage" value={n.stage} />
                {n.stage === 'approved' && (
                  <>
                    <TextInput form={{ ...stage, prefix: `stage-${n.stage}` }} name="approvalInstrument" hint={m.approveHint} />
                    <TextInput form={{ ...stage, prefix: `stage-${n.stage}` }} name="approvalDate" type="date" />
                  </>
                )}
                <button type="submit">{m.moveTo(stages[n.stage])}</button>
              </form>
            ))}
          </>
        )}
        {plan.corrections.length > 0 && (
          <>
            <h3>{m.correctionsTitle}</h3>
            <ul>
              {plan.corrections.map((k) => (
                <li key={k.at}>
                  {m.correction(stages[k.from], stages[k.to], formatDate(k.at.slice(0, 10), lang))} {k.reason}
                </li>
              ))}
            </ul>
          </>
        )}
        {plan.stageFromFile && (
          <details open={failed?.form === 'correction'}>
            <summary>{m.correctTitle}</summary>
            <p>{m.correctIntro}</p>
            <form method="post" action={href(lang, `/espacio/planes/${plan.id}/etapa/correccion`)} noValidate>
              <Csrf token={csrf} />
              <Select
                form={correction}
                name="correctedStage"
                options={CORRECTABLE_STAGES.filter((s) => s !== plan.status).map((s) => ({ value: s, label: stages[s] }))}
              />
              <TextArea form={correction} name="correctionReason" rows={3} />
              <TextInput form={correction} name="approvalInstrument" hint={m.approveHint} />
              <TextInput form={correction} name="approvalDate" type="date" />
              <button type="submit">{m.correct}</button>
            </form>
          </details>
        )}
      </section>

      <section aria-labelledby="consultas">
        <h2 id="consultas">{m.consultationsTitle}</h2>
        {plan.consultations.length === 0 ? (
          <p>{m.consultationsNone}</p>
        ) : (
          <ul>
            {plan.consultations.map((k) => (
              <li key={k.id}>
                <a href={href(lang, `/espacio/consultas/${k.id}`)}>{k.title}</a> — {formatDate(k.startsOn, lang)} –{' '}
                {formatDate(k.endsOn, lang)} (
                {k.closedOn
                  ? consultationMessages[lang].pages.closedEarlyShort(formatDate(k.closedOn, lang))
                  : k.open
                    ? m.consultationsOpen
                    : m.consultationsClosed}
                )
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={href(lang, `/espacio/planes/${plan.id}/consultas`)}>
            {m.consultationsManage} ({consultationMessages[lang].workspace.heading})
          </a>
        </p>
      </section>

      <section aria-labelledby="ejes">
        <h2 id="ejes">{m.themesTitle}</h2>
        {plan.themes.length === 0 ? (
          <p>{m.themesNone}</p>
        ) : (
          <ol>
            {plan.themes.map((t, i) => {
              const f = state(
                `theme-${t.id}`,
                Object.fromEntries(plan.langs.map((l) => [inLang('themeTitle', l), t.titles[l] ?? null])),
                `t${t.id}`,
              );
              const name = t.title;
              return (
                <li key={t.id} id={`eje-${t.id}`}>
                  <h3>
                    <InLang text={t.title} textLang={plan.lang} lang={lang} /> <span class="muted">({m.commitments(t.commitments)})</span>
                  </h3>
                  <details open={failed?.form === `theme-${t.id}`}>
                    <summary>
                      {m.rename}
                      <span class="visually-hidden">: {name}</span>
                    </summary>
                    <form method="post" action={href(lang, `/espacio/temas/${t.id}`)} noValidate>
                      <Csrf token={csrf} />
                      {plan.langs.map((l) => (
                        <TextInput key={l} form={f} name={inLang('themeTitle', l)} />
                      ))}
                      <button type="submit">{m.save}</button>
                    </form>
                  </details>
                  <p>
                    {i > 0 && (
                      <ActionButton
                        action={href(lang, `/espacio/temas/${t.id}/mover`)}
                        csrf={csrf}
                        label={m.up}
                        name="direction"
                        value="up"
                        describe={name}
                      />
                    )}{' '}
                    {i < plan.themes.length - 1 && (
                      <ActionButton
                        action={href(lang, `/espacio/temas/${t.id}/mover`)}
                        csrf={csrf}
                        label={m.down}
                        name="direction"
                        value="down"
                        describe={name}
                      />
                    )}{' '}
                    {t.commitments === 0 ? (
                      <ActionButton action={href(lang, `/espacio/temas/${t.id}/eliminar`)} csrf={csrf} label={m.remove} describe={name} />
                    ) : (
                      <span class="muted">{m.removeHeld}</span>
                    )}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
        <h3>{m.addThemeTitle}</h3>
        <form method="post" action={href(lang, `/espacio/planes/${plan.id}/temas`)} noValidate>
          <Csrf token={csrf} />
          {plan.langs.map((l) => (
            <TextInput key={l} form={newTheme} name={inLang('themeTitle', l)} />
          ))}
          <button type="submit">{m.addTheme}</button>
        </form>
      </section>

      <section aria-labelledby="datos-plan">
        <h2 id="datos-plan">{m.editTitle}</h2>
        <form method="post" action={href(lang, `/espacio/planes/${plan.id}`)} noValidate>
          <Csrf token={csrf} />
          <PlanFields form={edit} langs={plan.langs} lang={lang} />
          <button type="submit">{m.save}</button>
        </form>
      </section>
    </Layout>
  );
}
