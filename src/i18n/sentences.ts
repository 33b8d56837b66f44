import { sentenceShape, type SentencePart, type ThemeCounts } from '../domain/sentences.js';
import type { Lang } from './lang.js';

/**
 * One sentence per theme, written from the data, in each language: "De los 6 compromisos de
 * Transparencia…, 4 se completaron, 1 tiene avance sustancial y 1 no se inició."
 */
const VERBS: Record<Lang, Record<SentencePart, [one: string, many: string]>> = {
  es: {
    complete: ['se completó', 'se completaron'],
    substantial: ['tiene avance sustancial', 'tienen avance sustancial'],
    limited: ['tiene avance limitado', 'tienen avance limitado'],
    'not-started': ['no se inició', 'no se iniciaron'],
    unassessed: ['no tiene evaluación', 'no tienen evaluación'],
  },
  en: {
    complete: ['was completed', 'were completed'],
    substantial: ['made substantial progress', 'made substantial progress'],
    limited: ['made limited progress', 'made limited progress'],
    'not-started': ['was not started', 'were not started'],
    unassessed: ['has no assessment', 'have no assessment'],
  },
};

const LISTS: Record<Lang, Intl.ListFormat> = {
  es: new Intl.ListFormat('es', { style: 'long', type: 'conjunction' }),
  en: new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }),
};

export function themeSentence(t: ThemeCounts, lang: Lang): string {
  const shape = sentenceShape(t);
  const verbs = VERBS[lang];
  const es = lang === 'es';
  switch (shape.kind) {
    case 'empty':
      return es ? `${t.theme} no tiene compromisos.` : `${t.theme} has no commitments.`;
    case 'all':
      if (shape.total === 1)
        return es
          ? `El único compromiso de ${t.theme} ${verbs[shape.part][0]}.`
          : `The only commitment on ${t.theme} ${verbs[shape.part][0]}.`;
      return es
        ? `Los ${shape.total} compromisos de ${t.theme} ${verbs[shape.part][1]}.`
        : `All ${shape.total} commitments on ${t.theme} ${verbs[shape.part][1]}.`;
    case 'mixed': {
      const list = LISTS[lang].format(shape.parts.map(({ part, n }) => `${n} ${verbs[part][n === 1 ? 0 : 1]}`));
      return es ? `De los ${shape.total} compromisos de ${t.theme}, ${list}.` : `Of the ${shape.total} commitments on ${t.theme}, ${list}.`;
    }
  }
}
