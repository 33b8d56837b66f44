import { extensionOf } from '../domain/file-types.js';
import { AppError } from '../errors.js';
import { isZip } from './docx-report/container.js';
import type { ParsedReport } from './model.js';
import { readTextReport } from './text-report/index.js';

/**
 * A report file of any layout Vigía reads: a Word document (.docx) or Word's text export. The content
 * decides — a .docx renamed .txt is still read as Word — but a file named .docx must be one.
 */
export async function readReport(bytes: Uint8Array, fileName: string): Promise<ParsedReport> {
  // mammoth only when a Word file is read (docs/performance.md, memory).
  if (isZip(bytes) || extensionOf(fileName) === 'docx') return (await import('./docx-report/index.js')).readDocxReport(bytes, fileName);
  // Word 97–2003 (.doc): an OLE compound file, which mammoth does not read.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw new AppError('report_docx_invalid', { file: fileName, reason: 'old_doc' });
  return readTextReport(bytes, fileName);
}
