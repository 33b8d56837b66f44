import { findUrls } from '../content.js';
import type { WordDocument, WordNode } from './word-model.js';

/**
 * Writes a Word document in the form Word's "plain text" export gives it, which the text reader
 * already understands: a paragraph per line; each table cell starting on a line that begins with a
 * tab, its further paragraphs on the lines after it, a blank line after each row; a cell that a
 * merged cell covers written empty; a footnote cited as `[footnoteRef:N]` and written out as
 * `[N: …]` at the end of its paragraph; list items with their number or bullet in front, as Word
 * prints them. Charts and other images, bookmarks and the table of contents write nothing; the title
 * page is kept apart.
 */
export function documentText(document: WordDocument): { text: string; cover: string } {
  const writer = new TextWriter(document);
  writer.blocks(document.children ?? []);
  const clean = (lines: string[]) =>
    lines
      .join('\n')
      .normalize('NFC')
      .replace(/\r\n?|[\f\v]/g, '\n')
      .replace(/\u00a0/g, ' ')
      .replace(/[\u200b\ufeff]/g, '');
  return { text: clean(writer.lines), cover: clean(writer.cover) };
}

/**
 * Word's styles for a table of contents — its entries ("toc 1", id TOC1; "TDC 1" in Spanish Word) and its
 * title ("TOC Heading", "Encabezado de TDC") — and for a title page ("Title", "Subtitle"; "Título", "Subtítulo").
 */
const TOC_STYLE = /^(?:(?:toc|tdc)\s*\d|toc\s*heading|encabezado de tdc)$/i;
const COVER_STYLE = /^(?:title|subtitle|t[ií]tulo|subt[ií]tulo)$/i;
const hasStyle = (p: WordNode, re: RegExp) => re.test(p.styleName ?? '') || re.test(p.styleId ?? '');

type Counters = Map<object, { level: number; n: number }>;

class TextWriter {
  readonly lines: string[] = [];
  /** The title page's lines: what the plan and round are, but no section of the report. */
  readonly cover: string[] = [];
  /** Notes in the order they are first cited, numbered 1, 2, 3… as Word prints them. */
  private readonly noteNumbers = new Map<string, number>();
  private counters: Counters = new Map();

  constructor(private readonly document: WordDocument) {}

  blocks(nodes: WordNode[], depth = 0): void {
    for (const node of nodes) {
      if (node.type === 'paragraph') {
        if (hasStyle(node, TOC_STYLE)) continue;
        const lines = this.paragraph(node)
          .split('\n')
          .map((l) => l.replace(/^\t+/, ''));
        if (depth === 0 && hasStyle(node, COVER_STYLE)) {
          this.cover.push(...lines);
          continue;
        }
        const blank = lines.every((l) => l.trim() === '');
        // Three blank lines would end a cell for the text reader: inside a cell, two empty paragraphs at most.
        this.blankParagraphs = blank ? this.blankParagraphs + 1 : 0;
        if (blank && depth > 0 && this.blankParagraphs > 2) continue;
        if (depth === 0 && this.afterTable && !blank) this.endTable();
        this.lines.push(...lines);
      } else if (node.type === 'table') {
        this.blankParagraphs = 0;
        this.table(node, depth);
        if (depth === 0) this.afterTable = true;
      } else if (node.children) this.blocks(node.children, depth);
    }
  }

  /**
   * In the text export, a table's last cell runs on into the text after the table, and the text reader
   * ends the cell at three blank lines. Here where the table ends is known: it is marked so.
   */
  private afterTable = false;
  private blankParagraphs = 0;
  private endTable(): void {
    let blanks = 0;
    while (blanks < this.lines.length && this.lines[this.lines.length - 1 - blanks]!.trim() === '') blanks++;
    for (; blanks < 3; blanks++) this.lines.push('');
    this.afterTable = false;
  }

  private table(table: WordNode, depth: number): void {
    // Cells a vertical merge covers: by grid column, how many more rows and how wide.
    const covered = new Map<number, { rows: number; span: number }>();
    for (const row of (table.children ?? []).filter((r) => r.type === 'tableRow')) {
      let column = 0;
      const skipCovered = () => {
        for (let c = covered.get(column); c; c = covered.get(column)) {
          this.cell(null, depth);
          column += c.span;
        }
      };
      for (const cell of (row.children ?? []).filter((c) => c.type === 'tableCell')) {
        skipCovered();
        this.cell(cell, depth);
        const span = cell.colSpan ?? 1;
        if ((cell.rowSpan ?? 1) > 1) covered.set(column, { rows: cell.rowSpan!, span });
        column += span;
      }
      skipCovered();
      for (const [c, v] of [...covered]) if (--v.rows <= 1) covered.delete(c);
      this.lines.push('');
    }
  }

