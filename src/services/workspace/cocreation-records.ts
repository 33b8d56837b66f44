import {
  CANDIDATE_RULES,
  checkMinutesUrl,
  FORUM_MEETING_RULES,
  FORUM_MEMBER_RULES,
  PROPOSAL_RULES,
  WORKSHOP_RULES,
} from '../../domain/cocreation-input.js';
import { checkDateOrder, checkFields, expectedVersion, type FieldError, type FieldRule, type Values } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import * as cocreationStore from '../../storage/cocreation.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import { claimVersion } from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import type { SaveResult } from './commitments.js';
import { authorize, writeContext, writeTransaction } from './context.js';

/**
 * Correcting and removing co-creation's and the forum's records (the coordination of the plan's
 * government, can(manage:plan)): workshops, proposals, candidate commitments (while not approved),
 * forum members and meetings. An edit names the version it was made from: an older one is a conflict
 * (409) with what is stored now. A record something depends on is not deleted, and the refusal says
 * what (a workshop with proposals, a proposal grouped into a candidate, an approved candidate).
 * Proposals hold no address of their sender (the rate limit keeps only a hash, in rate_events): nothing private is edited here.
 */

type Db = Store['db'];
export type RecordKind = 'workshop' | 'proposal' | 'candidate' | 'member' | 'meeting';
export const RECORD_KINDS: readonly RecordKind[] = ['workshop', 'proposal', 'candidate', 'member', 'meeting'];

type Table = 'workshops' | 'proposals' | 'candidate_commitments' | 'forum_members' | 'forum_meetings';
/** The columns every record shares; the others are reached through SPEC's field → column maps. */
type AnyRow = { id: number; plan_id: number; version: number } & Record<string, unknown>;

const SPEC: Record<RecordKind, { table: Table; rules: Record<string, FieldRule>; columns: Record<string, string> }> = {
  workshop: {
    table: 'workshops',
    rules: WORKSHOP_RULES,
    columns: { place: 'place', heldOn: 'held_on', sectors: 'sectors', participants: 'participants' },
  },
  proposal: {
    table: 'proposals',
    rules: PROPOSAL_RULES,
    columns: {
      proposalTitle: 'title',
      proposalText: 'body',
      proposer: 'proposer',
      proposerKind: 'proposer_kind',
      sector: 'sector',
      channel: 'channel',
      submittedOn: 'submitted_on',
      workshopId: 'workshop_id',
    },
  },
  candidate: {
    table: 'candidate_commitments',
    rules: CANDIDATE_RULES,
    columns: { candidateTitle: 'title', candidateDescription: 'description' },
  },
  member: {
    table: 'forum_members',
    rules: FORUM_MEMBER_RULES,
    columns: { memberName: 'name', memberSector: 'sector', memberFrom: 'member_from', memberUntil: 'member_until' },
  },
  meeting: {
    table: 'forum_meetings',
    rules: FORUM_MEETING_RULES,
    columns: { meetingDate: 'held_on', agenda: 'agenda', minutesUrl: 'minutes_url', agreements: 'agreements' },
  },
};

const ENTITY: Record<RecordKind, string> = {
  workshop: 'workshop',
  proposal: 'proposal',
  candidate: 'candidate',
  member: 'forum member',
  meeting: 'forum meeting',
};

async function findRow(db: Db, kind: RecordKind, id: number): Promise<AnyRow | undefined> {
  const find = {
    workshop: cocreationStore.findWorkshop,
    proposal: cocreationStore.findProposal,
    candidate: cocreationStore.findCandidate,
    member: cocreationStore.findForumMember,
    meeting: cocreationStore.findForumMeeting,
  }[kind];
  return (await find(db, id)) as AnyRow | undefined;
}

/** The record and its plan, once the person is known to manage the plan; a 404 when there is none. */
async function loadRecord(store: Store, actor: Actor | null, kind: RecordKind, id: number) {
  const row = await findRow(store.db, kind, id);
  if (!row) throw new AppError('not_found', { entity: ENTITY[kind], id });
  const plan = await planStore.findPlan(store.db, row.plan_id);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: row.plan_id });
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  return { row, plan, actor };
}

/** A record's fields as its form names them (a candidate's with the proposals grouped into it). */
async function valuesOf(db: Db, kind: RecordKind, row: AnyRow): Promise<Values> {
  const values: Values = Object.fromEntries(
    Object.entries(SPEC[kind].columns).map(([field, column]) => [field, (row[column] as string | number | null) ?? null]),
  );
  if (kind === 'candidate') values.proposalIds = (await cocreationStore.listProposalsOfCandidate(db, row.id)).map((p) => p.id);
  return values;
}

