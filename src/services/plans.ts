import { AppError } from '../errors.js';
import { isLevel, type Level } from '../domain/levels.js';
import { headlineShares } from '../domain/sentences.js';
import { compareRounds, computeSummary, type Comparison, type Summary } from '../domain/summary.js';
import { roundFlags, type PlanPeriod, type RoundFlag } from '../domain/round-guard.js';
import type { GovernmentKind, PlanStatus, RoundInfo, RoundKind } from '../domain/types.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import { stageCorrections, type StageCorrection } from '../storage/plan-setup.js';
import * as planStore from '../storage/plans.js';
import * as searchOptionStore from '../storage/search-options.js';
import type { Row } from '../storage/schema.js';

/** Plans as the public sees them: lists, a plan with its themes and commitments, summaries and comparisons. */

export interface GovernmentRef {
  id: number;
  name: string;
  kind: GovernmentKind;
  countryCode: string | null;
}

export interface PlanListItem {
  id: number;
  title: string;
  lang: string;
  government: GovernmentRef;
  periodStart: number | null;
  periodEnd: number | null;
  status: PlanStatus;
  approvalInstrument: string | null;
  approvalDate: string | null;
  commitmentCount: number;
}

export interface CommitmentListItem {
  id: number;
  number: number;
  title: string;
  leadAgency: { id: number; name: string; acronym: string | null } | null;
  /** The level at the plan's latest published round, if it has one there. */
  level: Level | null;
}

export interface ThemeDetail {
  id: number;
  position: number;
  title: string;
  intro: string | null;
  synthesis: string | null;
  commitments: CommitmentListItem[];
}

export interface PlanDetail extends PlanListItem {
  themes: ThemeDetail[];
  /** In time order (by cutoff), each with what flags it and the reason it was opened with. */
  rounds: FlaggedRound[];
  /** Months after its period a round's cutoff may fall without a reason (domain/round-guard.ts). */
  roundGraceMonths: number;
  /** The round whose levels the plan shows: the latest published one. */
  currentRoundId: number | null;
  /** The corrections of the stage an import gave it, with their reasons (decision 033). */
  stageCorrections: StageCorrection[];
}

/** A round's row as services return it. */
export function toRound(r: Row<'rounds'>): RoundInfo {
  return {
    id: r.id,
    position: r.position,
    kind: r.kind as RoundKind,
    title: r.title,
    lang: r.lang,
    cutoffDate: r.cutoff_date,
    published: Boolean(r.published),
  };
}

/** A round with what flags it (domain/round-guard.ts) and the reason it was opened with: the pages that list rounds show them. */
export interface FlaggedRound extends RoundInfo {
  flags: RoundFlag[];
  openingReason: string | null;
}

export function periodOf(plan: Row<'plans'>): PlanPeriod {
  return { periodStart: plan.period_start, periodEnd: plan.period_end, graceMonths: plan.round_grace_months };
}

/** Each of a plan's rounds with its flags, in the order given (time order, from storage). */
export function flagRounds(plan: Row<'plans'>, rounds: Row<'rounds'>[]): FlaggedRound[] {
  return rounds.map((r) => ({
    ...toRound(r),
    flags: roundFlags({ id: r.id, kind: r.kind as RoundKind, cutoffDate: r.cutoff_date }, rounds, periodOf(plan)),
    openingReason: r.opening_reason,
  }));
}

/**
 * Every plan the public sees — or only `planId`: one plan's page must not read them all (issue 8: 1 500
 * plans at scale 10). A plan in borrador only with `includeDrafts` (the workspace).
 */
export async function listPlans(store: Store, planId?: number, visibility: Visibility = {}): Promise<PlanListItem[]> {
  const [plans, counts] = await Promise.all([
    planStore.listPlansWithGovernment(store.db, planId, { withDrafts: visibility.includeDrafts }),
    planStore.countCommitmentsByPlan(store.db, planId),
  ]);
  const countByPlan = new Map(counts.map((c) => [c.plan_id, Number(c.n)]));
  return plans.map((p) => ({
    id: p.id,
    title: p.title,
    lang: p.lang,
    government: {
      id: p.government_id,
      name: p.government_name,
      kind: p.government_kind as GovernmentKind,
      countryCode: p.government_country,
    },
    periodStart: p.period_start,
    periodEnd: p.period_end,
    status: p.status as PlanStatus,
    approvalInstrument: p.approval_instrument,
    approvalDate: p.approval_date,
    commitmentCount: countByPlan.get(p.id) ?? 0,
  }));
}

