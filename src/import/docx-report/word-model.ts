/**
 * The part of mammoth's document model this reader walks (mammoth's own types stop at its HTML).
 * A .docx read by mammoth is a tree of these: paragraphs of runs of text, tables of rows of cells.
 */
export interface WordNode {
  type: string;
  children?: WordNode[];
  /** text */
  value?: string;
  /** paragraph, run */
  styleName?: string | null;
  styleId?: string | null;
  /** paragraph: the list it is an item of (mammoth gives the level's definition, the same object for every item of that list level) */
  numbering?: { isOrdered: boolean; level: string } | null;
  /** hyperlink */
  href?: string;
  anchor?: string;
  /** noteReference */
  noteType?: string;
  noteId?: string;
  /** break: "line", "page", "column", "textWrapping" */
  breakType?: string;
  /** checkbox */
  checked?: boolean;
  /** tableCell */
  colSpan?: number;
  rowSpan?: number;
}

export interface WordNote {
  noteType: string;
  noteId: string;
  body: WordNode[];
}

export interface WordDocument extends WordNode {
  type: 'document';
  notes: { resolve(reference: { noteType: string; noteId: string }): WordNote | undefined };
}
