import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { ogpMessages } from '../../i18n/ogp.js';
import type { Io } from '../output.js';
import type { IndicatorExportOptions } from './export-indicators.js';
import { indicatorMessages } from '../../i18n/indicators.js';

/**
 * `vigia export ogp [--plan ID] [--out file]`: every commitment (or a plan's) in the columns of OGP's
 * commitment dataset, as the open-data download writes it (formula-safe CSV, UTF-8 with a BOM).
 * The command's options: `ogp` reads --plan and --out, `indicators` all four.
 */
export type ExportOptions = IndicatorExportOptions;

export async function exportCommand(what: string, options: ExportOptions, io: Io): Promise<number> {
  const m = ogpMessages(io.lang);
  // Loaded when the command runs, not at every start of `vigia` (src/cli/main.ts).
  if (what === 'indicators') return (await import('./export-indicators.js')).exportIndicators(options, io);
  if (what !== 'ogp') {
    io.err(m.unknownExport(what));
    return 2;
  }
  const { openStore } = await import('../../storage/connect.js');
  const { OGP_EXPORT_COLUMNS, ogpExportRows } = await import('../../services/ogp-export.js');
  const { csvChunks } = await import('../../export/csv.js');
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const rows = await ogpExportRows(store, options.plan);
    let count = 0;
    const counted = (async function* () {
      for await (const r of rows) {
        count++;
        yield r;
      }
    })();
    if (options.out) {
      const file = createWriteStream(options.out);
      for await (const chunk of csvChunks(OGP_EXPORT_COLUMNS, counted)) if (!file.write(chunk)) await once(file, 'drain');
      file.end();
      await once(file, 'finish');
      io.err(m.written(count, options.out));
    } else {
      const stdout = io.stdout ?? process.stdout;
      for await (const chunk of csvChunks(OGP_EXPORT_COLUMNS, counted)) if (!stdout.write(chunk)) await once(stdout, 'drain');
    }
    return 0;
  } finally {
    await store.close();
  }
}

export function exportCommands(
  program: Command,
  io: Io,
  run: (fn: () => Promise<number>) => () => Promise<void>,
  id: (name: string) => (v: string) => number,
  optPlan: string,
): void {
  const m = ogpMessages(io.lang);
  program
    .command('export')
    .description(m.exportDescription)
    .argument('<what>', m.exportWhat)
    .option('--plan <id>', optPlan, id('--plan'))
    .option('--out <file>', m.optOut)
    .option('--format <format>', indicatorMessages[io.lang].cliFormat)
    .option('--date <date>', indicatorMessages[io.lang].cliDate)
    .action((what: string, opts: ExportOptions) => run(() => exportCommand(what, opts, io))());
}
