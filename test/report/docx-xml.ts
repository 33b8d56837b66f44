import JSZip from 'jszip';

/**
 * What a test reads of a generated .docx: word/document.xml unzipped (jszip, already in node_modules
 * through docx and mammoth), its tables as rows of cell texts, its paragraphs with their styles.
 */
export interface DocxReading {
  xml: string;
  /** Every top-level table: rows of cells, each cell's paragraphs joined with "\n". */
  tables: string[][][];
  /** Paragraphs outside tables, with their style id ('' when none). */
  paragraphs: { style: string; text: string }[];
  footnotes: string;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function paragraphText(p: string): string {
  let out = '';
  for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g))
    out += m[1] !== undefined ? decode(m[1]) : m[0] === '<w:tab/>' ? '\t' : '\n';
  return out;
}

function cellText(tc: string): string {
  return [...tc.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => paragraphText(p[0]))
    .join('\n')
    .trim();
}

/** The elements `<tag>…</tag>` directly inside `xml` (same-named elements nested in them stay inside). */
export function elements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?=[ >])[^>]*>|</${tag}>`, 'g');
  let depth = 0;
  let start = 0;
  for (const m of xml.matchAll(re)) {
    if (m[0].startsWith('</')) {
      depth--;
      if (depth === 0) out.push(xml.slice(start, m.index + m[0].length));
    } else {
      if (depth === 0) start = m.index;
      depth++;
    }
  }
  return out;
}

export async function readDocx(bytes: Buffer): Promise<DocxReading> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const footnotes = (await zip.file('word/footnotes.xml')?.async('string')) ?? '';
  const body = xml.slice(xml.indexOf('<w:body>'));
  const tableXml = elements(body, 'w:tbl');
  const tables = tableXml.map((tbl) =>
    elements(tbl.slice(tbl.indexOf('>') + 1, -'</w:tbl>'.length), 'w:tr').map((tr) =>
      elements(tr.slice(tr.indexOf('>') + 1), 'w:tc').map(cellText),
    ),
  );
  // Paragraphs outside tables (and outside the contents' control, whose entries repeat the headings).
  let outside = body.replace(/<w:sdt>[\s\S]*?<\/w:sdt>/g, '');
  for (const t of tableXml) outside = outside.replace(t, '');
  const paragraphs = [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? '',
    text: paragraphText(m[0]),
  }));
  return { xml, tables, paragraphs, footnotes };
}
