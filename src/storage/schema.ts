import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccountTables } from './schema-accounts.js';
import type { AlertTables } from './schema-alerts.js';
import type { CocreationTables } from './schema-cocreation.js';
import type { ConsultationTables } from './schema-consultation.js';
import type { MonitoringTables } from './schema-monitoring.js';
import type { IndicatorTables } from './schema-indicators.js';
import type { NotificationTables } from './schema-notifications.js';
import type { ReviewTables } from './schema-review.js';
import type { WorkspaceTables } from './schema-workspace.js';

/**
 * The tables, as Kysely sees them. One schema for SQLite and PostgreSQL: timestamps are ISO-8601
 * text in UTC, dates are YYYY-MM-DD text, booleans are 0/1 (see docs/decisions/002-one-schema.md).
 * Row types stay in storage/: services get domain objects.
 */
export interface Database
  extends
    AccountTables,
    WorkspaceTables,
    ReviewTables,
    MonitoringTables,
    IndicatorTables,
    NotificationTables,
    AlertTables,
    CocreationTables,
    ConsultationTables {
  governments: GovernmentsTable;
  agencies: AgenciesTable;
  plans: PlansTable;
  plan_sections: PlanSectionsTable;
  themes: ThemesTable;
  commitments: CommitmentsTable;
  commitment_agencies: CommitmentAgenciesTable;
  commitment_contacts: CommitmentContactsTable;
  commitment_co_leads: CommitmentCoLeadsTable;
  commitment_modifications: CommitmentModificationsTable;
  plan_stage_corrections: PlanStageCorrectionsTable;
  activities: ActivitiesTable;
  evidence: EvidenceTable;
  sources: SourcesTable;
  files: FilesTable;
  rounds: RoundsTable;
  assessments: AssessmentsTable;
  translations: TranslationsTable;
  audit_log: AuditLogTable;
  write_locks: { name: string };
  search_documents: SearchDocumentsTable;
  /** SQLite only: the FTS5 index of search_documents (rowid = search_documents.id). */
  search_fts: SearchFtsTable;
}

interface Stamped {
  created_at: string;
  updated_at: string;
}

export interface GovernmentsTable extends Stamped {
  id: Generated<number>;
  name: string;
  kind: string;
  country_code: string | null;
  lang: string;
  /** Its languages, the main one first, comma-separated ("es,en"); `lang` is the first (migration 0018). */
  languages: Generated<string>;
  /** 1: the person who submitted an assessment may approve it too (small teams; migration 0024, decision 039). */
  allow_self_approval: Generated<number>;
}

export interface AgenciesTable extends Stamped {
  id: Generated<number>;
  government_id: number | null;
  name: string;
  acronym: string | null;
  lang: string;
}

export interface PlansTable extends Stamped {
  id: Generated<number>;
  government_id: number;
  title: string;
  lang: string;
  period_start: number | null;
  period_end: number | null;
  approval_instrument: string | null;
  approval_date: string | null;
  status: string;
  /** OGP's number of the plan among the member's action plans (1, 2, 3…). */
  ogp_number: number | null;
  /** 1 while the stage is the one a file gave (migration 0021): only then may it be corrected, backwards too. */
  stage_from_file: Generated<number>;
  /** Months after period_end a round's cutoff may fall before it needs a reason (migration 0023). */
  round_grace_months: Generated<number>;
  /** The share of its target (%) under which an indicator makes a "Completo" a consistency warning (migration 0024). */
  complete_share: Generated<number>;
}

/** A correction of an imported plan's stage, with its reason (decision 033). */
export interface PlanStageCorrectionsTable {
  id: Generated<number>;
  plan_id: number;
  from_status: string;
  to_status: string;
  reason: string;
  /** Who: `user:12`, as the audit log writes it. */
  actor: string;
  created_at: string;
}

export interface PlanSectionsTable extends Stamped {
  id: Generated<number>;
  plan_id: number;
  position: number;
  key: string;
  title: string;
  body: string;
  lang: string;
  /** Goes up by one at every workspace save (migration 0007): the conflict check. */
  version: Generated<number>;
}

export interface ThemesTable extends Stamped {
  id: Generated<number>;
  plan_id: number;
  position: number;
  title: string;
  intro: string | null;
  synthesis: string | null;
  lang: string;
}

export interface CommitmentsTable extends Stamped {
  id: Generated<number>;
  plan_id: number;
  theme_id: number;
  number: number;
  title: string;
  lang: string;
  problem: string | null;
  objective: string | null;
  description: string | null;
  relevance: string | null;
  ambition: string | null;
  additional_info: string | null;
  other_actors_government: string | null;
  other_actors_civil_society: string | null;
  /** JSON: fields under labels the template does not have, [{ label, value }]. */
  other_fields: string | null;
  planned_start: string | null;
  planned_end: string | null;
  /** Goes up by one at every save: a save that expected another version is a conflict. */
  version: Generated<number>;
  /** OGP's Commitment Unique Identifier (e.g. "PE0045"), when known. */
  ogp_id: string | null;
  supporting_institutions: string | null;
  /** JSON: OGP's policy areas the commitment is tagged with. */
  policy_areas: string | null;
  /** The commitment of an earlier plan this one carries on. */
  continues_id: number | null;
  /** The planned end before it was first moved (migration 0009); null while never moved. */
  original_planned_end: Generated<string | null>;
  /** JSON: OGP's cells written "ND"/"NR" by column (migration 0020), written back by the OGP export. */
  ogp_not_determined: Generated<string | null>;
}

