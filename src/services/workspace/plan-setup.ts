import { consultationStatus } from '../../domain/consultation.js';
import { checkFields, type FieldError, type Values } from '../../domain/input.js';
import {
  checkEachLanguage,
  checkPeriod,
  CONTENT_LANGS,
  CORRECTION_RULES,
  inLang,
  languagesOf,
  PLAN_RULES,
  STAGE_RULES,
  THEME_MOVE_RULES,
  THEME_RULES,
  type ContentLang,
} from '../../domain/plan-input.js';
import { checkStageCorrection, checkStageMove, type CorrectionRefusal, type StageRefusal } from '../../domain/plan-stages.js';
import type { Actor } from '../../domain/roles.js';
import { PLAN_STATUSES, type PlanStatus } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import * as setupStore from '../../storage/plan-setup.js';
import * as planStore from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import { AuditedWriter } from '../../storage/writer.js';
import type { SaveResult } from './commitments.js';
import { authorize, writeContext, writeTransaction } from './context.js';
import { removeTranslations, writeTranslations } from './translations.js';

/**
 * A plan from a blank page (issue 19): the coordination of a government creates it in borrador, with
 * its title in each of the government's languages and its period; edits it (also how an imported plan
 * is corrected); moves it through its stages by domain/plan-stages.ts; keeps its themes (add, rename
 * in each language, reorder, remove while empty). Each operation asks the policy first: create:plan
 * about the coordinator's government, manage:plan about the plan's.
 */
type Db = Store['db'];
/** What an operation answers: SaveResult, and after a stage move the stage reached. */
export type SetupResult = SaveResult & { stage?: PlanStatus };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });
/** Who the audit log names: the person (user:N), or the command that acted for the coordination (cli:plan). */
export interface By {
  auditActor?: string;
}
const ctxOf = (actor: Actor, what: string, now: string, by: By) => ({
  ...writeContext(actor, what, now),
  ...(by.auditActor ? { actor: by.auditActor } : {}),
});

/** The languages a plan's titles are asked in: its own first, then its government's. */
const titleLangs = (planLang: string, government: Row<'governments'>): ContentLang[] =>
  [...new Set([planLang, ...languagesOf(government)])].filter((l): l is ContentLang => (CONTENT_LANGS as readonly string[]).includes(l));

async function governmentOf(db: Db, id: number) {
  const g = await planStore.findGovernment(db, id);
  if (!g) throw new AppError('not_found', { entity: 'government', id });
  return g;
}

async function loadPlan(store: Store, actor: Actor | null, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  return { plan, actor, government: await governmentOf(store.db, plan.government_id) };
}

/** Texts by language: the row's own in its language, the others from translations. */
function byLang(row: { id: number; lang: string }, own: string, translations: Row<'translations'>[], field: string) {
  const out: Partial<Record<ContentLang, string>> = {};
  for (const t of translations) if (t.entity_id === row.id && t.field === field) out[t.lang as ContentLang] = t.text;
  out[row.lang as ContentLang] = own;
  return out;
}

/** The texts of `base` in the languages other than `main`: what goes to translations (null: none). */
const others = (v: Values, base: string, main: string, langs: ContentLang[]) =>
  Object.fromEntries(
    CONTENT_LANGS.filter((l) => l !== main).map((l) => [l, langs.includes(l) ? ((v[inLang(base, l)] as string | null) ?? null) : null]),
  );

// ——— the new-plan form ———

export interface NewPlanForm {
  government: { id: number; name: string; languages: ContentLang[] };
}

/** What the new-plan form needs: the coordinator's government and its languages. */
export async function newPlanForm(store: Store, actor: Actor | null): Promise<NewPlanForm> {
  authorize(actor, 'create:plan', { governmentId: actor?.governmentId ?? undefined });
  const g = await governmentOf(store.db, actor.governmentId!);
  return { government: { id: g.id, name: g.name, languages: languagesOf(g) } };
}

