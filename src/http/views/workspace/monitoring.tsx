import type { FieldError, Values } from '../../../domain/input.js';
import { DATE_CODES, SEVERITIES, TRAFFIC_LIGHTS } from '../../../domain/warnings.js';
import { monitoringMessages } from '../../../i18n/monitoring.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { BoardRow, BoardWarning, MonitoringBoard } from '../../../services/monitoring/board.js';
import type { MonitoringSettings } from '../../../domain/warnings.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { LightReasonText, TrafficLightBadge } from '../traffic-light.js';
import { Csrf, ErrorSummary, TextArea, TextInput, type FormState } from './form.js';
import type { Lang } from '../../../i18n/lang.js';

/** The board's query parameters (Spanish words, as the site's other pages): a GET form, no script needed. */
export const BOARD_PARAMS = { agency: 'entidad', theme: 'tema', severity: 'gravedad' } as const;

/** Every agency that leads the row's commitment, the first and its co-leads, by acronym. */
const leadNames = (r: BoardRow): string =>
  [...(r.agency ? [r.agency] : []), ...r.coLeads].map((a) => a.acronym ?? a.name).join(', ') || '—';

/** An acknowledgement form that failed: which warning, what was typed, what is wrong. */
export interface FailedAcknowledgement {
  key: string;
  commitmentId: number;
  errors: FieldError[];
  values: Values;
}

function Acknowledgement({ w, lang }: { w: BoardWarning; lang: Lang }) {
  const m = monitoringMessages[lang];
  const a = w.acknowledgement!;
  return (
    <div class="ack">
      <p>
        <strong>{m.acknowledgedBy(a.by, formatDate(a.at, lang))}</strong>
      </p>
      {a.reason && (
        <p>
          {m.ackReason}: {a.reason}
        </p>
      )}
      {a.correctiveAction && (
        <p>
          {m.ackAction}: {a.correctiveAction}
        </p>
      )}
      {a.newPlannedEnd && (
        <p>{m.ackNewDate(a.previousPlannedEnd ? formatDate(a.previousPlannedEnd, lang) : '—', formatDate(a.newPlannedEnd, lang))}</p>
      )}
    </div>
  );
}

function AcknowledgeForm({
  lang,
  csrf,
  row,
  w,
  index,
  failed,
}: {
  lang: Lang;
  csrf: string;
  row: BoardRow;
  w: BoardWarning;
  index: number;
  failed: FailedAcknowledgement | null;
}) {
  const m = monitoringMessages[lang];
  const mine = failed && failed.key === w.key && failed.commitmentId === row.id ? failed : null;
  const form: FormState = { lang, csrf, values: mine?.values ?? {}, errors: mine?.errors ?? [], prefix: `ack-${row.id}-${index}` };
  return (
    <details open={mine !== null}>
      <summary>{m.acknowledge}</summary>
      <form method="post" action={href(lang, `/espacio/compromisos/${row.id}/alertas`)}>
        <Csrf token={csrf} />
        <input type="hidden" name="warningKey" value={w.key} />
        <p class="hint">{m.acknowledgeHint}</p>
        {mine && <ErrorSummary form={form} />}
        <TextArea form={form} name="ackReason" label={m.labels.ackReason} rows={2} />
        <TextArea form={form} name="correctiveAction" label={m.labels.correctiveAction} rows={2} />
        {DATE_CODES.includes(w.code) && <TextInput form={form} name="newPlannedEnd" type="date" label={m.labels.newPlannedEnd} />}
        <button type="submit">{m.ackSubmit}</button>
      </form>
    </details>
  );
}

