import { monitoringMessages } from '../../i18n/monitoring.js';
import { Fragment } from 'preact';
import { isLevel, levelLabel } from '../../domain/levels.js';
import type { TextField } from '../../domain/commitment-input.js';
import type { FichaField } from '../../import/text-report/labels.js';
import { messages } from '../../i18n/index.js';
import { notificationMessages } from '../../i18n/notifications.js';
import type { CommitmentDetail, Correction, EvidenceItem, SourceItem } from '../../services/commitments.js';
import { EvidenceLine, InLang, LevelBadge, Markdown, roundName } from './components.js';
import { formatDate, href } from './format.js';
import { Layout, type PageContext } from './layout.js';
import type { CommitmentReview } from '../../domain/irm.js';
import { ContinuityLinks, IndependentReview } from './review.js';
import type { IndicatorView } from '../../services/indicators.js';
import { IndicatorsSection } from './indicators.js';
import type { AlertView } from '../../services/alerts.js';
import { CommitmentAlerts } from './alerts.js';
import { AssessmentEntries } from './assessment.js';
import { FichaTexts } from './ficha-texts.js';
import { CoLeadsAndMoreContacts, MilestoneFacts } from './milestones.js';
import { CommitmentProposals } from './cocreation.js';
import type { ProposalView } from '../../services/cocreation.js';

/**
 * A commitment's page: every field of the OGP template in its order, the lead agency and contact with
 * their history, activities with evidence and sources, the level at each published round, last update.
 */
