import { parse } from 'csv-parse/sync';
import { COUNTRIES } from '../../domain/countries.js';
import type { IrmReport, OgpValue } from '../../domain/irm.js';
import { dayMonthOrder, parseOgpDate, type DateBound } from '../../domain/ogp-dates.js';
import {
  cleanCommitmentNumber,
  COL,
  COMPLETION_WORDS,
  DIOG_WORDS,
  IMPACT_WORDS,
  isMissing,
  MARKED_COLUMNS,
  memberLang,
  notDeterminedMarker,
  POLICY_AREAS,
  readFlag,
  SPECIFICITY_WORDS,
  TEMPLATE_COLUMNS,
  VALUE_COLUMNS,
  VIGIA_COL,
  type TemplateField,
} from '../../domain/ogp-dataset.js';
import { PLAN_STATUSES, type PlanStatus } from '../../domain/types.js';
import { restoreFormulaText } from '../../lib/formula-text.js';
import { foldKey } from '../../lib/text.js';
import type { OgpCommitment, OgpDataset, OgpMember, OgpPlan, OgpProblem, OgpReview } from './model.js';

export type { OgpCommitment, OgpDataset, OgpMember, OgpPlan, OgpProblem, OgpReview } from './model.js';

/**
 * OGP's commitment dataset (CSV) → members, plans, commitments and their IRM reviews. Pure: bytes in.
 * A row with a value that cannot be read (a date that is no day, a word the IRM's scale does not have,
 * no title, an identifier seen before) is refused with its row number and column; the others are read.
 */

/** Is this header OGP's dataset? (How `vigia import` tells it from a report.) */
function isOgpHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((h) => h.trim()));
  return names.has(COL.id) && names.has(COL.member);
}

/**
 * The delimiter that makes the first line OGP's header: a comma as OGP writes it, the semicolon a
 * spreadsheet set to Spanish (or French…) writes, or a tab. None: not the dataset.
 */
function delimiterOf(firstLine: string): ',' | ';' | '\t' | null {
  return ([',', ';', '\t'] as const).find((d) => isOgpHeader(firstLine.split(d).map((c) => c.replace(/^"|"$/g, '')))) ?? null;
}

const firstLineOf = (text: string) => text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';

/** The first line of a file, enough to recognise the dataset without reading it all. */
export function looksLikeOgpDataset(bytes: Uint8Array): boolean {
  return delimiterOf(firstLineOf(new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)))) !== null;
}

export class OgpCsvError extends Error {
  constructor(
    readonly reason: 'malformed' | 'encoding' | 'empty' | 'binary',
    readonly line: number | null,
  ) {
    super(`OGP dataset: ${reason}${line ? ` at line ${line}` : ''}`);
  }
}

