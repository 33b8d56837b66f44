import { messages } from '../../i18n/index.js';
import { consultationMessages } from '../../i18n/consultation.js';
import type { Lang } from '../../i18n/lang.js';
import { participationPublicMessages } from '../../i18n/participation-public.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import type { ConsultationView } from '../../services/consultation.js';
import type { ConsultationDraft, DraftCommitment } from '../../services/consultation-draft.js';
import { AssessmentEntries } from './assessment.js';
import { FichaTexts } from './ficha-texts.js';
import { InLang, Markdown } from './components.js';
import { formatDate, href } from './format.js';

/**
 * The draft under consultation on the consultation's page (issue 7): one block per commitment — for a
 * round its draft assessment, for the plan its ficha as it stands — and one per report section, each
 * marked as a draft, with how many comments are about it and a link to comment on it. The texts are the
 * agencies' and the coordinators' Markdown, rendered as the published pages render it; nothing a visitor
 * wrote is shown here.
 */
export function DraftUnderConsultation({
  lang,
  view,
  draft,
  commentHref,
}: {
  lang: Lang;
  view: ConsultationView;
  draft: ConsultationDraft;
  commentHref: ((target: string) => string) | null;
}) {
  const d = participationPublicMessages[lang].draft;
  const m = consultationMessages[lang].pages;
  if (!draft.shown) return <p>{d.upcoming(formatDate(view.startsOn, lang))}</p>;
  const about = (target: 'commitment' | 'section', id: number) =>
    view.comments.filter((c) => c.target === target && c.targetId === id).length;
  const CommentLine = ({ target, id, name }: { target: 'commitment' | 'section'; id: number; name: string }) => (
    <p class="draft-comments">
      {d.commentsAbout(about(target, id))}{' '}
      {commentHref && (
        <a href={commentHref(`${target}:${id}`)}>
          {d.comment}
          <span class="visually-hidden">: {name}</span>
        </a>
      )}
    </p>
  );
  return (
    <div class="consultation-draft">
      <p class="notice">
        <strong>{d.label}.</strong> {d.intro}
      </p>
      {draft.commitments.length > 0 && (
        <>
          <h3>{m.commitmentsHeading}</h3>
          {draft.commitments.map((c) => (
            <article
              key={c.id}
              id={`borrador-compromiso-${c.id}`}
              class="draft-block"
              aria-labelledby={`borrador-compromiso-${c.id}-titulo`}
            >
              <h4 id={`borrador-compromiso-${c.id}-titulo`}>
                {c.number}. <InLang text={c.title} textLang={c.lang} lang={lang} />
              </h4>
              <p class="meta">
                <span class="draft-label">{draft.round ? d.roundLabel(draft.round.title) : d.label}</span> ·{' '}
                <a href={href(lang, `/compromisos/${c.id}`)}>{d.publishedPage}</a>
              </p>
              <DraftFicha lang={lang} c={c} draft={draft} />
              <CommentLine target="commitment" id={c.id} name={`${c.number}. ${c.title}`} />
            </article>
          ))}
        </>
      )}
      {draft.sections.length > 0 && (
        <>
          <h3>{m.sectionsHeading}</h3>
          {draft.sections.map((s) => (
            <article key={s.id} id={`borrador-seccion-${s.id}`} class="draft-block" aria-labelledby={`borrador-seccion-${s.id}-titulo`}>
              <h4 id={`borrador-seccion-${s.id}-titulo`}>
                <InLang text={s.title} textLang={s.lang} lang={lang} />
              </h4>
              <p class="meta">
                <span class="draft-label">{d.label}</span>
              </p>
              {s.body ? <Markdown text={s.body} id={`borrador-s${s.id}`} textLang={s.lang} /> : <p class="muted">{d.emptySection}</p>}
              <CommentLine target="section" id={s.id} name={s.title} />
            </article>
          ))}
        </>
      )}
    </div>
  );
}

function DraftFicha({ lang, c, draft }: { lang: Lang; c: DraftCommitment; draft: ConsultationDraft }) {
  const m = messages(lang);
  const w = m.web;
  const statuses = workspaceMessages[lang].activityStatuses;
  const id = `borrador-c${c.id}`;
  const dates = (from: string | null, to: string | null) => `${from ? formatDate(from, lang) : '…'} – ${to ? formatDate(to, lang) : '…'}`;
  return (
    <>
      <dl class="ficha">
        <dt>{m.fields.leadAgency}</dt>
        <dd>{c.leadAgency ?? '—'}</dd>
        {(c.plannedStart || c.plannedEnd) && (
          <>
            <dt>{w.planned}</dt>
            <dd>{dates(c.plannedStart, c.plannedEnd)}</dd>
          </>
        )}
        {draft.kind === 'plan' && <FichaTexts c={c} label={(field) => m.fields[field]} id={id} textLang={c.lang} />}
        {draft.kind === 'round' &&
          (c.assessment ? (
            <>
              <AssessmentEntries
                a={c.assessment}
                lang={lang}
                roundLabel={participationPublicMessages[lang].draft.roundLabel(draft.round?.title ?? '')}
                id={id}
                textLang={c.assessment.lang}
              />
              {c.assessment.additionalInfo && (
                <>
                  <dt>{m.fields.additionalInfo}</dt>
                  <dd>
                    <Markdown text={c.assessment.additionalInfo} id={`${id}-info`} textLang={c.assessment.lang} />
                  </dd>
                </>
              )}
            </>
          ) : (
            <>
              <dt>{m.fields.completion}</dt>
              <dd>{participationPublicMessages[lang].draft.noAssessment}</dd>
            </>
          ))}
      </dl>
      {c.activities.length > 0 && (
        <>
          <h5>{w.activitiesHeading}</h5>
          <ol>
            {c.activities.map((a) => (
              <li key={a.number} value={a.number}>
                <InLang text={a.title} textLang={c.lang} lang={lang} />
                <span class="muted">
                  {' '}
                  — {w.planned}: {dates(a.plannedStart, a.plannedEnd)}
                  {a.status && <>. {statuses[a.status]}</>}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
