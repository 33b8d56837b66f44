import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { messages } from '../../src/i18n/index.js';
import { readDocxReport } from '../../src/import/docx-report/index.js';
import type { ParsedReport } from '../../src/import/model.js';
import { readReport } from '../../src/import/read-report.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { seedDocx } from '../helpers/seed-docx.js';
import {
  addMark,
  changeSummaryCell,
  clearMarks,
  deleteComparisonRow,
  deleteFicha,
  moveMark,
  renameLabel,
  seedBytes,
  seedText,
} from '../helpers/seed.js';
import { storedZip } from '../helpers/zip.js';

/**
 * The seed as a Word file (test/helpers/seed-docx.ts: its fichas, summary, comparison and commitment
 * 3's table as Word tables, its footnotes as Word footnotes) must read exactly as its text export does.
 */
const textReport = readTextReport(seedBytes(), 'seed.txt');
let docx: Buffer;
let docxReport: ParsedReport;

before(async () => {
  docx = await seedDocx();
  docxReport = await readDocxReport(docx, 'seed.docx');
});

/** Every field of every commitment, one assertion each, so that a difference names where it is. */
function assertSameReport(actual: ParsedReport, expected: ParsedReport): void {
  assert.equal(actual.commitments.length, expected.commitments.length, 'number of commitments');
  expected.commitments.forEach((e, i) => {
    const a = actual.commitments[i]!;
    for (const key of Object.keys(e) as (keyof typeof e)[]) {
      assert.deepEqual(a[key], e[key], `commitment ${e.number}, ${key}`);
    }
    assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort(), `commitment ${e.number}: the same fields`);
  });
  assert.deepEqual(actual.themes, expected.themes, 'themes');
  assert.deepEqual(actual.rounds, expected.rounds, 'rounds and their levels');
  assert.deepEqual(actual.plan, expected.plan, 'plan metadata');
  assert.deepEqual(actual.government, expected.government, 'government');
  assert.equal(actual.language, expected.language, 'language');
  assert.deepEqual(actual.sections, expected.sections, 'sections');
  assert.deepEqual(actual.printedSummary, expected.printedSummary, 'printed summary');
  assert.deepEqual(actual.warnings, expected.warnings, 'warnings');
  // And nothing else: the whole report is the same.
  assert.deepEqual(actual, expected);
}

