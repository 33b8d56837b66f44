import { timeZoneFrom, todayIn } from '../../lib/clock.js';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { isIsoDate } from '../../domain/dates.js';
import { toCsv } from '../../export/csv.js';
import { xlsxStream } from '../../export/xlsx.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import { matrixColumns, matrixRows } from '../../services/indicators.js';
import { openStore } from '../../storage/connect.js';
import type { Io } from '../output.js';

/**
 * `vigia export indicators --plan N [--format csv|xlsx] [--out FILE] [--date YYYY-MM-DD]`: a plan's
 * indicator matrix as the site's download writes it (headers and words in the command's language).
 * A CSV without --out goes to standard output; an XLSX needs a file.
 */
export interface IndicatorExportOptions {
  plan?: number;
  out?: string;
  /** csv (the default) or xlsx. */
  format?: string;
  /** The day progress and status are computed for (YYYY-MM-DD; today by default). */
  date?: string;
}

export async function exportIndicators(options: IndicatorExportOptions, io: Io): Promise<number> {
  const m = indicatorMessages[io.lang];
  const format = options.format ?? 'csv';
  if (options.plan === undefined) {
    io.err(m.cliNeedsPlan);
    return 2;
  }
  if (format !== 'csv' && format !== 'xlsx') {
    io.err(m.cliBadFormat(format));
    return 2;
  }
  if (format === 'xlsx' && !options.out) {
    io.err(m.cliXlsxNeedsOut);
    return 2;
  }
  if (options.date !== undefined && !isIsoDate(options.date)) {
    io.err(m.cliBadDate(options.date));
    return 2;
  }
  const date = options.date ?? todayIn(timeZoneFrom());
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const rows = await matrixRows(store, options.plan, date, io.lang);
    const columns = matrixColumns(io.lang);
    if (format === 'xlsx') {
      await pipeline(xlsxStream(columns, rows, { sheet: m.sheet }), createWriteStream(options.out!));
    } else if (options.out) {
      await writeFile(options.out, await toCsv(columns, rows));
    } else {
      const stdout = io.stdout ?? process.stdout;
      if (!stdout.write(await toCsv(columns, rows))) await once(stdout, 'drain');
      return 0;
    }
    io.err(m.cliWritten(rows.length, options.out!));
    return 0;
  } finally {
    await store.close();
  }
}
