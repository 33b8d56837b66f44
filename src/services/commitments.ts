import { AppError } from '../errors.js';
import { isLevel, type Level } from '../domain/levels.js';
import type { ActivityStatus, EvidenceKind, RoundInfo, RoundKind } from '../domain/types.js';
import * as templateStore from '../storage/commitment-template.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import type { Row } from '../storage/schema.js';
import * as workspaceStore from '../storage/workspace.js';
import { listTranslationsOf } from '../storage/report.js';
import { TEXT_COLUMNS, TEXT_FIELDS, type TextField } from '../domain/commitment-input.js';

/** A commitment's whole ficha in the OGP template, with its history, activities, evidence and levels. */

export interface AgencyRef {
  id: number;
  name: string;
  acronym: string | null;
}

export interface LeadAgencyEntry {
  agency: AgencyRef;
  asWritten: string;
  detail: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface ContactEntry {
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface EvidenceItem {
  id: number;
  kind: EvidenceKind;
  url: string | null;
  fileId: number | null;
  /** For a file: what it was uploaded as, for the download link. */
  file: { name: string; size: number; mediaType: string } | null;
  description: string | null;
  /** A document named by number: its date, when known. */
  date: string | null;
}

export interface SourceItem {
  id: number;
  text: string;
  date: string | null;
}

export interface ActivityItem {
  id: number;
  number: number;
  title: string;
  details: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** The planned end before it was first moved (acting on an early warning); null while never moved. */
  originalPlannedEnd: string | null;
  weight: number | null;
  status: ActivityStatus | null;
  /** OGP's template (issue 19): the deliverable, who answers for it (its own or the commitment's lead), the actual end, share done. */
  deliverable: string | null;
  responsible: AgencyRef | null;
  actualEnd: string | null;
  percentDone: number | null;
  cancellationReason: string | null;
  evidence: EvidenceItem[];
  sources: SourceItem[];
}

export interface Correction {
  field: string;
  before: string | null;
  after: string | null;
  reason: string;
  at: string;
}

export interface AssessmentItem {
  round: RoundInfo;
  /** The lead agency on the round's cutoff date: a round keeps the agency it was assessed under. */
  leadAgency: LeadAgencyEntry['agency'] | null;
  /** Changes made after the round was published, each a visible entry. */
  corrections: Correction[];
  level: Level | null;
  results: string | null;
  additionalInfo: string | null;
  reasons: string | null;
  nextSteps: string | null;
}

export interface CommitmentDetail {
  id: number;
  number: number;
  title: string;
  lang: string;
  plan: { id: number; title: string };
  theme: { id: number; title: string };
  leadAgency: LeadAgencyEntry | null;
  leadAgencyHistory: LeadAgencyEntry[];
  contact: ContactEntry | null;
  contactHistory: ContactEntry[];
  /** Every contact in charge now (a commitment may have several). */
  contacts: ContactEntry[];
  /** The co-leads now, in the order they were named (decision 030), and every entry over time. */
  coLeads: AgencyRef[];
  coLeadHistory: (Omit<LeadAgencyEntry, 'asWritten' | 'detail'> & { id: number })[];
  /** Changes of its text after its plan was approved, each with its reason and date. */
  modifications: { field: string; before: string | null; after: string | null; reason: string; on: string }[];
  otherActors: { government: string | null; civilSociety: string | null };
  problem: string | null;
  objective: string | null;
  description: string | null;
  relevance: string | null;
  ambition: string | null;
  additionalInfo: string | null;
  otherFields: { label: string; value: string }[];
  plannedStart: string | null;
  plannedEnd: string | null;
  /** The planned end before it was first moved; null while never moved. */
  originalPlannedEnd: string | null;
  activities: ActivityItem[];
  /** Evidence and sources about the commitment as a whole, not one activity. */
  evidence: EvidenceItem[];
  sources: SourceItem[];
  assessments: AssessmentItem[];
  /** Its texts in other languages, by language and field (`{ en: { title, problem… } }`): what a reader in that language sees. */
  translations: Partial<Record<string, Partial<Record<TextField, string>>>>;
  /** The latest change to the commitment or anything under it. */
  updatedAt: string;
}

type FileInfo = EvidenceItem['file'];
const toEvidence =
  (files: Map<number, FileInfo>) =>
  (e: Row<'evidence'>): EvidenceItem => ({
    id: e.id,
    kind: e.kind as EvidenceKind,
    url: e.url,
    fileId: e.file_id,
    file: files.get(e.id) ?? null,
    description: e.description,
    date: e.document_date,
  });

/** The entry in force on a date (entries without dates count as always in force). */
function entryOn<T extends { validFrom: string | null; validTo: string | null }>(entries: T[], date: string | null): T | null {
  if (!date) return entries.find((e) => e.validTo === null) ?? entries.at(-1) ?? null;
  return entries.find((e) => (e.validFrom === null || e.validFrom <= date) && (e.validTo === null || e.validTo > date)) ?? null;
}
const toSource = (s: Row<'sources'>): SourceItem => ({ id: s.id, text: s.text, date: s.document_date });

/** By default what the public may see: assessments of published rounds only. */
export async function getCommitment(store: Store, id: number, options: { includeDrafts?: boolean } = {}): Promise<CommitmentDetail> {
  const c = await commitmentStore.findCommitment(store.db, id);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id });
  const [plan, themes, agencies, contacts, activities, evidence, sources, assessments, fileRows] = await Promise.all([
    planStore.findPlan(store.db, c.plan_id),
    planStore.listThemes(store.db, c.plan_id),
    commitmentStore.listLeadAgencyHistory(store.db, id),
    commitmentStore.listContactHistory(store.db, id),
    commitmentStore.listActivities(store.db, id),
    commitmentStore.listEvidence(store.db, id),
    commitmentStore.listSources(store.db, id),
    commitmentStore.listAssessmentsOfCommitment(store.db, id),
    commitmentStore.listEvidenceFiles(store.db, id),
  ]);
  const [coLeadRows, modifications, translationRows] = await Promise.all([
    templateStore.listCoLeadHistory(store.db, id),
    templateStore.listModifications(store.db, id),
    listTranslationsOf(store.db, 'commitments', id),
  ]);
  const translations: CommitmentDetail['translations'] = {};
  for (const t of translationRows) {
    const field = TEXT_FIELDS.find((f) => TEXT_COLUMNS[f] === t.field);
    if (field && t.lang !== c.lang) (translations[t.lang] ??= {})[field] = t.text;
  }
  const responsibleNames = await templateStore.agencyNames(
    store.db,
    activities.map((a) => a.responsible_agency_id).filter((x): x is number => x !== null),
  );
  const files = new Map<number, FileInfo>(fileRows.map((f) => [f.evidence_id, { name: f.name, size: f.size, mediaType: f.media_type }]));
  const evidenceItem = toEvidence(files);
  const theme = themes.find((t) => t.id === c.theme_id)!;
  const corrections = await workspaceStore.listCorrections(
    store.db,
    assessments.map((a) => a.id),
  );
  const agencyEntries: LeadAgencyEntry[] = agencies.map((a) => ({
    agency: { id: a.agency_id, name: a.agency_name, acronym: a.agency_acronym },
    asWritten: a.as_written,
    detail: a.detail,
    validFrom: a.valid_from,
    validTo: a.valid_to,
  }));
  const contactEntries: ContactEntry[] = contacts.map((x) => ({
    name: x.name,
    position: x.position,
    email: x.email,
    phone: x.phone,
    validFrom: x.valid_from,
    validTo: x.valid_to,
  }));
  const updatedAt = [c.updated_at, ...activities.map((a) => a.updated_at), ...assessments.map((a) => a.updated_at)]
    .concat(
      evidence.map((e) => e.created_at),
      sources.map((s) => s.created_at),
      agencies.map((a) => a.created_at),
      contacts.map((x) => x.created_at),
      coLeadRows.map((x) => x.created_at),
      modifications.map((x) => x.created_at),
      translationRows.map((x) => x.updated_at),
    )
    .sort()
    .at(-1)!;
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    lang: c.lang,
    plan: { id: plan!.id, title: plan!.title },
    theme: { id: theme.id, title: theme.title },
    leadAgency: agencyEntries.find((a) => a.validTo === null) ?? null,
    leadAgencyHistory: agencyEntries,
    contact: contactEntries.find((x) => x.validTo === null) ?? null,
    contactHistory: contactEntries,
    contacts: contactEntries.filter((x) => x.validTo === null),
    coLeads: coLeadRows
      .filter((x) => x.valid_to === null)
      .map((x) => ({ id: x.agency_id, name: x.agency_name, acronym: x.agency_acronym })),
    coLeadHistory: coLeadRows.map((x) => ({
      id: x.id,
      agency: { id: x.agency_id, name: x.agency_name, acronym: x.agency_acronym },
      validFrom: x.valid_from,
      validTo: x.valid_to,
    })),
    modifications: modifications.map((x) => ({ field: x.field, before: x.before, after: x.after, reason: x.reason, on: x.modified_on })),
    otherActors: { government: c.other_actors_government, civilSociety: c.other_actors_civil_society },
    problem: c.problem,
    objective: c.objective,
    description: c.description,
    relevance: c.relevance,
    ambition: c.ambition,
    additionalInfo: c.additional_info,
    otherFields: c.other_fields ? (JSON.parse(c.other_fields) as { label: string; value: string }[]) : [],
    plannedStart: c.planned_start,
    plannedEnd: c.planned_end,
    originalPlannedEnd: c.original_planned_end,
    activities: activities.map((a) => ({
      id: a.id,
      number: a.number,
      title: a.title,
      details: a.details,
      plannedStart: a.planned_start,
      plannedEnd: a.planned_end,
      originalPlannedEnd: a.original_planned_end,
      weight: a.weight,
      status: a.status as ActivityStatus | null,
      deliverable: a.deliverable,
      responsible:
        (a.responsible_agency_id !== null ? responsibleNames.get(a.responsible_agency_id) : undefined) ??
        agencyEntries.find((x) => x.validTo === null)?.agency ??
        null,
      actualEnd: a.actual_end,
      percentDone: a.percent_done,
      cancellationReason: a.cancellation_reason,
      evidence: evidence.filter((e) => e.activity_id === a.id).map(evidenceItem),
      sources: sources.filter((s) => s.activity_id === a.id).map(toSource),
    })),
    evidence: evidence.filter((e) => e.activity_id === null).map(evidenceItem),
    sources: sources.filter((s) => s.activity_id === null).map(toSource),
    assessments: assessments
      .filter((a) => options.includeDrafts || Boolean(a.round_published))
      .map((a) => ({
        round: {
          id: a.round_id,
          position: a.round_position,
          kind: a.round_kind as RoundKind,
          title: a.round_title,
          lang: a.round_lang,
          cutoffDate: a.round_cutoff,
          published: Boolean(a.round_published),
        },
        leadAgency: entryOn(agencyEntries, a.round_cutoff)?.agency ?? null,
        corrections: corrections
          .filter((x) => x.assessment_id === a.id)
          .map((x) => ({ field: x.field, before: x.before, after: x.after, reason: x.reason, at: x.corrected_at })),
        level: isLevel(a.level) ? a.level : null,
        results: a.results,
        additionalInfo: a.additional_info,
        reasons: a.reasons,
        nextSteps: a.next_steps,
      })),
    translations,
    updatedAt,
  };
}
