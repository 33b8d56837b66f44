import { findMonthEnd } from '../../domain/dates.js';
import { parseLevel } from '../../domain/levels.js';
import type { RoundKind } from '../../domain/types.js';
import { foldKey, sentenceCase, squish } from '../../lib/text.js';
import type { Comparison, PrintedSummary } from '../model.js';
import { warning, type ImportWarning } from '../warnings.js';
import { cellText, type Cell } from './lexer.js';

/**
 * The two tables of a report's conclusions: the summary (themes × levels, with totals and percentages)
 * and the comparison of each commitment's level across assessment rounds. Both are recognised by their
 * header cells, and read by the header's width.
 */

const TOTAL_KEYS = new Set(['total', 'totales']);

/** A summary header: a first cell, then the four levels and "Total" in any order. */
export function isSummaryHeader(cells: Cell[], i: number): boolean {
  const texts = cells.slice(i + 1, i + 6).map(cellText);
  if (texts.length < 5) return false;
  const levels = new Set(texts.map(parseLevel).filter((l) => l !== null));
  return levels.size === 4 && texts.some((t) => TOTAL_KEYS.has(foldKey(t)));
}

/** A comparison header: "N°", "Compromiso", then one column per assessment. */
export function isComparisonHeader(cells: Cell[], i: number): boolean {
  const first = foldKey(cellText(cells[i]!));
  const second = foldKey(cellText(cells[i + 1] ?? cells[i]!));
  return /^(n|no|nro|numero|num|number|#|)$/.test(first) && cellText(cells[i]!).length <= 4 && /^(compromisos?|commitments?)$/.test(second);
}

export function readSummaryTable(cells: Cell[]): PrintedSummary {
  const header = cells.slice(0, 6).map(cellText);
  const columns = header.slice(1).map((t) => parseLevel(t) ?? 'total');
  const width = header.length;
  const summary: PrintedSummary = { line: cells[0]!.line, columns, rows: [], total: null, percent: null };
  for (let k = width; k + width <= cells.length; k += width) {
    const row = cells.slice(k, k + width);
    const label = squish(cellText(row[0]!));
    const raw = row.slice(1).map(cellText);
    const key = foldKey(label);
    if (TOTAL_KEYS.has(key)) summary.total = raw.map(toCount);
    else if (key === '%' || key === 'porcentaje' || key === 'percentage') summary.percent = raw.map((t) => (t === '' ? null : t));
    else summary.rows.push({ label, themeIndex: null, values: raw.map(toCount), line: row[0]!.line });
  }
  return summary;
}

function toCount(text: string): number | null {
  if (text.trim() === '') return 0;
  const n = Number(text.replace(/\s/g, ''));
  return Number.isInteger(n) ? n : null;
}

export interface ComparisonReading extends Comparison {
  warnings: ImportWarning[];
}

export function readComparisonTable(cells: Cell[]): ComparisonReading {
  // The header: "N°", "Compromiso", then the rounds until the first cell that is a row number.
  let width = 2;
  while (width < cells.length && !/^\d{1,3}\.?$/.test(cellText(cells[width]!))) width++;
  const rounds = cells.slice(2, width).map((c) => roundFromHeader(cellText(c)));
  const rows: ComparisonReading['rows'] = [];
  const warnings: ImportWarning[] = [];
  for (let k = width; k + width <= cells.length; k += width) {
    const row = cells.slice(k, k + width);
    const numberText = cellText(row[0]!);
    if (!/^\d{1,3}\.?$/.test(numberText)) break;
    const number = Number(numberText.replace('.', ''));
    const levels = row.slice(2).map((c) => {
      const text = squish(cellText(c));
      const level = parseLevel(text);
      if (!level && text !== '') warnings.push(warning('unknown_level_text', number, c.line, { text }));
      return { level, text };
    });
    // "Compromiso 3: Mejorar…" in the title column: the number is already in its own column.
    const title = squish(cellText(row[1]!).replace(/\n/g, ' ')).replace(
      /^(?:compromiso|commitment)\s*(?:n[°º.]?\s*)?\d+\s*[.:\-–—)]\s*/i,
      '',
    );
    rows.push({ number, title, levels, line: row[0]!.line });
  }
  return { rounds, rows, warnings };
}

/** "Evaluación Intermedia\nSetiembre 2016" → a mid-term round with its cutoff at the end of September 2016. */
export function roundFromHeader(text: string): { kind: RoundKind; title: string; cutoffDate: string | null } {
  const lines = text
    .split('\n')
    .map(squish)
    .filter((l) => l !== '');
  const folded = foldKey(text);
  const kind: RoundKind = /intermedi|medio termino|mid ?term|progress|avance/.test(folded)
    ? 'midterm'
    : /final|fin de termino|end of term|cierre/.test(folded)
      ? 'end-of-term'
      : 'periodic';
  const cutoffDate = findMonthEnd(text);
  const title = sentenceCase(lines.find((l) => findMonthEnd(l) === null) ?? lines[0] ?? text);
  return { kind, title, cutoffDate };
}
