import { levelLabel, type Level } from '../domain/levels.js';
import { percentOf } from '../domain/summary.js';
import type { RoundKind } from '../domain/types.js';
import { foldKey, nameSimilarity } from '../lib/text.js';
import { detectApproval, detectCountry, detectLanguage, detectPeriod, detectPlanName } from './metadata.js';
import type { Comparison, ParsedCommitment, ParsedReport, ParsedRound, ParsedSection, ParsedTheme, PrintedSummary } from './model.js';
import { warning, type ImportWarning } from './warnings.js';

/**
 * Puts together what a reader found in a report — whatever its layout — and checks the report
 * against itself: the X of each ficha against the comparison table, the printed summary against the
 * counts computed from the fichas, fichas against table rows. Pure.
 */
export interface Found {
  text: string;
  sections: ParsedSection[];
  themes: ParsedTheme[];
  commitments: ParsedCommitment[];
  printedSummary: PrintedSummary | null;
  comparison: Comparison | null;
  warnings: ImportWarning[];
}

export function assembleReport(found: Found): ParsedReport {
  const { text } = found;
  const language = detectLanguage(text);
  const period = detectPeriod(text);
  const approval = detectApproval(text, period);
  const country = detectCountry(text);
  const commitments = [...found.commitments].sort((a, b) => a.number - b.number);
  const warnings = [...found.warnings];

  // Fichas that name no theme, under no "Tema N:" heading, are grouped under a theme named for what they are.
  const themes = found.themes.map((t, i) => {
    if (t.title !== '') return t;
    const title = language === 'es' ? 'Compromisos del plan' : 'Plan commitments';
    const first = commitments.find((c) => c.themeIndex === i);
    warnings.push(warning('no_theme', first?.number ?? null, first?.line ?? null, { theme: title }));
    return { ...t, title };
  });
  const rounds = buildRounds(found.comparison, commitments, text, language, warnings);
  if (found.printedSummary) checkSummary(found.printedSummary, themes, commitments, language, warnings);

  const periodText = period ? `${period.start}-${period.end}` : '';
  return {
    kind: 'report',
    template: null,
    language,
    government: country ? { name: country.name, countryCode: country.code, kind: 'national' } : null,
    plan: {
      title: `${detectPlanName(text, language)} ${periodText}`.trim(),
      periodStart: period?.start ?? null,
      periodEnd: period?.end ?? null,
      approvalInstrument: approval?.instrument ?? null,
      approvalDate: approval?.date ?? null,
      status: rounds.some((r) => r.kind === 'end-of-term') ? 'completed' : 'active',
    },
    sections: found.sections,
    themes,
    commitments,
    rounds,
    printedSummary: found.printedSummary,
    unrecognisedLabels: [],
    warnings: sortWarnings(warnings),
  };
}

function sortWarnings(ws: ImportWarning[]): ImportWarning[] {
  return ws
    .map((w, i) => ({ w, i }))
    .sort((a, b) => (a.w.commitment ?? 1e9) - (b.w.commitment ?? 1e9) || a.i - b.i)
    .map((x) => x.w);
}

/**
 * Without a comparison table, the fichas' round is the one the report's title names: mid-term only when
 * the first lines say so ("Informe de autoevaluación de medio término"); otherwise end of term.
 */
function reportKind(text: string): RoundKind {
  const title = foldKey(
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 8)
      .join(' '),
  );
  return /medio termino|intermedi|mid ?term|progress report/.test(title) && !/final|fin de termino|end of term/.test(title)
    ? 'midterm'
    : 'end-of-term';
}

const ROUND_TITLES: Record<'es' | 'en', Record<RoundKind, string>> = {
  es: { midterm: 'Evaluación intermedia', 'end-of-term': 'Evaluación final', periodic: 'Evaluación periódica' },
  en: { midterm: 'Mid-term assessment', 'end-of-term': 'End-of-term assessment', periodic: 'Periodic assessment' },
};

function buildRounds(
  comparison: Comparison | null,
  commitments: ParsedCommitment[],
  text: string,
  language: 'es' | 'en',
  warnings: ImportWarning[],
): ParsedRound[] {
  const fromFichas = new Map(commitments.map((c) => [c.number, { level: c.level, text: c.levelText ?? '' }]));
  if (!comparison || comparison.rounds.length === 0) {
    const kind = reportKind(text);
    warnings.push(warning('no_comparison_table', null, null, { round: ROUND_TITLES[language][kind] }));
    return [{ kind, title: ROUND_TITLES[language][kind], cutoffDate: null, levels: fromFichas }];
  }

  const last = comparison.rounds.length - 1;
  const rounds: ParsedRound[] = comparison.rounds.map((r, k) => ({
    ...r,
    levels: k === last ? fromFichas : new Map(comparison.rows.map((row) => [row.number, row.levels[k] ?? { level: null, text: '' }])),
  }));

  const rowsByNumber = new Map(comparison.rows.map((r) => [r.number, r]));
  for (const c of commitments) {
    const row = rowsByNumber.get(c.number);
    if (!row) {
      warnings.push(warning('missing_from_table', c.number, c.line, { title: c.title }));
      continue;
    }
    if (!sameTitle(c.title, row.title)) {
      warnings.push(warning('title_mismatch', c.number, row.line, { ficha: c.title, table: row.title }));
    }
    const inTable = row.levels[last];
    if (c.level && inTable?.level && c.level !== inTable.level) {
      warnings.push(
        warning('level_mismatch', c.number, row.line, {
          ficha: c.levelText ?? levelLabel(c.level, language),
          table: inTable.text,
          round: rounds[last]!.title,
        }),
      );
    }
  }
  for (const row of comparison.rows) {
    if (!commitments.some((c) => c.number === row.number)) {
      warnings.push(warning('missing_ficha', row.number, row.line, { title: row.title }));
    }
  }
  return rounds;
}

