import { AppError } from '../errors.js';
import {
  isStarred,
  valuesOf,
  type IrmCompletion,
  type IrmReport,
  type OgpValue,
  type PotentialImpact,
  type Specificity,
} from '../domain/irm.js';
import {
  ALL_EXPORT_COLUMNS,
  COL,
  COMPLETION_WORDS,
  DIOG_WORDS,
  IMPACT_WORDS,
  isNoTheme,
  MARKED_COLUMNS,
  notDeterminedMarker,
  POLICY_AREAS,
  SPECIFICITY_WORDS,
  TEMPLATE_COLUMNS,
  VALUE_COLUMNS,
  VIGIA_COL,
} from '../domain/ogp-dataset.js';
import type { ExportColumn, ExportRow } from '../export/cells.js';
import type { Store } from '../storage/connect.js';
import * as ogpStore from '../storage/ogp.js';
import * as planStore from '../storage/plans.js';
import type { Row } from '../storage/schema.js';

/**
 * Every commitment in the columns of OGP's commitment dataset, in OGP's names and order (the columns
 * Vigía stores; see EXPORT_COLUMNS), then Vigía's own (VIGIA_COL, TEMPLATE_COLUMNS: decision 032), so that
 * `vigia import` of this file into an empty database gives back the same plans, commitments, agencies and
 * reviews. Dates are ISO 8601; a value Vigía does not have is an empty cell, or "ND"/"NR" where OGP's file
 * said so; "Starred" is computed by isStarred from the review, never copied. Commitments OGP never numbered
 * (a plan made from a report) have an empty identifier and plan number: the import finds them by the
 * plan's years and the commitment's number, as Vigía invents no identifier of OGP's.
 */
export const OGP_EXPORT_COLUMNS: ExportColumn[] = ALL_EXPORT_COLUMNS.map((c) => ({ key: c, label: c }));

/** `vigia-ogp-commitments.csv`, `vigia-ogp-commitments-plan-3.csv`. */
export function ogpExportFileName(planId?: number): string {
  return `vigia-ogp-commitments${planId !== undefined ? `-plan-${planId}` : ''}.csv`;
}

export async function ogpExportRows(store: Store, planId?: number): Promise<AsyncIterable<ExportRow>> {
  if (planId !== undefined && !(await planStore.findPlan(store.db, planId)))
    throw new AppError('not_found', { entity: 'plan', id: planId });
  return (async function* () {
    const commitments = await ogpStore.listExportCommitments(store.db, planId);
    // A page of commitments at a time, with their reviews.
    for (let i = 0; i < commitments.length; i += 500) {
      const page = commitments.slice(i, i + 500);
      const reviews = await ogpStore.listIrmReviews(
        store.db,
        page.map((c) => c.id),
      );
      for (const c of page)
        yield exportRow(
          c,
          reviews.filter((r) => r.commitment_id === c.id),
        );
    }
  })();
}

type ExportCommitment = Awaited<ReturnType<typeof ogpStore.listExportCommitments>>[number];

function otherField(json: string | null, label: string): string | null {
  if (!json) return null;
  try {
    const fields = JSON.parse(json) as { label: string; value: string }[];
    return fields.find((f) => f.label === label)?.value ?? null;
  } catch {
    return null;
  }
}

function notDetermined(json: string | null): Record<string, string> {
  if (!json) return {};
  try {
    const markers = JSON.parse(json) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(markers).flatMap(([k, v]) => (notDeterminedMarker(String(v)) ? [[k, String(v)]] : [])));
  } catch {
    return {};
  }
}

function policyAreas(json: string | null): Set<string> {
  if (!json) return new Set();
  try {
    const list = JSON.parse(json) as unknown;
    return new Set(Array.isArray(list) ? list.map(String) : []);
  } catch {
    return new Set();
  }
}

const flag = (v: number | null) => (v === null ? null : Number(v));

function flagsOf(r: Row<'irm_reviews'>): Record<OgpValue, number | null> {
  return {
    'access-to-information': r.value_access_to_information,
    'civic-participation': r.value_civic_participation,
    'public-accountability': r.value_public_accountability,
    'technology-and-innovation': r.value_technology_and_innovation,
  };
}

