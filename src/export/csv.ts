import { stringify } from 'csv-stringify/sync';
import { spreadsheetCell, type ExportColumn, type ExportRow } from './cells.js';

/**
 * CSV as RFC 4180 writes it: a header row, fields quoted when they hold a comma, a double quote, a CR
 * or an LF (quotes doubled inside), CRLF between records. Quoting is csv-stringify's; we only add
 * `quoted_match` for line breaks, which it leaves bare when the record delimiter is CRLF.
 *
 * Encoding: UTF-8 with a byte-order mark. Without it Excel on Windows reads the file as ANSI and
 * "Participación" comes out as "ParticipaciÃ³n"; with it Excel, LibreOffice, pandas (`utf-8-sig`)
 * and csv-parse (`bom: true`) read it right. The cost: a reader that ignores BOMs sees U+FEFF before
 * the first header (Python's csv with plain `utf-8`, for one). The headers are labels for people;
 * programs should use the JSON download, whose keys are stable.
 *
 * Cells that a spreadsheet would run as a formula are neutralised (see cells.ts); numbers are written
 * as numbers with a dot for decimals, whatever the language of the headers.
 *
 * The writer takes rows as an (async) iterable and gives chunks of text, a batch of rows at a time,
 * so a large download streams with flat memory.
 */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present';
export const BOM = '\uFEFF';

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark (the default). */
  bom?: boolean;
  /** Rows per chunk. */
  batchSize?: number;
}

const STRINGIFY_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

function records(columns: ExportColumn[], rows: ExportRow[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => spreadsheetCell(row[c.key]))),
    STRINGIFY_OPTIONS,
  );
}

export async function* csvChunks(
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  const batchSize = options.batchSize ?? 200;
  const header = stringify([columns.map((c) => spreadsheetCell(c.label))], STRINGIFY_OPTIONS);
  yield (options.bom === false ? '' : BOM) + header;
  let batch: ExportRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) {
      yield records(columns, batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield records(columns, batch);
}

/** The whole CSV as one string: for small tables and tests. */
export async function toCsv(
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  options: CsvOptions = {},
): Promise<string> {
  let out = '';
  for await (const chunk of csvChunks(columns, rows, options)) out += chunk;
  return out;
}
