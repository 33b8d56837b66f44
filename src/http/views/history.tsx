import { Fragment } from 'preact';
import { levelLabel } from '../../domain/levels.js';
import { commitmentMessages } from '../../i18n/commitments.js';
import { historyMessages } from '../../i18n/history.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import { formatNumber, messages, type Lang } from '../../i18n/index.js';
import { markdownToText } from '../../lib/markdown-text.js';
import type {
  CommitmentHistory,
  FieldChange,
  HistoryField,
  HistoryOperation,
  HistoryRecord,
  HistoryValue,
  RecordChange,
} from '../../services/history.js';
import { InLang, Markdown, roundName } from './components.js';
import { formatDate, href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/**
 * A commitment's public history: one section per operation (an import, a save), newest first, with a
 * table of the fields that changed, before and after. Headings go h1 → h2 (operation); each table has
 * a caption and row headers; long texts show an excerpt and the full text in a <details>.
 */

/** Every public field's name in the page's language: the ficha's own names where they match. */
const FIELD_LABELS: Record<HistoryField, (lang: Lang) => string> = {
  'commitments.number': (l) => historyMessages[l].fields.number,
  'commitments.title': (l) => historyMessages[l].fields.title,
  'commitments.theme_id': (l) => historyMessages[l].fields.theme,
  'commitments.problem': (l) => messages(l).fields.problem,
  'commitments.objective': (l) => messages(l).fields.objective,
  'commitments.description': (l) => messages(l).fields.description,
  'commitments.relevance': (l) => messages(l).fields.relevance,
  'commitments.ambition': (l) => messages(l).fields.ambition,
  'commitments.additional_info': (l) => messages(l).fields.additionalInfo,
  'commitments.other_actors_government': (l) => messages(l).fields.otherActorsGovernment,
  'commitments.other_actors_civil_society': (l) => messages(l).fields.otherActorsCivilSociety,
  'commitments.other_fields': (l) => historyMessages[l].fields.otherFields,
  'commitments.planned_start': (l) => messages(l).fields.startDate,
  'commitments.planned_end': (l) => messages(l).fields.endDate,
  'commitment_agencies.as_written': (l) => messages(l).fields.leadAgency,
  'commitment_agencies.detail': (l) => historyMessages[l].fields.unit,
  'commitment_agencies.valid_from': (l) => historyMessages[l].fields.validFrom,
  'commitment_agencies.valid_to': (l) => historyMessages[l].fields.validTo,
  'commitment_contacts.name': (l) => messages(l).fields.contactName,
  'commitment_contacts.position': (l) => messages(l).fields.contactPosition,
  'commitment_contacts.email': (l) => messages(l).fields.contactEmail,
  'commitment_contacts.phone': (l) => messages(l).fields.contactPhone,
  'commitment_contacts.valid_from': (l) => historyMessages[l].fields.validFrom,
  'commitment_contacts.valid_to': (l) => historyMessages[l].fields.validTo,
  'activities.number': (l) => historyMessages[l].fields.number,
  'activities.title': (l) => historyMessages[l].fields.title,
  'activities.details': (l) => historyMessages[l].fields.details,
  'activities.deliverable': (l) => historyMessages[l].fields.deliverable,
  'activities.planned_start': (l) => historyMessages[l].fields.plannedStart,
  'activities.planned_end': (l) => historyMessages[l].fields.plannedEnd,
  'activities.weight': (l) => historyMessages[l].fields.weight,
  'activities.status': (l) => historyMessages[l].fields.status,
  'activities.responsible_agency_id': (l) => commitmentMessages[l].responsible,
  'activities.actual_end': (l) => commitmentMessages[l].labels.actualEnd!,
  'activities.percent_done': (l) => commitmentMessages[l].labels.percentDone!,
  'activities.cancellation_reason': (l) => commitmentMessages[l].labels.cancellationReason!,
  'commitment_co_leads.agency_id': (l) => commitmentMessages[l].coLeads,
  'commitment_co_leads.valid_from': (l) => historyMessages[l].fields.validFrom,
  'commitment_co_leads.valid_to': (l) => historyMessages[l].fields.validTo,
  'commitment_modifications.field': (l) => commitmentMessages[l].modifiedField,
  'commitment_modifications.reason': (l) => commitmentMessages[l].reason,
  'commitment_modifications.modified_on': (l) => commitmentMessages[l].labels.modificationDate!,
  'evidence.kind': (l) => historyMessages[l].fields.evidenceKind,
  'evidence.url': (l) => historyMessages[l].fields.url,
  'evidence.description': (l) => historyMessages[l].fields.description,
  'evidence.activity_id': (l) => historyMessages[l].fields.activity,
  'sources.text': (l) => historyMessages[l].fields.sourceText,
  'sources.doc_number': (l) => historyMessages[l].fields.docNumber,
  'sources.issuing_agency': (l) => historyMessages[l].fields.issuingAgency,
  'sources.document_date': (l) => historyMessages[l].fields.documentDate,
  'sources.activity_id': (l) => historyMessages[l].fields.activity,
  'assessments.level': (l) => messages(l).fields.completion,
  'assessments.results': (l) => messages(l).fields.results,
  'assessments.additional_info': (l) => messages(l).fields.additionalInfo,
  'assessments.reasons': (l) => historyMessages[l].fields.reasons,
  'assessments.next_steps': (l) => messages(l).fields.nextSteps,
  'indicators.name': (l) => indicatorMessages[l].labels.indicatorName!,
  'indicators.unit': (l) => indicatorMessages[l].labels.unit!,
  'indicators.direction': (l) => indicatorMessages[l].labels.direction!,
  'indicators.baseline_value': (l) => indicatorMessages[l].labels.baselineValue!,
  'indicators.baseline_date': (l) => indicatorMessages[l].labels.baselineDate!,
  'indicators.target_value': (l) => indicatorMessages[l].labels.targetValue!,
  'indicators.target_date': (l) => indicatorMessages[l].labels.targetDate!,
  'indicators.frequency': (l) => indicatorMessages[l].labels.frequency!,
  'indicators.means_of_verification': (l) => indicatorMessages[l].labels.meansOfVerification!,
  'indicators.activity_id': (l) => historyMessages[l].fields.activity,
  'indicator_measurements.value': (l) => indicatorMessages[l].labels.measuredValue!,
  'indicator_measurements.date': (l) => indicatorMessages[l].labels.measuredOn!,
  'indicator_measurements.source': (l) => indicatorMessages[l].labels.measurementSource!,
  'indicator_measurements.note': (l) => indicatorMessages[l].labels.measurementNote!,
};

// Made once per language: building an Intl formatter costs far more than using one.
const TIME = {
  es: new Intl.DateTimeFormat('es', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }),
};

