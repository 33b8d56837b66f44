import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * What one operation wrote, read back inside its own transaction (the browser import's preview runs the
 * import and rolls it back): the entries after `afterId` with its actor and timestamp — another writer's
 * entries, appended meanwhile, have others.
 */
export function auditEntriesOf(db: Db, afterId: number, actor: string, at: string) {
  return db
    .selectFrom('audit_log')
    .select(['entity', 'entity_id', 'action', 'commitment_id', 'before', 'after'])
    .where('id', '>', afterId)
    .where('actor', '=', actor)
    .where('at', '=', at)
    .orderBy('id')
    .execute();
}

/** Commitments' numbers in their plan, by id. */
export async function commitmentNumbers(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('commitments').select(['id', 'number']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.number)]));
}

/**
 * A preview keeps its file until `expiresAt`: recorded when `create` (the preview brought the file into
 * the file store; bytes already there for another reason are not the preview's to remove), or — for one
 * still pending — extended.
 */
export async function notePreview(db: Db, sha256: string, expiresAt: string, now: string, create: boolean): Promise<void> {
  const found = await db.selectFrom('import_previews').select('expires_at').where('sha256', '=', sha256).executeTakeFirst();
  if (found) {
    if (found.expires_at < expiresAt)
      await db.updateTable('import_previews').set({ expires_at: expiresAt }).where('sha256', '=', sha256).execute();
  } else if (create)
    await db
      .insertInto('import_previews')
      .values({ sha256, expires_at: expiresAt, created_at: now })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ expires_at: expiresAt }))
      .execute();
}

/** Whether a preview still keeps this file. */
export async function isPreviewPending(db: Db, sha256: string): Promise<boolean> {
  return (await db.selectFrom('import_previews').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
}

/** The import was confirmed: its file is the import's now. */
export async function forgetPreview(db: Db, sha256: string): Promise<void> {
  await db.deleteFrom('import_previews').where('sha256', '=', sha256).execute();
}

/** Previews expired by `now`, and whether evidence came to share each one's bytes (then the file stays). */
export async function expiredPreviews(db: Db, now: string): Promise<{ sha256: string; evidence: boolean }[]> {
  const rows = await db
    .selectFrom('import_previews as p')
    .leftJoin('files as f', 'f.sha256', 'p.sha256')
    .select(['p.sha256', 'f.id as file_id'])
    .where('p.expires_at', '<=', now)
    .execute();
  const out = new Map<string, boolean>();
  for (const r of rows) out.set(r.sha256, (out.get(r.sha256) ?? false) || r.file_id !== null);
  return [...out].map(([sha256, evidence]) => ({ sha256, evidence }));
}