/** A plan of the coordinator's government, in borrador; its language is the government's main one unless another is chosen. */
export async function createPlan(
  store: Store,
  actor: Actor | null,
  input: Record<string, unknown>,
  now: string,
  by: By = {},
): Promise<SaveResult> {
  const { government } = await newPlanForm(store, actor);
  const g = await governmentOf(store.db, government.id);
  const c = checkPeriod(checkFields(input, PLAN_RULES));
  const lang = (typeof c.values.planLang === 'string' ? c.values.planLang : government.languages[0]!) as ContentLang;
  if (!government.languages.includes(lang)) c.errors.push({ field: 'planLang', code: 'invalid_choice' });
  const langs = titleLangs(lang, g);
  checkEachLanguage(c, 'planTitle', langs);
  if (c.errors.length > 0) return fail(c.errors);
  const v = c.values;
  const title = v[inLang('planTitle', lang)] as string;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, ctxOf(actor!, `create plan ${title}`, now, by));
    const id = await w.insert('plans', {
      government_id: g.id,
      title,
      lang,
      period_start: v.periodStart as number,
      period_end: v.periodEnd as number,
      approval_instrument: null,
      approval_date: null,
      status: 'draft',
      ogp_number: null,
      ...(typeof v.roundGraceMonths === 'number' ? { round_grace_months: v.roundGraceMonths } : {}),
      ...(typeof v.completeShare === 'number' ? { complete_share: v.completeShare } : {}),
    });
    w.forPlan(id);
    await writeTranslations(w, 'plans', id, 'title', others(v, 'planTitle', lang, langs));
    return { ok: true as const, id };
  });
}

// ——— the plan's page in the workspace ———

export interface PlanSetup {
  id: number;
  titles: Partial<Record<ContentLang, string>>;
  title: string;
  lang: ContentLang;
  /** The languages its titles are written in: its own first. */
  langs: ContentLang[];
  periodStart: number | null;
  periodEnd: number | null;
  /** Months after the period a round's cutoff may fall without a reason (domain/round-guard.ts). */
  roundGraceMonths: number;
  /** The share of its target (%) an indicator must reach for a "Completo" to pass without a warning (decision 039). */
  completeShare: number;
  status: PlanStatus;
  approvalInstrument: string | null;
  approvalDate: string | null;
  government: { id: number; name: string; languages: ContentLang[] };
  commitments: number;
  themes: { id: number; position: number; titles: Partial<Record<ContentLang, string>>; title: string; commitments: number }[];
  /** The consultations of its draft, each open or not today (and the day one was closed early). */
  consultations: { id: number; title: string; startsOn: string; endsOn: string; closedOn: string | null; open: boolean }[];
  /** The stages it may move to now; the others with the reason they are refused. */
  next: { stage: PlanStatus; refusal: StageRefusal | null }[];
  /** Its stage is still the one a file gave: the coordination may correct it (decision 033). */
  stageFromFile: boolean;
  /** The corrections of its stage, oldest first. */
  corrections: setupStore.StageCorrection[];
}

export async function getPlanSetup(store: Store, actor: Actor | null, planId: number, today: string): Promise<PlanSetup> {
  const { plan, government } = await loadPlan(store, actor, planId);
  const [themes, counts, planTranslations, consultations, corrections] = await Promise.all([
    planStore.listThemes(store.db, planId),
    setupStore.commitmentsPerTheme(store.db, planId),
    setupStore.translationsOf(store.db, 'plans', [planId]),
    setupStore.draftConsultations(store.db, planId),
    setupStore.stageCorrections(store.db, planId),
  ]);
  const themeTranslations = await setupStore.translationsOf(
    store.db,
    'themes',
    themes.map((t) => t.id),
  );
  const commitments = [...counts.values()].reduce((a, b) => a + b, 0);
  const consultationsNow = consultations.map((k) => ({
    id: k.id,
    title: k.title,
    startsOn: k.starts_on,
    endsOn: k.ends_on,
    closedOn: k.closed_on,
    open: consultationStatus({ startsOn: k.starts_on, endsOn: k.ends_on, closedOn: k.closed_on }, today) === 'open',
  }));
  const status = plan.status as PlanStatus;
  const facts = { status, commitments, openConsultation: consultationsNow.some((k) => k.open) };
  return {
    id: plan.id,
    titles: byLang(plan, plan.title, planTranslations, 'title'),
    title: plan.title,
    lang: plan.lang as ContentLang,
    langs: titleLangs(plan.lang, government),
    periodStart: plan.period_start,
    periodEnd: plan.period_end,
    roundGraceMonths: plan.round_grace_months,
    completeShare: plan.complete_share,
    status,
    approvalInstrument: plan.approval_instrument,
    approvalDate: plan.approval_date,
    government: { id: government.id, name: government.name, languages: languagesOf(government) },
    commitments,
    themes: themes.map((t) => ({
      id: t.id,
      position: t.position,
      titles: byLang(t, t.title, themeTranslations, 'title'),
      title: t.title,
      commitments: counts.get(t.id) ?? 0,
    })),
    consultations: consultationsNow,
    // Approval facts are asked by the form: here only whether the move itself is allowed.
    next: PLAN_STATUSES.filter((s) => s !== status).map((stage) => {
      const refusal = checkStageMove(facts, stage, { instrument: 'x', date: '2000-01-01' });
      return { stage, refusal };
    }),
    stageFromFile: plan.stage_from_file === 1,
    corrections,
  };
}

