import { findDate } from '../domain/dates.js';

/**
 * Document references in a report's evidence text (issue 20): "Resolución Ministerial N° 176-2015-PCM",
 * "Oficio N° 290-2017-MIDIS/SG/OGPPM, del 12.09.17", "Decreto Legislativo N° 1353". A reference is a kind
 * of document, up to four words that qualify it, a number mark and a number; its date is the one written
 * in the clause right after it ("publicada el 17 de julio 2015"), never one further away. A number mark
 * without a known kind before it is "unread": the reader keeps it as text and says so.
 */
export interface DocumentReference {
  /** The reference as written, spaces normalised: kind, qualifiers, mark, number. */
  text: string;
  date: string | null;
  start: number;
  end: number;
}

const KINDS = [
  'resolución',
  'resolucion',
  'decreto',
  'ley',
  'oficio',
  'memorando',
  'memorándum',
  'memorandum',
  'informe',
  'carta',
  'directiva',
  'ordenanza',
  'acuerdo',
  'acta',
  'convenio',
  'circular',
  'expediente',
  'resolution',
  'decree',
  'law',
  'report',
  'letter',
  'directive',
  'ordinance',
  'agreement',
  'memo',
];
// "N°", "Nº", "N.°", "Nro.", "No.", "Núm.", "número", "No" before the number (English).
const MARK = String.raw`(?:N\s?[°º]\.?|N\.\s?[°º]|Nro\.?|No\.?|N[úu]m\.?|n[úu]mero|number)`;
const NUMBER = String.raw`\d[\p{L}\d\-/.]*[\p{L}\d]|\d`;
// Peru's abbreviations: DS (Decreto Supremo), RM (Resolución Ministerial), DL, DU, RS, RD, RJ.
const ABBREVIATIONS = ['DS', 'RM', 'DL', 'DU', 'RS', 'RD', 'RJ'].map((a) => `${a[0]}\\.?${a[1]}\\.?`);
const kindAlternatives = [...KINDS.map((k) => `[${k[0]!.toUpperCase()}${k[0]}]${k.slice(1)}`), ...ABBREVIATIONS].join('|');
/** Numbered things that are not documents: "el compromiso No.12", "la actividad N° 3". */
const NOT_DOCUMENTS = /(?:compromiso|commitment|actividad|activity|hito|milestone|meta|cuadro|tabla|table|anexo|annex|p[aá]gina|page)\s*$/i;
const REFERENCE_RE = new RegExp(
  String.raw`(?<![\p{L}\d])(?:${kindAlternatives})(?:[ \t]+[\p{L}][\p{L}\-]*){0,4}?[ \t]*${MARK}[ \t]*(?:${NUMBER})(?![\p{L}\d])`,
  'gu',
);
const MARK_RE = new RegExp(String.raw`(?<![\p{L}\d])${MARK}[ \t]*(?:${NUMBER})(?![\p{L}\d])`, 'gu');

/** The clause after a reference: up to a comma that follows words, a semicolon, a bracket or a sentence's end. */
function clauseAfter(text: string): string {
  const rest = text.replace(/^[\s,(]+/, '').slice(0, 80);
  const end = rest.search(/[,;)\n]|\.\s/);
  return end === -1 ? rest : rest.slice(0, end);
}

export function findDocumentReferences(text: string): DocumentReference[] {
  const found: DocumentReference[] = [];
  for (const m of text.matchAll(REFERENCE_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    found.push({ text: m[0].replace(/\s+/g, ' '), date: findDate(clauseAfter(text.slice(end))), start, end });
  }
  return found;
}

/** Number marks with a number that no known kind of document precedes ("el Comité N° 5"): kept as text, with a warning. */
export function findUnreadReferences(text: string): string[] {
  const read = findDocumentReferences(text);
  const unread: string[] = [];
  for (const m of text.matchAll(MARK_RE)) {
    // English "No 3" and Spanish "No." are words too: a bare "No" counts only as "No." before a number.
    if (/^No\s/.test(m[0]) || /^No\d/.test(m[0])) continue;
    if (read.some((r) => m.index >= r.start && m.index < r.end)) continue;
    if (NOT_DOCUMENTS.test(text.slice(0, m.index))) continue;
    // Some words before it, the first cut whole: what the warning quotes.
    const before = m.index > 40 ? text.slice(m.index - 40, m.index).replace(/^\S*\s/, '') : text.slice(0, m.index);
    unread.push(`${before}${m[0]}`.replace(/\s+/g, ' ').trim());
  }
  return unread;
}

/** The same document however its mark and spaces were written: "N° 176-2015-PCM" and "Nº176-2015-pcm". */
export function referenceKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(new RegExp(MARK, 'giu'), ' no ')
    .replace(/[^a-z0-9/-]+/g, ' ')
    .trim();
}
