import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Frozen copies of the domain's words as they were when this migration was written: an old migration
// must do today what it did then, whatever the domain's lists become (a later migration changes a check).
const LEVELS = ['not-started', 'limited', 'substantial', 'complete'] as const;
const ACTIVITY_STATUSES = ['not-started', 'in-progress', 'done', 'cancelled'] as const;
const EVIDENCE_KINDS = ['url', 'file', 'text'] as const;
const GOVERNMENT_KINDS = ['national', 'local'] as const;
const PLAN_STATUSES = ['draft', 'active', 'completed'] as const;
const ROUND_KINDS = ['midterm', 'end-of-term', 'periodic'] as const;

const ORIGINS = ['import', 'user'] as const;

/** Plans, themes, commitments and their history, assessment rounds, translations, audit log. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const stamped = <T extends string>(t: CreateTableBuilder<T, any>) =>
    t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());
  // The closed vocabularies of the domain, enforced by the database too.
  const oneOf = (column: string, values: readonly string[], nullable = false) =>
    sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})${nullable ? sql` or ${sql.ref(column)} is null` : sql``}`;
  const ref =
    (target: string, onDelete: 'cascade' | 'set null' | 'restrict' = 'cascade') =>
    (c: any) =>
      c.references(`${target}.id`).onDelete(onDelete);

  await stamped(
    table('governments')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('country_code', 'text')
      .addColumn('lang', 'text', (c) => c.notNull())
      .addCheckConstraint('governments_kind', oneOf('kind', GOVERNMENT_KINDS)),
  ).execute();
  await db.schema.createIndex('governments_name').unique().on('governments').column('name').execute();

  await stamped(
    table('agencies')
      .addColumn('government_id', 'integer', ref('governments', 'set null'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('acronym', 'text')
      .addColumn('lang', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('agencies_government_name').unique().on('agencies').columns(['government_id', 'name']).execute();

  await stamped(
    table('plans')
      .addColumn('government_id', 'integer', (c) => ref('governments', 'restrict')(c).notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('period_start', 'integer')
      .addColumn('period_end', 'integer')
      .addColumn('approval_instrument', 'text')
      .addColumn('approval_date', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addCheckConstraint('plans_status', oneOf('status', PLAN_STATUSES)),
  ).execute();
  // One plan per government and period; plans without a period are told apart by title.
  await db.schema
    .createIndex('plans_government_period')
    .unique()
    .on('plans')
    .columns(['government_id', 'period_start', 'period_end'])
    .execute();

  await stamped(
    table('plan_sections')
      .addColumn('plan_id', 'integer', (c) => ref('plans')(c).notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('plan_sections_plan_position').unique().on('plan_sections').columns(['plan_id', 'position']).execute();

  await stamped(
    table('themes')
      .addColumn('plan_id', 'integer', (c) => ref('plans')(c).notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('intro', 'text')
      .addColumn('synthesis', 'text')
      .addColumn('lang', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('themes_plan_position').unique().on('themes').columns(['plan_id', 'position']).execute();

  await stamped(
    table('commitments')
      .addColumn('plan_id', 'integer', (c) => ref('plans')(c).notNull())
      .addColumn('theme_id', 'integer', (c) => ref('themes', 'restrict')(c).notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('problem', 'text')
      .addColumn('objective', 'text')
      .addColumn('description', 'text')
      .addColumn('relevance', 'text')
      .addColumn('ambition', 'text')
      .addColumn('additional_info', 'text')
      .addColumn('other_actors_government', 'text')
      .addColumn('other_actors_civil_society', 'text')
      .addColumn('other_fields', 'text')
      .addColumn('planned_start', 'text')
      .addColumn('planned_end', 'text'),
  ).execute();
  await db.schema.createIndex('commitments_plan_number').unique().on('commitments').columns(['plan_id', 'number']).execute();
  await db.schema.createIndex('commitments_theme').on('commitments').column('theme_id').execute();

  await table('commitment_agencies')
    .addColumn('commitment_id', 'integer', (c) => ref('commitments')(c).notNull())
    .addColumn('agency_id', 'integer', (c) => ref('agencies', 'restrict')(c).notNull())
    .addColumn('as_written', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_agencies_commitment').on('commitment_agencies').column('commitment_id').execute();
  await db.schema.createIndex('commitment_agencies_agency').on('commitment_agencies').column('agency_id').execute();

  await table('commitment_contacts')
    .addColumn('commitment_id', 'integer', (c) => ref('commitments')(c).notNull())
    .addColumn('name', 'text')
    .addColumn('position', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_contacts_commitment').on('commitment_contacts').column('commitment_id').execute();

  await stamped(
    table('activities')
      .addColumn('commitment_id', 'integer', (c) => ref('commitments')(c).notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('details', 'text')
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('planned_start', 'text')
      .addColumn('planned_end', 'text')
      .addColumn('weight', 'real')
      .addColumn('status', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addCheckConstraint('activities_status', oneOf('status', ACTIVITY_STATUSES, true))
      .addCheckConstraint('activities_origin', oneOf('origin', ORIGINS)),
  ).execute();
  await db.schema.createIndex('activities_commitment_number').unique().on('activities').columns(['commitment_id', 'number']).execute();

  await table('files')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await table('evidence')
    .addColumn('commitment_id', 'integer', (c) => ref('commitments')(c).notNull())
    // Evidence outlives the activity it was filed under: it moves to the commitment.
    .addColumn('activity_id', 'integer', ref('activities', 'set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('file_id', 'integer', ref('files', 'restrict'))
    .addColumn('description', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('evidence_kind', oneOf('kind', EVIDENCE_KINDS))
    .addCheckConstraint('evidence_origin', oneOf('origin', ORIGINS))
    .execute();
  await db.schema.createIndex('evidence_commitment').on('evidence').column('commitment_id').execute();
  await db.schema.createIndex('evidence_activity').on('evidence').column('activity_id').execute();

  await table('sources')
    .addColumn('commitment_id', 'integer', (c) => ref('commitments')(c).notNull())
    .addColumn('activity_id', 'integer', ref('activities', 'set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('document_date', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('sources_origin', oneOf('origin', ORIGINS))
    .execute();
  await db.schema.createIndex('sources_commitment').on('sources').column('commitment_id').execute();

  await stamped(
    table('rounds')
      .addColumn('plan_id', 'integer', (c) => ref('plans')(c).notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('cutoff_date', 'text')
      .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('published_at', 'text')
      .addCheckConstraint('rounds_kind', oneOf('kind', ROUND_KINDS))
      .addCheckConstraint('rounds_published', sql`published in (0, 1)`),
  ).execute();
  await db.schema.createIndex('rounds_plan').on('rounds').column('plan_id').execute();

  await stamped(
    table('assessments')
      .addColumn('round_id', 'integer', (c) => ref('rounds')(c).notNull())
      .addColumn('commitment_id', 'integer', (c) => ref('commitments')(c).notNull())
      .addColumn('level', 'text')
      .addColumn('results', 'text')
      .addColumn('additional_info', 'text')
      .addColumn('reasons', 'text')
      .addColumn('next_steps', 'text')
      .addColumn('lang', 'text', (c) => c.notNull())
      .addCheckConstraint('assessments_level', oneOf('level', LEVELS, true)),
  ).execute();
  await db.schema.createIndex('assessments_round_commitment').unique().on('assessments').columns(['round_id', 'commitment_id']).execute();
  await db.schema.createIndex('assessments_commitment').on('assessments').column('commitment_id').execute();

  await table('translations')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('translations_key').unique().on('translations').columns(['entity', 'entity_id', 'field', 'lang']).execute();

  await table('audit_log')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('plan_id', 'integer')
    // The commitment the entry is about (its fields, activities, evidence, levels…): its history and feed.
    .addColumn('commitment_id', 'integer')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('context', 'text')
    .execute();
  // A row to take a write lock on, so that writers that read before they write (an import) go one at a time.
  await db.schema
    .createTable('write_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .execute();
  await db.insertInto('write_locks').values({ name: 'import' }).execute();

  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_plan').on('audit_log').columns(['plan_id', 'id']).execute();
  await db.schema.createIndex('audit_log_commitment').on('audit_log').columns(['commitment_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
