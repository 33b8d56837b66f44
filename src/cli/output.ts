import { errorMessage, messages, type Lang } from '../i18n/index.js';
import { isAppError } from '../errors.js';

/** What commands print, and how they end: exit status 2 for bad input, 1 for anything else. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  lang: Lang;
  /** Where a file sent to standard output is streamed (`vigia export … ` without --out); process.stdout if not given. */
  stdout?: NodeJS.WritableStream;
}

export const processIo = (lang: Lang): Io => ({
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  lang,
  stdout: process.stdout,
});

/** Prints an error in the user's language and returns the exit status it deserves. */
export function reportError(e: unknown, io: Io): number {
  const m = messages(io.lang);
  if (isAppError(e)) {
    io.err(m.cli.error(errorMessage(e, io.lang)));
    return e.status >= 500 ? 1 : 2;
  }
  io.err(m.cli.error(e instanceof Error ? e.message : String(e)));
  if (process.env.VIGIA_DEBUG) io.err(String((e as Error).stack));
  return 1;
}

/** Columns padded to their widest cell; numbers aligned right. */
export function formatTable(rows: string[][], numeric: (col: number) => boolean): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
