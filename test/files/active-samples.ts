import { Document, ExternalHyperlink, Footer, HeadingLevel, ImageRun, Packer, PageNumber, Paragraph, TableOfContents, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { png, zip, type ZipEntryInput } from './samples.js';

/**
 * Office documents with active content, each made here: a DOCX or XLSX whose parts say what the
 * probe's files said (a remote template, DDEAUTO, OLE, `cmd|' /C calc'!A0`…), ODT and ODS likewise;
 * and ordinary documents made by real writers (docx, exceljs) with the links and formulas every
 * report has, which must stay accepted.
 */

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const X = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** An OLE compound file's first sector: what OLE objects and VBA projects are. */
export const CFB = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

export const relationships = (...rels: string[]) =>
  xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
/** A relationship of one of Office's types ("attachedTemplate", "hyperlink"…), outside the package when `external`. */
export const rel = (id: string, type: string, target: string, external = true) =>
  `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`;

export interface OfficeParts {
  /** More Default/Override elements for [Content_Types].xml. */
  types?: string;
  /** More parts, by name. */
  parts?: Record<string, string | Buffer>;
  /** Every part stored as it is rather than deflated (zip allows both). */
  stored?: boolean;
}

/** A Word document: `body` inside <w:body>, with the parts and content types given. */
export function wordDoc(body: string, o: OfficeParts = {}): Buffer {
  return zip(
    entries({
      '[Content_Types].xml': xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
          `${o.types ?? ''}</Types>`,
      ),
      '_rels/.rels': relationships(rel('rId1', 'officeDocument', 'word/document.xml', false)),
      'word/document.xml': xml(`<w:document ${W} xmlns:r="${REL}"><w:body>${body}</w:body></w:document>`),
      ...o.parts,
    }).map((e) => (o.stored ? { ...e, method: 0 as const } : e)),
  );
}

/** Runs of a paragraph: text, and a field whose instruction comes in the pieces given (Word splits them so). */
export const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
export const field = (...instruction: string[]) =>
  '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
  instruction.map((i) => `<w:r><w:instrText xml:space="preserve">${i}</w:instrText></w:r>`).join('') +
  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>resultado</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
export const paragraph = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;

/**
 * A body where `head` ends exactly at the end of the scanner's first 1 MB piece of word/document.xml
 * and `tail` starts the next, after filler paragraphs: what a field looks like cut between two pieces.
 */
export function atPieceEnd(filler: string, head: string, tail: string): string {
  const MB = 1024 * 1024;
  const before = Buffer.byteLength(xml(`<w:document ${W} xmlns:r="${REL}"><w:body>`));
  const room = MB - before - Buffer.byteLength(head) - '<w:p></w:p>'.length;
  const body = filler.repeat(Math.floor(room / Buffer.byteLength(filler)));
  const gap = room - Buffer.byteLength(body) + '<w:p></w:p>'.length;
  return `${body}<w:p>${''.padEnd(gap - '<w:p></w:p>'.length, ' ')}</w:p>${head}${tail}`;
}

