import type { Command } from 'commander';
import type { FieldError } from '../../domain/input.js';
import { commitmentMessages } from '../../i18n/commitments.js';
import { messages } from '../../i18n/index.js';
import { fieldErrorText } from '../../i18n/workspace.js';
import { createCommitmentAs } from '../../services/workspace/commitment-template.js';
import { addMilestoneAs } from '../../services/workspace/commitments.js';
import { openStore } from '../../storage/connect.js';
import type { Io } from '../output.js';

/**
 * `vigia commitment new` and `vigia milestone add`: the workspace's forms for scripts, checked by the
 * same rules (a refusal names the option, exit status 2), written to the audit log as `cli:commitment`.
 */
type Run = (fn: () => Promise<number>) => () => Promise<void>;
type Id = (name: string) => (value: string) => number;

/** The form's field each option fills: what a refusal names. */
const FLAGS: Record<string, string> = {
  themeId: '--theme',
  title: '--title',
  agencyId: '--agency',
  coLeadIds: '--co-lead',
  deliverable: '--deliverable',
  plannedStart: '--start',
  plannedEnd: '--end',
  responsibleAgencyId: '--agency',
};

interface NewOptions {
  plan?: number;
  theme?: number;
  title?: string;
  agency?: number;
  coLead?: number[];
  json?: boolean;
}

interface MilestoneOptions {
  commitment?: number;
  title?: string;
  deliverable?: string;
  start?: string;
  end?: string;
  agency?: number;
  json?: boolean;
}

export function commitmentCommands(program: Command, io: Io, run: Run, id: Id): void {
  const m = commitmentMessages[io.lang].cli;
  const many =
    (name: string) =>
    (value: string, previous: number[] = []) => [...previous, id(name)(value)];
  program
    .command('commitment')
    .description(m.commitmentDescription)
    .command('new')
    .description(m.newDescription)
    .option('--plan <id>', m.optPlan, id('--plan'))
    .option('--theme <id>', m.optTheme, id('--theme'))
    .option('--title <text>', m.optTitle)
    .option('--agency <id>', m.optAgency, id('--agency'))
    .option('--co-lead <id>', m.optCoLead, many('--co-lead'))
    .option('--json', m.optJson)
    .action((opts: NewOptions) => run(() => newCommitment(opts, io))());
  program
    .command('milestone')
    .description(m.milestoneDescription)
    .command('add')
    .description(m.addDescription)
    .option('--commitment <id>', m.optCommitment, id('--commitment'))
    .option('--title <text>', m.optTitle)
    .option('--deliverable <text>', m.optDeliverable)
    .option('--start <date>', m.optStart)
    .option('--end <date>', m.optEnd)
    .option('--agency <id>', m.optMilestoneAgency, id('--agency'))
    .option('--json', m.optJson)
    .action((opts: MilestoneOptions) => run(() => addMilestone(opts, io))());
}

/** Each refused field on its own line, naming the option and saying why in the user's language; exit status 2. */
function refused(errors: FieldError[], io: Io): number {
  for (const e of errors) {
    const text = fieldErrorText(io.lang, e);
    io.err(messages(io.lang).cli.error(e.field.startsWith('--') ? text : `${FLAGS[e.field] ?? e.field}: ${text}`));
  }
  return 2;
}

/** A missing required id: refused before the database is opened. */
const missing = (flag: string, io: Io) => refused([{ field: flag, code: 'required' }], io);

async function newCommitment(opts: NewOptions, io: Io): Promise<number> {
  if (opts.plan === undefined) return missing('--plan', io);
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const input = { themeId: opts.theme, title: opts.title, agencyId: opts.agency, coLeadIds: opts.coLead ?? [] };
    const ctx = { actor: 'cli:commitment', at: new Date().toISOString(), context: 'vigia commitment new' };
    const result = await createCommitmentAs(store, opts.plan, input, ctx);
    if (!result.ok) return refused(result.errors, io);
    io.out(
      opts.json
        ? JSON.stringify({ id: result.id, number: result.number })
        : commitmentMessages[io.lang].cli.created({ id: result.id!, number: result.number! }),
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function addMilestone(opts: MilestoneOptions, io: Io): Promise<number> {
  if (opts.commitment === undefined) return missing('--commitment', io);
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const input = {
      title: opts.title,
      deliverable: opts.deliverable,
      plannedStart: opts.start,
      plannedEnd: opts.end,
      responsibleAgencyId: opts.agency,
    };
    const ctx = { actor: 'cli:commitment', at: new Date().toISOString(), context: 'vigia milestone add' };
    const result = await addMilestoneAs(store, opts.commitment, input, ctx);
    if (!result.ok) return refused((result as { errors: FieldError[] }).errors, io);
    io.out(opts.json ? JSON.stringify({ id: result.id }) : commitmentMessages[io.lang].cli.added({ id: result.id! }));
    return 0;
  } finally {
    await store.close();
  }
}