/** "27 de noviembre de 2026, 12:00 UTC": the audit log's times are UTC, and say so. */
function when(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(iso, lang)}, ${historyMessages[lang].page.utc({ time: TIME[lang].format(d) })}`;
}

/** Texts longer than this (as read, without Markdown) show an excerpt and a <details> with the whole. */
const LONG_TEXT = 200;
const EXCERPT = 160;

function excerpt(text: string): string {
  if (text.length <= EXCERPT) return text;
  const cut = text.slice(0, EXCERPT);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function HistoryPage({ ctx, h }: { ctx: PageContext; h: CommitmentHistory }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  const t = historyMessages[lang].page;
  const c = h.commitment;
  const commitmentPath = `/compromisos/${c.id}`;
  const pageHref = (n: number) => `${href(lang, `${commitmentPath}/historial`)}${n > 1 ? `?pagina=${n}` : ''}`;
  return (
    <Layout ctx={ctx} title={t.title({ number: c.number, title: c.title })} description={t.description({ number: c.number })}>
      <p class="breadcrumb">
        <a href={href(lang, '/')}>{w.navHome}</a> › <a href={href(lang, `/planes/${c.plan.id}`)}>{c.plan.title}</a> ›{' '}
        <a href={href(lang, commitmentPath)}>
          {w.commitment} {c.number}
        </a>
      </p>
      <h1>
        {t.heading({ number: c.number })}: <InLang text={c.title} textLang={c.lang} lang={lang} />
      </h1>
      <p class="lead">{t.intro}</p>
      {h.operations.length === 0 && <p>{t.none}</p>}
      {h.operations.map((op) => (
        <Operation key={op.id} op={op} lang={lang} />
      ))}
      {h.pageCount > 1 && (
        <nav class="pager" aria-label={t.pages}>
          {h.page > 1 && (
            <a href={pageHref(h.page - 1)} rel="prev">
              {t.newer}
            </a>
          )}
          <span>{t.pageOf({ page: h.page, count: h.pageCount })}</span>
          {h.page < h.pageCount && (
            <a href={pageHref(h.page + 1)} rel="next">
              {t.older}
            </a>
          )}
        </nav>
      )}
      <p class="downloads">
        <a href={href(lang, commitmentPath)}>{t.backToCommitment}</a> · <a href={`${href(lang, commitmentPath)}/cambios.atom`}>{t.feed}</a>
      </p>
    </Layout>
  );
}

function Operation({ op, lang }: { op: HistoryOperation; lang: Lang }) {
  const t = historyMessages[lang].page;
  const date = when(op.at, lang);
  const headingId = `cambio-${op.id}`;
  return (
    <section aria-labelledby={headingId} class="history-operation">
      <h2 id={headingId}>
        <time dateTime={op.at}>{date}</time> · {t.sources[op.source]}
      </h2>
      <div class="table-scroll">
        <table class="data history-changes">
          <caption>{t.caption({ when: date })}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columnField}</th>
              <th scope="col">{t.columnBefore}</th>
              <th scope="col">{t.columnAfter}</th>
            </tr>
          </thead>
          {op.changes.map((ch) => (
            <Change key={ch.id} ch={ch} lang={lang} />
          ))}
        </table>
      </div>
    </section>
  );
}

function Change({ ch, lang }: { ch: RecordChange; lang: Lang }) {
  const t = historyMessages[lang].page;
  return (
    <tbody>
      <tr>
        <th scope="rowgroup" colSpan={3} class="history-record">
          {t.actions[ch.action]({ record: recordName(ch.record, lang) })}
        </th>
      </tr>
      {ch.fields.map((f) => (
        <FieldRow key={f.field} f={f} entryId={ch.id} lang={lang} />
      ))}
    </tbody>
  );
}

function FieldRow({ f, entryId, lang }: { f: FieldChange; entryId: number; lang: Lang }) {
  const id = `h${entryId}-${f.field.replace(/[^a-z_]/g, '-')}`;
  return (
    <tr>
      <th scope="row">{FIELD_LABELS[f.field](lang)}</th>
      <td>
        <Value v={f.before} lang={lang} id={`${id}-b`} />
      </td>
      <td>
        <Value v={f.after} lang={lang} id={`${id}-a`} />
      </td>
    </tr>
  );
}

function recordName(r: HistoryRecord, lang: Lang): string {
  const t = historyMessages[lang].page.records;
  switch (r.entity) {
    case 'commitments':
    case 'commitment_agencies':
    case 'commitment_contacts':
      return t[r.entity];
    case 'commitment_co_leads':
    case 'commitment_modifications':
      return commitmentMessages[lang].records[r.entity];
    case 'activities':
      return t.activity({ number: r.number });
    case 'evidence':
    case 'sources':
      return t[r.entity]({ name: r.name ? excerpt(markdownToText(r.name) || r.name).slice(0, 90) : null });
    case 'assessments':
      return t.assessment({ round: r.round ? roundName(r.round, lang) : null });
    case 'indicators':
      return t.indicator({ name: r.name });
    case 'indicator_measurements':
      return t.measurement({ name: r.name });
  }
}

function Value({ v, lang, id }: { v: HistoryValue | null; lang: Lang; id: string }) {
  const t = historyMessages[lang].page;
  if (v === null) return <span class="muted">{t.empty}</span>;
  switch (v.kind) {
    case 'plain':
      return <LongText plain={v.text} lang={lang} />;
    case 'markdown':
      return <LongText plain={markdownToText(v.text)} markdown={v.text} id={id} lang={lang} />;
    case 'date':
      return <>{formatDate(v.date, lang) || v.date}</>;
    case 'number':
      return <>{formatNumber(v.value, lang, 2)}</>;
    case 'level':
      return <>{levelLabel(v.level, lang)}</>;
    case 'activityStatus':
      return <>{historyMessages[lang].activityStatuses[v.status]}</>;
    case 'evidenceKind':
      return <>{historyMessages[lang].evidenceKinds[v.evidenceKind]}</>;
    case 'indicatorWord':
      return <>{indicatorMessages[lang].directions[v.word] ?? indicatorMessages[lang].frequencies[v.word] ?? v.word}</>;
    case 'theme':
    case 'agency':
      return (v.kind === 'theme' ? v.title : v.name) ? <>{v.kind === 'theme' ? v.title : v.name}</> : <span class="muted">{t.empty}</span>;
    case 'activity':
      return <>{v.number === null ? t.commitmentItself : t.activityNumber({ number: v.number })}</>;
    case 'templateField':
      return <>{workspaceMessages[lang].labels[v.field] ?? v.field}</>;
    case 'otherFields':
      return <LongText plain={v.fields.map((x) => `${x.label}: ${x.value}`).join('\n')} lang={lang} />;
  }
}

/**
 * A short text as it is; a long one as an excerpt, with the whole text (rendered from its Markdown,
 * raw HTML off, when it has some) in a <details> that works without JavaScript.
 */
function LongText({ plain, markdown, id, lang }: { plain: string; markdown?: string; id?: string; lang: Lang }) {
  if (plain.length <= LONG_TEXT) return <Lines text={plain} />;
  return (
    <>
      <p class="history-excerpt">{excerpt(plain)}</p>
      <details class="history">
        <summary>{historyMessages[lang].page.fullText}</summary>
        {markdown && id ? (
          <Markdown text={markdown} id={id} />
        ) : (
          <p>
            <Lines text={plain} />
          </p>
        )}
      </details>
    </>
  );
}

/** Line breaks kept without a stylesheet rule (the CSP allows no inline styles). */
function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          {line}
        </Fragment>
      ))}
    </>
  );
}
