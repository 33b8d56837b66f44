import type { DidItOpenGovernment, IrmCompletion, OgpValue, PotentialImpact, Specificity } from './irm.js';

/**
 * OGP's commitment dataset: the columns Vigía reads and writes, in OGP's names and order, and the
 * dataset's words for the IRM's scales (src/domain/irm.ts). Shared by the CSV reader and the export.
 */
export const COL = {
  id: 'Commitment Unique Identifier',
  member: 'Country/Locality',
  planNumber: 'Action Plan Number',
  number: 'Commitment Number',
  nationalOrLocal: 'National Or Local',
  yearOfSubmission: 'Year Of Submission',
  planEndYear: 'Action Plan End Year',
  theme: 'Theme',
  title: 'Commitment Title',
  fullText: 'Full Text',
  start: 'Start Date',
  end: 'End Date',
  lead: 'Lead Institution',
  supporting: 'Supporting Institution(s)',
  progressYear: 'Report Publication Year (Progress Report)',
  specificity: 'Specificity',
  valueAti: 'OGP Value Access To Information',
  valueCp: 'OGP Value Civic Participation',
  valuePa: 'OGP Value Public Accountability',
  valueTech: 'OGP Value Technology',
  potentialImpact: 'Potential Impact',
  progressCompletion: 'Completion (Progress Report)',
  progressStarred: 'Starred (Current Formula) Progress Report',
  endYear: 'Report Publication Year (End Of Term)',
  endCompletion: 'Completion (End Of Term)',
  diogOverall: 'Did It Open Government (Overall)',
  diogAti: 'Did It Open Government (Access To Information)',
  diogCp: 'Did It Open Government (Civic Participation)',
  diogPa: 'Did It Open Government: Public Accountability',
  endStarred: 'Starred (Current Formula) End of Term',
} as const;

/** The policy areas, each a 0/1 column of the dataset; a commitment's are stored as a JSON list of these names. */
export const POLICY_AREAS = [
  'Anti-Corruption and Integrity',
  'Anti-corruption Institutions',
  'Anti-Corruption Strategies',
  'Asset Disclosure',
  'Audits',
  'Beneficial Ownership',
  'Conflicts Of Interest',
  'Elections',
  'Political Finance',
  'Lobbying',
  'Open Contracting',
  'Public Procurement',
  'Right To Information',
  'Whistleblower Protections',
  'Civic Space and Enabling Environment',
  'Freedom of Assembly',
  'Freedom of Association',
  'Freedom of Expression',
  'Democratizing Decision-Making',
  'Digital Participation',
  'Mainstreaming Participation',
  'Regulatory Governance',
  'Social Accountability',
  'Digital Governance',
  'Automated Decision-making',
  'Data Stewardship and Privacy',
  'Digital Inclusion',
  'Disinformation/Misinformation',
  'Online Civic Space',
  'Environment & Climate',
  'Climate Finance',
  'Climate Mitigation and Adaptation',
  'Environmental Regulation',
  'International Environmental Agreements',
  'Fiscal Openness',
  'Publication Of Budget/Fiscal Information',
  'Public Participation In Budget/Fiscal Policy',
  'Oversight Of Budget/Fiscal Policies',
  'Stimulus and Economic Recovery',
  'Tax',
  'Debt',
  'Inclusion',
  'Gender',
  'Gender-Based Violence',
  'Economic Inclusion',
  'LGBTQIA+',
  'People with Disabilities',
  'Youth',
  'Justice',
  'Access to Justice',
  'Open Justice',
  'Policing & Corrections',
  'Judiciary',
  'Open Parliaments',
  'Public Service Delivery',
  'Citizenship & Immigration',
  'Education',
  'Health & Nutrition',
  'Infrastructure & Transport',
  'Water & Sanitation',
  'Capacity Building',
  'Digital Transformation',
  'Legislation',
  'Regulation',
  'Legislative Oversight',
  'Open Data',
  'Public Participation',
  'Aid',
  'Energy',
  'Extractive Industries',
  'Land and Spatial Planning',
  'Media & Telecommunications',
  'Science & Technology',
  'Security & Public Safety',
  'Labor',
  'Private Sector',
  'Subnational',
  'Human Rights',
  'Open Parliament Plan',
  'Sustainable Development Goals',
  'Open Data (Water/Sanitation)',
  'Open Data (Health)',
  'Open Data (Education)',
  'Participation in Lawmaking',
  'Access to information',
  'Money in Politics',
] as const;

