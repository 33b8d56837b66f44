import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** OGP's commitment dataset: the A–M extract the repository keeps (tests never read ../shared). */
export const OGP_CSV_PATH = fileURLToPath(new URL('../fixtures/ogp/ogp-commitments-a-to-m.csv', import.meta.url));

export function ogpBytes(): Buffer {
  return readFileSync(OGP_CSV_PATH);
}

/** The fixture's rows as objects by column name, read with csv-parse alone (not Vigía's reader): what the tests compare with. */
export function ogpRecords(text: string = ogpBytes().toString('utf8')): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

/** A copy of the fixture with some cells changed: `edits` maps a data row index (0 = CSV row 2) to column → new value. */
export function alteredOgpCsv(edits: Record<number, Record<string, string>>, extraRows: Record<string, string>[] = []): Buffer {
  const rows = parse(ogpBytes().toString('utf8'), { bom: true }) as string[][];
  const header = rows[0]!;
  for (const [i, change] of Object.entries(edits)) {
    for (const [column, value] of Object.entries(change)) {
      const c = header.indexOf(column);
      if (c === -1) throw new Error(`no column ${column}`);
      rows[Number(i) + 1]![c] = value;
    }
  }
  for (const extra of extraRows) rows.push(header.map((h) => extra[h] ?? ''));
  return Buffer.from(stringify(rows));
}

/** A CSV with the fixture's header and only these rows (columns not given are empty; columns the fixture does not have, such as Vigía's own, added after). */
export function ogpCsv(rows: Record<string, string>[]): Buffer {
  const fixture = (parse(ogpBytes().toString('utf8'), { bom: true, to_line: 1 }) as string[][])[0]!;
  const header = [...fixture, ...new Set(rows.flatMap((r) => Object.keys(r)).filter((k) => !fixture.includes(k)))];
  return Buffer.from(stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]));
}

/** Counts of rows by a key. */
export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + 1);
  return out;
}