export function MonitoringBoardPage({
  ctx,
  csrf,
  board,
  flash,
  failed,
}: {
  ctx: PageContext;
  csrf: string;
  board: MonitoringBoard;
  flash: string | null;
  failed: FailedAcknowledgement | null;
}) {
  const { lang } = ctx;
  const m = monitoringMessages[lang];
  const w = workspaceMessages[lang];
  const f = board.filters;
  const filtered = f.agency !== null || f.theme !== null || f.severity !== null;
  // An answer to a warning the board no longer lists (gone since the page was loaded, or a key made up): its errors on top.
  const orphan =
    failed &&
    !board.rows.some(
      (r) => r.id === failed.commitmentId && r.canAcknowledge && r.warnings.some((x) => x.key === failed.key && !x.acknowledgement),
    )
      ? failed
      : null;
  return (
    <Layout ctx={ctx} title={`${m.boardTitle} — ${board.plan.title}`}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{w.title}</a> › {board.plan.title}
      </p>
      <h1>{m.boardTitle}</h1>
      <p class="lead">{m.boardIntro(formatDate(board.date, lang))}</p>
      {orphan && <ErrorSummary form={{ lang, csrf, values: orphan.values, errors: orphan.errors }} />}
      {board.scope === 'agency' && <p>{m.agencyScope}</p>}
      {board.scope === 'plan' && (
        <p>
          <a href={href(lang, `/espacio/planes/${board.plan.id}/seguimiento/ajustes`)}>{m.settingsLink}</a>
        </p>
      )}
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}

      <form method="get" action={href(lang, `/espacio/planes/${board.plan.id}/seguimiento`)} class="filters">
        <fieldset>
          <legend>{m.filters}</legend>
          <label for="f-entidad">{m.filterAgency}</label>
          <select id="f-entidad" name={BOARD_PARAMS.agency}>
            <option value="">{m.all}</option>
            {board.options.agencies.map((a) => (
              <option value={String(a.id)} selected={f.agency === a.id} key={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <label for="f-tema">{m.filterTheme}</label>
          <select id="f-tema" name={BOARD_PARAMS.theme}>
            <option value="">{m.all}</option>
            {board.options.themes.map((t) => (
              <option value={String(t.id)} selected={f.theme === t.id} key={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          <label for="f-gravedad">{m.filterSeverity}</label>
          <select id="f-gravedad" name={BOARD_PARAMS.severity}>
            <option value="">{m.all}</option>
            {SEVERITIES.map((s) => (
              <option value={s} selected={f.severity === s} key={s}>
                {m.severities[s]}
              </option>
            ))}
          </select>
          <button type="submit">{m.apply}</button>
          {filtered && (
            <>
              {' '}
              <a href={href(lang, `/espacio/planes/${board.plan.id}/seguimiento`)}>{m.clear}</a>
            </>
          )}
        </fieldset>
      </form>

      <ul class="headline">
        {TRAFFIC_LIGHTS.map((l) => (
          <li key={l}>
            <strong>{board.counts.lights[l]}</strong> <TrafficLightBadge light={l} lang={lang} />
          </li>
        ))}
      </ul>
      <p id="warning-counts">{m.counts(board.counts.open, board.counts.acknowledged)}</p>

      {board.rows.length === 0 ? (
        <p>{m.noRows}</p>
      ) : (
        <div class="table-scroll">
          <table class="data board">
            <caption>{m.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colNumber}</th>
                <th scope="col">{m.colCommitment}</th>
                <th scope="col">{m.colAgency}</th>
                <th scope="col">{m.colLight}</th>
                <th scope="col">{m.colWarnings}</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr key={r.id} id={`c-${r.id}`}>
                  <td>{r.number}</td>
                  <th scope="row">
                    <a href={href(lang, `/espacio/compromisos/${r.id}`)}>{r.title}</a>
                    <span class="muted"> — {r.theme.title}</span>
                    {r.plannedEnd && (
                      <p>
                        {m.plannedEndNow}: {formatDate(r.plannedEnd, lang)}
                        {r.originalPlannedEnd && (
                          <span class="original-date"> ({m.originalDate(formatDate(r.originalPlannedEnd, lang))})</span>
                        )}
                      </p>
                    )}
                    {r.movedActivities.length > 0 && (
                      <ul class="moved">
                        {r.movedActivities.map((a) => (
                          <li key={a.id}>
                            {a.number}. {a.title}: {formatDate(a.plannedEnd, lang)}{' '}
                            <span class="original-date">({m.originalDate(formatDate(a.originalPlannedEnd, lang))})</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </th>
                  <td>{leadNames(r)}</td>
                  <td>
                    <TrafficLightBadge light={r.light} lang={lang} /> <LightReasonText text={r.lightReason.text} />
                  </td>
                  <td>
                    {r.warnings.length === 0 ? (
                      m.noWarnings
                    ) : (
                      <ul class="warnings">
                        {r.warnings.map((x, i) => (
                          <li key={x.key} class={x.acknowledgement ? 'warning-acknowledged' : undefined}>
                            <span class="severity">{m.severities[x.severity]}</span> · {m.codes[x.code]}
                            {x.acknowledgement && <> · {m.acknowledged}</>}: {x.message}
                            {x.acknowledgement ? (
                              <Acknowledgement w={x} lang={lang} />
                            ) : (
                              r.canAcknowledge && <AcknowledgeForm lang={lang} csrf={csrf} row={r} w={x} index={i} failed={failed} />
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function MonitoringSettingsPage({
  ctx,
  csrf,
  plan,
  values,
  errors,
  flash,
}: {
  ctx: PageContext;
  csrf: string;
  plan: { id: number; title: string };
  values: Values;
  errors: FieldError[];
  flash: string | null;
}) {
  const { lang } = ctx;
  const m = monitoringMessages[lang];
  const form: FormState = { lang, csrf, values, errors };
  const checked = ['on', 'true', '1'].includes(String(values.publicTrafficLight ?? ''));
  return (
    <Layout ctx={ctx} title={m.settingsTitle}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> ›{' '}
        <a href={href(lang, `/espacio/planes/${plan.id}/seguimiento`)}>{plan.title}</a>
      </p>
      <h1>{m.settingsTitle}</h1>
      <p class="lead">{m.settingsIntro}</p>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <form method="post" action={href(lang, `/espacio/planes/${plan.id}/seguimiento/ajustes`)}>
        <Csrf token={csrf} />
        <ErrorSummary form={form} />
        <TextInput form={form} name="behindPoints" type="number" label={m.labels.behindPoints} />
        <TextInput form={form} name="staleDays" type="number" label={m.labels.staleDays} />
        <div class="checkbox">
          <input
            type="checkbox"
            id="f-publicTrafficLight"
            name="publicTrafficLight"
            value="on"
            checked={checked}
            aria-describedby="f-publicTrafficLight-hint"
          />
          <label for="f-publicTrafficLight">{m.labels.publicTrafficLight}</label>
          <p class="hint" id="f-publicTrafficLight-hint">
            {m.publicTrafficLightHint}
          </p>
        </div>
        <button type="submit">{m.settingsSubmit}</button>
      </form>
    </Layout>
  );
}

/** The settings as the form shows them. */
export function settingsValues(s: MonitoringSettings): Values {
  return { behindPoints: s.behindPoints, staleDays: s.staleDays, publicTrafficLight: s.publicTrafficLight ? 'on' : '' };
}
