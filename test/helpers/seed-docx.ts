import {
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { findUrls } from '../../src/import/content.js';
import { seedText } from './seed.js';

/**
 * The seed report as a Word document laid out like its original (which we do not have), rebuilt
 * from Word's text export of it: each line outside a table a paragraph — numbered section titles
 * and "Glosario" as Heading 1, "Tema N:" as Heading 2 —; each run of tab-started cells a Word table
 * with the same cells in the same rows (the fichas, commitment 3's table of people trained, the
 * summary and the comparison); footnotes as Word footnotes; links as hyperlinks; the chart as an
 * image. Altered copies of the seed text (test/helpers/seed.ts) make altered Word files.
 *
 * How the text export is read back into rows: cells on consecutive lines are one row; a blank line
 * before the next cell ends the row (a second blank line is an empty paragraph at the end of the
 * cell); three blank lines end the table, as between two fichas.
 */
export async function seedDocx(text: string = seedText()): Promise<Buffer> {
  const { body, notes } = takeFootnotes(text);
  const children = blocks(body.split('\n'));
  const footnotes = Object.fromEntries(
    [...notes].map(([id, lines]) => [id, { children: lines.map((l) => new Paragraph({ children: runs(l) })) }]),
  );
  const doc = new Document({ sections: [{ children }], footnotes });
  return Packer.toBuffer(doc);
}

/** A 1×1 PNG: the seed's chart, which the reader must pass over. */
const CHART_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/**
 * Word's text export writes a footnote's text in the flow, `[N: …]` after its citation `[footnoteRef:N]`,
 * over several lines up to the closing bracket. Takes each out (the Word file keeps it as a footnote);
 * what followed its closing bracket joins the citing paragraph.
 */
function takeFootnotes(text: string): { body: string; notes: Map<number, string[]> } {
  const notes = new Map<number, string[]>();
  let body = text;
  for (const ref of text.matchAll(/\[footnoteRef:(\d+)\]/g)) {
    const id = ref[1]!;
    const start = body.indexOf(`[${id}: `, body.indexOf(ref[0]));
    if (start === -1) continue;
    let depth = 0;
    let end = start;
    for (; end < body.length; end++) {
      if (body[end] === '[') depth++;
      else if (body[end] === ']' && --depth === 0) break;
    }
    const inner = body.slice(start + `[${id}: `.length, end);
    notes.set(Number(id), inner.split('\n'));
    // The paragraph ends where the note ended: what followed the bracket joins the citing line. The
    // reader writes the note back at the end of that line, over as many lines as it took.
    const lineEnd = body.indexOf('\n', end);
    const rest = body.slice(end + 1, lineEnd === -1 ? body.length : lineEnd);
    body = body.slice(0, start) + rest + (lineEnd === -1 ? '' : body.slice(lineEnd));
  }
  return { body, notes };
}

const isBlank = (l: string) => !l.startsWith('\t') && l.trim() === '';
const isCell = (l: string) => l.startsWith('\t');

function blocks(lines: string[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let i = 0;
  while (i < lines.length) {
    if (isCell(lines[i]!)) {
      const { table, next } = readTable(lines, i);
      out.push(table);
      i = next;
    } else {
      out.push(paragraph(lines[i]!, true));
      i++;
    }
  }
  return out;
}

/** A cell's content: its paragraphs, and a table nested in it (commitment 3's people trained per topic and year). */
type CellItem = string | Rows;
type Rows = CellItem[][][];

function readTable(lines: string[], from: number): { table: Table; next: number } {
  const { rows, next } = readRows(lines, from, false);
  return { table: wordTable(rows), next };
}

/**
 * Rows of cells from line `from`. Cells on consecutive lines are one row; a blank line before the next
 * cell ends the row, and blank lines beyond it are empty paragraphs of the cell; three blank lines, or
 * (in a nested table) text after a blank line, end the table. A cell of several lines followed, in its
 * row, by three or more cells and a row as wide holds a nested table.
 */
function readRows(lines: string[], from: number, nested: boolean): { rows: Rows; next: number } {
  const rows: Rows = [[]];
  let i = from;
  for (;;) {
    const cell: CellItem[] = [lines[i]!.slice(1)];
    rows.at(-1)!.push(cell);
    i++;
    let ended = false;
    while (i < lines.length && !ended) {
      const line = lines[i]!;
      if (isCell(line)) {
        if (nested || cell.filter((x) => typeof x === 'string' && !isBlank(x)).length < 2 || !startsNestedTable(lines, i)) break;
        const inner = readRows(lines, i, true);
        cell.push(inner.rows);
        i = inner.next;
        continue;
      }
      if (!isBlank(line)) {
        cell.push(line);
        i++;
        continue;
      }
      let k = 0;
      while (i + k < lines.length && isBlank(lines[i + k]!)) k++;
      const after = lines[i + k];
      if (k >= 3 || after === undefined || (nested && !isCell(after))) {
        // The end of the table: the row's end takes one blank line; the others follow the table.
        i += 1;
        ended = true;
      } else if (isCell(after)) {
        // The row ends; blank lines beyond the first are empty paragraphs of this cell.
        for (let b = 1; b < k; b++) cell.push('');
        i += k;
        rows.push([]);
        break;
      } else {
        // Blank lines inside a cell, text after them.
        for (let b = 0; b < k; b++) cell.push(lines[i + b]!);
        i += k;
      }
    }
    if (ended || i >= lines.length) break;
  }
  return { rows: rows.filter((r) => r.length > 0), next: i };
}

function startsNestedTable(lines: string[], at: number): boolean {
  const run = (from: number) => {
    let n = 0;
    while (from + n < lines.length && isCell(lines[from + n]!)) n++;
    return n;
  };
  const width = run(at);
  return width >= 3 && isBlank(lines[at + width] ?? 'x') && run(at + width + 1) === width;
}

function wordTable(rows: Rows): Table {
  const width = Math.max(...rows.map((r) => r.length));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (r) =>
        new TableRow({
          children: r.map(
            (cell, k) =>
              new TableCell({
                ...(k === r.length - 1 && r.length < width ? { columnSpan: width - r.length + 1 } : {}),
                children: cell.map((item) => (typeof item === 'string' ? paragraph(item, false) : wordTable(item))),
              }),
          ),
        }),
    ),
  });
}

