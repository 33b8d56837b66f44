import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { checkFields, type FieldError, type FieldRule } from '../../domain/input.js';
import { checkReportUpload, type ReportKind } from '../../domain/report-upload.js';
import type { Actor } from '../../domain/roles.js';
import type { ParsedReport } from '../../import/model.js';
import type { ImportWarning } from '../../import/warnings.js';
import { readReport } from '../../import/read-report.js';
import { listGovernments } from '../../storage/admin.js';
import { latestAuditId } from '../../storage/audit.js';
import type { Store } from '../../storage/connect.js';
import { storageKey } from '../../storage/files.js';
import { findGovernment } from '../../storage/plans.js';
import * as previewStore from '../../storage/web-import.js';
import { auditEntriesOf, commitmentNumbers } from '../../storage/web-import.js';
import { fileStore, UploadRefusedError, uploadMaxBytes } from '../evidence-files.js';
import { importReport, type ImportResult } from '../import-report.js';
import { authorize } from './context.js';

/**
 * A Word report or plan imported from the browser (issue 19), by a coordinator (into their government)
 * or an admin: the same reader and the same import as `vigia import`, in two steps.
 *
 * 1. Preview: the file is checked as every upload (size, type by content, active content), read, and
 *    imported inside a transaction that is then rolled back — what the preview lists (rows created,
 *    rows changed with their fields, commitments kept) is what the import wrote, not a guess. The bytes
 *    are kept in the file store under their sha256 (FILES_DIR, as evidence: content-addressed, so the
 *    import's audit context `sha256:…` names them); the answer carries a token, an HMAC keyed by the
 *    session's secret over the person, the file's sha256 and name, the government, the expiry and a
 *    digest of the previewed changes.
 * 2. Confirm: the token must be this session's and unexpired; the bytes are read back by their sha256
 *    and checked against it; the import runs again and commits only if its changes have the digest the
 *    person saw — if the database moved meanwhile, nothing is written and a new preview is shown.
 *
 * A file a preview brought into the store is noted in import_previews until its last token expires;
 * confirmed, it is the import's; never confirmed, it is removed once expired — when the next preview is
 * made, and when the server starts (removeExpiredPreviews).
 */

/** How long a preview may be confirmed. */
export const IMPORT_TOKEN_MINUTES = 30;

/** The confirm step's fields: what the preview's form carries back. */
export const CONFIRM_RULES: Record<string, FieldRule> = {
  token: { type: 'text', required: true, max: 100 },
  sha256: { type: 'text', required: true, max: 64 },
  fileName: { type: 'text', required: true, max: 300 },
  expiresAt: { type: 'text', required: true, max: 40 },
  digest: { type: 'text', required: true, max: 64 },
  government: { type: 'int', min: 1, max: 2_147_483_647 },
};

/** The preview step's fields besides the file: the government, for an admin (a coordinator imports into theirs). */
export const PREVIEW_RULES: Record<string, FieldRule> = {
  government: { type: 'int', min: 1, max: 2_147_483_647 },
};

/** Why a confirmation was refused; nothing was written. */
export type ConfirmRefusal = 'token_invalid' | 'token_expired' | 'file_gone';

/** A refusal of the import's own (the file's other refusals are UploadRefusedError and the reader's AppError). */
export class ImportRefusedError extends Error {
  constructor(
    readonly code: ConfirmRefusal | 'report_extension',
    readonly params: Record<string, string> = {},
  ) {
    super(`import refused: ${code}`);
    this.name = 'ImportRefusedError';
  }
}

export interface EntityChanges {
  entity: string;
  inserted: number;
  updated: number;
  deleted: number;
}

/** A row that exists and that the import changes or removes (a re-import). */
export interface RowChange {
  entity: string;
  id: number;
  action: 'update' | 'delete';
  /** The commitment it belongs to, by number in the plan. */
  commitment: number | null;
  fields: string[];
}

