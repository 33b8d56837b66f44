import type { Command } from 'commander';
import { backupMessages } from '../../i18n/backup.js';
import type { BackupError, Progress } from '../../services/backup.js';
import type { Io } from '../output.js';

/** `vigia backup FILE`, `vigia restore FILE [--force]` (decision 019). */
export function backupCommands(program: Command, io: Io, run: (fn: () => Promise<number>) => () => Promise<void>): void {
  const m = backupMessages[io.lang];
  program
    .command('backup')
    .description(m.backupDescription)
    .argument('<file>')
    .action((file: string) => run(() => backupCommand(file, io))());
  program
    .command('restore')
    .description(m.restoreDescription)
    .argument('<file>')
    .option('--force', m.optForce)
    .action((file: string, opts: { force?: boolean }) => run(() => restoreCommand(file, opts, io))());
}

/** Progress on stderr: a line at every tenth of the copy, and each step. */
function progressLines(io: Io): Progress {
  const m = backupMessages[io.lang];
  let lastTenth = -1;
  return (step, done = 0, total = 0) => {
    if (step === 'copy') {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        io.err(m.copying({ done, total }));
      }
    } else io.err(step === 'check' ? m.checking : step === 'restore' ? m.restoring : m.verifying);
  };
}

const size = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/** Exit status: 0 done and checked; 2 refused (file, kind, database not empty or in use); 1 a check that failed. */
function refused(e: unknown, io: Io, backupError: typeof BackupError): number {
  if (!(e instanceof backupError)) throw e;
  io.err(`Error: ${backupMessages[io.lang].problems[e.problem](e.params)}`);
  return e.problem === 'check_failed' ? 1 : 2;
}

export async function backupCommand(file: string, io: Io): Promise<number> {
  const m = backupMessages[io.lang];
  // Loaded when the command runs, not at every start of `vigia` (src/cli/main.ts).
  const { BackupError, backupDatabase } = await import('../../services/backup.js');
  try {
    const r = await backupDatabase(process.env.DATABASE_URL, file, new Date().toISOString(), progressLines(io));
    const rows = Object.values(r.manifest.tables).reduce((a, b) => a + b, 0);
    io.out(
      m.saved({
        file: r.file,
        tables: Object.keys(r.manifest.tables).length,
        rows,
        size: size(r.bytes),
        seconds: (r.ms / 1000).toFixed(1),
        kind: r.manifest.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        check: r.manifest.kind === 'sqlite' ? m.checkSqlite : m.checkPostgres,
      }),
    );
    return 0;
  } catch (e) {
    return refused(e, io, BackupError);
  }
}

export async function restoreCommand(file: string, options: { force?: boolean }, io: Io): Promise<number> {
  const m = backupMessages[io.lang];
  const { BackupError, restoreDatabase } = await import('../../services/backup.js');
  try {
    const r = await restoreDatabase(process.env.DATABASE_URL, file, options, progressLines(io));
    io.out(
      m.restored({
        file,
        createdAt: r.manifest.createdAt,
        rows: r.rows,
        tables: Object.keys(r.manifest.tables).length,
        audit: r.auditChecked,
        seconds: (r.ms / 1000).toFixed(1),
      }),
    );
    return 0;
  } catch (e) {
    return refused(e, io, BackupError);
  }
}
