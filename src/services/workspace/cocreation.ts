import { isGroupable, smartTotal } from '../../domain/cocreation.js';
import {
  APPROVE_RULES,
  CALL_RULES,
  CANDIDATE_RULES,
  checkMemberDates,
  checkMinutesUrl,
  FORUM_MEETING_RULES,
  FORUM_MEMBER_RULES,
  PRIORITISE_RULES,
  PROPOSAL_RULES,
  PROPOSAL_STATUS_RULES,
  SCORE_RULES,
  WORKSHOP_RULES,
} from '../../domain/cocreation-input.js';
import { checkFields, type FieldError, type Values } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import * as cocreationStore from '../../storage/cocreation.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import { maxCommitmentNumber } from '../../storage/reviews.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import { AuditedWriter } from '../../storage/writer.js';
import { getPlanCocreation, getPlanForum, type ForumView, type PlanCocreation } from '../cocreation.js';
import type { SaveResult } from './commitments.js';
import { authorize, writeContext, writeTransaction } from './context.js';

/**
 * Co-creation and the forum in the workspace: the coordination of the plan's government (can():
 * manage:plan) records workshops and proposals, opens and closes the call, groups proposals into
 * candidate commitments, scores them, prioritises, and approves the final set — which creates the
 * plan's commitments in one transaction. Every write through AuditedWriter.
 */

type Db = Store['db'];

async function loadPlan(store: Store, actor: Actor | null, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  return { plan, actor };
}

const fail = (errors: FieldError[]) => ({ ok: false as const, errors });
const str = (v: Values[string] | undefined) => (typeof v === 'string' ? v : null);
const num = (v: Values[string] | undefined) => (typeof v === 'number' ? v : null);

export interface CocreationWorkspace extends PlanCocreation {
  plan: { id: number; title: string };
  themes: { id: number; title: string }[];
  forum: ForumView;
}

export async function getCocreationWorkspace(store: Store, actor: Actor | null, planId: number): Promise<CocreationWorkspace> {
  const { plan } = await loadPlan(store, actor, planId);
  const themes = (await planStore.listThemes(store.db, planId)).map((t) => ({ id: t.id, title: t.title }));
  return {
    plan: { id: plan.id, title: plan.title },
    themes,
    ...(await getPlanCocreation(store, planId)),
    forum: await getPlanForum(store, planId),
  };
}

export async function setProposalCall(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, CALL_RULES);
  if (checked.errors.length > 0) return fail(checked.errors);
  const open = checked.values.callOpen === 'open' ? 1 : 0;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `${open ? 'open' : 'close'} the call for proposals of plan ${planId}`, now)).forPlan(
      planId,
    );
    const current = await cocreationStore.findCall(trx, planId);
    if (current) await w.update('cocreation_calls', current, { open });
    else await w.insert('cocreation_calls', { plan_id: planId, open });
    return { ok: true as const };
  });
}

export async function addWorkshop(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, WORKSHOP_RULES);
  if (checked.errors.length > 0) return fail(checked.errors);
  const v = checked.values;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `add workshop to plan ${planId}`, now)).forPlan(planId);
    const id = await w.insert('workshops', {
      plan_id: planId,
      place: v.place as string,
      held_on: v.heldOn as string,
      sectors: str(v.sectors),
      participants: num(v.participants),
    });
    return { ok: true as const, id };
  });
}

export async function addProposal(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, PROPOSAL_RULES);
  const v = checked.values;
  const workshopId = num(v.workshopId);
  if (workshopId !== null) {
    const ws = await cocreationStore.findWorkshop(store.db, workshopId);
    if (!ws || ws.plan_id !== planId) checked.errors.push({ field: 'workshopId', code: 'invalid_choice' });
  }
  if (checked.errors.length > 0) return fail(checked.errors);
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `add proposal to plan ${planId}`, now)).forPlan(planId);
    const id = await w.insert('proposals', {
      plan_id: planId,
      workshop_id: workshopId,
      title: v.proposalTitle as string,
      body: v.proposalText as string,
      proposer: v.proposer as string,
      proposer_kind: v.proposerKind as string,
      sector: str(v.sector),
      channel: v.channel as string,
      submitted_on: v.submittedOn as string,
      candidate_id: null,
    });
    return { ok: true as const, id };
  });
}

