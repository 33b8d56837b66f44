import { LEVELS, levelRank, type Level } from './levels.js';

/** Per-theme counts of commitments by level for one assessment round: the table of the report's conclusions. */
export interface SummaryRow {
  themeId: number;
  theme: string;
  counts: Record<Level, number>;
  /** Commitments of the theme with no level in this round. */
  unassessed: number;
  total: number;
}

export interface Summary {
  rows: SummaryRow[];
  total: Omit<SummaryRow, 'themeId' | 'theme'>;
  /** Share of all commitments at each level, in percent rounded half up to one decimal. */
  percentages: Record<Level, number>;
}

export interface SummaryInput {
  themes: { id: number; title: string }[];
  commitments: { id: number; themeId: number }[];
  /** The level of each commitment in the round; absent or null when it has none. */
  levels: ReadonlyMap<number, Level | null>;
}

function emptyCounts(): Record<Level, number> {
  return { 'not-started': 0, limited: 0, substantial: 0, complete: 0 };
}

export function computeSummary(input: SummaryInput): Summary {
  const rows: SummaryRow[] = input.themes.map((t) => ({ themeId: t.id, theme: t.title, counts: emptyCounts(), unassessed: 0, total: 0 }));
  const byTheme = new Map(rows.map((r) => [r.themeId, r]));
  const total = { counts: emptyCounts(), unassessed: 0, total: 0 };
  for (const c of input.commitments) {
    const row = byTheme.get(c.themeId);
    const level = input.levels.get(c.id) ?? null;
    for (const target of row ? [row, total] : [total]) {
      target.total++;
      if (level) target.counts[level]++;
      else target.unassessed++;
    }
  }
  const percentages = emptyCounts();
  for (const level of LEVELS) percentages[level] = percentOf(total.counts[level], total.total);
  return { rows, total, percentages };
}

/**
 * `part / whole` in percent, rounded half up to one decimal, in integer arithmetic so that
 * 1/17 gives 5.9 and 1/16 gives 6.3 exactly (the 2015–2016 report truncated: 5,8).
 */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const tenths = Math.floor((2 * part * 1000 + whole) / (2 * whole));
  return tenths / 10;
}

export type Movement = 'up' | 'down' | 'same' | 'unknown';

export interface ComparisonRow {
  commitmentId: number;
  number: number;
  title: string;
  from: Level | null;
  to: Level | null;
  movement: Movement;
}

export interface Comparison {
  rows: ComparisonRow[];
  counts: Record<Movement, number>;
}

export function movementBetween(from: Level | null, to: Level | null): Movement {
  if (!from || !to) return 'unknown';
  const d = levelRank(to) - levelRank(from);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same';
}

/** Each commitment's level in two rounds, and how many moved up, down or stayed. */
export function compareRounds(
  commitments: { id: number; number: number; title: string }[],
  from: ReadonlyMap<number, Level | null>,
  to: ReadonlyMap<number, Level | null>,
): Comparison {
  const counts: Record<Movement, number> = { up: 0, down: 0, same: 0, unknown: 0 };
  const rows = [...commitments]
    .sort((a, b) => a.number - b.number)
    .map((c) => {
      const f = from.get(c.id) ?? null;
      const t = to.get(c.id) ?? null;
      const movement = movementBetween(f, t);
      counts[movement]++;
      return { commitmentId: c.id, number: c.number, title: c.title, from: f, to: t, movement };
    });
  return { rows, counts };
}
