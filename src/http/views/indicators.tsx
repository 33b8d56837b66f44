import { daysBetween } from '../../domain/warnings.js';
import { formatNumber } from '../../i18n/index.js';
import { formatDate } from '../../i18n/format.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import type { Lang } from '../../i18n/lang.js';
import type { IndicatorView } from '../../services/indicators.js';

/**
 * A commitment's indicators on its public page: baseline, target, latest value, progress and status,
 * the measurement history, and a small chart of the measurements against the straight path from
 * baseline to target. Everything is computed by the domain (services/indicators.ts) for the day the
 * page is made; text is escaped by preact, in the SVG too.
 */
export const num = (n: number, lang: Lang) => formatNumber(n, lang, 2);

export function IndicatorsSection({ indicators, lang }: { indicators: IndicatorView[]; lang: Lang }) {
  const m = indicatorMessages[lang];
  if (indicators.length === 0) return null;
  return (
    <section aria-labelledby="indicators">
      <h2 id="indicators">{m.heading}</h2>
      {indicators.map((i) => (
        <article class="indicator" key={i.id} aria-labelledby={`indicator-${i.id}`}>
          <h3 id={`indicator-${i.id}`}>
            {i.name} <span class={`indicator-status status-${i.reading.status}`}>{m.statuses[i.reading.status]}</span>
          </h3>
          <dl class="facts indicator-facts">
            <div>
              <dt>{m.baseline}</dt>
              <dd>{m.valueAt(`${num(i.baseline.value, lang)} ${i.unit}`, formatDate(i.baseline.date, lang))}</dd>
            </div>
            <div>
              <dt>{m.target}</dt>
              <dd>{m.valueAt(`${num(i.target.value, lang)} ${i.unit}`, formatDate(i.target.date, lang))}</dd>
            </div>
            <div>
              <dt>{m.latest}</dt>
              <dd>
                {i.reading.latest
                  ? m.valueAt(`${num(i.reading.latest.value, lang)} ${i.unit}`, formatDate(i.reading.latest.date, lang))
                  : '—'}
              </dd>
            </div>
            <div>
              <dt>{m.progress}</dt>
              <dd>{i.reading.progress === null ? '—' : `${formatNumber(i.reading.progress, lang)} %`}</dd>
            </div>
            <div>
              <dt>{m.direction}</dt>
              <dd>{m.directions[i.direction]}</dd>
            </div>
            <div>
              <dt>{m.frequency}</dt>
              <dd>{m.frequencies[i.frequency]}</dd>
            </div>
            <div>
              <dt>{m.nextDue}</dt>
              <dd>{i.reading.nextDue ? formatDate(i.reading.nextDue, lang) : '—'}</dd>
            </div>
            {i.agency && (
              <div>
                <dt>{m.agency}</dt>
                <dd>{i.agency.acronym ?? i.agency.name}</dd>
              </div>
            )}
            {i.activity && (
              <div>
                <dt>{m.activity}</dt>
                <dd>
                  {i.activity.number}. {i.activity.title}
                </dd>
              </div>
            )}
            {i.meansOfVerification && (
              <div>
                <dt>{m.verification}</dt>
                <dd>{i.meansOfVerification}</dd>
              </div>
            )}
          </dl>
          <IndicatorChart indicator={i} lang={lang} />
          <MeasurementHistory indicator={i} lang={lang} />
        </article>
      ))}
    </section>
  );
}