/** The columns of Vigía's export, in the order OGP's dataset has them (the columns Vigía stores, or computes: starred). */
export const EXPORT_COLUMNS: readonly string[] = [
  COL.id,
  COL.member,
  COL.planNumber,
  COL.number,
  COL.nationalOrLocal,
  COL.yearOfSubmission,
  COL.planEndYear,
  COL.theme,
  COL.title,
  COL.fullText,
  COL.start,
  COL.end,
  COL.lead,
  COL.supporting,
  ...POLICY_AREAS,
  COL.progressYear,
  COL.specificity,
  COL.valueAti,
  COL.valueCp,
  COL.valuePa,
  COL.valueTech,
  COL.potentialImpact,
  COL.progressCompletion,
  COL.progressStarred,
  COL.endYear,
  COL.endCompletion,
  COL.diogOverall,
  COL.diogAti,
  COL.diogCp,
  COL.diogPa,
  COL.endStarred,
];

/**
 * Vigía's own columns, after OGP's (decision 032): what a plan made or edited in Vigía needs to come back
 * the same from `vigia export ogp` → `vigia import` — its title, language, stage and approval, the lead
 * agency as Vigía keeps it (name and acronym, beside "Lead Institution" as written) and the template's
 * texts. OGP's own file has none of them: the import reads each one only when the file has its column.
 */
export const VIGIA_COL = {
  planTitle: 'Action Plan Title',
  planLang: 'Action Plan Language',
  planStatus: 'Action Plan Status',
  approvalInstrument: 'Approval Instrument',
  approvalDate: 'Approval Date',
  leadAgency: 'Lead Agency',
  leadAcronym: 'Lead Agency Acronym',
  /** The commitment's number on Vigía's pages ("Compromiso 7"), which OGP's ("3.1") may not be. */
  number: 'Vigía Commitment Number',
} as const;

/** The OGP template's texts a commitment keeps beyond OGP's columns: column → commitments' field. */
export const TEMPLATE_COLUMNS = [
  ['Problem', 'problem'],
  ['Objective', 'objective'],
  ['Relevance', 'relevance'],
  ['Ambition', 'ambition'],
  ['Additional Information', 'additional_info'],
  ['Other Actors (Government)', 'other_actors_government'],
  ['Other Actors (Civil Society)', 'other_actors_civil_society'],
] as const;
export type TemplateField = (typeof TEMPLATE_COLUMNS)[number][1];

/** Every column of Vigía's export: OGP's, then Vigía's own. */
export const ALL_EXPORT_COLUMNS: readonly string[] = [...EXPORT_COLUMNS, ...Object.values(VIGIA_COL), ...TEMPLATE_COLUMNS.map(([c]) => c)];

/**
 * OGP's markers for a value not determined ("ND") or not reviewed ("NR"): no value, but not "no" either.
 * The import keeps which cells had one (commitments.ogp_not_determined) and the export writes them back.
 */
export type NotDeterminedMarker = 'ND' | 'NR';
export function notDeterminedMarker(cell: string | undefined): NotDeterminedMarker | null {
  const t = (cell ?? '').trim().toUpperCase();
  return t === 'ND' || t === 'NR' ? t : null;
}

/** The columns whose ND/NR is kept: the ones Vigía reads, but the identifiers and the computed stars. */
export const MARKED_COLUMNS: readonly string[] = EXPORT_COLUMNS.filter(
  (c) => c !== COL.id && c !== COL.member && c !== COL.planNumber && c !== COL.title && !c.startsWith('Starred'),
);

/**
 * The theme of a plan's commitments that OGP gives no theme ("NA"): a theme must have a title the pages
 * can show, and the export writes "NA" again for it.
 */
export const NO_THEME = 'No theme';
/** The same theme in a plan written in Spanish. */
export const NO_THEME_ES = 'Sin tema';
export const noThemeTitle = (lang: string): string => (lang === 'es' ? NO_THEME_ES : NO_THEME);
export const isNoTheme = (title: string): boolean => title === NO_THEME || title === NO_THEME_ES;

/**
 * OGP's members that write in Spanish: their plans are imported in Spanish (the plan's, its themes' and
 * commitments' language), as they wrote them; the others in English, OGP's language.
 */
