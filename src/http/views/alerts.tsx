import type { FieldError, Values } from '../../domain/input.js';
import { alertMessages } from '../../i18n/alerts.js';
import type { Lang } from '../../i18n/lang.js';
import type { AlertLog, AlertView } from '../../services/alerts.js';
import { ExternalLink, Honeypot } from './components.js';
import { formatDate, formatFileSize, href } from './format.js';
import { Layout, type PageContext } from './layout.js';
import { Csrf, ErrorSummary, FileInput, Select, TextArea, TextInput, type FormState } from './workspace/form.js';
import { workspaceMessages } from '../../i18n/workspace.js';

/**
 * Civil-society alerts on the public site: the plan's alert log with the shares answered within the
 * deadline (per plan and per agency), a commitment's alerts on its page, and the form to raise one.
 * What a person wrote is shown as plain text (preact escapes it; line breaks kept by CSS), never as HTML.
 */

/** What became of an alert, in words: answered within or after its deadline, open, or open past it. */
export function alertStatusText(a: AlertView, lang: Lang): string {
  const m = alertMessages[lang];
  if (a.status === 'answered') return a.answeredWithin ? m.within : m.late;
  return a.overdue ? m.overdue : m.statuses.open!;
}

function AlertItem({ a, lang, withCommitment }: { a: AlertView; lang: Lang; withCommitment: boolean }) {
  const m = alertMessages[lang];
  return (
    <li class="alert-item" id={`alerta-${a.id}`}>
      <p class="meta">
        <strong>
          N° {a.id} · {m.categories[a.category as keyof typeof m.categories] ?? a.category}
        </strong>{' '}
        · <span class={`alert-status alert-${a.status}${a.overdue ? ' alert-overdue' : ''}`}>{alertStatusText(a, lang)}</span>
      </p>
      {withCommitment && (
        <p>
          <a href={href(lang, `/compromisos/${a.commitmentId}`)}>
            {m.colCommitment} {a.commitmentNumber}. {a.commitmentTitle}
          </a>
        </p>
      )}
      {a.activityNumber !== null && <p class="muted">{m.activity(a.activityNumber, a.activityTitle ?? '')}</p>}
      <p class="plain-text">{a.text}</p>
      {a.evidenceUrl && (
        <p>
          {m.evidence}: <ExternalLink url={a.evidenceUrl} lang={lang} />
        </p>
      )}
      {a.evidenceFile && (
        <p>
          <a href={`/alertas/${a.id}/archivo`} download>
            {m.evidenceFileLink(a.evidenceFile.name)}
          </a>{' '}
          <span class="muted">({formatFileSize(a.evidenceFile.size, lang)})</span>
        </p>
      )}
      <p class="muted">
        {m.raisedBy(a.raisedBy, formatDate(a.raisedOn, lang))} · {m.deadline(formatDate(a.deadline, lang))}
      </p>
      {a.status === 'answered' ? (
        <div class="alert-answer">
          <p class="plain-text">{a.answer}</p>
          <p class="muted">{m.answeredBy(a.answeredBy ?? '', formatDate(a.answeredOn, lang))}</p>
        </div>
      ) : (
        <p class="muted">{m.noAnswer}</p>
      )}
    </li>
  );
}

