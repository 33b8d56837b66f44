import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/** A commitment's co-leads, contacts and modifications (migration 0019), and the agencies its milestones name. */
type Db = Kysely<Database>;

/** The ids of the commitments an agency leads now, first or as a co-lead (decision 030), as a subquery. */
export function commitmentsLedNowBy(db: Db, agencyId: number) {
  return db
    .selectFrom('commitment_agencies')
    .select('commitment_id')
    .where('agency_id', '=', agencyId)
    .where('valid_to', 'is', null)
    .union(db.selectFrom('commitment_co_leads').select('commitment_id').where('agency_id', '=', agencyId).where('valid_to', 'is', null));
}

/** Every co-lead entry of a commitment, current and past, with the agency's name. */
export function listCoLeadHistory(db: Db, commitmentId: number) {
  return db
    .selectFrom('commitment_co_leads as cl')
    .innerJoin('agencies as ag', 'ag.id', 'cl.agency_id')
    .selectAll('cl')
    .select(['ag.name as agency_name', 'ag.acronym as agency_acronym'])
    .where('cl.commitment_id', '=', commitmentId)
    .orderBy('cl.id')
    .execute();
}

export function listCurrentCoLeadIds(db: Db, commitmentId: number): Promise<number[]> {
  return db
    .selectFrom('commitment_co_leads')
    .select('agency_id')
    .where('commitment_id', '=', commitmentId)
    .where('valid_to', 'is', null)
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => r.agency_id));
}

/** The current co-leads of every commitment of a plan, in the order they were named. */
export function listCurrentCoLeadsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('commitment_co_leads as cl')
    .innerJoin('commitments as c', 'c.id', 'cl.commitment_id')
    .innerJoin('agencies as ag', 'ag.id', 'cl.agency_id')
    .select(['cl.commitment_id', 'ag.id as agency_id', 'ag.name as agency_name', 'ag.acronym as agency_acronym'])
    .where('c.plan_id', '=', planId)
    .where('cl.valid_to', 'is', null)
    .orderBy('cl.id')
    .execute();
}

/** The current co-leads of these commitments, in the order they were named. */
export function listCurrentCoLeadsOf(db: Db, commitmentIds: number[]) {
  if (commitmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('commitment_co_leads as cl')
    .innerJoin('agencies as ag', 'ag.id', 'cl.agency_id')
    .select(['cl.commitment_id', 'ag.id as agency_id', 'ag.name as agency_name', 'ag.acronym as agency_acronym'])
    .where('cl.commitment_id', 'in', commitmentIds)
    .where('cl.valid_to', 'is', null)
    .orderBy('cl.id')
    .execute();
}

export function findCoLead(db: Db, id: number): Promise<Row<'commitment_co_leads'> | undefined> {
  return db.selectFrom('commitment_co_leads').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findContact(db: Db, id: number): Promise<Row<'commitment_contacts'> | undefined> {
  return db.selectFrom('commitment_contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listModifications(db: Db, commitmentId: number): Promise<Row<'commitment_modifications'>[]> {
  return db
    .selectFrom('commitment_modifications')
    .selectAll()
    .where('commitment_id', '=', commitmentId)
    .orderBy('modified_on')
    .orderBy('id')
    .execute();
}

/** Names of agencies by id: a milestone's responsible agency. */
export async function agencyNames(db: Db, ids: number[]): Promise<Map<number, { id: number; name: string; acronym: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('agencies').select(['id', 'name', 'acronym']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The commitments an agency co-leads now (their ids): what its editors may edit besides those it leads first. */
export function listCoLedCommitmentIds(db: Db, agencyId: number): Promise<number[]> {
  return db
    .selectFrom('commitment_co_leads')
    .select('commitment_id')
    .where('agency_id', '=', agencyId)
    .where('valid_to', 'is', null)
    .execute()
    .then((rows) => rows.map((r) => r.commitment_id));
}
