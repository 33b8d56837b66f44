import { LEVELS, type Level } from './levels.js';

/**
 * The figures a report's narrative quotes, checked against the tables computed for its round (issue 20):
 * an imported conclusion that says "(65%)" beside a recomputed table that says 58,8 % is shown to the
 * coordinator, naming the sentence, before the report goes out. Pure.
 *
 * Which figures count — only those that claim to be the tables' figures, so that a percentage or a count
 * about something else (a budget, a previous plan's commitments) raises nothing:
 * - a percentage ("65%", "65 %", "65,0 %", "64.7 por ciento") in a sentence that speaks of commitments
 *   (plural: "compromisos", "commitments") is a share of commitments. It agrees when it is, to the
 *   precision it is written with (half a unit of its last digit: "65%" is 64,5–65,5), the share of one
 *   level, of the levels from one up to Completo ("sustancial o completo"), or of those not assessed — of
 *   the plan or of any theme;
 * - in a theme's synthesis, the number of commitments it says the theme has ("de los 6 compromisos",
 *   "del total de 4 compromisos", "of the 4 commitments") must be the theme's total.
 */
export interface FigureRow {
  counts: Record<Level, number>;
  unassessed: number;
  total: number;
}

/** A share a table gives: one level, the levels from one up (`from`), or those not assessed. */
export type ShareOf = { level: Level } | { from: Level } | { unassessed: true };

export interface Share {
  of: ShareOf;
  /** The theme's index; null for the plan's total row. */
  theme: number | null;
  part: number;
  whole: number;
  /** Exact, in percent. */
  percent: number;
}

export interface NarrativeText<Ref> {
  ref: Ref;
  /** Plain text, one paragraph a line. */
  text: string;
  /** The theme whose intro or synthesis it is (its index); null for the plan's sections. */
  theme: number | null;
  /** A theme's synthesis: the counts it states are the theme's. */
  synthesis: boolean;
}

export type FigureMismatch<Ref> = {
  ref: Ref;
  sentence: string;
  /** The figure as written. */
  written: string;
} & ({ kind: 'share'; value: number; nearest: Share } | { kind: 'total'; value: number; total: number });

/** Every share the tables give: each level's, each run of levels up to Completo, the unassessed — of the plan and of each theme. */
export function sharesOf(plan: FigureRow, themes: FigureRow[]): Share[] {
  const out: Share[] = [];
  const add = (row: FigureRow, theme: number | null) => {
    if (row.total === 0) return;
    const share = (of: ShareOf, part: number) => out.push({ of, theme, part, whole: row.total, percent: (100 * part) / row.total });
    LEVELS.forEach((level, i) => {
      share({ level }, row.counts[level]);
      if (i > 0 && i < LEVELS.length - 1)
        share(
          { from: level },
          LEVELS.slice(i).reduce((n, l) => n + row.counts[l], 0),
        );
    });
    if (row.unassessed > 0) share({ unassessed: true }, row.unassessed);
  };
  add(plan, null);
  themes.forEach((t, i) => add(t, i));
  return out;
}

// "65%", "65 %", "65,0 %", "64.7%", "65 por ciento", "65 percent"; not the end of a longer number ("1.065%", "1065%").
const PERCENT = /(?<![\d.,])(\d{1,3}(?:[.,]\d{1,3})?)\s*(?:%|por\s+ciento\b|per\s*cent\b)/giu;
const COMMITMENTS = /\b(?:compromisos|commitments)\b/iu;
// The theme's total as a synthesis states it: "de los 6 compromisos", "del total de 4", "of the 4 commitments", "all 4 commitments".
const TOTAL =
  /\b(?:(?:del\s+total\s+de|de\s+los|de)\s+(\d{1,3})\s+compromisos|(?:(?:a\s+)?total\s+of|of\s+the|of|all)\s+(\d{1,3})\s+commitments)\b/giu;

/** A paragraph's sentences: split after ". ", "? ", "! " before a capital, a digit or an opening mark. */
export function sentencesOf(text: string): string[] {
  return text
    .split('\n')
    .flatMap((p) => p.split(/(?<=[.!?…])\s+(?=[«"“¿¡(]?[\p{Lu}\d])/u))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** "65" → 0.5, "65,0" → 0.05: the figure is right if the exact share rounds to it. */
function tolerance(written: string): number {
  const decimals = /[.,](\d+)$/.exec(written)?.[1]?.length ?? 0;
  return 0.5 * 10 ** -decimals + 1e-9;
}

export function checkNarrativeFigures<Ref>(texts: NarrativeText<Ref>[], plan: FigureRow, themes: FigureRow[]): FigureMismatch<Ref>[] {
  const all = sharesOf(plan, themes);
  const out: FigureMismatch<Ref>[] = [];
  for (const t of texts) {
    // The nearest share shown is the theme's for a theme's text, the plan's otherwise.
    const own = all.filter((s) => s.theme === t.theme);
    for (const sentence of sentencesOf(t.text)) {
      if (COMMITMENTS.test(sentence)) {
        for (const m of sentence.matchAll(PERCENT)) {
          const value = Number(m[1]!.replace(',', '.'));
          const tol = tolerance(m[1]!);
          if (all.some((s) => Math.abs(s.percent - value) <= tol)) continue;
          const pool = own.length > 0 ? own : all;
          if (pool.length === 0) continue;
          const nearest = pool.reduce((a, b) => (Math.abs(b.percent - value) < Math.abs(a.percent - value) ? b : a));
          out.push({ ref: t.ref, sentence, written: m[0].trim(), kind: 'share', value, nearest });
        }
      }
      const row = t.synthesis && t.theme !== null ? themes[t.theme] : undefined;
      if (!row) continue;
      for (const m of sentence.matchAll(TOTAL)) {
        const value = Number(m[1] ?? m[2]);
        if (value !== row.total) out.push({ ref: t.ref, sentence, written: m[0], kind: 'total', value, total: row.total });
      }
    }
  }
  return out;
}
