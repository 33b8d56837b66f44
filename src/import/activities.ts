import { findDate } from '../domain/dates.js';
import {
  absoluteUrl,
  bulletItem,
  findUrls,
  isBlankBlock,
  numberedItem,
  sourceLine,
  toMarkdown,
  type ContentBlock,
  type Notes,
} from './content.js';
import { findDocumentReferences, findUnreadReferences, referenceKey } from './evidence-references.js';
import type { ParsedActivity, ParsedEvidence, ParsedReference, ParsedSource } from './model.js';

/**
 * Reads the activities of a commitment out of its "Descripción de los resultados": the numbered items,
 * each with the text that follows it up to the next item; without numbers, one per bullet; without
 * bullets, one per paragraph. Every URL and every document named by number ("Oficio N° …", in a "Fuente:"
 * line too) becomes evidence of the activity under which it appears, and every "Fuente: …" line a source.
 */
export interface ResultsReading {
  activities: ParsedActivity[];
  evidence: ParsedEvidence[];
  references: ParsedReference[];
  /** Number marks the reader could not tie to a kind of document ("el Comité N° 5"): they stay text. */
  unread: { text: string; line: number }[];
  sources: ParsedSource[];
  /** Where the numbering skips (1, 2, 4): each item is still an activity, under its own number. */
  gaps: { previous: number; next: number; line: number }[];
}

interface Item {
  number: number;
  title: string;
  start: number;
}

const NOTE_MARK_RE = /\u0001(\d+)\u0002/g;

function lineText(b: ContentBlock): string {
  return b.kind === 'line' ? b.text.trim() : '';
}

/** Numbered items go up from 1; a number that goes back or leaps far is text, not an item. */
const MAX_GAP = 3;

function findItems(blocks: ContentBlock[]): Item[] {
  const numbered: Item[] = [];
  blocks.forEach((b, i) => {
    const item = numberedItem(lineText(b));
    const previous = numbered.at(-1)?.number ?? 0;
    if (item && item.n > previous && item.n <= previous + (previous === 0 ? 1 : MAX_GAP))
      numbered.push({ number: item.n, title: item.text, start: i });
  });
  if (numbered.length > 0) return numbered;

  const bullets: Item[] = [];
  blocks.forEach((b, i) => {
    const text = bulletItem(lineText(b));
    if (text !== null && sourceLine(text) === null) bullets.push({ number: bullets.length + 1, title: text, start: i });
  });
  if (bullets.length > 0) return bullets;

  // One activity per paragraph: a run of lines between blank lines. A first paragraph that ends
  // with a colon introduces the list and is not one; nor is a paragraph made only of sources.
  const paragraphs: Item[] = [];
  let inParagraph = false;
  blocks.forEach((b, i) => {
    if (isBlankBlock(b)) {
      inParagraph = false;
      return;
    }
    if (b.kind === 'table' || inParagraph) return;
    inParagraph = true;
    const text = lineText(b);
    if (sourceLine(text) !== null) {
      inParagraph = false;
      return;
    }
    if (paragraphs.length === 0 && text.endsWith(':')) return;
    paragraphs.push({ number: paragraphs.length + 1, title: text, start: i });
  });
  return paragraphs;
}

export function readResults(blocks: ContentBlock[], notes: Notes): ResultsReading {
  const items = findItems(blocks);
  const activities: ParsedActivity[] = [];
  const links = emptyLinks();

  const ownerOf = (index: number): number | null => {
    let owner: number | null = null;
    for (const item of items) if (item.start <= index) owner = item.number;
    return owner;
  };

  items.forEach((item, k) => {
    const end = items[k + 1]?.start ?? blocks.length;
    const body = blocks.slice(item.start + 1, end).filter((b) => b.kind !== 'line' || sourceLine(b.text) === null);
    const details = toMarkdown(body, notes);
    activities.push({
      number: item.number,
      title: item.title.replace(NOTE_MARK_RE, '').replace(/\s+/g, ' ').trim(),
      details: details === '' ? null : details,
    });
  });

  collectLinks(blocks, notes, ownerOf, links);
  const gaps = items.flatMap((item, k) => {
    const previous = k === 0 ? 0 : items[k - 1]!.number;
    const b = blocks[item.start]!;
    return item.number > previous + 1 ? [{ previous, next: item.number, line: b.line }] : [];
  });
  return { activities, ...links, gaps };
}

