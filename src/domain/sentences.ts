import type { Level } from './levels.js';
import { percentOf } from './summary.js';

/**
 * What the sentence about a theme says, from its counts: how many commitments at each level, most
 * advanced first, and whether they all share one. The words are in i18n/sentences.ts. Pure.
 */
export interface ThemeCounts {
  theme: string;
  counts: Record<Level, number>;
  unassessed: number;
  total: number;
}

export type SentencePart = Level | 'unassessed';
const ORDER: SentencePart[] = ['complete', 'substantial', 'limited', 'not-started', 'unassessed'];

export type SentenceShape =
  | { kind: 'empty' }
  /** Every commitment at one level (one commitment, or all of them). */
  | { kind: 'all'; part: SentencePart; total: number }
  | { kind: 'mixed'; total: number; parts: { part: SentencePart; n: number }[] };

export function sentenceShape(t: ThemeCounts): SentenceShape {
  if (t.total === 0) return { kind: 'empty' };
  const parts = ORDER.map((part) => ({ part, n: part === 'unassessed' ? t.unassessed : t.counts[part] })).filter((p) => p.n > 0);
  if (parts.length === 1) return { kind: 'all', part: parts[0]!.part, total: t.total };
  return { kind: 'mixed', total: t.total, parts };
}

/** Share of commitments complete, and substantial or complete, in percent rounded half up. */
export function headlineShares(counts: Record<Level, number>, total: number): { complete: number; substantialOrComplete: number } {
  return { complete: percentOf(counts.complete, total), substantialOrComplete: percentOf(counts.complete + counts.substantial, total) };
}
