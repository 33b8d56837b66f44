import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { commitmentsLedNowBy } from './commitment-template.js';

type Db = Kysely<Database>;

/**
 * Every column that names an agency — every foreign key to agencies.id. Merging two agencies moves each
 * of these to the agency kept; test/workspace/agency-merge.test.ts asks the database for its foreign keys
 * and fails when a migration adds one that is not listed here.
 */
export const AGENCY_REFERENCES = [
  { table: 'commitment_agencies', column: 'agency_id' },
  { table: 'users', column: 'agency_id' },
  { table: 'indicators', column: 'agency_id' },
  { table: 'alerts', column: 'agency_id' },
  { table: 'commitment_co_leads', column: 'agency_id' },
  { table: 'activities', column: 'responsible_agency_id' },
] as const;
export type AgencyReference = (typeof AGENCY_REFERENCES)[number];

/** The rows of a referencing table that name the agency, with the commitment (and its plan) each is about. */
export async function rowsNaming(db: Db, ref: AgencyReference, agencyId: number) {
  const any = db as unknown as Kysely<any>;
  const rows = (await any.selectFrom(ref.table).selectAll().where(ref.column, '=', agencyId).orderBy('id').execute()) as Record<
    string,
    unknown
  >[];
  const commitmentIds = [
    ...new Set(
      rows.flatMap((r) => (typeof r.commitment_id === 'number' || typeof r.commitment_id === 'string' ? [Number(r.commitment_id)] : [])),
    ),
  ];
  const plans = commitmentIds.length
    ? await db.selectFrom('commitments').select(['id', 'plan_id']).where('id', 'in', commitmentIds).execute()
    : [];
  const planOf = new Map(plans.map((p) => [Number(p.id), Number(p.plan_id)]));
  return rows.map((row) => {
    const commitmentId = row.commitment_id === undefined || row.commitment_id === null ? null : Number(row.commitment_id);
    return { row, commitmentId, planId: commitmentId === null ? null : (planOf.get(commitmentId) ?? null) };
  });
}

/** The translations of an agency's texts (its name in another language). */
export function translationsOfAgency(db: Db, agencyId: number) {
  return db.selectFrom('translations').selectAll().where('entity', '=', 'agencies').where('entity_id', '=', agencyId).execute();
}

/** The commitments whose lead-agency history names the agency, with their plan, number and title, and whether it leads them now. */
export function commitmentsNaming(db: Db, agencyId: number) {
  return db
    .selectFrom('commitment_agencies as ca')
    .innerJoin('commitments as c', 'c.id', 'ca.commitment_id')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select([
      'ca.id',
      'ca.valid_to',
      'ca.as_written',
      'c.id as commitment_id',
      'c.number',
      'c.title',
      'p.id as plan_id',
      'p.title as plan_title',
    ])
    .where('ca.agency_id', '=', agencyId)
    .orderBy('p.id')
    .orderBy('c.number')
    .orderBy('ca.id')
    .execute();
}

/** The accounts of the agency's editors. */
export function editorsOf(db: Db, agencyId: number) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'disabled']).where('agency_id', '=', agencyId).orderBy('name').execute();
}

/** The agencies of one government, by name (the merge page's choices). */
export function agenciesOfGovernment(db: Db, governmentId: number | null) {
  let q = db.selectFrom('agencies').select(['id', 'name', 'acronym', 'government_id']).orderBy('name').orderBy('id');
  q = governmentId === null ? q : q.where('government_id', '=', governmentId);
  return q.execute();
}

/** An account's updated_at (the audited writer stamps only the tables that have both timestamps). */
export async function touchUser(db: Db, userId: number, at: string): Promise<void> {
  await db.updateTable('users').set({ updated_at: at }).where('id', '=', userId).execute();
}

/**
 * The commitments an agency leads now, first or as a co-lead (what a merge may leave naming the kept agency
 * twice): each one's current first lead, and its current co-lead rows naming either agency (with the plan, for
 * the audit log), oldest first.
 */
export async function currentLeadsOfBoth(db: Db, mergedId: number, keptId: number) {
  const led = await commitmentsLedNowBy(db, mergedId).execute();
  const ids = [...new Set(led.map((r) => Number(r.commitment_id)))];
  if (ids.length === 0) return { leads: new Map<number, number>(), coLeads: [] };
  // One after the other: a merge asks inside its transaction, one connection.
  const leads = await db
    .selectFrom('commitment_agencies')
    .select(['commitment_id', 'agency_id'])
    .where('commitment_id', 'in', ids)
    .where('valid_to', 'is', null)
    .execute();
  const coLeads = await db
    .selectFrom('commitment_co_leads as cl')
    .innerJoin('commitments as c', 'c.id', 'cl.commitment_id')
    .selectAll('cl')
    .select('c.plan_id')
    .where('cl.commitment_id', 'in', ids)
    .where('cl.agency_id', 'in', [mergedId, keptId])
    .where('cl.valid_to', 'is', null)
    .orderBy('cl.id')
    .execute();
  return { leads: new Map(leads.map((r) => [Number(r.commitment_id), Number(r.agency_id)])), coLeads };
}
