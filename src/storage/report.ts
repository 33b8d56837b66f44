import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';

/**
 * What the self-assessment report reads that other pages do not: every ficha's contact and lead agency
 * at once, the round's assessments with their texts, translations, and the plan's narrative sections (read and written here: the workspace edits them).
 */
type Db = Kysely<Database>;

/** The current lead agency and contact of every commitment of a plan. */
export function listCurrentLeadAgencyRows(db: Db, planId: number) {
  return db
    .selectFrom('commitment_agencies as ca')
    .innerJoin('commitments as c', 'c.id', 'ca.commitment_id')
    .innerJoin('agencies as a', 'a.id', 'ca.agency_id')
    .select(['ca.commitment_id', 'ca.as_written', 'a.name as agency_name'])
    .where('c.plan_id', '=', planId)
    .where('ca.valid_to', 'is', null)
    .execute();
}

export function listCurrentContacts(db: Db, planId: number) {
  return db
    .selectFrom('commitment_contacts as cc')
    .innerJoin('commitments as c', 'c.id', 'cc.commitment_id')
    .selectAll('cc')
    .where('c.plan_id', '=', planId)
    .where('cc.valid_to', 'is', null)
    .execute();
}

/** Every assessment of a plan, with its texts (the fichas show the chosen round's; the comparison every round's level). */
export function listPlanAssessments(db: Db, planId: number) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('rounds as r', 'r.id', 'a.round_id')
    .selectAll('a')
    .where('r.plan_id', '=', planId)
    .execute();
}

/** The English (or other) texts stored for rows of a table. */
export function listTranslations(db: Db, entity: string, ids: number[], lang: string): Promise<Row<'translations'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('translations')
    .selectAll()
    .where('entity', '=', entity)
    .where('lang', '=', lang)
    .where('entity_id', 'in', ids)
    .execute();
}

/** Every translation of one row, in any language and field (removed with the row). */
export function listTranslationsOf(db: Db, entity: string, id: number): Promise<Row<'translations'>[]> {
  return db.selectFrom('translations').selectAll().where('entity', '=', entity).where('entity_id', '=', id).execute();
}

export function findTranslation(db: Db, entity: string, id: number, field: string, lang: string): Promise<Row<'translations'> | undefined> {
  return db
    .selectFrom('translations')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .where('field', '=', field)
    .where('lang', '=', lang)
    .executeTakeFirst();
}

export function findSection(db: Db, planId: number, key: string): Promise<Row<'plan_sections'> | undefined> {
  return db
    .selectFrom('plan_sections')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('key', '=', key)
    .orderBy('position')
    .executeTakeFirst();
}

export async function maxSectionPosition(db: Db, planId: number): Promise<number> {
  const row = await db.selectFrom('plan_sections').select(db.fn.max('position').as('n')).where('plan_id', '=', planId).executeTakeFirst();
  return row?.n === null || row?.n === undefined ? -1 : Number(row.n);
}

/** The titles of every activity of a plan's commitments, in order. */
export function listPlanActivityTitles(db: Db, planId: number) {
  return db
    .selectFrom('activities as a')
    .innerJoin('commitments as c', 'c.id', 'a.commitment_id')
    .select(['a.commitment_id', 'a.title'])
    .where('c.plan_id', '=', planId)
    .orderBy('a.commitment_id')
    .orderBy('a.number')
    .execute();
}

/** The evidence each assessment of a round cites (with its file's name and size), in the commitment's order of evidence. */
export function listCitedEvidenceOfRound(db: Db, roundId: number) {
  return db
    .selectFrom('assessment_evidence as ae')
    .innerJoin('assessments as a', 'a.id', 'ae.assessment_id')
    .innerJoin('evidence as e', 'e.id', 'ae.evidence_id')
    .leftJoin('files as f', 'f.id', 'e.file_id')
    .select(['a.commitment_id', 'e.id', 'e.url', 'e.description', 'e.document_date', 'f.name as file_name', 'f.size as file_size'])
    .where('a.round_id', '=', roundId)
    .orderBy('a.commitment_id')
    .orderBy('e.position')
    .orderBy('e.id')
    .execute();
}
