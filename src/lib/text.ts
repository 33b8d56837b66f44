/** Text helpers shared by the readers and the domain: pure, no I/O. */

/** Lower case, accents removed, every run of non-alphanumerics turned into one space. Used to compare labels and names. */
export function foldKey(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Collapses runs of spaces and tabs inside a line and trims it. */
export function squish(text: string): string {
  return text.replace(/[ \t\u00a0]+/g, ' ').trim();
}

const STOPWORDS = new Set(['de', 'del', 'la', 'las', 'el', 'los', 'y', 'e', 'a', 'en', 'o', 'the', 'of', 'and', 'to', 'in', 'for']);

/** The meaningful words of a name, folded: used to match names that are spelled differently. */
export function keywords(text: string): Set<string> {
  return new Set(
    foldKey(text)
      .split(' ')
      .filter((w) => w.length > 0 && !STOPWORDS.has(w)),
  );
}

/** Jaccard similarity of the keywords of two names, 0..1. */
export function nameSimilarity(a: string, b: string): number {
  const ka = keywords(a);
  const kb = keywords(b);
  if (ka.size === 0 && kb.size === 0) return 1;
  let shared = 0;
  for (const w of ka) if (kb.has(w)) shared++;
  return shared / (ka.size + kb.size - shared);
}

/**
 * Sentence case as Spanish titles are written ("Mejora de los Servicios Públicos" → "Mejora de los servicios públicos").
 * Short all-capital words inside a mixed-case title are kept: they are acronyms (OGP, TIC).
 */
export function sentenceCase(text: string): string {
  const words = squish(text).split(' ');
  const allCaps = text === text.toUpperCase();
  const out = words.map((w, i) => {
    const isAcronym = !allCaps && w.length >= 2 && w.length <= 6 && w === w.toUpperCase() && /[A-ZÁÉÍÓÚÑ]/.test(w);
    if (isAcronym) return w;
    const lower = w.toLocaleLowerCase('es');
    return i === 0 ? lower.charAt(0).toLocaleUpperCase('es') + lower.slice(1) : lower;
  });
  return out.join(' ');
}

/** True when the text has accented letters: a spelling with accents carries more information than one without. */
export function hasAccents(text: string): boolean {
  return text.normalize('NFD') !== text.normalize('NFC') || /[áéíóúñü]/i.test(text);
}
