import { splitAgency, findAcronym } from '../../domain/agencies.js';
import { findDate } from '../../domain/dates.js';
import { parseLevel, type Level } from '../../domain/levels.js';
import { squish } from '../../lib/text.js';
import { readCommitmentLevelLinks, readResults } from '../activities.js';
import { referenceKey } from '../evidence-references.js';
import { extractFootnotes, toMarkdown, type ContentBlock, type Notes } from '../content.js';
import type { ParsedCommitment } from '../model.js';
import { warning, type ImportWarning } from '../warnings.js';
import { fieldContent, isTable, looksLikeLabel, singleValue, splitTrailing, tableRows } from './cells.js';
import { cellText, type Cell, type Line } from './lexer.js';
import {
  COMMITMENT_RE,
  FICHA_FIELDS,
  REQUIRED_FIELDS,
  SINGLE_VALUE_FIELDS,
  THEME_CELL_RE,
  fieldForLabel,
  isMark,
  type FichaField,
} from './labels.js';

/**
 * One commitment's ficha: a run of cells that alternate label and value in the order of the OGP
 * template. Read by its labels, never by position, so that a ficha with a row more or less, or a
 * label spelled another way, still reads; a blank label cell is the template's next missing field.
 */
export interface FichaReading {
  commitment: ParsedCommitment;
  /** The theme as the ficha's "Componente:" cell names it. */
  themeSpelling: string | null;
  /** Body text after the ficha (the theme's synthesis, the next heading…). */
  rest: Line[];
  warnings: ImportWarning[];
}

interface Group {
  field: FichaField | null;
  label: string;
  line: number;
  values: Cell[];
  /** For the completion row: the level of each column header, in order. */
  header: { level: Level; text: string }[];
}

/**
 * A ficha starts with a "Compromiso N" cell (after an optional "Componente:" cell) followed, within a
 * few cells, by a label of the template: a cell that merely begins "Compromiso 3 y 4…", or a row of a
 * comparison table, is not a ficha.
 */
export function isFichaStart(cells: Cell[], i: number): boolean {
  const text = cellText(cells[i]!);
  const head = COMMITMENT_RE.test(text)
    ? i
    : THEME_CELL_RE.test(text) && i + 1 < cells.length && COMMITMENT_RE.test(cellText(cells[i + 1]!))
      ? i + 1
      : -1;
  if (head === -1) return false;
  // The first known label after it must be one of the template's first ones (the lead agency, the
  // contact…): "Ambición" after a "Compromiso 3 y 4…" cell means that cell was a value inside a ficha.
  const field = cells
    .slice(head + 1, head + 7)
    .map((c) => fieldForLabel(cellText(c)))
    .find((f) => f !== null);
  return field !== undefined && field !== null && FICHA_FIELDS.indexOf(field) <= FICHA_FIELDS.indexOf('problem');
}

