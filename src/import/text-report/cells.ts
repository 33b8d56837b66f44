import type { ContentBlock, TextBlock } from '../content.js';
import { cellText, isBlank, trimLines, type Cell, type Line } from './lexer.js';
import { THEME_HEADING_RE } from './labels.js';

/**
 * The last cell of a table carries, as continuation lines, whatever body text follows the table.
 * For a ficha's last field the cell's own text ends at a run of three blank lines or a theme heading;
 * for the cells of summary tables, at the first blank line.
 */
export function splitTrailing(cell: Cell, mode: 'ficha' | 'table'): { cell: Cell; rest: Line[] } {
  const lines = cell.lines;
  let seenText = false;
  let blanks = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (isBlank(text)) {
      blanks++;
      continue;
    }
    const afterGap = mode === 'table' ? blanks >= 1 : blanks >= 3;
    if (seenText && (afterGap || THEME_HEADING_RE.test(text))) {
      return { cell: { ...cell, lines: lines.slice(0, i) }, rest: lines.slice(i) };
    }
    seenText = true;
    blanks = 0;
  }
  return { cell, rest: [] };
}

function toTextBlocks(lines: Line[]): TextBlock[] {
  return lines.map((l) => ({ kind: 'line', text: l.text, line: l.line }));
}

/**
 * The content of a field whose value spans several cells. The first cell is the text; cells after it
 * on consecutive lines form the rows of a table nested in the field (commitment 3's people trained
 * per topic and year); text after that table comes back as continuation lines of its last cell.
 */
export function fieldContent(values: Cell[]): ContentBlock[] {
  const cells = [...values];
  while (cells.length > 0 && cellText(cells.at(-1)!) === '') cells.pop();
  if (cells.length === 0) return [];
  const [first, ...others] = cells;
  const blocks: ContentBlock[] = toTextBlocks(trimLines(first!.lines));
  if (others.length === 0) return blocks;

  const { rows, after } = tableRows(others);
  if (isTable(rows)) {
    const tableLine = others[0]!.line;
    blocks.push({ kind: 'line', text: '', line: tableLine }, { kind: 'table', rows, line: tableLine });
    blocks.push(...toTextBlocks(trimLines(after)));
  } else {
    for (const c of others) blocks.push({ kind: 'line', text: '', line: c.line }, ...toTextBlocks(trimLines(c.lines)));
  }
  return blocks;
}

/**
 * Cells on consecutive lines are one row; a cell's text ends at its first blank line, and what follows
 * (the text after a nested table) is returned apart.
 */
export function tableRows(cells: Cell[]): { rows: string[][]; after: Line[] } {
  const rows: string[][] = [];
  const after: Line[] = [];
  cells.forEach((c, i) => {
    const firstBlank = c.lines.findIndex((l) => isBlank(l.text));
    const own = firstBlank === -1 ? c.lines : c.lines.slice(0, firstBlank);
    if (firstBlank !== -1) after.push(...c.lines.slice(firstBlank));
    const text = own
      .map((l) => l.text.trim())
      .join(' ')
      .trim();
    if (i === 0 || !c.adjacent) rows.push([text]);
    else rows.at(-1)!.push(text);
  });
  return { rows, after };
}

export function isTable(rows: string[][]): boolean {
  return rows.length >= 2 && rows.filter((r) => r.length >= 2).length >= 2;
}

/** A short cell with no final punctuation, that is neither a number nor a link: the label of a row. */
export function looksLikeLabel(text: string): boolean {
  const t = text.trim();
  return (
    t !== '' &&
    t.length <= 80 &&
    t.split(/\s+/).length <= 10 &&
    !/[.;:,]$/.test(t) &&
    !/^[\d\s.,%]+$/.test(t) &&
    !/^(https?:\/\/|www\.)/i.test(t) &&
    !/^\s*(\d{1,2}[.)]|[·•\-–])\s/.test(t)
  );
}

/** The text of a one-cell value: lines kept, spaces squeezed. */
export function singleValue(values: Cell[]): string | null {
  const text = values
    .map(cellText)
    .filter((t) => t !== '')
    .join('\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
  return text === '' ? null : text;
}
