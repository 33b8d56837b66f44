import type { TopLevelSpec } from 'vega-lite';
import { levelLabel, type Level } from '../domain/levels.js';
import type { Summary } from '../domain/summary.js';
import type { Lang } from '../i18n/lang.js';

/**
 * The plan dashboard's stacked bar chart, drawn on the server as SVG with Vega-Lite; the Word report draws the
 * same SVG (chart-png.ts). A diverging palette (issue 20): No iniciado (red) is as strong as Completo (blue) at
 * the other end, Limitado (orange) and Sustancial (light blue) between them — orange against blue reads with the
 * common colour-vision deficiencies. Every fill stands 3:1 against the white background, every count written on
 * a segment 4.5:1 against its fill (test/report/chart-palette.test.ts); each segment has an outline and its
 * count on it, so no information rests on colour alone.
 */
const ORDER: Level[] = ['complete', 'substantial', 'limited', 'not-started'];
export const CHART_BACKGROUND = '#ffffff';
export const CHART_FILL: Record<Level, string> = {
  complete: '#2166ac',
  substantial: '#4393c3',
  limited: '#e66101',
  'not-started': '#b2182b',
};
export const CHART_TEXT: Record<Level, string> = {
  complete: '#ffffff',
  substantial: '#1b1f23',
  limited: '#1b1f23',
  'not-started': '#ffffff',
};
/** Words (title, axes, legend, theme names): the page's ink. */
export const CHART_INK = '#1b1f23';
/** No word smaller than this in the drawing: drawn at its natural width or wider, it reads at 12 px or more. */
export const CHART_FONT_SIZE = 13;

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
/** The narrow layout's bars: with its margins the drawing stays within a 360 px screen's column (328 px). */
const NARROW_WIDTH = 280;

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
      theme: wrap(r.theme, layout === 'narrow' ? 36 : 30),
      level: levelLabel(l, lang),
      order: ORDER.indexOf(l),
      n: r.counts[l],
      text: CHART_TEXT[l],
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
          scale: { domain, range: ORDER.map((l) => CHART_FILL[l]) },
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
      mark: { type: 'text' as const, baseline: 'middle' as const, fontSize: CHART_FONT_SIZE, fontWeight: 'bold' as const },
      encoding: {
        x: { field: 'n', type: 'quantitative' as const, stack: 'zero' as const, bandPosition: 0.5 },
        text: { field: 'n', type: 'quantitative' as const },
        color: { field: 'text', type: 'nominal' as const, scale: null },
      },
    },
  ];
  const themes = summary.rows.map((r) => wrap(r.theme, layout === 'narrow' ? 36 : 30));
  // The figure around the drawing carries its text alternative: Vega's own ARIA labels (in English) are not wanted.
  const words = { labelFontSize: CHART_FONT_SIZE, titleFontSize: CHART_FONT_SIZE, labelColor: CHART_INK, titleColor: CHART_INK };
  const config = {
    font: 'system-ui, sans-serif',
    aria: false,
    view: { stroke: null },
    axis: { labelLimit: 360, ...words, domainColor: CHART_INK, tickColor: CHART_INK },
    legend: { titleLimit: 360, labelLimit: 240, ...words },
    header: { labelColor: CHART_INK },
  };
  // Vega measures words by an estimate wider than most fonts: a narrow title on two lines keeps the drawing narrow.
  const title = {
    text: layout === 'narrow' ? wrap(labels.title, 22).split('\n') : labels.title,
    anchor: 'start' as const,
    fontSize: 15,
    color: CHART_INK,
  };
  const spec: TopLevelSpec =
    layout === 'wide'
      ? {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title,
          width: 480,
          height: { step: 44 },
          background: CHART_BACKGROUND,
          data: { values },
          encoding: {
            y: {
              field: 'theme',
              type: 'nominal',
              sort: themes,
              title: null,
              axis: { labelFontSize: CHART_FONT_SIZE, labelExpr: "split(datum.label, '\\n')", labelLineHeight: 16 },
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
          background: CHART_BACKGROUND,
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
                labelFontSize: CHART_FONT_SIZE,
                labelLimit: 400,
                labelPadding: 4,
                labelExpr: "split(datum.label, '\\n')",
                labelLineHeight: 16,
              },
            },
          },
          spacing: 14,
          spec: { width: NARROW_WIDTH, height: 26, encoding: { x, order: { field: 'order' } }, layer: layers },
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

/**
 * The drawing as the page shows it: as wide as its column (width 100%, its height from the viewBox), where
 * the Word report keeps the drawn size. Both layouts are drawn near the width they are shown at (site.css),
 * so a word of 13 px is not shown below 12.
 */
export function responsiveSvg(svg: string): string {
  return svg.replace(/^<svg ([^>]*?)width="[\d.]+" height="[\d.]+"/, '<svg $1width="100%"');
}
