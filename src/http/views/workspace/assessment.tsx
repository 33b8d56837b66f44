import type { ConsistencyWarning } from '../../../domain/assessment-consistency.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { assessmentReviewMessages } from '../../../i18n/assessment-review.js';
import { LEVELS, levelLabel } from '../../../domain/levels.js';
import { roundName } from '../../../i18n/format.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { AssessmentForm } from '../../../services/workspace/rounds.js';
import { Markdown } from '../components.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { AssessmentPanel } from './assessment-panel.js';
import { Checkboxes, ConflictSummary, Csrf, ErrorSummary, Select, TextArea, type FormState } from './form.js';

export interface AssessmentPageProps {
  ctx: PageContext;
  csrf: string;
  data: AssessmentForm;
  flash: string | null;
  /** `warnings`: the consistency warnings of what was sent, when a reason was wanted (decision 039). */
  failed: { form: 'draft' | 'decision' | 'correction'; errors: FieldError[]; values: Values; warnings?: ConsistencyWarning[] } | null;
  conflict: { theirs: Values; mine: Values; version: number } | null;
}

export function AssessmentPage({ ctx, csrf, data, flash, failed, conflict }: AssessmentPageProps) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  const r = data.round;
  const round = roundName(r, lang);
  const base = href(lang, `/espacio/evaluaciones/${r.id}/compromisos/${data.commitment.id}`);
  const draft: FormState = {
    lang,
    csrf,
    prefix: 'd',
    values: failed?.form === 'draft' ? failed.values : conflict ? conflict.mine : { ...data.values, evidenceIds: data.cited },
    errors: failed?.form === 'draft' ? failed.errors : [],
  };
  const decision: FormState = {
    lang,
    csrf,
    prefix: 'x',
    values: failed?.form === 'decision' ? failed.values : {},
    errors: failed?.form === 'decision' ? failed.errors : [],
  };
  const t = assessmentReviewMessages[lang];
  // The warnings the reason would confirm: those of what was just sent, else those of what is stored.
  const draftWarnings = failed?.form === 'draft' && failed.warnings ? failed.warnings : data.panel.consistency;
  const decisionWarnings = failed?.form === 'decision' && failed.warnings ? failed.warnings : data.panel.consistency;
  const correction: FormState = {
    lang,
    csrf,
    prefix: 'k',
    values: failed?.form === 'correction' ? failed.values : {},
    errors: failed?.form === 'correction' ? failed.errors : [],
  };
  return (
    <Layout ctx={ctx} title={m.assessmentTitle(data.commitment.number)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{m.title}</a> › <a href={href(lang, `/espacio/evaluaciones/${r.id}`)}>{round}</a>
      </p>
      <h1>{m.assessmentTitle(data.commitment.number)}</h1>
      <p class="lead">{data.commitment.title}</p>
      <p>
        {m.stage}: <span class={`stage stage-${data.stage}`}>{m.stages[data.stage]}</span>
      </p>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      {data.stage === 'returned' && data.assessment?.reviewComment && (
        <div class="notice">
          <p>{m.returnedWith}</p>
          <Markdown text={data.assessment.reviewComment} id="comment" />
        </div>
      )}
      {conflict && <ConflictSummary lang={lang} conflict={conflict} />}
      {/* A form this person is not shown at this stage (deciding on a draft) still says what was wrong with what was sent. */}
      {failed && !{ draft: data.canDraft, decision: data.canDecide, correction: r.published && data.canCorrect }[failed.form] && (
        <ErrorSummary form={{ lang, csrf, values: failed.values, errors: failed.errors }} />
      )}

      {data.canDraft ? (
        <form method="post" action={base}>
          <Csrf token={csrf} />
          {data.assessment && <input type="hidden" name="version" value={String(conflict ? conflict.version : data.assessment.version)} />}
          <ErrorSummary form={draft} />
          <Select form={draft} name="level" options={LEVELS.map((l) => ({ value: l, label: levelLabel(l, lang) }))} blank={m.any} />
          <TextArea form={draft} name="results" rows={8} />
          <TextArea form={draft} name="reasons" rows={4} />
          <TextArea form={draft} name="nextSteps" rows={4} />
          {draftWarnings.length > 0 && <TextArea form={draft} name="confirmReason" rows={3} hint={t.panel.consistencyIntro} />}
          {data.evidence.length > 0 ? (
            <Checkboxes
              form={draft}
              name="evidenceIds"
              legend={m.labels.evidenceIds!}
              options={data.evidence.map((e) => ({
                value: String(e.id),
                label: `${e.activityNumber ? `${e.activityNumber}. ` : ''}${e.description ?? e.url ?? `#${e.id}`}`,
              }))}
            />
          ) : (
            <p class="hint">
              {m.noEvidence} <a href={href(lang, `/espacio/compromisos/${data.commitment.id}`)}>{m.backToCommitment}</a>
            </p>
          )}
          <div class="buttons">
            <button type="submit" name="action" value="save" class="secondary">
              {m.saveDraft}
            </button>
            <button type="submit" name="action" value="submit">
              {m.submit}
            </button>
          </div>
        </form>
      ) : (
        <>{!r.published && <p class="hint">{data.stage === 'submitted' ? m.submittedNote : m.readOnly}</p>}</>
      )}

      <AssessmentPanel
        panel={data.panel}
        lang={lang}
        editing={data.canDraft}
        consistency={failed?.warnings && failed.form !== 'correction' ? failed.warnings : undefined}
      />

      {data.canDecide && (
        <section aria-labelledby="decide">
          <h2 id="decide">{m.labels.decision}</h2>
          <form method="post" action={`${base}/decision`}>
            <Csrf token={csrf} />
            {data.assessment && <input type="hidden" name="version" value={String(data.assessment.version)} />}
            <ErrorSummary form={decision} />
            {data.approvalRefused && (
              <p class="notice" role="note">
                {t.panel.sameSubmitter}
              </p>
            )}
            <TextArea form={decision} name="comment" rows={3} />
            {decisionWarnings.length > 0 && data.stage === 'submitted' && !data.approvalRefused && (
              <TextArea form={decision} name="confirmReason" rows={3} hint={t.panel.consistencyIntro} />
            )}
            <div class="buttons">
              {data.stage === 'submitted' && !data.approvalRefused && (
                <button type="submit" name="decision" value="approve">
                  {m.approve}
                </button>
              )}
              <button type="submit" name="decision" value="return" class="secondary">
                {m.giveBack}
              </button>
            </div>
          </form>
        </section>
      )}

      {r.published && data.canCorrect && (
        <section aria-labelledby="correct">
          <h2 id="correct">{m.correctionTitle}</h2>
          <p class="hint">{m.correctionHint}</p>
          <form method="post" action={`${base}/correccion`}>
            <Csrf token={csrf} />
            <ErrorSummary form={correction} />
            <Select
              form={correction}
              name="field"
              options={[
                { value: 'level', label: m.labels.level! },
                { value: 'results', label: m.labels.results! },
                { value: 'reasons', label: m.labels.reasons! },
                { value: 'nextSteps', label: m.labels.nextSteps! },
              ]}
            />
            <TextArea
              form={correction}
              name="value"
              rows={4}
              hint={m.correctionValueHint(LEVELS.map((l) => levelLabel(l, lang)).join(', '))}
            />
            <TextArea form={correction} name="reason" rows={3} />
            <button type="submit">{m.save}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