export function AlertLogPage({ ctx, log, flash = null }: { ctx: PageContext; log: AlertLog; flash?: string | null }) {
  const { lang } = ctx;
  const m = alertMessages[lang];
  return (
    <Layout ctx={ctx} title={`${m.logTitle} · ${log.plan.title}`} description={m.sharePlan(log.share.within, log.share.total)}>
      <p class="breadcrumb">
        <a href={href(lang, `/planes/${log.plan.id}`)}>{log.plan.title}</a>
      </p>
      <h1>{m.logTitle}</h1>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <p class="lead">{m.logIntro(log.workingDays)}</p>
      <h2>{m.shareHeading}</h2>
      <p id="alert-share">{m.sharePlan(log.share.within, log.share.total)}</p>
      {log.byAgency.length > 0 && (
        <table>
          <caption>{m.agencyCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colAgency}</th>
              <th scope="col">{m.colWithin}</th>
            </tr>
          </thead>
          <tbody>
            {log.byAgency.map((a) => (
              <tr key={String(a.agencyId)}>
                <th scope="row">{a.agencyName ?? m.noAgency}</th>
                <td>{m.share(a.within, a.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{m.alertsCaption}</h2>
      {log.alerts.length === 0 ? (
        <p>{m.noAlerts}</p>
      ) : (
        <ul class="alert-list">
          {log.alerts.map((a) => (
            <AlertItem key={a.id} a={a} lang={lang} withCommitment />
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The section of a commitment's page: its alerts, its share, and the way to raise one. */
export function CommitmentAlerts({
  lang,
  commitmentId,
  alerts,
  share,
}: {
  lang: Lang;
  commitmentId: number;
  alerts: AlertView[];
  share: { within: number; total: number };
}) {
  const m = alertMessages[lang];
  return (
    <section aria-labelledby="alertas">
      <h2 id="alertas">{m.commitmentHeading}</h2>
      {alerts.length === 0 ? <p>{m.noAlerts}</p> : <p>{m.commitmentShare(share.within, share.total)}</p>}
      {alerts.length > 0 && (
        <ul class="alert-list">
          {alerts.map((a) => (
            <AlertItem key={a.id} a={a} lang={lang} withCommitment={false} />
          ))}
        </ul>
      )}
      <p>
        <a href={href(lang, `/compromisos/${commitmentId}/alertas/nueva`)}>{m.raiseLink}</a>
      </p>
    </section>
  );
}

export interface RaiseFormProps {
  ctx: PageContext;
  csrf: string;
  commitment: { id: number; number: number; title: string; activities: { id: number; number: number; title: string }[] };
  values: Values;
  errors: FieldError[];
}

export function RaiseAlertPage({ ctx, csrf, commitment, values, errors, uploadMaxMb }: RaiseFormProps & { uploadMaxMb: number }) {
  const { lang } = ctx;
  const m = alertMessages[lang];
  const form: FormState = { lang, csrf, values, errors };
  return (
    <Layout ctx={ctx} title={m.raiseTitle} failed={errors.length > 0}>
      <p class="breadcrumb">
        <a href={href(lang, `/compromisos/${commitment.id}`)}>
          {m.colCommitment} {commitment.number}
        </a>
      </p>
      <h1>{m.raiseTitle}</h1>
      <p class="lead">{m.raiseIntro(commitment.number, commitment.title)}</p>
      <form method="post" action={href(lang, `/compromisos/${commitment.id}/alertas`)} enctype="multipart/form-data" novalidate>
        <Csrf token={csrf} />
        <ErrorSummary form={form} />
        <Select
          form={form}
          name="category"
          blank={m.chooseCategory}
          options={Object.entries(m.categories).map(([value, label]) => ({ value, label }))}
        />
        {commitment.activities.length > 0 && (
          <Select
            form={form}
            name="activityId"
            blank={m.wholeCommitment}
            options={commitment.activities.map((a) => ({ value: String(a.id), label: m.activity(a.number, a.title) }))}
          />
        )}
        <TextArea form={form} name="alertText" hint={m.textHint} rows={8} />
        <TextInput form={form} name="evidenceUrl" type="url" hint={m.evidenceHint} />
        <FileInput
          form={form}
          name="evidenceFile"
          hint={workspaceMessages[lang].fileHint(uploadMaxMb)}
          accept=".pdf,.docx,.xlsx,.odt,.ods,.csv,.png,.jpg,.jpeg"
        />
        <Honeypot id="alert-website" label={m.honeypot} />
        <button type="submit">{m.raiseSubmit}</button>
      </form>
    </Layout>
  );
}
