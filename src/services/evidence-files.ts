import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptedTypeOf, checkUpload, DEFAULT_UPLOAD_MAX_MB, type AcceptedType, type FileRefusal } from '../domain/file-types.js';
import { AppError } from '../errors.js';
import { fileMessages, refusalMessage, type UploadRefusalCode } from '../i18n/files.js';
import type { Lang } from '../i18n/lang.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import { FolderBlobStore, type BlobStore } from '../storage/blob-store.js';
import * as fileRowStore from '../storage/files.js';
import { AuditedWriter, type WriteContext } from '../storage/writer.js';

/**
 * Evidence that is a file: checked by its content (src/domain/file-types.ts), its bytes kept once per
 * content in the file store (FILES_DIR by default), its rows written with their audit entries in one transaction.
 */

const MB = 1024 * 1024;

/** UPLOAD_MAX_MB (default 20) in bytes. */
export function uploadMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.UPLOAD_MAX_MB?.trim();
  if (!raw) return DEFAULT_UPLOAD_MAX_MB * MB;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 1024) throw new AppError('invalid_input', { field: 'UPLOAD_MAX_MB', value: raw });
  return Math.floor(mb * MB);
}

const PUBLIC_DIR = resolve(fileURLToPath(new URL('../../public', import.meta.url)));

/** FILES_DIR (default ./data/files), absolute; never inside the folder the site serves. */
export function filesDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolve(env.FILES_DIR?.trim() || './data/files');
  if (dir === PUBLIC_DIR || dir.startsWith(PUBLIC_DIR + sep)) throw new AppError('invalid_input', { field: 'FILES_DIR', value: dir });
  return dir;
}

/**
 * Where uploaded files' bytes are kept: the folder FILES_DIR, which every instance must share (a shared
 * mount) when there are several (decision 018). An object store would come in here, behind BlobStore.
 */
export function fileStore(env: NodeJS.ProcessEnv = process.env): BlobStore {
  return new FolderBlobStore(filesDir(env));
}

/**
 * An upload refused: a 400 (413 when too large, 415 when not multipart) through the app's usual error
 * answer. The code stays `invalid_input` (errors.ts has no file codes) with the file's message as the
 * value, in the language it was made for, and under `fields` keyed by the form field; `refusal` keeps
 * the stable file code and params for callers that render their own words.
 */
export class UploadRefusedError extends AppError {
  constructor(
    readonly refusal: { code: UploadRefusalCode; params: Record<string, string | number> },
    readonly lang: Lang = 'es',
    readonly field: string = 'file',
  ) {
    const message = refusalMessage(refusal, lang);
    super('invalid_input', { field: fileMessages[lang].fieldLabel, value: message }, { [field]: message });
    this.name = 'UploadRefusedError';
  }

  override get status(): number {
    if (this.refusal.code === 'too_large') return 413;
    if (this.refusal.code === 'not_multipart') return 415;
    return 400;
  }

  /** The same refusal in another language, or under another form field. */
  as(lang: Lang, field: string = this.field): UploadRefusedError {
    return new UploadRefusedError(this.refusal, lang, field);
  }
}

export interface EvidenceFileInput {
  commitmentId: number;
  activityId?: number | null;
  fileName: string;
  bytes: Uint8Array;
  description?: string | null;
}

const DESCRIPTION_MAX = 2000;

/**
 * Keeps a file as evidence of a commitment (and optionally one of its activities). Refuses with
 * UploadRefusedError before anything is written; the commitment and activity must exist and belong
 * together (AppError not_found / invalid_input). The bytes are written first, then the rows in one
 * transaction: a failed transaction leaves at most a file on disk without a row — harmless, as the
 * same content uploaded again finds it and uses it, and no row ever points to bytes that are not there.
 *
 * Identical content is stored once on disk. Its `files` row is shared too when the name is the same;
 * the same content under another name gets a row of its own (same storage key), so each evidence
 * downloads under the name it was uploaded with.
 */
