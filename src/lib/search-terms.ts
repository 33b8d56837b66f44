import { newStemmer } from 'snowball-stemmers';

/**
 * Search's linguistics, pure (no I/O), the same for SQLite and PostgreSQL: the databases only match
 * tokens made here.
 *
 * - A word is a run of Unicode letters, marks and digits, lower-cased.
 * - Folding removes accents (every combining mark): "Participación" → "participacion".
 * - A document is indexed as, for each word, its Spanish Snowball stem folded and the word folded
 *   ("capacitaciones" → "capacit", "capacitaciones").
 * - A query word matches a document when one of its alternatives — the stem folded, the word folded,
 *   the stem of the folded word — is a prefix of one of the document's tokens. So "capacitaciones"
 *   finds "capacitación" (same stem), "participacion" finds "Participación" (folded word) and "transp"
 *   finds "transparencia" (prefix). Every query word must match (AND).
 */

/** A query longer than this is cut (at a space when there is one). */
export const MAX_QUERY_LENGTH = 200;
/** Words searched at most; the rest of the query is dropped. */
export const MAX_QUERY_WORDS = 12;
/** Longer words are cut to this length, in documents and queries alike (so they still match by prefix). */
export const MAX_WORD_LENGTH = 60;

const spanish = newStemmer('spanish');

const WORD_RE = /[\p{L}\p{M}\p{N}]+/gu;
const MARKS_RE = /\p{M}/gu;

/**
 * Words too common to search for, folded. Dropped from a query unless the query has nothing else;
 * documents keep them (they cost little and a query made only of them still finds something).
 */
const STOPWORDS = new Set([
  'a',
  'al',
  'ante',
  'con',
  'de',
  'del',
  'desde',
  'e',
  'el',
  'en',
  'entre',
  'la',
  'las',
  'lo',
  'los',
  'o',
  'para',
  'por',
  'que',
  'se',
  'su',
  'sus',
  'u',
  'un',
  'una',
  'unas',
  'unos',
  'y',
  'an',
  'and',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
]);

/** Lower case, accents (every combining mark) removed. */
export function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(MARKS_RE, '').normalize('NFC');
}

function stem(lowerWord: string): string {
  return spanish.stem(lowerWord);
}

interface WordAt {
  /** The word lower-cased (NFC), cut to MAX_WORD_LENGTH. */
  word: string;
  start: number;
  end: number;
}

function* wordsAt(text: string): Generator<WordAt> {
  for (const m of text.matchAll(WORD_RE)) {
    const word = m[0].normalize('NFC').toLowerCase().slice(0, MAX_WORD_LENGTH);
    yield { word, start: m.index!, end: m.index! + m[0].length };
  }
}

/** The words of a text, lower-cased. */
export function words(text: string): string[] {
  return [...wordsAt(text)].map((w) => w.word);
}

/** A word's own tokens: its stem folded, and the word folded when that differs. */
function wordTokens(word: string): string[] {
  const folded = fold(word);
  if (!folded) return [];
  const stemmed = fold(stem(word));
  return stemmed && stemmed !== folded ? [stemmed, folded] : [folded];
}

/**
 * A word's tokens, kept across calls: stemming is most of the cost of indexing (a plan's rebuild stems
 * the same few thousand words again and again), and the vocabulary of a plan is small. Bounded: emptied
 * when full, so a long-running process holds at most WORD_CACHE_SIZE words.
 */
const WORD_CACHE_SIZE = 50_000;
const wordCache = new Map<string, string[]>();

/** The tokens a text is indexed by, in order (repeats kept: they count for ranking). */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const { word } of wordsAt(text)) {
    let tokens = wordCache.get(word);
    if (!tokens) {
      if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
      wordCache.set(word, (tokens = wordTokens(word)));
    }
    out.push(...tokens);
  }
  return out;
}

/** The index tokens of a text as the databases store them: separated by spaces. */
export function indexTerms(text: string): string {
  return indexTokens(text).join(' ');
}

export interface QueryWord {
  /** The word as typed, lower-cased. */
  word: string;
  /** Tokens any of which may start a document token for the word to match; none is a prefix of another. */
  alternatives: string[];
}

export interface ParsedQuery {
  /** The query as searched: control characters removed, spaces collapsed, cut to MAX_QUERY_LENGTH / MAX_QUERY_WORDS. */
  text: string;
  /** The words searched, each with its alternatives; empty when there is nothing to search. */
  words: QueryWord[];
  /** True when the query was longer than the limits and was cut. */
  cut: boolean;
}

