import { COMMENT_ANSWERS, type ConsultationStatus } from '../../../domain/consultation.js';
import type { FieldError } from '../../../domain/input.js';
import { consultationMessages } from '../../../i18n/consultation.js';
import type { ConsultationView, moderationView } from '../../../services/consultation.js';
import { ClosedEarlyNote, HiddenSummary } from '../consultation.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './form.js';

/** The coordinator's consultation pages: the plan's consultations with the form to open one; moderation and answers. */
interface PlanConsultations {
  plan: { id: number; title: string };
  rounds: { id: number; title: string }[];
  consultations: { id: number; title: string; startsOn: string; endsOn: string; status: ConsultationStatus; closedOn: string | null }[];
}

export function ConsultationsAdminPage(props: {
  ctx: PageContext;
  csrf: string;
  data: PlanConsultations;
  form: { values: Record<string, string>; errors: FieldError[] };
}) {
  const { lang } = props.ctx;
  const m = consultationMessages[lang];
  const d = props.data;
  const form: FormState = { lang, csrf: props.csrf, values: props.form.values, errors: props.form.errors };
  return (
    <Layout ctx={props.ctx} title={`${m.workspace.heading} · ${d.plan.title}`} failed={props.form.errors.length > 0}>
      <h1>{m.workspace.heading}</h1>
      <p>{d.plan.title}</p>
      {d.consultations.length === 0 ? (
        <p>{m.workspace.none}</p>
      ) : (
        <ul>
          {d.consultations.map((c) => (
            <li key={c.id}>
              <a href={href(lang, `/espacio/consultas/${c.id}`)}>{c.title}</a> — {formatDate(c.startsOn, lang)} –{' '}
              {formatDate(c.endsOn, lang)} ({c.closedOn ? m.pages.closedEarlyStatus(formatDate(c.closedOn, lang)) : m.status[c.status]})
            </li>
          ))}
        </ul>
      )}
      <h2>{m.workspace.openHeading}</h2>
      <ErrorSummary form={form} />
      <form method="post" action={href(lang, `/espacio/planes/${d.plan.id}/consultas`)} novalidate>
        <Csrf token={props.csrf} />
        <TextInput form={form} name="title" label={m.labels.title} />
        <Select
          form={form}
          name="roundId"
          label={m.labels.roundId}
          options={d.rounds.map((r) => ({ value: String(r.id), label: r.title }))}
          blank={m.workspace.roundPlan}
        />
        <TextInput form={form} name="startsOn" type="date" label={m.labels.startsOn} />
        <TextInput form={form} name="endsOn" type="date" label={m.labels.endsOn} />
        <button type="submit">{m.workspace.open}</button>
      </form>
    </Layout>
  );
}

/** A comment as the coordinator moderates it: hidden ones too, with their reasons. */
type ModeratedComment = Awaited<ReturnType<typeof moderationView>>['comments'][number];

