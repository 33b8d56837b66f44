import {
  funnelCounts,
  proposalFate,
  rankCandidates,
  type Funnel,
  type ProposalFate,
  type ProposalStatus,
  type SmartScores,
} from '../domain/cocreation.js';
import { RATE_LIMITS } from '../domain/abuse.js';
import { PUBLIC_PROPOSAL_RULES } from '../domain/cocreation-input.js';
import { checkFields, type FieldError } from '../domain/input.js';
import { AppError } from '../errors.js';
import * as cocreationStore from '../storage/cocreation.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import { planHeading } from './plans.js';
import type { Row } from '../storage/schema.js';
import { AuditedWriter } from '../storage/writer.js';
import { isBot, rateLimitWait } from './abuse.js';
import { writeTransaction } from './workspace/context.js';

/**
 * Co-creation as the public sees it (issue 7): the plan's funnel and workshops, the proposals behind a
 * commitment, what became of each proposal, the forum; and the public proposal form while the call is
 * open, with its abuse limits (honeypot, lengths, the shared rate limit per address and hour).
 */

export interface WorkshopView {
  id: number;
  place: string;
  heldOn: string;
  sectors: string | null;
  participants: number | null;
  proposals: number;
  /** The version an edit is made from (workspace). */
  version: number;
}

export interface ProposalView {
  id: number;
  planId: number;
  title: string;
  text: string;
  proposer: string;
  proposerKind: string;
  sector: string | null;
  channel: string;
  submittedOn: string;
  status: ProposalStatus;
  workshop: { id: number; place: string; heldOn: string } | null;
  candidateId: number | null;
  version: number;
}

export interface CandidateView {
  id: number;
  title: string;
  description: string | null;
  scores: SmartScores;
  total: number | null;
  rank: number | null;
  prioritised: boolean;
  commitment: { id: number; number: number; title: string } | null;
  proposalIds: number[];
  version: number;
}

export interface PlanCocreation {
  callOpen: boolean;
  workshops: WorkshopView[];
  funnel: Funnel;
  /** Ranked by the SMART total (domain/cocreation.ts rankCandidates). */
  candidates: CandidateView[];
  proposals: ProposalView[];
}

const scoresOf = (c: Row<'candidate_commitments'>): SmartScores => ({
  specific: c.score_specific,
  measurable: c.score_measurable,
  achievable: c.score_achievable,
  relevant: c.score_relevant,
  timeBound: c.score_time_bound,
});

function proposalView(p: Row<'proposals'>, workshops: Map<number, Row<'workshops'>>): ProposalView {
  const w = p.workshop_id === null ? undefined : workshops.get(p.workshop_id);
  return {
    id: p.id,
    planId: p.plan_id,
    title: p.title,
    text: p.body,
    proposer: p.proposer,
    proposerKind: p.proposer_kind,
    sector: p.sector,
    channel: p.channel,
    submittedOn: p.submitted_on,
    status: p.status as ProposalStatus,
    workshop: w ? { id: w.id, place: w.place, heldOn: w.held_on } : null,
    candidateId: p.candidate_id,
    version: p.version,
  };
}

async function commitmentsById(store: Store['db'], ids: number[]) {
  const rows = await cocreationStore.listCommitmentsById(store, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function getPlanCocreation(store: Store, planId: number): Promise<PlanCocreation> {
  const db = store.db;
  const [callOpen, workshopRows, proposalRows, candidateRows] = await Promise.all([
    cocreationStore.isCallOpen(db, planId),
    cocreationStore.listWorkshops(db, planId),
    cocreationStore.listProposals(db, planId),
    cocreationStore.listCandidates(db, planId),
  ]);
  const workshops = new Map(workshopRows.map((w) => [w.id, w]));
  const commitments = await commitmentsById(
    db,
    candidateRows.flatMap((c) => (c.commitment_id === null ? [] : [c.commitment_id])),
  );
  const ranked = rankCandidates(candidateRows.map((c) => ({ id: c.id, scores: scoresOf(c), row: c })));
  return {
    callOpen,
    workshops: workshopRows.map((w) => ({
      id: w.id,
      place: w.place,
      heldOn: w.held_on,
      sectors: w.sectors,
      participants: w.participants,
      proposals: proposalRows.filter((p) => p.workshop_id === w.id).length,
      version: w.version,
    })),
    funnel: funnelCounts(
      proposalRows.map((p) => ({ id: p.id, status: p.status as ProposalStatus, candidateId: p.candidate_id })),
      candidateRows.map((c) => ({ id: c.id, prioritised: c.prioritised === 1, commitmentId: c.commitment_id })),
    ),
    candidates: ranked.map(({ candidate: { row: c }, total, rank }) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      scores: scoresOf(c),
      total,
      rank,
      prioritised: c.prioritised === 1,
      commitment: c.commitment_id === null ? null : (commitments.get(c.commitment_id) ?? null),
      proposalIds: proposalRows.filter((p) => p.candidate_id === c.id).map((p) => p.id),
      version: c.version,
    })),
    proposals: proposalRows.map((p) => proposalView(p, workshops)),
  };
}

/** The proposals a commitment came from (none when it was not approved out of co-creation). */
export async function getCommitmentProposals(store: Store, commitmentId: number): Promise<ProposalView[]> {
  const candidate = await cocreationStore.findCandidateOfCommitment(store.db, commitmentId);
  if (!candidate) return [];
  const rows = await cocreationStore.listProposalsOfCandidate(store.db, candidate.id);
  const workshops = new Map((await cocreationStore.listWorkshops(store.db, candidate.plan_id)).map((w) => [w.id, w]));
  return rows.map((p) => proposalView(p, workshops));
}

