import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';

/** Markdown → plain text (no syntax, entities decoded), for search: what a reader sees, one line per block. Pure. */

const md = new MarkdownIt({ html: false, linkify: false }).use(footnote);

type Token = ReturnType<typeof md.parse>[number];

function inlineText(children: Token[] | null): string {
  let out = '';
  for (const t of children ?? []) {
    if (t.type === 'text' || t.type === 'code_inline' || t.type === 'html_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.type === 'image') out += inlineText(t.children);
  }
  return out;
}

export function markdownToText(markdown: string | null | undefined): string {
  if (!markdown) return '';
  const lines: string[] = [];
  let cells: string[] | null = null;
  for (const t of md.parse(markdown, {})) {
    if (t.type === 'tr_open') cells = [];
    else if (t.type === 'tr_close') {
      if (cells && cells.length > 0) lines.push(cells.join(' | '));
      cells = null;
    } else if (t.type === 'inline') {
      const text = inlineText(t.children).replace(/\s+/g, ' ').trim();
      if (!text) continue;
      if (cells) cells.push(text);
      else lines.push(text);
    } else if (t.type === 'code_block' || t.type === 'fence' || t.type === 'html_block') {
      const text = t.content.replace(/\s+/g, ' ').trim();
      if (text) lines.push(text);
    }
  }
  return lines.join('\n');
}
