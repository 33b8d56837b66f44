import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { warningLine } from '../../src/i18n/index.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import type { ImportWarning } from '../../src/import/warnings.js';
import {
  addMark,
  changeSummaryCell,
  clearMarks,
  deleteComparisonRow,
  deleteFicha,
  moveMark,
  renameLabel,
  seedText,
} from '../helpers/seed.js';

/** Altered copies of the seed: every disagreement inside the document becomes a warning naming the commitment and both values. */
function read(text: string) {
  return readTextReport(Buffer.from(text, 'utf8'), 'altered.txt');
}
const codes = (ws: ImportWarning[]) => ws.map((w) => `${w.code}:${w.commitment ?? '-'}`);

describe('a report that disagrees with itself', () => {
  test('an X moved in a ficha: the ficha against the comparison table, and the summary against the fichas', () => {
    // Commitment 2 is Completo in the report; its X moves to Sustancial.
    const r = read(moveMark(seedText(), 2, 2));
    assert.equal(r.commitments[1]!.level, 'substantial', 'what could be read is still stored');
    const mismatch = r.warnings.find((w) => w.code === 'level_mismatch')!;
    assert.equal(mismatch.commitment, 2);
    assert.deepEqual(mismatch.params, { ficha: 'Sustancial', table: 'Completo', round: 'Evaluación final' });
    assert.match(
      warningLine(mismatch, 'es'),
      /^Compromiso 2, línea \d+: La ficha marca «Sustancial» pero el cuadro comparativo dice «Completo»/,
    );
    assert.match(
      warningLine(mismatch, 'en'),
      /^Commitment 2, line \d+: The ficha marks “Sustancial” but the comparison table says “Completo”/,
    );
    // The printed summary now disagrees too, in the cells that moved; the warnings name the commitments counted there.
    const counts = r.warnings.filter((w) => w.code === 'summary_count_mismatch').map((w) => w.params);
    assert.deepEqual(counts, [
      { theme: 'Transparencia y acceso a la información pública', column: 'Sustancial', printed: 1, computed: 2, commitments: '2, 4' },
      { theme: 'Transparencia y acceso a la información pública', column: 'Completo', printed: 4, computed: 3, commitments: '3, 5, 6' },
      { theme: 'Total', column: 'Sustancial', printed: 2, computed: 3, commitments: '2, 4, 17' },
      { theme: 'Total', column: 'Completo', printed: 11, computed: 10, commitments: '3, 5, 6, 8, 9, 11, 13, 14, 15, 16' },
    ]);
    assert.deepEqual(
      r.warnings.filter((w) => w.code === 'summary_percent_mismatch').map((w) => [w.params.column, w.params.printed, w.params.computed]),
      [
        ['Sustancial', '11,7', 17.6],
        ['Completo', '64,7', 58.8],
      ],
    );
  });

  test('a ficha deleted: the comparison table names a commitment with no ficha', () => {
    const r = read(deleteFicha(seedText(), 5));
    assert.equal(r.commitments.length, 16);
    const missing = r.warnings.filter((w) => w.code === 'missing_ficha');
    assert.deepEqual(codes(missing), ['missing_ficha:5']);
    assert.equal(missing[0]!.params.title, 'Mejorar el SEACE- Sistema Electrónico de Adquisiciones del Estado');
    assert.ok(
      r.warnings.some(
        (w) => w.code === 'summary_count_mismatch' && w.params.column === 'Completo' && w.params.printed === 4 && w.params.computed === 3,
      ),
    );
  });

  test('a count changed in the printed summary: the warning names the theme, the column, both values and the commitments', () => {
    // Participación ciudadana, Limitado: 1 → 2. Only commitment 10 is Limitado there.
    const r = read(changeSummaryCell(seedText(), 'Participación ciudadana', 2, '2'));
    assert.deepEqual(codes(r.warnings), ['summary_count_mismatch:-']);
    const w = r.warnings[0]!;
    assert.deepEqual(w.params, { theme: 'Participación ciudadana', column: 'Limitado', printed: 2, computed: 1, commitments: '10' });
    assert.match(
      warningLine(w, 'es'),
      /Participación ciudadana, columna «Limitado»: el reporte imprime 2 pero las fichas suman 1 \(compromisos: 10\)/,
    );
  });

  test('a percentage that is neither the rounded nor the truncated share is a warning; 5.8 for 1/17 is not', () => {
    const r = read(changeSummaryCell(seedText(), '   %', 4, '60,1'));
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.params.column, w.params.printed, w.params.computed]),
      [['summary_percent_mismatch', 'Completo', '60,1', 64.7]],
    );
  });

  test('a ficha with no X, and one with two', () => {
    const none = read(clearMarks(seedText(), 7));
    assert.deepEqual(codes(none.warnings.filter((w) => w.commitment !== null)), ['no_level_mark:7']);
    // Without its level, commitment 7 no longer counts as No iniciado in the summary.
    assert.ok(
      none.warnings.some((w) => w.code === 'summary_count_mismatch' && w.params.column === 'No iniciado' && w.params.computed === 0),
    );
    assert.equal(none.commitments[6]!.level, null);
    const two = read(addMark(seedText(), 9, 1));
    assert.deepEqual(codes(two.warnings.filter((w) => w.commitment !== null)), ['multiple_level_marks:9']);
    assert.equal(two.warnings[0]!.params.levels, 'Limitado, Completo');
  });

  test('a label the reader does not know: kept as an extra field, with a warning', () => {
    const r = read(renameLabel(seedText(), 11, 'Relevancia', 'Pertinencia'));
    assert.deepEqual(codes(r.warnings), ['unknown_label:11']);
    assert.equal(r.warnings[0]!.params.label, 'Pertinencia');
    const c = r.commitments.find((x) => x.number === 11)!;
    assert.equal(c.relevance, null);
    assert.equal(c.otherFields.length, 1);
    assert.equal(c.otherFields[0]!.label, 'Pertinencia');
    assert.match(c.otherFields[0]!.value, /^Desarrollar instrumentos basados en herramientas tecnológicas/);
    assert.doesNotMatch(c.description!, /Pertinencia|Desarrollar instrumentos/);
  });

  test('a ficha missing from the comparison table', () => {
    const r = read(deleteComparisonRow(seedText(), 14));
    assert.deepEqual(codes(r.warnings), ['missing_from_table:14']);
  });
});
