import { Command, InvalidArgumentError } from 'commander';
import { messages } from '../i18n/index.js';
import { isLang, langFromLocale, type Lang } from '../i18n/lang.js';
import { auditCommands } from './commands/audit.js';
import { backupCommands } from './commands/backup.js';
import { commitmentCommands } from './commands/commitment.js';
import { exportCommands } from './commands/export.js';
import { reportMessages } from '../i18n/report.js';
import { userCommands } from './commands/user.js';
import { notifyCommand } from './commands/notify.js';
import { planCommands } from './commands/plan.js';
import { processIo, reportError, type Io } from './output.js';

// Each command's module (and with it the storage, the services, fastify for serve) is loaded when that
// command runs: `vigia --help` or `vigia summary` does not load the web server. The modules that register
// commands below (audit, backup, export, user, notify) load their own work the same way.

/** `vigia`: serve, import, summary, compare. Messages in Spanish unless --lang en, VIGIA_LANG=en or an English LANG. */
function chooseLang(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const fromArg = i === -1 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (isLang(fromArg)) return fromArg;
  const fromEnv = process.env.VIGIA_LANG;
  if (isLang(fromEnv)) return fromEnv;
  return langFromLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
}

const id = (name: string) => (value: string) => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(name);
  return Number(value);
};

export function buildProgram(io: Io, setStatus: (code: number) => void): Command {
  const m = messages(io.lang).cli;
  const run = (fn: () => Promise<number>) => async () => {
    try {
      setStatus(await fn());
    } catch (e) {
      setStatus(reportError(e, io));
    }
  };
  const program = new Command('vigia')
    .description(m.description)
    .usage(m.mainUsage)
    .option('--lang <lang>', m.optLang)
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined })
    .configureHelp({ styleTitle: (title) => m.helpTitles[title as keyof typeof m.helpTitles] ?? title })
    .helpOption('-h, --help', m.optHelp)
    .helpCommand('help [command]', m.helpCommand)
    .exitOverride();

  program
    .command('serve')
    .description(m.serveDescription)
    .option('-p, --port <port>', m.optPort, id('--port'))
    .action((opts: { port?: number }) => run(async () => (await import('./commands/serve.js')).serveCommand(opts, io))());

  program
    .command('import')
    .description(m.importDescription)
    .argument(`<${m.fileArgument}>`)
    .option('--dry-run', m.optDryRun)
    .option('--json', m.optJson)
    .option('--government <name>', m.optGovernment)
    .action((file: string, opts) => run(async () => (await import('./commands/import.js')).importCommand(file, opts, io))());

  program
    .command('summary')
    .description(m.summaryDescription)
    .option('--plan <id>', m.optPlan, id('--plan'))
    .option('--round <id>', m.optRound, id('--round'))
    .option('--json', m.optJson)
    .action((opts) => run(async () => (await import('./commands/summary.js')).summaryCommand(opts, io))());

  program
    .command('compare')
    .description(m.compareDescription)
    .option('--plan <id>', m.optPlan, id('--plan'))
    .option('--from <id>', m.optFrom, id('--from'))
    .option('--to <id>', m.optTo, id('--to'))
    .option('--json', m.optJson)
    .action((opts) => run(async () => (await import('./commands/summary.js')).compareCommand(opts, io))());

  const r = reportMessages(io.lang).cli;
  program
    .command('report')
    .description(r.description)
    .option('--plan <id>', m.optPlan, id('--plan'))
    .option('--round <id>', m.optRound, id('--round'))
    .option('--format <format>', r.optFormat)
    .option('--out <file>', r.optOut)
    .action((opts) => run(async () => (await import('./commands/report.js')).reportCommand({ ...opts, lang: program.opts().lang }, io))());

  userCommands(program, io, run);
  auditCommands(program, io, run);
  backupCommands(program, io, run);
  notifyCommand(program, io, run);
  exportCommands(program, io, run, id, m.optPlan);
  planCommands(program, io, run);
  commitmentCommands(program, io, run, id);
  return program;
}

/** Runs `vigia argv…`; the exit status it returns. `makeIo`: where it prints (a test gives its own). */
export async function main(argv: string[], makeIo: (lang: Lang) => Io = processIo): Promise<number> {
  const io = makeIo(chooseLang(argv));
  let status = 0;
  const program = buildProgram(io, (code) => (status = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    // commander's own exits: --help and --version (0), a usage error (2), said in the user's language.
    const err = e as { exitCode?: number; code?: string; message?: string };
    if (err.exitCode === 0) return 0;
    io.err(messages(io.lang).cli.error(usageMessage(err.code ?? '', err.message ?? '', io.lang)));
    return 2;
  }
  return status;
}

function usageMessage(code: string, raw: string, lang: Lang): string {
  const m = messages(lang).cli.usage;
  const quoted = [...raw.matchAll(/'([^']*)'/g)].map((x) => x[1] ?? '');
  switch (code) {
    case 'commander.invalidArgument':
      return m.invalidValue(quoted[0]?.split(' ')[0] ?? '', quoted[1] ?? '');
    case 'commander.unknownOption':
      return m.unknownOption(quoted[0] ?? '');
    case 'commander.unknownCommand':
      return m.unknownCommand(quoted[0] ?? '');
    case 'commander.missingArgument':
      return m.missingArgument(quoted[0] ?? '');
    case 'commander.optionMissingArgument':
      return m.missingArgument(quoted[0] ?? '');
    case 'commander.excessArguments':
      return m.excessArguments;
    default:
      return raw.replace(/^error:\s*/, '');
  }
}