function MeasurementHistory({ indicator: i, lang }: { indicator: IndicatorView; lang: Lang }) {
  const m = indicatorMessages[lang];
  if (i.measurements.length === 0) return <p class="muted">{m.noMeasurements}</p>;
  return (
    <details class="history">
      <summary>{m.history}</summary>
      <table>
        <caption class="visually-hidden">{`${m.history}: ${i.name}`}</caption>
        <thead>
          <tr>
            <th scope="col">{m.date}</th>
            <th scope="col">
              {m.value} ({i.unit})
            </th>
            <th scope="col">{m.source}</th>
            <th scope="col">{m.note}</th>
          </tr>
        </thead>
        <tbody>
          {[...i.measurements].reverse().map((x) => (
            <tr key={x.id}>
              <td>{formatDate(x.date, lang)}</td>
              <td class="num">{num(x.value, lang)}</td>
              <td>{x.source ?? ''}</td>
              <td>{x.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const W = 480;
const H = 200;
const PAD = { left: 56, right: 16, top: 16, bottom: 36 };

/**
 * The measurements (dots joined by a line) against the straight path (dashed) from baseline to
 * target. Time runs left to right from the earliest to the latest date shown; values bottom to top
 * between the smallest and largest, with a little room. role="img" with a title and a description
 * that says in words what the picture shows, for those who cannot see it.
 */
export function IndicatorChart({ indicator: i, lang }: { indicator: IndicatorView; lang: Lang }) {
  const m = indicatorMessages[lang];
  const dates = [i.baseline.date, i.target.date, ...i.measurements.map((x) => x.date)].sort();
  const first = dates[0]!;
  const span = Math.max(1, daysBetween(first, dates.at(-1)!));
  const values = [i.baseline.value, i.target.value, ...i.measurements.map((x) => x.value)];
  let low = Math.min(...values);
  let high = Math.max(...values);
  const room = (high - low) * 0.1 || Math.abs(high) * 0.1 || 1;
  low -= room;
  high += room;
  const x = (date: string) => PAD.left + ((W - PAD.left - PAD.right) * daysBetween(first, date)) / span;
  const y = (value: number) => PAD.top + ((H - PAD.top - PAD.bottom) * (high - value)) / (high - low);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const points = i.measurements.map((p) => ({ ...p, cx: r1(x(p.date)), cy: r1(y(p.value)) }));
  const id = `chart-${i.id}`;
  const said = (value: number, date: string) => `${num(value, lang)} ${i.unit} (${formatDate(date, lang)})`;
  const desc = m.chartDesc(
    said(i.baseline.value, i.baseline.date),
    said(i.target.value, i.target.date),
    i.measurements.map((p) => said(p.value, p.date)).join('; '),
  );
  return (
    <svg
      class="indicator-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{m.chartTitle(i.name)}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <g aria-hidden="true" font-size="11" fill="#1f2933">
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="#52606d" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="#52606d" />
        <text x={PAD.left - 4} y={r1(y(i.baseline.value)) + 4} text-anchor="end">
          {num(i.baseline.value, lang)}
        </text>
        <text x={PAD.left - 4} y={r1(y(i.target.value)) + 4} text-anchor="end">
          {num(i.target.value, lang)}
        </text>
        <text x={PAD.left} y={H - PAD.bottom + 14} text-anchor="start">
          {first}
        </text>
        <text x={W - PAD.right} y={H - PAD.bottom + 14} text-anchor="end">
          {dates.at(-1)}
        </text>
        <line
          class="chart-path"
          x1={r1(x(i.baseline.date))}
          y1={r1(y(i.baseline.value))}
          x2={r1(x(i.target.date))}
          y2={r1(y(i.target.value))}
          stroke="#52606d"
          stroke-width="2"
          stroke-dasharray="6 4"
        />
        {points.length > 1 && (
          <polyline
            class="chart-measured"
            points={points.map((p) => `${p.cx},${p.cy}`).join(' ')}
            fill="none"
            stroke="#1d4ed8"
            stroke-width="2"
          />
        )}
        {points.map((p) => (
          <circle key={p.id} class="chart-point" cx={p.cx} cy={p.cy} r="4" fill="#1d4ed8" />
        ))}
        <line x1={PAD.left} y1={H - 8} x2={PAD.left + 24} y2={H - 8} stroke="#52606d" stroke-width="2" stroke-dasharray="6 4" />
        <text x={PAD.left + 30} y={H - 4}>
          {m.chartPath}
        </text>
        <circle cx={PAD.left + 130} cy={H - 8} r="4" fill="#1d4ed8" />
        <text x={PAD.left + 140} y={H - 4}>
          {m.chartMeasured}
        </text>
      </g>
    </svg>
  );
}
