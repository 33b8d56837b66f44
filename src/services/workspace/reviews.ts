import { continuationRefusal } from '../../domain/continuity.js';
import { checkFields, expectedVersion, type FieldError, type Values } from '../../domain/input.js';
import { IRM_REPORTS, isIrmReport, type IrmReport, type RecommendationItem, type ReviewItem } from '../../domain/irm.js';
import { isLevel } from '../../domain/levels.js';
import { withoutOgpOtherFields } from '../../domain/ogp-dataset.js';
import { CONTINUATION_RULES, RECOMMENDATION_RULES, REVIEW_COLUMNS, REVIEW_RULES, type ReviewField } from '../../domain/review-input.js';
import { can } from '../../domain/permissions.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import * as commitmentStore from '../../storage/commitments.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import * as reviewStore from '../../storage/reviews.js';
import type { Row } from '../../storage/schema.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import * as workspaceStore from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import { getCommitmentReview, toRecommendation, toReviewItem } from '../reviews.js';
import type { SaveResult } from './commitments.js';
import { getAssessmentPanel, type AssessmentPanel } from './assessment-panel.js';
import { authorize, loadCommitment, writeContext, writeTransaction } from './context.js';

/**
 * The independent review in the workspace: a reviewer enters the IRM's scales for a commitment, one
 * review per report; a coordinator enters the IRM's recommendations to a plan with the government's
 * answer, and carries an unfinished commitment into a later plan. Every save is checked like the
 * other workspace forms, every write audited, and an edit made from an older version is a conflict.
 */

// ——— reviews ———

const FIELDS = Object.keys(REVIEW_COLUMNS) as ReviewField[];

export function reviewValues(row: Row<'irm_reviews'>): Values {
  return Object.fromEntries(
    FIELDS.map((f) => {
      const v = row[REVIEW_COLUMNS[f]];
      // The boxes travel as the form sends them: '1' or '0'.
      return [f, v === null || v === undefined ? null : f.startsWith('value') ? String(Number(v)) : (v as string | number)];
    }),
  );
}

function reviewColumns(values: Values): Partial<Row<'irm_reviews'>> {
  const out: Record<string, unknown> = {};
  for (const [f, v] of Object.entries(values)) {
    if (f === 'report') continue;
    const column = REVIEW_COLUMNS[f as ReviewField];
    out[column] = f.startsWith('value') && v !== null ? Number(v) : v;
  }
  return out as Partial<Row<'irm_reviews'>>;
}

export interface ReviewForm {
  commitment: { id: number; number: number; title: string; plan: { id: number; title: string } };
  /** Each report: the review as stored (or null), its values for the form and its version. */
  reports: { report: IrmReport; review: ReviewItem | null; values: Values; version: number | null }[];
  /** The review screen's panel about the latest assessment: evidence, activities, indicators, warnings (issue 20). */
  panel: AssessmentPanel;
}

/** `today`: the day the panel's warnings are read for. */
export async function getReviewForm(store: Store, actor: Actor | null, commitmentId: number, today: string): Promise<ReviewForm> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'write:review', c.subject);
  const plan = (await planStore.findPlan(store.db, c.plan_id))!;
  const [rows, assessments] = await Promise.all([
    reviewStore.listReviewsOfCommitment(store.db, commitmentId),
    commitmentStore.listAssessmentsOfCommitment(store.db, commitmentId),
  ]);
  const panel = await getAssessmentPanel(store, actor, commitmentId, null, today);
  const published = assessments.filter((a) => Boolean(a.round_published));
  return {
    commitment: { id: c.id, number: c.number, title: c.title, plan: { id: plan.id, title: plan.title } },
    reports: IRM_REPORTS.map((report) => {
      const row = rows.find((r) => r.report === report);
      return {
        report,
        review: row ? toReviewItem(row, published) : null,
        values: row ? reviewValues(row) : {},
        version: row?.version ?? null,
      };
    }),
    panel,
  };
}

/**
 * Enters or changes the review of a commitment for one report. A new review needs no version; a
 * change to a stored one needs the version it was read at. Fields left out keep what they had.
 */
