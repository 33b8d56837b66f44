/** @jsxRuntime automatic */
/** @jsxImportSource preact */
// (The pragmas let `vigia report` run from any directory: tsx reads tsconfig.json from the current one.)
import { readFileSync } from 'node:fs';
import { render } from 'preact-render-to-string';
import { LEVELS, levelLabel } from '../domain/levels.js';
import { formatNumber } from '../i18n/index.js';
import { formatDate, formatFileSize, formatMonth } from '../i18n/format.js';
import { messages } from '../i18n/index.js';
import { roundName } from '../i18n/format.js';
import { reportMessages, type ReportMessages } from '../i18n/report.js';
import { reviewMessages } from '../i18n/review.js';
import { renderMarkdown } from '../lib/markdown-html.js';
import type { EvidenceRef, FichaModel, ReportModel, ReportSection, Text } from './model.js';

/**
 * The report as one HTML document: the print view (browser's Print, or Chromium's page.pdf for the
 * PDF). Same order and words as the DOCX; one h1 (the title), sections h2, themes h3. Text is escaped by preact; long texts go through the site's
 * Markdown renderer, which escapes raw HTML. The stylesheet is linked on the site (its CSP allows no
 * inline style) and inlined in a file written by the CLI or handed to Chromium.
 */
const REPORT_CSS = readFileSync(new URL('../../public/report.css', import.meta.url), 'utf8');

export function renderReportHtml(report: ReportModel, options: { stylesheet: 'inline' | string }): string {
  return '<!doctype html>' + render(<ReportDocument r={report} stylesheet={options.stylesheet} />);
}

