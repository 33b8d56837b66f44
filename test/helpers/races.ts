import { lockAuditChain } from '../../src/storage/audit.js';
import type { Store } from '../../src/storage/connect.js';
import type { DbKind } from './databases.js';

/**
 * Starts several writes "at the same time" so that each reads its rows before any of them writes.
 * SQLite: Promise.all is enough (one connection: each write's reads run before the first transaction
 * takes it). PostgreSQL: the audit chain's turn is held meanwhile, so every write reads, then waits at
 * writeTransaction, and they go one by one once it is let go — the order a check on a row read before
 * the transaction gets wrong.
 */
export async function together<T>(store: Store, kind: DbKind, start: () => Promise<T>[]): Promise<T[]> {
  if (kind !== 'postgres') return Promise.all(start());
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = store.db.transaction().execute(async (trx) => {
    await lockAuditChain(trx);
    locked();
    await released;
  });
  await isLocked;
  const running = start();
  // Time for each write's reads before the chain is let go (they only wait at the chain's turn).
  await new Promise((r) => setTimeout(r, 300));
  release();
  await holder;
  return Promise.all(running);
}
