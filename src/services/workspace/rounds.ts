import { checkFields, expectedVersion, type FieldError, type FieldRule, type Values } from '../../domain/input.js';
import { isLevel, LEVELS, parseLevel, type Level } from '../../domain/levels.js';
import { can } from '../../domain/permissions.js';
import type { Actor } from '../../domain/roles.js';
import { cutoffWindow, reasonParam, roundFlags } from '../../domain/round-guard.js';
import type { RoundFlag } from '../../domain/round-guard.js';
import { ROUND_KINDS, type RoundInfo, type RoundKind } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { messages } from '../../i18n/index.js';
import * as commitmentStore from '../../storage/commitments.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import * as workspaceStore from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import { consistencyWarnings, type ConsistencyWarning } from '../../domain/assessment-consistency.js';
import { commitmentFacts, getAssessmentPanel, type AssessmentPanel } from './assessment-panel.js';
import { flagRounds, periodOf, toRound, type FlaggedRound } from '../plans.js';
import { authorize, loadCommitment, loadCommitmentInRound, writeContext, writeTransaction } from './context.js';
import { noticePublished, noticeReturned, noticeSubmitted } from '../notifications/workflow.js';

/**
 * The assessment round: the coordinator opens it; each agency drafts the assessment of its
 * commitments and submits it; the coordinator approves or returns it with a comment; when all are
 * approved the round is published and frozen. Until then nothing of it is public or visible to other
 * agencies. After it, a change is a correction: a new entry, shown beside the value it corrects.
 */
export type Stage = 'not-started' | 'draft' | 'submitted' | 'returned' | 'approved';

export const ROUND_RULES: Record<string, FieldRule> = {
  kind: { type: 'choice', required: true, values: ROUND_KINDS },
  cutoffDate: { type: 'date', required: true },
  title: { type: 'text', max: 200 },
  // Required only when the round repeats a kind or its cutoff is outside the period (domain/round-guard.ts).
  roundReason: { type: 'text', max: 2_000, multiline: true },
};

export const ASSESSMENT_RULES: Record<string, FieldRule> = {
  level: { type: 'choice', values: LEVELS },
  results: { type: 'text', max: 20_000, multiline: true },
  reasons: { type: 'text', max: 10_000, multiline: true },
  nextSteps: { type: 'text', max: 10_000, multiline: true },
  evidenceIds: { type: 'ids', max: 100 },
  // Asked only when submitting despite consistency warnings (domain/assessment-consistency.ts); kept with the assessment.
  confirmReason: { type: 'text', max: 2_000, multiline: true },
};

async function loadPlan(store: Store, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return plan;
}

async function loadRound(store: Store, roundId: number) {
  const round = await planStore.findRound(store.db, roundId);
  if (!round) throw new AppError('not_found', { entity: 'round', id: roundId });
  const plan = (await planStore.findPlan(store.db, round.plan_id))!;
  return { round, plan };
}

export interface RoundOpening {
  id: number;
  title: string;
  /** The days a cutoff may fall on without a reason; null when the plan has no period. */
  window: { from: string; to: string } | null;
  graceMonths: number;
  /** Its rounds so far, in time order: a kind already among them needs a reason (but periodic). */
  rounds: FlaggedRound[];
}

