import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The 2015–2016 end-of-term report of Peru, as the repository keeps it (tests never read ../shared). */
export const SEED_PATH = fileURLToPath(new URL('../../demo/peru-paga-2015-2016-autoevaluacion-final.txt', import.meta.url));

export function seedText(): string {
  return readFileSync(SEED_PATH, 'utf8');
}

export function seedBytes(): Buffer {
  return readFileSync(SEED_PATH);
}

/** Altered copies of the report, edited by structure (the ficha's cells), as a person would in Word. */
function lines(text: string): string[] {
  return text.split('\n');
}

function fichaStart(ls: string[], n: number): number {
  const i = ls.findIndex((l) => new RegExp(`^\\tCompromiso ${n}[.:]`).test(l));
  if (i === -1) throw new Error(`no ficha for commitment ${n}`);
  return i;
}

/** The line indexes of the completion row's mark cells (the cells after the four level names). */
function markCells(ls: string[], n: number): number[] {
  const start = fichaStart(ls, n);
  const header = ls.findIndex((l, i) => i > start && /^\t?Cumplimiento\s*$/.test(l));
  const cells: number[] = [];
  for (let i = header + 5; i < ls.length && !/Descripci[oó]n de los resultados/.test(ls[i]!); i++) {
    if (ls[i]!.startsWith('\t')) cells.push(i);
  }
  return cells;
}

/** Moves commitment n's X to the column of `level` (0 No iniciado … 3 Completo). */
export function moveMark(text: string, n: number, level: 0 | 1 | 2 | 3): string {
  const ls = lines(text);
  const cells = markCells(ls, n);
  for (const i of cells) ls[i] = '\t';
  ls[cells[cells.length - 4 + level]!] = '\tX';
  return ls.join('\n');
}

export function addMark(text: string, n: number, level: 0 | 1 | 2 | 3): string {
  const ls = lines(text);
  const cells = markCells(ls, n);
  ls[cells[cells.length - 4 + level]!] = '\tX';
  return ls.join('\n');
}

export function clearMarks(text: string, n: number): string {
  const ls = lines(text);
  for (const i of markCells(ls, n)) ls[i] = '\t';
  return ls.join('\n');
}

/** Removes commitment n's ficha, from its "Componente:" cell to the next ficha's. */
export function deleteFicha(text: string, n: number): string {
  const ls = lines(text);
  const start = fichaStart(ls, n) - 2;
  if (!/^\tComponente/.test(ls[start]!)) throw new Error('unexpected layout');
  const end = ls.findIndex((l, i) => i > start + 2 && /^\tComponente/.test(l));
  ls.splice(start, end - start);
  return ls.join('\n');
}

/** Changes one cell of the printed summary table: the row whose label starts with `row`, the column (1 No iniciado … 5 Total). */
export function changeSummaryCell(text: string, row: string, column: number, value: string): string {
  const ls = lines(text);
  const header = ls.findIndex((l) => l === '\tCompromisos');
  const r = ls.findIndex((l, i) => i > header && l.startsWith(`\t${row}`));
  ls[r + column] = `\t${value}`;
  return ls.join('\n');
}

/** Renames a ficha's label cell, e.g. "Relevancia" → "Pertinencia". */
export function renameLabel(text: string, n: number, from: string, to: string): string {
  const ls = lines(text);
  const start = fichaStart(ls, n);
  const i = ls.findIndex((l, k) => k > start && l === `\t${from}`);
  ls[i] = `\t${to}`;
  return ls.join('\n');
}

/** Removes commitment n's row from the closing comparison table. */
export function deleteComparisonRow(text: string, n: number): string {
  const ls = lines(text);
  const header = ls.findIndex((l) => l === '\tN°');
  const i = ls.findIndex((l, k) => k > header && l === `\t${n}.`);
  let end = i + 1;
  while (end < ls.length && !/^\t\d+\.$/.test(ls[end]!)) end++;
  ls.splice(i, end - i);
  return ls.join('\n');
}

/** Replaces the first line equal to `from` after commitment n's "Compromiso n." cell. */
export function replaceLineInFicha(text: string, n: number, from: string, to: string): string {
  const ls = lines(text);
  const start = fichaStart(ls, n);
  const i = ls.findIndex((l, k) => k > start && l === from);
  if (i === -1) throw new Error(`no line ${JSON.stringify(from)} in ficha ${n}`);
  ls[i] = to;
  return ls.join('\n');
}

/** The report up to (not including) its closing comparison table: a report without one, or a cut file. */
export function withoutComparisonTable(text: string): string {
  const ls = lines(text);
  const at = ls.findIndex((l) => l.startsWith('A continuación se presenta el siguiente cuadro comparativo'));
  return ls.slice(0, at).join('\n');
}

/** Adds a column to the closing comparison table, before the others: a round of its own. */
export function addComparisonColumn(text: string, header: string, level: (n: number) => string): string {
  const ls = lines(text);
  const h = ls.findIndex((l) => l === '\tN°');
  ls.splice(h + 2, 0, `\t${header}`);
  for (let i = h + 3; i < ls.length; i++) {
    const m = /^\t(\d+)\.$/.exec(ls[i]!);
    if (m) ls.splice(i + 2, 0, `\t${level(Number(m[1]))}`);
  }
  return ls.join('\n');
}
