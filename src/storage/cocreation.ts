import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** Co-creation's and the forum's queries (migration 0012). */
type Db = Kysely<Database>;

export async function isCallOpen(db: Db, planId: number): Promise<boolean> {
  const row = await findCall(db, planId);
  return row?.open === 1;
}

export function findCall(db: Db, planId: number): Promise<Row<'cocreation_calls'> | undefined> {
  return db.selectFrom('cocreation_calls').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}

export function listWorkshops(db: Db, planId: number): Promise<Row<'workshops'>[]> {
  return db.selectFrom('workshops').selectAll().where('plan_id', '=', planId).orderBy('held_on').orderBy('id').execute();
}

export function findWorkshop(db: Db, id: number): Promise<Row<'workshops'> | undefined> {
  return db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listProposals(db: Db, planId: number): Promise<Row<'proposals'>[]> {
  return db.selectFrom('proposals').selectAll().where('plan_id', '=', planId).orderBy('submitted_on').orderBy('id').execute();
}

export function findProposal(db: Db, id: number): Promise<Row<'proposals'> | undefined> {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCandidates(db: Db, planId: number): Promise<Row<'candidate_commitments'>[]> {
  return db.selectFrom('candidate_commitments').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}

export function findCandidate(db: Db, id: number): Promise<Row<'candidate_commitments'> | undefined> {
  return db.selectFrom('candidate_commitments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The candidate a commitment was approved from, if it came out of co-creation. */
export function findCandidateOfCommitment(db: Db, commitmentId: number): Promise<Row<'candidate_commitments'> | undefined> {
  return db.selectFrom('candidate_commitments').selectAll().where('commitment_id', '=', commitmentId).executeTakeFirst();
}

export function listProposalsOfCandidate(db: Db, candidateId: number): Promise<Row<'proposals'>[]> {
  return db.selectFrom('proposals').selectAll().where('candidate_id', '=', candidateId).orderBy('id').execute();
}

export function listForumMembers(db: Db, planId: number): Promise<Row<'forum_members'>[]> {
  return db.selectFrom('forum_members').selectAll().where('plan_id', '=', planId).orderBy('member_from').orderBy('id').execute();
}

export function listForumMeetings(db: Db, planId: number): Promise<Row<'forum_meetings'>[]> {
  return db.selectFrom('forum_meetings').selectAll().where('plan_id', '=', planId).orderBy('held_on').orderBy('id').execute();
}

export function listCommitmentsById(db: Db, ids: number[]) {
  return ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom('commitments').select(['id', 'number', 'title']).where('id', 'in', ids).execute();
}

export function listProposalsById(db: Db, ids: number[]): Promise<Row<'proposals'>[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.selectFrom('proposals').selectAll().where('id', 'in', ids).execute();
}

/** How many of these candidates were approved already (have become commitments). */
export async function countApprovedCandidates(db: Db, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return (await db.selectFrom('candidate_commitments').select('id').where('id', 'in', ids).where('commitment_id', 'is not', null).execute())
    .length;
}

export function findForumMember(db: Db, id: number): Promise<Row<'forum_members'> | undefined> {
  return db.selectFrom('forum_members').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findForumMeeting(db: Db, id: number): Promise<Row<'forum_meetings'> | undefined> {
  return db.selectFrom('forum_meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many proposals were recorded as coming from a workshop (what keeps it from being deleted). */
export async function countProposalsOfWorkshop(db: Db, workshopId: number): Promise<number> {
  const row = await db
    .selectFrom('proposals')
    .select(db.fn.countAll<number>().as('n'))
    .where('workshop_id', '=', workshopId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