/**
 * Sets a proposal aside as not admissible (or back to received). A proposal set aside leaves the
 * candidate it was grouped into; one in an approved candidate stays as it is.
 */
export async function setProposalStatus(
  store: Store,
  actor: Actor | null,
  proposalId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const proposal = await cocreationStore.findProposal(store.db, proposalId);
  if (!proposal) throw new AppError('not_found', { entity: 'proposal', id: proposalId });
  const { actor: who } = await loadPlan(store, actor, proposal.plan_id);
  const checked = checkFields(input, PROPOSAL_STATUS_RULES);
  if (checked.errors.length > 0) return fail(checked.errors);
  return writeTransaction(store, async (trx) => {
    const current = (await cocreationStore.findProposal(trx, proposalId))!;
    const candidate = current.candidate_id === null ? undefined : await cocreationStore.findCandidate(trx, current.candidate_id);
    if (candidate?.commitment_id) return fail([{ field: 'proposalStatus', code: 'already_approved' }]);
    const status = checked.values.proposalStatus as string;
    const w = new AuditedWriter(trx, writeContext(who, `set proposal ${proposalId} of plan ${proposal.plan_id} ${status}`, now)).forPlan(
      proposal.plan_id,
    );
    await w.update('proposals', current, status === 'inadmissible' ? { status, candidate_id: null } : { status });
    return { ok: true as const, id: proposalId };
  });
}

/**
 * The ids given must be the plan's, each with a status that allows grouping (one set aside as not
 * admissible is named in the refusal); a proposal already in an approved candidate stays there.
 */
async function groupable(db: Db, planId: number, ids: number[], errors: FieldError[]) {
  const rows = await cocreationStore.listProposalsById(db, ids);
  if (rows.length !== ids.length || rows.some((p) => p.plan_id !== planId)) errors.push({ field: 'proposalIds', code: 'invalid_choice' });
  for (const p of rows)
    if (p.plan_id === planId && !isGroupable(p.status)) errors.push({ field: 'proposalIds', code: 'not_groupable', param: p.title });
  const inCandidates = [...new Set(rows.flatMap((p) => (p.candidate_id === null ? [] : [p.candidate_id])))];
  if ((await cocreationStore.countApprovedCandidates(db, inCandidates)) > 0)
    errors.push({ field: 'proposalIds', code: 'already_approved' });
  return rows;
}

/** A candidate grouping proposals; a proposal grouped before moves into it (each is in one candidate). */
export async function addCandidate(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, CANDIDATE_RULES);
  const ids = (checked.values.proposalIds as number[] | undefined) ?? [];
  if (!checked.errors.some((e) => e.field === 'proposalIds') && ids.length === 0)
    checked.errors.push({ field: 'proposalIds', code: 'required' });
  if (checked.errors.length > 0) return fail(checked.errors);
  return writeTransaction(store, async (trx) => {
    const errors: FieldError[] = [];
    const proposals = await groupable(trx, planId, ids, errors);
    if (errors.length > 0) return fail(errors);
    const w = new AuditedWriter(
      trx,
      writeContext(who, `group ${ids.length} proposals of plan ${planId} into a candidate commitment`, now),
    ).forPlan(planId);
    const id = await w.insert('candidate_commitments', {
      plan_id: planId,
      title: checked.values.candidateTitle as string,
      description: str(checked.values.candidateDescription),
      score_specific: null,
      score_measurable: null,
      score_achievable: null,
      score_relevant: null,
      score_time_bound: null,
      commitment_id: null,
    });
    for (const p of proposals) await w.update('proposals', p, { candidate_id: id });
    return { ok: true as const, id };
  });
}

