import { sql } from 'kysely';
import type { Store } from '../../src/storage/connect.js';

/**
 * The whole database as data: every table (found in the database's own catalogue, so a table added by
 * a later migration is in the dump without touching this file), every row, in a stable order (rows
 * serialised and sorted), for SQLite and PostgreSQL alike. Two dumps are equal when nothing was written.
 *
 *   const before = await dumpDatabase(store);
 *   …request…
 *   assert.deepEqual(diffDumps(before, await dumpDatabase(store)), []);
 *
 * `exclude`: tables left out, each for a reason the caller states (e.g. a rate-limit counter that a
 * refused request rightly writes). `sessions.last_seen_at` is always left out: any request of a
 * signed-in person may touch it (at most once a minute), and that is not a change the request made.
 * PostgreSQL's sequences are not tables and are not dumped: a rolled-back insert still moves them on.
 */
export type Dump = Map<string, string[]>;

export async function tableNames(store: Store): Promise<string[]> {
  const rows =
    store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(store.db))
          .rows
      : (
          await sql<{
            name: string;
          }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(
            store.db,
          )
        ).rows;
  return rows.map((r) => r.name).sort();
}

/** One value as text that is the same for the same stored value on either database. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export async function dumpDatabase(store: Store, options: { exclude?: readonly string[] } = {}): Promise<Dump> {
  const exclude = new Set(options.exclude ?? []);
  const out: Dump = new Map();
  for (const table of await tableNames(store)) {
    if (exclude.has(table)) continue;
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(store.db);
    out.set(
      table,
      rows
        .map((r) => {
          if (table === 'sessions') delete r.last_seen_at;
          return JSON.stringify(
            Object.keys(r)
              .sort()
              .map((k) => [k, canonical(r[k])]),
          );
        })
        .sort(),
    );
  }
  return out;
}

/** What differs between two dumps, as short lines (table, rows gone, rows new); empty when equal. */
export function diffDumps(before: Dump, after: Dump, maxRowChars = 300): string[] {
  const lines: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table);
    const b = after.get(table);
    if (!a || !b) {
      lines.push(`${table}: table ${a ? 'dropped' : 'created'}`);
      continue;
    }
    if (a.length === b.length && a.every((row, i) => row === b[i])) continue;
    const inB = new Set(b);
    const inA = new Set(a);
    for (const row of a) if (!inB.has(row)) lines.push(`${table}: - ${row.slice(0, maxRowChars)}`);
    for (const row of b) if (!inA.has(row)) lines.push(`${table}: + ${row.slice(0, maxRowChars)}`);
  }
  return lines;
}

/** The names of the tables whose rows differ between two dumps. */
export function changedTables(before: Dump, after: Dump): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => JSON.stringify(before.get(t)) !== JSON.stringify(after.get(t)));
}

/**
 * A cheap look at the same tables, for checks after every request: how many rows each has, in one
 * query. It sees rows added or removed; a changed row only a full dump sees (and every change through
 * AuditedWriter adds an audit_log row, which this does see).
 */
export async function rowCounts(store: Store, options: { exclude?: readonly string[] } = {}): Promise<string> {
  const exclude = new Set(options.exclude ?? []);
  const tables = (await tableNames(store)).filter((t) => !exclude.has(t));
  // Each count named: PostgreSQL calls every one of them "count", and a row object keeps only the last.
  const counts = sql.join(tables.map((t, i) => sql`(SELECT count(*) FROM ${sql.table(t)}) AS ${sql.id(`c${i}`)}`));
  const { rows } = await sql<Record<string, unknown>>`SELECT ${counts}`.execute(store.db);
  const row = rows[0] ?? {};
  return tables.map((t, i) => `${t}=${String(row[`c${i}`])}`).join(' ');
}
