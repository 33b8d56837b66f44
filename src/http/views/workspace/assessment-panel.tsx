import type { ConsistencyWarning } from '../../../domain/assessment-consistency.js';
import { alertMessages } from '../../../i18n/alerts.js';
import { assessmentReviewMessages } from '../../../i18n/assessment-review.js';
import { formatNumber } from '../../../i18n/index.js';
import type { Lang } from '../../../i18n/lang.js';
import { warningMessage } from '../../../i18n/warnings.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { AssessmentPanel as Panel } from '../../../services/workspace/assessment-panel.js';
import { EvidenceLine, LevelBadge, Markdown, roundName } from '../components.js';
import { formatDate } from '../format.js';

/**
 * The review screen's panel (issue 20): beside an assessment under decision — the coordinator's screen,
 * the reviewer's, the editor's form — the earlier levels, the results, the evidence cited (a link opens
 * the address, a file downloads it, as on the public page), each activity and indicator as they stood,
 * the open early warnings and civil-society alerts, the consistency warnings, who submitted and decided.
 * `editing`: the editor's form shows the level, results and evidence itself; the panel leaves them out.
 */
export function AssessmentPanel({
  panel,
  lang,
  editing = false,
  consistency,
  heading,
}: {
  panel: Panel;
  lang: Lang;
  editing?: boolean;
  heading?: string;
  /** The warnings of what was just sent (a submission refused for want of a reason), instead of the stored ones. */
  consistency?: ConsistencyWarning[];
}) {
  const m = assessmentReviewMessages[lang].panel;
  const w = workspaceMessages[lang];
  const c = panel.current;
  const warnings = consistency ?? panel.consistency;
  return (
    <section aria-labelledby="panel" class="assessment-panel">
      <h2 id="panel">{heading ?? m.heading}</h2>
      {warnings.length > 0 && <ConsistencyWarnings warnings={warnings} lang={lang} />}
      {!editing && c && (
        <>
          <p class="proposed-level">
            {c.round.published ? m.published : m.proposed} ({roundName(c.round, lang)}): <LevelBadge level={c.level} lang={lang} />
          </p>
          <People panel={panel} lang={lang} />
        </>
      )}
      <h3>{m.previous}</h3>
      {panel.previous.length === 0 ? (
        <p class="muted">{m.previousNone}</p>
      ) : (
        <ul class="previous-levels">
          {panel.previous.map((p) => (
            <li key={p.round.id}>
              {roundName(p.round, lang)}: {p.level ? <LevelBadge level={p.level} lang={lang} /> : m.noLevel}
            </li>
          ))}
        </ul>
      )}
      {!editing && c && (
        <>
          <h3>{m.results}</h3>
          {c.results ? <Markdown text={c.results} id="panel-results" /> : <p class="muted">—</p>}
          {c.reasons && (
            <>
              <h3>{m.reasons}</h3>
              <Markdown text={c.reasons} id="panel-reasons" />
            </>
          )}
          <h3>{m.cited}</h3>
          {panel.cited.length === 0 ? (
            <p class="muted">{m.citedNone}</p>
          ) : (
            <ul class="cited-evidence">
              {panel.cited.map((e) => (
                <li key={e.id}>
                  <EvidenceLine e={e} lang={lang} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>{m.activities}</h3>
      {panel.activities.length === 0 ? (
        <p class="muted">{m.activitiesNone}</p>
      ) : (
        <div class="table-scroll">
          <table class="data panel-activities">
            <caption class="visually-hidden">{m.activities}</caption>
            <thead>
              <tr>
                <th scope="col">{m.activityColumns.number}</th>
                <th scope="col">{m.activityColumns.title}</th>
                <th scope="col">{m.activityColumns.status}</th>
                <th scope="col">{m.activityColumns.planned}</th>
                <th scope="col">{m.activityColumns.actualEnd}</th>
                <th scope="col">{m.activityColumns.percentDone}</th>
              </tr>
            </thead>
            <tbody>
              {panel.activities.map((a) => (
                <tr key={a.id}>
                  <td>{a.number}</td>
                  <th scope="row">{a.title}</th>
                  <td>{a.status ? (w.activityStatuses[a.status] ?? a.status) : m.statusUnknown}</td>
                  <td>
                    {a.plannedStart || a.plannedEnd
                      ? `${formatDate(a.plannedStart, lang) || '—'} – ${formatDate(a.plannedEnd, lang) || '—'}`
                      : '—'}
                  </td>
                  <td>{a.actualEnd ? formatDate(a.actualEnd, lang) : '—'}</td>
                  <td>{a.percentDone === null ? '—' : `${a.percentDone} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{m.indicators}</h3>
      {panel.indicators.length === 0 ? (
        <p class="muted">{m.indicatorsNone}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="data panel-indicators">
              <caption class="visually-hidden">{m.indicators}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.indicatorColumns.name}</th>
                  <th scope="col">{m.indicatorColumns.baseline}</th>
                  <th scope="col">{m.indicatorColumns.target}</th>
                  <th scope="col">{m.indicatorColumns.latest}</th>
                  <th scope="col">{m.indicatorColumns.progress}</th>
                </tr>
              </thead>
              <tbody>
                {panel.indicators.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.name}</th>
                    <td>{`${formatNumber(i.baseline, lang, 2)} ${i.unit}`}</td>
                    <td>{`${formatNumber(i.target, lang, 2)} ${i.unit}`}</td>
                    <td>
                      {i.latest ? `${formatNumber(i.latest.value, lang, 2)} ${i.unit} (${formatDate(i.latest.date, lang)})` : m.notMeasured}
                    </td>
                    <td>{i.progress === null ? '—' : `${formatNumber(i.progress, lang)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="hint">{m.readOn(panel.readOn)}</p>
        </>
      )}
      <h3>{m.earlyWarnings}</h3>
      {panel.earlyWarnings.length === 0 ? (
        <p class="muted">{m.earlyWarningsNone}</p>
      ) : (
        <ul class="panel-warnings">
          {panel.earlyWarnings.map((x, i) => (
            <li key={i} class={`severity-${x.severity}`}>
              {warningMessage(x, lang)}
            </li>
          ))}
        </ul>
      )}
      <h3>{m.alerts}</h3>
      {panel.alerts.length === 0 ? (
        <p class="muted">{m.alertsNone}</p>
      ) : (
        <ul class="panel-alerts">
          {panel.alerts.map((a) => (
            <li key={a.id}>
              <strong>{(alertMessages[lang].categories as Record<string, string>)[a.category] ?? a.category}</strong>{' '}
              <span class="muted">{m.alertLine(a.raisedOn, a.raisedBy)}</span>: {a.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The consistency warnings, with what they ask: a reason, not a change. */
export function ConsistencyWarnings({ warnings, lang }: { warnings: ConsistencyWarning[]; lang: Lang }) {
  const t = assessmentReviewMessages[lang];
  return (
    <div class="notice consistency-warnings" role="note">
      <h3>{t.panel.consistency}</h3>
      <ul>
        {warnings.map((x) => (
          <li key={x.code}>{t.consistency(x)}</li>
        ))}
      </ul>
      <p class="hint">{t.panel.consistencyIntro}</p>
    </div>
  );
}

/** Who submitted it and who decided it (the audit log names them too), with the reasons given despite warnings. */
function People({ panel, lang }: { panel: Panel; lang: Lang }) {
  const m = assessmentReviewMessages[lang].panel;
  const c = panel.current!;
  if (!c.submitted && !c.decided) return null;
  return (
    <ul class="assessment-people">
      {c.submitted && <li>{m.submitted(c.submitted.name, c.submitted.at)}</li>}
      {c.submitReason && (
        <li>
          {m.submitReason}: {c.submitReason}
        </li>
      )}
      {c.decided && <li>{m.decided(c.decided.name, c.decided.at)}</li>}
      {c.approvalReason && (
        <li>
          {m.approvalReason}: {c.approvalReason}
        </li>
      )}
    </ul>
  );
}
