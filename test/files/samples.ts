import { deflateRawSync, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/**
 * Small real files of each accepted type, made here rather than kept as fixtures, and the hostile ones:
 * renamed programs, polyglots, zip bombs. The zip writer is our own so that bombs can lie about sizes
 * and overlap entries, which no zip library will do.
 */

// ---------------------------------------------------------------------------------------------------
// CRC-32 (zip and PNG).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------------
// Zip.

export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
  /** Stored (0) or deflated (8, the default). */
  method?: 0 | 8;
  /** Already-compressed bytes to use as they are (to reuse one deflated block many times). */
  compressed?: Uint8Array;
  /** The data's CRC-32, when already known (it takes a while over megabytes). */
  crc?: number;
  /** What the headers say the entry unpacks to, when it should lie. */
  declaredSize?: number;
}

export interface ZipOptions {
  /** Extra central-directory records pointing at the first entry's local header (overlapping files). */
  overlapping?: number;
}

export function zip(entries: ZipEntryInput[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const records: { name: Buffer; method: number; crc: number; compressedSize: number; size: number; offset: number }[] = [];
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const compressed = e.compressed ?? (method === 8 ? deflateRawSync(e.data) : Buffer.from(e.data));
    const crc = e.crc ?? crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);
    records.push({ name, method, crc, compressedSize: compressed.length, size, offset });
    locals.push(local, Buffer.from(compressed));
    offset += local.length + compressed.length;
  }
  const first = records[0]!;
  for (let i = 0; i < (options.overlapping ?? 0); i++) records.push({ ...first, name: Buffer.from(`word/media/copy${i}.xml`) });
  for (const r of records) {
    const central = Buffer.alloc(46 + r.name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(r.method, 10);
    central.writeUInt32LE(r.crc, 16);
    central.writeUInt32LE(r.compressedSize, 20);
    central.writeUInt32LE(r.size, 24);
    central.writeUInt16LE(r.name.length, 28);
    central.writeUInt32LE(r.offset, 42);
    r.name.copy(central, 46);
    centrals.push(central);
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(records.length, 8);
  eocd.writeUInt16LE(records.length, 10);
  eocd.writeUInt32LE(centralSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, eocd]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');

const DOCX_CONTENT_TYPES = xml(
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '</Types>',
);

export function docxEntries(text: string): ZipEntryInput[] {
  return [
    { name: '[Content_Types].xml', data: DOCX_CONTENT_TYPES },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
          '</Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      data: xml(
        `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
      ),
    },
  ];
}

export function docx(text = 'Oficio N° 290-2017'): Buffer {
  return zip(docxEntries(text));
}

function odf(mimetype: string, body: string): Buffer {
  return zip([
    // ODF: the media type first, stored, so that it can be read at a fixed offset.
    { name: 'mimetype', data: Buffer.from(mimetype, 'ascii'), method: 0 },
    {
      name: 'META-INF/manifest.xml',
      data: xml(
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
          `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/>` +
          '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
          '</manifest:manifest>',
      ),
    },
    {
      name: 'content.xml',
      data: xml(
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
          `xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body>${body}</office:body></office:document-content>`,
      ),
    },
  ]);
}

export const odt = () => odf('application/vnd.oasis.opendocument.text', '<office:text><text:p>Informe de avance</text:p></office:text>');
export const ods = () =>
  odf(
    'application/vnd.oasis.opendocument.spreadsheet',
    '<office:spreadsheet><table:table table:name="Hoja1"><table:table-row><table:table-cell><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>',
  );

export async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Avance');
  ws.addRow(['Compromiso', 'Nivel']);
  ws.addRow([1, 'Completo']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------
// PDF, PNG, JPEG.

/** A one-page PDF with a line of text, its cross-reference table at the right offsets. */
export function pdf(text = 'Oficio N 290-2017'): Buffer {
  const content = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 2×2 RGB PNG. */
export function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 0x33, 0x66, 0xcc, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0xff, 0x33, 0x66, 0xcc]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An 8×8 grey baseline JPEG (JFIF), assembled by hand: one quantisation table of ones, one-code
 * Huffman tables (DC difference 0, end of block), and one block of entropy data — 0b00 padded with ones.
 */
export function jpeg(): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const oneCodeTable = (tcth: number) => [tcth, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, oneCodeTable(0x00)),
    ...seg(0xc4, oneCodeTable(0x10)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff,
    0xd9,
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Hostile files.

/** The start of a 64-bit Linux executable. */
export function elf(): Buffer {
  const b = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(0x3e, 18); // x86-64
  return b;
}

/** The start of a Windows executable: DOS header pointing at a PE header. */
export function exe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'ascii');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}

/** A PDF with a zip archive appended: zip readers see the archive, PDF readers the document. */
export function pdfWithZip(): Buffer {
  return Buffer.concat([pdf(), zip([{ name: 'payload.html', data: Buffer.from('<script>alert(1)</script>') }])]);
}

const MB = 1024 * 1024;
let zeros: { data: Buffer; compressed: Buffer; crc: number } | undefined;
/** 10 MB of zeros and their deflated form (about 10 kB), made once. */
function tenMbOfZeros() {
  if (!zeros) {
    const data = Buffer.alloc(10 * MB);
    zeros = { data, compressed: deflateRawSync(data, { level: 9 }), crc: crc32(data) };
  }
  return zeros;
}

/** A DOCX whose entries declare, truthfully, `entries` × 10 MB once unpacked. */
export function bombDocx(entries = 60): Buffer {
  const z = tenMbOfZeros();
  return zip([...docxEntries('x'), ...Array.from({ length: entries }, (_, i) => ({ name: `word/media/pad${i}.xml`, ...z }))]);
}

/** A DOCX with one entry that says 1 kB and unpacks to 10 MB. */
export function lyingDocx(): Buffer {
  const z = tenMbOfZeros();
  return zip([...docxEntries('x'), { name: 'word/media/pad.xml', ...z, declaredSize: 1024 }]);
}

/** A DOCX whose directory lists its first entry 2,000 times over (the "overlapping files" bomb). */
export function overlappingDocx(): Buffer {
  return zip(docxEntries('x'), { overlapping: 2000 });
}

/** Builds a multipart/form-data body: text fields, then files (name and bytes as given, unaltered). */
export function multipart(fields: Record<string, string>, files: { field: string; name: string; bytes: Uint8Array; type?: string }[]) {
  const boundary = `----vigia${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
      Buffer.from(f.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