type Links = Pick<ResultsReading, 'evidence' | 'references' | 'unread' | 'sources'>;
const emptyLinks = (): Links => ({ evidence: [], references: [], unread: [], sources: [] });

/**
 * Evidence and sources of a text that is about the whole commitment. `references`: where documents named by
 * number count as evidence — in the cited evidence, anywhere; in the additional information (what comes next,
 * mostly), only on its "Fuente:" lines.
 */
export function readCommitmentLevelLinks(blocks: ContentBlock[], notes: Notes, options: { references: References }): Links {
  const links = emptyLinks();
  collectLinks(blocks, notes, () => null, links, options.references);
  return links;
}

type References = 'anywhere' | 'source-lines';

/** Every URL and document reference (in the text, its tables and its footnotes) as evidence of its owner; every "Fuente:" line as a source. */
function collectLinks(
  blocks: ContentBlock[],
  notes: Notes,
  ownerOf: (index: number) => number | null,
  links: Links,
  references: References = 'anywhere',
): void {
  let previous = '';
  blocks.forEach((b, i) => {
    const owner = ownerOf(i);
    const texts = b.kind === 'line' ? [b.text] : b.rows.flat();
    for (const text of texts) {
      const src = sourceLine(text);
      if (src !== null) addSource(links.sources, src);
      collectUrls(text, previous, owner, links.evidence);
      // A "Fuente:" line speaks for the whole commitment, wherever it stands.
      if (references === 'anywhere' || src !== null) collectReferences(text, src === null ? owner : null, b.line, links);
      if (text.trim() !== '') previous = text;
      for (const m of text.matchAll(NOTE_MARK_RE)) {
        let notePrevious = '';
        for (const noteLine of notes.get(m[1]!) ?? []) {
          collectUrls(noteLine, notePrevious, owner, links.evidence);
          if (references === 'anywhere') collectReferences(noteLine, owner, b.line, links);
          notePrevious = noteLine;
        }
      }
    }
  });
}

/** Documents named by number, outside the links (a file name in a URL is the link's). */
function collectReferences(line: string, activityNumber: number | null, lineNumber: number, links: Links): void {
  let text = line.replace(NOTE_MARK_RE, '');
  for (const u of findUrls(text).reverse()) text = `${text.slice(0, u.start)} ${text.slice(u.end)}`;
  for (const r of findDocumentReferences(text)) {
    const key = referenceKey(r.text);
    if (links.references.some((x) => x.activityNumber === activityNumber && referenceKey(x.text) === key)) continue;
    links.references.push({ text: r.text, date: r.date, activityNumber });
  }
  for (const u of findUnreadReferences(text)) links.unread.push({ text: u, line: lineNumber });
}

function addSource(sources: ParsedSource[], text: string): void {
  if (!sources.some((s) => s.text === text)) sources.push({ text, date: findDate(text) });
}

/** A link on a line of its own is described by the line before it ("…en el siguiente enlace:"). */
function collectUrls(line: string, previous: string, activityNumber: number | null, into: ParsedEvidence[]): void {
  const clean = line.replace(NOTE_MARK_RE, '');
  for (const u of findUrls(clean)) {
    const url = absoluteUrl(u.url);
    if (into.some((e) => e.url === url && e.activityNumber === activityNumber)) continue;
    const own = describe(withoutLink(clean.slice(0, u.start), clean.slice(u.end)));
    const description = own !== '' ? own : describe(previous.replace(NOTE_MARK_RE, ''));
    into.push({ url, description: description === '' ? null : description, activityNumber });
  }
}

/** The words around a link, without it; a link in brackets ("el portal (https://…).") takes its brackets with it. */
function withoutLink(before: string, after: string): string {
  const open = /[(<[]\s*$/.exec(before);
  const close = /^\s*[)>\]]/.exec(after);
  if (open && close) return before.slice(0, open.index).trimEnd() + after.slice(close[0].length);
  return `${before} ${after}`;
}

function describe(text: string): string {
  const t = text
    .replace(/^\s*[·•\-–\d.)]+\s*/, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s:,;]+$/, '')
    .trim();
  if (t.length <= 300) return t;
  return `${t.slice(0, 300).replace(/\s+\S*$/, '')}…`;
}
