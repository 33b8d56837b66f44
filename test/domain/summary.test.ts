import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareRounds, computeSummary, movementBetween, percentOf } from '../../src/domain/summary.js';
import { levelLabel, levelRank, parseLevel, LEVELS } from '../../src/domain/levels.js';

describe('percentages', () => {
  test('rounded half up to one decimal, where the 2015–2016 report truncated', () => {
    assert.equal(percentOf(1, 17), 5.9); // the report printed 5.8
    assert.equal(percentOf(2, 17), 11.8); // the report printed 11,7
    assert.equal(percentOf(3, 17), 17.6);
    assert.equal(percentOf(11, 17), 64.7);
    assert.equal(percentOf(17, 17), 100);
  });
  test('exact halves go up, without floating-point surprises', () => {
    assert.equal(percentOf(1, 16), 6.3); // 6.25
    assert.equal(percentOf(1, 8), 12.5);
    assert.equal(percentOf(1, 400), 0.3); // 0.25
    assert.equal(percentOf(1, 2000), 0.1); // 0.05
    assert.equal(percentOf(1, 3), 33.3);
    assert.equal(percentOf(2, 3), 66.7);
  });
  test('nothing to divide gives 0', () => {
    assert.equal(percentOf(0, 0), 0);
    assert.equal(percentOf(0, 5), 0);
  });
});

describe('the summary table', () => {
  const themes = [
    { id: 1, title: 'A' },
    { id: 2, title: 'B' },
  ];
  test('counts per theme and level, totals, and commitments with no level apart', () => {
    const s = computeSummary({
      themes,
      commitments: [
        { id: 10, themeId: 1 },
        { id: 11, themeId: 1 },
        { id: 12, themeId: 2 },
        { id: 13, themeId: 2 },
      ],
      levels: new Map([
        [10, 'complete'],
        [11, 'limited'],
        [12, 'complete'],
        [13, null],
      ]),
    });
    assert.deepEqual(
      s.rows.map((r) => [r.theme, r.counts.complete, r.counts.limited, r.unassessed, r.total]),
      [
        ['A', 1, 1, 0, 2],
        ['B', 1, 0, 1, 2],
      ],
    );
    assert.deepEqual(s.total.counts, { 'not-started': 0, limited: 1, substantial: 0, complete: 2 });
    assert.equal(s.total.total, 4);
    assert.equal(s.percentages.complete, 50);
  });
  test('an empty plan', () => {
    const s = computeSummary({ themes, commitments: [], levels: new Map() });
    assert.equal(s.total.total, 0);
    assert.deepEqual(s.percentages, { 'not-started': 0, limited: 0, substantial: 0, complete: 0 });
  });
});

describe('levels and movements', () => {
  test('the scale is ordered and read in both languages, any case or accents', () => {
    assert.deepEqual(LEVELS, ['not-started', 'limited', 'substantial', 'complete']);
    assert.ok(levelRank('complete') > levelRank('substantial'));
    assert.equal(parseLevel('No iniciado'), 'not-started');
    assert.equal(parseLevel('  SUSTANCIAL '), 'substantial');
    assert.equal(parseLevel('Not started'), 'not-started');
    assert.equal(parseLevel('Completo.'), 'complete');
    assert.equal(parseLevel('Avanzado'), null);
    assert.equal(levelLabel('limited', 'es'), 'Limitado');
    assert.equal(levelLabel('limited', 'en'), 'Limited');
  });
  test('up, down, same, unknown', () => {
    assert.equal(movementBetween('limited', 'complete'), 'up');
    assert.equal(movementBetween('complete', 'substantial'), 'down');
    assert.equal(movementBetween('limited', 'limited'), 'same');
    assert.equal(movementBetween(null, 'limited'), 'unknown');
    const c = compareRounds(
      [
        { id: 2, number: 2, title: 'b' },
        { id: 1, number: 1, title: 'a' },
      ],
      new Map([
        [1, 'limited'],
        [2, 'complete'],
      ]),
      new Map([
        [1, 'complete'],
        [2, 'complete'],
      ]),
    );
    assert.deepEqual(
      c.rows.map((r) => [r.number, r.movement]),
      [
        [1, 'up'],
        [2, 'same'],
      ],
    );
    assert.deepEqual(c.counts, { up: 1, down: 0, same: 1, unknown: 0 });
  });
});
