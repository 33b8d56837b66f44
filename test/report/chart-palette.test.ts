import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LEVELS } from '../../src/domain/levels.js';
import {
  CHART_BACKGROUND,
  CHART_FILL,
  CHART_FONT_SIZE,
  CHART_INK,
  CHART_TEXT,
  responsiveSvg,
  summaryChartSvg,
} from '../../src/report/summary-chart.js';

/** WCAG 2's contrast ratio of two sRGB colours written #rrggbb. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const summary = {
  rows: [
    { theme: 'Transparencia y Acceso a la información Pública', counts: { 'not-started': 1, limited: 0, substantial: 1, complete: 4 } },
    { theme: 'Participación Ciudadana', counts: { 'not-started': 1, limited: 1, substantial: 0, complete: 2 } },
  ],
} as unknown as Parameters<typeof summaryChartSvg>[0];
const labels = { title: 'Nivel de cumplimiento por tema', axis: 'Compromisos', legend: 'Nivel' };

describe('the summary chart’s colours and words (issue 20)', () => {
  test('every level’s fill stands 3:1 against the background, its count 4.5:1 against the fill; No iniciado as strong as Completo', () => {
    for (const level of LEVELS) {
      assert.ok(
        contrast(CHART_FILL[level], CHART_BACKGROUND) >= 3,
        `${level}: ${contrast(CHART_FILL[level], CHART_BACKGROUND).toFixed(2)}`,
      );
      assert.ok(
        contrast(CHART_TEXT[level], CHART_FILL[level]) >= 4.5,
        `${level}'s count: ${contrast(CHART_TEXT[level], CHART_FILL[level]).toFixed(2)}`,
      );
    }
    assert.ok(contrast(CHART_INK, CHART_BACKGROUND) >= 4.5);
    // The two ends of the scale: within a third of each other against the background, not one near white.
    const ends = [contrast(CHART_FILL['not-started'], CHART_BACKGROUND), contrast(CHART_FILL.complete, CHART_BACKGROUND)];
    assert.ok(Math.min(...ends) / Math.max(...ends) > 0.66, ends.join(' / '));
    assert.equal(new Set(Object.values(CHART_FILL)).size, LEVELS.length, 'four colours');
  });

  test('the drawing uses only those colours and no word under 13 px; on the page it takes the column’s width', async () => {
    for (const layout of ['wide', 'narrow'] as const) {
      const svg = await summaryChartSvg(summary, 'es', labels, layout);
      const fills = new Set([...svg.matchAll(/fill="(#[0-9a-f]{3,6})"/gi)].map((m) => m[1]!.toLowerCase()));
      const allowed = new Set([CHART_BACKGROUND, CHART_INK, ...Object.values(CHART_FILL), ...Object.values(CHART_TEXT)]);
      assert.deepEqual(
        [...fills].filter((f) => !allowed.has(f)),
        [],
        `${layout}: no colour of Vega's defaults (grey words)`,
      );
      const sizes = [...svg.matchAll(/font-size="(\d+(?:\.\d+)?)px"/g)].map((m) => Number(m[1]));
      assert.ok(sizes.length > 0 && Math.min(...sizes) >= CHART_FONT_SIZE, `${layout}: ${sizes.join(',')}`);
      const page = responsiveSvg(svg);
      assert.match(page, /^<svg [^>]*width="100%"[^>]*viewBox="0 0 [\d.]+ [\d.]+"/);
      assert.doesNotMatch(page.slice(0, page.indexOf('>')), /height=/);
      // The narrow drawing fits a 360 px screen's column (328 px) at its natural size or larger: its words stay ≥ 12 px.
      if (layout === 'narrow') {
        const width = Number(/viewBox="0 0 ([\d.]+)/.exec(page)![1]);
        assert.ok((CHART_FONT_SIZE * 328) / width >= 12, `narrow drawing ${width} wide`);
      }
    }
  });
});
