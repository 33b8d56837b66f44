import type { ExportColumn, ExportRow } from './cells.js';

/**
 * The JSON download: one object, so that what the data is travels with it —
 *
 *   { "dataset": "commitments", "title": "…", "generated": "2024-…Z", "license": "https://…",
 *     "plan": 1 | null, "lang": "es", "columns": [{ "key", "label" }], "rows": [{ key: value }] }
 *
 * Rows are objects keyed by the columns' stable keys (the same in both languages; only the labels and
 * the *_label values follow the language). Values are as stored — text is not neutralised, because JSON
 * is not opened by spreadsheets; numbers are numbers; an empty value is null. Written a batch of rows
 * at a time, so it streams like the CSV.
 */
export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';

export interface JsonMeta {
  dataset: string;
  title: string;
  generated: string;
  license: string;
  plan: number | null;
  lang: string;
}

export async function* jsonChunks(
  meta: JsonMeta,
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  batchSize = 200,
): AsyncGenerator<string> {
  const head = JSON.stringify({ ...meta, columns: columns.map((c) => ({ key: c.key, label: c.label })) });
  yield `${head.slice(0, -1)},"rows":[`;
  let batch: string[] = [];
  let first = true;
  for await (const row of rows) {
    const record: Record<string, string | number | null> = {};
    for (const c of columns) record[c.key] = row[c.key] ?? null;
    batch.push(JSON.stringify(record));
    if (batch.length >= batchSize) {
      yield (first ? '' : ',') + batch.join(',');
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) yield (first ? '' : ',') + batch.join(',');
  yield ']}';
}