export interface ImportPreview {
  fileName: string;
  kind: ReportKind;
  sha256: string;
  plan: {
    title: string;
    language: 'es' | 'en';
    status: ParsedReport['plan']['status'];
    period: string | null;
    approvalInstrument: string | null;
    approvalDate: string | null;
    government: string;
    /** A new plan, or one already there that the import updates. */
    created: boolean;
  };
  counts: { themes: number; commitments: number; activities: number; evidence: number; sources: number; rounds: number };
  themes: { title: string; commitments: number }[];
  agencies: { name: string; acronym: string | null; created: boolean }[];
  changes: EntityChanges[];
  rowChanges: RowChange[];
  totalChanges: number;
  keptCommitments: number[];
  warnings: ImportWarning[];
  /** What the confirm form sends back. */
  confirm: { token: string; sha256: string; fileName: string; expiresAt: string; digest: string; government: number | null };
}

export interface SessionBinding {
  /** The session's secret (its cookie's token): the key of the confirmation's HMAC. */
  secret: string;
  /** Now, ISO: the import's timestamp and the token's clock. */
  now: string;
}

/** Who may import, before the body is read: coordinators of a government, admins. */
export function assertMayImport(actor: Actor | null): asserts actor is Actor {
  authorize(actor, 'import:report', { governmentId: actor?.governmentId ?? null });
}

/** What the upload form offers: an admin chooses among the governments; a coordinator's is their own. */
export async function importTarget(
  store: Store,
  actor: Actor | null,
): Promise<{ governments: { id: number; name: string }[] | null; own: string | null }> {
  assertMayImport(actor);
  if (actor.role === 'admin') return { governments: await listGovernments(store.db), own: null };
  const own = actor.governmentId === null ? undefined : await findGovernment(store.db, actor.governmentId);
  return { governments: null, own: own?.name ?? null };
}

