import { checkFields, expectedVersion, type FieldError, type FieldRule, type Values } from '../../domain/input.js';
import { isLevel, LEVELS, type Level } from '../../domain/levels.js';
import type { Actor } from '../../domain/roles.js';
import { ROUND_KINDS, type RoundKind } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import * as C from '../../storage/commitments.js';
import type { Store } from '../../storage/connect.js';
import * as P from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import * as W from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import { authorize, loadCommitment, writeContext } from './context.js';

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
};

export const ASSESSMENT_RULES: Record<string, FieldRule> = {
  level: { type: 'choice', values: LEVELS },
  results: { type: 'text', max: 20_000, multiline: true },
  reasons: { type: 'text', max: 10_000, multiline: true },
  nextSteps: { type: 'text', max: 10_000, multiline: true },
  evidenceIds: { type: 'ids', max: 100 },
};

const ROUND_TITLES: Record<RoundKind, string> = { midterm: 'Evaluación intermedia', 'end-of-term': 'Evaluación final', periodic: 'Evaluación periódica' };

async function loadPlan(store: Store, planId: number) {
  const plan = await P.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return plan;
}

async function loadRound(store: Store, roundId: number) {
  const round = await P.findRound(store.db, roundId);
  if (!round) throw new AppError('not_found', { entity: 'round', id: roundId });
  const plan = (await P.findPlan(store.db, round.plan_id))!;
  return { round, plan };
}

export async function openRound(store: Store, actor: Actor | null, planId: number, input: Record<string, unknown>): Promise<{ ok: true; id: number } | { ok: false; errors: FieldError[] }> {
  const plan = await loadPlan(store, planId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  const checked = checkFields(input, ROUND_RULES);
  if (await W.findOpenRound(store.db, planId)) checked.errors.push({ field: 'kind', code: 'round_open' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const kind = checked.values.kind as RoundKind;
  const id = await store.db.transaction().execute(async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `open ${kind} round`)).forPlan(planId);
    return w.insert('rounds', {
      plan_id: planId,
      position: (await W.maxRoundPosition(trx, planId)) + 1,
      kind,
      title: (checked.values.title as string | null) ?? ROUND_TITLES[kind],
      lang: plan.lang,
      cutoff_date: checked.values.cutoffDate as string,
      published: 0,
      published_at: null,
    });
  });
  return { ok: true, id };
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
  round: Row<'rounds'>;
  plan: { id: number; title: string; governmentId: number };
  rows: BoardRow[];
  counts: Record<Stage, number>;
  canDecide: boolean;
  /** The round can be published: every commitment's assessment is approved. */
  ready: boolean;
}

