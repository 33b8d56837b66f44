import { fileTypeFromBuffer } from 'file-type/core';
import { checkFileName, checkUpload, extensionOf, type FileRefusal, type UploadLimits } from './file-types.js';

/**
 * A report or plan sent from the browser to be imported (issue 19): a Word document (.docx), checked as
 * every uploaded DOCX is (type by content, zip bombs, active content: issue 17), or Word's export as
 * plain text (.txt), which must be text — nothing a type signature names. Pure: a name and bytes in, a
 * verdict out; the reader (import/read-report.ts) then refuses what is not a report.
 */
export const REPORT_EXTENSIONS = ['docx', 'txt'] as const;
export type ReportKind = (typeof REPORT_EXTENSIONS)[number];

export type ReportUploadCheck =
  | { ok: true; kind: ReportKind; /** As sent, in Unicode NFC. */ name: string }
  | ({ ok: false } & FileRefusal)
  /** Neither .docx nor .txt: refused with words of the import's own (the evidence list of types does not apply). */
  | { ok: false; code: 'report_extension'; params: { name: string; extension: string } };

export async function checkReportUpload(name: string, bytes: Uint8Array, limits: UploadLimits): Promise<ReportUploadCheck> {
  const nameRefusal = checkFileName(name);
  if (nameRefusal) return { ok: false, ...nameRefusal };
  const nfc = name.normalize('NFC');
  const extension = extensionOf(nfc);
  if (extension === 'docx') {
    const check = await checkUpload(nfc, bytes, limits);
    return check.ok ? { ok: true, kind: 'docx', name: nfc } : check;
  }
  if (extension !== 'txt') return { ok: false, code: 'report_extension', params: { name: nfc, extension } };
  if (bytes.length === 0) return { ok: false, code: 'empty', params: { name: nfc } };
  if (bytes.length > limits.maxBytes)
    return { ok: false, code: 'too_large', params: { name: nfc, size: bytes.length, limit: limits.maxBytes } };
  // A zip (a .docx renamed), a PDF, a program: the reader would open a zip as Word, past the checks above.
  let detected: string | undefined;
  try {
    detected = (await fileTypeFromBuffer(bytes))?.ext;
  } catch {
    detected = undefined;
  }
  if (detected) return { ok: false, code: 'type_mismatch', params: { name: nfc, detected, expected: 'txt' } };
  return { ok: true, kind: 'txt', name: nfc };
}
