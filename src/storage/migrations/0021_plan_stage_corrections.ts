import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * An imported plan's stage may be corrected (issue 19, decision 033): `plans.stage_from_file` says the
 * stage is still the one a file gave (a Word report or OGP's data), not one Vigía's stage moves set;
 * `plan_stage_corrections` keeps each correction with its reason, shown on the plan's pages.
 *
 * Plans already stored: every plan came from a file before issue 19, except those created in the
 * workspace or by `vigia plan` ("create plan …" in the audit log) and those Vigía moved ("move plan …").
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema
    .alterTable('plans')
    .addColumn('stage_from_file', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update plans set stage_from_file = 1 where not exists (
    select 1 from audit_log a where a.entity = 'plans' and a.entity_id = plans.id
      and (a.context like 'create plan %' or a.context like 'move plan %'))`.execute(db);

  await db.schema
    .createTable('plan_stage_corrections')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_stage_corrections_plan').on('plan_stage_corrections').column('plan_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