/**
 * The plan asked for, or — when none is — the one with the latest period among those with an assessment
 * round (plans from OGP's dataset often have none), else the one with the latest period.
 */
export async function resolvePlanId(store: Store, planId?: number): Promise<number> {
  if (planId !== undefined) {
    if (!(await planStore.findPlan(store.db, planId))) throw new AppError('not_found', { entity: 'plan', id: planId });
    return planId;
  }
  const plans = await planStore.listPlansWithGovernment(store.db);
  if (plans.length === 0) throw new AppError('no_plans');
  const withRounds = new Set((await planStore.listPlanIdsWithRounds(store.db)).map((r) => r.plan_id));
  return (plans.find((p) => withRounds.has(p.id)) ?? plans[0]!).id;
}

/** What a caller may see: the public sees published rounds of plans past borrador; the workspace also open rounds and drafts. */
export interface Visibility {
  includeDrafts?: boolean;
}

const visible = (rounds: Row<'rounds'>[], v: Visibility) => (v.includeDrafts ? rounds : rounds.filter((r) => r.published));

export async function getPlan(store: Store, planId: number, visibility: Visibility = {}): Promise<PlanDetail> {
  const item = (await listPlans(store, planId, visibility))[0];
  if (!item) throw new AppError('not_found', { entity: 'plan', id: planId });
  const [row, themes, commitments, agencies, rounds, levels] = await Promise.all([
    planStore.findPlan(store.db, planId),
    planStore.listThemes(store.db, planId),
    commitmentStore.listCommitments(store.db, planId),
    commitmentStore.listCurrentLeadAgencies(store.db, planId),
    planStore.listRounds(store.db, planId),
    planStore.listPlanLevels(store.db, planId),
  ]);
  const current = [...rounds].reverse().find((r) => r.published) ?? null;
  const levelOf = new Map(
    levels.filter((l) => l.round_id === current?.id).map((l) => [l.commitment_id, isLevel(l.level) ? l.level : null]),
  );
  const agencyOf = new Map(agencies.map((a) => [a.commitment_id, { id: a.agency_id, name: a.agency_name, acronym: a.agency_acronym }]));
  return {
    ...item,
    themes: themes.map((t) => ({
      id: t.id,
      position: t.position,
      title: t.title,
      intro: t.intro,
      synthesis: t.synthesis,
      commitments: commitments
        .filter((c) => c.theme_id === t.id)
        .map((c) => ({
          id: c.id,
          number: c.number,
          title: c.title,
          leadAgency: agencyOf.get(c.id) ?? null,
          level: levelOf.get(c.id) ?? null,
        })),
    })),
    rounds: flagRounds(row!, rounds).filter((r) => r.published || visibility.includeDrafts),
    roundGraceMonths: row!.round_grace_months,
    currentRoundId: current?.id ?? null,
    stageCorrections: await stageCorrections(store.db, planId),
  };
}

function roundOf(planId: number, roundId: number | undefined, all: Row<'rounds'>[], visibility: Visibility): Row<'rounds'> {
  const rounds = visible(all, visibility);
  if (roundId !== undefined) {
    const r = rounds.find((x) => x.id === roundId);
    if (!r) throw new AppError('not_found', { entity: 'round', id: roundId });
    return r;
  }
  const r = [...rounds].reverse().find((x) => x.published) ?? rounds.at(-1);
  if (!r) throw new AppError('not_found', { entity: 'round', id: `plan ${planId}` });
  return r;
}

export interface PlanSummary {
  plan: { id: number; title: string };
  round: RoundInfo;
  summary: Summary;
}

