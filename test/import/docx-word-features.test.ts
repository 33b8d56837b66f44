import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalMergeType,
} from 'docx';
import { readDocxReport } from '../../src/import/docx-report/index.js';
import type { ParsedCommitment, ParsedReport } from '../../src/import/model.js';

/**
 * A ficha written the way people write them in Word rather than the way the text export shows them:
 * the "Cumplimiento" label merged over two rows, activities as a numbered list, bullets, a link on a
 * word, a footnote, bold and italic, a table of contents and a chart. Each must read as the text
 * reader reads its printed equivalent.
 */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const row = (label: string, ...values: (string | Paragraph[])[]) =>
  new TableRow({
    children: [
      new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })] }),
      ...values.map(
        (v, k) =>
          new TableCell({ ...(values.length === 1 && k === 0 ? { columnSpan: 4 } : {}), children: typeof v === 'string' ? [p(v)] : v }),
      ),
    ],
  });
const full = (children: Paragraph[]) => new TableRow({ children: [new TableCell({ columnSpan: 5, children })] });
const item = (reference: string, children: (TextRun | ExternalHyperlink | FootnoteReferenceRun)[]) =>
  new Paragraph({ numbering: { reference, level: 0 }, children });

async function wordReport(): Promise<Buffer> {
  const ficha = new Table({
    rows: [
      full([new Paragraph({ children: [new TextRun({ text: 'Compromiso 1. Publicar los contratos del Estado', bold: true })] })]),
      row('Secretaría/Ministerio Responsable', 'Organismo Supervisor de las Contrataciones del Estado (OSCE)'),
      row('Nombre de la persona responsable', 'Ana Quispe'),
      row('Puesto', 'Directora'),
      row('Correo electrónico', [
        new Paragraph({
          children: [new ExternalHyperlink({ link: 'mailto:aquispe@osce.gob.pe', children: [new TextRun('aquispe@osce.gob.pe')] })],
        }),
      ]),
      row('Teléfono', '51-1-6143636'),
      row('Status quo o problema/desafío que será atendido', 'Los contratos no se publican.'),
      row('Objetivo principal', 'Publicar todos los contratos.'),
      row('Breve descripción del compromiso', [
        new Paragraph({
          children: [new TextRun('Un módulo de '), new TextRun({ text: 'contratos', italics: true }), new TextRun(' en el SEACE.')],
        }),
      ]),
      new TableRow({
        children: [
          new TableCell({ verticalMerge: VerticalMergeType.RESTART, children: [p('Cumplimiento')] }),
          ...['No iniciado', 'Limitado', 'Sustancial', 'Completo'].map((l) => new TableCell({ children: [p(l)] })),
        ],
      }),
      new TableRow({
        children: [
          new TableCell({ verticalMerge: VerticalMergeType.CONTINUE, children: [p('')] }),
          ...['', '', 'X', ''].map((m) => new TableCell({ children: [p(m)] })),
        ],
      }),
      full([p('Descripción de los resultados')]),
      full([
        p('Se realizaron las siguientes actividades:'),
        item('activities', [
          new TextRun('Módulo de contratos implementado, ver el '),
          new ExternalHyperlink({ link: 'https://www.seace.gob.pe/contratos', children: [new TextRun('portal del SEACE')] }),
          new TextRun('.'),
        ]),
        item('bullets', [new TextRun('Piloto en 12 entidades')]),
        item('bullets', [new TextRun('Capacitación a 300 usuarios')]),
        item('activities', [new TextRun('Directiva aprobada'), new FootnoteReferenceRun(1)]),
        item('activities', [new TextRun({ text: 'Datos abiertos', bold: true }), new TextRun(' de contratos publicados.')]),
        p('Fuente: OSCE, Informe 045-2017.'),
      ]),
      full([p('Información adicional')]),
      full([
        p('Ninguna.'),
        // Word shows a link's address decoded; the address itself is what is kept.
        new Paragraph({
          children: [
            new ExternalHyperlink({
              link: 'https://www.osce.gob.pe/buscar?q=%22contratos%20abiertos%22',
              children: [new TextRun('https://www.osce.gob.pe/buscar?q="contratos abiertos"')],
            }),
          ],
        }),
      ]),
    ],
  });
  const doc = new Document({
    features: { updateFields: true },
    numbering: {
      config: [
        { reference: 'activities', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] },
        { reference: 'bullets', levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.START }] },
      ],
    },
    footnotes: { 1: { children: [p('Directiva N° 007-2017-OSCE/CD, en https://www.osce.gob.pe/directiva-007')] } },
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun('Perú: Informe de autoevaluación de medio término del Plan de Acción de Gobierno Abierto 2015-2016')],
          }),
          new Paragraph({ style: 'TOCHeading', children: [new TextRun('Índice')] }),
          new TableOfContents('Índice', { hyperlink: true, headingStyleRange: '1-2' }),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('1. Introducción y antecedentes')] }),
          p('El Perú aprobó su plan 2015-2016. El Perú es miembro de la Alianza para el Gobierno Abierto desde 2012.'),
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: PNG,
                transformation: { width: 200, height: 100 },
                altText: { name: 'Gráfico 1', description: 'Gráfico 1', title: 'Gráfico 1' },
              }),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('2. Cumplimiento de los compromisos')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Tema 1: Transparencia')] }),
          p('El país asumió un compromiso en esta materia.'),
          ficha,
          p(''),
          p('En síntesis, el compromiso avanzó de manera sustancial.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

let report: ParsedReport;
let c: ParsedCommitment;
before(async () => {
  report = await readDocxReport(await wordReport(), 'osce.docx');
  c = report.commitments[0]!;
});

describe('a ficha as people write it in Word', () => {
  test('the fields under their labels, whatever the runs and links inside them', () => {
    assert.equal(report.commitments.length, 1);
    assert.equal(c.title, 'Publicar los contratos del Estado');
    assert.equal(c.leadAgency?.acronym, 'OSCE');
    assert.deepEqual(c.contact, { name: 'Ana Quispe', position: 'Directora', email: 'aquispe@osce.gob.pe', phone: '51-1-6143636' });
    assert.equal(c.description, 'Un módulo de contratos en el SEACE.');
    assert.equal(c.additionalInfo, 'Ninguna.\n\n<https://www.osce.gob.pe/buscar?q=%22contratos%20abiertos%22>');
  });

  test('the X under a "Cumplimiento" label merged over two rows', () => {
    assert.equal(c.level, 'substantial');
    assert.equal(c.levelText, 'Sustancial');
  });

  test('a numbered list is the activities; bullets stay inside theirs; a linked word is evidence; a footnote is a Markdown footnote', () => {
    assert.deepEqual(
      c.activities.map((a) => [a.number, a.title]),
      [
        [1, 'Módulo de contratos implementado, ver el portal del SEACE (https://www.seace.gob.pe/contratos).'],
        [2, 'Directiva aprobada'],
        [3, 'Datos abiertos de contratos publicados.'],
      ],
    );
    assert.equal(c.activities[0]!.details, '- Piloto en 12 entidades\n- Capacitación a 300 usuarios');
    assert.deepEqual(
      c.evidence.map((e) => [e.url, e.activityNumber]),
      [
        ['https://www.seace.gob.pe/contratos', 1],
        ['https://www.osce.gob.pe/directiva-007', 2],
        ['https://www.osce.gob.pe/buscar?q=%22contratos%20abiertos%22', null],
      ],
    );
    assert.equal(c.evidence[0]!.description, 'Módulo de contratos implementado, ver el portal del SEACE.');
    assert.match(c.results!, /^2\. Directiva aprobada\[\^1\]$/m);
    assert.match(c.results!, /^\[\^1\]: Directiva N° 007-2017-OSCE\/CD, en <https:\/\/www\.osce\.gob\.pe\/directiva-007>$/m);
    assert.deepEqual(
      c.sources.map((s) => s.text),
      ['OSCE, Informe 045-2017'],
    );
  });

  test('headings make the sections and the theme; the title page, the table of contents and the chart add nothing; the synthesis follows the ficha', () => {
    assert.deepEqual(
      report.sections.map((s) => [s.key, s.title]),
      [
        ['background', 'Introducción y antecedentes'],
        ['implementation', 'Cumplimiento de los compromisos'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(report.sections), /Gráfico|Índice/);
    assert.deepEqual(
      report.themes.map((t) => [t.title, t.intro, t.synthesis]),
      [['Transparencia', 'El país asumió un compromiso en esta materia.', 'En síntesis, el compromiso avanzó de manera sustancial.']],
    );
    assert.equal(report.plan.periodStart, 2015);
    assert.equal(report.government?.name, 'Perú');
    // No comparison table in this file: the round is the one the title page names, and the one warning says so.
    assert.deepEqual(
      report.rounds.map((r) => r.kind),
      ['midterm'],
    );
    assert.deepEqual(
      report.warnings.map((w) => [w.code, w.params.round]),
      [['no_comparison_table', 'Evaluación intermedia']],
    );
  });
});
