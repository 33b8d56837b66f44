import { Fragment } from 'preact';
import { irmCompletionAsLevel } from '../../domain/irm.js';
import type { Lang } from '../../i18n/lang.js';
import { reviewMessages } from '../../i18n/review.js';
import type { CommitmentLink, CommitmentReview, RecommendationItem, ReviewItem } from '../../domain/irm.js';
import { InLang, LevelBadge, Markdown, roundName } from './components.js';
import { href } from './format.js';

/**
 * The independent review on the public pages: on a commitment's page, the IRM's completion beside the
 * government's own (the difference written out, not only coloured), the other scales, the starred
 * mark and the reviewer's text; links between a commitment and the one it continues; on a plan's
 * page, the IRM's recommendations with the government's answer.
 */

export function ContinuityLinks({ review, lang }: { review: CommitmentReview; lang: Lang }) {
  const m = reviewMessages[lang];
  if (!review.continues && review.continuedBy.length === 0) return null;
  const link = (c: CommitmentLink) => (
    <a href={href(lang, `/compromisos/${c.id}`)}>
      <InLang text={m.commitmentIn(c.number, c.title, c.plan.title)} textLang={c.lang} lang={lang} />
    </a>
  );
  return (
    <nav class="continuity" aria-label={m.continuityHeading}>
      {review.continues && (
        <p>
          {m.continues}: {link(review.continues)}
        </p>
      )}
      {review.continuedBy.length > 0 && (
        <p>
          {m.continuedBy}:{' '}
          {review.continuedBy.map((c, i) => (
            <Fragment key={c.id}>
              {i > 0 && ' · '}
              {link(c)}
            </Fragment>
          ))}
        </p>
      )}
    </nav>
  );
}

function IrmLevel({ review, lang }: { review: ReviewItem; lang: Lang }) {
  const m = reviewMessages[lang];
  if (!review.completion) return <span class="level level-none">{m.noValue}</span>;
  const level = irmCompletionAsLevel(review.completion);
  return <span class={`level level-${level ?? 'none'}`}>{m.scales.completion[review.completion]}</span>;
}

export function IndependentReview({ review, id, textLang, lang }: { review: CommitmentReview; id: number; textLang: string; lang: Lang }) {
  const m = reviewMessages[lang];
  if (review.reviews.length === 0) return null;
  const word = <T extends string>(scale: Record<T, string>, v: T | null) => (v ? scale[v] : m.noValue);
  return (
    <section aria-labelledby="irm">
      <h2 id="irm">{m.heading}</h2>
      <p>{m.intro}</p>
      <div class="table-scroll">
        <table class="data">
          <caption>{m.comparisonCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.reportColumn}</th>
              <th scope="col">{m.selfColumn}</th>
              <th scope="col">{m.irmColumn}</th>
              <th scope="col">{m.differenceColumn}</th>
            </tr>
          </thead>
          <tbody>
            {review.reviews.map((r) => (
              <tr key={r.report}>
                <th scope="row">{m.reportOf(m.reports[r.report], r.reportYear)}</th>
                <td>
                  {r.self ? (
                    <>
                      <LevelBadge level={r.self.level} lang={lang} /> <span class="muted">{roundName(r.self.round, lang)}</span>
                    </>
                  ) : (
                    <span class="muted">{m.noSelf}</span>
                  )}
                </td>
                <td>
                  <IrmLevel review={r} lang={lang} />
                </td>
                <td class={`agreement agreement-${r.agreement.kind}`}>{m.agreement(r.agreement)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {review.reviews.map((r) => (
        <Fragment key={r.report}>
          <h3>{m.reportOf(m.reports[r.report], r.reportYear)}</h3>
          <p class={r.starred ? 'starred' : 'muted'}>
            {r.starred ? (
              <>
                <span aria-hidden="true">★ </span>
                {m.starred}
              </>
            ) : (
              m.notStarred
            )}
          </p>
          <dl class="ficha review-scales">
            <dt>{m.specificity}</dt>
            <dd>{word(m.scales.specificity, r.specificity)}</dd>
            <dt>{m.relevance}</dt>
            <dd>{r.values.length === 0 ? m.noValues : r.values.map((v) => m.scales.values[v]).join(' · ')}</dd>
            <dt>{m.potentialImpact}</dt>
            <dd>{word(m.scales.potentialImpact, r.potentialImpact)}</dd>
            <dt>{m.completion}</dt>
            <dd>{word(m.scales.completion, r.completion)}</dd>
            <dt>{m.diog}</dt>
            <dd>
              <ul>
                <li>
                  {m.diogOverall}: {word(m.scales.diog, r.diog.overall)}
                </li>
                {(['access-to-information', 'civic-participation', 'public-accountability'] as const).map((v) => {
                  const d = r.diog[v];
                  return d ? (
                    <li key={v}>
                      {m.scales.values[v]}: {m.scales.diog[d]}
                    </li>
                  ) : null;
                })}
              </ul>
            </dd>
            {r.text && (
              <>
                <dt>{m.reviewerText}</dt>
                <dd>
                  <Markdown text={r.text} id={`c${id}-irm-${r.report}`} textLang={textLang} />
                </dd>
              </>
            )}
          </dl>
          <p class="muted">{m.origin[r.origin]}</p>
        </Fragment>
      ))}
      {review.reviews.some((r) => r.starred) && <p class="muted">{m.starredHint}</p>}
    </section>
  );
}

export function Recommendations({ items, textLang, lang }: { items: RecommendationItem[]; textLang: string; lang: Lang }) {
  const m = reviewMessages[lang];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="irm-recommendations">
      <h2 id="irm-recommendations">{m.recommendationsHeading}</h2>
      <p>{m.recommendationsIntro}</p>
      <ol class="recommendations">
        {items.map((r) => (
          <li key={r.id} value={r.position}>
            <h3>{m.recommendation(r.position)}</h3>
            <Markdown text={r.text} id={`rec${r.id}`} textLang={textLang} />
            <dl class="ficha">
              <dt>{m.source}</dt>
              <dd>
                <InLang text={r.source} textLang={textLang} lang={lang} />
              </dd>
              <dt>{m.status}</dt>
              <dd>{r.status ? m.scales.status[r.status] : m.noValue}</dd>
              <dt>{m.answer}</dt>
              <dd>{r.answer ? <Markdown text={r.answer} id={`rec${r.id}-answer`} textLang={textLang} /> : '—'}</dd>
              <dt>{m.action}</dt>
              <dd>{r.action ? <Markdown text={r.action} id={`rec${r.id}-action`} textLang={textLang} /> : '—'}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