/** A plan's id and title, for pages and answers that name the plan they are about; not found when it is not there. */
export async function planHeading(store: Store, planId: number): Promise<{ id: number; title: string }> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return { id: plan.id, title: plan.title };
}

/** The table of the report's conclusions, computed from the data: themes × levels for one round. */
export async function getSummary(store: Store, planId: number, roundId?: number, visibility: Visibility = {}): Promise<PlanSummary> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  const [themes, commitments, rounds, levels] = await Promise.all([
    planStore.listThemes(store.db, planId),
    commitmentStore.listCommitments(store.db, planId),
    planStore.listRounds(store.db, planId),
    planStore.listPlanLevels(store.db, planId),
  ]);
  const round = roundOf(planId, roundId, rounds, visibility);
  const levelMap = new Map(levels.filter((l) => l.round_id === round.id).map((l) => [l.commitment_id, isLevel(l.level) ? l.level : null]));
  const summary = computeSummary({
    themes: themes.map((t) => ({ id: t.id, title: t.title })),
    commitments: commitments.map((c) => ({ id: c.id, themeId: c.theme_id })),
    levels: levelMap,
  });
  return { plan: { id: plan.id, title: plan.title }, round: toRound(round), summary };
}

export interface PlanComparison {
  plan: { id: number; title: string };
  from: RoundInfo;
  to: RoundInfo;
  comparison: Comparison;
}

/** Each commitment's level in two rounds — by default the last two — and who moved up, down or stayed. */
export async function getComparison(
  store: Store,
  planId: number,
  fromId?: number,
  toId?: number,
  visibility: Visibility = {},
): Promise<PlanComparison> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  const [commitments, rounds, levels] = await Promise.all([
    commitmentStore.listCommitments(store.db, planId),
    planStore.listRounds(store.db, planId),
    planStore.listPlanLevels(store.db, planId),
  ]);
  const to = roundOf(planId, toId, rounds, visibility);
  // Rounds come in time order (storage's roundOrder): the one before `to` has the cutoff before its.
  const shown = visible(rounds, visibility);
  const from = fromId !== undefined ? roundOf(planId, fromId, rounds, visibility) : shown.slice(0, shown.indexOf(to)).at(-1);
  if (!from) throw new AppError('not_found', { entity: 'round', id: `plan ${planId}` });
  const levelsOf = (roundId: number) =>
    new Map(levels.filter((l) => l.round_id === roundId).map((l) => [l.commitment_id, isLevel(l.level) ? l.level : null]));
  const comparison = compareRounds(
    commitments.map((c) => ({ id: c.id, number: c.number, title: c.title })),
    levelsOf(from.id),
    levelsOf(to.id),
  );
  return { plan: { id: plan.id, title: plan.title }, from: toRound(from), to: toRound(to), comparison };
}

/** The latest published round of each plan: the last of each plan's, as they come in time order (roundOrder). */
function latestPublished(rounds: Row<'rounds'>[]): Map<number, Row<'rounds'>> {
  return new Map(rounds.map((r) => [r.plan_id, r]));
}

export interface Headline {
  round: RoundInfo | null;
  counts: Record<Level, number>;
  assessed: number;
  /** Percent of all the plan's commitments: complete, and substantial or complete. */
  shares: { complete: number; substantialOrComplete: number };
}

export interface PlanWithHeadline extends PlanListItem {
  headline: Headline;
}

/** Every plan with its headline figures at its latest published round, newest first. */
export async function listPlansWithHeadlines(store: Store): Promise<PlanWithHeadline[]> {
  const [plans, rounds] = await Promise.all([listPlans(store), planStore.listPublishedRounds(store.db)]);
  const latest = latestPublished(rounds);
  const counts = await planStore.countLevelsByRound(
    store.db,
    [...latest.values()].map((r) => r.id),
  );
  return plans.map((p) => {
    const round = latest.get(p.id) ?? null;
    const byLevel: Record<Level, number> = { 'not-started': 0, limited: 0, substantial: 0, complete: 0 };
    let assessed = 0;
    for (const c of counts) {
      if (round && c.round_id === round.id && isLevel(c.level)) {
        byLevel[c.level] += Number(c.n);
        assessed += Number(c.n);
      }
    }
    return {
      ...p,
      headline: { round: round ? toRound(round) : null, counts: byLevel, assessed, shares: headlineShares(byLevel, p.commitmentCount) },
    };
  });
}

