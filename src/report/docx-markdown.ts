import {
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';

/**
 * Stored long texts (Markdown) as Word paragraphs. Lists keep their numbers and bullets as typed text
 * ("1. …", "· …"), as the seed's Word file shows them in its text export, so a report written here
 * reads back with the Word import into the same Markdown. Footnotes become Word footnotes.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(footnote);

type Token = ReturnType<typeof md.parse>[number];

/** Footnotes of the whole document: Word numbers them once, across every text. */
export class Footnotes {
  readonly notes: Record<number, { children: Paragraph[] }> = {};
  private next = 1;
  add(children: Paragraph[]): number {
    const id = this.next++;
    this.notes[id] = { children: children.length > 0 ? children : [new Paragraph('')] };
    return id;
  }
}

export interface BlockOptions {
  /** Markdown headings ("### Difusión…") as Word headings (in sections) or bold lines (in a ficha's cell). */
  headings: boolean;
  /** A run put before the first paragraph (the "[not translated]" mark). */
  prefix?: TextRun;
  /**
   * Paragraphs that start a group in the seed's layout (an activity's title in the results): an empty
   * paragraph before them, as the seed's Word file has, so the Word import finds the same activities.
   */
  startsGroup?: (text: string) => boolean;
}

export function markdownToDocx(text: string, notes: Footnotes, options: BlockOptions): (Paragraph | Table)[] {
  const tokens = md.parse(text, {});
  // Footnote definitions first: references in the text need their Word ids.
  const ids = new Map<number, number>();
  const defs = collectFootnotes(tokens);
  for (const [label, body] of defs)
    ids.set(label, notes.add(blocks(body, ids, { headings: false }).filter((b): b is Paragraph => b instanceof Paragraph)));
  const out = blocks(tokens, ids, options);
  if (options.prefix) {
    const first = out.findIndex((b) => b instanceof Paragraph);
    if (first === -1) out.unshift(new Paragraph({ children: [options.prefix] }));
    else out.splice(first, 0, new Paragraph({ children: [options.prefix] }));
  }
  return out;
}

function collectFootnotes(tokens: Token[]): Map<number, Token[]> {
  const defs = new Map<number, Token[]>();
  let current: Token[] | null = null;
  for (const t of tokens) {
    if (t.type === 'footnote_open') defs.set(Number(t.meta?.id), (current = []));
    else if (t.type === 'footnote_close') current = null;
    else if (current && t.type !== 'footnote_anchor') current.push(t);
  }
  return defs;
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

function blocks(tokens: Token[], ids: Map<number, number>, options: BlockOptions): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let heading: number | null = null;
  let itemPrefix: string | null = null;
  let quote = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'footnote_block_open': {
        // Skip the definitions (already collected).
        while (i < tokens.length && tokens[i]!.type !== 'footnote_block_close') i++;
        break;
      }
      case 'heading_open':
        heading = Number(t.tag.slice(1));
        break;
      case 'heading_close':
        heading = null;
        break;
      case 'bullet_list_open':
        lists.push({ ordered: false, n: 0 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, n: Number(t.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const l = lists.at(-1)!;
        // A loose list (items apart in the Markdown) keeps its items apart in Word with an empty paragraph.
        if (l.n > 0 && tokens[i + 1]?.type === 'paragraph_open' && !tokens[i + 1]!.hidden) out.push(new Paragraph(''));
        l.n++;
        itemPrefix = l.ordered ? `${l.n}. ` : '· ';
        break;
      }
      case 'blockquote_open':
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'table_open': {
        const end = tokens.findIndex((x, k) => k > i && x.type === 'table_close');
        out.push(table(tokens.slice(i, end + 1), ids));
        i = end;
        break;
      }
      case 'fence':
      case 'code_block':
        for (const line of t.content.replace(/\n$/, '').split('\n'))
          out.push(new Paragraph({ children: [new TextRun({ text: line, font: 'Courier New' })] }));
        break;
      case 'inline': {
        const runs = inline(t.children ?? [], ids);
        if (itemPrefix !== null) {
          runs.unshift(new TextRun(itemPrefix));
          itemPrefix = null;
        }
        const indent = lists.length > 1 || quote > 0 ? { left: 360 * (Math.max(lists.length - 1, 0) + quote) } : undefined;
        if (heading !== null && options.headings) out.push(new Paragraph({ heading: HEADINGS[Math.min(heading, 3) - 1], children: runs }));
        else if (heading !== null) out.push(new Paragraph({ children: inline(t.children ?? [], ids, true) }));
        else {
          const plain = (t.children ?? [])
            .filter((c) => c.type === 'text')
            .map((c) => c.content)
            .join('')
            .trim();
          if (lists.length === 0 && out.length > 0 && options.startsGroup?.(plain)) out.push(new Paragraph(''));
          out.push(new Paragraph({ children: runs, ...(indent ? { indent } : {}) }));
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function inline(children: Token[], ids: Map<number, number>, bold = false): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let strong = bold ? 1 : 0;
  let em = 0;
  let link: { href: string; runs: TextRun[]; auto: boolean } | null = null;
  const push = (run: TextRun) => (link ? link.runs.push(run) : out.push(run));
  for (const c of children) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
        push(new TextRun({ text: c.content, bold: strong > 0, italics: em > 0, ...(link ? { style: 'Hyperlink' } : {}) }));
        break;
      case 'softbreak':
      case 'hardbreak':
        push(new TextRun({ text: '', break: 1 }));
        break;
      case 'strong_open':
        strong++;
        break;
      case 'strong_close':
        strong--;
        break;
      case 'em_open':
        em++;
        break;
      case 'em_close':
        em--;
        break;
      case 'link_open':
        link = { href: String(c.attrGet('href') ?? ''), runs: [], auto: c.markup === 'autolink' };
        break;
      case 'link_close':
        if (link) {
          const l = link;
          link = null;
          // An autolink shows its address as typed (%22 stays %22), which is also what the Word import reads back.
          const children = l.auto ? [new TextRun({ text: l.href.replace(/^mailto:/i, ''), style: 'Hyperlink' })] : l.runs;
          if (/^(https?|mailto):/i.test(l.href)) out.push(new ExternalHyperlink({ link: l.href, children }));
          else out.push(...l.runs);
        }
        break;
      case 'image':
        push(new TextRun(c.content));
        break;
      case 'footnote_ref': {
        const id = ids.get(Number(c.meta?.id));
        if (id !== undefined) out.push(new FootnoteReferenceRun(id));
        break;
      }
      default:
        if (c.content) push(new TextRun(c.content));
    }
  }
  return out;
}

function table(tokens: Token[], ids: Map<number, number>): Table {
  const rows: TableRow[] = [];
  let cells: TableCell[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'tr_open') cells = [];
    else if (t.type === 'tr_close') rows.push(new TableRow({ children: cells }));
    else if (t.type === 'inline') {
      const header = tokens[i - 1]?.type === 'th_open';
      cells.push(new TableCell({ children: [new Paragraph({ children: inline(t.children ?? [], ids, header) })] }));
    }
  }
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}
