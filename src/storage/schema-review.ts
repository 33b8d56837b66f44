import type { Generated } from 'kysely';

/** Tables of the independent review and the IRM's recommendations (migration 0006). */
export interface ReviewTables {
  /** One per commitment and IRM report (progress, end-of-term); the vocabularies are in domain/irm.ts. */
  irm_reviews: {
    id: Generated<number>;
    commitment_id: number;
    report: string;
    report_year: number | null;
    specificity: string | null;
    value_access_to_information: number | null;
    value_civic_participation: number | null;
    value_public_accountability: number | null;
    value_technology_and_innovation: number | null;
    potential_impact: string | null;
    completion: string | null;
    diog_overall: string | null;
    diog_access_to_information: string | null;
    diog_civic_participation: string | null;
    diog_public_accountability: string | null;
    /** The reviewer's text (Markdown). */
    text: string | null;
    /** 'user' (a reviewer in the workspace) or 'import' (OGP's dataset). */
    origin: string;
    version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  /** A recommendation of an IRM report to a plan, the government's answer, and what was done. */
  irm_recommendations: {
    id: Generated<number>;
    plan_id: number;
    source: string;
    position: number;
    text: string;
    answer: string | null;
    status: string | null;
    action: string | null;
    lang: string;
    version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
}
