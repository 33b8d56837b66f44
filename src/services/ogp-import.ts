import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { findSameAgency } from '../domain/agency-match.js';
import { splitAgency } from '../domain/agencies.js';
import { COL, isNoTheme, noThemeTitle, OGP_OTHER_FIELD_LABELS, TEMPLATE_COLUMNS, VIGIA_COL } from '../domain/ogp-dataset.js';
import { PLAN_STATUSES, type PlanStatus } from '../domain/types.js';
import { ogpMessages } from '../i18n/ogp.js';
import type { OgpCommitment, OgpDataset, OgpMember, OgpPlan, OgpProblem, OgpReview } from '../import/ogp-csv/index.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as ogpStore from '../storage/ogp.js';
import * as planStore from '../storage/plans.js';
import { maxCommitmentNumber } from '../storage/reviews.js';
import type { Row } from '../storage/schema.js';
import { rebuildSearchIndex } from '../storage/search.js';
import { AuditedWriter, type Values } from '../storage/writer.js';
import { keptProblem, personChoseLead, withoutPersonsEdits } from './ogp-import-edits.js';
import { writeTransaction } from './workspace/context.js';

/**
 * Stores what the reader made of OGP's commitment dataset, in one transaction (a savepoint per plan): members
 * (governments), plans (by OGP's plan number), commitments (by OGP's identifier) and the IRM's reviews
 * (origin 'import'). The same file again changes nothing; a corrected row updates its commitment in
 * place, and the audit log says what changed. What a person edited in the workspace — a field of a plan or
 * a commitment, a lead agency, a review a reviewer entered (origin 'user') — is left as they left it and
 * listed in `kept` (ogp-import-edits.ts). Vigía's own columns (decision 032), when the file has them, give
 * a plan's title, language, stage and approval and a commitment's template texts.
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
  /** Fields the file would have changed that a person edited in the workspace: left as they were. */
  kept: OgpProblem[];
}

const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