export async function storeEvidenceFile(
  store: Store,
  ctx: WriteContext,
  input: EvidenceFileInput,
): Promise<{ evidenceId: number; fileId: number }> {
  const check = await checkUpload(input.fileName, input.bytes, { maxBytes: uploadMaxBytes() });
  if (!check.ok) throw new UploadRefusedError({ code: check.code, params: check.params });
  const description = checkDescription(input.description);
  const activityId = input.activityId ?? null;
  const blobs = fileStore();

  // Checked before the bytes are written, so that a wrong id leaves nothing behind; again inside the
  // transaction, where it counts.
  await checkTarget(store.db, input.commitmentId, activityId);

  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const key = fileRowStore.storageKey(sha256);
  await blobs.put(key, input.bytes, sha256);

  return store.db.transaction().execute(async (trx) => {
    await fileRowStore.serializeFileWriters(trx);
    const commitment = await checkTarget(trx, input.commitmentId, activityId);
    const w = new AuditedWriter(trx, ctx).forPlan(commitment.plan_id).forCommitment(commitment.id);
    const existing = await fileRowStore.findFile(trx, sha256, check.name);
    const fileId =
      existing?.id ??
      (await w.insert('files', { sha256, name: check.name, media_type: check.mediaType, size: input.bytes.length, storage_key: key }));
    const evidenceId = await w.insert('evidence', {
      commitment_id: commitment.id,
      activity_id: activityId,
      position: await fileRowStore.nextEvidencePosition(trx, commitment.id),
      kind: 'file',
      url: null,
      file_id: fileId,
      description,
      origin: 'user',
    });
    return { evidenceId, fileId };
  });
}

async function checkTarget(db: Store['db'], commitmentId: number, activityId: number | null) {
  const commitment = Number.isSafeInteger(commitmentId) ? await commitmentStore.findCommitment(db, commitmentId) : undefined;
  if (!commitment) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  if (activityId !== null) {
    const activity = Number.isSafeInteger(activityId) ? await fileRowStore.findActivity(db, activityId) : undefined;
    if (!activity || activity.commitment_id !== commitment.id)
      throw new AppError('invalid_input', { field: 'activity', value: String(activityId) }, { activity: String(activityId) });
  }
  return commitment;
}

function checkDescription(value: string | null | undefined): string | null {
  const text = (value ?? '').replace(/\r\n?/g, '\n').trim();
  if (text === '') return null;
  // Control characters other than tab and new line have no place in a text a person writes.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) || text.length > DESCRIPTION_MAX) {
    throw new AppError('invalid_input', { field: 'description', value: '' });
  }
  return text;
}

export interface EvidenceFile {
  evidenceId: number;
  fileId: number;
  commitmentId: number;
  activityId: number | null;
  planId: number;
  /** The name it was uploaded with. */
  name: string;
  /** As detected from the content when it was uploaded. */
  mediaType: string;
  type: AcceptedType | null;
  size: number;
  sha256: string;
  /** The bytes; the caller must consume or destroy it (it holds an open file). */
  stream: Readable;
}

/**
 * The file of an evidence, ready to stream; null for an unknown id or evidence that is not a file. A
 * row whose bytes are missing or of another size is an operational fault (a lost or damaged
 * FILES_DIR): an Error, which the app logs and answers with a 500, rather than a quiet 404.
 */
export async function openEvidenceFile(store: Store, evidenceId: number): Promise<EvidenceFile | null> {
  if (!Number.isSafeInteger(evidenceId) || evidenceId <= 0) return null;
  const row = await fileRowStore.findEvidenceFile(store.db, evidenceId);
  if (!row) return null;
  const blobs = fileStore();
  const blob = await blobs.get(row.storage_key);
  if (!blob)
    throw new Error(`evidence ${evidenceId}: the content of file ${row.file_id} (${row.storage_key}) is missing from ${blobs.location}`);
  if (blob.size !== row.size) {
    blob.stream.destroy();
    throw new Error(`evidence ${evidenceId}: file ${row.file_id} has ${blob.size} bytes in ${blobs.location}, ${row.size} in the database`);
  }
  return {
    evidenceId: row.evidence_id,
    fileId: row.file_id,
    commitmentId: row.commitment_id,
    activityId: row.activity_id,
    planId: row.plan_id,
    name: row.name,
    mediaType: row.media_type,
    type: acceptedTypeOf(row.media_type),
    size: row.size,
    sha256: row.sha256,
    stream: blob.stream,
  };
}

export type { FileRefusal };
