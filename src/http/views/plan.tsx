import { alertMessages } from '../../i18n/alerts.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import { ParticipationSections, type Participation } from './cocreation.js';
import { PlanConsultations } from './consultation.js';
import type { PlanConsultation } from '../../services/consultation.js';
import { reportMessages } from '../../i18n/report.js';
import { themeSentence } from '../../i18n/sentences.js';
import { messages } from '../../i18n/index.js';
import type { Dashboard } from '../../services/plans.js';
import { Fragment } from 'preact';
import { CommitmentTable, InLang, LevelBadge, roundName, SummaryTable } from './components.js';
import { formatDate, formatPercent, href } from './format.js';
import { Layout, type PageContext } from './layout.js';
import type { RecommendationItem } from '../../domain/irm.js';
import { Recommendations } from './review.js';
import type { PublicTrafficLights } from '../../services/monitoring/board.js';
import { PublicSemaforo } from './traffic-light.js';
import { isDraftForThePublic } from '../../domain/plan-stages.js';
import { planMessages } from '../../i18n/plans.js';
import { roundMessages } from '../../i18n/rounds.js';
import type { FlaggedRound } from '../../services/plans.js';
import { RoundFlags } from './round-flags.js';

/**
 * A plan's dashboard: its facts and headline shares, the theme × level table and the same numbers as
 * a chart, one sentence per theme, the comparison with the previous round, and every commitment.
 */
