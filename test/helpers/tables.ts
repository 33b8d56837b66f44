import type { Store } from '../../src/storage/connect.js';
import type { Database } from '../../src/storage/schema.js';

const TABLES: (keyof Database)[] = [
  'governments',
  'agencies',
  'plans',
  'plan_sections',
  'themes',
  'commitments',
  'commitment_agencies',
  'commitment_contacts',
  'activities',
  'evidence',
  'sources',
  'files',
  'rounds',
  'assessments',
  'translations',
  'audit_log',
];

/** Every row of every table, to prove a failed operation changed nothing. */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await store.db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

export async function rowCount(store: Store, table: keyof Database): Promise<number> {
  const r = await store.db.selectFrom(table).select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
