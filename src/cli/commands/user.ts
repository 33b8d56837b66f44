import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../errors.js';
import { accountMessages, type AccountField } from '../../i18n/accounts.js';
import { messages } from '../../i18n/index.js';
import type { Io } from '../output.js';

/**
 * `vigia user add` creates an account and prints a one-time link to choose its password (the first
 * coordinator comes from here); `vigia user disable` ends an account's access. Both are in the audit
 * log as `cli:user`.
 */
const FLAGS: Record<AccountField, string> = {
  email: '--email',
  name: '--name',
  role: '--role',
  agency: '--agency',
  government: '--government',
  language: '--language',
};

const id = (name: string) => (value: string) => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(name);
  return Number(value);
};

interface AddOptions {
  email?: string;
  name?: string;
  role?: string;
  agency?: number;
  government?: number;
  language?: string;
}

export function userCommands(program: Command, io: Io, run: (fn: () => Promise<number>) => () => Promise<void>): void {
  const m = accountMessages[io.lang].cli;
  const user = program.command('user').description(m.userDescription);
  user
    .command('add')
    .description(m.addDescription)
    .option('--email <email>', m.optEmail)
    .option('--name <name>', m.optName)
    .option('--role <role>', m.optRole)
    .option('--agency <id>', m.optAgency, id('--agency'))
    .option('--government <id>', m.optGovernment, id('--government'))
    .option('--language <lang>', m.optLanguage)
    .action((opts: AddOptions) => run(() => addCommand(opts, io))());
  user
    .command('disable')
    .description(m.disableDescription)
    .option('--email <email>', m.optEmail)
    .action((opts: { email?: string }) => run(() => disableCommand(opts, io))());
}

/** A refused value, said in the user's language with the option's name; exit status 2. */
async function refused(e: unknown, io: Io): Promise<number> {
  const { accountProblem } = await import('../../services/accounts.js');
  const p = accountProblem(e);
  if (!p) throw e;
  io.err(messages(io.lang).cli.error(accountMessages[io.lang].cli.invalid(FLAGS[p.field] ?? p.field, p.reason, p.value)));
  return 2;
}

export async function addCommand(opts: AddOptions, io: Io): Promise<number> {
  const m = accountMessages[io.lang].cli;
  // Loaded when the command runs, not at every start of `vigia` (src/cli/main.ts).
  const { openStore } = await import('../../storage/connect.js');
  const { createAccount, passwordLink, SET_PASSWORD_LINK_HOURS } = await import('../../services/accounts.js');
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const { account, token } = await createAccount(
      store,
      {
        email: opts.email ?? '',
        name: opts.name ?? '',
        role: opts.role ?? '',
        agencyId: opts.agency ?? null,
        governmentId: opts.government ?? null,
        lang: opts.language ?? 'es',
      },
      { actor: 'cli:user', context: 'vigia user add', now: new Date() },
      { linkHours: SET_PASSWORD_LINK_HOURS },
    );
    io.out(m.added({ email: account.email, role: accountMessages[io.lang].roles[account.role], hours: SET_PASSWORD_LINK_HOURS }));
    io.out(passwordLink(token!, account.lang));
    return 0;
  } catch (e) {
    return await refused(e, io);
  } finally {
    await store.close();
  }
}

export async function disableCommand(opts: { email?: string }, io: Io): Promise<number> {
  const m = accountMessages[io.lang].cli;
  const { openStore } = await import('../../storage/connect.js');
  const { disableAccount } = await import('../../services/accounts.js');
  const store = await openStore(process.env.DATABASE_URL);
  try {
    if (!opts.email?.trim()) return await refused(new AppError('invalid_input', { field: 'email', value: '', reason: 'required' }), io);
    const { account, changed } = await disableAccount(store, opts.email, {
      actor: 'cli:user',
      context: 'vigia user disable',
      now: new Date(),
    });
    io.out(changed ? m.disabled(account.email) : m.alreadyDisabled(account.email));
    return 0;
  } catch (e) {
    return await refused(e, io);
  } finally {
    await store.close();
  }
}
