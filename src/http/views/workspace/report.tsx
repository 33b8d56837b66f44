import type { FieldError, Values } from '../../../domain/input.js';
import { LEVELS, levelLabel } from '../../../domain/levels.js';
import type { Share } from '../../../domain/narrative-figures.js';
import { percentOf } from '../../../domain/summary.js';
import { formatNumber } from '../../../i18n/index.js';
import type { Lang } from '../../../i18n/lang.js';
import { roundName } from '../../../i18n/format.js';
import { reportMessages } from '../../../i18n/report.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { RoundInfo } from '../../../domain/types.js';
import type { FigureCheck, FigurePlace } from '../../../services/report-figures.js';
import type { EditableSection } from '../../../services/workspace/sections.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { ConflictSummary, Csrf, ErrorSummary, Select, TextArea, TextInput } from './form.js';

/**
 * A plan's report in the workspace: the download (format, language, round) and the narrative
 * sections, one form each (title and text in the plan's language, the translation), saved against the version read.
 */
export interface ReportWorkspaceProps {
  ctx: PageContext;
  csrf: string;
  plan: { id: number; title: string; lang: string };
  rounds: RoundInfo[];
  sections: EditableSection[];
  /** The figures the texts quote against the tables of the latest round; null while the plan has no round. */
  figures: FigureCheck | null;
  flash: string | null;
  /** The form that failed, its errors and values as typed; or a conflict on it. */
  failed: { key: string; errors: FieldError[]; values: Values } | null;
  conflict: { key: string; theirs: Values; mine: Values; version: number } | null;
}

export function ReportWorkspacePage({ ctx, csrf, plan, rounds, sections, figures, flash, failed, conflict }: ReportWorkspaceProps) {
  const { lang } = ctx;
  const m = reportMessages(lang);
  const w = workspaceMessages[lang];
  const title = `${m.documentTitle}: ${plan.title}`;
  // The plan's own language first, then the translation (an OGP-imported plan is in English).
  const labels = m.sections.labels(plan.lang === 'en' ? 'en' : 'es');
  const latest = [...rounds].reverse().find((r) => r.published) ?? rounds.at(-1);
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{w.title}</a> › {plan.title}
      </p>
      <h1>{title}</h1>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      {figures && <Figures check={figures} lang={lang} />}
      <section aria-labelledby="download-heading">
        <h2 id="download-heading">{m.download}</h2>
        {rounds.length === 0 ? (
          <p>{m.cli.noRound}</p>
        ) : (
          <form method="get" action={href(lang, `/espacio/planes/${plan.id}/informe/descarga`)}>
            <Select
              form={{ lang, csrf, values: { ronda: latest ? String(latest.id) : '' }, errors: [], prefix: 'download' }}
              name="ronda"
              label={m.roundLabel}
              options={rounds.map((r) => ({ value: String(r.id), label: roundName(r, lang) }))}
            />
            <Select
              form={{ lang, csrf, values: { formato: 'docx' }, errors: [], prefix: 'download' }}
              name="formato"
              label={m.formatLabel}
              options={[
                { value: 'docx', label: 'Word (DOCX)' },
                { value: 'pdf', label: 'PDF' },
                { value: 'html', label: 'HTML' },
              ]}
            />
            <Select
              form={{ lang, csrf, values: { idioma: lang }, errors: [], prefix: 'download' }}
              name="idioma"
              label={m.langLabel}
              options={[
                { value: 'es', label: 'Español' },
                { value: 'en', label: 'English' },
              ]}
            />
            <button type="submit">{m.downloadButton}</button>
          </form>
        )}
      </section>
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">{m.sections.heading}</h2>
        <p>{m.sections.intro}</p>
        {sections.map((s) => {
          const isFailed = failed?.key === s.key;
          const isConflict = conflict?.key === s.key;
          const values = isFailed ? failed!.values : isConflict ? conflict!.mine : s.values;
          const form = { lang, csrf, values, errors: isFailed ? failed!.errors : [], prefix: s.key };
          const version = isConflict ? conflict!.version : s.version;
          return (
            <form
              key={s.key}
              method="post"
              action={href(lang, `/espacio/planes/${plan.id}/informe/secciones/${s.key}`)}
              aria-labelledby={`section-${s.key}`}
              class="section-form"
            >
              <h3 id={`section-${s.key}`}>{m.sectionTitles[s.key]}</h3>
              <Csrf token={csrf} />
              <input type="hidden" name="version" value={String(version)} />
              {isConflict && <ConflictSummary lang={lang} conflict={conflict!} />}
              <ErrorSummary form={form} />
              <TextInput form={form} name="sectionTitle" label={labels.sectionTitle} />
              <TextArea form={form} name="sectionBody" rows={10} label={labels.sectionBody} />
              <TextInput form={form} name="sectionTitleEn" label={labels.sectionTitleEn} />
              <TextArea form={form} name="sectionBodyEn" rows={6} label={labels.sectionBodyEn} />
              <button type="submit">{m.sections.save}</button>
            </form>
          );
        })}
      </section>
    </Layout>
  );
}

/**
 * Before the report goes out: each sentence whose figure the computed tables do not give, where it is, what
 * it says and what the table says — with a link to the section's form below.
 */
function Figures({ check, lang }: { check: FigureCheck; lang: Lang }) {
  const m = reportMessages(lang);
  const f = m.figures;
  const round = roundName(check.round, lang);
  const place = (p: FigurePlace) =>
    (p.kind === 'section' ? f.section(p.title) : f.theme(p.number, p.title, p.part)) + (p.translation ? ` (${f.translation(p.lang)})` : '');
  const what = (s: Share) =>
    'level' in s.of
      ? levelLabel(s.of.level, lang)
      : 'from' in s.of
        ? new Intl.ListFormat(lang, { type: 'disjunction' }).format(LEVELS.slice(LEVELS.indexOf(s.of.from)).map((l) => levelLabel(l, lang)))
        : m.unassessed;
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">{f.heading}</h2>
      {check.mismatches.length === 0 ? (
        <p>{f.agree(round)}</p>
      ) : (
        <>
          <p>{f.intro(round, check.mismatches.length)}</p>
          <ul class="warnings figure-mismatches">
            {check.mismatches.map((x, i) => (
              <li key={i}>
                <strong>{place(x.ref)}</strong>: <q lang={x.ref.lang === lang ? undefined : x.ref.lang}>{x.sentence}</q> {f.says(x.written)}
                ;{' '}
                {x.kind === 'share'
                  ? f.share(
                      f.percent(formatNumber(percentOf(x.nearest.part, x.nearest.whole), lang)),
                      what(x.nearest),
                      x.nearest.part,
                      x.nearest.whole,
                      x.nearest.theme === null ? null : (check.themes[x.nearest.theme] ?? null),
                    )
                  : f.total(x.total)}
                .
                {x.ref.kind === 'section' && (
                  <>
                    {' '}
                    <a href={`#section-${x.ref.key}`}>{f.edit}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
