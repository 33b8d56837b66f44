import { TRAFFIC_LIGHTS, type TrafficLight } from '../../domain/warnings.js';
import type { Lang } from '../../i18n/lang.js';
import { monitoringMessages } from '../../i18n/monitoring.js';
import { lightReasonText } from '../../i18n/warnings.js';
import type { PublicTrafficLights } from '../../services/monitoring/board.js';
import { formatDate, href } from './format.js';

/**
 * A traffic light that does not rely on colour: a shape (circle, triangle, square; a bar for "no data")
 * and a word beside the colour, so it reads the same in grey, to a screen reader and to someone who does
 * not tell red from green.
 */
const SHAPES: Record<TrafficLight, preact.VNode> = {
  green: <circle cx="8" cy="8" r="6.5" />,
  amber: <path d="M8 1.5 15 14.5H1z" />,
  red: <rect x="2" y="2" width="12" height="12" />,
  'no-data': <rect x="1.5" y="6" width="13" height="4" />,
};

/** How the light was decided, as visible text beside it (decision 036). */
export function LightReasonText({ text }: { text: string }) {
  return <span class="light-reason">{text}</span>;
}

export function TrafficLightBadge({ light, lang }: { light: TrafficLight; lang: Lang }) {
  return (
    <span class={`light light-${light}`}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        {SHAPES[light]}
      </svg>{' '}
      {monitoringMessages[lang].lightWords[light]}
    </span>
  );
}

/** The plan's public semáforo: counts per colour and one light per commitment, for the day it was computed. */
export function PublicSemaforo({ lights, lang }: { lights: PublicTrafficLights; lang: Lang }) {
  const m = monitoringMessages[lang];
  return (
    <section aria-labelledby="semaforo">
      <h2 id="semaforo">{m.semaforoHeading}</h2>
      <p>{m.semaforoIntro(formatDate(lights.date, lang))}</p>
      <ul class="headline">
        {TRAFFIC_LIGHTS.map((l) => (
          <li key={l}>
            <strong>{lights.counts[l]}</strong> <TrafficLightBadge light={l} lang={lang} />
          </li>
        ))}
      </ul>
      <div class="table-scroll">
        <table class="data">
          <caption>{m.semaforoCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colNumber}</th>
              <th scope="col">{m.colCommitment}</th>
              <th scope="col">{m.colLight}</th>
            </tr>
          </thead>
          <tbody>
            {lights.rows.map((r) => (
              <tr key={r.id}>
                <td>{r.number}</td>
                <th scope="row">
                  <a href={href(lang, `/compromisos/${r.id}`)}>{r.title}</a>
                </th>
                <td>
                  <TrafficLightBadge light={r.light} lang={lang} /> <LightReasonText text={lightReasonText(r.reason, lang)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
