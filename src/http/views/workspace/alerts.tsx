import type { FieldError, Values } from '../../../domain/input.js';
import { alertMessages } from '../../../i18n/alerts.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { AlertSettings, AlertView } from '../../../services/alerts.js';
import { alertStatusText } from '../alerts.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { ActionButton, Csrf, ErrorSummary, TextArea, TextInput, type FormState } from './form.js';

/** Civil-society alerts in the workspace: the list to answer, the answer form, the deadline and holidays. */

function Crumbs({ lang, plan }: { lang: 'es' | 'en'; plan: { id: number; title: string } }) {
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> ›{' '}
      <a href={href(lang, `/espacio/planes/${plan.id}/alertas`)}>{plan.title}</a>
    </p>
  );
}

export function AlertsToAnswerPage({
  ctx,
  plan,
  alerts,
  coordinator,
}: {
  ctx: PageContext;
  plan: { id: number; title: string };
  alerts: AlertView[];
  coordinator: boolean;
}) {
  const { lang } = ctx;
  const m = alertMessages[lang];
  return (
    <Layout ctx={ctx} title={m.workspaceTitle}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a>
      </p>
      <h1>{m.workspaceTitle}</h1>
      <p class="lead">{m.workspaceIntro}</p>
      <p>
        <a href={href(lang, `/planes/${plan.id}/alertas`)}>{m.logLink}</a>
        {coordinator && (
          <>
            {' · '}
            <a href={href(lang, `/espacio/planes/${plan.id}/alertas/ajustes`)}>{m.settingsLink}</a>
          </>
        )}
      </p>
      {alerts.length === 0 ? (
        <p>{m.noAlerts}</p>
      ) : (
        <table>
          <caption>{m.alertsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colAlert}</th>
              <th scope="col">{m.colCommitment}</th>
              <th scope="col">{m.colDeadline}</th>
              <th scope="col">{m.colStatus}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.status === 'open' ? (
                    <a href={href(lang, `/espacio/alertas/${a.id}`)} aria-label={`${m.answerLink}: N° ${a.id}`}>
                      N° {a.id}
                    </a>
                  ) : (
                    `N° ${a.id}`
                  )}
                  <span class="plain-text muted"> {[...a.text].slice(0, 120).join('')}</span>
                </th>
                <td>
                  {a.commitmentNumber}. {a.commitmentTitle}
                </td>
                <td>{formatDate(a.deadline, lang)}</td>
                <td>{alertStatusText(a, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function AnswerAlertPage({
  ctx,
  csrf,
  alert,
  plan,
  values,
  errors,
  flash = null,
}: {
  ctx: PageContext;
  csrf: string;
  alert: AlertView;
  plan: { id: number; title: string };
  values: Values;
  errors: FieldError[];
  flash?: string | null;
}) {
  const { lang } = ctx;
  const m = alertMessages[lang];
  const form: FormState = { lang, csrf, values, errors };
  const title = m.answerTitle(alert.id);
  return (
    <Layout ctx={ctx} title={title} failed={errors.length > 0}>
      <Crumbs lang={lang} plan={plan} />
      <h1>{title}</h1>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <dl>
        <dt>{m.colCommitment}</dt>
        <dd>
          {alert.commitmentNumber}. {alert.commitmentTitle}
          {alert.activityNumber !== null && <> — {m.activity(alert.activityNumber, alert.activityTitle ?? '')}</>}
        </dd>
        <dt>{m.labels.category}</dt>
        <dd>{m.categories[alert.category as keyof typeof m.categories] ?? alert.category}</dd>
        <dt>{m.labels.alertText}</dt>
        <dd class="plain-text">{alert.text}</dd>
        {alert.evidenceUrl && (
          <>
            <dt>{m.evidence}</dt>
            <dd>
              <a href={alert.evidenceUrl} rel="noopener noreferrer nofollow">
                {alert.evidenceUrl}
              </a>
            </dd>
          </>
        )}
        <dt>{m.colDeadline}</dt>
        <dd>
          {m.deadline(formatDate(alert.deadline, lang))} · {alertStatusText(alert, lang)}
        </dd>
      </dl>
      {alert.status === 'answered' ? (
        <div class="alert-answer">
          <p class="plain-text">{alert.answer}</p>
          <p class="muted">{m.answeredBy(alert.answeredBy ?? '', formatDate(alert.answeredOn, lang))}</p>
        </div>
      ) : (
        <form method="post" action={href(lang, `/espacio/alertas/${alert.id}/respuesta`)} novalidate>
          <Csrf token={csrf} />
          <ErrorSummary form={form} />
          <p>{m.answerIntro}</p>
          <TextArea form={form} name="answerText" rows={8} />
          <button type="submit">{m.answerSubmit}</button>
        </form>
      )}
    </Layout>
  );
}

export function AlertSettingsPage(props: {
  ctx: PageContext;
  csrf: string;
  settings: AlertSettings;
  days: { values: Values; errors: FieldError[] };
  holiday: { values: Values; errors: FieldError[] };
  flash: string | null;
}) {
  const { ctx, csrf, settings } = props;
  const { lang } = ctx;
  const m = alertMessages[lang];
  const daysForm: FormState = { lang, csrf, prefix: 'days', ...props.days };
  const holidayForm: FormState = { lang, csrf, prefix: 'holiday', ...props.holiday };
  const failed = props.days.errors.length + props.holiday.errors.length > 0;
  return (
    <Layout ctx={ctx} title={m.settingsTitle} failed={Boolean(failed)}>
      <Crumbs lang={lang} plan={settings.plan} />
      <h1>{m.settingsTitle}</h1>
      <p class="lead">{m.settingsIntro}</p>
      {props.flash && (
        <p class="notice" role="status">
          {props.flash}
        </p>
      )}
      <form method="post" action={href(lang, `/espacio/planes/${settings.plan.id}/alertas/ajustes`)} novalidate>
        <Csrf token={csrf} />
        <ErrorSummary form={daysForm} />
        <TextInput form={daysForm} name="workingDays" type="number" />
        <button type="submit">{m.saveDays}</button>
      </form>
      <h2>{m.holidaysCaption}</h2>
      {settings.holidays.length === 0 ? (
        <p>{m.noHolidays}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{m.holidaysCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colDate}</th>
              <th scope="col">{m.colName}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {settings.holidays.map((h) => (
              <tr key={h.id}>
                <td>{formatDate(h.date, lang)}</td>
                <td>{h.name}</td>
                <td>
                  <ActionButton
                    action={href(lang, `/espacio/planes/${settings.plan.id}/feriados/${h.id}/eliminar`)}
                    csrf={csrf}
                    label={m.removeHoliday}
                    describe={`${h.name} (${formatDate(h.date, lang)})`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={href(lang, `/espacio/planes/${settings.plan.id}/feriados`)} novalidate>
        <Csrf token={csrf} />
        <ErrorSummary form={holidayForm} />
        <TextInput form={holidayForm} name="holidayDate" type="date" />
        <TextInput form={holidayForm} name="holidayName" />
        <button type="submit">{m.addHoliday}</button>
      </form>
    </Layout>
  );
}
