import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { COL, NO_THEME, OGP_OTHER_FIELD_LABELS } from '../domain/ogp-dataset.js';
import type { PlanStatus } from '../domain/types.js';
import type { OgpCommitment, OgpDataset, OgpMember, OgpPlan, OgpProblem, OgpReview } from '../import/ogp-csv/index.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as ogpStore from '../storage/ogp.js';
import * as planStore from '../storage/plans.js';
import { maxCommitmentNumber } from '../storage/reviews.js';
import type { Row } from '../storage/schema.js';
import { rebuildSearchIndex } from '../storage/search.js';
import { AuditedWriter, type Values } from '../storage/writer.js';
import { writeTransaction } from './workspace/context.js';

/**
 * Stores what the reader made of OGP's commitment dataset, in one transaction (a savepoint per plan): members
 * (governments), plans (by OGP's plan number), commitments (by OGP's identifier) and the IRM's reviews
 * (origin 'import'). The same file again changes nothing; a corrected row updates its commitment in
 * place, and the audit log says what changed. A review a person entered (origin 'user') is left as it is.
 */
export interface OgpImportOptions {
  actor: string;
  fileName: string;
  bytes: Uint8Array;
  now: string;
  /** Called after each plan with the rows stored so far (the progress bar). */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface OgpImportResult {
  /** Rows refused while storing (their plan's years belong to another plan of the member): nothing of that plan was written. */
  errors: OgpProblem[];
  governments: Tally;
  plans: Tally;
  commitments: Tally;
  reviews: Tally;
  /** Audit entries written: 0 when the database already held exactly this. */
  changes: number;
}

const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

export async function importOgpDataset(store: Store, data: OgpDataset, options: OgpImportOptions): Promise<OgpImportResult> {
  const now = options.now;
  const sha = createHash('sha256').update(options.bytes).digest('hex');
  const ctx = { actor: options.actor, at: now, context: `import ${options.fileName} sha256:${sha.slice(0, 16)}` };
  const result: OgpImportResult = { errors: [], governments: tally(), plans: tally(), commitments: tally(), reviews: tally(), changes: 0 };
  const members = new Map(data.members.map((m) => [m.name, m]));
  const total = data.plans.reduce((n, p) => n + p.commitments.length, 0);
  const seenGovernments = new Set<number>();
  let done = 0;

  // One transaction for the whole file, so that a failure half-way (the database gone, a bug) leaves
  // nothing of it behind (decision 024); each plan in a savepoint, so that a plan refused while storing
  // (PlanPeriodTaken) is undone alone and the others are still imported, as decision 012 says.
  await writeTransaction(store, async (trx) => {
    for (const plan of data.plans) {
      await sql`savepoint ogp_plan`.execute(trx);
      try {
        // The plan's tallies count only once its savepoint is released.
        const counted = structuredClone(result);
        const w = new AuditedWriter(trx, ctx);
        const governmentId = await storeGovernment(w, members.get(plan.member)!, counted, seenGovernments);
        const planId = await storePlan(w, governmentId, plan, now, counted);
        w.forPlan(planId);
        const before = w.changes;
        // The plans commitments were moved out of: their search documents go before the new plan's are made.
        const movedFrom = new Set<number>();
        if ((await planStore.listRounds(trx, planId)).length > 0) {
          // A plan with assessment rounds is the government's own report's: see linkCommitment.
          for (const c of plan.commitments) await linkCommitment(w, planId, c, counted);
        } else {
          const themeIds = await storeThemes(w, planId, plan);
          for (const c of plan.commitments)
            await storeCommitment(w, planId, themeIds.get(c.theme ?? NO_THEME)!, c, now.slice(0, 10), governmentId, counted, movedFrom);
        }
        const planChanged = w.changes > before;
        // Search documents are derived data: rebuilt when the plan's commitments changed.
        for (const old of movedFrom) await rebuildSearchIndex(trx, old);
        if (planChanged) await rebuildSearchIndex(trx, planId);
        await sql`release savepoint ogp_plan`.execute(trx);
        Object.assign(result, counted, { changes: result.changes + w.changes });
      } catch (e) {
        if (!(e instanceof PlanPeriodTaken)) throw e;
        await sql`rollback to savepoint ogp_plan`.execute(trx);
        await sql`release savepoint ogp_plan`.execute(trx);
        for (const c of plan.commitments)
          result.errors.push({ row: c.row, column: COL.yearOfSubmission, code: 'plan_period_taken', value: e.period });
      }
      done += plan.commitments.length;
      options.onProgress?.(done, total);
    }
  });
  return result;
}

/** A member has one plan per period: a second OGP plan with the same years is refused, not merged. */
class PlanPeriodTaken extends Error {
  constructor(readonly period: string) {
    super(`plan period ${period} taken`);
  }
}

async function storeGovernment(w: AuditedWriter, m: OgpMember, result: OgpImportResult, seen: Set<number>): Promise<number> {
  const existing =
    (m.countryCode ? await ogpStore.findGovernmentByCountry(w.db, m.countryCode) : undefined) ??
    (await planStore.findGovernmentByName(w.db, m.name));
  if (existing) {
    if (!seen.has(existing.id)) result.governments.unchanged++;
    seen.add(existing.id);
    return existing.id;
  }
  const id = await w.insert('governments', { name: m.name, kind: m.kind, country_code: m.countryCode, lang: 'en' });
  seen.add(id);
  result.governments.created++;
  return id;
}

/** OGP's plan: found by its number; else a plan of the same period made from a report takes the number; else a new one. */
async function storePlan(w: AuditedWriter, governmentId: number, plan: OgpPlan, now: string, result: OgpImportResult): Promise<number> {
  const current = await ogpStore.findPlanByOgpNumber(w.db, governmentId, plan.number);
  if (!current && plan.periodStart !== null && plan.periodEnd !== null) {
    const adopted = await ogpStore.findPlanWithoutOgpNumber(w.db, governmentId, plan.periodStart, plan.periodEnd);
    if (adopted) {
      // A plan made from the government's own report keeps its title and data: only OGP's number is added.
      await w.forPlan(adopted.id).update('plans', adopted, { ogp_number: plan.number });
      result.plans.updated++;
      return adopted.id;
    }
  }
  if (current) {
    const start = plan.periodStart ?? current.period_start;
    const end = plan.periodEnd ?? current.period_end;
    if (start !== null && end !== null && (start !== current.period_start || end !== current.period_end)) {
      // New years for OGP's plan: refused, like a new plan's, when another plan of the member has them.
      const taken = await ogpStore.findPlanWithPeriod(w.db, governmentId, start, end);
      if (taken && taken.id !== current.id) throw new PlanPeriodTaken(`${start}–${end}`);
    }
    const changed = await w.forPlan(current.id).update('plans', current, {
      period_start: plan.periodStart ?? current.period_start,
      period_end: plan.periodEnd ?? current.period_end,
    });
    result.plans[changed ? 'updated' : 'unchanged']++;
    return current.id;
  }
  if (plan.periodStart !== null && plan.periodEnd !== null) {
    const taken = await ogpStore.findPlanWithPeriod(w.db, governmentId, plan.periodStart, plan.periodEnd);
    if (taken) throw new PlanPeriodTaken(`${plan.periodStart}–${plan.periodEnd}`);
  }
  const government = (await planStore.findGovernment(w.db, governmentId))!;
  const period = plan.periodStart !== null ? ` (${plan.periodStart}–${plan.periodEnd ?? '?'})` : '';
  const status: PlanStatus = plan.periodEnd !== null && plan.periodEnd < Number(now.slice(0, 4)) ? 'completed' : 'active';
  const id = await w.insert('plans', {
    government_id: governmentId,
    title: `${government.name}: action plan ${plan.number}${period}`,
    lang: 'en',
    period_start: plan.periodStart,
    period_end: plan.periodEnd,
    approval_instrument: null,
    approval_date: null,
    status,
    ogp_number: plan.number,
  });
  result.plans.created++;
  return id;
}

/** Themes by title, in the order the rows first name them; commitments OGP gives no theme ("NA") go under NO_THEME. */
async function storeThemes(w: AuditedWriter, planId: number, plan: OgpPlan): Promise<Map<string, number>> {
  const existing = await planStore.listThemes(w.db, planId);
  const ids = new Map(existing.map((t) => [t.title, t.id]));
  let position = existing.reduce((max, t) => Math.max(max, t.position + 1), 0);
  for (const c of plan.commitments) {
    const title = c.theme ?? NO_THEME;
    if (ids.has(title)) continue;
    ids.set(title, await w.insert('themes', { plan_id: planId, position: position++, title, intro: null, synthesis: null, lang: 'en' }));
  }
  return ids;
}

function otherFields(current: string | null, c: OgpCommitment): string | null {
  let kept: { label: string; value: string }[];
  try {
    kept = current ? (JSON.parse(current) as { label: string; value: string }[]) : [];
  } catch {
    kept = [];
  }
  const ours = new Set<string>(OGP_OTHER_FIELD_LABELS);
  const fields = kept.filter((f) => !ours.has(f.label));
  if (c.number) fields.push({ label: COL.number, value: c.number });
  if (c.startText) fields.push({ label: COL.start, value: c.startText });
  if (c.endText) fields.push({ label: COL.end, value: c.endText });
  return fields.length > 0 ? JSON.stringify(fields) : null;
}

/**
 * OGP's own number when it is a whole number still free in the plan, so that the site's "Commitment 7"
 * is OGP's commitment 7 (extracts skip commitments); otherwise the next free one. OGP's number as
 * written ("4.1") stays among the other fields either way.
 */
async function numberInPlan(w: AuditedWriter, planId: number, ogpNumber: string | null, self: number | null): Promise<number> {
  const wanted = ogpNumber && /^\d{1,4}$/.test(ogpNumber) ? Number(ogpNumber) : 0;
  if (wanted > 0 && !(await commitmentStore.listCommitments(w.db, planId)).some((x) => x.number === wanted && x.id !== self)) return wanted;
  return (await maxCommitmentNumber(w.db, planId)) + 1;
}

/**
 * A commitment OGP's file now puts in another plan moves there only between OGP's plans of the same
 * member: one in another member's plan, or in a plan with assessment rounds (the government's own, given
 * its identifier by linkCommitment), is not OGP's to move or rewrite — the row is refused.
 */
async function storeCommitment(
  w: AuditedWriter,
  planId: number,
  themeId: number,
  c: OgpCommitment,
  today: string,
  governmentId: number,
  result: OgpImportResult,
  movedFrom: Set<number>,
) {
  const current = await ogpStore.findCommitmentByOgpId(w.db, c.ogpId);
  const before = w.changes;
  const moved = current !== undefined && current.plan_id !== planId;
  if (current && moved) {
    const from = (await planStore.findPlan(w.db, current.plan_id))!;
    if (from.government_id !== governmentId || (await planStore.listRounds(w.db, from.id)).length > 0) {
      result.errors.push({ row: c.row, column: COL.id, code: 'commitment_in_other_plan', value: c.ogpId });
      return;
    }
    movedFrom.add(from.id);
  }
  const values: Partial<Values<'commitments'>> = {
    plan_id: planId,
    theme_id: themeId,
    title: c.title,
    description: c.fullText,
    planned_start: c.start,
    planned_end: c.end,
    supporting_institutions: c.supporting,
    policy_areas: c.policyAreas.length > 0 ? JSON.stringify(c.policyAreas) : null,
    other_fields: otherFields(current?.other_fields ?? null, c),
  };
  let id: number;
  if (current) {
    w.forCommitment(current.id);
    if (moved) values.number = await numberInPlan(w, planId, c.number, current.id);
    await w.update('commitments', current, values, { bumpVersion: true });
    id = current.id;
  } else {
    w.forCommitment(null);
    id = await w.insert('commitments', {
      ...(values as Values<'commitments'>),
      number: await numberInPlan(w, planId, c.number, null),
      lang: 'en',
      ogp_id: c.ogpId,
      problem: null,
      objective: null,
      relevance: null,
      ambition: null,
      additional_info: null,
      other_actors_government: null,
      other_actors_civil_society: null,
    });
    w.forCommitment(id);
  }
  await storeLead(w, id, c.lead, governmentId, today);
  await storeReviews(w, id, c.reviews, result);
  if (!current) result.commitments.created++;
  else result.commitments[w.changes > before ? 'updated' : 'unchanged']++;
}

/**
 * In a plan that has assessment rounds (a government's own report, such as the seed's), the report's
 * texts, dates, themes and lead agencies are the government's: OGP's row only gives the commitment of
 * that number its identifier, supporting institutions, policy areas and the IRM's review. A row with no
 * such commitment is refused — a plan under assessment gets no commitment from outside.
 */
async function linkCommitment(w: AuditedWriter, planId: number, c: OgpCommitment, result: OgpImportResult) {
  const byId = await ogpStore.findCommitmentByOgpId(w.db, c.ogpId);
  const n = /^\d{1,4}$/.test(c.number) ? Number(c.number) : null;
  const current =
    byId?.plan_id === planId
      ? byId
      : byId
        ? undefined
        : (await commitmentStore.listCommitments(w.db, planId)).find((x) => x.number === n && x.ogp_id === null);
  if (!current) {
    result.errors.push({ row: c.row, column: COL.number, code: 'no_matching_commitment', value: c.number });
    return;
  }
  const before = w.changes;
  w.forCommitment(current.id);
  await w.update(
    'commitments',
    current,
    {
      ogp_id: c.ogpId,
      supporting_institutions: c.supporting,
      policy_areas: c.policyAreas.length > 0 ? JSON.stringify(c.policyAreas) : null,
    },
    { bumpVersion: true },
  );
  await storeReviews(w, current.id, c.reviews, result);
  result.commitments[w.changes > before ? 'updated' : 'unchanged']++;
}

/** As the report import does: a lead institution this commitment already had is no news; a new one closes the current entry today. */
async function storeLead(w: AuditedWriter, commitmentId: number, lead: string | null, governmentId: number, today: string) {
  if (!lead) return;
  const history = await commitmentStore.listLeadAgencyHistory(w.db, commitmentId);
  if (history.some((h) => h.as_written === lead)) return;
  const current = history.find((h) => h.valid_to === null);
  const agency = await planStore.findAgencyByName(w.db, governmentId, lead);
  const agencyId = agency?.id ?? (await w.insert('agencies', { government_id: governmentId, name: lead, acronym: null, lang: 'en' }));
  if (current) await w.update('commitment_agencies', current, { valid_to: today });
  await w.insert('commitment_agencies', {
    commitment_id: commitmentId,
    agency_id: agencyId,
    as_written: lead,
    detail: null,
    valid_from: current ? today : null,
    valid_to: null,
  });
}

function reviewValues(commitmentId: number, r: OgpReview): Values<'irm_reviews'> {
  return {
    commitment_id: commitmentId,
    report: r.report,
    report_year: r.reportYear,
    specificity: r.specificity,
    value_access_to_information: r.values['access-to-information'],
    value_civic_participation: r.values['civic-participation'],
    value_public_accountability: r.values['public-accountability'],
    value_technology_and_innovation: r.values['technology-and-innovation'],
    potential_impact: r.potentialImpact,
    completion: r.completion,
    diog_overall: r.diogOverall,
    diog_access_to_information: r.diogAccessToInformation,
    diog_civic_participation: r.diogCivicParticipation,
    diog_public_accountability: r.diogPublicAccountability,
    origin: 'import',
  };
}

async function storeReviews(w: AuditedWriter, commitmentId: number, wanted: OgpReview[], result: OgpImportResult) {
  const existing = await ogpStore.listIrmReviews(w.db, [commitmentId]);
  for (const r of wanted) {
    const current = existing.find((x) => x.report === r.report);
    if (current?.origin === 'user') {
      result.reviews.unchanged++;
      continue;
    }
    if (current) {
      const changed = await w.update('irm_reviews', current, reviewValues(commitmentId, r), { bumpVersion: true });
      result.reviews[changed ? 'updated' : 'unchanged']++;
    } else {
      await w.insert('irm_reviews', { ...reviewValues(commitmentId, r), text: null });
      result.reviews.created++;
    }
  }
  // A review this import made that the corrected file no longer has goes.
  for (const x of existing) {
    if (x.origin === 'import' && !wanted.some((r) => r.report === x.report)) await w.remove('irm_reviews', x as Row<'irm_reviews'>);
  }
}
