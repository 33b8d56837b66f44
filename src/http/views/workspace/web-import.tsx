import type { FieldError, Values } from '../../../domain/input.js';
import { auditEntityWords } from '../../../i18n/audit-entities.js';
import { warningLine } from '../../../i18n/index.js';
import type { Lang } from '../../../i18n/lang.js';
import { webImportMessages } from '../../../i18n/web-import.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { MergeAgency, MergePreview } from '../../../services/workspace/agency-merge.js';
import { IMPORT_TOKEN_MINUTES, type ImportPreview } from '../../../services/workspace/web-import.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { Csrf, ErrorSummary, FileInput, Select, type FormState } from './form.js';

/** The browser import (upload → preview → confirm) and the agency merge (choose → confirmation → merge): issue 19. */

function Breadcrumb({ lang }: { lang: Lang }) {
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a>
    </p>
  );
}

function Notice({ text, link }: { text: string | null; link?: { href: string; text: string } }) {
  if (!text) return null;
  return (
    <p class="notice" role="status">
      {text} {link && <a href={link.href}>{link.text}</a>}
    </p>
  );
}

export interface ImportPageProps {
  ctx: PageContext;
  csrf: string;
  uploadMaxMb: number;
  /** An admin chooses the government; a coordinator's is fixed. */
  governments: { id: number; name: string }[] | null;
  ownGovernment: string | null;
  errors?: FieldError[];
  values?: Record<string, unknown>;
  done?: { planId: number; changes: number } | null;
}

export function ImportPage({ ctx, csrf, uploadMaxMb, governments, ownGovernment, errors = [], values = {}, done }: ImportPageProps) {
  const { lang } = ctx;
  const m = webImportMessages[lang].import;
  const form: FormState = { lang, csrf, values: values as Values, errors };
  return (
    <Layout ctx={ctx} title={m.title} failed={errors.length > 0}>
      <Breadcrumb lang={lang} />
      <h1>{m.title}</h1>
      <Notice
        text={done ? m.done(done.changes) : null}
        link={done ? { href: href(lang, `/planes/${done.planId}`), text: m.openPlan } : undefined}
      />
      <p class="lead">{m.intro}</p>
      <ErrorSummary form={form} />
      <form method="post" action={href(lang, '/espacio/importar')} encType="multipart/form-data" noValidate>
        <Csrf token={csrf} />
        <FileInput form={form} name="file" label={m.fileLabel} hint={m.fileHint(uploadMaxMb)} accept=".docx,.txt" />
        {governments ? (
          <Select
            form={form}
            name="government"
            label={m.governmentLabel}
            hint={m.governmentHint}
            blank={m.governmentFromReport}
            options={governments.map((g) => ({ value: String(g.id), label: g.name }))}
          />
        ) : (
          ownGovernment && <p>{m.yourGovernment(ownGovernment)}</p>
        )}
        <button type="submit">{m.submit}</button>
      </form>
      <p class="hint">{m.fast}</p>
    </Layout>
  );
}