export async function previewImport(
  store: Store,
  actor: Actor | null,
  input: { fields: Record<string, unknown>; file: { name: string; bytes: Uint8Array } | null },
  session: SessionBinding,
): Promise<{ ok: true; preview: ImportPreview } | { ok: false; errors: FieldError[] }> {
  assertMayImport(actor);
  const checked = checkFields(input.fields, PREVIEW_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  if (!input.file) return { ok: false, errors: [{ field: 'file', code: 'required' }] };
  const government = await targetGovernment(store, actor, typeof checked.values.government === 'number' ? checked.values.government : null);
  if (government === undefined) return { ok: false, errors: [{ field: 'government', code: 'invalid_choice' }] };

  const check = await checkReportUpload(input.file.name, input.file.bytes, { maxBytes: uploadMaxBytes() });
  if (!check.ok) {
    if (check.code === 'report_extension') throw new ImportRefusedError('report_extension', check.params);
    throw new UploadRefusedError({ code: check.code, params: check.params });
  }
  const bytes = input.file.bytes;
  const parsed = await readReport(bytes, check.name);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await removeExpiredPreviews(store, session.now);
  // Bytes already kept for something else (evidence, an import confirmed before) are not the preview's to remove.
  const ours = !(await fileStore().has(storageKey(sha256)));
  await fileStore().put(storageKey(sha256), bytes, sha256);
  await previewStore.notePreview(store.db, sha256, expiryOf(session.now), session.now, ours);
  const preview = await buildPreview(store, actor, parsed, { bytes, sha256, fileName: check.name, kind: check.kind, government }, session);
  return { ok: true, preview };
}

export async function confirmImport(
  store: Store,
  actor: Actor | null,
  fields: Record<string, unknown>,
  session: SessionBinding,
): Promise<
  | { ok: true; result: ImportResult }
  | { ok: false; errors: FieldError[] }
  | { ok: false; refused: ConfirmRefusal }
  | { ok: false; stale: ImportPreview }
> {
  assertMayImport(actor);
  const checked = checkFields(fields, CONFIRM_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const v = checked.values as Record<string, string | number | undefined>;
  const sent = {
    sha256: String(v.sha256),
    fileName: String(v.fileName),
    expiresAt: String(v.expiresAt),
    digest: String(v.digest),
    government: typeof v.government === 'number' ? v.government : null,
  };
  if (!sameToken(String(v.token), tokenOf(actor, sent, session.secret))) return { ok: false, refused: 'token_invalid' };
  if (!(session.now < sent.expiresAt)) return { ok: false, refused: 'token_expired' };
  const government = await targetGovernment(store, actor, sent.government);
  if (government === undefined) return { ok: false, refused: 'token_invalid' };
  const bytes = await readKept(sent.sha256);
  if (!bytes) return { ok: false, refused: 'file_gone' };
  const parsed = await readReport(bytes, sent.fileName);

  const options = {
    actor: `user:${actor.userId}`,
    fileName: sent.fileName,
    bytes,
    now: session.now,
    ...(government ? { government: government.name } : {}),
  };
  const outcome = await store.db
    .transaction()
    .execute(async (trx) => {
      const before = await latestAuditId(trx);
      const result = await importReport(store, parsed, { ...options, transaction: trx });
      const digest = digestOf(await summarise(trx, before, options.actor, options.now));
      // The person confirmed what they saw: anything else is rolled back and shown again.
      if (digest !== sent.digest) throw new Stale();
      return result;
    })
    .catch((e: unknown) => {
      if (e instanceof Stale) return null;
      throw e;
    });
  if (outcome) {
    await previewStore.forgetPreview(store.db, sent.sha256);
    return { ok: true, result: outcome };
  }
  const kind: ReportKind = sent.fileName.toLowerCase().endsWith('.docx') ? 'docx' : 'txt';
  return {
    ok: false,
    stale: await buildPreview(
      store,
      actor,
      parsed,
      { bytes, sha256: sent.sha256, fileName: sent.fileName, kind, government: government ?? null },
      session,
    ),
  };
}

class Stale extends Error {}

const expiryOf = (now: string) => new Date(Date.parse(now) + IMPORT_TOKEN_MINUTES * 60_000).toISOString();

/**
 * The files of previews expired by `now` and never confirmed, removed from the file store (those that
 * evidence came to share stay); each one's note goes. Answers how many files were removed.
 */
export async function removeExpiredPreviews(store: Store, now: string): Promise<number> {
  let removed = 0;
  for (const p of await previewStore.expiredPreviews(store.db, now)) {
    if (!p.evidence) {
      await fileStore().delete(storageKey(p.sha256));
      removed++;
    }
    await previewStore.forgetPreview(store.db, p.sha256);
  }
  return removed;
}
class Rollback extends Error {
  constructor(readonly value: { result: ImportResult; summary: Summary }) {
    super('rollback');
  }
}

type Summary = { changes: EntityChanges[]; rowChanges: RowChange[]; total: number; agencies: Set<string> };

/** The government the plan goes to: the coordinator's own; for an admin the one chosen (null: as the report names it). undefined: none such. */
async function targetGovernment(
  store: Store,
  actor: Actor,
  chosen: number | null,
): Promise<{ id: number; name: string } | null | undefined> {
  const id = actor.role === 'coordinator' ? actor.governmentId : chosen;
  if (id === null) return null;
  const row = await findGovernment(store.db, id);
  return row ? { id: row.id, name: row.name } : undefined;
}

async function buildPreview(
  store: Store,
  actor: Actor,
  parsed: ParsedReport,
  file: { bytes: Uint8Array; sha256: string; fileName: string; kind: ReportKind; government: { id: number; name: string } | null },
  session: SessionBinding,
): Promise<ImportPreview> {
  const actorKey = `user:${actor.userId}`;
  const options = {
    actor: actorKey,
    fileName: file.fileName,
    bytes: file.bytes,
    now: session.now,
    ...(file.government ? { government: file.government.name } : {}),
  };
  let dry: Rollback['value'];
  try {
    await store.db.transaction().execute(async (trx) => {
      const before = await latestAuditId(trx);
      const result = await importReport(store, parsed, { ...options, transaction: trx });
      throw new Rollback({ result, summary: await summarise(trx, before, actorKey, session.now) });
    });
    throw new Error('unreachable: the preview is always rolled back');
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    dry = e.value;
  }
  const digest = digestOf(dry.summary);
  const expiresAt = expiryOf(session.now);
  // A preview shown again (the database moved) keeps its file as long as its new token.
  await previewStore.notePreview(store.db, file.sha256, expiresAt, session.now, false);
  const confirm = { sha256: file.sha256, fileName: file.fileName, expiresAt, digest, government: file.government?.id ?? null };
  const agencies = new Map<string, { name: string; acronym: string | null; created: boolean }>();
  for (const c of parsed.commitments)
    if (c.leadAgency && !agencies.has(c.leadAgency.name))
      agencies.set(c.leadAgency.name, {
        name: c.leadAgency.name,
        acronym: c.leadAgency.acronym,
        created: dry.summary.agencies.has(c.leadAgency.name),
      });
  const sum = (f: (c: ParsedReport['commitments'][number]) => number) => parsed.commitments.reduce((n, c) => n + f(c), 0);
  return {
    fileName: file.fileName,
    kind: file.kind,
    sha256: file.sha256,
    plan: {
      title: parsed.plan.title,
      language: parsed.language,
      status: parsed.plan.status,
      period: parsed.plan.periodStart && parsed.plan.periodEnd ? `${parsed.plan.periodStart}–${parsed.plan.periodEnd}` : null,
      approvalInstrument: parsed.plan.approvalInstrument,
      approvalDate: parsed.plan.approvalDate,
      government: file.government?.name ?? parsed.government?.name ?? '',
      created: dry.result.created,
    },
    counts: {
      themes: parsed.themes.length,
      commitments: parsed.commitments.length,
      activities: sum((c) => c.activities.length),
      evidence: sum((c) => c.evidence.length),
      sources: sum((c) => c.sources.length),
      rounds: parsed.rounds.length,
    },
    themes: parsed.themes.map((t, i) => ({ title: t.title, commitments: parsed.commitments.filter((c) => c.themeIndex === i).length })),
    agencies: [...agencies.values()],
    changes: dry.summary.changes,
    rowChanges: dry.summary.rowChanges,
    totalChanges: dry.summary.total,
    keptCommitments: dry.result.keptCommitments,
    warnings: parsed.warnings,
    confirm: { ...confirm, token: tokenOf(actor, confirm, session.secret) },
  };
}

/** What the import wrote, from its audit entries: counts by table, and each existing row changed or removed with its fields. */
async function summarise(trx: Store['db'], afterId: number, actor: string, at: string): Promise<Summary> {
  const entries = await auditEntriesOf(trx, afterId, actor, at);
  const numbers = await commitmentNumbers(trx, [
    ...new Set(entries.flatMap((e) => (e.commitment_id === null ? [] : [Number(e.commitment_id)]))),
  ]);
  const byEntity = new Map<string, EntityChanges>();
  const inserted = new Set<string>();
  const rowChanges: RowChange[] = [];
  const agencies = new Set<string>();
  for (const e of entries) {
    const c = byEntity.get(e.entity) ?? { entity: e.entity, inserted: 0, updated: 0, deleted: 0 };
    byEntity.set(e.entity, c);
    const key = `${e.entity}:${e.entity_id}`;
    if (e.action === 'create') {
      c.inserted++;
      inserted.add(key);
      if (e.entity === 'agencies' && e.after) agencies.add(String((JSON.parse(e.after) as { name?: unknown }).name));
      continue;
    }
    if (e.action === 'update') c.updated++;
    else c.deleted++;
    // A row the import made and then set again (positions, the plan it belongs to) is part of its creation.
    if (inserted.has(key)) continue;
    const fields = Object.keys(JSON.parse(e.after ?? e.before ?? '{}') as object).sort();
    rowChanges.push({
      entity: e.entity,
      id: Number(e.entity_id),
      action: e.action === 'update' ? 'update' : 'delete',
      commitment: e.commitment_id === null ? null : (numbers.get(Number(e.commitment_id)) ?? null),
      fields: e.action === 'update' ? fields : [],
    });
  }
  const changes = [...byEntity.values()].sort((a, b) => a.entity.localeCompare(b.entity));
  return { changes, rowChanges, total: entries.length, agencies };
}

/** The changes as the person saw them: ids of new rows left out (PostgreSQL's sequences do not roll back). */
function digestOf(s: Summary): string {
  return createHash('sha256')
    .update(JSON.stringify([s.changes, s.rowChanges.map((r) => [r.entity, r.id, r.action, r.fields])]))
    .digest('hex');
}

function tokenOf(
  actor: Actor,
  c: { sha256: string; fileName: string; expiresAt: string; digest: string; government: number | null },
  secret: string,
): string {
  return createHmac('sha256', secret)
    .update(JSON.stringify(['vigia-import-v1', actor.userId, c.sha256, c.fileName, c.expiresAt, c.digest, c.government]))
    .digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The kept bytes, only if they are still exactly the file previewed. */
async function readKept(sha256: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const blob = await fileStore().get(storageKey(sha256));
  if (!blob) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : null;
}
