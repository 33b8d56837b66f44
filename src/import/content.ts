/**
 * Long texts read from a report, kept with their structure — paragraphs, bullets, numbered items,
 * links, tables, footnotes — and written as Markdown, the one portable form that the pages and the
 * Word report both render. Shared by the readers of every report layout.
 */

export interface TextBlock {
  kind: 'line';
  text: string;
  line: number;
}
export interface TableBlock {
  kind: 'table';
  rows: string[][];
  line: number;
}
export type ContentBlock = TextBlock | TableBlock;

/** Footnote texts by their number in the document. */
export type Notes = Map<string, string[]>;

const NUMBERED_RE = /^\s*(\d{1,2})\s*[.)]\s+(\S.*)$/;
const BULLET_RE = /^\s*[·•●▪◦‣\-–—*]\s*(\S.*)$/;
const SOURCE_RE = /^\s*(?:fuentes?|sources?)\s*:\s*(\S.*)$/i;
// Marker left where a footnote was referenced; the note's text is kept in Notes.
const NOTE_MARK_RE = /\u0001(\d+)\u0002/g;

export function numberedItem(text: string): { n: number; text: string } | null {
  const m = NUMBERED_RE.exec(text);
  return m ? { n: Number(m[1]), text: m[2]!.trim() } : null;
}

export function bulletItem(text: string): string | null {
  const m = BULLET_RE.exec(text);
  // "- 2015" or "–MIDIS" are not bullets: a bullet is followed by a space or starts a word.
  if (!m) return null;
  if (/^\s*[-–—]\S/.test(text)) return null;
  return m[1]!.trim();
}

export function sourceLine(text: string): string | null {
  const m = SOURCE_RE.exec(text);
  return m ? m[1]!.trim().replace(/[.;,\s]+$/, '') : null;
}

export function isBlankBlock(b: ContentBlock): boolean {
  return b.kind === 'line' && b.text.trim() === '';
}

/**
 * Word's text export writes a footnote as `[footnoteRef:2]` where it is cited and `[2: text…]` beside it,
 * the text running over lines up to the closing bracket. Replaces both with a marker and keeps the text.
 */