export function readOgpCsv(bytes: Uint8Array): OgpDataset {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new OgpCsvError('encoding', null);
  }
  // A NUL is never in a CSV a spreadsheet or OGP writes: the file is damaged (and PostgreSQL could not
  // store the cell). Other control characters carry no text and would break the exports: dropped.
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw new OgpCsvError('binary', text.slice(0, nul).split('\n').length);
  text = text.replace(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(firstLineOf(text)) ?? ',',
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (e) {
    throw new OgpCsvError('malformed', Number((e as { lines?: number }).lines) || null);
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) throw new OgpCsvError('empty', null);

  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h.trim())) index.set(h.trim(), i);
  });
  const errors: OgpProblem[] = [];
  const warnings: OgpProblem[] = [];

  // Dates are read per plan: the plan's own dates say whether it writes the day or the month first. A
  // plan OGP never numbered (Vigía's export of a plan made from a report) is known by its years.
  const planKey = (r: string[]) =>
    isMissing(cell(r, COL.planNumber))
      ? `${cell(r, COL.member)}\u0000years ${cell(r, COL.yearOfSubmission)}–${cell(r, COL.planEndYear)}`
      : `${cell(r, COL.member)}\u0000${cell(r, COL.planNumber)}`;
  const has = (column: string) => index.has(column);
  const datesByPlan = new Map<string, string[]>();
  for (const r of body) {
    const list = datesByPlan.get(planKey(r)) ?? [];
    list.push(cell(r, COL.start), cell(r, COL.end));
    datesByPlan.set(planKey(r), list);
  }

  // A cell a spreadsheet download made safe ("'-Ministry…", see lib/formula-text.ts) reads as it was written.
  function cell(r: string[], column: string): string {
    const i = index.get(column);
    return i === undefined ? '' : restoreFormulaText((r[i] ?? '').trim());
  }

  const members = new Map<string, OgpMember>();
  const plans = new Map<string, OgpPlan>();
  const seenIds = new Map<string, number>();

  body.forEach((r, i) => {
    const row = i + 2;
    const rowErrors: OgpProblem[] = [];
    const rowWarnings: OgpProblem[] = [];
    const refuse = (column: string | null, code: OgpProblem['code'], value: string) => rowErrors.push({ row, column, code, value });
    const text = (column: string) => (isMissing(cell(r, column)) ? null : cell(r, column));
    const required = (column: string): string => {
      const v = cell(r, column);
      if (isMissing(v)) refuse(column, 'missing_value', v);
      return v;
    };

    const member = required(COL.member);
    const title = required(COL.title);
    // OGP's identifier and plan number, or else (a plan OGP never numbered) the plan's years and a whole
    // commitment number: what finds the plan and the commitment again.
    const ogpIdText = cell(r, COL.id);
    const planText = cell(r, COL.planNumber);
    const numberText = cleanCommitmentNumber(cell(r, COL.number));
    const byYears = isMissing(planText) && !isMissing(cell(r, COL.yearOfSubmission)) && !isMissing(cell(r, COL.planEndYear));
    if (isMissing(planText) && !byYears) refuse(COL.planNumber, 'missing_value', planText);
    if (isMissing(ogpIdText) && !/^\d{1,4}$/.test(numberText)) refuse(COL.id, 'missing_value', ogpIdText);
    const ogpId = isMissing(ogpIdText) ? null : ogpIdText;
    const planNumber = /^\d{1,3}$/.test(planText) && Number(planText) > 0 ? Number(planText) : null;
    if (planNumber === null && !isMissing(planText)) refuse(COL.planNumber, 'invalid_number', planText);
    const year = (column: string): number | null => {
      const v = cell(r, column);
      if (isMissing(v)) return null;
      if (/^\d{4}$/.test(v) && Number(v) >= 1990 && Number(v) <= 2100) return Number(v);
      refuse(column, 'invalid_number', v);
      return null;
    };
    const periodStart = year(COL.yearOfSubmission);
    const periodEnd = year(COL.planEndYear);

    const order = dayMonthOrder(datesByPlan.get(planKey(r)) ?? []);
    const date = (column: string, bound: DateBound): { iso: string | null; words: string | null } => {
      const d = parseOgpDate(cell(r, column), order, bound);
      if (d.kind === 'date') return { iso: d.iso, words: null };
      if (d.kind === 'invalid') refuse(column, 'invalid_date', d.text);
      if (d.kind === 'words') {
        rowWarnings.push({ row, column, code: 'date_words', value: d.text });
        return { iso: null, words: d.text };
      }
      return { iso: null, words: null };
    };
    const start = date(COL.start, 'start');
    const end = date(COL.end, 'end');

    const word = <T>(column: string, vocabulary: { read(c: string | undefined): T | null | undefined }): T | null => {
      const v = vocabulary.read(cell(r, column));
      if (v === undefined) refuse(column, 'unknown_word', cell(r, column));
      return v ?? null;
    };
    const flag = (column: string): 0 | 1 | null => {
      const v = readFlag(cell(r, column));
      if (v === undefined) refuse(column, 'invalid_flag', cell(r, column));
      return v ?? null;
    };

    // Policy areas: a 1 tags the commitment; "ND" (not determined) is no tag.
    const policyAreas = POLICY_AREAS.filter((area) => cell(r, area) === '1');

    const specificity = word(COL.specificity, SPECIFICITY_WORDS);
    const values = Object.fromEntries(VALUE_COLUMNS.map(([column, value]) => [value, flag(column)])) as Record<OgpValue, 0 | 1 | null>;
    const potentialImpact = word(COL.potentialImpact, IMPACT_WORDS);
    const design = { specificity, values, potentialImpact };
    const progress = { reportYear: year(COL.progressYear), completion: word(COL.progressCompletion, COMPLETION_WORDS) };
    const endOfTerm = {
      reportYear: year(COL.endYear),
      completion: word(COL.endCompletion, COMPLETION_WORDS),
      diogOverall: word(COL.diogOverall, DIOG_WORDS),
      diogAccessToInformation: word(COL.diogAti, DIOG_WORDS),
      diogCivicParticipation: word(COL.diogCp, DIOG_WORDS),
      diogPublicAccountability: word(COL.diogPa, DIOG_WORDS),
    };
    const noDiog = { diogOverall: null, diogAccessToInformation: null, diogCivicParticipation: null, diogPublicAccountability: null };
    const hasDesign = specificity !== null || potentialImpact !== null || Object.values(values).some((v) => v !== null);
    const reviews: OgpReview[] = [];
    const review = (report: IrmReport, facts: Omit<OgpReview, 'report' | keyof typeof design>) =>
      reviews.push({ report, ...design, ...facts });
    // The progress report assesses the design (specificity, values, potential impact) and early
    // completion; the end-of-term report restates the design and adds final completion and
    // "did it open government?". Each is stored only when the dataset has something of it.
    if (progress.reportYear !== null || progress.completion !== null || hasDesign) review('progress', { ...progress, ...noDiog });
    if (Object.values(endOfTerm).some((v) => v !== null)) review('end-of-term', endOfTerm);

    // Without OGP's identifier, a commitment is its plan's commitment of that number.
    const identity = ogpId !== null ? ogpId.toUpperCase() : `${planKey(r)}\u0000${numberText}`;
    const first = seenIds.get(identity);
    if (first !== undefined)
      rowErrors.push({
        row,
        column: ogpId !== null ? COL.id : COL.number,
        code: 'duplicate_id',
        value: ogpId ?? numberText,
        firstRow: first,
      });

    // Vigía's columns: read only when the file has them (its own export); an empty cell is no value.
    const vigia = (column: string): string | null | undefined => (has(column) ? text(column) : undefined);
    const planLang = vigia(VIGIA_COL.planLang)?.toLowerCase();
    if (planLang && planLang !== 'es' && planLang !== 'en') refuse(VIGIA_COL.planLang, 'invalid_value', planLang);
    const planStatus = vigia(VIGIA_COL.planStatus)?.toLowerCase();
    if (planStatus && !(PLAN_STATUSES as readonly string[]).includes(planStatus)) refuse(VIGIA_COL.planStatus, 'invalid_value', planStatus);
    const approvalDate = has(VIGIA_COL.approvalDate) ? date(VIGIA_COL.approvalDate, 'start').iso : undefined;
    const leadAgencyName = vigia(VIGIA_COL.leadAgency);

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    seenIds.set(identity, row);
    warnings.push(...rowWarnings);

    if (!members.has(member)) members.set(member, memberOf(member, cell(r, COL.nationalOrLocal)));
    const key = planKey(r);
    let plan = plans.get(key);
    if (!plan) {
      plan = { member, number: planNumber, periodStart, periodEnd, commitments: [] };
      if (has(VIGIA_COL.planTitle)) plan.title = text(VIGIA_COL.planTitle);
      if (planLang !== undefined) plan.lang = (planLang as 'es' | 'en' | null) ?? null;
      if (planStatus !== undefined) plan.status = (planStatus as PlanStatus | null) ?? null;
      if (has(VIGIA_COL.approvalInstrument)) plan.approvalInstrument = text(VIGIA_COL.approvalInstrument);
      if (approvalDate !== undefined) plan.approvalDate = approvalDate;
      plans.set(key, plan);
    } else if ((periodStart !== null && plan.periodStart !== periodStart) || (periodEnd !== null && plan.periodEnd !== periodEnd)) {
      warnings.push({ row, column: COL.yearOfSubmission, code: 'plan_years_differ', value: `${periodStart ?? '?'}–${periodEnd ?? '?'}` });
    }
    const notDetermined: OgpCommitment['notDetermined'] = {};
    for (const column of MARKED_COLUMNS) {
      const marker = notDeterminedMarker(cell(r, column));
      if (marker) notDetermined[column] = marker;
    }
    const template: OgpCommitment['template'] = {};
    for (const [column, field] of TEMPLATE_COLUMNS) if (has(column)) template[field as TemplateField] = text(column);
    const commitment: OgpCommitment = {
      row,
      ogpId,
      number: numberText,
      theme: text(COL.theme),
      title,
      fullText: text(COL.fullText),
      start: start.iso,
      end: end.iso,
      startText: start.words,
      endText: end.words,
      lead: text(COL.lead),
      supporting: text(COL.supporting),
      policyAreas,
      reviews,
      notDetermined,
      template,
    };
    const vigiaNumber = vigia(VIGIA_COL.number);
    if (vigiaNumber && /^\d{1,4}$/.test(vigiaNumber) && Number(vigiaNumber) > 0) commitment.vigiaNumber = Number(vigiaNumber);
    if (leadAgencyName !== undefined)
      commitment.leadAgency = leadAgencyName ? { name: leadAgencyName, acronym: vigia(VIGIA_COL.leadAcronym) ?? null } : null;
    plan.commitments.push(commitment);
  });

  return { rows: body.length, members: [...members.values()], plans: [...plans.values()], errors, warnings };
}

/** A member as OGP names it: a country of the list (its code), or a local government. */
function memberOf(name: string, nationalOrLocal: string): OgpMember {
  const countryNamed = (text: string) => {
    const folded = foldKey(text);
    return COUNTRIES.find((c) => [c.en, c.es, ...(c.aliases ?? [])].some((n) => foldKey(n) === folded))?.code ?? null;
  };
  if (/local/i.test(nationalOrLocal))
    return { name, kind: 'local', countryCode: null, lang: memberLang(countryNamed(name.split(',').at(-1) ?? '')) };
  const countryCode = countryNamed(name);
  return { name, kind: 'national', countryCode, lang: memberLang(countryCode) };
}
