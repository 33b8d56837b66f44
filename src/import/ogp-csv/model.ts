import type { DidItOpenGovernment, IrmCompletion, IrmReport, OgpValue, PotentialImpact, Specificity } from '../../domain/irm.js';
import type { GovernmentKind } from '../../domain/types.js';

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
}

export type OgpProblemCode =
  | 'missing_value'
  | 'unknown_word'
  | 'invalid_date'
  | 'invalid_number'
  | 'invalid_flag'
  | 'duplicate_id'
  | 'date_words'
  | 'plan_years_differ'
  /** Found when storing: another OGP plan of the member already has these years. */
  | 'plan_period_taken'
  /** Found when storing: the plan is a government's own report (it has rounds) and has no commitment of that number. */
  | 'no_matching_commitment'
  /** Found when storing: the identifier's commitment is in another member's plan or in a plan with assessment rounds. */
  | 'commitment_in_other_plan';

export interface OgpMember {
  /** As OGP names it ("Croatia", "Buenos Aires, Argentina"). */
  name: string;
  kind: GovernmentKind;
  countryCode: string | null;
}

export interface OgpPlan {
  member: string;
  /** OGP's number of the plan among the member's plans. */
  number: number;
  periodStart: number | null;
  periodEnd: number | null;
  commitments: OgpCommitment[];
}

export interface OgpCommitment {
  row: number;
  ogpId: string;
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
