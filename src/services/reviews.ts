import {
  compareCompletion,
  isStarred,
  valuesOf,
  type CommitmentLink,
  type CommitmentReview,
  type DidItOpenGovernment,
  type IrmCompletion,
  type IrmReport,
  type PotentialImpact,
  type RecommendationItem,
  type RecommendationStatus,
  type ReviewItem,
  type Specificity,
} from '../domain/irm.js';
import { isLevel } from '../domain/levels.js';
import type { RoundKind } from '../domain/types.js';
import { AppError } from '../errors.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import * as reviewStore from '../storage/reviews.js';
import type { Row } from '../storage/schema.js';

/**
 * The public side of the independent review: a commitment's reviews beside its self-assessment, a
 * plan's recommendations from the IRM, and the commitments a commitment continues or is continued by.
 */

/** The round a report is compared with: the progress report with the mid-term self-assessment, the end-of-term report with the final one. */
const ROUND_OF: Record<IrmReport, RoundKind> = { progress: 'midterm', 'end-of-term': 'end-of-term' };

type AssessmentRow = Awaited<ReturnType<typeof commitmentStore.listAssessmentsOfCommitment>>[number];

function selfOf(report: IrmReport, published: AssessmentRow[]): ReviewItem['self'] {
  const same = published.filter((a) => a.round_kind === ROUND_OF[report]).at(-1);
  // A plan assessed only in periodic rounds: its latest is what the end-of-term report looks back on.
  const a = same ?? (report === 'end-of-term' ? published.at(-1) : undefined);
  if (!a) return null;
  return {
    round: {
      id: a.round_id,
      position: a.round_position,
      kind: a.round_kind as RoundKind,
      title: a.round_title,
      lang: a.round_lang,
      cutoffDate: a.round_cutoff,
      published: true,
    },
    level: isLevel(a.level) ? a.level : null,
  };
}

export function toReviewItem(r: Row<'irm_reviews'>, published: AssessmentRow[]): ReviewItem {
  const values = valuesOf({
    'access-to-information': r.value_access_to_information,
    'civic-participation': r.value_civic_participation,
    'public-accountability': r.value_public_accountability,
    'technology-and-innovation': r.value_technology_and_innovation,
  });
  const report = r.report as IrmReport;
  const completion = r.completion as IrmCompletion | null;
  const specificity = r.specificity as Specificity | null;
  const potentialImpact = r.potential_impact as PotentialImpact | null;
  const self = selfOf(report, published);
  return {
    report,
    reportYear: r.report_year,
    specificity,
    values,
    potentialImpact,
    completion,
    diog: {
      overall: r.diog_overall as DidItOpenGovernment | null,
      'access-to-information': r.diog_access_to_information as DidItOpenGovernment | null,
      'civic-participation': r.diog_civic_participation as DidItOpenGovernment | null,
      'public-accountability': r.diog_public_accountability as DidItOpenGovernment | null,
    },
    text: r.text,
    origin: r.origin === 'import' ? 'import' : 'user',
    starred: isStarred({ specificity, values, potentialImpact, completion, reportYear: r.report_year }),
    self,
    agreement: compareCompletion(self?.level ?? null, completion),
    updatedAt: r.updated_at,
  };
}

const toLink = (r: reviewStore.CommitmentLinkRow): CommitmentLink => ({
  id: r.id,
  number: r.number,
  title: r.title,
  lang: r.lang,
  plan: { id: r.plan_id, title: r.plan_title },
});

/** A commitment's reviews (published self-assessments only beside them) and its links to other plans. */
export async function getCommitmentReview(store: Store, commitmentId: number): Promise<CommitmentReview> {
  const c = await commitmentStore.findCommitment(store.db, commitmentId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  const [rows, assessments, continues, continuedBy] = await Promise.all([
    reviewStore.listReviewsOfCommitment(store.db, commitmentId),
    commitmentStore.listAssessmentsOfCommitment(store.db, commitmentId),
    reviewStore.findPredecessor(store.db, commitmentId),
    reviewStore.listContinuations(store.db, commitmentId),
  ]);
  const published = assessments.filter((a) => Boolean(a.round_published));
  return {
    reviews: rows.map((r) => toReviewItem(r, published)),
    continues: continues ? toLink(continues) : null,
    continuedBy: continuedBy.map(toLink),
  };
}

export const toRecommendation = (r: Row<'irm_recommendations'>): RecommendationItem => ({
  id: r.id,
  position: r.position,
  source: r.source,
  text: r.text,
  answer: r.answer,
  status: r.status as RecommendationStatus | null,
  action: r.action,
  lang: r.lang,
  version: r.version,
});

/** The IRM's recommendations to a plan, in order, with the government's answer and what was done. */
export async function getPlanRecommendations(store: Store, planId: number): Promise<RecommendationItem[]> {
  if (!(await planStore.findPlan(store.db, planId))) throw new AppError('not_found', { entity: 'plan', id: planId });
  return (await reviewStore.listRecommendations(store.db, planId)).map(toRecommendation);
}
