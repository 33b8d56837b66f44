import type { DidItOpenGovernment, IrmCompletion, IrmReport, OgpValue, PotentialImpact, Specificity } from '../../domain/irm.js';
import type { NotDeterminedMarker, TemplateField } from '../../domain/ogp-dataset.js';
import type { GovernmentKind, PlanStatus } from '../../domain/types.js';

/** What the reader makes of OGP's commitment dataset: members, their plans, the commitments and the IRM's review of each. */
export interface OgpDataset {
  /** Data rows in the file (the header not counted), refused ones included. */
  rows: number;
  members: OgpMember[];
  plans: OgpPlan[];
  /** Rows refused, each with its row number (header = row 1) and column: the other rows are still read. */
  errors: OgpProblem[];
  /** Rows read with something kept as written or left out. */
  warnings: OgpProblem[];
}

export interface OgpProblem {
  row: number;
  column: string | null;
  code: OgpProblemCode;
  value: string;
  /** duplicate_id: the row that has the identifier first. */
  firstRow?: number;
  /** kept_workspace_edit: the plan's title, the commitment (OGP's identifier or its number), who edited it (`user:N`) and when. */
  plan?: string;
  commitment?: string | null;
  by?: string;
  at?: string;
}

export type OgpProblemCode =
  | 'missing_value'
  | 'unknown_word'
  | 'invalid_date'
  | 'invalid_number'
  | 'invalid_flag'
  | 'duplicate_id'
  /** A Vigía column's value that is not one of its words (a language, a plan stage). */
  | 'invalid_value'
  | 'date_words'
  | 'plan_years_differ'
  /** Found when storing: another OGP plan of the member already has these years. */
  | 'plan_period_taken'
  /** Found when storing: the plan is a government's own report (it has rounds) and has no commitment of that number. */
  | 'no_matching_commitment'
  /** Found when storing: the identifier's commitment is in another member's plan or in a plan with assessment rounds. */
  | 'commitment_in_other_plan'
  /** Found when storing: the file would change a field a person edited in the workspace; it is left as they left it. */
  | 'kept_workspace_edit';

export interface OgpMember {
  /** As OGP names it ("Croatia", "Buenos Aires, Argentina"). */
  name: string;
  kind: GovernmentKind;
  countryCode: string | null;
  /** The language its plans are written in: Spanish for a Spanish-speaking member (a local one by the country after its comma). */
  lang: 'es' | 'en';
}

export interface OgpPlan {
  member: string;
  /** OGP's number of the plan among the member's plans; null for a plan OGP never numbered (Vigía's export of a plan made from a report): found by its years. */
  number: number | null;
  periodStart: number | null;
  periodEnd: number | null;
  /** Vigía's columns (domain/ogp-dataset.ts VIGIA_COL), from the plan's first row: undefined when the file has no such column. */
  title?: string | null;
  lang?: 'es' | 'en' | null;
  status?: PlanStatus | null;
  approvalInstrument?: string | null;
  approvalDate?: string | null;
  commitments: OgpCommitment[];
}

export interface OgpCommitment {
  row: number;
  /** null for a commitment OGP never numbered (Vigía's export of a plan made from a report): found by its number in the plan. */
  ogpId: string | null;
  /** OGP's commitment number as written ("3", "2.1", "SC17"). */
  number: string;
  /** null when OGP gives none ("NA"). */
  theme: string | null;
  title: string;
  fullText: string | null;
  start: string | null;
  end: string | null;
  /** A date cell in words ("Underway"): kept as written since it is no date. */
  startText: string | null;
  endText: string | null;
  lead: string | null;
  supporting: string | null;
  policyAreas: string[];
  reviews: OgpReview[];
  /** Cells written "ND" or "NR", by column: no value, kept so that the export writes them back. */
  notDetermined: Record<string, NotDeterminedMarker>;
  /** The lead agency as Vigía keeps it (its columns "Lead Agency", "Lead Agency Acronym"); undefined when the file has none. */
  leadAgency?: { name: string; acronym: string | null } | null;
  /** Vigía's number of the commitment in its plan (its column "Vigía Commitment Number"), when the file has it. */
  vigiaNumber?: number;
  /** The template's texts, for the columns the file has. */
  template: Partial<Record<TemplateField, string | null>>;
}

export interface OgpReview {
  report: IrmReport;
  reportYear: number | null;
  specificity: Specificity | null;
  values: Record<OgpValue, 0 | 1 | null>;
  potentialImpact: PotentialImpact | null;
  completion: IrmCompletion | null;
  diogOverall: DidItOpenGovernment | null;
  diogAccessToInformation: DidItOpenGovernment | null;
  diogCivicParticipation: DidItOpenGovernment | null;
  diogPublicAccountability: DidItOpenGovernment | null;
}