/** The plan form's values as stored. */
export function planValues(p: PlanSetup): Values {
  return {
    planTitleEs: p.titles.es ?? null,
    planTitleEn: p.titles.en ?? null,
    planLang: p.lang,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    roundGraceMonths: p.roundGraceMonths,
    completeShare: p.completeShare,
  };
}

/**
 * The plan's titles, language and period. A plan's language may be any of its government's (an
 * imported plan that came in English is set back to Spanish here); its titles are asked in each.
 */
export async function updatePlan(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, actor: who, government } = await loadPlan(store, actor, planId);
  const c = checkPeriod(checkFields(input, PLAN_RULES));
  const lang = (typeof c.values.planLang === 'string' ? c.values.planLang : plan.lang) as ContentLang;
  if (lang !== plan.lang && !languagesOf(government).includes(lang)) c.errors.push({ field: 'planLang', code: 'invalid_choice' });
  const langs = titleLangs(lang, government);
  checkEachLanguage(c, 'planTitle', langs);
  if (c.errors.length > 0) return fail(c.errors);
  const v = c.values;
  return writeTransaction(store, async (trx) => {
    const current = (await planStore.findPlan(trx, planId))!;
    const w = new AuditedWriter(trx, writeContext(who, `edit plan ${planId}`, now)).forPlan(planId);
    await w.update('plans', current, {
      title: v[inLang('planTitle', lang)] as string,
      lang,
      period_start: v.periodStart as number,
      period_end: v.periodEnd as number,
      ...(typeof v.roundGraceMonths === 'number' ? { round_grace_months: v.roundGraceMonths } : {}),
      ...(typeof v.completeShare === 'number' ? { complete_share: v.completeShare } : {}),
    });
    await writeTranslations(w, 'plans', planId, 'title', others(v, 'planTitle', lang, langs));
    return { ok: true as const, id: planId };
  });
}

/** A refusal of checkStageMove as a field error: the approval's fields by name, the rest on the stage. */
export function stageError(refusal: StageRefusal): FieldError {
  if (refusal.code === 'approval_missing')
    return { field: refusal.field === 'instrument' ? 'approvalInstrument' : 'approvalDate', code: 'required' };
  const param =
    refusal.code === 'backwards'
      ? `backwards:${refusal.from}:${refusal.to}`
      : refusal.code === 'skips_stage'
        ? `skips_stage:${refusal.from}:${refusal.to}:${refusal.next}`
        : refusal.code;
  return { field: 'stage', code: 'stage_refused', param };
}

/** The approval's instrument and date a stage form sent, each when given. */
function approvalOf(v: Values): { instrument?: string; date?: string } {
  return {
    instrument: typeof v.approvalInstrument === 'string' ? v.approvalInstrument : undefined,
    date: typeof v.approvalDate === 'string' ? v.approvalDate : undefined,
  };
}

/**
 * Moves the plan to another stage, as domain/plan-stages.ts allows: forward one stage at a time (a
 * draft may be approved directly), en consulta with a consultation of the draft open today, aprobado
 * with its instrument and date. Leaving borrador makes the plan public: its search documents are made.
 */
