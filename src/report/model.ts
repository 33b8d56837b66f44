import type { RecommendationStatus } from '../domain/irm.js';
import type { Level } from '../domain/levels.js';
import type { Summary } from '../domain/summary.js';
import type { RoundKind } from '../domain/types.js';
import type { Lang } from '../i18n/lang.js';
import type { ReviewItem } from '../domain/irm.js';

/**
 * The self-assessment report as data, built by services/report.ts and written by docx.ts, html.tsx
 * (and pdf.ts through the HTML). Writers compute nothing: every figure is here already.
 */

/** A stored text in the report's language: its translation when one is stored, else the original, marked. */
export interface Text {
  text: string;
  /** The language the text is written in. */
  lang: string;
  /** The report is in another language and no translation is stored: writers mark it visibly. */
  untranslated: boolean;
}

export interface ReportSection {
  key: string;
  /** "1", "2"… as the seed numbers its sections; null for the glossary. */
  number: number | null;
  title: Text;
  body: Text | null;
}

export interface FichaModel {
  id: number;
  number: number;
  title: Text;
  theme: Text;
  leadAgency: string | null;
  contact: { name: string | null; position: string | null; email: string | null; phone: string | null };
  otherActors: { government: Text | null; civilSociety: Text | null };
  problem: Text | null;
  objective: Text | null;
  description: Text | null;
  relevance: Text | null;
  ambition: Text | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  level: Level | null;
  results: Text | null;
  /** Why the level is what it is (required for No iniciado and Limitado), as the commitment's page shows it. */
  reasons: Text | null;
  /** The evidence the round's assessment cites, each as the commitment's page shows a piece of evidence. */
  citedEvidence: EvidenceRef[];
  nextSteps: Text | null;
  additionalInfo: Text | null;
  otherFields: { label: string; value: string }[];
  /** The titles of its activities: where the results' text starts a group (see docx.ts). */
  activityTitles: string[];
}

export interface EvidenceRef {
  url: string | null;
  /** A file: its name, size, and where the site serves it ("/evidencias/ID/archivo"). */
  file: { name: string; size: number; path: string } | null;
  description: string | null;
  /** A document named by number: its date, when known. */
  date: string | null;
}

export interface ThemeChapter {
  id: number;
  number: number;
  title: Text;
  intro: Text | null;
  fichas: FichaModel[];
  /** The theme's synthesis as the report wrote it; when it has none, `sentence` stands in its place. */
  synthesis: Text | null;
  /** The sentence written from the counts (domain/sentences.ts), in the report's language. */
  sentence: string;
}

export interface RoundRef {
  id: number;
  kind: RoundKind;
  title: string;
  lang: string;
  cutoffDate: string | null;
}

export interface ReviewModel {
  commitmentNumber: number;
  commitmentTitle: Text;
  /** The review as the commitment's page shows it (services/reviews.ts toReviewItem): its values,
   *  starred flag, the published self-assessment it is set beside and their agreement. */
  review: Omit<ReviewItem, 'text'>;
  text: Text | null;
}

export interface RecommendationModel {
  source: string;
  position: number;
  text: Text;
  answer: Text | null;
  status: RecommendationStatus | null;
  action: Text | null;
}

export interface ReportModel {
  lang: Lang;
  plan: { id: number; title: Text; periodStart: number | null; periodEnd: number | null };
  government: string;
  round: RoundRef;
  /** False when the round is a draft (not yet published): only asked for by name. */
  published: boolean;
  /** The day the report was made (YYYY-MM-DD). */
  date: string;
  /** The site's address (PUBLIC_URL), for links to evidence files in a document read away from it; null when not set. */
  siteUrl: string | null;
  glossary: ReportSection | null;
  /** Narrative sections before the fichas (background, process, IRM recommendations' uptake, others), in the plan's order. */
  before: ReportSection[];
  /** The section that introduces the fichas ("Cumplimiento de la implementación…"), with its number. */
  implementation: ReportSection;
  themes: ThemeChapter[];
  /** After the fichas: the conclusions (and anything after them). */
  after: ReportSection[];
  recommendations: RecommendationModel[];
  summary: Summary;
  /** Every round up to the report's, oldest first, and each commitment's level in each. */
  comparison: { rounds: RoundRef[]; rows: { number: number; title: Text; levels: (Level | null)[] }[] };
  chart: { svg: string; alt: string; title: string };
  reviews: ReviewModel[];
}
