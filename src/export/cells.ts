import { neutraliseFormula } from '../lib/formula-text.js';

export type ExportCell = string | number | null | undefined;

/** A cell as a spreadsheet download writes it: text neutralised, numbers as numbers, nothing as nothing. */
export function spreadsheetCell(value: ExportCell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return neutraliseFormula(value);
}

/** What a download needs of a column: its key in the rows and its header in the reader's language. */
export interface ExportColumn {
  key: string;
  label: string;
}

export type ExportRow = Partial<Record<string, ExportCell>>;
