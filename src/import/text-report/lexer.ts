/**
 * The text Word writes for a document: each table cell starts on a line that begins with a tab;
 * the lines that follow, up to the next such line, continue that cell (paragraphs inside it, or —
 * for the last cell of a table — the body text after the table, which the parsers split off).
 */

export interface Line {
  text: string;
  /** 1-based line number in the file, for messages. */
  line: number;
}

export interface Cell {
  /** The cell's lines: the first is the text after the tab, the rest continue it; may include blank lines. */
  lines: Line[];
  line: number;
  /** True when the previous cell had no continuation lines: both were on consecutive lines (same table row, mostly). */
  adjacent: boolean;
}

export interface Lexed {
  /** Body lines before the first cell. */
  head: Line[];
  cells: Cell[];
}

/** Word's field codes that carry no content in the text export. */
export function stripWordMarkers(text: string): string {
  return text.replace(/\[bookmark: [^\]\n]*\]/g, '').replace(/\[image:\s*([^\]\n]*)\]/g, (_m, alt: string) => alt.trim());
}

export function lex(text: string): Lexed {
  const lines = stripWordMarkers(text).split('\n');
  const head: Line[] = [];
  const cells: Cell[] = [];
  let current: Cell | null = null;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.startsWith('\t')) {
      const adjacent = current !== null && current.lines.length === 1;
      current = { lines: [{ text: raw.slice(1), line }], line, adjacent };
      cells.push(current);
    } else if (current) {
      current.lines.push({ text: raw, line });
    } else {
      head.push({ text: raw, line });
    }
  });
  return { head, cells };
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** The lines of a cell without the blank lines at its start and end. */
export function trimLines(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!.text)) start++;
  while (end > start && isBlank(lines[end - 1]!.text)) end--;
  return lines.slice(start, end);
}

/** A cell's text on one string, trimmed, lines joined with newlines. */
export function cellText(cell: Cell): string {
  return trimLines(cell.lines)
    .map((l) => l.text.trimEnd())
    .join('\n')
    .trim();
}