/** Where each commitment of a round stands. An agency editor sees its own commitments only. */
export async function getRoundBoard(store: Store, actor: Actor | null, roundId: number): Promise<RoundBoard> {
  const { round, plan } = await loadRound(store, roundId);
  if (!actor) throw new AppError('unauthenticated');
  const coordinatorOrReviewer = (actor.role === 'coordinator' || actor.role === 'reviewer') && (actor.governmentId === plan.government_id || (actor.role === 'reviewer' && actor.governmentId === null));
  if (!coordinatorOrReviewer && actor.role !== 'agency-editor') throw new AppError('forbidden');
  const all = await W.roundProgress(store.db, roundId, plan.id);
  const rows: BoardRow[] = all
    .filter((r) => coordinatorOrReviewer || (actor.role === 'agency-editor' && r.agency_id === actor.agencyId))
    .map((r) => ({
      commitmentId: r.id,
      number: r.number,
      title: r.title,
      agency: r.agency_id ? { id: r.agency_id, name: r.agency_name!, acronym: r.agency_acronym } : null,
      stage: (r.status as Stage | null) ?? 'not-started',
      level: isLevel(r.level) ? r.level : null,
      updatedAt: r.updated_at,
      canDraft: !round.published && (actor.role === 'coordinator' ? actor.governmentId === plan.government_id : actor.role === 'agency-editor' && r.agency_id === actor.agencyId),
    }));
  if (rows.length === 0 && !coordinatorOrReviewer) throw new AppError('forbidden');
  const counts: Record<Stage, number> = { 'not-started': 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
  for (const r of rows) counts[r.stage]++;
  const canDecide = actor.role === 'coordinator' && actor.governmentId === plan.government_id;
  return {
    round,
    plan: { id: plan.id, title: plan.title, governmentId: plan.government_id },
    rows,
    counts,
    canDecide,
    ready: canDecide && all.every((r) => r.status === 'approved'),
  };
}

export interface AssessmentForm {
  round: Row<'rounds'>;
  plan: { id: number; title: string };
  commitment: { id: number; number: number; title: string };
  assessment: Row<'assessments'> | null;
  values: Values;
  cited: number[];
  evidence: { id: number; url: string | null; description: string | null; activityNumber: number | null }[];
  stage: Stage;
  canDraft: boolean;
  canDecide: boolean;
  /** A coordinator may correct a published assessment (a visible entry). */
  canCorrect: boolean;
}

function assessmentValues(a: Row<'assessments'> | undefined | null): Values {
  return { level: a?.level ?? null, results: a?.results ?? null, reasons: a?.reasons ?? null, nextSteps: a?.next_steps ?? null };
}

/** An assessment as the one who drafts it, or the coordinator who decides it, sees it. */
export async function getAssessmentForm(store: Store, actor: Actor | null, roundId: number, commitmentId: number): Promise<AssessmentForm> {
  const { round, plan } = await loadRound(store, roundId);
  const c = await loadCommitment(store, commitmentId);
  if (c.plan_id !== plan.id) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  authorize(actor, 'read:drafts', c.subject);
  const assessment = (await C.findAssessment(store.db, roundId, commitmentId)) ?? null;
  const evidence = await C.listEvidence(store.db, commitmentId);
  const activities = await C.listActivities(store.db, commitmentId);
  const numberOf = new Map(activities.map((a) => [a.id, a.number]));
  const cited = assessment ? (await W.listCitedEvidence(store.db, assessment.id)).map((x) => x.evidence_id) : [];
  const stage = (assessment?.status as Stage | undefined) ?? 'not-started';
  const open = !round.published;
  return {
    round,
    plan: { id: plan.id, title: plan.title },
    commitment: { id: c.id, number: c.number, title: c.title },
    assessment,
    values: assessmentValues(assessment),
    cited,
    evidence: evidence.map((e) => ({ id: e.id, url: e.url, description: e.description, activityNumber: e.activity_id ? (numberOf.get(e.activity_id) ?? null) : null })),
    stage,
    canDraft: open && (stage === 'not-started' || stage === 'draft' || stage === 'returned') && (actor!.role === 'agency-editor' || actor!.role === 'coordinator') && canDraftFor(actor!, c.subject),
    canDecide: open && stage === 'submitted' && actor!.role === 'coordinator' && actor!.governmentId === c.government_id,
    canCorrect: !open && assessment !== null && actor!.role === 'coordinator' && actor!.governmentId === c.government_id,
  };
}

function canDraftFor(actor: Actor, subject: { governmentId: number; agencyId: number | null }): boolean {
  return actor.role === 'coordinator' ? actor.governmentId === subject.governmentId : actor.agencyId !== null && actor.agencyId === subject.agencyId;
}

export type AssessmentResult = { ok: true; stage: Stage; version?: number } | { ok: false; errors: FieldError[] } | { ok: false; conflict: { theirs: Values; mine: Values; version: number } };

/**
 * Saves the draft of an assessment; with `submit`, also checks what a submission needs (a level;
 * reasons when it is No iniciado or Limitado; at least one piece of evidence cited when Completo) and
 * hands it to the coordinator.
 */
export async function saveAssessment(store: Store, actor: Actor | null, roundId: number, commitmentId: number, input: Record<string, unknown>, options: { submit: boolean }): Promise<AssessmentResult> {
  const form = await getAssessmentForm(store, actor, roundId, commitmentId);
  authorize(actor, 'draft:assessment', (await loadCommitment(store, commitmentId)).subject);
  if (form.round.published) throw new AppError('round_closed');
  if (!form.canDraft) throw new AppError('forbidden');
  const checked = checkFields(input, ASSESSMENT_RULES);
  const ids = (checked.values.evidenceIds as number[] | undefined) ?? [];
  if (ids.some((id) => !form.evidence.some((e) => e.id === id))) checked.errors.push({ field: 'evidenceIds', code: 'invalid_choice' });
  if (options.submit) {
    const level = checked.values.level;
    if (!level) checked.errors.push({ field: 'level', code: 'required' });
    if ((level === 'not-started' || level === 'limited') && !checked.values.reasons) checked.errors.push({ field: 'reasons', code: 'required' });
    if (level === 'complete' && ids.length === 0) checked.errors.push({ field: 'evidenceIds', code: 'required' });
  }
  const version = form.assessment ? expectedVersion(input) : 0;
  if (form.assessment && version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };

  const stage: Stage = options.submit ? 'submitted' : 'draft';
  const c = await loadCommitment(store, commitmentId);
  return store.db.transaction().execute(async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor!, `${options.submit ? 'submit' : 'draft'} assessment of commitment ${c.number}`)).forPlan(c.plan_id).forCommitment(commitmentId);
    const now = new Date().toISOString();
    const values = {
      level: (checked.values.level as string | null) ?? null,
      results: (checked.values.results as string | null) ?? null,
      reasons: (checked.values.reasons as string | null) ?? null,
      next_steps: (checked.values.nextSteps as string | null) ?? null,
      status: stage,
      ...(options.submit ? { submitted_at: now, submitted_by: actor!.userId } : {}),
    };
    let assessmentId: number;
    if (form.assessment) {
      if (!(await W.claimVersion(trx, 'assessments', form.assessment.id, version!))) {
        const current = (await W.findAssessmentById(trx, form.assessment.id))!;
        return { ok: false as const, conflict: { theirs: assessmentValues(current), mine: checked.values, version: current.version } };
      }
      const current = (await W.findAssessmentById(trx, form.assessment.id))!;
      await w.update('assessments', current, values);
      assessmentId = current.id;
    } else {
      assessmentId = await w.insert('assessments', { round_id: roundId, commitment_id: commitmentId, lang: 'es', additional_info: null, review_comment: null, ...values });
    }
    // The evidence cited, as a set: what was unticked goes, what was ticked comes.
    const before = await W.listCitedEvidence(trx, assessmentId);
    for (const link of before) if (!ids.includes(link.evidence_id)) await w.remove('assessment_evidence', link);
    for (const id of ids) if (!before.some((b) => b.evidence_id === id)) await w.insert('assessment_evidence', { assessment_id: assessmentId, evidence_id: id });
    return { ok: true as const, stage, version: form.assessment ? version! + 1 : 1 };
  });
}