export function readFicha(segment: Cell[], documentText: string, notes: Notes): FichaReading {
  const warnings: ImportWarning[] = [];
  const last = splitTrailing(segment.at(-1)!, 'ficha');
  const cells = [...segment.slice(0, -1), last.cell];

  let i = 0;
  let themeSpelling: string | null = null;
  const themeMatch = THEME_CELL_RE.exec(cellText(cells[0]!));
  if (themeMatch && !COMMITMENT_RE.test(cellText(cells[0]!))) {
    themeSpelling = squish(themeMatch[1]!);
    i = 1;
  }
  const head = COMMITMENT_RE.exec(cellText(cells[i]!))!;
  const number = Number(head[1]);
  const title = squish(head[2]!.replace(/\n/g, ' '));
  const line = cells[i]!.line;

  const groups = groupByLabel(cells.slice(i + 1)).flatMap(splitUnknownLabels);
  splitCompletionOverflow(groups);
  const fields = new Map<FichaField, Group>();
  const otherFields: { label: string; value: string }[] = [];

  for (const g of groups) {
    if (g.field === null) {
      const value = toMarkdown(extractFootnotes(fieldContent(g.values), notes), notes);
      if (g.label !== '' || value !== '') {
        warnings.push(warning('unknown_label', number, g.line, { label: g.label }));
        otherFields.push({ label: g.label, value });
      }
      continue;
    }
    if (!fields.has(g.field)) fields.set(g.field, g);
  }
  recoverMissingLabels(fields, number, otherFields, warnings);
  // "Otros actores involucrados" written as one value, without its two groups.
  const actors = fields.get('otherActors');
  if (actors && !fields.has('otherActorsGovernment') && !fields.has('otherActorsCivilSociety') && singleValue(actors.values)) {
    fields.set('otherActorsGovernment', actors);
  }

  for (const f of REQUIRED_FIELDS) {
    if (!fields.has(f)) warnings.push(warning('missing_field', number, line, { field: f }));
  }

  const text = (f: FichaField): string | null => {
    const g = fields.get(f);
    return g ? singleValue(g.values) : null;
  };
  const unclosed = new Set<string>();
  const blocks = (f: FichaField): ContentBlock[] => {
    const g = fields.get(f);
    return g ? extractFootnotes(fieldContent(g.values), notes, (id) => unclosed.add(id)) : [];
  };
  const markdown = (f: FichaField): string | null => {
    const md = toMarkdown(blocks(f), notes);
    return md === '' ? null : md;
  };

  const leadText = text('leadAgency');
  let leadAgency: ParsedCommitment['leadAgency'] = null;
  if (leadText) {
    const asWritten = leadText.replace(/\n/g, ' ');
    const split = splitAgency(asWritten);
    leadAgency = { asWritten, ...split, acronym: split.acronym ?? findAcronym(documentText, split.name) };
  }

  const { level, levelText } = readCompletion(fields.get('completion'), number, warnings);

  const resultsBlocks = blocks('results');
  const results = readResults(resultsBlocks, notes);
  for (const gap of results.gaps)
    warnings.push(warning('activity_numbering_gap', number, gap.line, { previous: gap.previous, next: gap.next }));
  const infoBlocks = blocks('additionalInfo');
  const infoLinks = readCommitmentLevelLinks(infoBlocks, notes, { references: 'source-lines' });
  const sources = [...results.sources];
  for (const s of infoLinks.sources) if (!sources.some((x) => x.text === s.text)) sources.push(s);
  const evidence = [...results.evidence, ...infoLinks.evidence];
  const references = [...results.references];
  for (const r of infoLinks.references) if (!references.some((x) => referenceKey(x.text) === referenceKey(r.text))) references.push(r);
  // Vigía's report lists the evidence its assessment cites: a link or document not already read from the results is the commitment's.
  const cited = readCommitmentLevelLinks(blocks('citedEvidence'), notes, { references: 'anywhere' });
  for (const e of cited.evidence) if (!evidence.some((x) => x.url === e.url)) evidence.push(e);
  for (const r of cited.references)
    if (!references.some((x) => referenceKey(x.text) === referenceKey(r.text))) references.push({ ...r, activityNumber: null });
  for (const u of [...results.unread, ...infoLinks.unread, ...cited.unread])
    warnings.push(warning('evidence_reference_unread', number, u.line, { text: u.text }));
  // What the reader could not make into an item stays in the text; a Completo with none must be cited by hand.
  if (level === 'complete' && evidence.length === 0 && references.length === 0)
    warnings.push(warning('complete_without_evidence', number, fields.get('results')?.line ?? line));

  for (const f of FICHA_FIELDS) if (fields.has(f)) blocks(f);
  for (const id of unclosed) warnings.push(warning('footnote_unclosed', number, line, { note: id }));

  const dateOf = (f: FichaField) => {
    const t = text(f);
    return t ? findDate(t) : null;
  };

  const commitment: ParsedCommitment = {
    number,
    title,
    themeIndex: -1,
    leadAgency,
    coLeadAgencies: [],
    otherContacts: [],
    contact: {
      name: text('contactName'),
      position: text('contactPosition'),
      email: text('contactEmail'),
      phone: text('contactPhone'),
    },
    otherActors: { government: markdown('otherActorsGovernment'), civilSociety: markdown('otherActorsCivilSociety') },
    problem: markdown('problem'),
    objective: markdown('objective'),
    description: markdown('description'),
    relevance: markdown('relevance'),
    ambition: markdown('ambition'),
    additionalInfo: toMarkdown(infoBlocks, notes) || null,
    results: toMarkdown(resultsBlocks, notes) || null,
    nextSteps: markdown('nextSteps'),
    reasons: markdown('reasons'),
    plannedStart: dateOf('startDate'),
    plannedEnd: dateOf('endDate'),
    level,
    levelText,
    activities: results.activities,
    evidence,
    references,
    sources,
    otherFields,
    line,
  };
  return { commitment, themeSpelling, rest: last.rest, warnings };
}

function groupByLabel(cells: Cell[]): Group[] {
  const groups: Group[] = [];
  for (const cell of cells) {
    const text = cellText(cell);
    const current = groups.at(-1);
    if (current?.field === 'completion' && current.values.length === 0) {
      const level = parseLevel(text);
      if (level) {
        current.header.push({ level, text });
        continue;
      }
    }
    let field = fieldForLabel(text);
    // "Gobierno" is a label only as the first group of "Otros actores involucrados".
    if (field === 'otherActorsGovernment' && current?.field !== 'otherActors') field = null;
    if (field) {
      groups.push({ field, label: text, line: cell.line, values: [], header: [] });
    } else if (current) {
      current.values.push(cell);
    } else if (text !== '') {
      // A first row whose label the reader does not know: kept, with a warning.
      groups.push({ field: null, label: text, line: cell.line, values: [], header: [] });
    }
  }
  return groups;
}

/**
 * A text field followed by more cells that are not a nested table: a short cell with no final
 * punctuation, followed by another, is the label of a row the reader does not know.
 */
