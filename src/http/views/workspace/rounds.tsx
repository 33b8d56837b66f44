import { reportMessages } from '../../../i18n/report.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { ROUND_KINDS } from '../../../domain/types.js';
import { roundName } from '../../../i18n/format.js';
import { roundMessages } from '../../../i18n/rounds.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { RoundBoard, RoundOpening } from '../../../services/workspace/rounds.js';
import { LevelBadge } from '../components.js';
import { RoundFlags } from '../round-flags.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { Csrf, ErrorSummary, Select, TextArea, TextInput } from './form.js';

export function RoundNewPage({
  ctx,
  csrf,
  plan,
  values,
  errors,
}: {
  ctx: PageContext;
  csrf: string;
  plan: RoundOpening;
  values: Values;
  errors: FieldError[];
}) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  const r = roundMessages[lang];
  const form = { lang, csrf, values, errors };
  return (
    <Layout ctx={ctx} title={m.openRoundTitle}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{m.title}</a> › {plan.title}
      </p>
      <h1>{m.openRoundTitle}</h1>
      <p class="lead">{m.openRoundIntro}</p>
      {plan.rounds.length > 0 && (
        <>
          <h2>{r.existingRounds}</h2>
          <ul class="round-list">
            {plan.rounds.map((x) => (
              <li key={x.id}>
                {roundName(x, lang)}
                <RoundFlags round={x} lang={lang} />
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action={href(lang, `/espacio/planes/${plan.id}/evaluaciones`)}>
        <Csrf token={csrf} />
        <ErrorSummary form={form} />
        <Select form={form} name="kind" options={ROUND_KINDS.map((k) => ({ value: k, label: m.roundKinds[k]! }))} />
        <TextInput form={form} name="cutoffDate" type="date" />
        <TextArea form={form} name="roundReason" rows={3} hint={r.reasonHint(plan.window, plan.graceMonths)} />
        <button type="submit">{m.openRound}</button>
      </form>
    </Layout>
  );
}

export function RoundBoardPage({
  ctx,
  csrf,
  board,
  flash,
  error,
}: {
  ctx: PageContext;
  csrf: string;
  board: RoundBoard;
  flash: string | null;
  error: string | null;
}) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  const name = roundName(board.round, lang);
  const notApproved = board.rows.length - board.counts.approved;
  return (
    <Layout ctx={ctx} title={m.boardTitle(name)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{m.title}</a> › {board.plan.title}
      </p>
      <h1>{m.boardTitle(name)}</h1>
      {(board.round.flags.length > 0 || board.round.openingReason) && (
        <p class="notice" role="note">
          <RoundFlags round={board.round} lang={lang} />
        </p>
      )}
      {board.round.published ? <p class="notice">{m.published}</p> : null}
      <form method="get" action={href(lang, `/espacio/planes/${board.plan.id}/informe/descarga`)} class="report-download">
        <input type="hidden" name="ronda" value={String(board.round.id)} />
        <input type="hidden" name="formato" value="docx" />
        <input type="hidden" name="idioma" value={lang} />
        <button type="submit">{reportMessages(lang).download} (DOCX)</button>
      </form>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      {error && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{m.errorTitle}</h2>
          <p>{error}</p>
        </div>
      )}
      <ul class="headline">
        {(['not-started', 'draft', 'submitted', 'returned', 'approved'] as const).map((s) => (
          <li key={s}>
            <strong>{board.counts[s]}</strong> {m.stages[s]}
          </li>
        ))}
      </ul>
      <div class="table-scroll">
        <table class="data">
          <caption>{m.boardCaption}</caption>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">{m.labels.title}</th>
              <th scope="col">{m.labels.agencyId}</th>
              <th scope="col">{m.stage}</th>
              <th scope="col">{m.labels.level}</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((r) => (
              <tr key={r.commitmentId}>
                <td>{r.number}</td>
                <th scope="row">
                  <a href={href(lang, `/espacio/evaluaciones/${board.round.id}/compromisos/${r.commitmentId}`)}>{r.title}</a>
                </th>
                <td>{r.agency ? (r.agency.acronym ?? r.agency.name) : '—'}</td>
                <td>
                  <span class={`stage stage-${r.stage}`}>{m.stages[r.stage]}</span>
                  {r.updatedAt && <span class="muted"> · {formatDate(r.updatedAt, lang)}</span>}
                </td>
                <td>{r.level ? <LevelBadge level={r.level} lang={lang} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {board.canDecide && !board.round.published && (
        <section aria-labelledby="publish">
          <h2 id="publish">{m.publish}</h2>
          <p class="hint">{m.publishHint}</p>
          {board.ready ? (
            <form method="post" action={href(lang, `/espacio/evaluaciones/${board.round.id}/publicar`)}>
              <Csrf token={csrf} />
              <button type="submit">{m.publish}</button>
            </form>
          ) : (
            <p>{m.notReady(notApproved)}</p>
          )}
        </section>
      )}
    </Layout>
  );
}