export function CommitmentPage({
  ctx,
  c,
  review,
  indicators = [],
  alerts,
  proposals = [],
}: {
  ctx: PageContext;
  c: CommitmentDetail;
  review?: CommitmentReview;
  indicators?: IndicatorView[];
  alerts?: { alerts: AlertView[]; share: { within: number; total: number } };
  proposals?: ProposalView[];
}) {
  const { lang } = ctx;
  const m = messages(lang);
  const w = m.web;
  const f = (field: FichaField) => m.fields[field];
  const latest = c.assessments.at(-1) ?? null;
  // Each text in the reader's language where a translation is kept; else as written, marked with its language.
  const own = (field: TextField, original: string | null) => {
    const t = lang === c.lang ? undefined : c.translations[lang]?.[field];
    return t ? { text: t, lang: lang as string } : { text: original, lang: c.lang };
  };
  const shown = {
    title: own('title', c.title),
    government: own('otherActorsGovernment', c.otherActors.government),
    civilSociety: own('otherActorsCivilSociety', c.otherActors.civilSociety),
    additionalInfo: own('additionalInfo', c.additionalInfo),
  };
  const texts = (['problem', 'objective', 'description', 'relevance', 'ambition'] as const).map((f) => [f, own(f, c[f])] as const);
  const title = `${w.commitment} ${c.number}. ${shown.title.text}`;
  const description = latest
    ? `${w.level}: ${latest.level ? levelLabel(latest.level, lang) : w.noLevel} — ${roundName(latest.round, lang)}. ${c.plan.title}`
    : c.plan.title;
  const agencyHistory = c.leadAgencyHistory.filter((a) => a.validTo !== null);
  const contactHistory = c.contactHistory.filter((x) => x.validTo !== null);
  return (
    <Layout ctx={ctx} title={title} description={description}>
      <p class="breadcrumb">
        <a href={href(lang, '/')}>{w.navHome}</a> ›{' '}
        <a href={href(lang, `/planes/${c.plan.id}`)}>
          <InLang text={c.plan.title} textLang={c.lang} lang={lang} />
        </a>{' '}
        ›{' '}
        <a href={href(lang, `/temas/${c.theme.id}`)}>
          <InLang text={c.theme.title} textLang={c.lang} lang={lang} />
        </a>
      </p>
      <h1>
        {w.commitment} {c.number}. <InLang text={shown.title.text!} textLang={shown.title.lang} lang={lang} />
      </h1>
      <p class="meta">
        {latest && (
          <>
            <LevelBadge level={latest.level} lang={lang} /> <span class="muted">{roundName(latest.round, lang)}</span> ·{' '}
          </>
        )}
        <span class="muted">{w.lastUpdated(formatDate(c.updatedAt, lang))}</span>
      </p>
      {review && <ContinuityLinks review={review} lang={lang} />}

      {c.assessments.length > 0 && (
        <section aria-labelledby="timeline">
          <h2 id="timeline">{w.timelineHeading}</h2>
          <ol class="timeline">
            {c.assessments.map((a) => (
              <li key={a.round.id}>
                <span class="timeline-round">{roundName(a.round, lang)}</span> <LevelBadge level={a.level} lang={lang} />
                {a.leadAgency && a.leadAgency.id !== c.leadAgency?.agency.id && (
                  <span class="muted"> — {w.roundAgency(a.leadAgency.name)}</span>
                )}
                {a.corrections.length > 0 && <Corrections corrections={a.corrections} lang={lang} />}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="ficha">
        <h2 id="ficha">{w.fichaHeading}</h2>
        <dl class="ficha">
          <dt>{f('leadAgency')}</dt>
          <dd>
            {c.leadAgency ? (
              <>
                <a href={href(lang, `/entidades/${c.leadAgency.agency.id}`)}>{c.leadAgency.agency.name}</a>
                {c.leadAgency.agency.acronym && ` (${c.leadAgency.agency.acronym})`}
                {c.leadAgency.detail && <>, {c.leadAgency.detail}</>}
                {c.leadAgency.validFrom && <span class="muted"> — {w.since(formatDate(c.leadAgency.validFrom, lang))}</span>}
                {agencyHistory.length > 0 && (
                  <details class="history">
                    <summary>{w.history}</summary>
                    <ul>
                      {agencyHistory.map((a, i) => (
                        <li key={i}>
                          {a.asWritten}{' '}
                          <span class="muted">
                            ({w.period}: {a.validFrom ? formatDate(a.validFrom, lang) : '…'} – {formatDate(a.validTo, lang)})
                          </span>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </>
            ) : (
              '—'
            )}
          </dd>
          {(c.plannedStart || c.plannedEnd) && (
            <>
              <dt>{w.planned}</dt>
              <dd class="planned-dates">
                {c.plannedStart ? formatDate(c.plannedStart, lang) : '…'} – {c.plannedEnd ? formatDate(c.plannedEnd, lang) : '…'}
                {c.originalPlannedEnd && (
                  <span class="original-date"> ({monitoringMessages[lang].originalDate(formatDate(c.originalPlannedEnd, lang))})</span>
                )}
              </dd>
            </>
          )}
          <dt>{f('contactName')}</dt>
          <dd>{c.contact?.name ?? '—'}</dd>
          <dt>{f('contactPosition')}</dt>
          <dd>{c.contact?.position ?? '—'}</dd>
          <dt>{f('contactEmail')}</dt>
          <dd>{c.contact?.email ? <a href={`mailto:${c.contact.email}`}>{c.contact.email}</a> : '—'}</dd>
          <dt>{f('contactPhone')}</dt>
          <dd>{c.contact?.phone ?? '—'}</dd>
          <CoLeadsAndMoreContacts coLeads={c.coLeads} contacts={c.contacts} lang={lang} />
          {contactHistory.length > 0 && (
            <>
              <dt>{w.contactHistory}</dt>
              <dd>
                <ul>
                  {contactHistory.map((x, i) => (
                    <li key={i}>
                      {[x.name, x.position].filter(Boolean).join(', ')}{' '}
                      <span class="muted">
                        ({x.validFrom ? formatDate(x.validFrom, lang) : '…'} – {formatDate(x.validTo, lang)})
                      </span>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          <dt>{f('otherActorsGovernment')}</dt>
          <dd>
            {shown.government.text ? <Markdown text={shown.government.text} id={`c${c.id}-gov`} textLang={shown.government.lang} /> : '—'}
          </dd>
          <dt>{f('otherActorsCivilSociety')}</dt>
          <dd>
            {shown.civilSociety.text ? (
              <Markdown text={shown.civilSociety.text} id={`c${c.id}-cso`} textLang={shown.civilSociety.lang} />
            ) : (
              '—'
            )}
          </dd>
          <FichaTexts
            c={Object.fromEntries(texts.map(([k, v]) => [k, v.text])) as Record<(typeof texts)[number][0], string | null>}
            langs={Object.fromEntries(texts.map(([k, v]) => [k, v.lang]))}
            label={f}
            id={`c${c.id}`}
            textLang={c.lang}
          />
          {c.otherFields.map((o, i) => (
            <Fragment key={`o${i}`}>
              <dt>{o.label}</dt>
              <dd>
                <Markdown text={o.value} id={`c${c.id}-other${i}`} textLang={c.lang} />
              </dd>
            </Fragment>
          ))}
          {latest && (
            <AssessmentEntries a={latest} lang={lang} roundLabel={roundName(latest.round, lang)} id={`c${c.id}`} textLang={c.lang} />
          )}
          <dt>{f('additionalInfo')}</dt>
          <dd>
            {latest?.additionalInfo ? (
              <Markdown text={latest.additionalInfo} id={`c${c.id}-info`} textLang={c.lang} />
            ) : shown.additionalInfo.text ? (
              <Markdown text={shown.additionalInfo.text} id={`c${c.id}-info`} textLang={shown.additionalInfo.lang} />
            ) : (
              '—'
            )}
          </dd>
        </dl>
      </section>

      {review && <IndependentReview review={review} id={c.id} textLang={c.lang} lang={lang} />}

      <section aria-labelledby="activities">
        <h2 id="activities">{w.activitiesHeading}</h2>
        {c.activities.length === 0 && <p>{w.noActivities}</p>}
        <ol class="activities">
          {c.activities.map((a) => (
            <li key={a.id} value={a.number} id={`actividad-${a.number}`}>
              <h3>
                <InLang text={a.title} textLang={c.lang} lang={lang} />
              </h3>
              <MilestoneFacts a={a} lang={lang} />
              {/* Read from the results narrative, which the ficha already shows: not repeated. */}
              {!latest?.results && <Markdown text={a.details} id={`a${a.id}`} textLang={c.lang} />}
              <Links evidence={a.evidence} sources={a.sources} lang={lang} level={4} />
            </li>
          ))}
        </ol>
      </section>

      <IndicatorsSection indicators={indicators} lang={lang} />

      <CommitmentProposals lang={lang} proposals={proposals} />

      {(c.evidence.length > 0 || c.sources.length > 0) && (
        <section aria-labelledby="evidence">
          <h2 id="evidence">{w.commitmentEvidenceHeading}</h2>
          <Links evidence={c.evidence} sources={c.sources} lang={lang} level={3} />
        </section>
      )}

      {alerts && <CommitmentAlerts lang={lang} commitmentId={c.id} {...alerts} />}

      {/* The follow form is a page of its own: this page is cached for everyone, a form's CSRF token is one visitor's. */}
      <p>
        <a href={href(lang, `/compromisos/${c.id}/seguir`)}>{notificationMessages[lang].pages.followLink}</a>
      </p>
      <p class="downloads">
        <a href={href(lang, `/compromisos/${c.id}/historial`)}>{w.historyLink}</a> ·{' '}
        <a href={`/api/v1/commitments/${c.id}`}>{w.jsonLink}</a> ·{' '}
        <a href={href(lang, `/compromisos/${c.id}/cambios.atom`)}>{w.feedLink}</a>
      </p>
    </Layout>
  );
}

function Links({ evidence, sources, lang, level }: { evidence: EvidenceItem[]; sources: SourceItem[]; lang: 'es' | 'en'; level: 3 | 4 }) {
  const w = messages(lang).web;
  const H = level === 3 ? 'h3' : 'h4';
  if (evidence.length === 0 && sources.length === 0) return null;
  return (
    <div class="links">
      {evidence.length > 0 && (
        <>
          <H>{w.evidence}</H>
          <ul>
            {evidence.map((e) => (
              <li key={e.id}>
                <EvidenceLine e={e} lang={lang} />
              </li>
            ))}
          </ul>
        </>
      )}
      {sources.length > 0 && (
        <>
          <H>{w.sources}</H>
          <ul>
            {sources.map((s) => (
              <li key={s.id}>
                {s.text}
                {s.date && <span class="muted"> ({formatDate(s.date, lang)})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Corrections to a published assessment: each one visible, with what it was, what it is and why. */
function Corrections({ corrections, lang }: { corrections: Correction[]; lang: 'es' | 'en' }) {
  const m = messages(lang);
  const w = m.web;
  const label = (field: string) =>
    field === 'level' ? w.level : field === 'reasons' ? w.reasons : field === 'results' || field === 'nextSteps' ? m.fields[field] : field;
  const value = (field: string, v: string | null) =>
    v === null || v === '' ? '—' : field === 'level' && isLevel(v) ? levelLabel(v, lang) : v;
  return (
    <details class="corrections">
      <summary>{w.correctionsNote}</summary>
      <ul>
        {corrections.map((x, i) => (
          <li key={i}>
            <strong>{w.correction(label(x.field), formatDate(x.at, lang))}</strong>:{' '}
            {w.correctionChange(value(x.field, x.before), value(x.field, x.after))}. {w.correctionReason}: {x.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