export function ModerationPage(props: {
  ctx: PageContext;
  csrf: string;
  data: { view: ConsultationView; comments: ModeratedComment[] };
  failed: { commentId: number; values: Record<string, string>; errors: FieldError[] } | null;
  notice: string | null;
}) {
  const { lang } = props.ctx;
  const m = consultationMessages[lang];
  const v = props.data.view;
  const targetText = (c: ModeratedComment) =>
    c.target === 'commitment'
      ? `${m.targets.commitment} ${v.commitments.find((k) => k.id === c.targetId)?.number ?? ''}`
      : c.target === 'section'
        ? `${m.targets.section}: ${v.sections.find((k) => k.id === c.targetId)?.title ?? ''}`
        : m.targets.draft;
  return (
    <Layout ctx={props.ctx} title={`${m.workspace.moderationHeading} · ${v.title}`} failed={Boolean(props.failed)}>
      <p class="eyebrow">{m.workspace.moderationHeading}</p>
      <h1>{v.title}</h1>
      <p>
        {formatDate(v.startsOn, lang)} – {formatDate(v.endsOn, lang)} ({m.status[v.status]}) ·{' '}
        <a href={href(lang, `/planes/${v.planId}/consultas/${v.id}`)}>{m.workspace.publicPage}</a>
        {' · '}
        <a href={href(lang, `/planes/${v.planId}/consultas/${v.id}/sistematizacion`)}>{m.pages.synthesisLink}</a>
      </p>
      {props.notice && (
        <p role="status" class="notice">
          {props.notice}
        </p>
      )}
      <ClosedEarlyNote lang={lang} closedEarly={v.closedEarly} />
      {v.status === 'open' && (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">{m.workspace.closeHeading}</h2>
          <p>{m.workspace.closeIntro(formatDate(v.endsOn, lang))}</p>
          {/* The confirmation is a page of its own: it works without JavaScript. */}
          <form method="get" action={href(lang, `/espacio/consultas/${v.id}/cerrar`)}>
            <button type="submit" class="secondary">
              {m.workspace.closeLink}
            </button>
          </form>
        </section>
      )}
      <HiddenSummary lang={lang} hidden={v.hidden} />
      {props.data.comments.length === 0 && <p>{m.pages.noComments}</p>}
      {props.data.comments.map((c) => {
        const failed = props.failed?.commentId === c.id ? props.failed : null;
        const answerForm: FormState = {
          lang,
          csrf: props.csrf,
          values:
            failed && 'answer' in failed.values
              ? failed.values
              : { answer: c.answer ?? '', reason: c.answerReason ?? '', changes: c.answerChanges ?? '' },
          errors: failed && 'answer' in failed.values ? failed.errors : [],
          prefix: `a${c.id}`,
        };
        const hideForm: FormState = {
          lang,
          csrf: props.csrf,
          values: failed && !('answer' in failed.values) ? failed.values : {},
          errors: failed && !('answer' in failed.values) ? failed.errors : [],
          prefix: `h${c.id}`,
        };
        return (
          <article key={c.id} id={`comentario-${c.id}`} class="consultation-comment">
            <h2>
              #{c.id} · {targetText(c)} · {c.authorName || m.csv.anonymous} · {formatDate(c.postedAt.slice(0, 10), lang)}
            </h2>
            <p class="plain-text">{c.body}</p>
            {c.hidden ? (
              <p class="plain-text">
                <strong>{m.workspace.hidden}:</strong> {c.hiddenReason}
              </p>
            ) : (
              <form method="post" action={href(lang, `/espacio/comentarios/${c.id}/ocultar`)} novalidate>
                <Csrf token={props.csrf} />
                <ErrorSummary form={hideForm} />
                <TextInput form={hideForm} name="reason" label={`${m.labels.reason} (${m.workspace.hide.toLowerCase()})`} />
                <button type="submit" class="secondary">
                  {m.workspace.hide}
                </button>
              </form>
            )}
            <form method="post" action={href(lang, `/espacio/comentarios/${c.id}/respuesta`)} novalidate>
              <Csrf token={props.csrf} />
              <ErrorSummary form={answerForm} />
              <Select
                form={answerForm}
                name="answer"
                label={m.labels.answer}
                options={COMMENT_ANSWERS.map((a) => ({ value: a, label: m.answers[a] }))}
                blank="—"
              />
              <TextArea form={answerForm} name="reason" label={m.labels.reason} rows={3} />
              <TextArea form={answerForm} name="changes" label={m.labels.changes} rows={3} />
              <button type="submit">{m.workspace.answerSubmit}</button>
            </form>
          </article>
        );
      })}
    </Layout>
  );
}

/** The confirmation of closing early: what it does, the reason (required, published), close or go back. */
export function CloseConsultationPage(props: {
  ctx: PageContext;
  csrf: string;
  view: ConsultationView;
  today: string;
  form: { values: Record<string, string>; errors: FieldError[] };
}) {
  const { lang } = props.ctx;
  const m = consultationMessages[lang];
  const v = props.view;
  const form: FormState = { lang, csrf: props.csrf, values: props.form.values, errors: props.form.errors };
  return (
    <Layout ctx={props.ctx} title={`${m.workspace.confirmHeading} · ${v.title}`} failed={props.form.errors.length > 0}>
      <p class="eyebrow">{m.workspace.moderationHeading}</p>
      <h1>{m.workspace.confirmHeading}</h1>
      <p>
        <strong>{v.title}</strong> — {formatDate(v.startsOn, lang)} – {formatDate(v.endsOn, lang)} ({m.status[v.status]}).{' '}
        {m.workspace.confirmComments(v.comments.length + v.hidden.length)}
      </p>
      <p>{m.workspace.confirmWhat(formatDate(props.today, lang), formatDate(v.endsOn, lang))}</p>
      <ErrorSummary form={form} />
      <form method="post" action={href(lang, `/espacio/consultas/${v.id}/cerrar`)} novalidate>
        <Csrf token={props.csrf} />
        <TextArea form={form} name="closeReason" label={m.labels.closeReason} hint={m.workspace.closeHint} rows={4} />
        <div class="buttons">
          <button type="submit">{m.workspace.closeSubmit}</button>
          <a href={href(lang, `/espacio/consultas/${v.id}`)}>{m.workspace.closeCancel}</a>
        </div>
      </form>
    </Layout>
  );
}
