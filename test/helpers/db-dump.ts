import { sql } from 'kysely';
import type { Store } from '../../src/storage/connect.js';

/**
 * Every row of every table of the database, as one string in a stable order (tables by name, rows
 * sorted by their text), to prove that a refused operation left the database exactly as it was:
 * `assert.equal(await dumpDatabase(store), before)`. General on purpose: it reads the catalogue, so a
 * table added by a later migration is compared too (SQLite's FTS5 shadow tables and sqlite_sequence
 * included). PostgreSQL's sequences are not tables and are not dumped: a rolled-back insert still
 * moves them on, by design.
 */
export async function dumpDatabase(store: Store): Promise<string> {
  const tables =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(store.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(store.db);
  const out: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(store.db);
    out.push(`## ${name} (${rows.rows.length})`, ...rows.rows.map(rowText).sort());
  }
  return out.join('\n');
}

function rowText(row: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(row).sort().map((k) => [k, valueText(row[k])]));
}

function valueText(v: unknown): unknown {
  if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('hex')}`;
  if (v instanceof Date) return `date:${v.toISOString()}`;
  if (typeof v === 'bigint') return `int:${v}`;
  return v;
}
