import type { Level } from '../domain/levels.js';
import type { RoundKind } from '../domain/types.js';
import type { ImportWarning } from './warnings.js';

/**
 * What a reader makes of a self-assessment report, before anything is stored: the same shape
 * whatever the layout it came from (Word's text export now, .docx later). Long texts are Markdown.
 */
export interface ParsedReport {
  /** A self-assessment report (rounds, levels) or an action plan (issue 21: creates a plan in borrador, no round). */
  kind: 'report' | 'plan';
  /** The OGP template the commitments were recognised by (src/import/templates), null for Vigía's own layout. */
  template: string | null;
  language: 'es' | 'en';
  government: { name: string; countryCode: string | null; kind: 'national' | 'local' } | null;
  plan: {
    title: string;
    periodStart: number | null;
    periodEnd: number | null;
    approvalInstrument: string | null;
    approvalDate: string | null;
    status: 'draft' | 'active' | 'completed';
  };
  sections: ParsedSection[];
  themes: ParsedTheme[];
  commitments: ParsedCommitment[];
  /** Assessment rounds in order; the last is the one the fichas report. */
  rounds: ParsedRound[];
  /** The summary table as printed, if the report has one. */
  printedSummary: PrintedSummary | null;
  warnings: ImportWarning[];
  /** Labels the reader found and could not place (issue 21): a person says what they mean, nothing is dropped. */
  unrecognisedLabels: UnrecognisedLabel[];
}

/** A label cell no template table and no saved mapping of the government names. */
export interface UnrecognisedLabel {
  /** As written in the document. */
  label: string;
  /** foldKey(label): how a mapping is saved and looked up. */
  key: string;
  commitment: number | null;
  page: number | null;
  line: number;
  /** The start of the value under it, so that a person can tell what it holds. */
  sample: string;
}

/** What a person said a label means, saved per government (label_mappings): a template field, or 'ignore'. */
export type LabelMappings = ReadonlyMap<string, string>;

export interface ReadOptions {
  /** foldKey(label) → FichaField or 'ignore'; consulted after the template tables. */
  labelMappings?: LabelMappings;
}

export interface ParsedAgency {
  asWritten: string;
  name: string;
  acronym: string | null;
  detail: string | null;
}

export interface ParsedContact {
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export interface ParsedSection {
  key: string;
  title: string;
  body: string;
}

export interface ParsedTheme {
  title: string;
  /** Every spelling the report used for it. */
  spellings: string[];
  intro: string | null;
  synthesis: string | null;
}

export interface ParsedCommitment {
  number: number;
  title: string;
  themeIndex: number;
  leadAgency: ParsedAgency | null;
  /** Further responsible agencies ("Department of Justice (DOJ), NARA, GSA" → the first is leadAgency): co-leads. */
  coLeadAgencies: ParsedAgency[];
  contact: ParsedContact;
  /** Further contact people (plans name one per agency). */
  otherContacts: ParsedContact[];
  otherActors: { government: string | null; civilSociety: string | null };
  problem: string | null;
  objective: string | null;
  description: string | null;
  relevance: string | null;
  ambition: string | null;
  additionalInfo: string | null;
  results: string | null;
  nextSteps: string | null;
  /** Why a level is No iniciado or Limitado, as Vigía's own report writes it ("Razones"); null in OGP's template. */
  reasons: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** The level marked in the ficha, and the words of its column as the report writes them. */
  level: Level | null;
  levelText: string | null;
  activities: ParsedActivity[];
  evidence: ParsedEvidence[];
  /** Documents the evidence text names by number ("Resolución Ministerial N° 176-2015-PCM"): evidence without a link. */
  references: ParsedReference[];
  sources: ParsedSource[];
  /** Fields under labels the reader does not know: kept, not dropped. */
  otherFields: { label: string; value: string }[];
  line: number;
}

export interface ParsedActivity {
  number: number;
  title: string;
  details: string | null;
  /** A part's own level ("a Substantial, b Limited"), when the report marks levels per part. */
  level?: Level | null;
  levelText?: string | null;
  /** A milestone's dates (ISO yyyy-mm-dd) and responsible, when the document gives them (plans, 2016+ template). */
  plannedStart?: string | null;
  plannedEnd?: string | null;
  responsible?: string | null;
}

export interface ParsedEvidence {
  url: string;
  description: string | null;
  /** The activity under which the link appears; null when it is about the whole commitment. */
  activityNumber: number | null;
}

export interface ParsedReference {
  /** As written: "Oficio N° 290-2017-MIDIS/SG/OGPPM". */
  text: string;
  /** The date written right after it, if any. */
  date: string | null;
  activityNumber: number | null;
}

export interface ParsedSource {
  text: string;
  date: string | null;
}

export interface ParsedRound {
  kind: RoundKind;
  title: string;
  cutoffDate: string | null;
  /** Level by commitment number, as this round records it. */
  levels: Map<number, { level: Level | null; text: string }>;
}

export interface PrintedSummary {
  line: number;
  columns: (Level | 'total')[];
  rows: { label: string; themeIndex: number | null; values: (number | null)[]; line: number }[];
  total: (number | null)[] | null;
  percent: (string | null)[] | null;
}

/** The closing table that gives each commitment's level in each round. */
export interface Comparison {
  rounds: { kind: RoundKind; title: string; cutoffDate: string | null }[];
  rows: { number: number; title: string; levels: { level: Level | null; text: string }[]; line: number }[];
}