/** The "Starred (Current Formula)" columns: OGP's current formula, transformative impact only, whatever the report's year. */
function starred(r: Row<'irm_reviews'> | undefined): number | null {
  if (!r) return null;
  const facts = {
    // The database's check constraints keep these columns within the scales.
    specificity: r.specificity as Specificity | null,
    values: valuesOf(flagsOf(r)),
    potentialImpact: r.potential_impact as PotentialImpact | null,
    completion: r.completion as IrmCompletion | null,
    reportYear: r.report_year,
  };
  return isStarred(facts, { formula: 'current' }) ? 1 : 0;
}

function exportRow(c: ExportCommitment, reviews: Row<'irm_reviews'>[]): ExportRow {
  const review = (report: IrmReport) => reviews.find((r) => r.report === report);
  const progress = review('progress');
  const end = review('end-of-term');
  // The design (specificity, values, potential impact) is the progress report's, or else the end-of-term one's.
  const design = progress ?? end;
  const areas = policyAreas(c.policy_areas);
  const row: ExportRow = {
    [COL.id]: c.ogp_id,
    [COL.member]: c.government_name,
    [COL.planNumber]: c.ogp_number,
    [COL.number]: otherField(c.other_fields, COL.number) ?? String(c.number),
    [COL.nationalOrLocal]: c.government_kind === 'local' ? 'Local' : 'National',
    [COL.yearOfSubmission]: c.period_start,
    [COL.planEndYear]: c.period_end,
    [COL.theme]: isNoTheme(c.theme_title) ? 'NA' : c.theme_title,
    [COL.title]: c.title,
    [COL.fullText]: c.description,
    [COL.start]: c.planned_start ?? otherField(c.other_fields, COL.start),
    [COL.end]: c.planned_end ?? otherField(c.other_fields, COL.end),
    [COL.lead]: c.lead_as_written,
    [COL.supporting]: c.supporting_institutions,
    [COL.progressYear]: progress?.report_year ?? null,
    [COL.specificity]: design ? SPECIFICITY_WORDS.write(design.specificity as never) : null,
    [COL.potentialImpact]: design ? IMPACT_WORDS.write(design.potential_impact as never) : null,
    [COL.progressCompletion]: progress ? COMPLETION_WORDS.write(progress.completion as never) : null,
    [COL.progressStarred]: starred(progress),
    [COL.endYear]: end?.report_year ?? null,
    [COL.endCompletion]: end ? COMPLETION_WORDS.write(end.completion as never) : null,
    [COL.diogOverall]: end ? DIOG_WORDS.write(end.diog_overall as never) : null,
    [COL.diogAti]: end ? DIOG_WORDS.write(end.diog_access_to_information as never) : null,
    [COL.diogCp]: end ? DIOG_WORDS.write(end.diog_civic_participation as never) : null,
    [COL.diogPa]: end ? DIOG_WORDS.write(end.diog_public_accountability as never) : null,
    [COL.endStarred]: starred(end),
  };
  for (const area of POLICY_AREAS) row[area] = areas.has(area) ? 1 : 0;
  const valueColumns: Record<OgpValue, number | null> = design
    ? {
        'access-to-information': flag(design.value_access_to_information),
        'civic-participation': flag(design.value_civic_participation),
        'public-accountability': flag(design.value_public_accountability),
        'technology-and-innovation': flag(design.value_technology_and_innovation),
      }
    : { 'access-to-information': null, 'civic-participation': null, 'public-accountability': null, 'technology-and-innovation': null };
  for (const [column, value] of VALUE_COLUMNS) row[column] = valueColumns[value];
  // OGP's "ND"/"NR" where Vigía has no value (a policy area not tagged is 0 otherwise).
  const markers = notDetermined(c.ogp_not_determined);
  for (const column of MARKED_COLUMNS) {
    const marker = markers[column];
    const cell = row[column];
    const empty =
      cell === null || cell === undefined || cell === '' || ((POLICY_AREAS as readonly string[]).includes(column) && cell === 0);
    if (marker && empty) row[column] = marker;
  }
  Object.assign(row, {
    [VIGIA_COL.planTitle]: c.plan_title,
    [VIGIA_COL.planLang]: c.plan_lang,
    [VIGIA_COL.planStatus]: c.plan_status,
    [VIGIA_COL.approvalInstrument]: c.approval_instrument,
    [VIGIA_COL.approvalDate]: c.approval_date,
    [VIGIA_COL.leadAgency]: c.lead_agency_name,
    [VIGIA_COL.leadAcronym]: c.lead_agency_acronym,
    [VIGIA_COL.number]: c.number,
  });
  for (const [column, field] of TEMPLATE_COLUMNS) row[column] = c[field];
  return row;
}