const SECTION_RE = /^\s*\d{1,2}\.\s+\S.{2,160}$/;
const THEME_RE = /^\s*(?:tema|eje|componente)\s+\d{1,2}\s*[:.\-–]\s*\S/i;

function paragraph(raw: string, body: boolean): Paragraph {
  const line = raw.replace(/\[bookmark: [^\]\n]*\]/g, '');
  if (/^\s*\[image:\s*\]\s*$/.test(line)) {
    return new Paragraph({ children: [new ImageRun({ type: 'png', data: CHART_PNG, transformation: { width: 300, height: 200 } })] });
  }
  const text = line.replace(/\[image:\s*([^\]\n]*)\]/g, (_m, alt: string) => alt.trim());
  if (body && /^\s*glosario\s*$/i.test(text)) return new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(text) });
  if (body && SECTION_RE.test(text) && !/[.;:,]\s*$/.test(text) && text.trim().split(/\s+/).length <= 22) {
    return new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(text) });
  }
  if (body && THEME_RE.test(text)) return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(text) });
  // The fichas' titles in bold, as the template prints them.
  const bold = !body && /^\s*Compromiso \d+[.:]/.test(text);
  return new Paragraph({ children: runs(text, bold) });
}

/** A line's runs: text, tabs as Word tabs, footnote citations, links as hyperlinks. */
function runs(line: string, bold = false): (TextRun | ExternalHyperlink | FootnoteReferenceRun)[] {
  const out: (TextRun | ExternalHyperlink | FootnoteReferenceRun)[] = [];
  const pieces = line.split(/(\[footnoteRef:\d+\])/);
  for (const piece of pieces) {
    const ref = /^\[footnoteRef:(\d+)\]$/.exec(piece);
    if (ref) {
      out.push(new FootnoteReferenceRun(Number(ref[1])));
      continue;
    }
    let pos = 0;
    for (const u of findUrls(piece)) {
      out.push(...textRuns(piece.slice(pos, u.start), bold));
      const link = /^www\./i.test(u.url) ? `http://${u.url}` : u.url;
      out.push(new ExternalHyperlink({ link, children: [new TextRun({ text: u.url, style: 'Hyperlink' })] }));
      pos = u.end;
    }
    out.push(...textRuns(piece.slice(pos), bold));
  }
  return out;
}

function textRuns(text: string, bold: boolean): TextRun[] {
  if (text === '') return [];
  const parts = text.split('\t');
  const children: (string | Tab)[] = [];
  parts.forEach((p, k) => {
    if (k > 0) children.push(new Tab());
    if (p !== '') children.push(p);
  });
  return [new TextRun({ children, bold })];
}