export function ImportPreviewPage({
  ctx,
  csrf,
  preview,
  stale,
}: {
  ctx: PageContext;
  csrf: string;
  preview: ImportPreview;
  stale?: boolean;
}) {
  const { lang } = ctx;
  const m = webImportMessages[lang].import;
  const p = preview.plan;
  const words = auditEntityWords[lang];
  const entity = (e: string) => (Object.hasOwn(words, e) ? words[e]! : e);
  return (
    <Layout ctx={ctx} title={m.previewTitle}>
      <Breadcrumb lang={lang} />
      <h1>{m.previewTitle}</h1>
      {stale && (
        <p class="notice" role="status">
          {m.stale}
        </p>
      )}
      <p class="lead">{m.previewIntro(preview.fileName)}</p>

      <section aria-labelledby="plan">
        <h2 id="plan">{m.planHeading}</h2>
        <p>
          <strong>{p.created ? m.newPlan : m.existingPlan}</strong>
        </p>
        <dl class="facts">
          <dt>{m.labels.title}</dt>
          <dd lang={p.language}>{p.title}</dd>
          <dt>{m.labels.government}</dt>
          <dd>{p.government}</dd>
          <dt>{m.labels.period}</dt>
          <dd>{p.period ?? '—'}</dd>
          <dt>{m.labels.language}</dt>
          <dd>{m.languages[p.language] ?? p.language}</dd>
          <dt>{m.labels.status}</dt>
          <dd>{m.statuses[p.status] ?? p.status}</dd>
          <dt>{m.labels.approval}</dt>
          <dd>{[p.approvalInstrument, p.approvalDate].filter(Boolean).join(', ') || '—'}</dd>
        </dl>
      </section>

      <section aria-labelledby="counts">
        <h2 id="counts">{m.countsHeading}</h2>
        <dl class="facts">
          {(Object.keys(m.counts) as (keyof typeof m.counts)[]).map((k) => [
            <dt key={`t-${k}`}>{m.counts[k]}</dt>,
            <dd key={`d-${k}`}>{preview.counts[k]}</dd>,
          ])}
        </dl>
        <div class="table-scroll">
          <table class="data">
            <caption>{m.themesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.themeColumn}</th>
                <th scope="col">{m.commitmentsColumn}</th>
              </tr>
            </thead>
            <tbody>
              {preview.themes.map((t, i) => (
                <tr key={i}>
                  <th scope="row" lang={p.language}>
                    {t.title}
                  </th>
                  <td>{t.commitments}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="agencies">
        <h2 id="agencies">{m.agenciesHeading}</h2>
        <ul>
          {preview.agencies.map((a) => (
            <li key={a.name}>
              <span lang={p.language}>{a.name}</span>
              {a.acronym ? ` (${a.acronym})` : ''} — {a.created ? m.agencyNew : m.agencyKnown}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="changes">
        <h2 id="changes">{m.changesHeading}</h2>
        {preview.totalChanges === 0 ? (
          <p>{m.noChanges}</p>
        ) : (
          <>
            <p>{m.total(preview.totalChanges)}</p>
            <div class="table-scroll">
              <table class="data">
                <caption>{m.changesCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{m.changesColumns.entity}</th>
                    <th scope="col">{m.changesColumns.inserted}</th>
                    <th scope="col">{m.changesColumns.updated}</th>
                    <th scope="col">{m.changesColumns.deleted}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.changes.map((c) => (
                    <tr key={c.entity}>
                      <th scope="row">{entity(c.entity)}</th>
                      <td>{c.inserted}</td>
                      <td>{c.updated}</td>
                      <td>{c.deleted}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {preview.rowChanges.length > 0 && (
          <>
            <h3>{m.rowChangesHeading}</h3>
            <ul>
              {preview.rowChanges.map((r, i) => (
                <li key={i}>{m.rowChange(entity(r.entity), r.id, r.commitment, r.fields, r.action === 'delete')}</li>
              ))}
            </ul>
          </>
        )}
        {preview.keptCommitments.length > 0 && <p>{m.kept(preview.keptCommitments.join(', '))}</p>}
      </section>

      <section aria-labelledby="warnings">
        <h2 id="warnings">{m.warningsHeading(preview.warnings.length)}</h2>
        {preview.warnings.length === 0 ? (
          <p>{m.noWarnings}</p>
        ) : (
          <>
            <p>{m.warningsIntro}</p>
            <ul class="warnings">
              {preview.warnings.map((w, i) => (
                <li key={i}>{warningLine(w, lang)}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <form method="post" action={href(lang, '/espacio/importar/confirmar')}>
        <Csrf token={csrf} />
        <input type="hidden" name="token" value={preview.confirm.token} />
        <input type="hidden" name="sha256" value={preview.confirm.sha256} />
        <input type="hidden" name="fileName" value={preview.confirm.fileName} />
        <input type="hidden" name="expiresAt" value={preview.confirm.expiresAt} />
        <input type="hidden" name="digest" value={preview.confirm.digest} />
        {preview.confirm.government !== null && <input type="hidden" name="government" value={String(preview.confirm.government)} />}
        <p class="hint">{m.confirmHint(IMPORT_TOKEN_MINUTES)}</p>
        <button type="submit">{m.confirm}</button> <a href={href(lang, '/espacio/importar')}>{m.cancel}</a>
      </form>
    </Layout>
  );
}

export interface MergePageProps {
  ctx: PageContext;
  csrf: string;
  choices: (MergeAgency & { government: string | null })[];
  values: Record<string, unknown>;
  errors: FieldError[];
  preview: MergePreview | null;
  done: string | null;
}

export function MergePage({ ctx, csrf, choices, values, errors, preview, done }: MergePageProps) {
  const { lang } = ctx;
  const m = webImportMessages[lang].merge;
  // The fields named as labelled: a choice left blank is refused naming it.
  const form: FormState = { lang, csrf, values: values as Values, errors, labels: { merged: m.mergedLabel, kept: m.keptLabel } };
  const label = (a: MergeAgency & { government: string | null }) =>
    `${a.name}${a.acronym ? ` (${a.acronym})` : ''}${a.government ? ` — ${a.government}` : ''}`;
  const options = choices.map((a) => ({ value: String(a.id), label: label(a) }));
  return (
    <Layout ctx={ctx} title={preview ? m.confirmTitle(preview.merged.name, preview.kept.name) : m.title} failed={errors.length > 0}>
      <Breadcrumb lang={lang} />
      <h1>{preview ? m.confirmTitle(preview.merged.name, preview.kept.name) : m.title}</h1>
      <Notice text={done ? m.done(done) : null} />
      <ErrorSummary form={form} />
      {preview ? (
        <>
          <h2>{m.moves}</h2>
          <div class="table-scroll">
            <table class="data">
              <caption>{m.movesCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.tableColumn}</th>
                  <th scope="col">{m.countColumn}</th>
                </tr>
              </thead>
              <tbody>
                {preview.moves.map((x) => (
                  <tr key={x.table}>
                    <th scope="row">{m.tables[x.table] ?? x.table}</th>
                    <td>{x.rows}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.translations > 0 && <p>{m.translations(preview.translations)}</p>}
          {preview.duplicateCoLeads > 0 && <p>{m.duplicateCoLeads(preview.duplicateCoLeads)}</p>}
          {preview.commitments.length > 0 && (
            <>
              <h3>{m.commitmentsHeading}</h3>
              <ul>
                {preview.commitments.map((c, i) => (
                  <li key={i}>
                    <a href={href(lang, `/compromisos/${c.id}`)}>
                      {c.number}. {c.title}
                    </a>{' '}
                    — {c.planTitle} ({c.current ? m.current : m.past}: «{c.asWritten}»)
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{m.editorsHeading}</h3>
          {preview.editors.length === 0 ? (
            <p>{m.noEditors}</p>
          ) : (
            <ul>
              {preview.editors.map((u) => (
                <li key={u.id}>
                  {u.name} ({u.email})
                </li>
              ))}
            </ul>
          )}
          <form method="post" action={href(lang, '/espacio/entidades/fusionar')}>
            <Csrf token={csrf} />
            <input type="hidden" name="merged" value={String(preview.merged.id)} />
            <input type="hidden" name="kept" value={String(preview.kept.id)} />
            <button type="submit">{m.confirm}</button> <a href={href(lang, '/espacio/entidades/fusionar')}>{m.cancel}</a>
          </form>
        </>
      ) : (
        <>
          <p class="lead">{m.intro}</p>
          {choices.length < 2 ? (
            <p>{m.noAgencies}</p>
          ) : (
            <form method="get" action={href(lang, '/espacio/entidades/fusionar')}>
              {/* Nothing chosen at first: a careless submit is refused, not a merge of the first agency into itself. */}
              <Select form={form} name="merged" label={m.mergedLabel} options={options} blank={m.choose} />
              <Select form={form} name="kept" label={m.keptLabel} options={options} blank={m.choose} />
              <button type="submit">{m.show}</button>
            </form>
          )}
        </>
      )}
    </Layout>
  );
}
