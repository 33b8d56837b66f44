import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkNarrativeFigures, sentencesOf, sharesOf, type FigureRow, type NarrativeText } from '../../src/domain/narrative-figures.js';

/**
 * The narrative's figures against the computed tables (issue 20): which figures count, the tolerance of
 * the precision they are written with, the ways a percentage is written, and a theme's total.
 */
const row = (notStarted: number, limited: number, substantial: number, complete: number, unassessed = 0): FigureRow => ({
  counts: { 'not-started': notStarted, limited, substantial, complete },
  unassessed,
  total: notStarted + limited + substantial + complete + unassessed,
});
// The demo plan at its end-of-term round (11 of 17 Completo: 64,7 %), and with one Completo fewer (58,8 %).
const themes = [row(1, 0, 1, 4), row(1, 1, 0, 2), row(1, 0, 0, 2), row(0, 0, 1, 3)];
const demo = row(3, 1, 2, 11);
const lowered = row(3, 1, 3, 10);
const loweredThemes = [row(1, 0, 2, 3), ...themes.slice(1)];
const CONCLUSION =
  'c) Se ha alcanzado un alto nivel de cumplimiento de los compromisos del PAGA 2015-2016 (65%), tomando en consideración que el Plan se ha llevado a cabo en un contexto de cambio de gobierno y modificaciones en el ROF de la PCM que tenía a su cargo 7 compromisos.';
const section = (text: string): NarrativeText<string> => ({ ref: 'conclusions', text, theme: null, synthesis: false });

describe('figures quoted in the narrative', () => {
  test('the demo conclusion: "(65%)" agrees with 64,7 %, and not with 58,8 %, naming the sentence and the nearest share', () => {
    assert.deepEqual(checkNarrativeFigures([section(CONCLUSION)], demo, themes), []);
    const [m, ...rest] = checkNarrativeFigures([section(`Introducción.\n${CONCLUSION} Otra frase.`)], lowered, loweredThemes);
    assert.equal(rest.length, 0);
    assert.ok(m?.kind === 'share');
    assert.equal(m.sentence, CONCLUSION);
    assert.equal(m.written, '65%');
    assert.equal(m.value, 65);
    assert.deepEqual(m.nearest.of, { level: 'complete' });
    assert.equal(m.nearest.theme, null);
    assert.equal(Math.round(m.nearest.percent * 10) / 10, 58.8);
  });

  test('a percentage is written "65%", "65 %", "65,0 %", "64.7%", "65 por ciento", "65 percent"', () => {
    const written = (s: string) => checkNarrativeFigures([section(`El ${s} de los compromisos se cumplió.`)], lowered, loweredThemes);
    for (const s of ['65%', '65 %', '65,0 %', '64.7%', '65 por ciento', '65 percent'])
      assert.equal(written(s).length, 1, `${s} is read as a share`);
    assert.equal(written('58,8 %').length, 0);
    assert.equal(written('59%').length, 0);
  });

  test('the tolerance is the precision written: "65%" covers 64,706 %, "65,0 %" and "64,8 %" do not', () => {
    const check = (s: string) => checkNarrativeFigures([section(`Se cumplió el ${s} de los compromisos.`)], demo, themes).length;
    assert.equal(check('65%'), 0);
    assert.equal(check('64,7 %'), 0);
    assert.equal(check('64.71%'), 0);
    assert.equal(check('65,0 %'), 1);
    assert.equal(check('64,8 %'), 1);
    assert.equal(check('66%'), 1);
  });

  test('which shares count: each level, the levels from one up, the unassessed, of the plan or a theme', () => {
    const check = (s: string) => checkNarrativeFigures([section(`El ${s} de los compromisos.`)], demo, themes).length;
    assert.equal(check('17,6 %'), 0, 'not started, of the plan (3 of 17)');
    assert.equal(check('76,5 %'), 0, 'substantial or complete, of the plan (13 of 17)');
    assert.equal(check('82,4 %'), 0, 'at least limited, of the plan (14 of 17)');
    assert.equal(check('75 %'), 0, "complete, of the fourth theme's 4");
    assert.equal(check('0 %'), 0, 'a level nobody is at');
    assert.equal(check('30 %'), 1);
    const shares = sharesOf(row(1, 0, 0, 2, 1), []);
    assert.deepEqual(
      shares.map((s) => [s.of, s.part, s.whole]),
      [
        [{ level: 'not-started' }, 1, 4],
        [{ level: 'limited' }, 0, 4],
        [{ from: 'limited' }, 2, 4],
        [{ level: 'substantial' }, 0, 4],
        [{ from: 'substantial' }, 2, 4],
        [{ level: 'complete' }, 2, 4],
        [{ unassessed: true }, 1, 4],
      ],
    );
  });

  test('figures that are not the tables\' are not checked: no "compromisos" in the sentence, a single commitment, counts outside a synthesis', () => {
    const texts = [
      section('El presupuesto se ejecutó al 37%.'),
      section('El Ministerio reportó el cumplimiento del compromiso al 99%.'),
      section('Este segundo plan recogió 17 de los 18 compromisos y dejó 49 compromisos fuera.'),
    ];
    assert.deepEqual(checkNarrativeFigures(texts, demo, themes), []);
  });

  test("a theme's synthesis states the theme's total: checked against its row, in Spanish and English", () => {
    const synthesis = (theme: number, text: string): NarrativeText<string> => ({ ref: `theme-${theme}`, text, theme, synthesis: true });
    const texts = [
      synthesis(0, 'En síntesis, de los 6 compromisos establecidos en materia de Transparencia, 4 se cumplieron.'),
      synthesis(3, 'Del total de 4 compromisos asumidos por el Perú, se han cumplido 3.'),
      synthesis(1, 'In short, of the 5 commitments on participation, 2 were completed.'),
      synthesis(2, 'De 3 compromisos, dos se cumplieron (66,7 %).'),
    ];
    const found = checkNarrativeFigures(texts, demo, themes);
    assert.equal(found.length, 1);
    assert.deepEqual(
      { ref: found[0]!.ref, written: found[0]!.written, kind: found[0]!.kind, total: found[0]!.kind === 'total' && found[0]!.total },
      { ref: 'theme-1', written: 'of the 5 commitments', kind: 'total', total: 4 },
    );
    // A theme's text: the nearest share named is the theme's own.
    const [share] = checkNarrativeFigures([synthesis(2, 'De los 3 compromisos, el 40 % se cumplió.')], demo, themes);
    assert.ok(share?.kind === 'share' && share.nearest.theme === 2);
  });

  test('sentences: a line is a paragraph, split after ". " before a capital, a digit or "¿", never inside "64.7%"', () => {
    assert.deepEqual(sentencesOf('Primera frase (64.7%). Segunda: 2 compromisos. ¿Tercera?\nCuarta'), [
      'Primera frase (64.7%).',
      'Segunda: 2 compromisos.',
      '¿Tercera?',
      'Cuarta',
    ]);
  });
});