export async function movePlanStage(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  today: string,
  now: string,
  by: By = {},
): Promise<SetupResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const c = checkFields(input, STAGE_RULES);
  if (c.errors.length > 0) return fail(c.errors);
  const to = c.values.stage as PlanStatus;
  const { instrument, date } = approvalOf(c.values);
  return writeTransaction(store, async (trx) => {
    const plan = (await planStore.findPlan(trx, planId))!;
    const counts = await setupStore.commitmentsPerTheme(trx, planId);
    const consultations = await setupStore.draftConsultations(trx, planId);
    const facts = {
      status: plan.status as PlanStatus,
      commitments: [...counts.values()].reduce((a, b) => a + b, 0),
      openConsultation: consultations.some(
        (k) => consultationStatus({ startsOn: k.starts_on, endsOn: k.ends_on, closedOn: k.closed_on }, today) === 'open',
      ),
    };
    const refusal = checkStageMove(facts, to, { instrument, date });
    if (refusal) return fail([stageError(refusal)]);
    const w = new AuditedWriter(trx, ctxOf(who, `move plan ${planId} from ${plan.status} to ${to}`, now, by)).forPlan(planId);
    await w.update('plans', plan, {
      status: to,
      // From now on the stage is Vigía's: the stage rules hold, and a correction is no longer offered.
      stage_from_file: 0,
      ...(to === 'approved' ? { approval_instrument: instrument!, approval_date: date! } : {}),
    });
    if (plan.status === 'draft') await rebuildSearchIndex(trx, planId);
    return { ok: true as const, id: planId, stage: to };
  });
}

/** A refusal of checkStageCorrection as a field error on the stage asked for. */
function correctionError(refusal: CorrectionRefusal): FieldError {
  const param = refusal.code === 'not_correctable' ? `not_correctable:${refusal.to}` : refusal.code;
  return { field: 'correctedStage', code: 'stage_refused', param };
}

/**
 * Corrects the stage a file gave an imported plan — backwards too — with its reason, kept in
 * plan_stage_corrections (shown on the plan's pages) and the audit log; the approval's instrument and
 * date may be corrected with it. Not a stage move: the plan's stage stays correctable until Vigía moves it.
 */
export async function correctPlanStage(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
  by: By = {},
): Promise<SetupResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const c = checkFields(input, CORRECTION_RULES);
  if (c.errors.length > 0) return fail(c.errors);
  const to = c.values.correctedStage as PlanStatus;
  const reason = c.values.correctionReason as string;
  const { instrument, date } = approvalOf(c.values);
  return writeTransaction(store, async (trx) => {
    const plan = (await planStore.findPlan(trx, planId))!;
    const from = plan.status as PlanStatus;
    const refusal = checkStageCorrection({ status: from, stageFromFile: plan.stage_from_file === 1 }, to);
    if (refusal) return fail([correctionError(refusal)]);
    const ctx = ctxOf(who, `correct plan ${planId} stage from ${from} to ${to}: ${reason}`, now, by);
    const w = new AuditedWriter(trx, ctx).forPlan(planId);
    await w.update('plans', plan, {
      status: to,
      ...(instrument !== undefined ? { approval_instrument: instrument } : {}),
      ...(date !== undefined ? { approval_date: date } : {}),
    });
    await w.insert('plan_stage_corrections', { plan_id: planId, from_status: from, to_status: to, reason, actor: ctx.actor });
    if (from === 'draft') await rebuildSearchIndex(trx, planId);
    return { ok: true as const, id: planId, stage: to };
  });
}

// ——— themes ———

async function loadTheme(store: Store, actor: Actor | null, themeId: number) {
  const theme = await planStore.findTheme(store.db, themeId);
  if (!theme) throw new AppError('not_found', { entity: 'theme', id: themeId });
  return { theme, ...(await loadPlan(store, actor, theme.plan_id)) };
}

/** The theme's titles: one in each of the plan's title languages. */
function themeTitles(input: Record<string, unknown>, plan: Row<'plans'>, government: Row<'governments'>) {
  const c = checkFields(input, THEME_RULES);
  const langs = titleLangs(plan.lang, government);
  checkEachLanguage(c, 'themeTitle', langs);
  return { c, langs, title: c.values[inLang('themeTitle', plan.lang as ContentLang)] as string };
}

export async function addTheme(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
  by: By = {},
): Promise<SaveResult> {
  const { plan, actor: who, government } = await loadPlan(store, actor, planId);
  const { c, langs, title } = themeTitles(input, plan, government);
  if (c.errors.length > 0) return fail(c.errors);
  return writeTransaction(store, async (trx) => {
    const themes = await planStore.listThemes(trx, planId);
    const w = new AuditedWriter(trx, ctxOf(who, `add theme to plan ${planId}`, now, by)).forPlan(planId);
    const id = await w.insert('themes', {
      plan_id: planId,
      position: Math.max(0, ...themes.map((t) => t.position)) + 1,
      title,
      intro: null,
      synthesis: null,
      lang: plan.lang,
    });
    await writeTranslations(w, 'themes', id, 'title', others(c.values, 'themeTitle', plan.lang, langs));
    return { ok: true as const, id };
  });
}

