import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { levelLabel, type Level } from '../domain/levels.js';
import type { Summary } from '../domain/summary.js';
import type { Lang } from '../i18n/lang.js';

/**
 * The plan dashboard's stacked bar chart, drawn on the server as SVG with Vega-Lite. Levels go from
 * Completo (darkest) to No iniciado (lightest), so the order reads in greyscale too; each segment has
 * an outline and its count written on it, so no information rests on colour alone.
 */
const ORDER: Level[] = ['complete', 'substantial', 'limited', 'not-started'];
const FILL: Record<Level, string> = { complete: '#08306b', substantial: '#2171b5', limited: '#9ecae1', 'not-started': '#f7fbff' };
const TEXT: Record<Level, string> = { complete: '#ffffff', substantial: '#ffffff', limited: '#08306b', 'not-started': '#08306b' };

/** Long theme names on two or three lines instead of cut with an ellipsis. */
function wrap(text: string, width = 26): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Drawing a chart takes milliseconds; the same numbers and words give the same SVG, so it is kept. */
const drawn = new Map<string, Promise<string>>();
const MAX_DRAWN = 500;

export function summaryChartSvg(summary: Summary, lang: Lang, labels: { title: string; axis: string; legend: string }): Promise<string> {
  const key = JSON.stringify([lang, labels, summary.rows.map((r) => [r.theme, r.counts])]);
  let svg = drawn.get(key);
  if (!svg) {
    svg = drawChart(summary, lang, labels);
    svg.catch(() => drawn.delete(key));
    drawn.set(key, svg);
    if (drawn.size > MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
  }
  return svg;
}

function drawChart(summary: Summary, lang: Lang, labels: { title: string; axis: string; legend: string }): Promise<string> {
  const values = summary.rows.flatMap((r) =>
    ORDER.filter((l) => r.counts[l] > 0).map((l) => ({ theme: wrap(r.theme), level: levelLabel(l, lang), order: ORDER.indexOf(l), n: r.counts[l], text: TEXT[l] })),
  );
  const domain = ORDER.map((l) => levelLabel(l, lang));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: labels.title, anchor: 'start', fontSize: 15 },
    width: 420,
    height: { step: 44 },
    background: '#ffffff',
    data: { values },
    encoding: {
      y: { field: 'theme', type: 'nominal', sort: summary.rows.map((r) => wrap(r.theme)), title: null, axis: { labelFontSize: 12, labelExpr: "split(datum.label, '\\n')", labelLineHeight: 14 } },
      x: { field: 'n', type: 'quantitative', stack: 'zero', title: labels.axis, axis: { tickMinStep: 1, format: 'd' } },
      order: { field: 'order' },
    },
    layer: [
      {
        mark: { type: 'bar', stroke: '#1b1f23', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'level',
            type: 'nominal',
            title: labels.legend,
            scale: { domain, range: ORDER.map((l) => FILL[l]) },
            legend: { orient: 'bottom', direction: 'horizontal', symbolStrokeColor: '#1b1f23', symbolStrokeWidth: 1 },
          },
        },
      },
      {
        mark: { type: 'text', baseline: 'middle', fontSize: 12, fontWeight: 'bold' },
        encoding: {
          x: { field: 'n', type: 'quantitative', stack: 'zero', bandPosition: 0.5 },
          text: { field: 'n', type: 'quantitative' },
          color: { field: 'text', type: 'nominal', scale: null },
        },
      },
    ],
    // Long Spanish theme names are not cut: Vega estimates text width without a canvas, generously.
    config: { font: 'system-ui, sans-serif', view: { stroke: null }, axis: { labelLimit: 360 }, legend: { titleLimit: 360, labelLimit: 240 } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG().then((svg) => {
    view.finalize();
    // The figure around it carries the text alternative; the drawing itself is hidden from screen readers.
    return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  });
}