/** The lead agency of a commitment over time: the current one has no valid_to. */
export interface CommitmentAgenciesTable {
  id: Generated<number>;
  commitment_id: number;
  agency_id: number;
  as_written: string;
  detail: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
}

/** The responsible person of a commitment over time: the current one has no valid_to. */
export interface CommitmentContactsTable {
  id: Generated<number>;
  commitment_id: number;
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
}

export interface ActivitiesTable extends Stamped {
  id: Generated<number>;
  commitment_id: number;
  number: number;
  title: string;
  details: string | null;
  lang: string;
  planned_start: string | null;
  planned_end: string | null;
  weight: number | null;
  status: string | null;
  /** 'import' when a report created it (a later import of that report may remove it), 'user' otherwise. */
  origin: string;
  deliverable: string | null;
  version: Generated<number>;
  /** The planned end before it was first moved (migration 0009); null while never moved. */
  original_planned_end: Generated<string | null>;
  /** The agency responsible for the milestone (migration 0019); null: the commitment's lead. */
  responsible_agency_id: Generated<number | null>;
  actual_end: Generated<string | null>;
  /** Optional share done, 0–100. */
  percent_done: Generated<number | null>;
  /** Why it was cancelled: required when its status is cancelled (domain/commitment-input.ts). */
  cancellation_reason: Generated<string | null>;
}

/** A commitment's co-leads over time (migration 0019): the first lead stays in commitment_agencies. */
export interface CommitmentCoLeadsTable {
  id: Generated<number>;
  commitment_id: number;
  agency_id: number;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
}

/** A change of an approved plan's commitment text (migration 0019): one row per field, with its reason and date. */
export interface CommitmentModificationsTable {
  id: Generated<number>;
  commitment_id: number;
  field: string;
  before: string | null;
  after: string | null;
  reason: string;
  modified_on: string;
  /** Who: `user:12`, as the audit log writes it. */
  actor: string;
  created_at: string;
}

export interface EvidenceTable {
  id: Generated<number>;
  commitment_id: number;
  activity_id: number | null;
  position: number;
  kind: string;
  url: string | null;
  file_id: number | null;
  description: string | null;
  origin: string;
  created_at: string;
  /** A document named by number (kind 'text'): its date, when the text gives one (migration 0026). */
  document_date: Generated<string | null>;
}

export interface SourcesTable {
  id: Generated<number>;
  commitment_id: number;
  activity_id: number | null;
  position: number;
  text: string;
  document_date: string | null;
  origin: string;
  created_at: string;
  /** "290-2017-MIDIS/SG/OGPPM": the document's number, when given apart from its text. */
  doc_number: string | null;
  issuing_agency: string | null;
}

export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  storage_key: string;
  created_at: string;
}

export interface RoundsTable extends Stamped {
  id: Generated<number>;
  plan_id: number;
  position: number;
  kind: string;
  title: string;
  lang: string;
  cutoff_date: string | null;
  published: number;
  published_at: string | null;
  /** Why it was opened though it repeats a kind or its cutoff is outside the period (migration 0023). */
  opening_reason: Generated<string | null>;
}

export interface AssessmentsTable extends Stamped {
  id: Generated<number>;
  round_id: number;
  commitment_id: number;
  level: string | null;
  results: string | null;
  additional_info: string | null;
  reasons: string | null;
  next_steps: string | null;
  lang: string;
  /** draft, submitted, returned, approved (imported assessments are approved). */
  status: Generated<string>;
  review_comment: string | null;
  submitted_at: string | null;
  submitted_by: number | null;
  decided_at: string | null;
  decided_by: number | null;
  version: Generated<number>;
  /** Why it was submitted, and why approved, despite its consistency warnings (migration 0024, decision 039). */
  submit_reason: Generated<string | null>;
  approval_reason: Generated<string | null>;
}

/** A text a person wrote, in a language other than its original one. */
export interface TranslationsTable {
  id: Generated<number>;
  entity: string;
  entity_id: number;
  field: string;
  lang: string;
  text: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number;
  plan_id: number | null;
  commitment_id: number | null;
  /** sha256 over this entry's content and the previous entry's hash (migration 0004): a silent edit breaks the chain. */
  hash: string | null;
  prev_hash: string | null;
  /** JSON of the fields that changed, before and after; null for a creation or a deletion respectively. */
  before: string | null;
  after: string | null;
  context: string | null;
}

/**
 * What search finds: one row per commitment and per activity, rebuilt from them (derived data, not
 * audited). The terms are the index tokens of src/lib/search-terms.ts, separated by spaces. On
 * PostgreSQL a generated column `terms_tsv` (tsvector, title weighted A, body B) is matched; on SQLite
 * the FTS5 table search_fts.
 */
export interface SearchDocumentsTable {
  id: Generated<number>;
  kind: 'commitment' | 'activity';
  /** The commitment's or the activity's id. */
  entity_id: number;
  commitment_id: number;
  plan_id: number;
  theme_id: number;
  title: string;
  /** Plain text (no Markdown), what snippets are cut from. */
  body: string;
  title_terms: string;
  terms: string;
}

export interface SearchFtsTable {
  rowid: number;
  title_terms: string;
  terms: string;
}

export type Table = keyof Database;
export type Row<T extends Table> = Selectable<Database[T]>;
export type NewRow<T extends Table> = Insertable<Database[T]>;
export type RowUpdate<T extends Table> = Updateable<Database[T]>;
