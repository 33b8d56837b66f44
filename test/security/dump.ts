import type { Store } from '../../src/storage/connect.js';

/**
 * Every row of every table of the database (found by introspection, so a table added later is covered
 * too), each table's rows sorted: what a refused request must leave exactly as it was.
 * `sessions.last_seen_at` is left out: any request of a signed-in person may touch it (at most once a
 * minute), and that is not a change the request made.
 */
export async function dumpDatabase(store: Store): Promise<Record<string, string[]>> {
  const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
  const out: Record<string, string[]> = {};
  for (const name of tables) {
    const rows = (await store.db.selectFrom(name as never).selectAll().execute()) as Record<string, unknown>[];
    out[name] = rows
      .map((r) => {
        if (name === 'sessions') delete r.last_seen_at;
        return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
      })
      .sort();
  }
  return out;
}

/** The names of the tables whose rows differ between two dumps (for a readable failure). */
export function changedTables(a: Record<string, string[]>, b: Record<string, string[]>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => JSON.stringify(a[t]) !== JSON.stringify(b[t]));
}
