import mammoth from 'mammoth';
import { AppError } from '../../errors.js';
import type { ParsedReport } from '../model.js';
import { readExportedText } from '../text-report/index.js';
import { checkDocxContainer } from './container.js';
import { documentText } from './export-text.js';
import type { WordDocument } from './word-model.js';

/**
 * Reads a self-assessment report kept as a Word document (.docx), laid out like the 2015–2016 one:
 * fichas as Word tables. mammoth reads the document; it is written in the form of Word's text export
 * and read from there by the text reader, so both layouts share one reading and one set of checks.
 */
export async function readDocxReport(bytes: Uint8Array, fileName: string): Promise<ParsedReport> {
  await checkDocxContainer(bytes, fileName);
  const { text, cover } = documentText(await wordDocument(bytes, fileName));
  return readExportedText(text, fileName, cover);
}

/** mammoth's model of the document, taken on its way to HTML (the HTML itself is not used). */
async function wordDocument(bytes: Uint8Array, fileName: string): Promise<WordDocument> {
  let document: WordDocument | null = null;
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      {
        transformDocument: (d: WordDocument) => {
          document = d;
          return { ...d, children: [] };
        },
        // Charts and photos are not read: nothing of them goes into the plan.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
  } catch {
    throw new AppError('report_docx_invalid', { file: fileName, reason: 'damaged' });
  }
  if (!document) throw new AppError('report_docx_invalid', { file: fileName, reason: 'no_document' });
  return document;
}