async function loadCandidate(store: Store, actor: Actor | null, candidateId: number) {
  const candidate = await cocreationStore.findCandidate(store.db, candidateId);
  if (!candidate) throw new AppError('not_found', { entity: 'candidate', id: candidateId });
  const { actor: who } = await loadPlan(store, actor, candidate.plan_id);
  return { candidate, actor: who };
}

export async function getCandidateForScoring(store: Store, actor: Actor | null, candidateId: number) {
  const { candidate } = await loadCandidate(store, actor, candidateId);
  const all = await getPlanCocreation(store, candidate.plan_id);
  const plan = (await planStore.findPlan(store.db, candidate.plan_id))!;
  return {
    plan: { id: plan.id, title: plan.title },
    candidate: all.candidates.find((c) => c.id === candidateId)!,
    proposals: all.proposals.filter((p) => p.candidateId === candidateId),
  };
}

/** The five SMART scores (0–3 each); an approved candidate keeps the scores it was approved with. */
export async function scoreCandidate(
  store: Store,
  actor: Actor | null,
  candidateId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { candidate, actor: who } = await loadCandidate(store, actor, candidateId);
  const checked = checkFields(input, SCORE_RULES);
  if (candidate.commitment_id !== null) checked.errors.push({ field: 'candidateIds', code: 'already_approved' });
  if (checked.errors.length > 0) return fail(checked.errors);
  const v = checked.values;
  return writeTransaction(store, async (trx) => {
    const current = (await cocreationStore.findCandidate(trx, candidateId))!;
    const w = new AuditedWriter(trx, writeContext(who, `score candidate commitment ${candidateId}`, now)).forPlan(candidate.plan_id);
    await w.update('candidate_commitments', current, {
      score_specific: v.specific as number,
      score_measurable: v.measurable as number,
      score_achievable: v.achievable as number,
      score_relevant: v.relevant as number,
      score_time_bound: v.timeBound as number,
    });
    return { ok: true as const, id: candidateId };
  });
}

/** The candidates given are prioritised, the plan's others not (an approved one stays prioritised). */
export async function prioritiseCandidates(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, PRIORITISE_RULES);
  if (checked.errors.length > 0) return fail(checked.errors);
  const ids = new Set((checked.values.candidateIds as number[] | undefined) ?? []);
  return writeTransaction(store, async (trx) => {
    const candidates = await cocreationStore.listCandidates(trx, planId);
    if ([...ids].some((id) => !candidates.some((c) => c.id === id))) return fail([{ field: 'candidateIds', code: 'invalid_choice' }]);
    const w = new AuditedWriter(trx, writeContext(who, `prioritise ${ids.size} candidate commitments of plan ${planId}`, now)).forPlan(
      planId,
    );
    for (const c of candidates)
      await w.update('candidate_commitments', c, { prioritised: ids.has(c.id) || c.commitment_id !== null ? 1 : 0 });
    return { ok: true as const };
  });
}

/**
 * Approves the final set: each candidate given becomes a commitment of the plan, numbered after the
 * plan's last, in the theme chosen, and the candidate points to it (so do its proposals, through it).
 * All or nothing: a candidate not fully scored or already approved refuses the whole set.
 */
