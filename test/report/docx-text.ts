import JSZip from 'jszip';

/**
 * The generated DOCX as Word's "plain text" export writes a document (the seed's own form): body
 * paragraphs as lines; each table cell on a line that starts with a tab, its further paragraphs on
 * the lines after it, a blank line after each row; a footnote's text after its paragraph as
 * "[footnoteRef:N] … [N:  text]". What the seed does not have is left out as the Word import is told to:
 * the Title and Subtitle paragraphs (title page), the TOC Heading and the contents' control.
 * Test-only: it lets the text reader judge whether the DOCX keeps the seed's layout.
 */
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function children(xml: string, tags: string[]): { tag: string; xml: string }[] {
  const out: { tag: string; xml: string }[] = [];
  const re = new RegExp(`<(/?)(${tags.join('|')})(?=[ >/])[^>]*?(/?)>`, 'g');
  let depth = 0;
  let start = 0;
  let tag = '';
  for (const m of xml.matchAll(re)) {
    const closing = m[1] === '/';
    if (m[3] === '/') continue; // <w:p/>: empty, nothing to read
    if (depth === 0) {
      if (!closing) {
        tag = m[2]!;
        start = m.index;
        depth = 1;
      }
      continue;
    }
    if (m[2] !== tag) continue;
    if (closing) {
      depth--;
      if (depth === 0) out.push({ tag, xml: xml.slice(start, m.index + m[0].length) });
    } else depth++;
  }
  return out;
}

export async function docxAsWordText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const notesXml = (await zip.file('word/footnotes.xml')?.async('string')) ?? '';
  const notes = new Map<string, string>();
  for (const n of children(notesXml, ['w:footnote'])) {
    const id = /w:id="(-?\d+)"/.exec(n.xml)![1]!;
    notes.set(
      id,
      children(n.xml.slice(n.xml.indexOf('>') + 1), ['w:p'])
        .map((p) => runs(p.xml))
        .join('\n')
        .trim(),
    );
  }
  function runs(p: string): string {
    let out = '';
    const refs: string[] = [];
    for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>|<w:footnoteReference w:id="(\d+)"\/>/g)) {
      if (m[1] !== undefined) out += decode(m[1]);
      else if (m[2] !== undefined) {
        out += `[footnoteRef:${m[2]}]`;
        refs.push(m[2]);
      } else out += m[0] === '<w:tab/>' ? '\t' : '\n';
    }
    for (const id of refs) out += `[${id}:  ${notes.get(id) ?? ''}\n] `;
    return out;
  }
  const lines: string[] = [];
  const body = xml.slice(xml.indexOf('<w:body>') + '<w:body>'.length);
  const table = (tbl: string) => {
    for (const tr of children(tbl.slice(tbl.indexOf('>') + 1), ['w:tr'])) {
      for (const tc of children(tr.xml.slice(tr.xml.indexOf('>') + 1), ['w:tc'])) {
        const inner = tc.xml.slice(tc.xml.indexOf('>') + 1);
        // Word's text export flattens a table inside a cell: its cells on tab lines, a blank line after each row.
        let first = true;
        for (const el of children(inner, ['w:p', 'w:tbl'])) {
          if (el.tag === 'w:p') {
            lines.push(first ? `\t${runs(el.xml)}` : runs(el.xml));
            first = false;
          } else {
            if (first) lines.push('\t');
            first = false;
            table(el.xml);
          }
        }
        if (first) lines.push('\t');
      }
      lines.push('');
    }
  };
  for (const el of children(body, ['w:p', 'w:tbl', 'w:sdt'])) {
    if (el.tag === 'w:sdt') continue;
    if (el.tag === 'w:tbl') table(el.xml);
    else {
      const style = /<w:pStyle w:val="([^"]+)"/.exec(el.xml)?.[1] ?? '';
      if (['Title', 'Subtitle', 'TOCHeading'].includes(style)) continue;
      lines.push(runs(el.xml));
    }
  }
  return lines.join('\n');
}
