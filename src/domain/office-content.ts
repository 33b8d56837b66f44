/**
 * Active content in Office documents (DOCX, XLSX, ODT, ODS), found by what the parts hold rather than
 * what they are called: relationships to outside targets, DDE and include fields, OLE and ActiveX,
 * macros, scripts, formulas that reach outside the workbook. Pure: the zip reader in file-types.ts
 * hands over each part's name and then its unpacked bytes, chunk by chunk; this says what it found.
 *
 * XML is scanned, not parsed: a parser (saxes) reads 15 MB/s, and a 20 MB workbook unpacks to
 * 120 MB of XML. Elements are matched by their local name whatever their prefix (a prefix is the
 * sender's choice), text is read through entities, CDATA and comments, and anything unclear counts
 * against the file: the cost of a mistake is a person saving their file as PDF, not a program run.
 */

export const ACTIVE_CONTENT_KINDS = [
  'remote_template',
  'external_object',
  'external_frame',
  'external_subdocument',
  'external_workbook',
  'external_resource',
  'external_data',
  'dde',
  'include_field',
  'hidden_field',
  'ole_object',
  'activex',
  'embedded_program',
  'scripts',
  'web_formula',
  'hyperlink_formula',
  'macros',
  'encrypted',
] as const;
export type ActiveContentKind = (typeof ACTIVE_CONTENT_KINDS)[number];

export interface ActiveContent {
  kind: ActiveContentKind;
  /** The part it was found in, as named in the zip ("word/_rels/settings.xml.rels"). */
  part: string;
  /** A word that names it better, from a fixed set or letters only: "DDEAUTO", "WEBSERVICE", "image". */
  detail?: string;
}

export type OfficeFamily = 'ooxml' | 'odf';

/**
 * What one part holds: active content, nothing, XML made so that it cannot be read in bounded steps
 * ('unreadable'), or more elements to look at than the document's budget ('too_many').
 */
export type PartVerdict = ActiveContent | 'unreadable' | 'too_many' | null;

/** One part's bytes, as they are unpacked: each call may find something; `end` once at the end. */
export interface PartScan {
  write(chunk: Uint8Array): PartVerdict;
  end(): PartVerdict;
}

// ---------------------------------------------------------------------------------------------------
// By name, before anything is unpacked.

