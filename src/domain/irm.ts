/**
 * The Independent Reporting Mechanism's scales (MRI/IRM), as its reports and OGP's commitment dataset
 * use them, and the starred rule. Pure: values in, values out.
 */
import { levelRank, type Level } from './levels.js';
import type { RoundInfo } from './types.js';

export const IRM_REPORTS = ['progress', 'end-of-term'] as const;
export type IrmReport = (typeof IRM_REPORTS)[number];

export const SPECIFICITY = ['none', 'low', 'medium', 'high'] as const;
export type Specificity = (typeof SPECIFICITY)[number];

export const POTENTIAL_IMPACT = ['none', 'minor', 'moderate', 'transformative'] as const;
export type PotentialImpact = (typeof POTENTIAL_IMPACT)[number];

export const IRM_COMPLETION = ['not-started', 'limited', 'substantial', 'complete', 'withdrawn', 'unclear'] as const;
export type IrmCompletion = (typeof IRM_COMPLETION)[number];

export const DID_IT_OPEN_GOVERNMENT = ['worsened', 'did-not-change', 'marginal', 'major', 'outstanding'] as const;
export type DidItOpenGovernment = (typeof DID_IT_OPEN_GOVERNMENT)[number];

/** The OGP values a commitment may be relevant to; the first three count for a star. */
export const OGP_VALUES = ['access-to-information', 'civic-participation', 'public-accountability', 'technology-and-innovation'] as const;
export type OgpValue = (typeof OGP_VALUES)[number];

export const RECOMMENDATION_STATUSES = ['not-addressed', 'partly-addressed', 'addressed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** The year from which the IRM stars only transformative potential impact. */
const TRANSFORMATIVE_ONLY_FROM = 2015;

export interface StarFacts {
  specificity: Specificity | null;
  values: readonly OgpValue[];
  potentialImpact: PotentialImpact | null;
  completion: IrmCompletion | null;
  /** The year the review was published (the rule changed in 2015). */
  reportYear: number | null;
}

/**
 * Starred: medium or high specificity; relevant to access to information, civic participation or
 * public accountability; potential impact moderate or transformative — transformative only in reports
 * from 2015 on (always, with `formula: 'current'`) —; completion substantial or complete. Anything
 * unknown is not starred.
 */
export function isStarred(f: StarFacts, options: { formula?: 'by-year' | 'current' } = {}): boolean {
  const specific = f.specificity === 'medium' || f.specificity === 'high';
  const relevant = f.values.some((v) => v === 'access-to-information' || v === 'civic-participation' || v === 'public-accountability');
  // OGP's "current formula" (its dataset's columns of that name) counts transformative impact alone,
  // whatever the report's year; the pages judge each report by the rule of its year.
  const moderateCounts = options.formula !== 'current' && f.reportYear !== null && f.reportYear < TRANSFORMATIVE_ONLY_FROM;
  const impact = f.potentialImpact === 'transformative' || (f.potentialImpact === 'moderate' && moderateCounts);
  const done = f.completion === 'substantial' || f.completion === 'complete';
  return specific && relevant && impact && done;
}

/**
 * The IRM's completion on the self-assessment's scale (domain/levels.ts): the four shared steps map
 * one to one; withdrawn and unclear have no counterpart (null).
 */
export function irmCompletionAsLevel(c: IrmCompletion): Level | null {
  return c === 'withdrawn' || c === 'unclear' ? null : c;
}

/**
 * How the independent review's completion stands against the government's own level:
 * `same`; `higher` / `lower` (the IRM's level above or below the self-assessment's) by `steps` on the
 * four-step scale; `no-counterpart` when the IRM said withdrawn or unclear; `missing` when either
 * side has no level yet.
 */
export type CompletionAgreement =
  { kind: 'same' } | { kind: 'higher' | 'lower'; steps: number } | { kind: 'no-counterpart' } | { kind: 'missing' };

export function compareCompletion(self: Level | null, irm: IrmCompletion | null): CompletionAgreement {
  if (irm === 'withdrawn' || irm === 'unclear') return { kind: 'no-counterpart' };
  if (self === null || irm === null) return { kind: 'missing' };
  const diff = levelRank(irm) - levelRank(self);
  if (diff === 0) return { kind: 'same' };
  return { kind: diff > 0 ? 'higher' : 'lower', steps: Math.abs(diff) };
}

/** The values a review marks, as stored (one 0/1 column each), back into a list. */
export function valuesOf(flags: Record<OgpValue, number | boolean | null>): OgpValue[] {
  return OGP_VALUES.filter((v) => Number(flags[v]) === 1);
}

export const isIrmReport = (v: unknown): v is IrmReport => typeof v === 'string' && (IRM_REPORTS as readonly string[]).includes(v);
export const isRecommendationStatus = (v: unknown): v is RecommendationStatus =>
  typeof v === 'string' && (RECOMMENDATION_STATUSES as readonly string[]).includes(v);

// ---- As the public reads them (services/reviews.ts builds them, pages and the report show them) ----

export interface ReviewItem {
  report: IrmReport;
  reportYear: number | null;
  specificity: Specificity | null;
  values: OgpValue[];
  potentialImpact: PotentialImpact | null;
  completion: IrmCompletion | null;
  diog: {
    overall: DidItOpenGovernment | null;
    'access-to-information': DidItOpenGovernment | null;
    'civic-participation': DidItOpenGovernment | null;
    'public-accountability': DidItOpenGovernment | null;
  };
  text: string | null;
  origin: 'user' | 'import';
  /** Computed from the scales every time it is read: never typed, never stored. */
  starred: boolean;
  /** The self-assessment the review is set beside: the published round of the same moment. */
  self: { round: RoundInfo; level: Level | null } | null;
  agreement: CompletionAgreement;
  updatedAt: string;
}

export interface CommitmentLink {
  id: number;
  number: number;
  title: string;
  lang: string;
  plan: { id: number; title: string };
}

export interface CommitmentReview {
  reviews: ReviewItem[];
  /** The commitment of an earlier plan this one carries on. */
  continues: CommitmentLink | null;
  /** Commitments of later plans that carry this one on. */
  continuedBy: CommitmentLink[];
}

export interface RecommendationItem {
  id: number;
  position: number;
  source: string;
  text: string;
  answer: string | null;
  status: RecommendationStatus | null;
  action: string | null;
  lang: string;
  version: number;
}