/** The coordinator approves a submitted assessment, or returns it with a comment saying what to change. */
export async function decideAssessment(store: Store, actor: Actor | null, roundId: number, commitmentId: number, input: Record<string, unknown>): Promise<AssessmentResult> {
  const form = await getAssessmentForm(store, actor, roundId, commitmentId);
  authorize(actor, 'decide:assessment', (await loadCommitment(store, commitmentId)).subject);
  if (form.round.published) throw new AppError('round_closed');
  const checked = checkFields(input, { decision: { type: 'choice', required: true, values: ['approve', 'return'] }, comment: { type: 'text', max: 5000, multiline: true } });
  if (checked.values.decision === 'return' && !checked.values.comment) checked.errors.push({ field: 'comment', code: 'required' });
  if (form.stage !== 'submitted') checked.errors.push({ field: 'decision', code: 'invalid_choice' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const stage: Stage = checked.values.decision === 'approve' ? 'approved' : 'returned';
  const c = await loadCommitment(store, commitmentId);
  await store.db.transaction().execute(async (trx) => {
    const current = (await W.findAssessmentById(trx, form.assessment!.id))!;
    const w = new AuditedWriter(trx, writeContext(actor!, `${stage === 'approved' ? 'approve' : 'return'} assessment of commitment ${c.number}`)).forPlan(c.plan_id).forCommitment(commitmentId);
    await w.update('assessments', current, {
      status: stage,
      review_comment: (checked.values.comment as string | null) ?? null,
      decided_at: new Date().toISOString(),
      decided_by: actor!.userId,
    });
  });
  return { ok: true, stage };
}

/** Publishes the round when every commitment's assessment is approved: from then on it is public, and frozen. */
export async function publishRound(store: Store, actor: Actor | null, roundId: number): Promise<void> {
  const { round, plan } = await loadRound(store, roundId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  if (round.published) throw new AppError('round_closed');
  const progress = await W.roundProgress(store.db, roundId, plan.id);
  const missing = progress.filter((r) => r.status !== 'approved').length;
  if (missing > 0) throw new AppError('round_not_ready', { missing });
  await store.db.transaction().execute(async (trx) => {
    const current = (await P.findRound(trx, roundId))!;
    const w = new AuditedWriter(trx, writeContext(actor!, `publish round ${round.title}`)).forPlan(plan.id);
    await w.update('rounds', current, { published: 1, published_at: new Date().toISOString() });
    await rebuildSearchIndex(trx, plan.id);
  });
}

export const CORRECTION_RULES: Record<string, FieldRule> = {
  field: { type: 'choice', required: true, values: ['level', 'results', 'reasons', 'nextSteps'] },
  value: { type: 'text', max: 20_000, multiline: true },
  reason: { type: 'text', required: true, max: 2000, multiline: true },
};

const CORRECTABLE: Record<string, 'level' | 'results' | 'reasons' | 'next_steps'> = { level: 'level', results: 'results', reasons: 'reasons', nextSteps: 'next_steps' };

/**
 * A published round does not change; a mistake found later is corrected by a new entry — what, why,
 * who, when — shown publicly beside the value, which then reads as corrected.
 */
export async function correctAssessment(store: Store, actor: Actor | null, roundId: number, commitmentId: number, input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const { round, plan } = await loadRound(store, roundId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  if (!round.published) throw new AppError('forbidden');
  const assessment = await C.findAssessment(store.db, roundId, commitmentId);
  if (!assessment) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const checked = checkFields(input, CORRECTION_RULES);
  if (checked.values.field === 'level' && !isLevel(checked.values.value)) checked.errors.push({ field: 'value', code: 'invalid_choice' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const column = CORRECTABLE[checked.values.field as string]!;
  const c = await loadCommitment(store, commitmentId);
  await store.db.transaction().execute(async (trx) => {
    const current = (await W.findAssessmentById(trx, assessment.id))!;
    const w = new AuditedWriter(trx, writeContext(actor!, `correct published assessment of commitment ${c.number}`)).forPlan(plan.id).forCommitment(commitmentId);
    await w.insert('assessment_corrections', {
      assessment_id: current.id,
      field: checked.values.field as string,
      before: (current[column] as string | null) ?? null,
      after: (checked.values.value as string | null) ?? null,
      reason: checked.values.reason as string,
      actor: `user:${actor!.userId}`,
      corrected_at: new Date().toISOString(),
    });
    await w.update('assessments', current, { [column]: (checked.values.value as string | null) ?? null });
    await rebuildSearchIndex(trx, plan.id);
  });
  return { ok: true };
}