const NAME_RULES: Record<OfficeFamily, [RegExp, ActiveContentKind][]> = {
  ooxml: [
    [/(^|\/)vbaProject\.bin$/i, 'macros'],
    [/(^|\/)oleObject[^/]*\.bin$/i, 'ole_object'],
    [/(^|\/)activeX\//i, 'activex'],
    [/(^|\/)externalLinks\//i, 'external_workbook'],
  ],
  odf: [[/^(Basic|Scripts)\//, 'macros']],
};

/**
 * Elements looked at per byte of the file (and at least MIN_ELEMENTS): a sheet full of formulas has
 * 0.24 per byte (2 000 000 in 8.4 MB); a 7 MB file made of nothing else unpacks to 500 MB and 12
 * million of them, seconds of work. The budget keeps the work in proportion to what was sent.
 */
const ELEMENTS_PER_BYTE = 0.5;
const MIN_ELEMENTS = 1_000_000;

/** The check of one document: its parts' names, then each part's bytes; one budget for all its parts. */
export class OfficeCheck {
  /** The most elements looked at in this document. */
  readonly maxElements: number;
  elementsLeft: number;

  constructor(
    private readonly family: OfficeFamily,
    fileBytes: number,
  ) {
    this.maxElements = Math.max(MIN_ELEMENTS, Math.floor(fileBytes * ELEMENTS_PER_BYTE));
    this.elementsLeft = this.maxElements;
  }

  byName(part: string): ActiveContent | null {
    for (const [re, kind] of NAME_RULES[this.family]) if (re.test(part)) return { kind, part };
    return null;
  }

  part(part: string): PartScan {
    return scanPart(this, this.family, part);
  }
}

// ---------------------------------------------------------------------------------------------------
// By content.

// An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): what OLE objects, ActiveX state and VBA projects
// are stored as, whatever the part is called.
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// The longest element carried from one piece to the next (a formula is at most 8 192 characters).
const MAX_ELEMENT_CHARS = 1 << 20;

function scanPart(budget: OfficeCheck, family: OfficeFamily, part: string): PartScan {
  let decode: ((chunk: Uint8Array) => Uint8Array) | null = null;
  let elements: ElementScanner | null = null;
  let skip = false;
  return {
    write(chunk) {
      if (skip || chunk.length === 0) return null;
      if (!decode) {
        if (CFB.every((b, i) => chunk[i] === b)) return { kind: 'ole_object', part };
        decode = xmlDecoder(chunk);
        // Not XML (a picture, a printer's settings): nothing an office program reads as markup.
        if (!decode) return ((skip = true), null);
        elements = new ElementScanner(family === 'ooxml' ? new OoxmlRules(part) : new OdfRules(part), budget);
      }
      return elements!.write(decode(chunk));
    },
    end() {
      return elements?.end() ?? null;
    },
  };
}

/**
 * How to read a part whose first bytes are XML's (a BOM, blanks, then "<"), as bytes in which ASCII
 * stands for itself (UTF-8 as it is, UTF-16 re-encoded); null when they are not XML's.
 */
function xmlDecoder(first: Uint8Array): ((chunk: Uint8Array) => Uint8Array) | null {
  const utf16 = (label: 'utf-16le' | 'utf-16be') => {
    const decoder = new TextDecoder(label);
    return (chunk: Uint8Array) => Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
  };
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0x3c && first[1] === 0x00)) return utf16('utf-16le');
  if ((first[0] === 0xfe && first[1] === 0xff) || (first[0] === 0x00 && first[1] === 0x3c)) return utf16('utf-16be');
  let i = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  while (first[i] === 0x20 || first[i] === 0x09 || first[i] === 0x0a || first[i] === 0x0d) i++;
  return first[i] === 0x3c ? (chunk) => chunk : null;
}

interface Rules {
  /** Local names of the elements looked at. */
  readonly names: readonly string[];
  /** Those whose text matters (the rest are looked at by their attributes). */
  readonly withText: ReadonlySet<string>;
  element(local: string, attributes: string, text: string | null): PartVerdict;
  end(): ActiveContent | null;
}

/**
 * Finds the elements a Rules looks at in text that arrives in pieces: each one whole, start tag and
 * (for those whose text matters) text up to its end tag, in document order. The text is read as
 * latin1 — every name and keyword looked for is ASCII, and a byte is a character, so a character cut
 * between pieces cannot hide one — and what is carried to the next piece is kept as bytes: a string
 * made by joining two is read five times slower.
 */
class ElementScanner {
  private pending: Uint8Array = new Uint8Array(0);
  private readonly start: RegExp;

  constructor(
    private readonly rules: Rules,
    private readonly budget: OfficeCheck,
  ) {
    this.start = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?(${rules.names.join('|')})(?=[\\s/>])`, 'g');
  }

  write(bytes: Uint8Array): PartVerdict {
    const all = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    const buf = Buffer.from(all.buffer, all.byteOffset, all.length).toString('latin1');
    let pos = 0;
    let carry = -1;
    for (;;) {
      this.start.lastIndex = pos;
      const m = this.start.exec(buf);
      if (!m) break;
      const local = m[1]!;
      const attrsFrom = m.index + m[0].length;
      const tagEnd = startTagEnd(buf, attrsFrom);
      if (tagEnd === -1) {
        carry = m.index;
        break;
      }
      if (--this.budget.elementsLeft < 0) return 'too_many';
      let content: string | null = null;
      let next = tagEnd + 1;
      const withText = this.rules.withText.has(local);
      if (withText && buf.charCodeAt(tagEnd - 1) === SLASH) {
        // <f/>, <w:instrText/>: no text, and nothing in their attributes.
        pos = next;
        continue;
      }
      if (withText) {
        const close = endTag(buf, tagEnd + 1, local);
        if (close === -1) {
          carry = m.index;
          break;
        }
        content = buf.slice(tagEnd + 1, close);
        next = buf.indexOf('>', close) + 1;
      }
      const found = this.rules.element(local, attrsFrom === tagEnd ? '' : buf.slice(attrsFrom, tagEnd), content);
      if (found) return found;
      pos = next;
    }
    if (carry === -1) {
      // A start tag cut at the end of this piece: its "<" and name come again with the next one.
      const lt = buf.lastIndexOf('<');
      carry = lt >= pos && buf.length - lt < 256 ? lt : buf.length;
    }
    this.pending = all.subarray(carry);
    // Longer than any real element: a file made to be read only in part.
    if (this.pending.length > MAX_ELEMENT_CHARS) return 'unreadable';
    return null;
  }

  /** An element left open at the end (broken XML, which programs may still "repair") counts as read. */
  end(): PartVerdict {
    const pending = Buffer.from(this.pending).toString('latin1');
    this.start.lastIndex = 0;
    const m = this.start.exec(pending);
    if (m) {
      const rest = pending.slice(m.index + m[0].length);
      const tagEnd = startTagEnd(rest, 0);
      const found =
        tagEnd === -1
          ? this.rules.element(m[1]!, rest, this.rules.withText.has(m[1]!) ? '' : null)
          : this.rules.element(m[1]!, rest.slice(0, tagEnd), this.rules.withText.has(m[1]!) ? rest.slice(tagEnd + 1) : null);
      if (found) return found;
    }
    return this.rules.end();
  }
}

const SLASH = 0x2f;

/** Where the end tag `</local>` (with any prefix) that comes first after `from` starts; -1 when not in `s`. */
function endTag(s: string, from: number, local: string): number {
  for (let at = s.indexOf('</', from); at !== -1; at = s.indexOf('</', at + 2)) {
    let i = at + 2;
    while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
    const name = i - local.length;
    if (name < at + 2 || !s.startsWith(local, name) || (name > at + 2 && s.charCodeAt(name - 1) !== COLON)) continue;
    while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09 || s.charCodeAt(i) === 0x0a || s.charCodeAt(i) === 0x0d))
      i++;
    if (s.charCodeAt(i) === GT) return at;
  }
  return -1;
}

const COLON = 0x3a;
const GT = 0x3e;
/** Letters, digits, "_", ".", ":" and "-": what XML names are made of here (ASCII; latin1 text). */
const isNameChar = (c: number) =>
  (c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;

/** Where a start tag's ">" is (a ">" may stand inside a quoted attribute value); -1 when not in `s`. */
function startTagEnd(s: string, from: number): number {
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The values of an element's attributes with this local name (any prefix), unescaped, read one after
 * the other so that text inside a value is never taken for an attribute. Usually one or none; XML
 * that gives one twice is not well-formed, and the callers count every value as a program might.
 */
function values(s: string, name: string): string[] {
  const out: string[] = [];
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(s); m; m = ATTRIBUTE.exec(s)) {
    if (m[1] === name || m[1]!.endsWith(`:${name}`)) out.push(unescapeXml(m[2] ?? m[3] ?? ''));
  }
  return out;
}

/** An element's text as a program reads it: comments and processing instructions out, CDATA and entities in. */
function xmlText(s: string): string {
  if (!s.includes('<') && !s.includes('&')) return s;
  return s
    .replace(/<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)/g, '')
    .replace(
      /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|(<[^>]*>)|([^<]+)/g,
      (_all, cdata: string | undefined, tag: string | undefined, text: string | undefined) =>
        cdata !== undefined ? cdata : tag !== undefined ? '' : unescapeXml(text ?? ''),
    );
}

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi,
    (all, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
      if (named) return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[named.toLowerCase() as 'lt']!;
      const code = hex ? parseInt(hex, 16) : Number(dec);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    },
  );
}

/** A relationship's or content type's last word, as a detail: letters only. */
function lastWord(uri: string): string {
  return (/([A-Za-z]{1,40})[^A-Za-z]*$/.exec(uri)?.[1] ?? '').slice(0, 40);
}

// ---------------------------------------------------------------------------------------------------
// Formulas (Excel's in <f>, <formula>, <definedName>; OpenDocument's in table:formula attributes).

const WEB_FUNCTIONS = /(?:^|[^\w.])(?:_xlfn\.|COM\.MICROSOFT\.)?(WEBSERVICE|IMAGE)\s*\(/i;
const FILTERXML = /(?:^|[^\w.])(?:_xlfn\.|COM\.MICROSOFT\.)?FILTERXML\s*\(/i;
const HYPERLINK = /(?:^|[^\w.])HYPERLINK\s*\(/i;
const DDE_FUNCTION = /(?:^|[^\w.])DDE\s*\(/i;
/** [1]Hoja!A1, '[1]Hoja de datos'!A1, [1]!Nombre: a workbook outside by its number; Tabla[2019] is a column. */
const EXTERNAL_BOOK = /\[\d+\](?:[^'![\]]*'|[^\s'![\](),;"=+\-*/&<>^%]*)!/;
/** OpenDocument's reference to another file: 'file:///C:/x.ods'#$Hoja1.A1. */
const ODF_EXTERNAL = /'[^']*'#/;

/** What any of the above needs: most formulas (SUM(A1:A9), B2*C2) have none of it. */
const MIGHT_REACH_OUT = /[|['#]|(?:WEBSERVICE|IMAGE|FILTERXML|HYPERLINK|DDE)\s*\(/i;

export function formulaFinding(formula: string): Omit<ActiveContent, 'part'> | null {
  if (!MIGHT_REACH_OUT.test(formula)) return null;
  // Text in double quotes is data, except where it is a URL handed to FILTERXML.
  const literals: string[] = [];
  const bare = formula.replace(/"(?:[^"]|"")*(?:"|$)/g, (s) => (literals.push(s), '""'));
  if (EXTERNAL_BOOK.test(bare) || ODF_EXTERNAL.test(bare)) return { kind: 'external_workbook' };
  // app|topic!item: Excel's DDE. Outside quoted sheet names and [table columns], "|" is nothing else.
  if (
    bare
      .replace(/'(?:[^']|'')*(?:'|$)/g, "''")
      .replace(/\[[^\]]*\]?/g, '')
      .includes('|') ||
    DDE_FUNCTION.test(bare)
  )
    return { kind: 'dde' };
  const web = WEB_FUNCTIONS.exec(bare);
  if (web) return { kind: 'web_formula', detail: web[1]!.toUpperCase() };
  if (FILTERXML.test(bare) && literals.some((l) => /\b(?:https?|ftp|file):\/\//i.test(l)))
    return { kind: 'web_formula', detail: 'FILTERXML' };
  if (HYPERLINK.test(bare)) return { kind: 'hyperlink_formula' };
  return null;
}

// ---------------------------------------------------------------------------------------------------
// OOXML (DOCX, XLSX).

const RELATIONSHIP_KINDS: Record<string, ActiveContentKind> = {
  attachedtemplate: 'remote_template',
  oleobject: 'external_object',
  frame: 'external_frame',
  subdocument: 'external_subdocument',
  externallinkpath: 'external_workbook',
};

const CONTENT_TYPE_RULES: [RegExp, ActiveContentKind][] = [
  [/vbaProject|vbaData|macroEnabled|macrosheet/i, 'macros'],
  [/oleObject/i, 'ole_object'],
  [/activeX/i, 'activex'],
  [/externalLink/i, 'external_workbook'],
  [/spreadsheetml\.connections/i, 'external_data'],
];

/** Word's fields that run a program or bring content in from elsewhere, by their first word (any case). */
const FIELD_KINDS: Record<string, ActiveContentKind> = {
  DDE: 'dde',
  DDEAUTO: 'dde',
  INCLUDETEXT: 'include_field',
  INCLUDEPICTURE: 'include_field',
  INCLUDE: 'include_field',
  IMPORT: 'include_field',
  LINK: 'include_field',
  DATABASE: 'include_field',
};

// The first word, when it is one of FIELD_KINDS' (one regex: PAGE, TOC and the like end here).
const FIELD_WORD = new RegExp(`^[\\s"]*(${Object.keys(FIELD_KINDS).join('|')})(?![A-Za-z])`, 'i');

const MAX_FIELD_DEPTH = 64;

interface Field {
  instruction: string;
  /** Still between its begin and separate marks, where its instruction is. */
  open: boolean;
  /** Its instruction starts with another field, whose result becomes its name. */
  named: boolean;
}

class OoxmlRules implements Rules {
  readonly names = [
    'Relationship',
    'Default',
    'Override',
    'instrText',
    'fldChar',
    'fldSimple',
    'f',
    'formula',
    'formula1',
    'formula2',
    'definedName',
    'ocx',
  ];
  readonly withText = new Set(['instrText', 'f', 'formula', 'formula1', 'formula2', 'definedName']);
  private readonly fields: Field[] = [];

  constructor(private readonly part: string) {}

  element(local: string, attrs: string, text: string | null): PartVerdict {
    const part = this.part;
    switch (local) {
      case 'Relationship': {
        if (!values(attrs, 'TargetMode').some((v) => v.trim().toLowerCase() === 'external')) return null;
        // Links a reader clicks are what documents are made of; everything else fetched from outside is not.
        const types = values(attrs, 'Type').map(lastWord);
        const type = types.find((t) => t.toLowerCase() !== 'hyperlink') ?? (types.length > 0 ? null : '');
        if (type === null) return null;
        const kind = RELATIONSHIP_KINDS[type.toLowerCase()];
        return kind ? { kind, part } : { kind: 'external_resource', part, detail: type || '?' };
      }
      case 'Default':
      case 'Override': {
        for (const type of values(attrs, 'ContentType'))
          for (const [re, kind] of CONTENT_TYPE_RULES) if (re.test(type)) return { kind, part };
        return null;
      }
      case 'ocx':
        return { kind: 'activex', part };
      case 'fldChar': {
        const marks = values(attrs, 'fldCharType');
        if (marks.length > 1) return 'unreadable';
        const mark = (marks[0] ?? '').trim().toLowerCase();
        if (mark === 'begin') {
          // Word nests fields a few levels deep; thousands of begins without an end are not a document.
          if (this.fields.length >= MAX_FIELD_DEPTH) return 'unreadable';
          this.nested();
          this.fields.push({ instruction: '', open: true, named: false });
        } else if (mark === 'separate' || mark === 'end') {
          const top = this.fields.at(-1);
          const found = top?.open ? this.field(top) : null;
          if (top) top.open = false;
          if (mark === 'end') this.fields.pop();
          return found;
        }
        return null;
      }
      case 'instrText': {
        const top = this.fields.at(-1);
        if (top?.open) top.instruction += xmlText(text ?? '');
        else return this.field({ instruction: xmlText(text ?? ''), open: false, named: false });
        return null;
      }
      case 'fldSimple':
        this.nested();
        for (const instruction of values(attrs, 'instr')) {
          const found = this.field({ instruction, open: false, named: false });
          if (found) return found;
        }
        return null;
      default: {
        const found = formulaFinding(xmlText(text ?? ''));
        return found && { ...found, part };
      }
    }
  }

  /** A field begins: if its parent's instruction has nothing before it yet, it gives the parent its name. */
  private nested(): void {
    const top = this.fields.at(-1);
    if (top?.open && /^[\s"]*$/.test(top.instruction)) top.named = true;
  }

  private field(f: Field): ActiveContent | null {
    if (f.named) return { kind: 'hidden_field', part: this.part };
    const word = FIELD_WORD.exec(f.instruction)?.[1]?.toUpperCase();
    const kind = word && Object.hasOwn(FIELD_KINDS, word) ? FIELD_KINDS[word] : undefined;
    return kind ? { kind, part: this.part, detail: word } : null;
  }

  end(): ActiveContent | null {
    for (const f of this.fields) {
      const found = f.open ? this.field(f) : null;
      if (found) return found;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// OpenDocument (ODT, ODS).

/** A link that leaves the package: a scheme (http:, file:, smb:), an absolute path, or "../". */
function leavesPackage(href: string): boolean {
  const h = href.trim();
  if (/^vnd\.sun\.star\.(GraphicObject|Package):/i.test(h)) return false;
  return /^[a-z][a-z0-9+.-]*:/i.test(h) || /^[/\\]/.test(h) || /^\.\.[/\\]/.test(h);
}

/** Elements that bring in something from a link, and what it is when the link leaves the package. */
const ODF_LINKED: Record<string, ActiveContentKind> = {
  object: 'external_object',
  'object-ole': 'external_object',
  'floating-frame': 'external_frame',
  image: 'external_resource',
  'section-source': 'external_subdocument',
  'table-source': 'external_workbook',
  'cell-range-source': 'external_workbook',
};

class OdfRules implements Rules {
  readonly names = [
    'script',
    'event-listener',
    'dde-source',
    'dde-connection-decl',
    'dde-link',
    'object',
    'object-ole',
    'applet',
    'plugin',
    'floating-frame',
    'image',
    'section-source',
    'table-source',
    'cell-range-source',
    'table-cell',
    'covered-table-cell',
    'named-expression',
    'content-validation',
    'encryption-data',
    'a',
  ];
  readonly withText = new Set<string>();

  constructor(private readonly part: string) {}

  element(local: string, attrs: string): PartVerdict {
    const part = this.part;
    switch (local) {
      case 'script':
      case 'event-listener':
        return { kind: 'scripts', part };
      case 'dde-source':
      case 'dde-connection-decl':
      case 'dde-link':
        return { kind: 'dde', part };
      case 'applet':
      case 'plugin':
        return { kind: 'embedded_program', part, detail: local };
      case 'encryption-data':
        return { kind: 'encrypted', part };
      case 'table-cell':
      case 'covered-table-cell':
      case 'named-expression':
      case 'content-validation': {
        // Most cells hold no formula: the attributes are read only when one might be there.
        if (!/formula|expression|condition/.test(attrs)) return null;
        for (const formula of [...values(attrs, 'formula'), ...values(attrs, 'expression'), ...values(attrs, 'condition')]) {
          const found = formulaFinding(formula);
          if (found) return { ...found, part };
        }
        return null;
      }
      default: {
        const kind = ODF_LINKED[local];
        for (const href of values(attrs, 'href')) {
          // A link or object that runs a macro (of the document, or one installed with the program).
          if (/^vnd\.sun\.star\.script:/i.test(href.trim())) return { kind: 'scripts', part };
          if (kind && leavesPackage(href)) return kind === 'external_resource' ? { kind, part, detail: local } : { kind, part };
        }
        // An OLE object kept inside the package is still an OLE object.
        return local === 'object-ole' ? { kind: 'ole_object', part } : null;
      }
    }
  }

  end(): ActiveContent | null {
    return null;
  }
}
