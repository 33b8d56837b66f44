import { writeFile } from 'node:fs/promises';
import { isAppError } from '../../errors.js';
import { isLang, type Lang } from '../../i18n/lang.js';
import { reportMessages } from '../../i18n/report.js';
import { PdfUnavailable } from '../../report/pdf.js';
import { isReportFormat, renderReport } from '../../services/report.js';
import { openStore } from '../../storage/connect.js';
import type { Io } from '../output.js';

/**
 * `vigia report [--plan ID] [--round ID] [--format docx|html|pdf] [--lang es|en] [--out FILE]`:
 * the plan (the latest if none is given), its latest published round, DOCX, Spanish, and a file name
 * made from the plan and the round. Exit status 2 for a bad option, 1 when the PDF cannot be made.
 */
export async function reportCommand(
  options: { plan?: number; round?: number; format?: string; out?: string; lang?: string },
  io: Io,
): Promise<number> {
  const m = reportMessages(io.lang).cli;
  const format = options.format ?? 'docx';
  if (!isReportFormat(format)) {
    io.err(m.badFormat(format));
    return 2;
  }
  const lang: Lang = isLang(options.lang) ? options.lang : 'es';
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const started = performance.now();
    // By default the latest published round; a draft only when asked for by its id, and then said so.
    const explicit = options.round !== undefined;
    const report = await renderReport(store, { planId: options.plan, roundId: options.round, lang, format, includeDrafts: explicit });
    const file = options.out ?? report.fileName;
    await writeFile(file, report.bytes);
    if (!report.model.published) io.out(m.draft(report.model.round.title));
    io.out(m.written(file, Math.round(performance.now() - started)));
    return 0;
  } catch (e) {
    if (e instanceof PdfUnavailable) {
      io.err(reportMessages(io.lang).pdfUnavailable);
      return 1;
    }
    // No round asked for and none to default to: say so, rather than "round not found".
    if (isAppError(e) && e.code === 'not_found' && e.params.entity === 'round' && options.round === undefined) {
      io.err(m.noRound);
      return 2;
    }
    throw e;
  } finally {
    await store.close();
  }
}
