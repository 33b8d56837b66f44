import type { CommentAnswer, ConsultationTarget, SynthesisRow } from '../domain/consultation.js';
import { consultationMessages } from '../i18n/consultation.js';
import type { Lang } from '../i18n/lang.js';
import type { ExportColumn, ExportRow } from './cells.js';
import { toCsv } from './csv.js';

/**
 * The synthesis of a consultation ("sistematización de aportes") as CSV (formula-safe, through
 * export/csv.ts) and DOCX (the docx library, as the report): one row per comment, hidden ones with
 * their reason in place of the text.
 */
const KEYS = ['number', 'target', 'targetTitle', 'author', 'postedOn', 'body', 'answer', 'answerReason', 'changes', 'hidden'] as const;

function cells(lang: Lang, r: SynthesisRow): Record<(typeof KEYS)[number], string | number> {
  const m = consultationMessages[lang];
  return {
    number: r.number,
    target: m.targets[r.target as ConsultationTarget],
    targetTitle: r.targetTitle,
    // A hidden comment's author is not named (nor called anonymous): the row only says it was hidden.
    author: r.body === null ? '' : r.authorName || m.csv.anonymous,
    postedOn: r.postedOn,
    body: r.body ?? '',
    answer: r.answer ? m.answers[r.answer as CommentAnswer] : '',
    answerReason: r.answerReason,
    changes: r.changes,
    hidden: r.hiddenReason ?? '',
  };
}

export function synthesisCsv(lang: Lang, rows: readonly SynthesisRow[]): Promise<string> {
  const headers = consultationMessages[lang].csv.headers;
  const columns: ExportColumn[] = KEYS.map((key, i) => ({ key, label: headers[i]! }));
  return toCsv(
    columns,
    rows.map((r) => cells(lang, r) as ExportRow),
  );
}

export async function synthesisDocx(
  lang: Lang,
  facts: { title: string; draft: string; dates: string; totals: string },
  rows: readonly SynthesisRow[],
): Promise<Buffer> {
  // The docx library only when a synthesis is downloaded, not at every start (docs/performance.md, memory).
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  /** Text with its line breaks, as runs separated by breaks (a visitor's text is never markup). */
  const lines = (text: string | number) =>
    new Paragraph({
      children: String(text)
        .split('\n')
        .map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) })),
    });
  const m = consultationMessages[lang];
  const header = new TableRow({
    tableHeader: true,
    children: m.csv.headers.map((h) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })] })),
  });
  const body = rows.map((r) => {
    const c = cells(lang, r);
    return new TableRow({ children: KEYS.map((k) => new TableCell({ children: [lines(c[k])] })) });
  });
  const doc = new Document({
    creator: 'Vigía',
    title: `${m.pages.synthesisHeading}: ${facts.title}`,
    styles: { default: { document: { run: { font: 'Calibri', size: 20 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(m.pages.synthesisHeading)] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(facts.title)] }),
          new Paragraph(facts.draft),
          new Paragraph(facts.dates),
          new Paragraph(facts.totals),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...body] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
