import { AppError } from '../errors.js';

/**
 * Turns the bytes of a file into the text of a report, or refuses it with a clear reason:
 * empty, binary, PDF, or a Word file given where text is expected. Word's "plain text" export
 * may be UTF-8, UTF-16 or Windows-1252; all three are read.
 */
export function decodeReportText(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) throw new AppError('report_empty', { file: fileName });
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw new AppError('report_pdf', { file: fileName });
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new AppError('report_docx', { file: fileName });
  }

  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    if (bytes.subarray(0, 8192).includes(0)) throw new AppError('report_binary', { file: fileName });
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
    }
  }

  // Control characters other than tab, line feed, carriage return, form feed and vertical tab mean a binary file.
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.001) throw new AppError('report_binary', { file: fileName });

  text = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\f\v]/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u200b\ufeff]/g, '');
  if (text.trim() === '') throw new AppError('report_empty', { file: fileName });
  return text;
}

// Node 20's TextDecoder reads "windows-1252" as ISO-8859-1, so 0x80–0x9F (Word's curly quotes,
// dashes, ellipsis) come out as control characters: map them as Windows does.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