export function PlanPage({
  ctx,
  d,
  charts,
  recommendations = [],
  trafficLights = null,
  participation = null,
  consultations = [],
}: {
  ctx: PageContext;
  d: Dashboard;
  charts: { wide: string; narrow: string } | null;
  recommendations?: RecommendationItem[];
  trafficLights?: PublicTrafficLights | null;
  participation?: Participation | null;
  consultations?: PlanConsultation[];
}) {
  const { lang } = ctx;
  const m = messages(lang);
  const w = m.web;
  const { plan, round, summary, shares, comparison } = d;
  const rm = roundMessages[lang];
  // In time order (by cutoff): the picker, the notes and the comparison's choices.
  const published = plan.rounds.filter((x) => x.published);
  const noted = published.filter((x) => x.flags.length > 0 || x.openingReason);
  const optionName = (x: FlaggedRound) => [roundName(x, lang), ...x.flags.map((f) => rm.flags[f])].join(' — ');
  const description =
    shares && round ? w.planDescription(plan.commitmentCount, formatPercent(shares.complete, lang), roundName(round, lang)) : undefined;
  return (
    <Layout ctx={ctx} title={plan.title} {...(description ? { description } : {})}>
      <p class="breadcrumb">
        <a href={href(lang, '/')}>{w.navHome}</a> › {plan.government.name}
      </p>
      <h1>
        <InLang text={plan.title} textLang={plan.lang} lang={lang} />
      </h1>
      {isDraftForThePublic(plan.status) && (
        <p class="notice" role="note">
          {planMessages[lang].publicDraft}
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>{w.government}</dt>
          <dd>{plan.government.name}</dd>
        </div>
        <div>
          <dt>{w.period}</dt>
          <dd>{plan.periodStart !== null ? `${plan.periodStart}–${plan.periodEnd}` : '—'}</dd>
        </div>
        <div>
          <dt>{w.approvedBy}</dt>
          <dd>
            {plan.approvalInstrument ?? '—'}
            {plan.approvalDate && <span class="muted"> ({formatDate(plan.approvalDate, lang)})</span>}
          </dd>
        </div>
        <div>
          <dt>{w.commitmentsLabel}</dt>
          <dd>{plan.commitmentCount}</dd>
        </div>
        <div>
          <dt>{w.status}</dt>
          <dd>
            {m.planStatuses[plan.status]}
            {plan.stageCorrections.map((k) => (
              <span class="muted" key={k.at}>
                {' '}
                ({planMessages[lang].plan.correctedNote(m.planStatuses[k.from], formatDate(k.at.slice(0, 10), lang), k.reason)})
              </span>
            ))}
          </dd>
        </div>
      </dl>

      {published.length > 1 && (
        <form class="round-picker" method="get" action={href(lang, `/planes/${plan.id}`)}>
          <label for="ronda">{w.roundLabel}</label>
          <select id="ronda" name="ronda">
            {published.map((x) => (
              <option value={String(x.id)} selected={x.id === round?.id} key={x.id}>
                {optionName(x)}
              </option>
            ))}
          </select>
          <button type="submit">{w.show}</button>
        </form>
      )}
      {noted.length > 0 && (
        <section aria-labelledby="round-notes">
          <h2 id="round-notes">{rm.notes}</h2>
          <ul>
            {noted.map((x) => (
              <li key={x.id}>
                {roundName(x, lang)}
                <RoundFlags round={x} lang={lang} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {!round || !summary || !shares ? (
        <p>{w.noPublishedRound}</p>
      ) : (
        <>
          <section aria-labelledby="figures">
            <h2 id="figures">{w.figuresHeading(roundName(round, lang))}</h2>
            <ul class="headline">
              <li>
                <strong>{formatPercent(shares.complete, lang)}</strong> {w.shareCompleteLong}
              </li>
              <li>
                <strong>{formatPercent(shares.substantialOrComplete, lang)}</strong> {w.shareSubstantialOrCompleteLong}
              </li>
            </ul>
            <SummaryTable
              summary={summary}
              lang={lang}
              caption={w.summaryCaption(roundName(round, lang))}
              themeHref={(id) => href(lang, `/temas/${id}`)}
            />
            {charts && (
              <figure class="chart">
                <div role="img" aria-label={w.chartAlt(roundName(round, lang))}>
                  <div class="chart-wide" dangerouslySetInnerHTML={{ __html: charts.wide }} />
                  <div class="chart-narrow" dangerouslySetInnerHTML={{ __html: charts.narrow }} />
                </div>
                <figcaption>
                  {w.chartCaption} <a href="#summary-table">{w.chartTableLink}</a>
                </figcaption>
              </figure>
            )}
            <h3>{w.byThemeHeading}</h3>
            <ul class="sentences">
              {summary.rows.map((r) => (
                <li key={r.themeId}>{themeSentence(r, lang)}</li>
              ))}
            </ul>
          </section>

          {published.length > 1 && (
            <section aria-labelledby="compare-heading">
              <h2 id="compare-heading">{rm.compareHeading}</h2>
              <form class="round-picker" method="get" action={href(lang, `/planes/${plan.id}`)}>
                {/* The figures stay at the round shown. */}
                {round.id !== published.at(-1)?.id && <input type="hidden" name="ronda" value={String(round.id)} />}
                <label for="desde">{rm.compareFrom}</label>
                <select id="desde" name="desde">
                  {published.map((x) => (
                    <option value={String(x.id)} selected={x.id === comparison?.from.id} key={x.id}>
                      {optionName(x)}
                    </option>
                  ))}
                </select>
                <label for="hasta">{rm.compareTo}</label>
                <select id="hasta" name="hasta">
                  {published.map((x) => (
                    <option value={String(x.id)} selected={x.id === (comparison?.to.id ?? round.id)} key={x.id}>
                      {optionName(x)}
                    </option>
                  ))}
                </select>
                <button type="submit">{rm.compare}</button>
              </form>
            </section>
          )}
          {comparison && (
            <section aria-labelledby="comparison">
              <h2 id="comparison">{w.comparisonHeading(roundName(comparison.from, lang), roundName(comparison.to, lang))}</h2>
              <ul class="headline">
                <li>
                  <strong>{comparison.comparison.counts.up}</strong> {w.movedUp}
                </li>
                <li>
                  <strong>{comparison.comparison.counts.down}</strong> {w.movedDown}
                </li>
                <li>
                  <strong>{comparison.comparison.counts.same}</strong> {w.stayed}
                </li>
              </ul>
              <div class="table-scroll">
                <table class="data">
                  <caption>{w.comparisonCaption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{w.number}</th>
                      <th scope="col">{w.commitment}</th>
                      <th scope="col">{roundName(comparison.from, lang)}</th>
                      <th scope="col">{roundName(comparison.to, lang)}</th>
                      <th scope="col">{w.movement}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {comparison.comparison.rows.map((r) => (
                      <tr key={r.commitmentId}>
                        <td>{r.number}</td>
                        <th scope="row">
                          <a href={href(lang, `/compromisos/${r.commitmentId}`)}>{r.title}</a>
                        </th>
                        <td>
                          <LevelBadge level={r.from} lang={lang} />
                        </td>
                        <td>
                          <LevelBadge level={r.to} lang={lang} />
                        </td>
                        <td class={`movement movement-${r.movement}`}>{m.movement[r.movement]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}

      {trafficLights && <PublicSemaforo lights={trafficLights} lang={lang} />}

      <section aria-labelledby="commitments">
        <h2 id="commitments">{w.commitmentsHeading}</h2>
        {plan.themes.map((t) => (
          <Fragment key={t.id}>
            <h3>
              <a href={href(lang, `/temas/${t.id}`)}>
                <InLang text={t.title} textLang={plan.lang} lang={lang} />
              </a>
            </h3>
            <CommitmentTable lang={lang} caption={w.commitmentsOf(t.title)} rows={t.commitments} textLang={plan.lang} withAgency />
          </Fragment>
        ))}
      </section>

      <Recommendations items={recommendations} textLang={plan.lang} lang={lang} />
      <p>
        <a href={href(lang, `/planes/${plan.id}/alertas`)}>{alertMessages[lang].logLink}</a>
      </p>

      {/* Co-creation and the forum (issue 7): shown once the plan has any of it. */}
      {participation && <ParticipationSections lang={lang} planId={plan.id} participation={participation} />}
      <PlanConsultations lang={lang} planId={plan.id} consultations={consultations} />

      <p class="downloads">
        {w.downloadsLabel}{' '}
        {(['csv', 'xlsx', 'json'] as const).map((f, i) => (
          <span key={f}>
            {i > 0 && ' · '}
            <a href={`${href(lang, `/datos/compromisos.${f}`)}?plan=${plan.id}`}>
              {f.toUpperCase()}
              <span class="visually-hidden"> — {w.commitmentsHeading}</span>
            </a>
          </span>
        ))}{' '}
        · <a href={href(lang, `/planes/${plan.id}/cambios.atom`)}>{w.feedLink}</a>
        {' · '}
        {indicatorMessages[lang].matrixLinks}:{' '}
        <a href={href(lang, `/planes/${plan.id}/indicadores.csv`)}>
          CSV<span class="visually-hidden"> — {indicatorMessages[lang].matrixLinks}</span>
        </a>{' '}
        ·{' '}
        <a href={href(lang, `/planes/${plan.id}/indicadores.xlsx`)}>
          XLSX<span class="visually-hidden"> — {indicatorMessages[lang].matrixLinks}</span>
        </a>
        {d.round && (
          <>
            {' '}
            · <a href={`${href(lang, `/planes/${plan.id}/informe`)}?ronda=${d.round.id}`}>{reportMessages(lang).printView}</a>
          </>
        )}
      </p>
    </Layout>
  );
}
