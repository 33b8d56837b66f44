import { createHash } from 'node:crypto';

/**
 * The audit log as a hash chain: each entry's hash covers its content and the previous entry's hash,
 * so changing, removing or inserting an entry anywhere but at the end breaks every link after it.
 * Pure: the same entry gives the same hash on any machine, from either database.
 */

/** What an entry's hash covers: every column of audit_log except the two hashes. */
export interface AuditContent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number;
  plan_id: number | null;
  commitment_id: number | null;
  /** The stored JSON text, hashed as stored (not re-serialised), so any byte of it counts. */
  before: string | null;
  after: string | null;
  context: string | null;
}

export interface ChainedAuditEntry extends AuditContent {
  hash: string | null;
  prev_hash: string | null;
}

/** The prev_hash of the first entry: nothing came before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Names the serialisation inside what is hashed, so a future change of format can be told apart from
 * tampering (entries would then say which format they use). Never change what version 1 means.
 */
const FORMAT = 'vigia-audit-1';

// A lone UTF-16 surrogate cannot be stored: both databases (and Node's UTF-8 encoder) turn it into
// U+FFFD. The hash must be over what is stored, or such an entry would fail verification forever.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return String(value).replace(LONE_SURROGATE, '\uFFFD');
}

// Drivers may hand integers back as strings; a value that is not an integer stays visible as text
// rather than collapsing into null (which JSON makes of NaN) and colliding with a real null.
function integer(value: number | string | null | undefined): number | string | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : String(value);
}

/** One line of JSON: a fixed-order array, so key order and whitespace cannot vary. */
export function canonicalAuditContent(e: AuditContent): string {
  return JSON.stringify([
    FORMAT,
    integer(e.id),
    text(e.at),
    text(e.actor),
    text(e.action),
    text(e.entity),
    integer(e.entity_id),
    integer(e.plan_id),
    integer(e.commitment_id),
    text(e.before),
    text(e.after),
    text(e.context),
  ]);
}

/** sha256 (hex) over the previous entry's hash and this entry's canonical content. */
export function auditEntryHash(e: AuditContent, prevHash: string): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditContent(e)}`, 'utf8')
    .digest('hex');
}

/**
 * Why an entry fails: it has no hash (written around Vigía); its content no longer matches its hash
 * (edited in place); or it does not point at the entry before it (that one was edited and re-hashed,
 * or entries between them were removed or inserted).
 */
export type ChainBreakReason = 'missing-hash' | 'content-altered' | 'link-broken';

export interface ChainBreak {
  entry: ChainedAuditEntry;
  reason: ChainBreakReason;
  /** The entry the chain expected this one to follow (null: it should have been the first). */
  previousId: number | null;
}

/**
 * Checks a chain one entry at a time, in id order, keeping only the last link: a log of any length is
 * checked in constant memory. `check` returns the first break, or null while all is well.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private prevId: number | null = null;
  /** Entries found correct so far. */
  checked = 0;

  check(entry: ChainedAuditEntry): ChainBreak | null {
    if (!entry.hash || !entry.prev_hash) return { entry, reason: 'missing-hash', previousId: this.prevId };
    if (entry.prev_hash !== this.prevHash) return { entry, reason: 'link-broken', previousId: this.prevId };
    if (auditEntryHash(entry, entry.prev_hash) !== entry.hash) return { entry, reason: 'content-altered', previousId: this.prevId };
    this.prevHash = entry.hash;
    this.prevId = Number(entry.id);
    this.checked++;
    return null;
  }

  /** The hash of the last entry checked: recorded outside Vigía, it also reveals entries removed from the end. */
  get head(): { id: number; hash: string } | null {
    return this.prevId === null ? null : { id: this.prevId, hash: this.prevHash };
  }
}
