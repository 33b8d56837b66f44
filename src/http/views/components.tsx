import { LEVELS, levelLabel, type Level } from '../../domain/levels.js';
import { percentOf, type Summary } from '../../domain/summary.js';
import { formatNumber, messages, type Lang } from '../../i18n/index.js';
import { formatDate, formatFileSize, href } from './format.js';
import { renderMarkdown } from '../../lib/markdown-html.js';

/** Pieces several pages share. */

export function LevelBadge({ level, lang }: { level: Level | null; lang: Lang }) {
  const m = messages(lang).web;
  return <span class={`level level-${level ?? 'none'}`}>{level ? levelLabel(level, lang) : m.noLevel}</span>;
}

export { roundName } from '../../i18n/format.js';

/** A long text; `textLang` marks its language (a Spanish ficha on an English page is read with a Spanish voice). */
export function Markdown({ text, id, textLang }: { text: string | null; id: string; textLang?: string }) {
  if (!text) return null;
  return <div class="prose" lang={textLang} dangerouslySetInnerHTML={{ __html: renderMarkdown(text, id) }} />;
}

/** A text written in another language than the page's is marked, so screen readers pronounce it right. */
export function InLang({ text, textLang, lang }: { text: string; textLang: string; lang: Lang }) {
  return textLang === lang ? <>{text}</> : <span lang={textLang}>{text}</span>;
}

export function ExternalLink({ url, children, lang }: { url: string; children?: preact.ComponentChildren; lang: Lang }) {
  return (
    <a href={url} class="external" rel="external noopener noreferrer">
      {children ?? url}
      <span class="visually-hidden"> {messages(lang).web.externalLink}</span>
    </a>
  );
}

/** The theme × level table exactly as `vigia summary` computes it. */
export function SummaryTable({
  summary,
  lang,
  caption,
  themeHref,
}: {
  summary: Summary;
  lang: Lang;
  caption: string;
  themeHref: (id: number) => string;
}) {
  const m = messages(lang).web;
  const showUnassessed = summary.total.unassessed > 0;
  return (
    <div class="table-scroll">
      <table class="summary" id="summary-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.themeColumn}</th>
            {LEVELS.map((l) => (
              <th scope="col" key={l}>
                {levelLabel(l, lang)}
              </th>
            ))}
            {showUnassessed && <th scope="col">{m.noLevel}</th>}
            <th scope="col">{m.totalRow}</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <tr key={r.themeId}>
              <th scope="row">
                <a href={themeHref(r.themeId)}>{r.theme}</a>
              </th>
              {LEVELS.map((l) => (
                <td key={l}>{r.counts[l]}</td>
              ))}
              {showUnassessed && <td>{r.unassessed}</td>}
              <td>{r.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{m.totalRow}</th>
            {LEVELS.map((l) => (
              <td key={l}>{summary.total.counts[l]}</td>
            ))}
            {showUnassessed && <td>{summary.total.unassessed}</td>}
            <td>{summary.total.total}</td>
          </tr>
          <tr>
            <th scope="row">%</th>
            {LEVELS.map((l) => (
              <td key={l}>{formatNumber(summary.percentages[l], lang)}</td>
            ))}
            {showUnassessed && <td>{formatNumber(percentOf(summary.total.unassessed, summary.total.total), lang)}</td>}
            <td>{summary.total.total > 0 ? '100' : '0'}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export interface CommitmentRow {
  id: number;
  number: number;
  title: string;
  level: Level | null;
  plan?: { id: number; title: string } | null;
  leadAgency?: { id: number; name: string; acronym: string | null } | null;
}

/**
 * Commitments with their number, title and level — and their plan when they come from several, their
 * lead agency when asked. Titles are in `textLang` (the plan's language), marked when it is not the page's.
 */
export function CommitmentTable({
  lang,
  caption,
  rows,
  textLang = 'es',
  withAgency = false,
}: {
  lang: Lang;
  caption: string;
  rows: CommitmentRow[];
  textLang?: string;
  withAgency?: boolean;
}) {
  const w = messages(lang).web;
  const withPlan = rows.some((r) => r.plan);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {withPlan && <th scope="col">{w.plan}</th>}
            <th scope="col">{w.number}</th>
            <th scope="col">{w.commitment}</th>
            {withAgency && <th scope="col">{w.leadAgency}</th>}
            <th scope="col">{w.level}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              {withPlan && (
                <td>
                  {c.plan && (
                    <a href={href(lang, `/planes/${c.plan.id}`)}>
                      <InLang text={c.plan.title} textLang={textLang} lang={lang} />
                    </a>
                  )}
                </td>
              )}
              <td>{c.number}</td>
              <th scope="row">
                <a href={href(lang, `/compromisos/${c.id}`)}>
                  <InLang text={c.title} textLang={textLang} lang={lang} />
                </a>
              </th>
              {withAgency && (
                <td>
                  {c.leadAgency ? (
                    <a href={href(lang, `/entidades/${c.leadAgency.id}`)}>
                      <InLang text={c.leadAgency.acronym ?? c.leadAgency.name} textLang={textLang} lang={lang} />
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              )}
              <td>
                <LevelBadge level={c.level} lang={lang} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The honeypot of a public form (services/abuse.ts): a field people never see nor hear (hidden, and out
 * of the tab order), which naive robots fill in; a form that comes back with it filled is answered as if
 * accepted and nothing is kept.
 */
export function Honeypot({ id, label }: { id: string; label: string }) {
  return (
    <div class="visually-hidden" aria-hidden="true">
      <label for={id}>{label}</label>
      <input id={id} name="website" type="text" tabIndex={-1} autocomplete="off" value="" />
    </div>
  );
}

/** One evidence item as the public page and the review panel show it: a file to download, a link, or a document named (with its date). */
export function EvidenceLine({
  e,
  lang,
}: {
  e: { id: number; url: string | null; file: { name: string; size: number } | null; description: string | null; date?: string | null };
  lang: Lang;
}) {
  if (e.file)
    return (
      <>
        <a href={`/evidencias/${e.id}/archivo`} download={e.file.name}>
          {messages(lang).web.fileLink(e.file.name, formatFileSize(e.file.size, lang))}
        </a>
        {e.description && <> — {e.description}</>}
      </>
    );
  if (e.url)
    return (
      <ExternalLink url={e.url} lang={lang}>
        {e.description ?? e.url}
      </ExternalLink>
    );
  return (
    <>
      {e.description}
      {e.date && <span class="muted"> ({formatDate(e.date, lang)})</span>}
    </>
  );
}