const SPANISH_SPEAKING = new Set(['AR', 'CL', 'CO', 'CR', 'DO', 'EC', 'ES', 'GT', 'HN', 'MX', 'PA', 'PE', 'PY', 'SV', 'UY']);
export const memberLang = (countryCode: string | null): 'es' | 'en' => (countryCode && SPANISH_SPEAKING.has(countryCode) ? 'es' : 'en');

/** The labels under which OGP's values without a column of their own are kept in commitments.other_fields. */
export const OGP_OTHER_FIELD_LABELS: readonly string[] = [COL.number, COL.start, COL.end];

/**
 * A commitment's other fields without OGP's own (its number and dates in the plan OGP gave them): what a
 * continuation in a later plan keeps, so that it is not exported under the earlier plan's OGP number.
 */
export function withoutOgpOtherFields(json: string | null): string | null {
  if (!json) return json;
  let fields: unknown;
  try {
    fields = JSON.parse(json);
  } catch {
    return json;
  }
  if (!Array.isArray(fields)) return json;
  const kept = fields.filter((f: { label?: unknown }) => !OGP_OTHER_FIELD_LABELS.includes(String(f?.label)));
  return kept.length > 0 ? JSON.stringify(kept) : null;
}

/** Cells that mean "no value": not applicable, no data, not reviewed (OGP's markers), or empty. */
export function isMissing(cell: string | undefined): boolean {
  return cell === undefined || /^(|na|nd|nr|n\/a)$/i.test(cell.trim());
}

/** The dataset's words → the IRM scale, and back (Title Case, as OGP writes them). */
function vocabulary<T extends string>(pairs: [string, T][], extraMissing: string[] = []) {
  const read = new Map(pairs.map(([word, value]) => [word.toLowerCase(), value]));
  const write = new Map(pairs.map(([word, value]) => [value, word]));
  for (const w of extraMissing) read.set(w.toLowerCase(), null as never);
  return {
    /** The value; null for a missing marker; undefined for a word the scale does not have. */
    read(cell: string | undefined): T | null | undefined {
      if (isMissing(cell)) return null;
      const key = cell!.trim().toLowerCase();
      return read.has(key) ? (read.get(key) ?? null) : undefined;
    },
    write: (value: T | null): string => (value === null ? '' : (write.get(value) ?? '')),
    words: pairs.map(([w]) => w),
  };
}

export const SPECIFICITY_WORDS = vocabulary<Specificity>([
  ['None', 'none'],
  ['Low', 'low'],
  ['Medium', 'medium'],
  ['High', 'high'],
]);
export const IMPACT_WORDS = vocabulary<PotentialImpact>([
  ['None', 'none'],
  ['Minor', 'minor'],
  ['Moderate', 'moderate'],
  ['Transformative', 'transformative'],
]);
export const COMPLETION_WORDS = vocabulary<IrmCompletion>([
  ['Not Started', 'not-started'],
  ['Limited', 'limited'],
  ['Substantial', 'substantial'],
  ['Complete', 'complete'],
  ['Withdrawn', 'withdrawn'],
  ['Unclear', 'unclear'],
]);
/** "Not Applicable" and "No early results to report yet" say there is no level: stored as none. */
export const DIOG_WORDS = vocabulary<DidItOpenGovernment>(
  [
    ['Worsens', 'worsened'],
    ['Did Not Change', 'did-not-change'],
    ['Marginal', 'marginal'],
    ['Major', 'major'],
    ['Outstanding', 'outstanding'],
  ],
  ['Not Applicable', 'No early results to report yet'],
);

/** The value columns, in the order of OGP_VALUES. */
export const VALUE_COLUMNS: readonly [string, OgpValue][] = [
  [COL.valueAti, 'access-to-information'],
  [COL.valueCp, 'civic-participation'],
  [COL.valuePa, 'public-accountability'],
  [COL.valueTech, 'technology-and-innovation'],
];

/** A 0/1 flag cell: 1, 0, null for a missing marker, undefined for anything else. */
export function readFlag(cell: string | undefined): 0 | 1 | null | undefined {
  if (isMissing(cell)) return null;
  const t = cell!.trim();
  return t === '1' ? 1 : t === '0' ? 0 : undefined;
}

/**
 * A commitment number as OGP writes it ("3", "2.1", "SC17"), with Excel's float noise removed
 * ("4.0999999999999996" is the 4.1 a spreadsheet stored as a number).
 */
export function cleanCommitmentNumber(cell: string): string {
  const t = cell.trim();
  return /^\d+\.\d{8,}$/.test(t) ? String(Number(t)) : t;
}