describe('a report as a Word document (.docx)', () => {
  test('the stand-in for the original Word file holds Word tables, headings, footnotes, links and a chart', async () => {
    const { default: mammoth } = await import('mammoth');
    const html = (await mammoth.convertToHtml({ buffer: docx })).value;
    assert.equal(html.match(/<table><tr><td colspan="\d+"><p>Componente: /g)?.length, 17, 'each ficha a Word table');
    assert.match(
      html,
      /<td><p>Cumplimiento<\/p><\/td><td><p>No iniciado<\/p><\/td><td><p>Limitado<\/p><\/td><td><p>Sustancial<\/p><\/td><td><p>Completo<\/p><\/td>/,
    );
    assert.match(html, /<table><tr><td><p>Compromisos<\/p><\/td><td><p>No iniciado<\/p><\/td>/, 'the summary table');
    assert.match(
      html,
      /<table><tr><td><p>N°<\/p><\/td><td><p>Compromiso<\/p><\/td><td><p>Evaluación Intermedia<\/p><p>Setiembre 2016<\/p><\/td>/,
      'the comparison table',
    );
    assert.match(
      html,
      /capacitar:<\/p><table><tr><td><p>Tópico o tema a capacitar<\/p><\/td><td><p>2015<\/p><\/td><td><p>2016<\/p><\/td><td><p>Total<\/p><\/td><\/tr>/,
      "commitment 3's table, nested in its results",
    );
    assert.match(html, /<h1>1\. Introducción y antecedentes<\/h1>/);
    assert.match(html, /<h2>Tema 2: Participación ciudadana<\/h2>/);
    assert.match(html, /<p><strong>Compromiso 3\. Mejorar conocimientos/);
    assert.equal(html.match(/<a href="#footnote-\d+" id="footnote-ref-\d+">/g)?.length, 2, 'the two footnotes');
    assert.match(html, /<a href="http:\/\/www\.pcm\.gob\.pe\/gobierno_abierto_peru\/">/);
    assert.match(html, /<img src="data:image\/png;base64,/);
  });

  test('reads exactly as the text export: every field of every commitment, themes, rounds, levels, sections, metadata', () => {
    // Not an empty comparison: the seed's figures.
    assert.equal(docxReport.commitments.length, 17);
    assert.deepEqual(
      docxReport.themes.map((t) => docxReport.commitments.filter((c) => c.themeIndex === docxReport.themes.indexOf(t)).length),
      [6, 4, 3, 4],
    );
    assert.equal(
      docxReport.commitments.reduce((n, c) => n + c.activities.length, 0),
      textReport.commitments.reduce((n, c) => n + c.activities.length, 0),
    );
    assert.ok(docxReport.commitments.reduce((n, c) => n + c.evidence.length, 0) > 20);
    assert.ok(docxReport.commitments.some((c) => c.sources.length > 0));
    assert.deepEqual(
      docxReport.rounds.map((r) => r.kind),
      ['midterm', 'end-of-term'],
    );
    assert.equal(docxReport.plan.approvalInstrument, 'Resolución Ministerial N° 176-2015-PCM');
    assert.equal(docxReport.government?.name, 'Perú');
    assertSameReport(docxReport, textReport);
  });

  test('the same warnings as the text import: none for the seed', () => {
    assert.deepEqual(docxReport.warnings, []);
    assert.deepEqual(textReport.warnings, []);
  });

  test('footnotes, lists, links and the tables inside a ficha come through as the text import writes them', () => {
    const c8 = docxReport.commitments.find((c) => c.number === 8)!;
    assert.match(c8.results!, /\[\^2\]/);
    assert.match(c8.results!, /\[\^2\]: Algunos sustentos de Fortalecimiento/);
    assert.ok(
      c8.evidence.some((e) => e.url === 'http://consultaprevia.cultura.gob.pe/capacitaciones/3101/'),
      'a link inside a footnote is evidence',
    );
    const c3 = docxReport.commitments.find((c) => c.number === 3)!;
    assert.match(c3.results!, /\| Tópico o tema a capacitar \| 2015 \| 2016 \| Total \|/);
    assert.match(c3.results!, /^- Alcance: tres niveles de gobierno\.$/m);
    const process = docxReport.sections.find((s) => s.key === 'process')!;
    assert.match(process.body, /\[\^1\]: <http:\/\/www\.pcm\.gob\.pe\/gobierno_abierto_peru\/>/);
  });
});

describe('altered Word copies give the same warnings as the altered text copies', () => {
  const alterations: [string, (t: string) => string, string[]][] = [
    [
      'an X moved (commitment 2 to Sustancial)',
      (t) => moveMark(t, 2, 2),
      ['level_mismatch:2', 'summary_count_mismatch:-', 'summary_percent_mismatch:-'],
    ],
    ['a ficha deleted (commitment 5)', (t) => deleteFicha(t, 5), ['missing_ficha:5', 'summary_count_mismatch:-']],
    ['two X (commitment 9)', (t) => addMark(t, 9, 1), ['multiple_level_marks:9']],
    ['no X (commitment 7)', (t) => clearMarks(t, 7), ['no_level_mark:7']],
    ['a count changed in the summary', (t) => changeSummaryCell(t, 'Participación ciudadana', 2, '2'), ['summary_count_mismatch:-']],
    ['a label renamed (commitment 11)', (t) => renameLabel(t, 11, 'Relevancia', 'Pertinencia'), ['unknown_label:11']],
    ['a row deleted from the comparison (commitment 14)', (t) => deleteComparisonRow(t, 14), ['missing_from_table:14']],
  ];
  for (const [name, alter, expectedCodes] of alterations) {
    test(name, async () => {
      const text = alter(seedText());
      const fromText = readTextReport(Buffer.from(text, 'utf8'), 'altered.txt');
      const fromDocx = await readDocxReport(await seedDocx(text), 'altered.docx');
      const codes = fromDocx.warnings.map((w) => `${w.code}:${w.commitment ?? '-'}`);
      for (const code of expectedCodes) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
      assert.deepEqual(fromDocx.warnings, fromText.warnings);
      assertSameReport(fromDocx, fromText);
    });
  }
});

describe('files that are not what they claim are refused, naming the file and the reason', () => {
  const refusal = async (bytes: Uint8Array, name: string) => {
    try {
      await readReport(bytes, name);
    } catch (e) {
      assert.ok(e instanceof AppError, String(e));
      return {
        code: e.code,
        reason: e.params.reason,
        es: messages('es').errors[e.code](e.params),
        en: messages('en').errors[e.code](e.params),
      };
    }
    assert.fail(`${name} was read`);
  };

  test('an empty .docx', async () => {
    const r = await refusal(Buffer.alloc(0), 'vacio.docx');
    assert.equal(r.code, 'report_empty');
    assert.match(r.es, /El archivo vacio\.docx está vacío/);
  });

  test('a text file renamed .docx', async () => {
    const r = await refusal(seedBytes(), 'reporte.docx');
    assert.deepEqual([r.code, r.reason], ['report_docx_invalid', 'not_zip']);
    assert.match(r.es, /El archivo reporte\.docx no se puede leer como documento de Word: tiene la extensión \.docx pero no lo es/);
    assert.match(r.en, /The file reporte\.docx cannot be read as a Word document: it is named \.docx but is not one/);
  });

  test('a PDF renamed .docx', async () => {
    const r = await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), 'reporte.docx');
    assert.equal(r.code, 'report_pdf');
    assert.match(r.es, /El archivo reporte\.docx es un PDF/);
  });

  test('a zip without word/document.xml (a workbook, a folder of photos)', async () => {
    const zip = storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
    const r = await refusal(zip, 'libro.docx');
    assert.deepEqual([r.code, r.reason], ['report_docx_invalid', 'no_document']);
    assert.match(r.es, /no contiene un documento de Word \(falta word\/document\.xml\)/);
  });

  test('a damaged .docx (cut short)', async () => {
    const r = await refusal(docx.subarray(0, Math.floor(docx.length / 2)), 'cortado.docx');
    assert.deepEqual([r.code, r.reason], ['report_docx_invalid', 'damaged']);
    assert.match(r.es, /El archivo cortado\.docx no se puede leer como documento de Word: el archivo está dañado o incompleto/);
  });

  test('a Word 97–2003 .doc', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const r = await refusal(ole, 'viejo.doc');
    assert.deepEqual([r.code, r.reason], ['report_docx_invalid', 'old_doc']);
    assert.match(r.es, /Word 97–2003 \(\.doc\); ábralo en Word y guárdelo como «Documento de Word \(\.docx\)»/);
  });

  test('a Word document that is not a self-assessment report', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const letter = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('Receta de ceviche'), new Paragraph('1 kg de pescado')] }] }),
    );
    const r = await refusal(letter, 'receta.docx');
    assert.equal(r.code, 'report_not_a_report');
  });

  test('a Word file named .txt is read as Word: the content decides', async () => {
    const report = await readReport(docx, 'reporte.txt');
    assert.deepEqual(report, textReport);
  });
});