function ReportDocument({ r, stylesheet }: { r: ReportModel; stylesheet: string }) {
  const m = reportMessages(r.lang);
  const sections = [...r.before, r.implementation, ...r.after];
  const tablesAfter = r.after.findIndex((s) => s.key === 'conclusions');
  const figuresAt = tablesAfter === -1 ? r.after.length - 1 : tablesAfter;
  const title = m.titleLine(r.plan.title.text);
  return (
    <html lang={r.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {stylesheet === 'inline' ? <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} /> : <link rel="stylesheet" href={stylesheet} />}
      </head>
      <body>
        <header class="title-page">
          <p>{m.documentTitle}</p>
          <h1>
            <T t={r.plan.title} m={m} />
          </h1>
          <dl>
            <dt>{m.government}</dt>
            <dd>{r.government}</dd>
            {r.plan.periodStart !== null && (
              <>
                <dt>{m.period}</dt>
                <dd>
                  {r.plan.periodEnd !== null && r.plan.periodEnd !== r.plan.periodStart
                    ? `${r.plan.periodStart}-${r.plan.periodEnd}`
                    : r.plan.periodStart}
                </dd>
              </>
            )}
            <dt>{m.round}</dt>
            <dd>{r.round.title}</dd>
            <dt>{m.date}</dt>
            <dd>{formatDate(r.date, r.lang)}</dd>
          </dl>
          <p class="print-hint">{m.printHint}</p>
        </header>
        <nav class="toc" aria-labelledby="toc-heading">
          <h2 id="toc-heading">{m.contents}</h2>
          <ol>
            {r.glossary && (
              <li>
                <a href="#glossary">{r.glossary.title.text}</a>
              </li>
            )}
            {sections.map((s) => (
              <li key={s.key + s.number}>
                <a href={`#section-${s.number}`}>{`${s.number}. ${s.title.text}`}</a>
                {s.key === 'implementation' && (
                  <ol>
                    {r.themes.map((t) => (
                      <li key={t.id}>
                        <a href={`#theme-${t.number}`}>{m.themeHeading(t.number, t.title.text)}</a>
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
            {r.reviews.length > 0 && (
              <li>
                <a href="#annexes">{m.annexes}</a>
              </li>
            )}
          </ol>
        </nav>
        <main>
          {r.glossary && (
            <section aria-labelledby="glossary">
              <h2 id="glossary">
                <T t={r.glossary.title} m={m} />
              </h2>
              <Long t={r.glossary.body} m={m} id="glossary" />
            </section>
          )}
          {r.before.map((s) => (
            <Section key={s.number} s={s} r={r} m={m} />
          ))}
          <Section s={r.implementation} r={r} m={m}>
            {r.themes.map((t) => (
              <section key={t.id} aria-labelledby={`theme-${t.number}`}>
                <h3 id={`theme-${t.number}`}>
                  {m.themeHeading(t.number, t.title.text)}
                  <Mark t={t.title} m={m} />
                </h3>
                <Long t={t.intro} m={m} id={`theme-${t.number}-intro`} />
                {t.fichas.map((f) => (
                  <Ficha key={f.id} f={f} r={r} m={m} onSite={stylesheet !== 'inline'} />
                ))}
                {t.synthesis ? <Long t={t.synthesis} m={m} id={`theme-${t.number}-synthesis`} /> : <p>{t.sentence}</p>}
              </section>
            ))}
          </Section>
          {r.after.map((s, i) => (
            <Section key={s.number} s={s} r={r} m={m}>
              {i === figuresAt && <Figures r={r} m={m} />}
            </Section>
          ))}
          {r.after.length === 0 && <Figures r={r} m={m} />}
          {r.reviews.length > 0 && <Reviews r={r} m={m} />}
        </main>
      </body>
    </html>
  );
}

/** A stored text shown in its own language; "[not translated]" beside it when the report is in another. */
function T({ t, m }: { t: Text; m: ReportMessages }) {
  return t.untranslated ? (
    <>
      <span lang={t.lang}>{t.text}</span>
      <Mark t={t} m={m} />
    </>
  ) : (
    <>{t.text}</>
  );
}

function Mark({ t, m }: { t: Text; m: ReportMessages }) {
  return t.untranslated ? <span class="untranslated"> {m.notTranslated}</span> : null;
}

function Long({ t, m, id }: { t: Text | null; m: ReportMessages; id: string }) {
  if (!t) return null;
  const html = <div lang={t.untranslated ? t.lang : undefined} dangerouslySetInnerHTML={{ __html: renderMarkdown(t.text, id) }} />;
  return t.untranslated ? (
    <>
      <p class="untranslated">{m.notTranslated}</p>
      {html}
    </>
  ) : (
    html
  );
}

function Section({ s, r, m, children }: { s: ReportSection; r: ReportModel; m: ReportMessages; children?: preact.ComponentChildren }) {
  return (
    <section aria-labelledby={`section-${s.number}`}>
      <h2 id={`section-${s.number}`}>
        {`${s.number}. `}
        <T t={s.title} m={m} />
      </h2>
      <Long t={s.body} m={m} id={`section-${s.number}`} />
      {s.key === 'irm' && r.recommendations.length > 0 && <Recommendations r={r} m={m} />}
      {children}
    </section>
  );
}

function Ficha({ f, r, m, onSite }: { f: FichaModel; r: ReportModel; m: ReportMessages; onSite: boolean }) {
  const L = m.labels;
  const id = `c${f.number}`;
  const Row = ({ label, value, k }: { label: string; value: Text | string | null; k: string }) => (
    <tr>
      <th scope="row">{label}</th>
      <td colSpan={4}>{value === null ? '' : typeof value === 'string' ? value : <Long t={value} m={m} id={`${id}-${k}`} />}</td>
    </tr>
  );
  const Wide = ({ label, value, k }: { label: string; value: Text | null; k: string }) => (
    <>
      <tr>
        <th colSpan={5} scope="colgroup">
          {label}
        </th>
      </tr>
      <tr>
        <td colSpan={5}>
          <Long t={value} m={m} id={`${id}-${k}`} />
        </td>
      </tr>
    </>
  );
  return (
    <table class="ficha" id={`commitment-${f.number}`}>
      <caption>
        {m.themeCell(f.theme.text)}
        <br />
        {m.commitmentCell(f.number, f.title.text)}
        <Mark t={f.title} m={m} />
      </caption>
      <tbody>
        <Row label={L.leadAgency} value={f.leadAgency} k="agency" />
        <Row label={L.contactName} value={f.contact.name} k="name" />
        <Row label={L.contactPosition} value={f.contact.position} k="position" />
        <Row label={L.contactEmail} value={f.contact.email} k="email" />
        <Row label={L.contactPhone} value={f.contact.phone} k="phone" />
        <tr>
          <th scope="rowgroup" rowSpan={2}>
            {L.otherActors}
          </th>
          <th scope="row">{L.otherActorsGovernment}</th>
          <td colSpan={3}>
            <Long t={f.otherActors.government} m={m} id={`${id}-gov`} />
          </td>
        </tr>
        <tr>
          <th scope="row">{L.otherActorsCivilSociety}</th>
          <td colSpan={3}>
            <Long t={f.otherActors.civilSociety} m={m} id={`${id}-cso`} />
          </td>
        </tr>
        <Row label={L.problem} value={f.problem} k="problem" />
        <Row label={L.objective} value={f.objective} k="objective" />
        <Row label={L.description} value={f.description} k="description" />
        <Wide label={L.relevance} value={f.relevance} k="relevance" />
        <Wide label={L.ambition} value={f.ambition} k="ambition" />
        {f.plannedStart && <Row label={L.startDate} value={formatDate(f.plannedStart, r.lang)} k="start" />}
        {f.plannedEnd && <Row label={L.endDate} value={formatDate(f.plannedEnd, r.lang)} k="end" />}
        <tr>
          <th scope="row" rowSpan={2}>
            {L.completion}
          </th>
          {LEVELS.map((l) => (
            <th key={l} scope="col">
              {levelLabel(l, r.lang)}
            </th>
          ))}
        </tr>
        <tr>
          {LEVELS.map((l) => (
            <td key={l} class="mark">
              {f.level === l ? 'X' : ''}
            </td>
          ))}
        </tr>
        <Wide label={L.results} value={f.results} k="results" />
        {/* As the commitment's page shows them: the reasons for the level, then the evidence the assessment cites. */}
        {f.reasons && <Wide label={L.reasons} value={f.reasons} k="reasons" />}
        {f.citedEvidence.length > 0 && (
          <>
            <tr>
              <th colSpan={5} scope="colgroup">
                {L.citedEvidence}
              </th>
            </tr>
            <tr>
              <td colSpan={5}>
                <ul class="evidence">
                  {f.citedEvidence.map((e, i) => (
                    <Evidence key={i} e={e} r={r} onSite={onSite} />
                  ))}
                </ul>
              </td>
            </tr>
          </>
        )}
        {f.nextSteps && <Wide label={L.nextSteps} value={f.nextSteps} k="next" />}
        <Wide label={L.additionalInfo} value={f.additionalInfo} k="info" />
        {f.otherFields.map((o, i) => (
          <Row key={i} label={o.label} value={{ text: o.value, lang: r.lang, untranslated: false }} k={`other-${i}`} />
        ))}
      </tbody>
    </table>
  );
}

/**
 * A piece of evidence as the commitment's page lists it. A file is linked on the site (a relative link) or
 * where the site's address is known; an address is written out, for the page printed.
 */
function Evidence({ e, r, onSite }: { e: EvidenceRef; r: ReportModel; onSite: boolean }) {
  const w = messages(r.lang).web;
  if (e.file) {
    const label = w.fileLink(e.file.name, formatFileSize(e.file.size, r.lang));
    const href = r.siteUrl ? r.siteUrl + e.file.path : onSite ? e.file.path : null;
    return (
      <li>
        {href ? <a href={href}>{label}</a> : label}
        {e.description && <> — {e.description}</>}
      </li>
    );
  }
  if (e.url)
    return (
      <li>
        {e.description && <>{e.description}: </>}
        <a href={e.url}>{e.url}</a>
      </li>
    );
  return (
    <li>
      {e.description}
      {e.date && ` (${formatDate(e.date, r.lang)})`}
    </li>
  );
}

function Figures({ r, m }: { r: ReportModel; m: ReportMessages }) {
  const s = r.summary;
  const withUnassessed = s.total.unassessed > 0;
  const pct = (n: number) => formatNumber(n, r.lang);
  return (
    <>
      <table class="summary">
        <caption>{`${m.summaryHeading} — ${r.round.title}`}</caption>
        <thead>
          <tr>
            <th scope="col">{m.summaryCorner}</th>
            {LEVELS.map((l) => (
              <th key={l} scope="col" class="num">
                {levelLabel(l, r.lang)}
              </th>
            ))}
            {withUnassessed && (
              <th scope="col" class="num">
                {m.unassessed}
              </th>
            )}
            <th scope="col" class="num">
              {m.total}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.rows.map((row) => (
            <tr key={row.themeId}>
              <th scope="row">{row.theme}</th>
              {LEVELS.map((l) => (
                <td key={l} class="num">
                  {row.counts[l]}
                </td>
              ))}
              {withUnassessed && <td class="num">{row.unassessed}</td>}
              <td class="num">{row.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{m.total}</th>
            {LEVELS.map((l) => (
              <td key={l} class="num">
                {s.total.counts[l]}
              </td>
            ))}
            {withUnassessed && <td class="num">{s.total.unassessed}</td>}
            <td class="num">{s.total.total}</td>
          </tr>
          <tr>
            <th scope="row">{m.percent}</th>
            {LEVELS.map((l) => (
              <td key={l} class="num" data-level={l}>
                {pct(s.percentages[l])}
              </td>
            ))}
            {withUnassessed && <td class="num">{pct(Math.round((1000 * s.total.unassessed) / Math.max(1, s.total.total)) / 10)}</td>}
            <td class="num">100</td>
          </tr>
        </tfoot>
      </table>
      <figure>
        <div dangerouslySetInnerHTML={{ __html: r.chart.svg }} />
        <figcaption>{r.chart.alt}</figcaption>
      </figure>
      <table class="comparison">
        <caption>{m.comparisonCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.comparisonNumber}</th>
            <th scope="col">{m.comparisonCommitment}</th>
            {r.comparison.rounds.map((x) => (
              <th key={x.id} scope="col">
                {x.lang === r.lang ? x.title : messages(r.lang).roundKinds[x.kind]}
                {x.cutoffDate && (
                  <>
                    <br />
                    {formatMonth(x.cutoffDate, r.lang)}
                  </>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.comparison.rows.map((row) => (
            <tr key={row.number}>
              <td>{`${row.number}.`}</td>
              <th scope="row">
                <T t={row.title} m={m} />
              </th>
              {row.levels.map((l, i) => (
                <td key={i}>{l ? levelLabel(l, r.lang) : ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Recommendations({ r, m }: { r: ReportModel; m: ReportMessages }) {
  const sources = [...new Set(r.recommendations.map((x) => x.source))];
  return (
    <>
      <h3>{m.recommendationsHeading}</h3>
      {sources.map((source) => (
        <table key={source} class="recommendations">
          <caption>{`${m.source}: ${source}`}</caption>
          <thead>
            <tr>
              {m.recommendationColumns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.recommendations
              .filter((x) => x.source === source)
              .map((x) => (
                <tr key={x.position}>
                  <td>
                    <Long t={x.text} m={m} id={`rec-${x.position}`} />
                  </td>
                  <td>
                    <Long t={x.answer} m={m} id={`rec-${x.position}-answer`} />
                  </td>
                  <td>{x.status ? reviewMessages[r.lang].scales.status[x.status] : ''}</td>
                  <td>
                    <Long t={x.action} m={m} id={`rec-${x.position}-action`} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

function Reviews({ r, m }: { r: ReportModel; m: ReportMessages }) {
  const L = m.reviewLabels;
  // The words of the commitment's review page (i18n/review.ts): one list of labels for both.
  const rm = reviewMessages[r.lang];
  const S = rm.scales;
  return (
    <section aria-labelledby="annexes">
      <h2 id="annexes">{m.annexes}</h2>
      <h3>{m.reviewHeading}</h3>
      {r.reviews.map(({ review: v, ...x }, i) => (
        <section key={i} aria-label={`${m.commitmentCell(x.commitmentNumber, x.commitmentTitle.text)} — ${rm.reports[v.report]}`}>
          <h4>
            {m.commitmentCell(x.commitmentNumber, x.commitmentTitle.text)} — {rm.reports[v.report]}
            {v.reportYear ? ` ${v.reportYear}` : ''}
          </h4>
          <table class="review">
            <tbody>
              <tr>
                <th scope="row">{rm.specificity}</th>
                <td>{v.specificity ? S.specificity[v.specificity] : m.none}</td>
              </tr>
              <tr>
                <th scope="row">{rm.relevance}</th>
                <td>{v.values.length ? v.values.map((x) => S.values[x]).join(', ') : m.none}</td>
              </tr>
              <tr>
                <th scope="row">{rm.potentialImpact}</th>
                <td>{v.potentialImpact ? S.potentialImpact[v.potentialImpact] : m.none}</td>
              </tr>
              <tr>
                <th scope="row">{L.completion}</th>
                <td class={differs(v) ? 'differs' : undefined}>
                  {v.completion ? S.completion[v.completion] : m.none} ({rm.agreement(v.agreement)})
                </td>
              </tr>
              <tr>
                <th scope="row">{L.selfAssessed}</th>
                <td>
                  {v.self ? `${v.self.level ? levelLabel(v.self.level, r.lang) : m.none} (${roundName(v.self.round, r.lang)})` : rm.noSelf}
                </td>
              </tr>
              <tr>
                <th scope="row">{rm.diog}</th>
                <td>{v.diog.overall ? S.diog[v.diog.overall] : m.none}</td>
              </tr>
              <tr>
                <th scope="row">{rm.starred}</th>
                <td class={v.starred ? 'starred' : undefined}>{v.starred ? `★ ${m.yes}` : m.no}</td>
              </tr>
            </tbody>
          </table>
          {x.text && <h5>{rm.reviewerText}</h5>}
          <Long t={x.text} m={m} id={`review-${i}`} />
        </section>
      ))}
    </section>
  );
}

/** The IRM's completion is above or below the self-assessment it is set beside. */
const differs = (v: { agreement: { kind: string } }) => v.agreement.kind === 'higher' || v.agreement.kind === 'lower';