export async function approveCandidates(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult & { commitmentIds?: number[] }> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkFields(input, APPROVE_RULES);
  const ids = (checked.values.candidateIds as number[] | undefined) ?? [];
  if (!checked.errors.some((e) => e.field === 'candidateIds') && ids.length === 0)
    checked.errors.push({ field: 'candidateIds', code: 'required' });
  if (checked.errors.length > 0) return fail(checked.errors);
  return writeTransaction(store, async (trx) => {
    const errors: FieldError[] = [];
    // A plan without themes (a new one) gets its first here, named in the form; otherwise one of its themes is chosen.
    const planThemes = await planStore.listThemes(trx, planId);
    const themeId = num(checked.values.approvalThemeId);
    const newTheme = planThemes.length === 0 ? str(checked.values.approvalThemeTitle) : null;
    let theme = themeId === null ? undefined : planThemes.find((t) => t.id === themeId);
    if (planThemes.length === 0 && newTheme === null) errors.push({ field: 'approvalThemeTitle', code: 'required' });
    else if (planThemes.length > 0 && themeId === null) errors.push({ field: 'approvalThemeId', code: 'required' });
    else if (planThemes.length > 0 && !theme) errors.push({ field: 'approvalThemeId', code: 'invalid_choice' });
    const candidates = await cocreationStore.listCandidates(trx, planId);
    const chosen = ids.map((id) => candidates.find((c) => c.id === id));
    if (chosen.some((c) => !c)) errors.push({ field: 'candidateIds', code: 'invalid_choice' });
    else if (chosen.some((c) => c!.commitment_id !== null)) errors.push({ field: 'candidateIds', code: 'already_approved' });
    else if (
      chosen.some(
        (c) =>
          smartTotal({
            specific: c!.score_specific,
            measurable: c!.score_measurable,
            achievable: c!.score_achievable,
            relevant: c!.score_relevant,
            timeBound: c!.score_time_bound,
          }) === null,
      )
    )
      errors.push({ field: 'candidateIds', code: 'not_scored' });
    if (errors.length > 0) return fail(errors);
    const plan = (await planStore.findPlan(trx, planId))!;
    const w = new AuditedWriter(trx, writeContext(who, `approve ${ids.length} candidate commitments of plan ${planId}`, now)).forPlan(
      planId,
    );
    if (newTheme !== null) {
      const id = await w.insert('themes', { plan_id: planId, position: 1, title: newTheme, intro: null, synthesis: null, lang: plan.lang });
      theme = (await planStore.findTheme(trx, id))!;
    }
    let number = await maxCommitmentNumber(trx, planId);
    const commitmentIds: number[] = [];
    for (const c of chosen) {
      const id = await w.forCommitment(null).insert('commitments', {
        plan_id: planId,
        theme_id: theme!.id,
        number: ++number,
        title: c!.title,
        lang: plan.lang,
        problem: null,
        objective: null,
        description: c!.description,
        relevance: null,
        ambition: null,
        additional_info: null,
        other_actors_government: null,
        other_actors_civil_society: null,
        other_fields: null,
        planned_start: null,
        planned_end: null,
        ogp_id: null,
        supporting_institutions: null,
        policy_areas: null,
        continues_id: null,
      });
      await w.forCommitment(id).update('candidate_commitments', c!, { commitment_id: id, prioritised: 1 });
      commitmentIds.push(id);
    }
    await rebuildSearchIndex(trx, planId);
    return { ok: true as const, commitmentIds };
  });
}

// ——— the forum ———

export async function addForumMember(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkMemberDates(checkFields(input, FORUM_MEMBER_RULES));
  if (checked.errors.length > 0) return fail(checked.errors);
  const v = checked.values;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `add forum member to plan ${planId}`, now)).forPlan(planId);
    const id = await w.insert('forum_members', {
      plan_id: planId,
      name: v.memberName as string,
      sector: v.memberSector as string,
      member_from: v.memberFrom as string,
      member_until: str(v.memberUntil),
    });
    return { ok: true as const, id };
  });
}

export async function addForumMeeting(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { actor: who } = await loadPlan(store, actor, planId);
  const checked = checkMinutesUrl(checkFields(input, FORUM_MEETING_RULES));
  if (checked.errors.length > 0) return fail(checked.errors);
  const v = checked.values;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(who, `add forum meeting to plan ${planId}`, now)).forPlan(planId);
    const id = await w.insert('forum_meetings', {
      plan_id: planId,
      held_on: v.meetingDate as string,
      agenda: v.agenda as string,
      minutes_url: str(v.minutesUrl),
      agreements: str(v.agreements),
    });
    return { ok: true as const, id };
  });
}

/** The plan a proposal belongs to (for the form's way back); a 404 when there is none. */
export async function planOfProposal(store: Store, proposalId: number): Promise<number> {
  const p = await cocreationStore.findProposal(store.db, proposalId);
  if (!p) throw new AppError('not_found', { entity: 'proposal', id: proposalId });
  return p.plan_id;
}
