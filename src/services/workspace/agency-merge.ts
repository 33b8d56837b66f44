import { checkFields, type FieldError, type FieldRule } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import * as mergeStore from '../../storage/agency-merge.js';
import { AGENCY_REFERENCES } from '../../storage/agency-merge.js';
import type { Store } from '../../storage/connect.js';
import { findAgency, findGovernment } from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import { AuditedWriter } from '../../storage/writer.js';
import { authorize, writeContext, writeTransaction } from './context.js';

/**
 * Two agencies of a government that are the same body ("Ministerio X" and "Ministerio X - OSCE", as two
 * imports wrote it) made one (issue 19): every row that names the one merged — the commitments' lead-agency
 * history as it was written, the editors' accounts, indicators, alerts (storage/agency-merge.ts lists every
 * foreign key) — names the one kept; translations of its name go along where the kept one has none; then
 * the merged agency is removed. A co-lead row that would then name the kept agency a second time on a
 * commitment (it already leads it, first or as a co-lead) is removed instead. Each change is an audit entry
 * of the person who merged. The editors of both then edit the kept agency's commitments: their accounts name it.
 *
 * An admin merges any two agencies of one government; a coordinator those of their own government.
 */

const ID: FieldRule = { type: 'int', required: true, min: 1, max: 2_147_483_647 };
export const MERGE_RULES: Record<string, FieldRule> = { merged: ID, kept: ID };

export type MergeReason = 'same_agency' | 'other_government' | 'unknown';
export interface MergeFieldError extends FieldError {
  reason?: MergeReason;
}

export interface MergeAgency {
  id: number;
  name: string;
  acronym: string | null;
  governmentId: number | null;
}

/** What a merge moves: the page's confirmation, the API's preview. */
export interface MergePreview {
  merged: MergeAgency;
  kept: MergeAgency;
  government: string | null;
  /** Rows that name the merged agency, by table (every table of AGENCY_REFERENCES, zeros too). */
  moves: { table: string; rows: number }[];
  commitments: { id: number; number: number; title: string; planTitle: string; current: boolean; asWritten: string }[];
  editors: { id: number; name: string; email: string; disabled: boolean }[];
  translations: number;
  /** Co-lead rows removed because the kept agency would then lead the commitment twice (first and co-lead, or two co-leads). */
  duplicateCoLeads: number;
}

type Checked = { ok: true; merged: Row<'agencies'>; kept: Row<'agencies'> } | { ok: false; errors: MergeFieldError[] };

