import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import type { ImportWarning } from '../../src/import/warnings.js';
import { replaceLineInFicha, seedText, withoutComparisonTable } from '../helpers/seed.js';

/** Layouts other reports use, and damage a file can suffer: read by structure, nothing lost, nothing invented. */
const read = (text: string) => readTextReport(Buffer.from(text, 'utf8'), 'layout.txt');
const codes = (ws: ImportWarning[]) => ws.map((w) => `${w.code}:${w.commitment ?? '-'}`);

describe('reports laid out differently', () => {
  test('no comparison table: one end-of-term round without a cutoff, and a warning', () => {
    const r = read(withoutComparisonTable(seedText()));
    assert.deepEqual(
      r.rounds.map((x) => [x.kind, x.cutoffDate]),
      [['end-of-term', null]],
    );
    assert.deepEqual(codes(r.warnings), ['no_comparison_table:-']);
    assert.equal(r.plan.status, 'completed');
    assert.equal(r.commitments.length, 17);
  });

  test('a title that says mid-term makes the fichas a mid-term round', () => {
    const r = read(`Informe de autoevaluación de medio término\n\n${withoutComparisonTable(seedText())}`);
    assert.equal(r.rounds[0]!.kind, 'midterm');
  });

  test('a value that begins "Compromiso 3…" is not a new ficha', () => {
    const text = replaceLineInFicha(
      seedText(),
      1,
      '\tActualizar una norma que data desde el año 2002 y efectivizar su cumplimiento para fortalecer los valores que OGP promueve en materia de transparencia y acceso a la información pública. ',
      '\tCompromiso 3 y 4 del primer plan se fusionaron en este.',
    );
    const r = read(text);
    assert.deepEqual(r.warnings, []);
    const one = r.commitments.find((c) => c.number === 1)!;
    assert.equal(one.relevance, 'Compromiso 3 y 4 del primer plan se fusionaron en este.');
    assert.equal(one.activities.length, 4);
    assert.equal(one.level, 'not-started');
    assert.equal(r.commitments.find((c) => c.number === 3)!.title.startsWith('Mejorar conocimientos'), true);
  });

  test('a comparison table whose titles start "Compromiso N:" is still a table', () => {
    const text = seedText().replace(
      /\n\t(\d+)\.\n\t([^\n]+)\n/g,
      (_m, n: string, title: string) => `\n\t${n}.\n\tCompromiso ${n}: ${title}\n`,
    );
    const r = read(text);
    assert.equal(r.commitments.length, 17);
    assert.equal(r.rounds.length, 2);
    assert.deepEqual(codes(r.warnings), []);
    assert.equal(r.rounds[0]!.levels.get(10)?.level, 'not-started');
  });

  test('a first label the reader does not know is kept, with a warning', () => {
    const r = read(replaceLineInFicha(seedText(), 4, '\tSecretaría/Ministerio', '\tInstitución ejecutora'));
    const four = r.commitments.find((c) => c.number === 4)!;
    assert.deepEqual(codes(r.warnings), ['unknown_label:4', 'missing_field:4']);
    assert.equal(four.otherFields[0]!.label, 'Institución ejecutora\nResponsable');
    assert.equal(four.otherFields[0]!.value, 'Ministerio de Desarrollo e Inclusión Social');
  });

  test('a blank "Descripción de los resultados" label: the level and the results are still read', () => {
    const r = read(replaceLineInFicha(seedText(), 7, '\tDescripción de los resultados', '\t'));
    const seven = r.commitments.find((c) => c.number === 7)!;
    assert.equal(seven.level, 'not-started');
    assert.equal(seven.activities.length, 5);
    assert.match(seven.results!, /^Las actividades previstas fueron:/);
    assert.deepEqual(r.warnings, []);
  });

  test('a footnote that is never closed gives its text back, with a warning', () => {
    const r = read(
      replaceLineInFicha(seedText(), 1, '1. Proyecto de ley culminado', '1. Proyecto de ley culminado[footnoteRef:9] [9: nota sin cerrar'),
    );
    const one = r.commitments.find((c) => c.number === 1)!;
    assert.equal(one.activities.length, 4);
    assert.deepEqual(codes(r.warnings), ['footnote_unclosed:1']);
    assert.match(one.results!, /\[9: nota sin cerrar/);
  });

  test('numbering that skips (1, 2, 4, 5): every item is an activity under its own number, with a warning', () => {
    let text = replaceLineInFicha(
      seedText(),
      7,
      '3. Aprobación de la propuesta de lineamientos por la Alta Dirección de PCM.',
      'Aprobación por la Alta Dirección.',
    );
    text = text.replace(
      '4. Publicación de la norma que aprueba los lineamientos',
      '4. Publicación de la norma que aprueba los lineamientos',
    );
    const r = read(text);
    const seven = r.commitments.find((c) => c.number === 7)!;
    assert.deepEqual(
      seven.activities.map((a) => a.number),
      [1, 2, 4, 5],
    );
    assert.deepEqual(codes(r.warnings), ['activity_numbering_gap:7']);
    assert.deepEqual(r.warnings[0]!.params, { previous: 2, next: 4 });
  });

  test('two fichas with one number: the second is kept under the next free number', () => {
    const r = read(seedText().replace('\tCompromiso 5. Mejorar el SEACE', '\tCompromiso 4. Mejorar el SEACE'));
    assert.equal(r.commitments.length, 17);
    const dup = r.warnings.find((w) => w.code === 'duplicate_commitment')!;
    assert.deepEqual(dup.params, { number: 4, stored: 18 });
    assert.equal(r.commitments.find((c) => c.number === 18)!.title, 'Mejorar el SEACE- Sistema Electrónico de Adquisiciones del Estado');
  });

  test('fichas that name no theme are grouped under one, with a warning', () => {
    const text = seedText()
      .split('\n')
      .filter((l) => !/^\tComponente/.test(l) && !/^Tema \d/.test(l))
      .join('\n');
    const r = read(text);
    assert.equal(r.commitments.length, 17);
    assert.deepEqual(
      r.themes.map((t) => t.title),
      ['Compromisos del plan'],
    );
    assert.ok(r.warnings.some((w) => w.code === 'no_theme' && w.commitment === 1));
  });

  test('unrelated text with one tabbed "Compromiso 1:" cell is not a report', () => {
    assert.throws(
      () => read('Acta de la reunión del comité\n\tCompromiso 1: traer café\n\tResponsable: Ana\n'),
      (e) => e instanceof AppError && e.code === 'report_not_a_report',
    );
  });

  test('Windows line ends and a byte-order mark read the same as the original', () => {
    const r = read(`\ufeff${seedText().replace(/\n/g, '\r\n')}`);
    assert.deepEqual(r.warnings, []);
    assert.equal(
      r.commitments.reduce((n, c) => n + c.activities.length, 0),
      61,
    );
  });
});