/** Removes control and format characters (and lone surrogates), collapses white space. */
export function cleanText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\p{Cf}\p{Cs}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function queryAlternatives(word: string): string[] {
  const folded = fold(word);
  const candidates = new Set([fold(stem(word)), folded, fold(stem(folded))].filter((t) => t.length > 0));
  // "capacit" already matches everything "capacitaciones" does: keep the shortest of each chain.
  return [...candidates].filter((t) => ![...candidates].some((o) => o !== t && t.startsWith(o))).sort();
}

/** Reads what a person typed. Never throws: anything that is not a string is an empty query. */
export function parseQuery(input: unknown): ParsedQuery {
  // Past this, nothing would be kept anyway; cleaning is linear, but there is no need to read megabytes.
  let text = typeof input === 'string' ? cleanText(input.slice(0, 20_000)) : '';
  let cut = false;
  if (text.length > MAX_QUERY_LENGTH) {
    const space = text.lastIndexOf(' ', MAX_QUERY_LENGTH);
    text = text.slice(0, space > MAX_QUERY_LENGTH / 2 ? space : MAX_QUERY_LENGTH).trim();
    cut = true;
  }
  const all = [...wordsAt(text)].map((w) => ({ ...w, folded: fold(w.word) })).filter((w) => w.folded.length > 0);
  const meaningful = all.filter((w) => !STOPWORDS.has(w.folded));
  const chosen: (WordAt & { folded: string })[] = [];
  const seen = new Set<string>();
  for (const w of meaningful.length > 0 ? meaningful : all) {
    if (seen.has(w.folded)) continue;
    if (chosen.length === MAX_QUERY_WORDS) {
      text = text.slice(0, chosen.at(-1)!.end).trim();
      cut = true;
      break;
    }
    seen.add(w.folded);
    chosen.push(w);
  }
  return { text, words: chosen.map((w) => ({ word: w.word, alternatives: queryAlternatives(w.word) })), cut };
}

/** Segments of a text, the matched words marked: the caller escapes each and wraps the marked ones in <mark>. */
export interface Segment {
  text: string;
  match: boolean;
}

function matcher(query: ParsedQuery | QueryWord[]): (word: string) => boolean {
  const alternatives = (Array.isArray(query) ? query : query.words).flatMap((w) => w.alternatives);
  return (word) => {
    if (alternatives.length === 0) return false;
    const tokens = wordTokens(word);
    return alternatives.some((a) => tokens.some((t) => t.startsWith(a)));
  };
}

/** The text cut into segments, the words the query matches marked (whole words, as the databases match them). */
export function highlight(text: string, query: ParsedQuery | QueryWord[]): Segment[] {
  const matches = matcher(query);
  const out: Segment[] = [];
  const push = (t: string, match: boolean) => {
    if (!t) return;
    const last = out.at(-1);
    if (last && last.match === match && !match) last.text += t;
    else out.push({ text: t, match });
  };
  let at = 0;
  for (const w of wordsAt(text)) {
    if (!matches(w.word)) continue;
    push(text.slice(at, w.start), false);
    push(text.slice(w.start, w.end), true);
    at = w.end;
  }
  push(text.slice(at), false);
  return out;
}

export const SNIPPET_LENGTH = 240;

/**
 * About `length` characters of a text around its first match (its beginning when nothing matches),
 * white space collapsed, cut between words, with an ellipsis where it was cut.
 */
export function snippet(text: string, query: ParsedQuery | QueryWord[], length = SNIPPET_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const matches = matcher(query);
  let first = 0;
  for (const w of wordsAt(flat)) {
    if (matches(w.word)) {
      first = w.start;
      break;
    }
  }
  // Some context before the match, the rest after it.
  let start = Math.max(0, first - Math.floor(length / 4));
  let end = Math.min(flat.length, start + length);
  start = Math.max(0, end - length);
  // Cut between words, unless that loses much (a long URL): then inside the word.
  const slack = Math.floor(length / 8);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space !== -1 && space < first && space - start <= slack) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > Math.max(start, first) && end - space <= slack) end = space;
  }
  const body = flat.slice(start, end).trim();
  return `${start > 0 ? '…' : ''}${body}${end < flat.length ? '…' : ''}`;
}