/** The plan a coordinator is about to open a round of (the page's form), with what would need a reason. */
export async function getRoundOpening(store: Store, actor: Actor | null, planId: number): Promise<RoundOpening> {
  const plan = await loadPlan(store, planId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  const rounds = await planStore.listRounds(store.db, planId);
  return {
    id: plan.id,
    title: plan.title,
    window: cutoffWindow(periodOf(plan)),
    graceMonths: plan.round_grace_months,
    rounds: flagRounds(plan, rounds),
  };
}

export async function openRound(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldError[] }> {
  const plan = await loadPlan(store, planId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  const checked = checkFields(input, ROUND_RULES);
  if (await workspaceStore.findOpenRound(store.db, planId)) checked.errors.push({ field: 'kind', code: 'round_open' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const kind = checked.values.kind as RoundKind;
  const cutoffDate = checked.values.cutoffDate as string;
  const reason = (checked.values.roundReason as string | null) ?? null;
  // A second final, or a cutoff outside the period: only with a reason, which is kept (and audited) with the round.
  const guard = (rounds: Row<'rounds'>[]) => roundFlags({ id: null, kind, cutoffDate }, rounds, periodOf(plan));
  const flags = guard(await planStore.listRounds(store.db, planId));
  const reasonNeeded = (f: RoundFlag[]) => ({
    ok: false as const,
    errors: [{ field: 'roundReason', code: 'round_reason_needed' as const, param: reasonParam(f, kind, periodOf(plan)) }],
  });
  if (flags.length > 0 && !reason) return reasonNeeded(flags);
  const opened = await writeTransaction(store, async (trx) => {
    // Again where it counts: two coordinators opening a round at once get one round.
    if (await workspaceStore.findOpenRound(trx, planId)) return null;
    // An import may have brought a round of this kind meanwhile.
    const flagged = guard(await planStore.listRounds(trx, planId));
    if (flagged.length > 0 && !reason) return flagged;
    const what = `open ${kind} round${flagged.length > 0 ? ` (${flagged.join(', ')}, with a reason)` : ''}`;
    const w = new AuditedWriter(trx, writeContext(actor, what, now)).forPlan(planId);
    return w.insert('rounds', {
      plan_id: planId,
      position: (await workspaceStore.maxRoundPosition(trx, planId)) + 1,
      kind,
      // Untitled, a round is named by its kind, in the plan's language.
      title: (checked.values.title as string | null) ?? messages(plan.lang === 'en' ? 'en' : 'es').roundKinds[kind],
      lang: plan.lang,
      cutoff_date: cutoffDate,
      published: 0,
      published_at: null,
      opening_reason: reason,
    });
  });
  if (opened === null) return { ok: false, errors: [{ field: 'kind', code: 'round_open' }] };
  return typeof opened === 'number' ? { ok: true, id: opened } : reasonNeeded(opened);
}

export interface BoardRow {
  commitmentId: number;
  number: number;
  title: string;
  agency: { id: number; name: string; acronym: string | null } | null;
  stage: Stage;
  level: Level | null;
  updatedAt: string | null;
  canDraft: boolean;
}

export interface RoundBoard {
  round: FlaggedRound;
  plan: { id: number; title: string; governmentId: number };
  rows: BoardRow[];
  counts: Record<Stage, number>;
  canDecide: boolean;
  /** The round can be published: every commitment's assessment is approved. */
  ready: boolean;
}

/**
 * Where each commitment of a round stands. An agency editor sees the rows whose assessment is its own:
 * those of the commitments it led on the round's cutoff date (roundProgress).
 */
export async function getRoundBoard(store: Store, actor: Actor | null, roundId: number): Promise<RoundBoard> {
  const { round, plan } = await loadRound(store, roundId);
  if (!actor) throw new AppError('unauthenticated');
  const government = { governmentId: plan.government_id };
  // The coordinator and the reviewer read the whole round; an agency, the rows of the commitments it led on the cutoff.
  const readsAll = can(actor, 'read:drafts', government);
  const all = await workspaceStore.roundProgress(store.db, roundId, plan.id);
  const rows: BoardRow[] = all
    .filter((r) => readsAll || can(actor, 'read:drafts', { ...government, agencyId: r.agency_id }))
    .map((r) => ({
      commitmentId: r.id,
      number: r.number,
      title: r.title,
      agency: r.agency_id ? { id: r.agency_id, name: r.agency_name!, acronym: r.agency_acronym } : null,
      stage: (r.status as Stage | null) ?? 'not-started',
      level: isLevel(r.level) ? r.level : null,
      updatedAt: r.updated_at,
      canDraft: !round.published && can(actor, 'draft:assessment', { ...government, agencyId: r.agency_id }),
    }));
  if (rows.length === 0 && !readsAll) throw new AppError('forbidden');
  const counts: Record<Stage, number> = { 'not-started': 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
  for (const r of rows) counts[r.stage]++;
  const canDecide = can(actor, 'decide:assessment', government);
  const flagged = flagRounds(plan, await planStore.listRounds(store.db, plan.id)).find((r) => r.id === round.id)!;
  return {
    round: flagged,
    plan: { id: plan.id, title: plan.title, governmentId: plan.government_id },
    rows,
    counts,
    canDecide,
    ready: canDecide && all.length > 0 && all.every((r) => r.status === 'approved'),
  };
}

export interface AssessmentForm {
  round: RoundInfo;
  plan: { id: number; title: string; governmentId: number };
  commitment: { id: number; number: number; title: string };
  /** The stored assessment's version and the coordinator's comment on it; null before its first draft. */
  assessment: { version: number; reviewComment: string | null } | null;
  values: Values;
  cited: number[];
  evidence: { id: number; url: string | null; description: string | null; activityNumber: number | null }[];
  stage: Stage;
  canDraft: boolean;
  canDecide: boolean;
  /** A coordinator may correct a published assessment (a visible entry). */
  canCorrect: boolean;
  /** This person submitted it, and the government does not let the same person approve it (decision 039). */
  approvalRefused: boolean;
  /** The review screen's panel: evidence, activities, indicators, earlier levels, warnings (assessment-panel.ts). */
  panel: AssessmentPanel;
}

function assessmentValues(a: Row<'assessments'> | undefined | null): Values {
  return { level: a?.level ?? null, results: a?.results ?? null, reasons: a?.reasons ?? null, nextSteps: a?.next_steps ?? null };
}

/** An assessment as the one who drafts it, or the coordinator who decides it, sees it; `today`: the day warnings are read for. */
export async function getAssessmentForm(
  store: Store,
  actor: Actor | null,
  roundId: number,
  commitmentId: number,
  today: string,
): Promise<AssessmentForm> {
  const { round, assessment, subject, selfApproval, ...form } = await loadAssessment(store, actor, roundId, commitmentId);
  return {
    ...form,
    round: toRound(round),
    assessment: assessment && { version: assessment.version, reviewComment: assessment.review_comment },
    approvalRefused: sameSubmitter(actor!, assessment) && !selfApproval,
    panel: await getAssessmentPanel(store, actor, commitmentId, roundId, today, subject),
  };
}

/** The person acting is the one who submitted it. */
const sameSubmitter = (actor: Actor, a: Row<'assessments'> | null) => a !== null && a.submitted_by === actor.userId;

/** The consistency warnings of a level on the commitment's facts as of the round; a field error unless a reason confirms them. */
async function consistencyOf(
  store: Store,
  commitment: { id: number; plan_id: number },
  roundId: number,
  level: unknown,
  reason: unknown,
  now: string,
): Promise<{ warnings: ConsistencyWarning[]; error: FieldError | null }> {
  const { facts } = await commitmentFacts(store, commitment, roundId, now.slice(0, 10));
  const warnings = consistencyWarnings({ ...facts, level: typeof level === 'string' && isLevel(level) ? level : null });
  const error =
    warnings.length > 0 && !reason
      ? { field: 'confirmReason', code: 'confirm_warnings' as const, param: warnings.map((w) => w.code).join(',') }
      : null;
  return { warnings, error };
}

/** The form's facts with the stored rows themselves: what saving and deciding work on. */
async function loadAssessment(store: Store, actor: Actor | null, roundId: number, commitmentId: number) {
  const { round, plan } = await loadRound(store, roundId);
  // Whose assessment it is: the agency on the round's cutoff date, not necessarily the one leading the commitment now.
  const c = await loadCommitmentInRound(store, commitmentId, roundId);
  if (c.plan_id !== plan.id) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  authorize(actor, 'read:drafts', c.subject);
  const government = await planStore.findGovernment(store.db, plan.government_id);
  const assessment = (await commitmentStore.findAssessment(store.db, roundId, commitmentId)) ?? null;
  const evidence = await commitmentStore.listEvidence(store.db, commitmentId);
  const activities = await commitmentStore.listActivities(store.db, commitmentId);
  const numberOf = new Map(activities.map((a) => [a.id, a.number]));
  const cited = assessment ? (await workspaceStore.listCitedEvidence(store.db, assessment.id)).map((x) => x.evidence_id) : [];
  const stage = (assessment?.status as Stage | undefined) ?? 'not-started';
  const open = !round.published;
  return {
    round,
    plan: { id: plan.id, title: plan.title, governmentId: plan.government_id },
    commitment: { id: c.id, number: c.number, title: c.title },
    subject: c.subject,
    selfApproval: government?.allow_self_approval === 1,
    assessment,
    values: assessmentValues(assessment),
    cited,
    evidence: evidence.map((e) => ({
      id: e.id,
      url: e.url,
      description: e.description,
      activityNumber: e.activity_id ? (numberOf.get(e.activity_id) ?? null) : null,
    })),
    stage,
    canDraft: open && (stage === 'not-started' || stage === 'draft' || stage === 'returned') && can(actor, 'draft:assessment', c.subject),
    // Approve what was submitted; return it, or what was approved by mistake, while the round is open.
    canDecide: open && (stage === 'submitted' || stage === 'approved') && can(actor, 'decide:assessment', c.subject),
    canCorrect: !open && assessment !== null && can(actor, 'manage:plan', { governmentId: plan.government_id }),
  };
}

export type AssessmentResult =
  | { ok: true; stage: Stage; version?: number }
  // `warnings`: the consistency warnings a reason must confirm (the error on confirmReason names them).
  | { ok: false; errors: FieldError[]; warnings?: ConsistencyWarning[] }
  | { ok: false; conflict: { theirs: Values; mine: Values; version: number } };

/**
 * Saves the draft of an assessment; with `submit`, also checks what a submission needs (a level;
 * reasons when it is No iniciado or Limitado; at least one piece of evidence cited when Completo) and
 * hands it to the coordinator. Fields left out keep what they had (the API may send only what changes;
 * a form sends every field); a save over an older version than the stored one is a conflict.
 */
export async function saveAssessment(
  store: Store,
  actor: Actor | null,
  roundId: number,
  commitmentId: number,
  input: Record<string, unknown>,
  options: { submit: boolean },
  now: string,
): Promise<AssessmentResult> {
  const form = await loadAssessment(store, actor, roundId, commitmentId);
  if (form.round.published) throw new AppError('round_closed');
  if (!form.canDraft) throw new AppError('forbidden');
  const checked = checkFields(input, ASSESSMENT_RULES, { partial: true });
  const values: Values = { ...assessmentValues(form.assessment), evidenceIds: form.cited, ...checked.values };
  const ids = values.evidenceIds as number[];
  if (ids.some((id) => !form.evidence.some((e) => e.id === id))) checked.errors.push({ field: 'evidenceIds', code: 'invalid_choice' });
  if (options.submit) {
    const level = values.level;
    if (!level) checked.errors.push({ field: 'level', code: 'required' });
    if ((level === 'not-started' || level === 'limited') && !values.reasons) checked.errors.push({ field: 'reasons', code: 'required' });
    if (level === 'complete' && ids.length === 0) checked.errors.push({ field: 'evidenceIds', code: 'required' });
  }
  const version = form.assessment ? expectedVersion(input) : 0;
  if (form.assessment && version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  // Submitted despite what its facts say only with a reason (decision 039): nothing is saved until it is given.
  const reason = (checked.values.confirmReason as string | null | undefined) ?? null;
  const consistency = options.submit
    ? await consistencyOf(store, { id: commitmentId, plan_id: form.plan.id }, roundId, values.level, reason, now)
    : null;
  if (consistency?.error) return { ok: false, errors: [consistency.error], warnings: consistency.warnings };

  const stage: Stage = options.submit ? 'submitted' : 'draft';
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(
      trx,
      writeContext(actor!, `${options.submit ? 'submit' : 'draft'} assessment of commitment ${form.commitment.number}`, now),
    )
      .forPlan(form.plan.id)
      .forCommitment(commitmentId);
    const row = {
      level: (values.level as string | null) ?? null,
      results: (values.results as string | null) ?? null,
      reasons: (values.reasons as string | null) ?? null,
      next_steps: (values.nextSteps as string | null) ?? null,
      status: stage,
      ...(options.submit
        ? { submitted_at: now, submitted_by: actor!.userId, submit_reason: consistency!.warnings.length > 0 ? reason : null }
        : {}),
    };
    const conflict = async (id: number) => {
      const current = (await workspaceStore.findAssessmentById(trx, id))!;
      return { ok: false as const, conflict: { theirs: assessmentValues(current), mine: checked.values, version: current.version } };
    };
    let assessmentId: number;
    let newVersion: number;
    const stored = await commitmentStore.findAssessment(trx, roundId, commitmentId);
    if (form.assessment) {
      if (!(await workspaceStore.claimVersion(trx, 'assessments', form.assessment.id, version!))) return conflict(form.assessment.id);
      const current = (await workspaceStore.findAssessmentById(trx, form.assessment.id))!;
      // Submitted or approved meanwhile (by a decision that moved no version): not this person's to change now.
      if (current.status !== 'draft' && current.status !== 'returned' && current.status !== 'not-started') throw new AppError('forbidden');
      await w.update('assessments', current, row);
      assessmentId = current.id;
      newVersion = current.version;
    } else if (stored) {
      // Someone else made the first draft while this one was typed.
      return conflict(stored.id);
    } else {
      assessmentId = await w.insert('assessments', {
        round_id: roundId,
        commitment_id: commitmentId,
        lang: 'es',
        additional_info: null,
        review_comment: null,
        ...row,
      });
      newVersion = 1;
    }
    // The evidence cited, as a set: what was unticked goes, what was ticked comes.
    const before = await workspaceStore.listCitedEvidence(trx, assessmentId);
    for (const link of before) if (!ids.includes(link.evidence_id)) await w.remove('assessment_evidence', link);
    for (const id of ids)
      if (!before.some((b) => b.evidence_id === id))
        await w.insert('assessment_evidence', { assessment_id: assessmentId, evidence_id: id });
    if (options.submit) await noticeSubmitted(trx, form.round, form.plan.governmentId, form.commitment, actor!.name, now);
    return { ok: true as const, stage, version: newVersion };
  });
}

export const DECISION_RULES: Record<string, FieldRule> = {
  decision: { type: 'choice', required: true, values: ['approve', 'return'] },
  comment: { type: 'text', max: 5000, multiline: true },
  // Asked only when approving despite consistency warnings; kept with the assessment.
  confirmReason: { type: 'text', max: 2_000, multiline: true },
};

/**
 * The coordinator approves a submitted assessment, or returns it — submitted, or approved by mistake,
 * while the round is open — with a comment saying what to change. Made on the version the coordinator
 * read: if the assessment changed since, the decision is a conflict, never about text they did not see.
 */
export async function decideAssessment(
  store: Store,
  actor: Actor | null,
  roundId: number,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<AssessmentResult> {
  const form = await loadAssessment(store, actor, roundId, commitmentId);
  authorize(actor, 'decide:assessment', { governmentId: form.plan.governmentId });
  if (form.round.published) throw new AppError('round_closed');
  const checked = checkFields(input, DECISION_RULES);
  const decision = checked.values.decision;
  if (decision === 'return' && !checked.values.comment) checked.errors.push({ field: 'comment', code: 'required' });
  const decidable = decision === 'approve' ? form.stage === 'submitted' : form.stage === 'submitted' || form.stage === 'approved';
  if (decision && !decidable) checked.errors.push({ field: 'decision', code: 'invalid_choice' });
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  // Separation of duties (decision 039): who submitted it does not approve it, unless the government allows it.
  if (decision === 'approve' && form.stage === 'submitted' && sameSubmitter(actor, form.assessment) && !form.selfApproval)
    checked.errors.push({ field: 'decision', code: 'same_person' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const reason = (checked.values.confirmReason as string | null) ?? null;
  const consistency =
    decision === 'approve'
      ? await consistencyOf(store, { id: commitmentId, plan_id: form.plan.id }, roundId, form.assessment!.level, reason, now)
      : null;
  if (consistency?.error) return { ok: false, errors: [consistency.error], warnings: consistency.warnings };
  const stage: Stage = decision === 'approve' ? 'approved' : 'returned';
  return writeTransaction(store, async (trx) => {
    if (!(await workspaceStore.claimVersion(trx, 'assessments', form.assessment!.id, version!))) {
      const current = (await workspaceStore.findAssessmentById(trx, form.assessment!.id))!;
      return {
        ok: false as const,
        conflict: { theirs: assessmentValues(current), mine: assessmentValues(form.assessment), version: current.version },
      };
    }
    const current = (await workspaceStore.findAssessmentById(trx, form.assessment!.id))!;
    const w = new AuditedWriter(
      trx,
      writeContext(actor!, `${stage === 'approved' ? 'approve' : 'return'} assessment of commitment ${form.commitment.number}`, now),
    )
      .forPlan(form.plan.id)
      .forCommitment(commitmentId);
    await w.update('assessments', current, {
      status: stage,
      review_comment: (checked.values.comment as string | null) ?? null,
      decided_at: now,
      decided_by: actor!.userId,
      approval_reason: consistency && consistency.warnings.length > 0 ? reason : null,
    });
    if (stage === 'returned') await noticeReturned(trx, form.round, form.commitment, checked.values.comment as string, now);
    return { ok: true as const, stage, version: current.version };
  });
}

/**
 * Publishes the round when it has commitments and every one's assessment is approved: from then on it
 * is public, and frozen. Checked inside the transaction, on what is there then.
 */
export async function publishRound(store: Store, actor: Actor | null, roundId: number, now: string): Promise<void> {
  const { plan } = await loadRound(store, roundId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  await writeTransaction(store, async (trx) => {
    const current = (await planStore.findRound(trx, roundId))!;
    if (current.published) throw new AppError('round_closed');
    const progress = await workspaceStore.roundProgress(trx, roundId, plan.id);
    const missing = progress.filter((r) => r.status !== 'approved').length;
    if (progress.length === 0 || missing > 0) throw new AppError('round_not_ready', { missing });
    const w = new AuditedWriter(trx, writeContext(actor!, `publish round ${current.title}`, now)).forPlan(plan.id);
    await w.update('rounds', current, { published: 1, published_at: now });
    await rebuildSearchIndex(trx, plan.id);
    await noticePublished(trx, current, plan, now);
  });
}

export const CORRECTION_RULES: Record<string, FieldRule> = {
  field: { type: 'choice', required: true, values: ['level', 'results', 'reasons', 'nextSteps'] },
  value: { type: 'text', max: 20_000, multiline: true },
  reason: { type: 'text', required: true, max: 2000, multiline: true },
};

const CORRECTABLE: Record<string, 'level' | 'results' | 'reasons' | 'next_steps'> = {
  level: 'level',
  results: 'results',
  reasons: 'reasons',
  nextSteps: 'next_steps',
};

/**
 * A published round does not change; a mistake found later is corrected by a new entry — what, why,
 * who, when — shown publicly beside the value, which then reads as corrected.
 */
export async function correctAssessment(
  store: Store,
  actor: Actor | null,
  roundId: number,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const { round, plan } = await loadRound(store, roundId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  if (!round.published) throw new AppError('forbidden');
  const assessment = await commitmentStore.findAssessment(store.db, roundId, commitmentId);
  if (!assessment) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const checked = checkFields(input, CORRECTION_RULES);
  if (checked.values.field === 'level') {
    // A level as people write it ("Sustancial", "substantial") or as the data has it.
    const value = checked.values.value;
    const level = typeof value === 'string' ? (isLevel(value) ? value : parseLevel(value)) : null;
    if (level) checked.values.value = level;
    else checked.errors.push({ field: 'value', code: 'invalid_choice' });
  }
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const column = CORRECTABLE[checked.values.field as string]!;
  const c = await loadCommitment(store, commitmentId);
  await writeTransaction(store, async (trx) => {
    const current = (await workspaceStore.findAssessmentById(trx, assessment.id))!;
    const w = new AuditedWriter(trx, writeContext(actor!, `correct published assessment of commitment ${c.number}`, now))
      .forPlan(plan.id)
      .forCommitment(commitmentId);
    await w.insert('assessment_corrections', {
      assessment_id: current.id,
      field: checked.values.field as string,
      before: (current[column] as string | null) ?? null,
      after: (checked.values.value as string | null) ?? null,
      reason: checked.values.reason as string,
      actor: `user:${actor!.userId}`,
      corrected_at: now,
    });
    await w.update('assessments', current, { [column]: (checked.values.value as string | null) ?? null });
    await rebuildSearchIndex(trx, plan.id);
  });
  return { ok: true };
}