function sameTitle(a: string, b: string): boolean {
  const clean = (s: string) => foldKey(s).replace(/\s+/g, ' ');
  return clean(a) === clean(b) || nameSimilarity(a, b) >= 0.85;
}

/**
 * Matches the printed summary's rows to the themes — first the rows whose names clearly name a theme,
 * then the rest by position (the seed calls its 4th theme "Acceso a servicios") — and compares each cell.
 */
function checkSummary(
  printed: PrintedSummary,
  themes: ParsedTheme[],
  commitments: ParsedCommitment[],
  language: 'es' | 'en',
  warnings: ImportWarning[],
): void {
  const free = new Set(themes.map((_t, i) => i));
  const similarity = (label: string, t: ParsedTheme) => Math.max(...[t.title, ...t.spellings].map((s) => nameSimilarity(label, s)));
  for (const row of printed.rows) {
    const best = [...free].sort((a, b) => similarity(row.label, themes[b]!) - similarity(row.label, themes[a]!))[0];
    if (best !== undefined && similarity(row.label, themes[best]!) >= 0.5) {
      row.themeIndex = best;
      free.delete(best);
    }
  }
  printed.rows.forEach((row, i) => {
    if (row.themeIndex !== null) return;
    const byPosition = free.has(i) ? i : [...free][0];
    if (byPosition !== undefined) {
      row.themeIndex = byPosition;
      free.delete(byPosition);
    }
  });
  if (printed.rows.length !== themes.length) {
    warnings.push(warning('summary_rows_mismatch', null, printed.line, { printed: printed.rows.length, computed: themes.length }));
  }

  const columnName = (col: Level | 'total') => (col === 'total' ? 'Total' : levelLabel(col, language));
  const inCell = (themeIndex: number | null, col: Level | 'total') =>
    commitments.filter((c) => (themeIndex === null || c.themeIndex === themeIndex) && (col === 'total' || c.level === col));

  const compareRow = (label: string, themeIndex: number | null, values: (number | null)[], line: number) => {
    printed.columns.forEach((col, k) => {
      const printedValue = values[k];
      const members = inCell(themeIndex, col);
      if (printedValue === undefined || printedValue === members.length) return;
      warnings.push(
        warning('summary_count_mismatch', null, line, {
          theme: label,
          column: columnName(col),
          printed: printedValue === null ? '?' : printedValue,
          computed: members.length,
          commitments: members.map((c) => c.number).join(', ') || '—',
        }),
      );
    });
  };
  for (const row of printed.rows)
    if (row.themeIndex !== null) compareRow(themes[row.themeIndex]!.title, row.themeIndex, row.values, row.line);
  if (printed.total) compareRow('Total', null, printed.total, printed.line);

  if (printed.percent) {
    const total = commitments.length;
    printed.columns.forEach((col, k) => {
      const shown = printed.percent![k];
      if (shown === null || shown === undefined) return;
      const value = Number(shown.replace(',', '.').replace('%', '').trim());
      const count = col === 'total' ? total : commitments.filter((c) => c.level === col).length;
      if (!acceptablePercent(value, shown, count, total)) {
        warnings.push(
          warning('summary_percent_mismatch', null, printed.line, {
            column: columnName(col),
            printed: shown.trim(),
            computed: percentOf(count, total),
          }),
        );
      }
    });
  }
}

/** A printed share is right if it is the true share rounded or truncated to the digits it shows. */
function acceptablePercent(value: number, shown: string, count: number, total: number): boolean {
  if (!Number.isFinite(value) || total === 0) return false;
  const decimals = /[.,](\d+)/.exec(shown)?.[1]?.length ?? 0;
  const exact = (count * 100) / total;
  const scale = 10 ** decimals;
  const rounded = Math.round(exact * scale) / scale;
  const truncated = Math.floor(exact * scale + 1e-9) / scale;
  return Math.abs(value - rounded) < 1e-9 || Math.abs(value - truncated) < 1e-9;
}