/** The two agencies, and the refusals that name why: unknown, the same one, or two governments. */
async function checkPair(store: Store, actor: Actor | null, input: Record<string, unknown>): Promise<Checked> {
  authorize(actor, 'merge:agencies', { governmentId: actor?.governmentId ?? null });
  const checked = checkFields(input, MERGE_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const mergedId = Number(checked.values.merged);
  const keptId = Number(checked.values.kept);
  const [merged, kept] = await Promise.all([findAgency(store.db, mergedId), findAgency(store.db, keptId)]);
  const errors: MergeFieldError[] = [];
  if (!merged) errors.push({ field: 'merged', code: 'invalid_choice', reason: 'unknown' });
  if (!kept) errors.push({ field: 'kept', code: 'invalid_choice', reason: 'unknown' });
  if (!merged || !kept) return { ok: false, errors };
  authorize(actor, 'merge:agencies', { governmentId: governmentOf(merged) });
  if (merged.id === kept.id) return { ok: false, errors: [{ field: 'kept', code: 'invalid_choice', reason: 'same_agency' }] };
  if (governmentOf(merged) !== governmentOf(kept))
    return { ok: false, errors: [{ field: 'kept', code: 'invalid_choice', reason: 'other_government' }] };
  return { ok: true, merged, kept };
}

/** PostgreSQL's driver may give ids as strings: one reading for every place that compares them. */
const governmentOf = (a: Pick<Row<'agencies'>, 'government_id'>) => (a.government_id === null ? null : Number(a.government_id));

const view = (a: Pick<Row<'agencies'>, 'id' | 'name' | 'acronym' | 'government_id'>): MergeAgency => ({
  id: Number(a.id),
  name: a.name,
  acronym: a.acronym,
  governmentId: governmentOf(a),
});

/**
 * The current co-lead rows that would name the kept agency twice once the merged one is it (decision 030
 * keeps one agency once among a commitment's leads): where the kept agency then leads first, every one;
 * otherwise all but one — the kept agency's own row stays, the merged one's goes.
 */
async function duplicateCoLeads(db: Store['db'], mergedId: number, keptId: number) {
  const { leads, coLeads } = await mergeStore.currentLeadsOfBoth(db, mergedId, keptId);
  const drop: typeof coLeads = [];
  for (const commitmentId of new Set(coLeads.map((r) => Number(r.commitment_id)))) {
    const rows = coLeads.filter((r) => Number(r.commitment_id) === commitmentId);
    const own = rows.filter((r) => Number(r.agency_id) === keptId);
    const ordered = [...own, ...rows.filter((r) => !own.includes(r))];
    const lead = leads.get(commitmentId);
    drop.push(...ordered.slice(lead === mergedId || lead === keptId ? 0 : 1));
  }
  return drop;
}

/** The agencies an actor may merge: an admin's, all (by government); a coordinator's, their government's. */
export async function mergeChoices(store: Store, actor: Actor | null): Promise<(MergeAgency & { government: string | null })[]> {
  authorize(actor, 'merge:agencies', { governmentId: actor?.governmentId ?? null });
  const rows = await mergeStore.agenciesOfGovernment(store.db, actor.role === 'admin' ? null : actor.governmentId);
  const names = new Map<number, string>();
  for (const g of new Set(rows.map((r) => r.government_id))) {
    if (g === null) continue;
    const row = await findGovernment(store.db, Number(g));
    if (row) names.set(Number(g), row.name);
  }
  return rows.map((r) => {
    const governmentId = governmentOf(r);
    return { ...view(r), government: governmentId === null ? null : (names.get(governmentId) ?? null) };
  });
}

export async function previewMerge(
  store: Store,
  actor: Actor | null,
  input: Record<string, unknown>,
): Promise<{ ok: true; preview: MergePreview } | { ok: false; errors: MergeFieldError[] }> {
  const pair = await checkPair(store, actor, input);
  if (!pair.ok) return pair;
  const { merged, kept } = pair;
  const moves = [];
  for (const ref of AGENCY_REFERENCES)
    moves.push({ table: ref.table, rows: (await mergeStore.rowsNaming(store.db, ref, merged.id)).length });
  const governmentId = governmentOf(merged);
  const government = governmentId === null ? undefined : await findGovernment(store.db, governmentId);
  return {
    ok: true,
    preview: {
      merged: view(merged),
      kept: view(kept),
      government: government?.name ?? null,
      moves,
      commitments: (await mergeStore.commitmentsNaming(store.db, merged.id)).map((c) => ({
        id: Number(c.commitment_id),
        number: Number(c.number),
        title: c.title,
        planTitle: c.plan_title,
        current: c.valid_to === null,
        asWritten: c.as_written,
      })),
      editors: (await mergeStore.editorsOf(store.db, merged.id)).map((u) => ({
        id: Number(u.id),
        name: u.name,
        email: u.email,
        disabled: Boolean(Number(u.disabled)),
      })),
      translations: (await mergeStore.translationsOfAgency(store.db, merged.id)).length,
      duplicateCoLeads: (await duplicateCoLeads(store.db, merged.id, kept.id)).length,
    },
  };
}

export async function mergeAgencies(
  store: Store,
  actor: Actor | null,
  input: Record<string, unknown>,
  now: string,
): Promise<
  | { ok: true; kept: number; removed: number; moved: Record<string, number>; duplicateCoLeads: number }
  | { ok: false; errors: MergeFieldError[] }
> {
  const pair = await checkPair(store, actor, input);
  if (!pair.ok) return pair;
  return writeTransaction(store, async (trx) => {
    // Read again inside the transaction: what is moved is what is there now.
    const merged = await findAgency(trx, pair.merged.id);
    const kept = await findAgency(trx, pair.kept.id);
    if (!merged || !kept)
      return { ok: false as const, errors: [{ field: 'merged', code: 'invalid_choice' as const, reason: 'unknown' as const }] };
    const w = new AuditedWriter(
      trx,
      writeContext(actor!, `merge agency ${merged.id} (${merged.name}) into ${kept.id} (${kept.name})`, now),
    );
    const plans = new Set<number>();
    // The same agency twice among a commitment's leads: the duplicate co-lead row goes first, so it is not moved.
    const duplicates = await duplicateCoLeads(trx, merged.id, kept.id);
    for (const row of duplicates) {
      const { plan_id: planId, ...coLead } = row;
      plans.add(Number(planId));
      await w.forPlan(Number(planId)).forCommitment(Number(coLead.commitment_id)).remove('commitment_co_leads', coLead);
    }
    const moved: Record<string, number> = {};
    for (const ref of AGENCY_REFERENCES) {
      const rows = await mergeStore.rowsNaming(trx, ref, merged.id);
      moved[ref.table] = rows.length;
      for (const { row, commitmentId, planId } of rows) {
        w.forPlan(planId).forCommitment(commitmentId);
        if (planId !== null) plans.add(planId);
        await w.update(ref.table, row as never, { [ref.column]: kept.id } as never);
        if (ref.table === 'users') await mergeStore.touchUser(trx, Number(row.id), now);
      }
    }
    w.forPlan(null).forCommitment(null);
    // The name in another language: the kept agency's own translation wins; the merged one's fills a gap.
    const keptTranslations = await mergeStore.translationsOfAgency(trx, kept.id);
    for (const t of await mergeStore.translationsOfAgency(trx, merged.id)) {
      if (keptTranslations.some((k) => k.field === t.field && k.lang === t.lang)) await w.remove('translations', t);
      else await w.update('translations', t, { entity_id: kept.id });
    }
    if (!kept.acronym && merged.acronym) await w.update('agencies', kept, { acronym: merged.acronym });
    await w.remove('agencies', merged);
    for (const planId of plans) await rebuildSearchIndex(trx, planId);
    return { ok: true as const, kept: Number(kept.id), removed: Number(merged.id), moved, duplicateCoLeads: duplicates.length };
  });
}
