import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml } from 'node-html-parser';
import { SaxesParser } from 'saxes';

/**
 * What each kind of answer must look like when the stored texts are hostile (test/security/hostile-data.ts):
 * each checker returns the problems found and the text a reader would see (where the markers are looked for).
 */
export interface Checked {
  problems: string[];
  text: string;
}

/** Remnants of the payload that would be live markup if they came through unescaped. */
const LIVE = [/<script\b/i, /<img\s+src=x/i, /<svg\s+onload/i, /<svg\/onload/i];

/** An HTML page: the site has no script of its own, no element may carry an on* attribute, no link or source may be javascript:. */
export function checkHtml(body: string): Checked {
  const problems: string[] = [];
  for (const re of LIVE) if (re.test(body)) problems.push(`unescaped markup ${re}`);
  const root = parseHtml(body, { comment: false });
  const parts: string[] = [root.text];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName?.toLowerCase() ?? '';
    if (tag === 'script') problems.push(`a <script> element: ${el.toString().slice(0, 120)}`);
    if (tag === 'iframe' || tag === 'object' || tag === 'embed') problems.push(`a <${tag}> element`);
    for (const [name, value] of Object.entries(el.attributes)) {
      parts.push(value);
      if (/^on/i.test(name)) problems.push(`<${tag} ${name}=…> (an event handler attribute)`);
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(name) && /^\s*(javascript|vbscript|data):/i.test(value))
        problems.push(`<${tag} ${name}="${value.slice(0, 60)}">`);
    }
  }
  return { problems, text: parts.join('\n') };
}

/** XML (Atom, SVG, a DOCX part): well-formed, and no live element of the payload inside. */
export function checkXml(body: string, what: string): Checked {
  const problems: string[] = [];
  const texts: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', (e) => {
    problems.push(`${what}: not well-formed: ${e.message}`);
  });
  parser.on('text', (t) => texts.push(t));
  parser.on('cdata', (t) => texts.push(t));
  parser.on('opentag', (tag) => {
    const name = tag.name.toLowerCase();
    if (name === 'script' || name.endsWith(':script') || name === 'img' || (name === 'svg' && what !== 'svg'))
      problems.push(`${what}: a <${tag.name}> element`);
    for (const [attr, value] of Object.entries(tag.attributes)) {
      texts.push(String(value));
      if (/^on/i.test(attr)) problems.push(`${what}: <${tag.name} ${attr}>`);
      if (/href$/i.test(attr) && /^\s*javascript:/i.test(String(value))) problems.push(`${what}: <${tag.name} ${attr}="javascript:…">`);
    }
  });
  try {
    parser.write(body).close();
  } catch (e) {
    problems.push(`${what}: not well-formed: ${(e as Error).message}`);
  }
  return { problems, text: texts.join('\n') };
}

/** What OWASP's CSV-injection list says a spreadsheet reads as a formula (src/export/cells.ts neutralises these with a quote). */
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function checkCsv(body: string): Checked {
  const problems: string[] = [];
  const rows = parseCsv(body.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  for (const [r, row] of rows.entries())
    for (const [c, cell] of row.entries())
      if (FORMULA.test(cell)) problems.push(`row ${r + 1} column ${c + 1} starts a formula: ${cell.slice(0, 50)}`);
  return { problems, text: rows.flat().join('\n') };
}

export async function checkXlsx(bytes: Buffer): Promise<Checked> {
  const problems: string[] = [];
  const texts: string[] = [];
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  book.eachSheet((sheet) =>
    sheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (cell.type === ExcelJS.ValueType.Formula || cell.type === ExcelJS.ValueType.Hyperlink)
          problems.push(`${sheet.name} ${r}:${c} is a ${cell.type === ExcelJS.ValueType.Formula ? 'formula' : 'hyperlink'}`);
        const text = typeof cell.value === 'string' ? cell.value : cell.text;
        if (typeof cell.value === 'string' && FORMULA.test(cell.value))
          problems.push(`${sheet.name} ${r}:${c} starts a formula: ${cell.value.slice(0, 50)}`);
        texts.push(String(text));
      }),
    ),
  );
  return { problems, text: texts.join('\n') };
}

/** A Word document: its XML parts well-formed, no field code or hyperlink made of a stored text. */
export async function checkDocx(bytes: Buffer): Promise<Checked> {
  const problems: string[] = [];
  const texts: string[] = [];
  const zip = await JSZip.loadAsync(bytes);
  for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    const checked = checkXml(xml, name);
    problems.push(...checked.problems);
    if (name === 'word/document.xml' || /word\/(footnotes|header\d*|footer\d*)\.xml$/.test(name)) texts.push(checked.text);
    if (/<w:instrText[^>]*>[^<]*(evil|HYPERLINK)/i.test(xml) || /<w:fldSimple[^>]*instr="[^"]*evil/i.test(xml))
      problems.push(`${name}: a field code made of a stored text`);
    if (name.endsWith('.rels') && /Target="\s*(javascript|vbscript|data):/i.test(xml))
      problems.push(`${name}: a relationship to a javascript: target`);
  }
  return { problems, text: texts.join('\n') };
}

export function checkJson(body: string): Checked {
  try {
    JSON.parse(body);
    return {
      problems: [],
      text: body
        .replace(/\\u003c/gi, '<')
        .replace(/\\u003e/gi, '>')
        .replace(/\\"/g, '"'),
    };
  } catch (e) {
    return { problems: [`not JSON: ${(e as Error).message}`], text: '' };
  }
}