export interface ProposalPage {
  proposal: ProposalView;
  plan: { id: number; title: string };
  fate: ProposalFate;
  candidate: { id: number; title: string } | null;
  commitment: { id: number; number: number; title: string } | null;
}

export async function getProposalPage(store: Store, proposalId: number): Promise<ProposalPage> {
  const p = await cocreationStore.findProposal(store.db, proposalId);
  if (!p) throw new AppError('not_found', { entity: 'proposal', id: proposalId });
  const plan = (await planStore.findPlan(store.db, p.plan_id))!;
  const candidate = p.candidate_id === null ? undefined : await cocreationStore.findCandidate(store.db, p.candidate_id);
  const workshops = new Map((await cocreationStore.listWorkshops(store.db, p.plan_id)).map((w) => [w.id, w]));
  const fate = proposalFate(
    { id: p.id, status: p.status as ProposalStatus, candidateId: p.candidate_id },
    candidate ? { id: candidate.id, prioritised: candidate.prioritised === 1, commitmentId: candidate.commitment_id } : null,
  );
  const commitment =
    fate.kind === 'approved' ? ((await commitmentsById(store.db, [fate.commitmentId])).get(fate.commitmentId) ?? null) : null;
  const view = proposalView(p, workshops);
  // A proposal set aside as not admissible keeps its place in the count, not its text on the public page.
  if (fate.kind === 'inadmissible') view.text = '';
  return {
    proposal: view,
    plan: { id: plan.id, title: plan.title },
    fate,
    candidate: candidate ? { id: candidate.id, title: candidate.title } : null,
    commitment,
  };
}

/** The public proposal form's facts: the plan (404 when there is none) and whether its call is open. */
export async function getProposalForm(store: Store, planId: number): Promise<{ plan: { id: number; title: string }; open: boolean }> {
  return { plan: await planHeading(store, planId), open: await cocreationStore.isCallOpen(store.db, planId) };
}

// ——— the forum ———

export interface ForumView {
  members: { id: number; name: string; sector: string; from: string; until: string | null; version: number }[];
  meetings: { id: number; heldOn: string; agenda: string; minutesUrl: string | null; agreements: string | null; version: number }[];
}

export async function getPlanForum(store: Store, planId: number): Promise<ForumView> {
  const [members, meetings] = await Promise.all([
    cocreationStore.listForumMembers(store.db, planId),
    cocreationStore.listForumMeetings(store.db, planId),
  ]);
  return {
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      sector: m.sector,
      from: m.member_from,
      until: m.member_until,
      version: m.version,
    })),
    meetings: meetings.map((m) => ({
      id: m.id,
      heldOn: m.held_on,
      agenda: m.agenda,
      minutesUrl: m.minutes_url,
      agreements: m.agreements,
      version: m.version,
    })),
  };
}

// ——— the public proposal form ———

/** Proposals one network address may send per hour (RATE_LIMITS.proposal, the shared limit). */
export const PROPOSALS_PER_HOUR = RATE_LIMITS.proposal.max;

export type PublicProposalResult =
  | { ok: true; id: number }
  | { ok: false; errors: FieldError[] }
  | { ok: false; refused: 'call_closed' | 'honeypot' }
  | { ok: false; refused: 'too_many'; retryAfterSeconds: number };

/**
 * A proposal from the public form: refused when the call is closed, when the honeypot is filled in (a
 * robot; nothing is stored), or when the address sent PROPOSALS_PER_HOUR in the last hour (the shared
 * rate limit, services/abuse.ts); field errors name the field. Stored with channel "web" and the day of
 * `now` (the app's clock), audited as `public:web`.
 */
export async function submitPublicProposal(
  store: Store,
  planId: number,
  input: Record<string, unknown>,
  sender: string,
  now: string,
): Promise<PublicProposalResult> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  if (isBot(input)) return { ok: false, refused: 'honeypot' };
  if (!(await cocreationStore.isCallOpen(store.db, planId))) return { ok: false, refused: 'call_closed' };
  // The rate limit before the fields, counting nothing (the count is taken below, with the proposal).
  const waitFirst = await rateLimitWait(store.db, 'proposal', { ip: sender }, now, { count: false });
  if (waitFirst > 0) return { ok: false, refused: 'too_many', retryAfterSeconds: waitFirst };
  const checked = checkFields(input, PUBLIC_PROPOSAL_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    if (!(await cocreationStore.isCallOpen(trx, planId))) return { ok: false as const, refused: 'call_closed' as const };
    // Counted inside the write transaction: a proposal that fails to be stored is not counted.
    const wait = await rateLimitWait(trx, 'proposal', { ip: sender }, now);
    if (wait > 0) return { ok: false as const, refused: 'too_many' as const, retryAfterSeconds: wait };
    const v = checked.values;
    const w = new AuditedWriter(trx, { actor: 'public:web', at: now, context: `public proposal to plan ${planId}` }).forPlan(planId);
    const id = await w.insert('proposals', {
      plan_id: planId,
      workshop_id: null,
      title: v.proposalTitle as string,
      body: v.proposalText as string,
      proposer: v.proposer as string,
      proposer_kind: v.proposerKind as string,
      sector: (v.sector as string | null) ?? null,
      channel: 'web',
      submitted_on: now.slice(0, 10),
      candidate_id: null,
    });
    return { ok: true as const, id };
  });
}
