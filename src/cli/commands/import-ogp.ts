import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { OgpCsvError, readOgpCsv, type OgpDataset, type OgpProblem } from '../../import/ogp-csv/index.js';
import { ogpMessages, problemLine } from '../../i18n/ogp.js';
import type { Lang } from '../../i18n/lang.js';
import { importOgpDataset } from '../../services/ogp-import.js';
import { openStore } from '../../storage/connect.js';
import type { Io } from '../output.js';

/**
 * `vigia import file.csv` when the file is OGP's commitment dataset (recognised by its header). A
 * progress bar on a terminal, a line every tenth of the way otherwise; a summary at the end, the
 * refused rows listed by number, then the fields a person edited in the workspace that the file would have
 * changed (left as they were). Exit status 2 when a row was refused (the others are imported, as
 * said), 0 otherwise: a script can tell a clean import from a partial one. The rows read are stored in
 * one transaction: a failure while storing leaves the database as it was (decision 024).
 */
export interface OgpImportCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  /** Where the bar goes; a test may give its own. */
  progressStream?: NodeJS.WriteStream;
}

export async function importOgpCommand(file: string, bytes: Uint8Array, options: OgpImportCommandOptions, io: Io): Promise<number> {
  const m = ogpMessages(io.lang);
  const started = performance.now();
  let data: OgpDataset;
  try {
    data = readOgpCsv(bytes);
  } catch (e) {
    if (!(e instanceof OgpCsvError)) throw e;
    const name = basename(file);
    io.err(e.reason === 'malformed' || e.reason === 'binary' ? m.fileErrors[e.reason](name, e.line) : m.fileErrors[e.reason](name));
    return 2;
  }
  const commitments = data.plans.reduce((n, p) => n + p.commitments.length, 0);

  if (options.dryRun) {
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            rows: data.rows,
            members: data.members.length,
            plans: data.plans.length,
            commitments,
            errors: problems(data.errors, io.lang),
            warnings: problems(data.warnings, io.lang),
          },
          null,
          2,
        ),
      );
    } else {
      io.out(m.dryRun(data.members.length, data.plans.length, commitments));
      printProblems(data.errors, data.warnings, io);
    }
    return data.errors.length > 0 ? 2 : 0;
  }

  const store = await openStore(process.env.DATABASE_URL);
  try {
    if (!options.json) io.err(m.recognised(basename(file), data.rows));
    const progress = options.json ? null : progressReporter(io, options.progressStream ?? process.stderr, commitments);
    const result = await importOgpDataset(store, data, {
      actor: `cli:${process.env.USER ?? 'import'}`,
      fileName: basename(file),
      bytes,
      now: new Date().toISOString(),
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.stop();
    const ms = Math.round(performance.now() - started);
    // Rows the reader refused, then rows refused while storing (a plan whose years another plan has).
    const refused = [...data.errors, ...result.errors].sort((a, b) => a.row - b.row);
    const status = refused.length > 0 ? 2 : 0;
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            rows: data.rows,
            ...result,
            errors: problems(refused, io.lang),
            warnings: problems(data.warnings, io.lang),
            kept: problems(result.kept, io.lang),
          },
          null,
          2,
        ),
      );
      return status;
    }
    io.out(m.summaryHeader);
    for (const what of ['governments', 'plans', 'commitments', 'reviews'] as const) io.out(m.tallyLine(m.things[what], result[what]));
    io.out(m.changes(result.changes, ms));
    printProblems(refused, data.warnings, io);
    // What a person edited in the workspace and the file would have changed: left as they left it.
    if (result.kept.length > 0) {
      io.out(m.keptHeader(result.kept.length));
      for (const k of result.kept) io.out(`  - ${problemLine(k, io.lang)}`);
    }
    return status;
  } finally {
    await store.close();
  }
}

function problems(list: OgpProblem[], lang: Lang) {
  return list.map((p) => ({ ...p, message: problemLine(p, lang) }));
}

function printProblems(errors: OgpProblem[], warnings: OgpProblem[], io: Io): void {
  const m = ogpMessages(io.lang);
  if (errors.length === 0) io.out(m.noErrors);
  else {
    io.out(m.refusedHeader(new Set(errors.map((e) => e.row)).size));
    for (const e of errors) io.out(`  - ${problemLine(e, io.lang)}`);
  }
  if (warnings.length > 0) {
    io.out(m.warningsHeader(warnings.length));
    for (const w of warnings) io.out(`  - ${problemLine(w, io.lang)}`);
  }
}

/** A bar (cli-progress) when stderr is a terminal; otherwise a plain line at every tenth, and at the end. */
function progressReporter(io: Io, stream: NodeJS.WriteStream, total: number) {
  const m = ogpMessages(io.lang);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: m.progressBar, stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
  }
  let lastTenth = -1;
  return {
    update: (done: number) => {
      const tenth = Math.floor((done / Math.max(total, 1)) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        io.err(m.progressLine(done, total));
      }
    },
    stop: () => undefined,
  };
}
