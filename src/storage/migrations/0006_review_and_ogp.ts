import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Frozen copies of the domain's words as they were when this migration was written: an old migration
// must do today what it did then, whatever the domain's lists become (a later migration changes a check).
const DID_IT_OPEN_GOVERNMENT = ['worsened', 'did-not-change', 'marginal', 'major', 'outstanding'] as const;
const IRM_COMPLETION = ['not-started', 'limited', 'substantial', 'complete', 'withdrawn', 'unclear'] as const;
const IRM_REPORTS = ['progress', 'end-of-term'] as const;
const POTENTIAL_IMPACT = ['none', 'minor', 'moderate', 'transformative'] as const;
const RECOMMENDATION_STATUSES = ['not-addressed', 'partly-addressed', 'addressed'] as const;
const SPECIFICITY = ['none', 'low', 'medium', 'high'] as const;

/**
 * The independent review (IRM) of each commitment, the IRM's recommendations to a plan and the
 * government's answers, OGP's identifiers for plans and commitments, and the link between a commitment
 * and the one it continues in an earlier plan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const oneOf = (column: string, values: readonly string[]) =>
    sql`${sql.ref(column)} is null or ${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
  const flag = (column: string) => sql`${sql.ref(column)} is null or ${sql.ref(column)} in (0, 1)`;

  await db.schema.alterTable('plans').addColumn('ogp_number', 'integer').execute();
  await db.schema.alterTable('commitments').addColumn('ogp_id', 'text').execute();
  await db.schema.alterTable('commitments').addColumn('supporting_institutions', 'text').execute();
  // JSON: OGP's policy areas the commitment is tagged with, as the dataset names them.
  await db.schema.alterTable('commitments').addColumn('policy_areas', 'text').execute();
  await db.schema
    .alterTable('commitments')
    .addColumn('continues_id', 'integer', (c) => c.references('commitments.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('commitments_ogp_id').unique().on('commitments').column('ogp_id').execute();
  await db.schema.createIndex('commitments_continues').on('commitments').column('continues_id').execute();

  let reviews = table('irm_reviews')
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('report_year', 'integer')
    .addColumn('specificity', 'text')
    .addColumn('value_access_to_information', 'integer')
    .addColumn('value_civic_participation', 'integer')
    .addColumn('value_public_accountability', 'integer')
    .addColumn('value_technology_and_innovation', 'integer')
    .addColumn('potential_impact', 'text')
    .addColumn('completion', 'text')
    .addColumn('diog_overall', 'text')
    .addColumn('diog_access_to_information', 'text')
    .addColumn('diog_civic_participation', 'text')
    .addColumn('diog_public_accountability', 'text')
    .addColumn('text', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('irm_reviews_report', sql`report in (${sql.join(IRM_REPORTS.map((v) => sql.lit(v)))})`)
    .addCheckConstraint('irm_reviews_specificity', oneOf('specificity', SPECIFICITY))
    .addCheckConstraint('irm_reviews_potential_impact', oneOf('potential_impact', POTENTIAL_IMPACT))
    .addCheckConstraint('irm_reviews_completion', oneOf('completion', IRM_COMPLETION))
    .addCheckConstraint('irm_reviews_origin', sql`origin in ('user', 'import')`);
  for (const v of ['access_to_information', 'civic_participation', 'public_accountability', 'technology_and_innovation']) {
    reviews = reviews.addCheckConstraint(`irm_reviews_value_${v}`, flag(`value_${v}`));
  }
  for (const d of ['overall', 'access_to_information', 'civic_participation', 'public_accountability']) {
    reviews = reviews.addCheckConstraint(`irm_reviews_diog_${d}`, oneOf(`diog_${d}`, DID_IT_OPEN_GOVERNMENT));
  }
  await reviews.execute();
  await db.schema.createIndex('irm_reviews_commitment_report').unique().on('irm_reviews').columns(['commitment_id', 'report']).execute();

  await table('irm_recommendations')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    // Which IRM report made it (e.g. "Informe de avance 2015-2016"), and its order there.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('status', 'text')
    .addColumn('action', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('irm_recommendations_status', oneOf('status', RECOMMENDATION_STATUSES))
    .execute();
  await db.schema
    .createIndex('irm_recommendations_plan_position')
    .unique()
    .on('irm_recommendations')
    .columns(['plan_id', 'position'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
