import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeSummary } from '../../src/domain/summary.js';
import { summaryChartSvg } from '../../src/report/summary-chart.js';
import { chartPng } from '../../src/report/chart-png.js';

/** The PNG that Word's fallback and LibreOffice show is the dashboard's SVG itself, words and all. */
describe('the chart as PNG', () => {
  const summary = computeSummary({
    themes: [
      { id: 1, title: 'Transparencia' },
      { id: 2, title: 'Participación' },
    ],
    commitments: [
      { id: 1, themeId: 1 },
      { id: 2, themeId: 1 },
      { id: 3, themeId: 2 },
    ],
    levels: new Map([
      [1, 'complete'],
      [2, 'limited'],
      [3, 'not-started'],
    ] as const),
  });
  const labels = { title: 'Compromisos por tema', axis: 'Compromisos', legend: 'Nivel' };

  test('is a PNG of the SVG’s size, drawn at twice its resolution for print', async () => {
    const svg = await summaryChartSvg(summary, 'es', labels);
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg) ?? [];
    const png = chartPng(svg);
    assert.deepEqual([...png.data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.width, Math.round(Number(w)));
    assert.equal(png.height, Math.round(Number(h)));
    assert.equal(png.data.readUInt32BE(16), png.width * 2, 'the IHDR width is twice the picture’s');
  });

  test('has the words: without its text elements the picture holds much less (fonts were found and drawn)', async () => {
    const svg = await summaryChartSvg(summary, 'es', labels);
    const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, '');
    assert.notEqual(withoutText, svg, 'the SVG has text elements');
    const withWords = chartPng(svg).data.length;
    const bare = chartPng(withoutText).data.length;
    assert.ok(withWords > bare * 1.2, `${withWords} bytes with words, ${bare} without`);
  });
});