/** What keeps a record from being deleted. */
export type InUse =
  | { reason: 'workshop_proposals'; count: number }
  | { reason: 'proposal_grouped'; candidate: string; commitmentNumber: number | null }
  | { reason: 'candidate_approved'; commitmentNumber: number | null };

async function commitmentNumber(db: Db, commitmentId: number | null): Promise<number | null> {
  if (commitmentId === null) return null;
  return (await cocreationStore.listCommitmentsById(db, [commitmentId]))[0]?.number ?? null;
}

async function inUse(db: Db, kind: RecordKind, row: AnyRow): Promise<InUse | null> {
  if (kind === 'workshop') {
    const count = await cocreationStore.countProposalsOfWorkshop(db, row.id);
    return count > 0 ? { reason: 'workshop_proposals', count } : null;
  }
  if (kind === 'proposal' && row.candidate_id !== null) {
    const candidate = await cocreationStore.findCandidate(db, row.candidate_id as number);
    if (candidate)
      return {
        reason: 'proposal_grouped',
        candidate: candidate.title,
        commitmentNumber: await commitmentNumber(db, candidate.commitment_id),
      };
  }
  if (kind === 'candidate' && row.commitment_id !== null)
    return { reason: 'candidate_approved', commitmentNumber: await commitmentNumber(db, row.commitment_id as number) };
  return null;
}

export interface RecordForEdit {
  kind: RecordKind;
  id: number;
  plan: { id: number; title: string };
  version: number;
  values: Values;
  /** How the record is named in headings: a workshop's place, a proposal's or candidate's title, a member's name, a meeting's date. */
  name: string;
  /** A candidate approved already: it is the commitment's history now, not edited here. */
  approvedAs: number | null;
  /** What the forms offer: the plan's workshops (a proposal's), the proposals a candidate may group. */
  choices: { workshops: { id: number; place: string; heldOn: string }[]; proposals: { id: number; title: string; proposer: string }[] };
  /** Why it cannot be deleted, if something depends on it. */
  inUse: InUse | null;
}

const nameOf = (kind: RecordKind, row: AnyRow) =>
  String(kind === 'workshop' ? row.place : kind === 'member' ? row.name : kind === 'meeting' ? row.held_on : row.title);

export async function getRecordForEdit(store: Store, actor: Actor | null, kind: RecordKind, id: number): Promise<RecordForEdit> {
  const { row, plan } = await loadRecord(store, actor, kind, id);
  const db = store.db;
  const workshops =
    kind === 'proposal'
      ? (await cocreationStore.listWorkshops(db, plan.id)).map((w) => ({ id: w.id, place: w.place, heldOn: w.held_on }))
      : [];
  // A candidate may group its own proposals and those not grouped yet (and admissible).
  const proposals =
    kind === 'candidate'
      ? (await cocreationStore.listProposals(db, plan.id))
          .filter((p) => p.candidate_id === id || (p.candidate_id === null && p.status === 'received'))
          .map((p) => ({ id: p.id, title: p.title, proposer: p.proposer }))
      : [];
  return {
    kind,
    id,
    plan: { id: plan.id, title: plan.title },
    version: row.version,
    values: await valuesOf(db, kind, row),
    name: nameOf(kind, row),
    approvedAs: kind === 'candidate' && row.commitment_id !== null ? await commitmentNumber(db, row.commitment_id as number) : null,
    choices: { workshops, proposals },
    inUse: await inUse(db, kind, row),
  };
}

/** The record's own checks beyond its field rules; `stored` fills in what a partial save leaves out. */
async function checkRecord(db: Db, kind: RecordKind, row: AnyRow, input: Record<string, unknown>, stored: Values) {
  const checked = checkFields(input, SPEC[kind].rules, { partial: true });
  const v = checked.values;
  if (kind === 'member') checkDateOrder(checked, 'memberFrom', 'memberUntil', stored);
  if (kind === 'meeting') checkMinutesUrl(checked);
  if (kind === 'proposal' && typeof v.workshopId === 'number') {
    const ws = await cocreationStore.findWorkshop(db, v.workshopId);
    if (!ws || ws.plan_id !== row.plan_id) checked.errors.push({ field: 'workshopId', code: 'invalid_choice' });
  }
  if (kind === 'candidate') {
    if (row.commitment_id !== null) checked.errors.push({ field: 'candidateTitle', code: 'already_approved' });
    const ids = v.proposalIds as number[] | undefined;
    if (ids !== undefined && !checked.errors.some((e) => e.field === 'proposalIds')) await checkGrouping(db, row, ids, checked.errors);
  }
  return checked;
}