function splitUnknownLabels(g: Group): Group[] {
  if (!g.field || SINGLE_VALUE_FIELDS.has(g.field) || g.field === 'completion' || g.field === 'otherActors') return [g];
  const first = g.values.findIndex((c) => cellText(c) !== '');
  if (first === -1) return [g];
  const rest = g.values.slice(first + 1);
  while (rest.length > 0 && cellText(rest.at(-1)!) === '') rest.pop();
  if (rest.length < 2 || isTable(tableRows(rest).rows)) return [g];
  const out: Group[] = [{ ...g, values: g.values.slice(0, first + 1) }];
  for (const cell of rest) {
    const text = cellText(cell);
    const current = out.at(-1)!;
    const startsRow = looksLikeLabel(text) && (current.field !== null || current.values.some((v) => cellText(v) !== ''));
    if (startsRow) out.push({ field: null, label: text, line: cell.line, values: [], header: [] });
    else current.values.push(cell);
  }
  return out;
}

/**
 * The completion row is as wide as its header (plus the label's column). Cells past it that hold text
 * belong to the next row, whose label cell was left blank (the results): they become that field.
 */
function splitCompletionOverflow(groups: Group[]): void {
  const k = groups.findIndex((g) => g.field === 'completion');
  const g = groups[k];
  if (!g || g.header.length === 0) return;
  const width = g.header.length + 1;
  const rest = g.values.slice(width);
  if (!rest.some((c) => cellText(c) !== '' && !isMark(cellText(c)))) return;
  g.values = g.values.slice(0, width);
  const present = new Set(groups.map((x) => x.field));
  const next = FICHA_FIELDS.slice(FICHA_FIELDS.indexOf('completion') + 1).find((f) => !present.has(f));
  const label = cellText(rest[0]!);
  groups.splice(k + 1, 0, {
    field: label === '' && next ? next : null,
    label,
    line: rest[0]!.line,
    values: rest.slice(1),
    header: [],
  });
}

/**
 * A one-value field followed by more cells: the cell after a blank one is the value of the template's
 * next field whose label is missing (commitment 12's "Puesto"); after a non-blank one, a field whose
 * label the reader does not know.
 */
function recoverMissingLabels(
  fields: Map<FichaField, Group>,
  commitment: number,
  otherFields: { label: string; value: string }[],
  warnings: ImportWarning[],
): void {
  for (const field of FICHA_FIELDS) {
    const g = fields.get(field);
    if (!g || !SINGLE_VALUE_FIELDS.has(field)) continue;
    const firstValue = g.values.findIndex((c) => cellText(c) !== '');
    if (firstValue === -1) continue;
    const extra = g.values.slice(firstValue + 1);
    while (extra.length > 0 && cellText(extra.at(-1)!) === '') extra.pop();
    if (extra.length === 0) continue;
    g.values = g.values.slice(0, firstValue + 1);
    for (let k = 0; k < extra.length; k += 2) {
      const labelCell = extra[k]!;
      const valueCells = extra.slice(k + 1, k + 2);
      const label = cellText(labelCell);
      if (label === '') {
        const next = FICHA_FIELDS.slice(FICHA_FIELDS.indexOf(field) + 1).find((f) => !fields.has(f) && f !== 'otherActors');
        if (next) {
          fields.set(next, { field: next, label: '', line: labelCell.line, values: valueCells, header: [] });
          continue;
        }
      }
      warnings.push(warning('unknown_label', commitment, labelCell.line, { label: label || '—' }));
      otherFields.push({ label, value: singleValue(valueCells) ?? '' });
    }
  }
}

function readCompletion(
  g: Group | undefined,
  commitment: number,
  warnings: ImportWarning[],
): { level: Level | null; levelText: string | null } {
  if (!g) return { level: null, levelText: null };
  const marks = g.values.map(cellText);
  // Blank cells beyond the header's width plus the label's column are padding.
  while (marks.length > g.header.length + 1 && marks.at(-1) === '') marks.pop();
  if (g.header.length === 0 || marks.length < g.header.length) {
    warnings.push(warning('level_unreadable', commitment, g.line));
    return { level: null, levelText: null };
  }
  // The level columns are the last ones of the row: the first cell, if any, sits under the label.
  const columns = marks.slice(marks.length - g.header.length);
  const marked = columns.flatMap((m, k) => (isMark(m) ? [g.header[k]!] : []));
  const stray = columns.filter((m) => m !== '' && !isMark(m));
  if (marked.length === 0) {
    warnings.push(warning(stray.length > 0 ? 'level_unreadable' : 'no_level_mark', commitment, g.line));
    return { level: null, levelText: null };
  }
  if (marked.length > 1) {
    warnings.push(warning('multiple_level_marks', commitment, g.line, { levels: marked.map((m) => m.text).join(', ') }));
    return { level: null, levelText: null };
  }
  return { level: marked[0]!.level, levelText: marked[0]!.text };
}
