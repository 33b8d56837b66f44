import { INDICATOR_DIRECTIONS, INDICATOR_FREQUENCIES } from '../../../domain/indicators.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { formatNumber } from '../../../i18n/index.js';
import { formatDate } from '../../../i18n/format.js';
import { indicatorMessages } from '../../../i18n/indicators.js';
import type { Lang } from '../../../i18n/lang.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { IndicatorView } from '../../../services/indicators.js';
import type { IndicatorChoices } from '../../../services/workspace/indicators.js';
import { agencyLabel, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { ConflictSummary, Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './form.js';

/**
 * The indicators in the workspace: a list on the commitment's page, a page to add one, and a page per
 * indicator to change it, record measurements and correct them. Each form posts to its own address;
 * errors come back with the values as typed (400), a save over a newer version shows both (409).
 */
type Conflict = { theirs: Values; mine: Values; version: number };

/** On the workspace commitment page: each indicator with its status and latest value, and a link to add one. */
export function IndicatorsEditList({ lang, commitmentId, indicators }: { lang: Lang; commitmentId: number; indicators: IndicatorView[] }) {
  const m = indicatorMessages[lang];
  return (
    <section aria-labelledby="indicators">
      <h2 id="indicators">{m.heading}</h2>
      {indicators.length === 0 ? (
        <p class="muted">{m.none}</p>
      ) : (
        <ul>
          {indicators.map((i) => (
            <li key={i.id}>
              <a href={href(lang, `/espacio/indicadores/${i.id}`)}>{i.name}</a> — {m.statuses[i.reading.status]}
              {i.reading.latest && (
                <span class="muted">
                  {' '}
                  ({m.latest.toLowerCase()}: {formatNumber(i.reading.latest.value, lang, 2)} {i.unit},{' '}
                  {formatDate(i.reading.latest.date, lang)})
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={href(lang, `/espacio/compromisos/${commitmentId}/indicadores/nuevo`)}>{m.addIndicator}</a>
      </p>
    </section>
  );
}

export function IndicatorFields({
  form,
  action,
  version,
  choices,
  conflict,
}: {
  form: FormState;
  action: string;
  version?: number;
  choices: IndicatorChoices;
  conflict?: Conflict | null;
}) {
  const m = indicatorMessages[form.lang];
  const w = workspaceMessages[form.lang];
  return (
    <form method="post" action={action} class="indicator-form">
      <Csrf token={form.csrf} />
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      <ErrorSummary form={form} />
      {conflict && <ConflictSummary lang={form.lang} conflict={conflict} />}
      <TextInput form={form} name="indicatorName" />
      <div class="two">
        <TextInput form={form} name="unit" />
        <Select
          form={form}
          name="direction"
          options={INDICATOR_DIRECTIONS.map((d) => ({ value: d, label: m.directions[d]! }))}
          blank={w.any}
        />
      </div>
      <div class="two">
        <TextInput form={form} name="baselineValue" hint="1234.5" />
        <TextInput form={form} name="baselineDate" type="date" />
      </div>
      <div class="two">
        <TextInput form={form} name="targetValue" hint="1234.5" />
        <TextInput form={form} name="targetDate" type="date" />
      </div>
      <Select
        form={form}
        name="frequency"
        options={INDICATOR_FREQUENCIES.map((f) => ({ value: f, label: m.frequencies[f]! }))}
        blank={w.any}
      />
      <TextArea form={form} name="meansOfVerification" rows={3} />
      <Select
        form={form}
        name="agencyId"
        options={choices.agencies.map((a) => ({ value: String(a.id), label: agencyLabel(a) }))}
        blank={m.leadAgencyDefault}
      />
      <Select
        form={form}
        name="activityId"
        options={choices.activities.map((a) => ({ value: String(a.id), label: `${a.number}. ${a.title}` }))}
        blank={m.wholeCommitment}
      />
      <button type="submit">{w.save}</button>
    </form>
  );
}

function Breadcrumb({ lang, commitment }: { lang: Lang; commitment: { id: number; number: number; title: string } }) {
  const w = workspaceMessages[lang];
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{w.title}</a> ›{' '}
      <a href={href(lang, `/espacio/compromisos/${commitment.id}`)}>
        {commitment.number}. {commitment.title}
      </a>
    </p>
  );
}

export function IndicatorNewPage({
  ctx,
  csrf,
  commitment,
  choices,
  values,
  errors,
}: {
  ctx: PageContext;
  csrf: string;
  commitment: { id: number; number: number; title: string };
  choices: IndicatorChoices;
  values: Values;
  errors: FieldError[];
}) {
  const { lang } = ctx;
  const m = indicatorMessages[lang];
  return (
    <Layout ctx={ctx} title={m.addIndicator}>
      <Breadcrumb lang={lang} commitment={commitment} />
      <h1>{m.addIndicator}</h1>
      <IndicatorFields
        form={{ lang, csrf, values, errors, prefix: 'i' }}
        action={href(lang, `/espacio/compromisos/${commitment.id}/indicadores`)}
        choices={choices}
      />
      <p>
        <a href={href(lang, `/espacio/compromisos/${commitment.id}`)}>{workspaceMessages[lang].cancel}</a>
      </p>
    </Layout>
  );
}

export interface IndicatorEditProps {
  ctx: PageContext;
  csrf: string;
  data: {
    indicator: IndicatorView;
    values: Values;
    version: number;
    commitment: { id: number; number: number; title: string };
    choices: IndicatorChoices;
  };
  flash: string | null;
  /** Which form failed: the indicator's, a new measurement's, or a correction of measurement `id`. */
  failed?: { form: 'indicator' | 'measurement' | number; errors: FieldError[]; values: Values } | null;
  conflict?: { form: 'indicator' | number; conflict: Conflict } | null;
}

export function IndicatorEditPage({ ctx, csrf, data, flash, failed, conflict }: IndicatorEditProps) {
  const { lang } = ctx;
  const m = indicatorMessages[lang];
  const w = workspaceMessages[lang];
  const i = data.indicator;
  const state = (form: 'indicator' | 'measurement' | number, values: Values, prefix: string): FormState => ({
    lang,
    csrf,
    prefix,
    values: conflict?.form === form ? conflict.conflict.mine : failed?.form === form ? failed.values : values,
    errors: failed?.form === form ? failed.errors : [],
  });
  return (
    <Layout ctx={ctx} title={m.editIndicator(i.name)}>
      <Breadcrumb lang={lang} commitment={data.commitment} />
      <h1>{m.editIndicator(i.name)}</h1>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <p>
        {m.status}: <strong>{m.statuses[i.reading.status]}</strong>
        {i.reading.progress !== null && (
          <>
            {' '}
            · {m.progress}: {formatNumber(i.reading.progress, lang)} %
          </>
        )}
        {i.reading.nextDue && (
          <>
            {' '}
            · {m.nextDue}: {formatDate(i.reading.nextDue, lang)}
          </>
        )}
      </p>

      <section aria-labelledby="measurements">
        <h2 id="measurements">{m.history}</h2>
        {i.measurements.length === 0 ? (
          <p class="muted">{m.noMeasurements}</p>
        ) : (
          <ul>
            {[...i.measurements].reverse().map((x) => {
              const open = failed?.form === x.id || conflict?.form === x.id;
              return (
                <li key={x.id}>
                  {formatDate(x.date, lang)}: <strong>{formatNumber(x.value, lang, 2)}</strong> {i.unit}
                  {x.source && <span class="muted"> — {x.source}</span>}
                  {x.note && <span class="muted"> — {x.note}</span>}
                  <details open={open}>
                    <summary>
                      {m.correct}
                      <span class="visually-hidden"> — {m.correctMeasurement(formatDate(x.date, lang))}</span>
                    </summary>
                    <MeasurementForm
                      form={state(
                        x.id,
                        { measuredValue: x.value, measuredOn: x.date, measurementSource: x.source, measurementNote: x.note },
                        `m${x.id}`,
                      )}
                      action={href(lang, `/espacio/mediciones/${x.id}`)}
                      version={conflict?.form === x.id ? conflict.conflict.version : x.version}
                      conflict={conflict?.form === x.id ? conflict.conflict : null}
                    />
                  </details>
                </li>
              );
            })}
          </ul>
        )}
        <details open={failed?.form === 'measurement'}>
          <summary>{m.recordMeasurement}</summary>
          <MeasurementForm form={state('measurement', {}, 'm')} action={href(lang, `/espacio/indicadores/${i.id}/mediciones`)} />
        </details>
      </section>

      <section aria-labelledby="indicator-fields">
        <h2 id="indicator-fields">{w.fieldsHeading}</h2>
        <IndicatorFields
          form={state('indicator', data.values, 'i')}
          action={href(lang, `/espacio/indicadores/${i.id}`)}
          version={conflict?.form === 'indicator' ? conflict.conflict.version : data.version}
          choices={data.choices}
          conflict={conflict?.form === 'indicator' ? conflict.conflict : null}
        />
      </section>
      <p>
        <a href={href(lang, `/compromisos/${data.commitment.id}`)}>{w.viewPublic}</a> ·{' '}
        <a href={href(lang, `/espacio/compromisos/${data.commitment.id}`)}>{w.backToCommitment}</a>
      </p>
    </Layout>
  );
}

function MeasurementForm({
  form,
  action,
  version,
  conflict,
}: {
  form: FormState;
  action: string;
  version?: number;
  conflict?: Conflict | null;
}) {
  const w = workspaceMessages[form.lang];
  return (
    <form method="post" action={action}>
      <Csrf token={form.csrf} />
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      <ErrorSummary form={form} />
      {conflict && <ConflictSummary lang={form.lang} conflict={conflict} />}
      <div class="two">
        <TextInput form={form} name="measuredValue" />
        <TextInput form={form} name="measuredOn" type="date" />
      </div>
      <TextInput form={form} name="measurementSource" />
      <TextArea form={form} name="measurementNote" rows={2} />
      <button type="submit">{version !== undefined ? w.save : w.add}</button>
    </form>
  );
}