export interface Dashboard {
  plan: PlanDetail;
  round: RoundInfo | null;
  summary: Summary | null;
  shares: { complete: number; substantialOrComplete: number } | null;
  comparison: PlanComparison | null;
}

/**
 * A plan's dashboard: its figures and summary at one published round (the latest cutoff by default), and the
 * comparison with the round before it — or between the two rounds a visitor picked (`compare`: either may be
 * left out, as `vigia compare --from --to`).
 */
export async function getDashboard(
  store: Store,
  planId: number,
  roundId?: number,
  compare: { from?: number; to?: number } = {},
): Promise<Dashboard> {
  const plan = await getPlan(store, planId);
  const published = plan.rounds.filter((r) => r.published);
  const round = roundId === undefined ? (published.at(-1) ?? null) : (published.find((r) => r.id === roundId) ?? null);
  if (roundId !== undefined && !round) throw new AppError('not_found', { entity: 'round', id: roundId });
  if (!round) return { plan, round: null, summary: null, shares: null, comparison: null };
  const { summary } = await getSummary(store, planId, round.id);
  const picked = compare.from !== undefined || compare.to !== undefined;
  // plan.rounds are in time order: the round before is the one with the cutoff before.
  const previous = published.slice(0, published.indexOf(round)).at(-1);
  const comparison = picked
    ? await getComparison(store, planId, compare.from, compare.to)
    : previous
      ? await getComparison(store, planId, previous.id, round.id)
      : null;
  return { plan, round, summary, shares: headlineShares(summary.total.counts, summary.total.total), comparison };
}

export interface ThemePage {
  theme: { id: number; position: number; title: string; intro: string | null; synthesis: string | null; lang: string };
  plan: { id: number; title: string };
  round: RoundInfo | null;
  commitments: CommitmentListItem[];
  row: Summary['rows'][number] | null;
}

export async function getThemePage(store: Store, themeId: number): Promise<ThemePage> {
  const theme = await planStore.findTheme(store.db, themeId);
  if (!theme) throw new AppError('not_found', { entity: 'theme', id: themeId });
  const dashboard = await getDashboard(store, theme.plan_id);
  const detail = dashboard.plan.themes.find((t) => t.id === themeId)!;
  return {
    theme: { id: theme.id, position: theme.position, title: theme.title, intro: theme.intro, synthesis: theme.synthesis, lang: theme.lang },
    plan: { id: dashboard.plan.id, title: dashboard.plan.title },
    round: dashboard.round,
    commitments: detail.commitments,
    row: dashboard.summary?.rows.find((r) => r.themeId === themeId) ?? null,
  };
}

export interface AgencyPage {
  agency: { id: number; name: string; acronym: string | null };
  commitments: {
    id: number;
    number: number;
    title: string;
    plan: { id: number; title: string };
    theme: { id: number; title: string };
    level: Level | null;
  }[];
}

/** The commitments an agency leads now, across plans, each with its level at its plan's latest published round. */
export async function getAgencyPage(store: Store, agencyId: number): Promise<AgencyPage> {
  const agency = await planStore.findAgency(store.db, agencyId);
  if (!agency) throw new AppError('not_found', { entity: 'agency', id: agencyId });
  const led = await planStore.listCommitmentsLedBy(store.db, agencyId);
  const planIds = [...new Set(led.map((c) => c.plan_id))];
  const latest = latestPublished(await planStore.listPublishedRounds(store.db, planIds));
  const levels = await planStore.levelsInRounds(
    store.db,
    [...latest.values()].map((r) => r.id),
    led.map((c) => c.id),
  );
  const levelOf = new Map(levels.map((l) => [l.commitment_id, isLevel(l.level) ? l.level : null]));
  return {
    agency: { id: agency.id, name: agency.name, acronym: agency.acronym },
    commitments: led.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      plan: { id: c.plan_id, title: c.plan_title },
      theme: { id: c.theme_id, title: c.theme_title },
      level: levelOf.get(c.id) ?? null,
    })),
  };
}

