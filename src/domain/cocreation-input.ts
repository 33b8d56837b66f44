import { FORUM_SECTORS, isWebAddress, PROPOSAL_CHANNELS, PROPOSAL_STATUSES, PROPOSER_KINDS, SMART_MAX, SMART_MIN } from './cocreation.js';
import { checkDateOrder, type Checked, type FieldRule } from './input.js';

/**
 * What a person may send about co-creation and the forum (checked by domain/input.ts `checkFields`).
 * Field names are unique across the workspace's forms: an error names its field by one table of
 * labels (i18n/cocreation.ts).
 */
const ID = { type: 'int', min: 1, max: 2_147_483_647 } as const;
const SCORE = { type: 'int', required: true, min: SMART_MIN, max: SMART_MAX } as const;

export const WORKSHOP_RULES: Record<string, FieldRule> = {
  place: { type: 'text', required: true, max: 200 },
  heldOn: { type: 'date', required: true },
  sectors: { type: 'text', max: 500 },
  participants: { type: 'int', min: 0, max: 100_000 },
};

/** A proposal as the coordinator records it (from a workshop or a written submission). */
export const PROPOSAL_RULES: Record<string, FieldRule> = {
  proposalTitle: { type: 'text', required: true, max: 300 },
  proposalText: { type: 'text', required: true, max: 5000, multiline: true },
  proposer: { type: 'text', required: true, max: 200 },
  proposerKind: { type: 'choice', required: true, values: PROPOSER_KINDS },
  sector: { type: 'text', max: 200 },
  channel: { type: 'choice', required: true, values: PROPOSAL_CHANNELS },
  submittedOn: { type: 'date', required: true },
  workshopId: ID,
};

/**
 * The public form: no channel or date (web, today) and no workshop. `website` is the honeypot, a field
 * hidden from people: anything in it is a robot's. Shorter limits than the coordinator's (a visitor
 * writes one idea; a workshop's minutes may be longer).
 */
export const PUBLIC_PROPOSAL_RULES: Record<string, FieldRule> = {
  proposalTitle: { type: 'text', required: true, max: 200 },
  proposalText: { type: 'text', required: true, max: 3000, multiline: true },
  proposer: { type: 'text', required: true, max: 200 },
  proposerKind: { type: 'choice', required: true, values: PROPOSER_KINDS },
  sector: { type: 'text', max: 200 },
  website: { type: 'text', max: 500 },
};

export const CANDIDATE_RULES: Record<string, FieldRule> = {
  candidateTitle: { type: 'text', required: true, max: 500 },
  candidateDescription: { type: 'text', max: 5000, multiline: true },
  proposalIds: { type: 'ids', max: 500 },
};

export const SCORE_RULES: Record<string, FieldRule> = {
  specific: SCORE,
  measurable: SCORE,
  achievable: SCORE,
  relevant: SCORE,
  timeBound: SCORE,
};

export const PRIORITISE_RULES: Record<string, FieldRule> = {
  candidateIds: { type: 'ids', max: 1000 },
};

/** The theme the approved commitments go into: one of the plan's, or — a new plan has none — a first one named here. */
export const APPROVE_RULES: Record<string, FieldRule> = {
  candidateIds: { type: 'ids', max: 1000 },
  approvalThemeId: ID,
  approvalThemeTitle: { type: 'text', max: 300 },
};

/** The coordinator sets a proposal aside as not admissible (spam, off topic), or back. */
export const PROPOSAL_STATUS_RULES: Record<string, FieldRule> = {
  proposalStatus: { type: 'choice', required: true, values: PROPOSAL_STATUSES },
};

export const CALL_RULES: Record<string, FieldRule> = {
  callOpen: { type: 'choice', required: true, values: ['open', 'closed'] },
};

export const FORUM_MEMBER_RULES: Record<string, FieldRule> = {
  memberName: { type: 'text', required: true, max: 300 },
  memberSector: { type: 'choice', required: true, values: FORUM_SECTORS },
  memberFrom: { type: 'date', required: true },
  memberUntil: { type: 'date' },
};

export const FORUM_MEETING_RULES: Record<string, FieldRule> = {
  meetingDate: { type: 'date', required: true },
  agenda: { type: 'text', required: true, max: 5000, multiline: true },
  minutesUrl: { type: 'text', max: 2000 },
  agreements: { type: 'text', max: 10_000, multiline: true },
};

/** A member leaves on or after joining. */
export function checkMemberDates(checked: Checked): Checked {
  return checkDateOrder(checked, 'memberFrom', 'memberUntil');
}

/** A minutes link is a web address (http/https), never javascript: or data:. */
export function checkMinutesUrl(checked: Checked): Checked {
  const url = checked.values.minutesUrl;
  if (typeof url === 'string' && !isWebAddress(url)) checked.errors.push({ field: 'minutesUrl', code: 'invalid_url' });
  return checked;
}
