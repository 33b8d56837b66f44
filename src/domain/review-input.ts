import type { FieldRule } from './input.js';
import { DID_IT_OPEN_GOVERNMENT, IRM_COMPLETION, IRM_REPORTS, POTENTIAL_IMPACT, RECOMMENDATION_STATUSES, SPECIFICITY } from './irm.js';

/**
 * What a reviewer and a coordinator may send about the independent review, the IRM's
 * recommendations, and carrying a commitment on (checked by domain/input.ts `checkFields`).
 */
const FLAG = { type: 'choice', values: ['0', '1'] } as const;
const LONG = 20_000;

/** The form's field for each column of irm_reviews (the report is the key: it is not changed). */
export const REVIEW_COLUMNS = {
  reportYear: 'report_year',
  specificity: 'specificity',
  valueAccessToInformation: 'value_access_to_information',
  valueCivicParticipation: 'value_civic_participation',
  valuePublicAccountability: 'value_public_accountability',
  valueTechnologyAndInnovation: 'value_technology_and_innovation',
  potentialImpact: 'potential_impact',
  completion: 'completion',
  diogOverall: 'diog_overall',
  diogAccessToInformation: 'diog_access_to_information',
  diogCivicParticipation: 'diog_civic_participation',
  diogPublicAccountability: 'diog_public_accountability',
  reviewText: 'text',
} as const;
export type ReviewField = keyof typeof REVIEW_COLUMNS;

/** The four "relevant to" boxes: a form sends nothing for a box not ticked. */
export const REVIEW_VALUE_FIELDS = [
  'valueAccessToInformation',
  'valueCivicParticipation',
  'valuePublicAccountability',
  'valueTechnologyAndInnovation',
] as const;

const diog = { type: 'choice', values: DID_IT_OPEN_GOVERNMENT } as const;

export const REVIEW_RULES: Record<'report' | ReviewField, FieldRule> = {
  report: { type: 'choice', required: true, values: IRM_REPORTS },
  // The IRM reviews plans since 2011; its year decides the starred rule (see isStarred).
  reportYear: { type: 'int', min: 2011, max: 2100 },
  specificity: { type: 'choice', values: SPECIFICITY },
  valueAccessToInformation: FLAG,
  valueCivicParticipation: FLAG,
  valuePublicAccountability: FLAG,
  valueTechnologyAndInnovation: FLAG,
  potentialImpact: { type: 'choice', values: POTENTIAL_IMPACT },
  completion: { type: 'choice', values: IRM_COMPLETION },
  diogOverall: diog,
  diogAccessToInformation: diog,
  diogCivicParticipation: diog,
  diogPublicAccountability: diog,
  reviewText: { type: 'text', max: LONG, multiline: true },
};

export const RECOMMENDATION_RULES: Record<string, FieldRule> = {
  source: { type: 'text', required: true, max: 300 },
  recommendationText: { type: 'text', required: true, max: LONG, multiline: true },
  answer: { type: 'text', max: LONG, multiline: true },
  status: { type: 'choice', values: RECOMMENDATION_STATUSES },
  action: { type: 'text', max: LONG, multiline: true },
};

export const CONTINUATION_RULES: Record<string, FieldRule> = {
  planId: { type: 'int', required: true, min: 1, max: 2_147_483_647 },
  themeId: { type: 'int', required: true, min: 1, max: 2_147_483_647 },
};