export async function importOgpDataset(store: Store, data: OgpDataset, options: OgpImportOptions): Promise<OgpImportResult> {
  const now = options.now;
  const sha = createHash('sha256').update(options.bytes).digest('hex');
  const ctx = { actor: options.actor, at: now, context: `import ${options.fileName} sha256:${sha.slice(0, 16)}` };
  const result: OgpImportResult = {
    errors: [],
    governments: tally(),
    plans: tally(),
    commitments: tally(),
    reviews: tally(),
    changes: 0,
    kept: [],
  };
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
        const member = members.get(plan.member)!;
        const governmentId = await storeGovernment(w, member, counted, seenGovernments);
        const { id: planId, lang, title } = await storePlan(w, governmentId, member.lang, plan, now, counted);
        w.forPlan(planId);
        const at: At = { planTitle: title, lang, governmentId, today: now.slice(0, 10), result: counted };
        const before = w.changes;
        // The plans commitments were moved out of: their search documents go before the new plan's are made.
        const movedFrom = new Set<number>();
        if ((await planStore.listRounds(trx, planId)).length > 0) {
          // A plan with assessment rounds is the government's own report's: see linkCommitment.
          for (const c of plan.commitments) await linkCommitment(w, planId, c, at);
        } else {
          const themeIds = await storeThemes(w, planId, plan, lang);
          for (const c of plan.commitments) await storeCommitment(w, planId, themeIds.get(c.theme ?? NO_THEME_KEY)!, c, at, movedFrom);
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
  const id = await w.insert('governments', { name: m.name, kind: m.kind, country_code: m.countryCode, lang: m.lang });
  seen.add(id);
  result.governments.created++;
  return id;
}

/** What storing one plan's rows needs to know. */
interface At {
  planTitle: string;
  lang: string;
  governmentId: number;
  today: string;
  result: OgpImportResult;
  /** The government's agencies, read once per plan and kept up to date by storeLead. */
  agencies?: Row<'agencies'>[];
}

/** The theme key of a commitment OGP gives no theme ("NA"). */
const NO_THEME_KEY = '\u0000no theme';

const PLAN_COLUMNS: Record<string, string> = {
  title: VIGIA_COL.planTitle,
  lang: VIGIA_COL.planLang,
  status: VIGIA_COL.planStatus,
  approval_instrument: VIGIA_COL.approvalInstrument,
  approval_date: VIGIA_COL.approvalDate,
  period_start: COL.yearOfSubmission,
  period_end: COL.planEndYear,
};

/** Vigía's columns of the plan, for the ones the file has (a title is never emptied; a stage never goes back: plan-stages.ts). */
function vigiaPlanValues(plan: OgpPlan, current: Row<'plans'> | undefined): Partial<Values<'plans'>> {
  const rank = (s: string) => PLAN_STATUSES.indexOf(s as PlanStatus);
  return {
    title: plan.title ?? undefined,
    lang: plan.lang ?? undefined,
    status: plan.status && (!current || rank(plan.status) >= rank(current.status)) ? plan.status : undefined,
    approval_instrument: plan.approvalInstrument,
    approval_date: plan.approvalDate,
  };
}

/**
 * OGP's plan: found by its number (a plan OGP never numbered, from Vigía's own export, by its years); else
 * a plan of the same period made from a report takes the number; else a new one, in the member's language
 * (Spanish for a Spanish-speaking member) unless Vigía's columns say the plan's.
 */
async function storePlan(
  w: AuditedWriter,
  governmentId: number,
  memberLang: string,
  plan: OgpPlan,
  now: string,
  result: OgpImportResult,
): Promise<{ id: number; lang: string; title: string }> {
  const years = plan.periodStart !== null && plan.periodEnd !== null;
  const current =
    plan.number !== null
      ? await ogpStore.findPlanByOgpNumber(w.db, governmentId, plan.number)
      : years
        ? await ogpStore.findPlanWithPeriod(w.db, governmentId, plan.periodStart!, plan.periodEnd!)
        : undefined;
  if (!current && plan.number !== null && years) {
    const adopted = await ogpStore.findPlanWithoutOgpNumber(w.db, governmentId, plan.periodStart!, plan.periodEnd!);
    if (adopted) {
      // A plan made from the government's own report keeps its title and data: only OGP's number is added.
      await w.forPlan(adopted.id).update('plans', adopted, { ogp_number: plan.number });
      result.plans.updated++;
      return { id: adopted.id, lang: adopted.lang, title: adopted.title };
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
    const { values, kept } = await withoutPersonsEdits(w.db, 'plans', current, {
      period_start: start,
      period_end: end,
      ...vigiaPlanValues(plan, current),
    });
    const row = plan.commitments[0]?.row ?? 0;
    for (const k of kept) result.kept.push(keptProblem(k, row, PLAN_COLUMNS[k.field] ?? k.field, current.title, null));
    const changed = await w.forPlan(current.id).update('plans', current, values as Partial<Values<'plans'>>);
    result.plans[changed ? 'updated' : 'unchanged']++;
    const stored = (await planStore.findPlan(w.db, current.id))!;
    return { id: stored.id, lang: stored.lang, title: stored.title };
  }
  if (years) {
    const taken = await ogpStore.findPlanWithPeriod(w.db, governmentId, plan.periodStart!, plan.periodEnd!);
    if (taken) throw new PlanPeriodTaken(`${plan.periodStart}–${plan.periodEnd}`);
  }
  const government = (await planStore.findGovernment(w.db, governmentId))!;
  // A Spanish-speaking member's plan is in Spanish whatever language an earlier import gave its government.
  const lang = plan.lang ?? (memberLang === 'es' ? 'es' : government.lang === 'es' ? 'es' : 'en');
  const period = plan.periodStart !== null ? ` (${plan.periodStart}–${plan.periodEnd ?? '?'})` : '';
  const title = plan.title ?? ogpMessages(lang === 'es' ? 'es' : 'en').planTitle(government.name, plan.number, period);
  const status: PlanStatus = plan.status ?? (plan.periodEnd !== null && plan.periodEnd < Number(now.slice(0, 4)) ? 'completed' : 'active');
  const id = await w.insert('plans', {
    government_id: governmentId,
    title,
    lang,
    period_start: plan.periodStart,
    period_end: plan.periodEnd,
    approval_instrument: plan.approvalInstrument ?? null,
    approval_date: plan.approvalDate ?? null,
    status,
    ogp_number: plan.number,
    stage_from_file: 1,
  });
  result.plans.created++;
  return { id, lang, title };
}

/**
 * Themes by title, in the order the rows first name them, in the plan's language; commitments OGP gives no
 * theme ("NA") go under the plan's "No theme" / "Sin tema" (either one already there).
 */
async function storeThemes(w: AuditedWriter, planId: number, plan: OgpPlan, lang: string): Promise<Map<string, number>> {
  const existing = await planStore.listThemes(w.db, planId);
  const ids = new Map(existing.map((t) => [t.title, t.id]));
  const none = existing.find((t) => isNoTheme(t.title));
  if (none) ids.set(NO_THEME_KEY, none.id);
  let position = existing.reduce((max, t) => Math.max(max, t.position + 1), 0);
  for (const c of plan.commitments) {
    const key = c.theme ?? NO_THEME_KEY;
    if (ids.has(key)) continue;
    const title = c.theme ?? noThemeTitle(lang);
    ids.set(key, await w.insert('themes', { plan_id: planId, position: position++, title, intro: null, synthesis: null, lang }));
  }
  return ids;
}

const COMMITMENT_COLUMNS: Record<string, string> = {
  title: COL.title,
  description: COL.fullText,
  theme_id: COL.theme,
  planned_start: COL.start,
  planned_end: COL.end,
  supporting_institutions: COL.supporting,
  policy_areas: 'Policy areas',
  other_fields: COL.number,
  ...Object.fromEntries(TEMPLATE_COLUMNS.map(([column, field]) => [field, column])),
};

const notDeterminedJson = (c: OgpCommitment) => (Object.keys(c.notDetermined).length > 0 ? JSON.stringify(c.notDetermined) : null);

/** Writes a commitment's changed fields but the ones a person edited, which are listed. */
async function updateCommitment(
  w: AuditedWriter,
  current: Row<'commitments'>,
  values: Partial<Values<'commitments'>>,
  c: OgpCommitment,
  at: At,
) {
  const guarded = await withoutPersonsEdits(w.db, 'commitments', current, values);
  for (const k of guarded.kept)
    at.result.kept.push(keptProblem(k, c.row, COMMITMENT_COLUMNS[k.field] ?? k.field, at.planTitle, c.ogpId ?? c.number));
  await w.update('commitments', current, guarded.values as Partial<Values<'commitments'>>, { bumpVersion: true });
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
  // OGP's number as written, beside Vigía's; a commitment OGP never numbered has only Vigía's.
  if (c.number && c.ogpId !== null) fields.push({ label: COL.number, value: c.number });
  if (c.startText) fields.push({ label: COL.start, value: c.startText });
  if (c.endText) fields.push({ label: COL.end, value: c.endText });
  return fields.length > 0 ? JSON.stringify(fields) : null;
}

/**
 * Vigía's number when the file has it (Vigía's own export), else OGP's own number when it is a whole number still free in the plan, so that the site's "Commitment 7"
 * is OGP's commitment 7 (extracts skip commitments); otherwise the next free one. OGP's number as
 * written ("4.1") stays among the other fields either way.
 */
async function numberInPlan(w: AuditedWriter, planId: number, c: OgpCommitment, self: number | null): Promise<number> {
  const ogpNumber = c.number;
  const wanted = c.vigiaNumber ?? (ogpNumber && /^\d{1,4}$/.test(ogpNumber) ? Number(ogpNumber) : 0);
  if (wanted > 0 && !(await commitmentStore.listCommitments(w.db, planId)).some((x) => x.number === wanted && x.id !== self)) return wanted;
  return (await maxCommitmentNumber(w.db, planId)) + 1;
}

/**
 * A commitment OGP's file now puts in another plan moves there only between OGP's plans of the same
 * member: one in another member's plan, or in a plan with assessment rounds (the government's own, given
 * its identifier by linkCommitment), is not OGP's to move or rewrite — the row is refused.
 */
async function storeCommitment(w: AuditedWriter, planId: number, themeId: number, c: OgpCommitment, at: At, movedFrom: Set<number>) {
  const { governmentId, result } = at;
  // A commitment OGP never numbered (Vigía's export of a plan made from a report) is its plan's of that number.
  const current =
    c.ogpId !== null
      ? await ogpStore.findCommitmentByOgpId(w.db, c.ogpId)
      : await ogpStore.findCommitmentByNumber(w.db, planId, c.vigiaNumber ?? Number(c.number));
  const before = w.changes;
  const moved = current !== undefined && current.plan_id !== planId;
  if (current && moved) {
    const from = (await planStore.findPlan(w.db, current.plan_id))!;
    if (from.government_id !== governmentId || (await planStore.listRounds(w.db, from.id)).length > 0) {
      result.errors.push({ row: c.row, column: COL.id, code: 'commitment_in_other_plan', value: c.ogpId ?? c.number });
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
    ogp_not_determined: notDeterminedJson(c),
    ...c.template,
  };
  let id: number;
  if (current) {
    w.forCommitment(current.id);
    if (moved) values.number = await numberInPlan(w, planId, c, current.id);
    await updateCommitment(w, current, values, c, at);
    id = current.id;
  } else {
    w.forCommitment(null);
    id = await w.insert('commitments', {
      problem: null,
      objective: null,
      relevance: null,
      ambition: null,
      additional_info: null,
      other_actors_government: null,
      other_actors_civil_society: null,
      ...(values as Values<'commitments'>),
      number: await numberInPlan(w, planId, c, null),
      lang: at.lang,
      ogp_id: c.ogpId,
    });
    w.forCommitment(id);
  }
  await storeLead(w, id, c, at);
  await storeReviews(w, id, c, at);
  if (!current) result.commitments.created++;
  else result.commitments[w.changes > before ? 'updated' : 'unchanged']++;
}

/**
 * In a plan that has assessment rounds (a government's own report, such as the seed's), the report's
 * texts, dates, themes and lead agencies are the government's: OGP's row only gives the commitment of
 * that number its identifier, supporting institutions, policy areas and the IRM's review. A row with no
 * such commitment is refused — a plan under assessment gets no commitment from outside.
 */
async function linkCommitment(w: AuditedWriter, planId: number, c: OgpCommitment, at: At) {
  const result = at.result;
  const byId = c.ogpId !== null ? await ogpStore.findCommitmentByOgpId(w.db, c.ogpId) : undefined;
  const n = /^\d{1,4}$/.test(c.number) ? Number(c.number) : null;
  const current =
    byId?.plan_id === planId
      ? byId
      : byId
        ? undefined
        : (await commitmentStore.listCommitments(w.db, planId)).find((x) => x.number === n && (x.ogp_id === null || c.ogpId === null));
  if (!current) {
    result.errors.push({ row: c.row, column: COL.number, code: 'no_matching_commitment', value: c.number });
    return;
  }
  const before = w.changes;
  w.forCommitment(current.id);
  await updateCommitment(
    w,
    current,
    {
      ogp_id: c.ogpId ?? undefined,
      supporting_institutions: c.supporting,
      policy_areas: c.policyAreas.length > 0 ? JSON.stringify(c.policyAreas) : null,
      ogp_not_determined: notDeterminedJson(c),
    },
    c,
    at,
  );
  await storeReviews(w, current.id, c, at);
  result.commitments[w.changes > before ? 'updated' : 'unchanged']++;
}

/**
 * As the report import does: a lead institution this commitment already had is no news; a new one closes
 * the current entry today — unless a person chose the current one in the workspace (then it is listed and
 * stays). The agency is the government's one of the same name or acronym (agency-match.ts), or a new one.
 */
async function storeLead(w: AuditedWriter, commitmentId: number, c: OgpCommitment, at: At) {
  const lead = c.lead;
  if (!lead) return;
  const history = await commitmentStore.listLeadAgencyHistory(w.db, commitmentId);
  if (history.some((h) => h.as_written === lead)) return;
  const current = history.find((h) => h.valid_to === null);
  const chosen = current ? await personChoseLead(w.db, current.id) : null;
  if (chosen) {
    at.result.kept.push(keptProblem(chosen, c.row, COL.lead, at.planTitle, c.ogpId ?? c.number));
    return;
  }
  const split = splitAgency(lead);
  const wanted = c.leadAgency ?? { name: split.name || lead, acronym: split.acronym };
  const agencies = (at.agencies ??= await ogpStore.listAgenciesOfGovernment(w.db, at.governmentId));
  const agency = findSameAgency(wanted, agencies, !c.leadAgency);
  if (agency && !agency.acronym && wanted.acronym) {
    await w.update('agencies', agency, { acronym: wanted.acronym });
    agency.acronym = wanted.acronym;
  }
  let agencyId = agency?.id;
  if (agencyId === undefined) {
    const values = { government_id: at.governmentId, name: wanted.name, acronym: wanted.acronym, lang: at.lang };
    agencyId = await w.insert('agencies', values);
    agencies.push({ ...values, id: agencyId, created_at: at.today, updated_at: at.today });
  }
  if (current) await w.update('commitment_agencies', current, { valid_to: at.today });
  await w.insert('commitment_agencies', {
    commitment_id: commitmentId,
    agency_id: agencyId,
    as_written: lead,
    detail: split.detail,
    valid_from: current ? at.today : null,
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

async function storeReviews(w: AuditedWriter, commitmentId: number, c: OgpCommitment, at: At) {
  const { result } = at;
  const wanted = c.reviews;
  const existing = await ogpStore.listIrmReviews(w.db, [commitmentId]);
  for (const r of wanted) {
    const current = existing.find((x) => x.report === r.report);
    if (current?.origin === 'user') {
      // A reviewer's review: listed when the file says otherwise.
      const theirs = reviewValues(commitmentId, r) as Record<string, unknown>;
      const differs = Object.keys(theirs).some(
        (k) => k !== 'origin' && String((current as Record<string, unknown>)[k] ?? '') !== String(theirs[k] ?? ''),
      );
      const [last] = differs ? await ogpStore.listWritesOf(w.db, 'irm_reviews', current.id) : [];
      if (last) {
        const k = { field: 'irm_reviews', by: last.actor, at: last.at };
        at.result.kept.push(keptProblem(k, c.row, `IRM review (${r.report})`, at.planTitle, c.ogpId ?? c.number));
      }
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
