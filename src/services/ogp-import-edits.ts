import type { OgpProblem } from '../import/ogp-csv/index.js';
import type { Store } from '../storage/connect.js';
import * as ogpStore from '../storage/ogp.js';
import type { Row } from '../storage/schema.js';

/**
 * An import never silently overwrites what a person edited in the workspace (issue 19): a field the file
 * would change whose last write in the audit log is a person's (`user:N`, not an import's `cli:…`) is
 * left as they left it, and listed (plan, commitment, field, who, when) in the command's output.
 */
export const isPerson = (actor: string): boolean => actor.startsWith('user:');

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || (a != null && b != null && String(a) === String(b));

export interface KeptField {
  field: string;
  by: string;
  at: string;
}

/** `values` without the fields that would change something a person wrote last; those fields apart. */
export async function withoutPersonsEdits<T extends 'plans' | 'commitments'>(
  db: Store['db'],
  table: T,
  current: Row<T>,
  values: Partial<Record<keyof Row<T>, unknown>>,
): Promise<{ values: typeof values; kept: KeptField[] }> {
  const cur = current as Record<string, unknown>;
  const changed = Object.entries(values)
    .filter(([k, v]) => v !== undefined && !same(cur[k], v))
    .map(([k]) => k);
  if (changed.length === 0) return { values, kept: [] };
  const writes = (await ogpStore.listWritesOf(db, table, Number(cur.id))).map((w) => ({ ...w, fields: fieldsOf(w.after) }));
  const out: Record<string, unknown> = { ...values };
  const kept: KeptField[] = [];
  for (const field of changed) {
    const last = writes.find((w) => w.fields.has(field));
    if (last && isPerson(last.actor)) {
      delete out[field];
      kept.push({ field, by: last.actor, at: last.at });
    }
  }
  return { values: out as typeof values, kept };
}

/** Whether the current lead agency entry is one a person chose in the workspace. */
export async function personChoseLead(db: Store['db'], entryId: number): Promise<KeptField | null> {
  const [created] = await ogpStore.listWritesOf(db, 'commitment_agencies', entryId);
  return created && isPerson(created.actor) ? { field: 'agency_id', by: created.actor, at: created.at } : null;
}

function fieldsOf(after: string | null): Set<string> {
  if (!after) return new Set();
  try {
    return new Set(Object.keys(JSON.parse(after) as object));
  } catch {
    return new Set();
  }
}

/** A kept field as the command lists it: the row, the column of the file it would have come from. */
export function keptProblem(k: KeptField, row: number, column: string, plan: string, commitment: string | null): OgpProblem {
  return { row, column, code: 'kept_workspace_edit', value: column, plan, commitment, by: k.by, at: k.at };
}
