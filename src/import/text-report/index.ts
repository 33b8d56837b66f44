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
export function readExportedText(text: string, fileName: string, cover = ''): ParsedReport {
  const { head, cells } = lex(text);
  const doc = readDocument(head, cells, text);
  if (doc.commitments.length === 0) throw new AppError('report_not_a_report', { file: fileName });
  return assembleReport({ text: cover === '' ? text : `${cover}\n${text}`, ...doc });
}