  private cell(cell: WordNode | null, depth: number): void {
    const start = this.lines.length;
    const outer = this.counters;
    this.counters = new Map(); // lists number afresh in each cell
    this.blankParagraphs = 0;
    const children = cell?.children ?? [];
    if (children[0]?.type !== 'paragraph') this.lines.push('');
    this.blocks(children, depth + 1);
    this.counters = outer;
    if (this.lines.length === start) this.lines.push('');
    this.lines[start] = `\t${this.lines[start]!.replace(/^\t+/, '')}`;
  }

  private paragraph(p: WordNode): string {
    const notes: string[] = [];
    const text = this.inline(p.children ?? [], notes);
    const line = this.listMark(p) + text;
    return line + notes.join('');
  }

  /** "1. ", "a) " or "· " for a list item, counted per list and level, as Word prints it. */
  private listMark(p: WordNode): string {
    const numbering = p.numbering;
    if (!numbering) return '';
    const level = Number(numbering.level) || 0;
    for (const [key, c] of this.counters) if (c.level > level) this.counters.delete(key);
    if (!numbering.isOrdered) return '· ';
    const n = (this.counters.get(numbering)?.n ?? 0) + 1;
    this.counters.set(numbering, { level, n });
    if (level === 0) return `${n}. `;
    if (level === 1) return `${String.fromCharCode(96 + ((n - 1) % 26) + 1)}) `;
    return '· ';
  }

  private inline(nodes: WordNode[], notes: string[]): string {
    let out = '';
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          out += node.value ?? '';
          break;
        case 'tab':
          out += '\t';
          break;
        case 'break':
          if (node.breakType !== 'page' && node.breakType !== 'column') out += '\n';
          break;
        case 'checkbox':
          out += node.checked ? '☒' : '';
          break;
        case 'noteReference':
          out += this.noteReference(node, notes);
          break;
        case 'hyperlink':
          out += linkText(this.inline(node.children ?? [], notes), node.href ?? '');
          break;
        default:
          if (node.children) out += this.inline(node.children, notes);
      }
    }
    return out;
  }

  private noteReference(node: WordNode, notes: string[]): string {
    const key = `${node.noteType}:${node.noteId}`;
    let n = this.noteNumbers.get(key);
    if (n === undefined) {
      n = this.noteNumbers.size + 1;
      this.noteNumbers.set(key, n);
      const note = this.document.notes.resolve({ noteType: node.noteType ?? 'footnote', noteId: node.noteId ?? '' });
      if (note) notes.push(` [${n}: ${this.noteText(note.body)}]`);
    }
    return `[footnoteRef:${n}]`;
  }

  /** A note's paragraphs, one per line; a table in it row by row, its cells side by side. */
  private noteText(nodes: WordNode[]): string {
    const lines: string[] = [];
    for (const node of nodes) {
      if (node.type === 'paragraph') lines.push(this.listMark(node) + this.inline(node.children ?? [], []));
      else if (node.type === 'table') {
        for (const row of node.children ?? [])
          lines.push((row.children ?? []).map((c) => this.noteText(c.children ?? []).replace(/\n/g, ' ')).join(' '));
      } else if (node.children) lines.push(this.noteText(node.children));
    }
    return lines.map((l) => l.replace(/^\t+/, '')).join('\n');
  }
}

/**
 * A link as text: its words, and its address where they do not show it ("el portal del SEACE"), so that
 * it is kept as evidence. Words that are the address as people read it — percent-escapes decoded
 * (`?q="gobierno abierto"`), with or without "http://" — are the address itself, written as it is.
 */
function linkText(text: string, href: string): string {
  if (!/^https?:\/\//i.test(href) || text.trim() === '') return text;
  const urls = findUrls(text);
  if (urls.length === 1 && urls[0]!.url === text.trim()) return text;
  const plain = (u: string) =>
    safeDecode(u.trim())
      .replace(/^https?:\/\//i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  if (plain(text) === plain(href)) return href;
  return urls.length === 0 ? `${text} (${href})` : text;
}

function safeDecode(u: string): string {
  try {
    return decodeURI(u);
  } catch {
    return u;
  }
}