/** A workbook of one sheet whose cells hold the formulas given, with the parts and content types given. */
export function workbook(formulas: string[], o: OfficeParts & { workbookXml?: string; sheetXml?: string } = {}): Buffer {
  const cells = formulas.map((f, i) => `<c r="A${i + 1}"><f>${f}</f><v>0</v></c>`).join('');
  return zip(
    entries({
      '[Content_Types].xml': xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          `${o.types ?? ''}</Types>`,
      ),
      '_rels/.rels': relationships(rel('rId1', 'officeDocument', 'xl/workbook.xml', false)),
      'xl/workbook.xml': xml(
        o.workbookXml ?? `<workbook ${X} xmlns:r="${REL}"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': relationships(rel('rId1', 'worksheet', 'worksheets/sheet1.xml', false)),
      'xl/worksheets/sheet1.xml': xml(o.sheetXml ?? `<worksheet ${X}><sheetData><row r="1">${cells}</row></sheetData></worksheet>`),
      ...o.parts,
    }),
  );
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" ' +
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"';

/** An OpenDocument text (or spreadsheet): `body` inside <office:body>, before it `head` (scripts, DDE declarations). */
export function openDoc(
  kind: 'text' | 'spreadsheet',
  body: string,
  o: { head?: string; manifest?: string; parts?: Record<string, string | Buffer> } = {},
): Buffer {
  const mimetype = `application/vnd.oasis.opendocument.${kind}`;
  return zip([
    // ODF: the media type first, stored, so that it can be read at a fixed offset.
    { name: 'mimetype', data: Buffer.from(mimetype, 'ascii'), method: 0 },
    ...entries({
      'META-INF/manifest.xml': xml(
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
          `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/>` +
          `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${o.manifest ?? ''}</manifest:file-entry>` +
          '</manifest:manifest>',
      ),
      'content.xml': xml(
        `<office:document-content ${ODF_NS}>${o.head ?? '<office:scripts/>'}<office:body>${body}</office:body></office:document-content>`,
      ),
      ...o.parts,
    }),
  ]);
}

export const odtBody = (inner: string) => `<office:text><text:p>Informe de avance</text:p>${inner}</office:text>`;
export const odsCells = (...cells: string[]) =>
  `<office:spreadsheet><table:table table:name="Hoja1"><table:table-row>${cells.join('')}</table:table-row></table:table></office:spreadsheet>`;

function entries(files: Record<string, string | Buffer>): ZipEntryInput[] {
  return Object.entries(files).map(([name, data]) => ({ name, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data }));
}

// ---------------------------------------------------------------------------------------------------
// Ordinary documents, made by the libraries people's programs resemble.

/** A report as Word writers make one: headings, a table of contents, links to the web, a picture, page numbers. */
export async function cleanDocx(): Promise<Buffer> {
  const doc = new Document({
    features: { updateFields: true },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ children: [new TextRun({ children: ['Página ', PageNumber.CURRENT, ' de ', PageNumber.TOTAL_PAGES] })] }),
            ],
          }),
        },
        children: [
          new TableOfContents('Contenido', { hyperlink: true, headingStyleRange: '1-3' }),
          new Paragraph({ text: 'Compromiso 4: Portal de datos abiertos', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('El acta se publicó en '),
              new ExternalHyperlink({
                link: 'https://www.gob.pe/institucion/pcm/normas-legales/290-2017',
                children: [new TextRun({ text: 'el portal del Estado', style: 'Hyperlink' })],
              }),
              new TextRun(' y el conjunto de datos en '),
              new ExternalHyperlink({
                link: 'https://www.datosabiertos.gob.pe/dataset/compromisos',
                children: [new TextRun({ text: 'datos abiertos', style: 'Hyperlink' })],
              }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: png(), transformation: { width: 40, height: 40 } })] }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** A workbook as people keep them: totals with SUM, a reference to another sheet, a table with a column called 2019, a link. */
export async function cleanXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Avance');
  ws.addRow(['Compromiso', 'Hitos', 'Cumplidos']);
  ws.addRow(['Portal de datos', 4, 3]);
  ws.addRow(['Consulta pública', 6, 6]);
  ws.addRow(['Total', { formula: 'SUM(B2:B3)' }, { formula: 'SUM(C2:C3)' }]);
  ws.addRow(['Avance', { formula: 'IF(B4=0,0,ROUND(C4/B4*100,1))' }]);
  ws.getCell('A7').value = { text: 'Fuente', hyperlink: 'https://www.datosabiertos.gob.pe/dataset/compromisos' };
  const other = wb.addWorksheet('Hoja de datos');
  other.getCell('A1').value = { formula: "'Avance'!B4+Avance!C4" };
  other.addTable({
    name: 'Metas',
    ref: 'C1',
    columns: [{ name: 'Meta' }, { name: '2019' }],
    rows: [
      ['Portal', 10],
      ['Consulta', 20],
    ],
  });
  other.getCell('F1').value = { formula: 'SUM(Metas[2019])' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An OpenDocument text with a link, and a spreadsheet with a SUM, an empty <office:scripts/> as LibreOffice writes. */
export const cleanOdt = () =>
  openDoc('text', odtBody('<text:p>Véase <text:a xlink:type="simple" xlink:href="https://www.gob.pe/pcm">el portal</text:a>.</text:p>'));
export const cleanOds = () =>
  openDoc(
    'spreadsheet',
    odsCells(
      '<table:table-cell office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell>',
      '<table:table-cell table:formula="of:=SUM([.A1:.A1])*2" office:value-type="float" office:value="8"><text:p>8</text:p></table:table-cell>',
      '<table:table-cell table:formula="of:=[$\'Hoja 2\'.B3]+1" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>',
    ),
  );
