import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database, Row } from './schema.js';

/**
 * Evidence files: their rows (`files`, and `evidence` of kind 'file'). Their bytes are kept in a
 * BlobStore (storage/blob-store.ts) under a key made only of the content's sha256 — never of anything a
 * person typed.
 */
type Db = Kysely<Database>;

/**
 * Makes uploads go one at a time until the transaction ends, so that two uploads of the same content
 * do not both find no row and both insert one: an advisory lock on PostgreSQL; on SQLite a write at the
 * start (it takes the database's write lock even though it changes no row).
 */
export async function serializeFileWriters(trx: Db): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext('vigia:files'))`.execute(trx);
  } else {
    await trx.updateTable('write_locks').set({ name: 'files' }).where('name', '=', 'files').execute();
  }
}

/** A stored file with this content and this name (identical uploads share it). */
export function findFile(db: Db, sha256: string, name: string): Promise<Row<'files'> | undefined> {
  return db.selectFrom('files').selectAll().where('sha256', '=', sha256).where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
}

export function findActivity(db: Db, id: number): Promise<Pick<Row<'activities'>, 'id' | 'commitment_id'> | undefined> {
  return db.selectFrom('activities').select(['id', 'commitment_id']).where('id', '=', id).executeTakeFirst();
}

/** The position after the commitment's last evidence (evidence is ordered per commitment). */
export async function nextEvidencePosition(db: Db, commitmentId: number): Promise<number> {
  const r = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('commitment_id', '=', commitmentId)
    .executeTakeFirst();
  return r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1;
}

export interface EvidenceFileRow {
  evidence_id: number;
  commitment_id: number;
  activity_id: number | null;
  plan_id: number;
  file_id: number;
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  storage_key: string;
}

/** Evidence of kind 'file' with its file and plan; undefined for an unknown id or other kinds of evidence. */
export async function findEvidenceFile(db: Db, evidenceId: number): Promise<EvidenceFileRow | undefined> {
  const r = await db
    .selectFrom('evidence')
    .innerJoin('files', 'files.id', 'evidence.file_id')
    .innerJoin('commitments', 'commitments.id', 'evidence.commitment_id')
    .select([
      'evidence.id as evidence_id',
      'evidence.commitment_id',
      'evidence.activity_id',
      'commitments.plan_id',
      'files.id as file_id',
      'files.sha256',
      'files.name',
      'files.media_type',
      'files.size',
      'files.storage_key',
    ])
    .where('evidence.id', '=', evidenceId)
    .where('evidence.kind', '=', 'file')
    .executeTakeFirst();
  return r && { ...r, size: Number(r.size) };
}

// ---------------------------------------------------------------------------------------------------
// The bytes live in a BlobStore (storage/blob-store.ts), under a key made of their sha256.

/** Where a content goes: `ab/abcdef…` (two-letter folders keep directories small). */
export function storageKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256}`;
}
