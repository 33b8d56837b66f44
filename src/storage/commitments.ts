import type { Kysely } from 'kysely';
import { roundOrder } from './plans.js';
import type { Database, Row } from './schema.js';

/** Commitments and what hangs from them: lead agency and contact history, activities, evidence, sources, assessments. */
type Db = Kysely<Database>;

export function listCommitments(db: Db, planId: number): Promise<Row<'commitments'>[]> {
  return db.selectFrom('commitments').selectAll().where('plan_id', '=', planId).orderBy('number').execute();
}

export function findCommitment(db: Db, id: number): Promise<Row<'commitments'> | undefined> {
  return db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The current lead agency of each commitment of a plan, with the agency's name. */
export function listCurrentLeadAgencies(db: Db, planId: number) {
  return db
    .selectFrom('commitment_agencies')
    .innerJoin('commitments', 'commitments.id', 'commitment_agencies.commitment_id')
    .innerJoin('agencies', 'agencies.id', 'commitment_agencies.agency_id')
    .select([
      'commitment_agencies.commitment_id',
      'commitment_agencies.as_written',
      'agencies.id as agency_id',
      'agencies.name as agency_name',
      'agencies.acronym as agency_acronym',
    ])
    .where('commitments.plan_id', '=', planId)
    .where('commitment_agencies.valid_to', 'is', null)
    .execute();
}

export function listLeadAgencyHistory(db: Db, commitmentId: number) {
  return db
    .selectFrom('commitment_agencies')
    .innerJoin('agencies', 'agencies.id', 'commitment_agencies.agency_id')
    .selectAll('commitment_agencies')
    .select(['agencies.name as agency_name', 'agencies.acronym as agency_acronym'])
    .where('commitment_id', '=', commitmentId)
    .orderBy('commitment_agencies.id')
    .execute();
}

export function findCurrentLeadAgency(db: Db, commitmentId: number): Promise<Row<'commitment_agencies'> | undefined> {
  return db
    .selectFrom('commitment_agencies')
    .selectAll()
    .where('commitment_id', '=', commitmentId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

export function listContactHistory(db: Db, commitmentId: number): Promise<Row<'commitment_contacts'>[]> {
  return db.selectFrom('commitment_contacts').selectAll().where('commitment_id', '=', commitmentId).orderBy('id').execute();
}

export function findCurrentContact(db: Db, commitmentId: number): Promise<Row<'commitment_contacts'> | undefined> {
  return db
    .selectFrom('commitment_contacts')
    .selectAll()
    .where('commitment_id', '=', commitmentId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

export function listActivities(db: Db, commitmentId: number): Promise<Row<'activities'>[]> {
  return db.selectFrom('activities').selectAll().where('commitment_id', '=', commitmentId).orderBy('number').execute();
}

export function listEvidence(db: Db, commitmentId: number): Promise<Row<'evidence'>[]> {
  return db.selectFrom('evidence').selectAll().where('commitment_id', '=', commitmentId).orderBy('position').orderBy('id').execute();
}

/** The file behind each file evidence of a commitment: what a download link says. */
export function listEvidenceFiles(db: Db, commitmentId: number) {
  return db
    .selectFrom('evidence')
    .innerJoin('files', 'files.id', 'evidence.file_id')
    .select(['evidence.id as evidence_id', 'files.name', 'files.size', 'files.media_type'])
    .where('evidence.commitment_id', '=', commitmentId)
    .execute();
}

export function listSources(db: Db, commitmentId: number): Promise<Row<'sources'>[]> {
  return db.selectFrom('sources').selectAll().where('commitment_id', '=', commitmentId).orderBy('position').orderBy('id').execute();
}

export function listAssessmentsOfCommitment(db: Db, commitmentId: number) {
  return db
    .selectFrom('assessments')
    .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
    .selectAll('assessments')
    .select([
      'rounds.kind as round_kind',
      'rounds.title as round_title',
      'rounds.lang as round_lang',
      'rounds.cutoff_date as round_cutoff',
      'rounds.published as round_published',
      'rounds.position as round_position',
    ])
    .where('assessments.commitment_id', '=', commitmentId)
    .orderBy(roundOrder('rounds'))
    .execute();
}

export function findAssessment(db: Db, roundId: number, commitmentId: number): Promise<Row<'assessments'> | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('commitment_id', '=', commitmentId)
    .executeTakeFirst();
}
