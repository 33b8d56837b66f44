import { PassThrough, type Readable } from 'node:stream';
import { spreadsheetCell, type ExportColumn, type ExportRow } from './cells.js';

/**
 * One worksheet: a bold, frozen header row, columns as wide as their first rows need (between 8 and
 * 60 characters), then one row per record. Written with exceljs's streaming writer and inline strings
 * (no shared-string table kept in memory), so rows go out as they come.
 *
 * exceljs writes a JavaScript string as a string cell and only a `{ formula }` value as a formula, so
 * a user's "=HYPERLINK(…)" cannot become a formula in the file itself (tested). Text is still
 * neutralised like the CSV's (a leading quote): the same cell must not turn into a formula when the
 * sheet is edited or saved as CSV, and both downloads should show the same value.
 * Also: characters XML 1.0 forbids (C0 controls but tab, LF, CR) are dropped, and a text longer than
 * the 32,767 characters an Excel cell holds is cut there, ending in "…".
 */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const MAX_CELL_TEXT = 32_767;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Rows read before the column widths are fixed. */
const WIDTH_SAMPLE = 100;

const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xlsxCell(value: ExportRow[string]): string | number | null {
  // Dropped before neutralising, so that "\u0001=…" cannot reach the sheet as "=…".
  const cell = spreadsheetCell(typeof value === 'string' ? value.replace(XML_FORBIDDEN, '') : value);
  if (typeof cell !== 'string') return cell;
  return cell.length > MAX_CELL_TEXT ? `${cell.slice(0, MAX_CELL_TEXT - 1)}…` : cell;
}

function displayWidth(value: string | number | null): number {
  if (value === null) return 0;
  const text = String(value);
  let widest = 0;
  for (const line of text.split(/\r?\n/)) widest = Math.max(widest, line.length);
  return widest;
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return (
    name
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 31)
      .trim() || 'Datos'
  );
}

export interface XlsxOptions {
  sheet: string;
}

/** The workbook as a byte stream; rows are read as the stream is consumed. */
export function xlsxStream(columns: ExportColumn[], rows: AsyncIterable<ExportRow> | Iterable<ExportRow>, options: XlsxOptions): Readable {
  const out = new PassThrough();
  write(out, columns, rows, options).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}

async function write(
  out: PassThrough,
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  options: XlsxOptions,
): Promise<void> {
  // exceljs (~17 MiB once loaded) only when a workbook is written, not at every start (docs/performance.md, memory).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Vigía';
  const sheet = workbook.addWorksheet(sheetName(options.sheet), { views: [{ state: 'frozen', ySplit: 1 }] });

  const iterator = (Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : (rows as Iterable<ExportRow>)[Symbol.iterator]()) as
    AsyncIterator<ExportRow> | Iterator<ExportRow>;
  const sample: (string | number | null)[][] = [];
  let done = false;
  while (sample.length < WIDTH_SAMPLE) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    sample.push(columns.map((c) => xlsxCell(next.value[c.key])));
  }

  sheet.columns = columns.map((c, i) => {
    const widest = Math.max(c.label.length, ...sample.map((r) => displayWidth(r[i] ?? null)));
    return { key: c.key, width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2)) };
  });
  const header = sheet.addRow(columns.map((c) => xlsxCell(c.label)));
  header.font = { bold: true };
  header.commit();
  for (const values of sample) sheet.addRow(values).commit();
  while (!done) {
    const next = await iterator.next();
    if (next.done) break;
    sheet.addRow(columns.map((c) => xlsxCell(next.value[c.key]))).commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The whole workbook in memory: for tests and small tables. */
export async function toXlsx(
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  options: XlsxOptions,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(columns, rows, options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