export async function saveReview(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'write:review', c.subject);
  const checked = checkFields(input, REVIEW_RULES, { partial: true });
  if (input.report === undefined) checked.errors.push({ field: 'report', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const report = checked.values.report;
  if (!isIrmReport(report)) return { ok: false, errors: [{ field: 'report', code: 'invalid_choice' }] };
  const version = input.version === undefined || input.version === '' ? null : expectedVersion(input);
  if (input.version !== undefined && input.version !== '' && version === null)
    return { ok: false, errors: [{ field: 'version', code: 'not_number' }] };

  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `IRM ${report} review of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const stored = await reviewStore.findReview(trx, commitmentId, report);
    if (!stored) {
      // A version sent for a review that is not there: it was read from somewhere else. Nothing to claim.
      if (version !== null) throw new AppError('not_found', { entity: 'review', id: `${commitmentId}/${report}` });
      const id = await w.insert('irm_reviews', {
        commitment_id: commitmentId,
        report,
        report_year: null,
        specificity: null,
        value_access_to_information: null,
        value_civic_participation: null,
        value_public_accountability: null,
        value_technology_and_innovation: null,
        potential_impact: null,
        completion: null,
        diog_overall: null,
        diog_access_to_information: null,
        diog_civic_participation: null,
        diog_public_accountability: null,
        text: null,
        origin: 'user',
        ...reviewColumns(checked.values),
      } as never);
      return { ok: true as const, id, version: 1 };
    }
    // Someone entered this report's review while this person was writing a new one: theirs is shown, nothing is overwritten.
    if (version === null || !(await workspaceStore.claimVersion(trx, 'irm_reviews', stored.id, version))) {
      const current = (await reviewStore.findReview(trx, commitmentId, report))!;
      return { ok: false as const, conflict: { theirs: reviewValues(current), mine: checked.values, version: current.version } };
    }
    const current = (await reviewStore.findReview(trx, commitmentId, report))!;
    await w.update('irm_reviews', current, { ...reviewColumns(checked.values), origin: 'user' });
    return { ok: true as const, id: current.id, version: current.version };
  });
}

// ——— the IRM's recommendations ———

const RECOMMENDATION_COLUMN = {
  source: 'source',
  recommendationText: 'text',
  answer: 'answer',
  status: 'status',
  action: 'action',
} as const;

function recommendationValues(r: Row<'irm_recommendations'>): Values {
  return { source: r.source, recommendationText: r.text, answer: r.answer, status: r.status, action: r.action };
}

const recommendationColumns = (values: Values) =>
  Object.fromEntries(
    Object.entries(values).map(([f, v]) => [RECOMMENDATION_COLUMN[f as keyof typeof RECOMMENDATION_COLUMN], v]),
  ) as Partial<Row<'irm_recommendations'>>;

async function loadPlan(store: Store, actor: Actor | null, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  return { plan, actor };
}

export interface RecommendationsForm {
  plan: { id: number; title: string; lang: string };
  recommendations: (RecommendationItem & { values: Values })[];
}

export async function getRecommendationsForm(store: Store, actor: Actor | null, planId: number): Promise<RecommendationsForm> {
  const { plan } = await loadPlan(store, actor, planId);
  const rows = await reviewStore.listRecommendations(store.db, planId);
  return {
    plan: { id: plan.id, title: plan.title, lang: plan.lang },
    recommendations: rows.map((r) => ({ ...toRecommendation(r), values: recommendationValues(r) })),
  };
}

export async function addRecommendation(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, RECOMMENDATION_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `add IRM recommendation to plan ${plan.id}`, now))
      .forPlan(plan.id)
      .forCommitment(null);
    const position = (await reviewStore.maxRecommendationPosition(trx, plan.id)) + 1;
    const id = await w.insert('irm_recommendations', {
      plan_id: plan.id,
      position,
      lang: plan.lang,
      answer: null,
      status: null,
      action: null,
      ...recommendationColumns(checked.values),
    } as never);
    return { ok: true as const, id, version: 1 };
  });
}

export async function saveRecommendation(
  store: Store,
  actor: Actor | null,
  id: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const r = await reviewStore.findRecommendation(store.db, id);
  if (!r) throw new AppError('not_found', { entity: 'recommendation', id });
  const { plan, actor: who } = await loadPlan(store, actor, r.plan_id);
  const checked = checkFields(input, RECOMMENDATION_RULES, { partial: true });
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    if (!(await workspaceStore.claimVersion(trx, 'irm_recommendations', id, version!))) {
      const current = await reviewStore.findRecommendation(trx, id);
      if (!current) throw new AppError('not_found', { entity: 'recommendation', id });
      return { ok: false as const, conflict: { theirs: recommendationValues(current), mine: checked.values, version: current.version } };
    }
    const current = (await reviewStore.findRecommendation(trx, id))!;
    const w = new AuditedWriter(trx, writeContext(who, `edit IRM recommendation ${current.position} of plan ${plan.id}`, now))
      .forPlan(plan.id)
      .forCommitment(null);
    await w.update('irm_recommendations', current, recommendationColumns(checked.values));
    return { ok: true as const, id, version: current.version };
  });
}

// ——— continuity ———

export interface ContinuationForm {
  commitment: { id: number; number: number; title: string; plan: { id: number; title: string } };
  /** Its latest published level is Complete: nothing to carry on. */
  complete: boolean;
  /** Later plans of the same government, each with its themes. */
  plans: { id: number; title: string; themes: { id: number; title: string }[] }[];
  continuedBy: { id: number; number: number; plan: { id: number; title: string } }[];
}

const planFacts = (p: { id: number; government_id: number; period_start: number | null; period_end: number | null }) => ({
  id: p.id,
  governmentId: p.government_id,
  periodStart: p.period_start,
  periodEnd: p.period_end,
});

export async function getContinuationForm(store: Store, actor: Actor | null, commitmentId: number): Promise<ContinuationForm> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'manage:plan', c.subject);
  const from = (await planStore.findPlan(store.db, c.plan_id))!;
  const level = await reviewStore.latestPublishedLevel(store.db, commitmentId);
  const links = await getCommitmentReview(store, commitmentId);
  const continuedIn = links.continuedBy.map((l) => l.plan.id);
  const candidates = (await reviewStore.listPlansOfGovernment(store.db, c.government_id)).filter(
    (p) => continuationRefusal({ from: planFacts(from), to: planFacts(p), level: null, continuedIn }) === null,
  );
  const plans = await Promise.all(
    candidates.map(async (p) => ({
      id: p.id,
      title: p.title,
      themes: (await planStore.listThemes(store.db, p.id)).map((t) => ({ id: t.id, title: t.title })),
    })),
  );
  return {
    commitment: { id: c.id, number: c.number, title: c.title, plan: { id: from.id, title: from.title } },
    // A completed commitment is not carried on: no plan to offer, and the page says why.
    complete: level === 'complete',
    plans: level === 'complete' ? [] : plans,
    continuedBy: links.continuedBy.map((l) => ({ id: l.id, number: l.number, plan: l.plan })),
  };
}

/**
 * Carries an unfinished commitment into a later plan of the same government: a new commitment there,
 * numbered after the plan's last, with this one's template fields, lead agency and contact, and
 * `continues_id` pointing back. Its activities, evidence and levels stay with the plan they belong to.
 */
export async function continueCommitment(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'manage:plan', c.subject);
  const checked = checkFields(input, CONTINUATION_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const planId = checked.values.planId as number;
  const themeId = checked.values.themeId as number;
  return writeTransaction(store, async (trx) => {
    const from = (await planStore.findPlan(trx, c.plan_id))!;
    const to = await planStore.findPlan(trx, planId);
    if (!to) return { ok: false as const, errors: [{ field: 'planId', code: 'invalid_choice' } satisfies FieldError] };
    const level = await reviewStore.latestPublishedLevel(trx, commitmentId);
    const continuedIn = (await reviewStore.listContinuations(trx, commitmentId)).map((x) => x.plan_id);
    const refusal = continuationRefusal({ from: planFacts(from), to: planFacts(to), level: isLevel(level) ? level : null, continuedIn });
    if (refusal) return { ok: false as const, errors: [{ field: 'planId', code: refusal } satisfies FieldError] };
    const theme = await planStore.findTheme(trx, themeId);
    if (!theme || theme.plan_id !== to.id)
      return { ok: false as const, errors: [{ field: 'themeId', code: 'invalid_choice' } satisfies FieldError] };
    const source = (await commitmentStore.findCommitment(trx, commitmentId))!;
    const w = new AuditedWriter(trx, writeContext(actor, `carry commitment ${c.number} of plan ${from.id} into plan ${to.id}`, now))
      .forPlan(to.id)
      .forCommitment(null);
    const number = (await reviewStore.maxCommitmentNumber(trx, to.id)) + 1;
    const id = await w.insert('commitments', {
      plan_id: to.id,
      theme_id: theme.id,
      number,
      title: source.title,
      lang: source.lang,
      problem: source.problem,
      objective: source.objective,
      description: source.description,
      relevance: source.relevance,
      ambition: source.ambition,
      additional_info: source.additional_info,
      other_actors_government: source.other_actors_government,
      other_actors_civil_society: source.other_actors_civil_society,
      // OGP's number and dates are the earlier plan's: the continuation has its own.
      other_fields: withoutOgpOtherFields(source.other_fields),
      // The new plan sets its own dates.
      planned_start: null,
      planned_end: null,
      // OGP gives each plan's commitment its own identifier: not the earlier one's.
      ogp_id: null,
      supporting_institutions: source.supporting_institutions,
      policy_areas: source.policy_areas,
      continues_id: source.id,
    });
    w.forCommitment(id);
    const agency = await commitmentStore.findCurrentLeadAgency(trx, commitmentId);
    if (agency)
      await w.insert('commitment_agencies', {
        commitment_id: id,
        agency_id: agency.agency_id,
        as_written: agency.as_written,
        detail: agency.detail,
        valid_from: null,
        valid_to: null,
      });
    const contact = await commitmentStore.findCurrentContact(trx, commitmentId);
    if (contact)
      await w.insert('commitment_contacts', {
        commitment_id: id,
        name: contact.name,
        position: contact.position,
        email: contact.email,
        phone: contact.phone,
        valid_from: null,
        valid_to: null,
      });
    await rebuildSearchIndex(trx, to.id);
    return { ok: true as const, id };
  });
}

// ——— a reviewer's list ———

export interface PlanReviewList {
  plan: { id: number; title: string };
  commitments: { id: number; number: number; title: string; reports: IrmReport[] }[];
}

/** A plan's commitments for the reviewer, with the reports already entered for each. */
export async function getPlanReviewList(store: Store, actor: Actor | null, planId: number): Promise<PlanReviewList> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  authorize(actor, 'write:review', { governmentId: plan.government_id });
  const [commitments, reviews] = await Promise.all([
    commitmentStore.listCommitments(store.db, planId),
    reviewStore.listReviewsOfPlan(store.db, planId),
  ]);
  return {
    plan: { id: plan.id, title: plan.title },
    commitments: commitments.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      reports: IRM_REPORTS.filter((rep) => reviews.some((r) => r.commitment_id === c.id && r.report === rep)),
    })),
  };
}

/** The plans a reviewer may review: their government's, or every plan for a reviewer of none. */
export async function listReviewablePlans(store: Store, actor: Actor): Promise<{ id: number; title: string }[]> {
  const plans = await planStore.listPlansWithGovernment(store.db);
  return plans.filter((p) => can(actor, 'write:review', { governmentId: p.government_id })).map((p) => ({ id: p.id, title: p.title }));
}

/** The plan a recommendation belongs to (for going back to its page). */
export async function recommendationPlan(store: Store, id: number): Promise<number | null> {
  return (await reviewStore.findRecommendation(store.db, id))?.plan_id ?? null;
}