export async function listAgencies(store: Store) {
  return (await planStore.listAgenciesWithCounts(store.db)).map((a) => ({
    id: a.id,
    name: a.name,
    acronym: a.acronym,
    governmentId: a.government_id,
    commitmentCount: Number(a.n),
  }));
}

export interface FilterOptions {
  /** Listed when there are more than FILTER_OPTIONS_MAX plans: then plans come after a government. */
  governments: { id: number; name: string }[];
  plans: { id: number; title: string; government: string }[];
  themes: { id: number; title: string }[];
  rounds: RoundInfo[];
  agencies: { id: number; name: string; acronym: string | null }[];
}

/**
 * Up to this many plans (and agencies), the search filters list them all; above it (OGP scale: 600 plans
 * at scale 1, 6 000 at scale 10) a government is chosen first, and the plans and agencies offered are
 * that government's (or the chosen plan's).
 */
export const FILTER_OPTIONS_MAX = 200;

/**
 * What the search filters offer: every plan and agency, or — past FILTER_OPTIONS_MAX — every government
 * and the plans and agencies of the chosen government or plan; the themes and published rounds of the
 * chosen plan — or of the plan of the chosen theme or round, so a filter in the URL is always shown.
 */
export async function listFilterOptions(
  store: Store,
  chosen: { plan: number | null; theme: number | null; round: number | null; government?: number | null; agency?: number | null },
  max = FILTER_OPTIONS_MAX,
): Promise<FilterOptions> {
  const db = store.db;
  const [planCount, agencyCount] = await Promise.all([planStore.countPlans(db), searchOptionStore.countAgencies(db)]);
  const viaTheme = chosen.theme !== null ? (await planStore.findTheme(db, chosen.theme))?.plan_id : undefined;
  const viaRound = chosen.round !== null ? (await planStore.findRound(db, chosen.round))?.plan_id : undefined;
  const wanted = chosen.plan ?? viaTheme ?? viaRound ?? null;
  // A plan in borrador is not the public's: a filter naming it (or its theme or round) offers nothing of it.
  const found = wanted !== null ? (await planStore.listPlansWithGovernment(db, wanted))[0] : undefined;
  const plan = found?.id ?? null;
  const byGovernment = planCount > max;
  const government = chosen.government ?? found?.government_id ?? null;
  const [governments, plans, themes, rounds] = await Promise.all([
    byGovernment ? searchOptionStore.listGovernmentOptions(db) : [],
    byGovernment ? (government !== null ? searchOptionStore.listPlanOptions(db, government) : []) : searchOptionStore.listPlanOptions(db),
    plan === null ? [] : planStore.listThemes(db, plan),
    plan === null ? [] : planStore.listRounds(db, plan),
  ]);
  let agencies: { id: number; name: string; acronym: string | null }[];
  if (agencyCount <= max) agencies = await searchOptionStore.listLeadAgencyOptions(db, {});
  else if (plan !== null) agencies = await searchOptionStore.listLeadAgencyOptions(db, { planId: plan });
  else if (government !== null) agencies = await searchOptionStore.listLeadAgencyOptions(db, { governmentId: government });
  else agencies = [];
  // An agency in the URL is always offered, so the form shows what was searched.
  if (chosen.agency != null && !agencies.some((a) => a.id === chosen.agency)) {
    const a = await searchOptionStore.findAgencyOption(db, chosen.agency);
    if (a) agencies = [a, ...agencies];
  }
  return {
    governments,
    plans: plans.map((p) => ({ id: p.id, title: p.title, government: p.government })),
    themes: themes.map((t) => ({ id: t.id, title: t.title })),
    rounds: rounds.filter((r) => r.published).map(toRound),
    agencies: agencies.map((a) => ({ id: a.id, name: a.name, acronym: a.acronym })),
  };
}
