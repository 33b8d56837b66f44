import { sql } from 'kysely';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import type { Store } from '../../src/storage/connect.js';
import { moveMark, seedBytes, seedText } from '../helpers/seed.js';

/** Imports the 2015–2016 report as the command would (its own transaction, an import context). */
export async function importSeed(store: Store, now = '2026-11-27T12:00:00.000Z') {
  const bytes = seedBytes();
  return importReport(store, readTextReport(bytes, 'seed.txt'), { actor: 'cli:test', fileName: 'seed.txt', bytes, now });
}

/** The report corrected: commitment 2 was Sustancial at the end of term, not Completo (ficha and table). */
export function correctedSeed(): Buffer {
  let text = moveMark(seedText(), 2, 2);
  text = text.replace(/(\t2\.\n\tMejora del Portal de Transparencia Estándar\n\tSustancial\n)\tCompleto/, '$1\tSustancial');
  return Buffer.from(text, 'utf8');
}

export async function importCorrected(store: Store, now = '2026-12-01T09:30:00.000Z') {
  const bytes = correctedSeed();
  return importReport(store, readTextReport(bytes, 'seed-v2.txt'), { actor: 'cli:test', fileName: 'seed-v2.txt', bytes, now });
}

/**
 * What someone with the database's password can do: take away the append-only triggers. The tests
 * that tamper with the log do this first, as an intruder would; the hash chain must still tell.
 */
export async function removeAppendOnlyGuards(store: Store): Promise<void> {
  if (store.dialect === 'postgres') {
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(store.db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
  }
}
