import { AppError } from '../../errors.js';
import { assembleReport } from '../assemble.js';
import { decodeReportText } from '../decode.js';
import type { ParsedReport } from '../model.js';
import { readDocument } from './document.js';
import { lex } from './lexer.js';

/**
 * Reads a self-assessment report laid out like the 2015–2016 one, as Word exports it to text
 * (each table cell on a line that starts with a tab). Refuses what is not such a report.
 */
export function readTextReport(bytes: Uint8Array, fileName: string): ParsedReport {
  return readExportedText(decodeReportText(bytes, fileName), fileName);
}

/**
 * Everything after decoding: the lexer, fichas, tables, sections, and the report checked against
 * itself. The Word reader writes a .docx in this same text form and comes through here too, with the
 * text of its title page apart (`cover`): it tells the plan's name, period and round, but is no section.
 */
export function readExportedText(raw: string, fileName: string, cover = ''): ParsedReport {
  const text = withoutControlCharacters(raw, fileName);
  const { head, cells } = lex(text);
  const doc = readDocument(head, cells, text);
  if (doc.commitments.length === 0) throw new AppError('report_not_a_report', { file: fileName });
  const coverText = withoutControlCharacters(cover, fileName);
  return assembleReport({ text: coverText === '' ? text : `${coverText}\n${text}`, ...doc });
}

/**
 * Word writes no NUL character in a document or its text export: one means the file is damaged (and
 * PostgreSQL cannot store it), so the file is refused, naming the line. Other stray control characters
 * (a few are let through by decodeReportText) carry no text and would make the Word report Vigía writes
 * unreadable (XML has no place for them): they are dropped. Line breaks and tabs are kept.
 */
function withoutControlCharacters(text: string, fileName: string): string {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw new AppError('report_binary', { file: fileName, line: text.slice(0, nul).split('\n').length });
  return text.replace(/[\v\f]/g, '\n').replace(/[\u0001-\u0008\u000e-\u001f\u007f]/g, '');
}
