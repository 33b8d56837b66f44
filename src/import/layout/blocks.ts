/**
 * A document as the template reader sees it, whatever it came from (PDF, Word, plain text): paragraphs
 * and rows of cells in reading order, each cell with where it stands across the page. Layout — which
 * column is the label column, which column a level mark stands under — is read from `x`, not guessed
 * from the words (decision 042).
 */

/** Where a block stands, for warnings: the page (PDF; null otherwise) and the line (1-based: the line in
 * a text file, the visual line on a PDF page counted from its top). */
export interface Where {
  page: number | null;
  line: number;
}

/** A piece of text on one row. `x` is its left edge: points from the page's left (PDF), or the cell's
 * column index (Word tables, tab-separated text). `bold` when the source says so (headings). */
export interface Span {
  text: string;
  x: number;
  /** The right edge, in the same unit as x (PDF); x + 1 for table cells. */
  right: number;
  bold: boolean;
}

export type Block =
  /** Body text outside any table: headings, section titles, prose. */
  | { kind: 'paragraph'; text: string; bold: boolean; where: Where }
  /** One visual row: a table row, or a line of a PDF page whose text stands in separate columns. */
  | { kind: 'row'; cells: Span[]; where: Where };

export interface LaidOutDocument {
  source: 'pdf' | 'docx' | 'text';
  blocks: Block[];
  /** Page width in the unit of x (PDF points); null for other sources. */
  pageWidth: number | null;
}
