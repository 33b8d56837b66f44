import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001_core.js';
import * as m0002 from './migrations/0002_search.js';
import * as m0003 from './migrations/0003_accounts.js';
import * as m0004 from './migrations/0004_audit_chain.js';
import * as m0005 from './migrations/0005_workspace.js';
import * as m0006 from './migrations/0006_review_and_ogp.js';
import * as m0007 from './migrations/0007_report_sections.js';
import * as m0008 from './migrations/0008_indicators.js';
import * as m0009 from './migrations/0009_monitoring.js';
import * as m0010 from './migrations/0010_notifications.js';
import * as m0012 from './migrations/0012_cocreation.js';
import * as m0013 from './migrations/0013_consultation.js';
import * as m0014 from './migrations/0014_alerts.js';
import * as m0015 from './migrations/0015_one_rate_limit.js';
import * as m0016 from './migrations/0016_cocreation_versions.js';
import * as m0017 from './migrations/0017_plan_stages.js';
import * as m0018 from './migrations/0018_government_languages.js';
import * as m0019 from './migrations/0019_commitment_template.js';
import * as m0020 from './migrations/0020_ogp_not_determined.js';
import * as m0021 from './migrations/0021_plan_stage_corrections.js';
import * as m0022 from './migrations/0022_consultation_closed_early.js';
import * as m0023 from './migrations/0023_round_guard.js';
import * as m0024 from './migrations/0024_assessment_checks.js';
import * as m0025 from './migrations/0025_workflow_notices.js';
import * as m0026 from './migrations/0026_evidence_document_date.js';
import * as m0027 from './migrations/0027_import_previews.js';

/** Migrations are listed here, in order; the same ones run on SQLite and PostgreSQL. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_search': m0002,
  '0003_accounts': m0003,
  '0004_audit_chain': m0004,
  '0005_workspace': m0005,
  '0006_review_and_ogp': m0006,
  '0007_report_sections': m0007,
  '0008_indicators': m0008,
  '0009_monitoring': m0009,
  '0010_notifications': m0010,
  '0012_cocreation': m0012,
  '0013_consultation': m0013,
  '0014_alerts': m0014,
  '0015_one_rate_limit': m0015,
  '0016_cocreation_versions': m0016,
  '0017_plan_stages': m0017,
  '0018_government_languages': m0018,
  '0019_commitment_template': m0019,
  '0020_ogp_not_determined': m0020,
  '0021_plan_stage_corrections': m0021,
  '0022_consultation_closed_early': m0022,
  '0023_round_guard': m0023,
  '0024_assessment_checks': m0024,
  '0025_workflow_notices': m0025,
  '0026_evidence_document_date': m0026,
  '0027_import_previews': m0027,
};

/** The migrations' names, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) throw result.error;
  return result;
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateToLatest());
}

/** Up to and including `name`: a database as a release that ended with that migration left it (the schema test). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<MigrationResultSet> {
  if (!MIGRATIONS[name]) throw new Error(`no migration named ${name}`);
  return check(await migrator(db).migrateTo(name));
}