export async function renameTheme(
  store: Store,
  actor: Actor | null,
  themeId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, actor: who, government } = await loadTheme(store, actor, themeId);
  const { c, langs, title } = themeTitles(input, plan, government);
  if (c.errors.length > 0) return fail(c.errors);
  return writeTransaction(store, async (trx) => {
    const current = (await planStore.findTheme(trx, themeId))!;
    const w = new AuditedWriter(trx, writeContext(who, `rename theme ${themeId}`, now)).forPlan(plan.id);
    await w.update('themes', current, { title });
    await writeTranslations(w, 'themes', themeId, 'title', others(c.values, 'themeTitle', plan.lang, langs));
    return { ok: true as const, id: themeId };
  });
}

/** A theme moved one place up or down: it trades positions with its neighbour (at an end, nothing moves). */
export async function moveTheme(
  store: Store,
  actor: Actor | null,
  themeId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, actor: who } = await loadTheme(store, actor, themeId);
  const c = checkFields(input, THEME_MOVE_RULES);
  if (c.errors.length > 0) return fail(c.errors);
  return writeTransaction(store, async (trx) => {
    const themes = await planStore.listThemes(trx, plan.id);
    const i = themes.findIndex((t) => t.id === themeId);
    const j = c.values.direction === 'up' ? i - 1 : i + 1;
    const [a, b] = [themes[i]!, themes[j]];
    if (!b) return { ok: true as const, id: themeId };
    const w = new AuditedWriter(trx, writeContext(who, `move theme ${themeId} ${String(c.values.direction)}`, now)).forPlan(plan.id);
    // Positions are unique in a plan: one theme waits past the end while the other takes its place.
    const parked = Math.max(...themes.map((t) => t.position)) + 1;
    await w.update('themes', a, { position: parked });
    await w.update('themes', b, { position: a.position });
    await w.update('themes', { ...a, position: parked }, { position: b.position });
    return { ok: true as const, id: themeId };
  });
}

/** Removes a theme that holds no commitment; one that holds some is refused, saying how many. */
export async function removeTheme(store: Store, actor: Actor | null, themeId: number, now: string): Promise<SaveResult> {
  const { plan, actor: who } = await loadTheme(store, actor, themeId);
  return writeTransaction(store, async (trx) => {
    const held = (await setupStore.commitmentsPerTheme(trx, plan.id)).get(themeId) ?? 0;
    if (held > 0) return fail([{ field: 'theme', code: 'not_empty', limit: held }]);
    const current = (await planStore.findTheme(trx, themeId))!;
    const w = new AuditedWriter(trx, writeContext(who, `remove theme ${themeId}`, now)).forPlan(plan.id);
    await removeTranslations(w, 'themes', themeId);
    await w.remove('themes', current);
    return { ok: true as const, id: themeId };
  });
}

/** The plan a theme belongs to (a 404 when there is none): where its forms go back to. */
export async function planOfTheme(store: Store, themeId: number): Promise<number> {
  const theme = await planStore.findTheme(store.db, themeId);
  if (!theme) throw new AppError('not_found', { entity: 'theme', id: themeId });
  return theme.plan_id;
}

/** The plans of the coordinator's government, drafts too: the workspace's list of plans. */
export async function listOwnPlans(store: Store, actor: Actor | null) {
  if (!actor) throw new AppError('unauthenticated');
  if (actor.role !== 'coordinator' || actor.governmentId === null) return [];
  return (await setupStore.plansOfGovernment(store.db, actor.governmentId)).map((p) => ({
    id: p.id,
    title: p.title,
    status: p.status as PlanStatus,
    periodStart: p.period_start,
    periodEnd: p.period_end,
  }));
}

/** A government named by its id or its name (the command line's --government); undefined when none is. */
export async function findGovernmentRef(
  store: Store,
  idOrName: string,
): Promise<{ id: number; name: string; languages: ContentLang[] } | undefined> {
  const g = /^\d{1,9}$/.test(idOrName)
    ? await planStore.findGovernment(store.db, Number(idOrName))
    : await planStore.findGovernmentByName(store.db, idOrName);
  return g && { id: g.id, name: g.name, languages: languagesOf(g) };
}

/** The government of a plan (a 404 when there is none): whose coordination the command line acts as. */
export async function governmentOfPlan(store: Store, planId: number): Promise<number> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return plan.government_id;
}
