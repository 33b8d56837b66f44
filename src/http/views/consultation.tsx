import { COMMENT_MAX, type SynthesisRow } from '../../domain/consultation.js';
import type { FieldError } from '../../domain/input.js';
import { consultationMessages } from '../../i18n/consultation.js';
import type { Lang } from '../../i18n/lang.js';
import type { ClosedEarly, ConsultationComment, ConsultationView, PlanConsultation } from '../../services/consultation.js';
import type { ConsultationDraft } from '../../services/consultation-draft.js';
import { DraftUnderConsultation } from './consultation-draft.js';
import { Honeypot } from './components.js';
import { formatDate, href } from './format.js';
import { Layout, type PageContext } from './layout.js';
import { Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './workspace/form.js';

/**
 * Public consultation pages (issue 7). Everything a visitor wrote is shown as text (preact escapes it)
 * in a block that keeps its line breaks; never as HTML or Markdown.
 */
/** `token` empty: the commenter cookie identifies them (the link was used). */
export type Commenter = { kind: 'account'; name: string } | { kind: 'link'; email: string; token: string } | null;

const base = (v: { planId: number; id: number }) => `/planes/${v.planId}/consultas/${v.id}`;

function targetText(lang: Lang, v: ConsultationView, c: { target: string; targetId: number | null }): string {
  const m = consultationMessages[lang];
  if (c.target === 'commitment') {
    const x = v.commitments.find((k) => k.id === c.targetId);
    return `${m.targets.commitment} ${x ? `${x.number}. ${x.title}` : ''}`;
  }
  if (c.target === 'section') return `${m.targets.section}: ${v.sections.find((k) => k.id === c.targetId)?.title ?? ''}`;
  return m.targets.draft;
}

export function targetOptions(lang: Lang, v: ConsultationView) {
  const m = consultationMessages[lang];
  return [
    { value: 'draft', label: m.targets.draft },
    ...v.commitments.map((c) => ({ value: `commitment:${c.id}`, label: `${m.targets.commitment} ${c.number}. ${c.title}` })),
    ...v.sections.map((s) => ({ value: `section:${s.id}`, label: `${m.targets.section}: ${s.title}` })),
  ];
}

function Comment({
  lang,
  v,
  c,
  children,
}: {
  lang: Lang;
  v: ConsultationView;
  c: ConsultationComment;
  children?: preact.ComponentChildren;
}) {
  const m = consultationMessages[lang];
  return (
    <article class="consultation-comment" id={`comentario-${c.id}`}>
      <p class="meta">
        {m.pages.about}: {targetText(lang, v, c)} ·{' '}
        {m.pages.posted(c.authorName || m.csv.anonymous, formatDate(c.postedAt.slice(0, 10), lang))}
        {c.editedAt && ` (${m.pages.edited})`}
      </p>
      <p class="plain-text">{c.body}</p>
      {c.answer ? (
        <div class="answer">
          <h4>
            {m.pages.answerHeading}: {m.answers[c.answer]}
          </h4>
          <p class="plain-text">{c.answerReason}</p>
          {c.answerChanges && (
            <p class="plain-text">
              <strong>{m.pages.changesLabel}:</strong> {c.answerChanges}
            </p>
          )}
        </div>
      ) : (
        <p class="hint">{m.pages.noAnswer}</p>
      )}
      {children}
    </article>
  );
}

function Header({ lang, v }: { lang: Lang; v: ConsultationView }) {
  const m = consultationMessages[lang].pages;
  return (
    <>
      <p>{v.roundTitle ? m.draftRound(v.roundTitle, v.planTitle) : m.draftPlan(v.planTitle)}</p>
      <p>
        {m.dates(formatDate(v.startsOn, lang), formatDate(v.endsOn, lang))} {m.statusLabel}:{' '}
        <strong>{consultationMessages[lang].status[v.status]}</strong>
      </p>
      <ClosedEarlyNote lang={lang} closedEarly={v.closedEarly} />
    </>
  );
}

/** A consultation the coordination closed before its last day: when, and why. */
export function ClosedEarlyNote({ lang, closedEarly }: { lang: Lang; closedEarly: ClosedEarly | null }) {
  if (!closedEarly) return null;
  const m = consultationMessages[lang].pages;
  return (
    <div class="notice closed-early">
      <p>{m.closedEarly(formatDate(closedEarly.on, lang))}</p>
      <p class="plain-text">
        <strong>{m.closedEarlyReason}:</strong> {closedEarly.reason}
      </p>
    </div>
  );
}

export function HiddenSummary({ lang, hidden }: { lang: Lang; hidden: { id: number; reason: string }[] }) {
  const m = consultationMessages[lang].pages;
  if (hidden.length === 0) return null;
  return (
    <div class="hidden-comments">
      <p>
        <strong>{m.hiddenCount(hidden.length)}</strong>
      </p>
      <ul>
        {hidden.map((h) => (
          <li key={h.id} class="plain-text">
            {m.hiddenReason}: {h.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ConsultationPage(props: {
  ctx: PageContext;
  csrf: string;
  view: ConsultationView;
  draft: ConsultationDraft;
  commenter: Commenter;
  form: { values: Record<string, string>; errors: FieldError[] };
  notice?: string | null;
  editable?: ConsultationComment[];
}) {
  const { lang } = props.ctx;
  const v = props.view;
  const m = consultationMessages[lang];
  const form: FormState = { lang, csrf: props.csrf, values: props.form.values, errors: props.form.errors, prefix: 'c' };
  const linkForm: FormState = { ...form, prefix: 'l' };
  // "Comment on this": the comment form with the block chosen (keeping a mailed link's token); without a way to comment yet, the link form.
  const c = props.commenter;
  const commentHref = (target: string) =>
    !c
      ? '#link-heading'
      : c.kind === 'link'
        ? `${href(lang, `${base(v)}/comentar`)}?token=${encodeURIComponent(c.token)}&sobre=${target}#comment-heading`
        : `${href(lang, base(v))}?sobre=${target}#comment-heading`;
  return (
    <Layout ctx={props.ctx} title={`${v.title} · ${m.pages.heading}`} failed={props.form.errors.length > 0}>
      <p class="eyebrow">{m.pages.heading}</p>
      <h1>{v.title}</h1>
      <Header lang={lang} v={v} />
      {props.notice && (
        <p role="status" class="notice">
          {props.notice}
        </p>
      )}
      <h2>{m.pages.whatHeading}</h2>
      <DraftUnderConsultation lang={lang} view={v} draft={props.draft} commentHref={v.status === 'open' ? commentHref : null} />
      <h2>{m.pages.commentsHeading}</h2>
      <HiddenSummary lang={lang} hidden={v.hidden} />
      {v.comments.length === 0 && <p>{m.pages.noComments}</p>}
      {v.comments.map((c) => (
        <Comment key={c.id} lang={lang} v={v} c={c}>
          {props.editable?.some((e) => e.id === c.id) && props.commenter && (
            <details>
              <summary>{m.pages.editHeading}</summary>
              <form method="post" action={href(lang, `${base(v)}/comentarios/${c.id}`)}>
                <Csrf token={props.csrf} />
                {props.commenter.kind === 'link' && props.commenter.token && (
                  <input type="hidden" name="token" value={props.commenter.token} />
                )}
                <TextArea form={{ ...form, values: { body: c.body }, errors: [], prefix: `e${c.id}` }} name="body" label={m.labels.body} />
                <button type="submit">{m.pages.editSubmit}</button>
              </form>
            </details>
          )}
        </Comment>
      ))}
      {v.status === 'closed' && (
        <p>
          <a href={href(lang, `${base(v)}/sistematizacion`)}>{m.pages.synthesisLink}</a>
        </p>
      )}
      {v.status !== 'open' ? (
        <p>{m.pages.closedNote}</p>
      ) : props.commenter ? (
        <section aria-labelledby="comment-heading">
          <h2 id="comment-heading">{m.pages.formHeading}</h2>
          <p>{props.commenter.kind === 'account' ? m.pages.accountIntro(props.commenter.name) : m.pages.withLink(props.commenter.email)}</p>
          <ErrorSummary form={form} />
          <form method="post" action={href(lang, `${base(v)}/comentarios`)} novalidate>
            <Csrf token={props.csrf} />
            {props.commenter.kind === 'link' && props.commenter.token && <input type="hidden" name="token" value={props.commenter.token} />}
            <Select form={form} name="target" label={m.labels.target} options={targetOptions(lang, v)} />
            <TextInput form={form} name="name" label={m.labels.name} hint={m.pages.nameHint} />
            <TextArea form={form} name="body" label={m.labels.body} hint={m.pages.bodyHint(COMMENT_MAX)} rows={8} />
            <Honeypot id="f-website" label={consultationMessages[lang].pages.honeypot} />
            <button type="submit">{m.pages.submit}</button>
          </form>
        </section>
      ) : (
        <section aria-labelledby="link-heading">
          <h2 id="link-heading">{m.pages.linkHeading}</h2>
          <p>{m.pages.linkIntro}</p>
          <ErrorSummary form={linkForm} />
          <form method="post" action={href(lang, `${base(v)}/enlace`)} novalidate>
            <Csrf token={props.csrf} />
            <TextInput form={linkForm} name="email" type="email" label={m.labels.email} />
            <Honeypot id="f-website" label={consultationMessages[lang].pages.honeypot} />
            <button type="submit">{m.pages.linkSubmit}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export function LinkInvalidPage({ ctx }: { ctx: PageContext }) {
  const m = consultationMessages[ctx.lang].pages;
  return (
    <Layout ctx={ctx} title={m.linkInvalidTitle}>
      <h1>{m.linkInvalidTitle}</h1>
      <p>{m.linkInvalid}</p>
    </Layout>
  );
}

export function SynthesisPage(props: { ctx: PageContext; view: ConsultationView; rows: SynthesisRow[]; totals: Record<string, number> }) {
  const { lang } = props.ctx;
  const v = props.view;
  const m = consultationMessages[lang];
  const t = props.totals;
  // Until the consultation closes the synthesis is a snapshot: labelled so, and not offered as a file.
  const closed = v.status === 'closed';
  return (
    <Layout ctx={props.ctx} title={`${closed ? m.pages.synthesisHeading : m.pages.provisionalHeading} · ${v.title}`}>
      <p class="eyebrow">{m.pages.synthesisHeading}</p>
      <h1>{v.title}</h1>
      {!closed && (
        <p class="notice provisional">
          <strong>{m.pages.provisional}</strong>
        </p>
      )}
      <Header lang={lang} v={v} />
      <p>
        {m.pages.synthesisTotals({
          accepted: t.accepted!,
          partly: t.partly!,
          notAccepted: t['not-accepted']!,
          unanswered: t.unanswered!,
          hidden: t.hidden!,
          all: props.rows.length,
        })}
      </p>
      {closed ? (
        <p>
          {m.pages.download}: <a href={href(lang, `${base(v)}/sistematizacion.csv`)}>CSV</a> ·{' '}
          <a href={href(lang, `${base(v)}/sistematizacion.docx`)}>DOCX</a>
        </p>
      ) : (
        <p>{m.pages.downloadsWhenClosed(formatDate(v.endsOn, lang))}</p>
      )}
      <table>
        <thead>
          <tr>
            {m.csv.headers.slice(0, 9).map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.number}>
              <td>{r.number}</td>
              <td>{m.targets[r.target]}</td>
              <td>{r.targetTitle}</td>
              <td>{r.body === null ? '' : r.authorName || m.csv.anonymous}</td>
              <td>{formatDate(r.postedOn, lang)}</td>
              <td class="plain-text">{r.body ?? m.pages.hiddenRow(r.hiddenReason ?? '')}</td>
              <td>{r.answer ? m.answers[r.answer] : ''}</td>
              <td class="plain-text">{r.answerReason}</td>
              <td class="plain-text">{r.changes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={href(lang, base(v))}>{m.pages.back}</a>
      </p>
    </Layout>
  );
}

/** The plan page's list of its public consultations (nothing when it has none), each with its status today. */
export function PlanConsultations({ lang, planId, consultations }: { lang: Lang; planId: number; consultations: PlanConsultation[] }) {
  if (consultations.length === 0) return null;
  const m = consultationMessages[lang];
  return (
    <section aria-labelledby="consultations-heading">
      <h2 id="consultations-heading">{m.pages.planHeading}</h2>
      <ul>
        {consultations.map((c) => (
          <li key={c.id}>
            <a href={href(lang, `/planes/${planId}/consultas/${c.id}`)}>{c.title}</a> —{' '}
            {c.closedOn ? m.pages.closedEarlyStatus(formatDate(c.closedOn, lang)) : m.status[c.status]}.{' '}
            {m.pages.dates(formatDate(c.startsOn, lang), formatDate(c.endsOn, lang))}
          </li>
        ))}
      </ul>
    </section>
  );
}