/** A candidate keeps at least one proposal; each must be the plan's, admissible, and in no other approved candidate. */
async function checkGrouping(db: Db, row: AnyRow, ids: number[], errors: FieldError[]) {
  if (ids.length === 0) return void errors.push({ field: 'proposalIds', code: 'required' });
  const rows = await cocreationStore.listProposalsById(db, ids);
  // One set aside as not admissible is not grouped (a form loaded before it was set aside may still offer it).
  if (rows.length !== ids.length || rows.some((p) => p.plan_id !== row.plan_id || p.status === 'inadmissible'))
    return void errors.push({ field: 'proposalIds', code: 'invalid_choice' });
  const elsewhere = [...new Set(rows.flatMap((p) => (p.candidate_id === null || p.candidate_id === row.id ? [] : [p.candidate_id])))];
  if ((await cocreationStore.countApprovedCandidates(db, elsewhere)) > 0) errors.push({ field: 'proposalIds', code: 'already_approved' });
}

const toColumns = (kind: RecordKind, values: Values) =>
  Object.fromEntries(
    Object.entries(values).flatMap(([field, v]) => (field in SPEC[kind].columns ? [[SPEC[kind].columns[field]!, v]] : [])),
  );

/**
 * Saves the fields sent (a PUT may send only what changes; a form sends them all) if the record is still
 * at the version given; otherwise a conflict with what is stored now.
 */
export async function saveRecord(
  store: Store,
  actor: Actor | null,
  kind: RecordKind,
  id: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { row, actor: who } = await loadRecord(store, actor, kind, id);
  const checked = await checkRecord(store.db, kind, row, input, await valuesOf(store.db, kind, row));
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const { table } = SPEC[kind];
  return writeTransaction(store, async (trx) => {
    if (!(await claimVersion(trx, table, id, version!))) {
      const now = await findRow(trx, kind, id);
      if (!now) throw new AppError('not_found', { entity: ENTITY[kind], id });
      return { ok: false as const, conflict: { theirs: await valuesOf(trx, kind, now), mine: checked.values, version: now.version } };
    }
    const current = (await findRow(trx, kind, id))!;
    // Approved meanwhile (approval does not take the version): the candidate is the commitment's history now.
    if (kind === 'candidate' && current.commitment_id !== null)
      return { ok: false as const, errors: [{ field: 'candidateTitle', code: 'already_approved' as const }] };
    const w = new AuditedWriter(trx, writeContext(who, `edit ${ENTITY[kind]} ${id} of plan ${row.plan_id}`, now)).forPlan(row.plan_id);
    await w.update(table, current as never, toColumns(kind, checked.values) as never);
    const ids = checked.values.proposalIds as number[] | undefined;
    if (kind === 'candidate' && ids !== undefined) {
      // Proposals left out are ungrouped; those added move in from wherever they were (never from an approved candidate: checked above).
      for (const p of await cocreationStore.listProposalsOfCandidate(trx, id))
        if (!ids.includes(p.id)) await w.update('proposals', p, { candidate_id: null });
      for (const p of await cocreationStore.listProposalsById(trx, ids))
        if (p.candidate_id !== id) await w.update('proposals', p, { candidate_id: id });
    }
    return { ok: true as const, version: current.version };
  });
}

export type DeleteResult = { ok: true; planId: number } | { ok: false; planId: number; inUse: InUse };

/**
 * Deletes a record nothing depends on. A candidate not approved may go: its proposals are ungrouped
 * (each change audited). Refused, with the reason: a workshop proposals came from, a proposal grouped
 * into a candidate (ungroup it by editing the candidate first), an approved candidate.
 */
export async function deleteRecord(store: Store, actor: Actor | null, kind: RecordKind, id: number, now: string): Promise<DeleteResult> {
  const { row, actor: who } = await loadRecord(store, actor, kind, id);
  return writeTransaction(store, async (trx) => {
    const current = await findRow(trx, kind, id);
    if (!current) throw new AppError('not_found', { entity: ENTITY[kind], id });
    const refused = await inUse(trx, kind, current);
    if (refused) return { ok: false as const, planId: row.plan_id, inUse: refused };
    const w = new AuditedWriter(trx, writeContext(who, `delete ${ENTITY[kind]} ${id} of plan ${row.plan_id}`, now)).forPlan(row.plan_id);
    if (kind === 'candidate')
      for (const p of await cocreationStore.listProposalsOfCandidate(trx, id)) await w.update('proposals', p, { candidate_id: null });
    await w.remove(SPEC[kind].table, current as never);
    return { ok: true as const, planId: row.plan_id };
  });
}
