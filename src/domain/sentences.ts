import type { Lang } from '../i18n/lang.js';
import { percentOf } from './summary.js';
import type { Level } from './levels.js';

/**
 * One sentence per theme, written from the data: "De los 6 compromisos de Transparencia y acceso a la
 * información pública, 4 se completaron, 1 tiene avance sustancial y 1 no se inició." Pure.
 */
export interface ThemeCounts {
  theme: string;
  counts: Record<Level, number>;
  unassessed: number;
  total: number;
}

type Part = Level | 'unassessed';
const ORDER: Part[] = ['complete', 'substantial', 'limited', 'not-started', 'unassessed'];

const ES: Record<Part, [string, string]> = {
  complete: ['se completó', 'se completaron'],
  substantial: ['tiene avance sustancial', 'tienen avance sustancial'],
  limited: ['tiene avance limitado', 'tienen avance limitado'],
  'not-started': ['no se inició', 'no se iniciaron'],
  unassessed: ['no tiene evaluación', 'no tienen evaluación'],
};
const EN: Record<Part, [string, string]> = {
  complete: ['was completed', 'were completed'],
  substantial: ['made substantial progress', 'made substantial progress'],
  limited: ['made limited progress', 'made limited progress'],
  'not-started': ['was not started', 'were not started'],
  unassessed: ['has no assessment', 'have no assessment'],
};

const LISTS: Record<Lang, Intl.ListFormat> = {
  es: new Intl.ListFormat('es', { style: 'long', type: 'conjunction' }),
  en: new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }),
};

function countOf(t: ThemeCounts, part: Part): number {
  return part === 'unassessed' ? t.unassessed : t.counts[part];
}

export function themeSentence(t: ThemeCounts, lang: Lang): string {
  const words = lang === 'es' ? ES : EN;
  const list = LISTS[lang];
  if (t.total === 0) return lang === 'es' ? `${t.theme} no tiene compromisos.` : `${t.theme} has no commitments.`;
  const present = ORDER.filter((p) => countOf(t, p) > 0);
  if (present.length === 1) {
    const p = present[0]!;
    if (t.total === 1) return lang === 'es' ? `El único compromiso de ${t.theme} ${words[p][0]}.` : `The only commitment on ${t.theme} ${words[p][0]}.`;
    return lang === 'es' ? `Los ${t.total} compromisos de ${t.theme} ${words[p][1]}.` : `All ${t.total} commitments on ${t.theme} ${words[p][1]}.`;
  }
  const parts = present.map((p) => {
    const n = countOf(t, p);
    return `${n} ${words[p][n === 1 ? 0 : 1]}`;
  });
  return lang === 'es' ? `De los ${t.total} compromisos de ${t.theme}, ${list.format(parts)}.` : `Of the ${t.total} commitments on ${t.theme}, ${list.format(parts)}.`;
}

/** Share of commitments complete, and substantial or complete, in percent rounded half up. */
export function headlineShares(counts: Record<Level, number>, total: number): { complete: number; substantialOrComplete: number } {
  return { complete: percentOf(counts.complete, total), substantialOrComplete: percentOf(counts.complete + counts.substantial, total) };
}

