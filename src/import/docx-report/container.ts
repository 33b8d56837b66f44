import { checkZip, DEFAULT_MAX_UNPACKED_BYTES, DEFAULT_MAX_ZIP_ENTRIES } from '../../domain/file-types.js';
import { AppError } from '../../errors.js';

/**
 * A .docx is a zip holding word/document.xml. Refuses, naming the file and the reason, what only
 * claims to be one: an empty file, a PDF or a text renamed, a zip that is damaged or a bomb, a zip
 * of something else (a workbook, a folder of photos).
 */
export async function checkDocxContainer(bytes: Uint8Array, fileName: string): Promise<void> {
  if (bytes.length === 0) throw new AppError('report_empty', { file: fileName });
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') throw new AppError('report_pdf', { file: fileName });
  if (!isZip(bytes)) throw new AppError('report_docx_invalid', { file: fileName, reason: 'not_zip' });
  const refusal = await checkZip(bytes, { maxUnpackedBytes: DEFAULT_MAX_UNPACKED_BYTES, maxEntries: DEFAULT_MAX_ZIP_ENTRIES });
  // Macros are never run here: a .docm's text reads like any other document's.
  if (refusal && refusal.code !== 'macros') {
    throw new AppError('report_docx_invalid', { file: fileName, reason: refusal.code === 'damaged' ? 'damaged' : 'too_large' });
  }
  if (!zipEntryNames(bytes).includes('word/document.xml'))
    throw new AppError('report_docx_invalid', { file: fileName, reason: 'no_document' });
}

/** A zip's local-file signature, "PK\x03\x04", at the start. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** The names in a zip's central directory (which checkZip has already found sound). */
function zipEntryNames(bytes: Uint8Array): string[] {
  let eocd = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(bytes, at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) return [];
  const names: string[] = [];
  let at = u32(bytes, eocd + 16);
  for (let i = 0; i < u16(bytes, eocd + 10) && at + 46 <= eocd; i++) {
    const nameLength = u16(bytes, at + 28);
    names.push(new TextDecoder('utf-8').decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return names;
}
