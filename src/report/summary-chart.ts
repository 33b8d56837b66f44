import type { TopLevelSpec } from 'vega-lite';
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

export type ChartLayout = 'wide' | 'narrow';

/**
 * `wide`: one bar per theme, its name on the left. `narrow` (phones, 360 px): each theme's name above
 * its bar, so the labels stay readable when the drawing is scaled to the screen.
 */
export function summaryChartSvg(
  summary: Summary,
  lang: Lang,
  labels: { title: string; axis: string; legend: string },
  layout: ChartLayout = 'wide',
): Promise<string> {
  const key = JSON.stringify([lang, labels, layout, summary.rows.map((r) => [r.theme, r.counts])]);
  let svg = drawn.get(key);
  if (!svg) {
    svg = drawChart(summary, lang, labels, layout);
    svg.catch(() => drawn.delete(key));
    drawn.set(key, svg);
    if (drawn.size > MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
  }
  return svg;
}

async function drawChart(
  summary: Summary,
  lang: Lang,
  labels: { title: string; axis: string; legend: string },
  layout: ChartLayout,
): Promise<string> {
  const values = summary.rows.flatMap((r) =>
    ORDER.filter((l) => r.counts[l] > 0).map((l) => ({
      theme: wrap(r.theme, layout === 'narrow' ? 34 : 26),
      level: levelLabel(l, lang),
      order: ORDER.indexOf(l),
      n: r.counts[l],
      text: TEXT[l],
    })),
  );
  const domain = ORDER.map((l) => levelLabel(l, lang));
  const x = {
    field: 'n',
    type: 'quantitative' as const,
    stack: 'zero' as const,
    title: labels.axis,
    axis: { tickMinStep: 1, format: 'd' },
  };
  const layers = [
    {
      mark: { type: 'bar' as const, stroke: '#1b1f23', strokeWidth: 1 },
      encoding: {
        color: {
          field: 'level',
          type: 'nominal' as const,
          title: labels.legend,
          scale: { domain, range: ORDER.map((l) => FILL[l]) },
          legend: {
            orient: 'bottom' as const,
            direction: 'horizontal' as const,
            symbolStrokeColor: '#1b1f23',
            symbolStrokeWidth: 1,
            columns: layout === 'narrow' ? 2 : 4,
          },
        },
      },
    },
    {
      mark: { type: 'text' as const, baseline: 'middle' as const, fontSize: 12, fontWeight: 'bold' as const },
      encoding: {
        x: { field: 'n', type: 'quantitative' as const, stack: 'zero' as const, bandPosition: 0.5 },
        text: { field: 'n', type: 'quantitative' as const },
        color: { field: 'text', type: 'nominal' as const, scale: null },
      },
    },
  ];
  const themes = summary.rows.map((r) => wrap(r.theme, layout === 'narrow' ? 34 : 26));
  // The figure around the drawing carries its text alternative: Vega's own ARIA labels (in English) are not wanted.
  const config = {
    font: 'system-ui, sans-serif',
    aria: false,
    view: { stroke: null },
    axis: { labelLimit: 360 },
    legend: { titleLimit: 360, labelLimit: 240 },
  };
  const title = { text: labels.title, anchor: 'start' as const, fontSize: 15 };
  const spec: TopLevelSpec =
    layout === 'wide'
      ? {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title,
          width: 420,
          height: { step: 44 },
          background: '#ffffff',
          data: { values },
          encoding: {
            y: {
              field: 'theme',
              type: 'nominal',
              sort: themes,
              title: null,
              axis: { labelFontSize: 12, labelExpr: "split(datum.label, '\\n')", labelLineHeight: 14 },
            },
            x,
            order: { field: 'order' },
          },
          layer: layers,
          config,
        }
      : {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title,
          background: '#ffffff',
          data: { values },
          facet: {
            row: {
              field: 'theme',
              type: 'nominal',
              sort: themes,
              title: null,
              header: {
                labelAngle: 0,
                labelOrient: 'top',
                labelAnchor: 'start',
                labelAlign: 'left',
                labelFontSize: 12,
                labelLimit: 400,
                labelExpr: "split(datum.label, '\\n')",
                labelLineHeight: 14,
              },
            },
          },
          spacing: 6,
          spec: { width: 250, height: 24, encoding: { x, order: { field: 'order' } }, layer: layers },
          config,
        };
  // vega and vega-lite (~20 MiB once loaded) only when a chart is drawn, not at every start (docs/performance.md, memory).
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG().then((svg) => {
    view.finalize();
    // The figure around it carries the text alternative; the drawing itself is hidden from screen readers.
    return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  });
}
