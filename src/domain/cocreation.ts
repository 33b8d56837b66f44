/**
 * Co-creation of a plan (issue 7): proposals received in workshops, on the web and in writing are
 * grouped into candidate commitments, each candidate is scored on the SMART criteria, the candidates
 * are ranked, some prioritised, and the final set approved as the plan's commitments. Pure: the
 * scores' total and the ranking, the funnel's counts, and what became of one proposal.
 */

export const PROPOSAL_CHANNELS = ['workshop', 'web', 'written'] as const;
export type ProposalChannel = (typeof PROPOSAL_CHANNELS)[number];

export const PROPOSER_KINDS = ['person', 'organisation'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];

/** A proposal is received; the coordinator may set one aside as not admissible (spam, off topic). */
export const PROPOSAL_STATUSES = ['received', 'inadmissible'] as const;
/** Only a proposal received (admitted) can be grouped into a candidate commitment. */
export const isGroupable = (status: string): boolean => status === 'received';
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const FORUM_SECTORS = ['government', 'civil-society', 'private', 'academia', 'international', 'other'] as const;

/** The five SMART criteria, in the order the methodology names them. */
export const SMART_CRITERIA = ['specific', 'measurable', 'achievable', 'relevant', 'timeBound'] as const;
export type SmartCriterion = (typeof SMART_CRITERIA)[number];

/**
 * The scale of each criterion: 0 does not meet it, 1 meets it poorly, 2 meets it, 3 meets it fully.
 * The total is their sum, 0–15. A four-step scale (no middle) makes the scorer take a side.
 */
export const SMART_MIN = 0;
export const SMART_MAX = 3;
export const SMART_TOTAL_MAX = SMART_MAX * SMART_CRITERIA.length;

export type SmartScores = Record<SmartCriterion, number | null>;

/** The total of a candidate's scores; null until every criterion has been scored. */
export function smartTotal(scores: SmartScores): number | null {
  let total = 0;
  for (const k of SMART_CRITERIA) {
    const v = scores[k];
    if (v === null || !Number.isInteger(v) || v < SMART_MIN || v > SMART_MAX) return null;
    total += v;
  }
  return total;
}

export interface RankableCandidate {
  id: number;
  scores: SmartScores;
}

export interface Ranked<T> {
  candidate: T;
  total: number | null;
  /** 1, 2, 3…; equal candidates get consecutive ranks by the tie-breaks; unscored ones have none. */
  rank: number | null;
}

/**
 * Ranks candidates by their SMART total, highest first. Ties: the higher lowest criterion first (a
 * candidate with no weak side before an uneven one of the same total), then the higher score in
 * "relevante" (what the commitment is for), then the candidate recorded first (lower id) — so the
 * order never depends on how the database returned the rows. Candidates not fully scored come last,
 * by id, without a rank.
 */
export function rankCandidates<T extends RankableCandidate>(candidates: readonly T[]): Ranked<T>[] {
  const withTotal = candidates.map((candidate) => ({ candidate, total: smartTotal(candidate.scores) }));
  const lowest = (c: RankableCandidate) => Math.min(...SMART_CRITERIA.map((k) => c.scores[k] ?? 0));
  const scored = withTotal.filter((x) => x.total !== null);
  const unscored = withTotal.filter((x) => x.total === null);
  scored.sort(
    (a, b) =>
      b.total! - a.total! ||
      lowest(b.candidate) - lowest(a.candidate) ||
      (b.candidate.scores.relevant ?? 0) - (a.candidate.scores.relevant ?? 0) ||
      a.candidate.id - b.candidate.id,
  );
  unscored.sort((a, b) => a.candidate.id - b.candidate.id);
  return [...scored.map((x, i) => ({ ...x, rank: i + 1 })), ...unscored.map((x) => ({ ...x, rank: null }))];
}

// ——— the funnel ———

export interface FunnelProposal {
  id: number;
  status: ProposalStatus;
  candidateId: number | null;
}

export interface FunnelCandidate {
  id: number;
  prioritised: boolean;
  commitmentId: number | null;
}

export interface Funnel {
  proposals: number;
  candidates: number;
  prioritised: number;
  approved: number;
  /** Received proposals not (yet) grouped into any candidate. */
  notGrouped: number;
  inadmissible: number;
}

/**
 * The funnel's counts: proposals received (admissible), candidate commitments they were grouped into,
 * candidates prioritised, candidates approved as commitments. An approved candidate counts as
 * prioritised too (it passed that step), whether or not the flag was set before approval.
 */
export function funnelCounts(proposals: readonly FunnelProposal[], candidates: readonly FunnelCandidate[]): Funnel {
  const admissible = proposals.filter((p) => p.status === 'received');
  return {
    proposals: admissible.length,
    candidates: candidates.length,
    prioritised: candidates.filter((c) => c.prioritised || c.commitmentId !== null).length,
    approved: candidates.filter((c) => c.commitmentId !== null).length,
    notGrouped: admissible.filter((p) => p.candidateId === null).length,
    inadmissible: proposals.length - admissible.length,
  };
}

// ——— what became of a proposal ———

export type ProposalFate =
  | { kind: 'inadmissible' }
  | { kind: 'not-grouped' }
  /** Grouped into a candidate that was approved as commitment `commitmentId`. */
  | { kind: 'approved'; candidateId: number; commitmentId: number }
  /** Grouped into a candidate that was prioritised but is not (or not yet) approved. */
  | { kind: 'prioritised'; candidateId: number }
  /** Grouped into a candidate that was not prioritised. */
  | { kind: 'not-prioritised'; candidateId: number };

export function proposalFate(proposal: FunnelProposal, candidate: FunnelCandidate | null): ProposalFate {
  if (proposal.status === 'inadmissible') return { kind: 'inadmissible' };
  if (proposal.candidateId === null || !candidate || candidate.id !== proposal.candidateId) return { kind: 'not-grouped' };
  if (candidate.commitmentId !== null) return { kind: 'approved', candidateId: candidate.id, commitmentId: candidate.commitmentId };
  if (candidate.prioritised) return { kind: 'prioritised', candidateId: candidate.id };
  return { kind: 'not-prioritised', candidateId: candidate.id };
}

// ——— the forum ———

/** Minutes are linked, never embedded: only http and https addresses (no javascript:, data:…). */
export function isWebAddress(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