export function extractFootnotes(blocks: ContentBlock[], notes: Notes, onUnclosed?: (id: string) => void): ContentBlock[] {
  const out: ContentBlock[] = [];
  // A definition is only taken as one after its citation: "[2: …]" in ordinary text stays text.
  const cited = new Set<string>();
  let open: { id: string; lines: string[]; depth: number; raw: TextBlock[]; prefix: string; line: number } | null = null;
  for (const b of blocks) {
    if (b.kind !== 'line') {
      if (open) open.lines.push(...b.rows.map((r) => r.join(' ')));
      else out.push(b);
      continue;
    }
    if (open) open.raw.push(b);
    let text = b.text;
    let kept = '';
    while (text.length > 0) {
      if (open) {
        let i = 0;
        for (; i < text.length; i++) {
          if (text[i] === '[') open.depth++;
          else if (text[i] === ']' && --open.depth === 0) break;
        }
        open.lines.push(text.slice(0, i));
        if (i < text.length) {
          notes.set(open.id, trimNote(open.lines));
          open = null;
          text = text.slice(i + 1);
        } else text = '';
        continue;
      }
      const ref = /\[footnoteRef:(\d+)\]/.exec(text);
      const def = [...text.matchAll(/\[(\d+):\s/g)].find((m) => cited.has(m[1]!));
      if (ref && (!def || ref.index < def.index)) {
        kept += text.slice(0, ref.index) + `\u0001${ref[1]}\u0002`;
        cited.add(ref[1]!);
        text = text.slice(ref.index + ref[0].length);
      } else if (def) {
        kept += text.slice(0, def.index);
        open = { id: def[1]!, lines: [], depth: 1, raw: [], prefix: text.slice(def.index), line: b.line };
        text = text.slice(def.index + def[0].length);
      } else {
        kept += text;
        text = '';
      }
    }
    if (kept.trim() !== '' || b.text.trim() === '') out.push({ kind: 'line', text: kept.trimEnd(), line: b.line });
  }
  if (open) {
    // Never closed: what it swallowed goes back as text, nothing is lost.
    onUnclosed?.(open.id);
    out.push({ kind: 'line', text: open.prefix, line: open.line }, ...open.raw);
  }
  return out;
}

function trimNote(lines: string[]): string[] {
  return lines.map((l) => l.trim()).filter((l) => l !== '');
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"“”]+/gi;

export interface FoundUrl {
  url: string;
  start: number;
  end: number;
}

/** URLs in a line of text; trailing punctuation that ends the sentence is not part of the link. */
export function findUrls(text: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    while (/[.,;:!?)\]»’'”]$/.test(url)) {
      if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    if (url.length < 8) continue;
    found.push({ url, start: m.index, end: m.index + url.length });
  }
  return found;
}

export function absoluteUrl(url: string): string {
  return /^www\./i.test(url) ? `http://${url}` : url;
}

/** Escapes the characters that Markdown would read as markup; links become autolinks. */
export function inlineMarkdown(raw: string): string {
  const text = raw.replace(/[ \t]+/g, ' ');
  let out = '';
  let pos = 0;
  for (const u of findUrls(text)) {
    out += escapeText(text.slice(pos, u.start));
    out += /^www\./i.test(u.url) ? `[${escapeText(u.url)}](${absoluteUrl(u.url)})` : `<${u.url}>`;
    pos = u.end;
  }
  out += escapeText(text.slice(pos));
  return out.replace(NOTE_MARK_RE, (_m, id: string) => `[^${id}]`);
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`);
}

/** Escapes what would start a block (heading, list, quote, rule) at the start of a paragraph. */
function escapeLineStart(md: string): string {
  if (/^[#+=-]/.test(md)) return `\\${md}`;
  const m = /^(\d+)([.)])/.exec(md);
  if (m) return `${m[1]}\\${md.slice(m[1]!.length)}`;
  return md;
}

function tableMarkdown(rows: string[][]): string[] {
  const width = Math.max(...rows.map((r) => r.length));
  const cell = (s: string | undefined) => inlineMarkdown((s ?? '').replace(/\s*\n\s*/g, ' ').trim()) || ' ';
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(r[i])).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header!), `|${' --- |'.repeat(width)}`, ...body.map(line)];
}

export interface MarkdownOptions {
  /** Short lines with no final punctuation become headings of this level (for narrative sections, not ficha fields). */
  headingLevel?: number;
}

/** Writes blocks as Markdown: one paragraph per Word paragraph, lists kept as lists, notes at the end. */
export function toMarkdown(blocks: ContentBlock[], notes: Notes, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  let prev: 'ul' | 'ol' | 'other' | null = null;
  const used = new Set<string>();
  const pushBlock = (lines: string[], kind: 'ul' | 'ol' | 'other') => {
    if (!(kind !== 'other' && prev === kind)) out.push('');
    out.push(...lines);
    prev = kind;
  };
  blocks.forEach((b, i) => {
    if (b.kind === 'table') {
      pushBlock(tableMarkdown(b.rows), 'other');
      prev = null;
      return;
    }
    const text = b.text.trim();
    if (text === '') {
      prev = null;
      return;
    }
    for (const m of text.matchAll(NOTE_MARK_RE)) used.add(m[1]!);
    const numbered = numberedItem(text);
    const bullet = numbered ? null : bulletItem(text);
    if (numbered) pushBlock([`${numbered.n}. ${inlineMarkdown(numbered.text)}`], 'ol');
    else if (bullet !== null) pushBlock([`- ${inlineMarkdown(bullet)}`], 'ul');
    else if (options.headingLevel && looksLikeHeading(text, blocks[i + 1])) {
      pushBlock([`${'#'.repeat(options.headingLevel)} ${inlineMarkdown(text)}`], 'other');
    } else pushBlock([escapeLineStart(inlineMarkdown(text))], 'other');
  });
  for (const id of used) {
    const note = notes.get(id);
    if (!note || note.length === 0) continue;
    const [first, ...rest] = note.map((l) => {
      const bullet = bulletItem(l);
      return bullet !== null ? `- ${inlineMarkdown(bullet)}` : escapeLineStart(inlineMarkdown(l));
    });
    out.push('', `[^${id}]: ${first}`, ...rest.map((l) => `\n    ${l}`));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function looksLikeHeading(text: string, next: ContentBlock | undefined): boolean {
  const words = text.split(/\s+/).length;
  return (
    words <= 8 &&
    !/[.:;,)]$/.test(text) &&
    /^[A-ZÁÉÍÓÚÑ]/.test(text) &&
    next !== undefined &&
    next.kind === 'line' &&
    next.text.trim().length > text.length
  );
}
