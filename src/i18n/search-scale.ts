import type { Lang } from './lang.js';

/** The search page's words for many results and many plans (issue 8), in Spanish and English. */
const es = {
  moreThan: (n: string) => `Más de ${n} resultados`,
  moreHelp: (n: string) =>
    `Se muestran los ${n} primeros encontrados, ordenados por pertinencia. Añada palabras o elija un gobierno o un plan para ver los demás.`,
  government: 'Gobierno',
  governmentFirst: 'Elija un gobierno y pulse «Buscar» para filtrar también por plan y por entidad.',
};

export type SearchScaleMessages = typeof es;

const en: SearchScaleMessages = {
  moreThan: (n: string) => `More than ${n} results`,
  moreHelp: (n: string) =>
    `Showing the first ${n} found, ordered by relevance. Add words or choose a government or a plan to see the others.`,
  government: 'Government',
  governmentFirst: 'Choose a government and press “Search” to filter by plan and agency too.',
};

export const searchScaleMessages: Record<Lang, SearchScaleMessages> = { es, en };
