import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findDocumentReferences, findUnreadReferences, referenceKey } from '../../src/import/evidence-references.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { seedBytes, seedText } from '../helpers/seed.js';

const refs = (text: string) => findDocumentReferences(text).map((r) => [r.text, r.date]);

/** Sentences of the 2015–2016 report, as it writes them. */
describe('documents named by number in evidence text', () => {
  test('kind, qualifiers, mark and number, with the date of the clause right after it', () => {
    assert.deepEqual(
      refs(
        'se formuló y aprobó el segundo plan de acción 2015-2016, mediante Resolución Ministerial N° 176-2015-PCM, publicada el 17 de julio 2015. ',
      ),
      [['Resolución Ministerial N° 176-2015-PCM', '2015-07-17']],
    );
    assert.deepEqual(refs('Fuente: Oficio N° 290-2017-MIDIS/SG/OGPPM, del 12.09.17'), [
      ['Oficio N° 290-2017-MIDIS/SG/OGPPM', '2017-09-12'],
    ]);
    assert.deepEqual(refs('Fuente: Memorando N° 568-2016-PCM/ONGEI, del 15.09.16'), [['Memorando N° 568-2016-PCM/ONGEI', '2016-09-15']]);
    assert.deepEqual(refs('Se remitió el Oficio No. 001-2017-MIDIS/VMPES/DGFO (16 de marzo de 2017) donde se solicita'), [
      ['Oficio No. 001-2017-MIDIS/VMPES/DGFO', '2017-03-16'],
    ]);
    // The final stop is the sentence's; a date further away is not the document's.
    assert.deepEqual(refs('Fuente: Oficio N° 2813-2017/OSCE/SGE.'), [['Oficio N° 2813-2017/OSCE/SGE', null]]);
    assert.deepEqual(refs('mediante Decreto Legislativo N° 1353, el mismo que contiene modificaciones. En enero de 2017 se creó'), [
      ['Decreto Legislativo N° 1353', null],
    ]);
  });

  test('marks written every way, qualifiers of several words, abbreviations; a URL is not read here', () => {
    assert.deepEqual(
      refs(
        'aprobado con Resolución de Dirección Ejecutiva No. 4695-2016-MIDIS/PNAEQW. Documento referencial: Ordenanza Regional N°356 que crea la Comisión; DS No.022-2017-PCM',
      ).map(([t]) => t),
      ['Resolución de Dirección Ejecutiva No. 4695-2016-MIDIS/PNAEQW', 'Ordenanza Regional N°356', 'DS No.022-2017-PCM'],
    );
    assert.deepEqual(refs('El informe técnico que contenga la propuesta normativa; la Ley de Transparencia'), []);
  });

  test('a number mark with no kind of document before it is unread; a commitment or an activity by number is no document', () => {
    assert.deepEqual(findUnreadReferences('se aprobó el Protocolo N° 12-2016 y el Oficio N° 3-2017'), [
      'se aprobó el Protocolo N° 12-2016',
    ]);
    assert.deepEqual(findUnreadReferences('No se cumplió con el compromiso No.12 ni la actividad N° 3'), []);
  });

  test('one document however its mark was written', () => {
    assert.equal(referenceKey('Directiva No. 015-2016-CG/GPROD'), referenceKey('directiva N° 015-2016-CG/GPROD'));
    assert.notEqual(referenceKey('Oficio N° 290-2017-MIDIS'), referenceKey('Oficio N° 291-2017-MIDIS'));
  });

  test('the seed report: each Completo has a link or a document; references by activity, "Fuente:" lines the whole commitment’s; no warning', () => {
    const report = readTextReport(seedBytes(), 'seed.txt');
    const c = (n: number) => report.commitments.find((x) => x.number === n)!;
    assert.deepEqual(c(5).references, [{ text: 'Oficio N° 2813-2017/OSCE/SGE', date: null, activityNumber: null }]);
    assert.deepEqual(
      c(9).references.map((r) => [r.text, r.activityNumber, r.date]),
      [
        ['Resolución de Dirección Ejecutiva No. 4695-2016-MIDIS/PNAEQW', 5, null],
        ['Oficio N° 290-2017-MIDIS/SG/OGPPM', null, '2017-09-12'],
      ],
    );
    // Commitment 10's "Fuente:" stands in its additional information: its document counts; running text there does not.
    assert.deepEqual(
      c(10).references.map((r) => r.text),
      ['Oficio N° 8405-2016-SG-CS-PJ'],
    );
    const completos = report.commitments.filter((x) => x.level === 'complete');
    assert.ok(completos.length > 0);
    for (const x of completos) assert.ok(x.evidence.length + x.references.length > 0, `commitment ${x.number}`);
    assert.deepEqual(report.warnings, []);
  });

  test('what is not read stays text, with a warning naming the commitment and the line', () => {
    const text = seedText()
      .replace('Fuente: Oficio N° 2813-2017/OSCE/SGE.', 'Ver el Protocolo N° 12-2016.')
      .replace(/aprobado con Resolución de Dirección Ejecutiva No\. 4695-2016-MIDIS\/PNAEQW/, 'aprobado por la Unidad')
      .replace('Fuente: Oficio N° 290-2017-MIDIS/SG/OGPPM, del 12.09.17\n\n\t\nInformación adicional', 'Información adicional');
    const report = readTextReport(Buffer.from(text), 'seed.txt');
    const lines = text.split('\n');
    /** The line (from 1) of the first line holding `s` after commitment n's ficha begins. */
    const lineOf = (n: number, s: string) => {
      const start = lines.findIndex((l) => l.startsWith(`\tCompromiso ${n}.`));
      return lines.findIndex((l, i) => i > start && l.includes(s)) + 1;
    };
    const warnings = report.warnings.map((w) => [w.code, w.commitment, w.line, w.params.text ?? null]);
    assert.deepEqual(warnings, [
      ['evidence_reference_unread', 5, lineOf(5, 'Ver el Protocolo'), 'Ver el Protocolo N° 12-2016'],
      ['complete_without_evidence', 5, lineOf(5, 'Descripción de los resultados'), null],
      ['complete_without_evidence', 9, lineOf(9, 'Descripción de los resultados'), null],
    ]);
    const c5 = report.commitments.find((x) => x.number === 5)!;
    assert.match(c5.results!, /Protocolo N° 12-2016/);
  });
});
