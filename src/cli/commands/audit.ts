import type { Command } from 'commander';
import { messages } from '../../i18n/index.js';
import { historyMessages } from '../../i18n/history.js';
import type { Io } from '../output.js';

/**
 * Exit status of `vigia audit verify`: 0 the chain is intact (or empty); 1 it is broken — a finding a
 * monitor must alert on, like any failure (a database that cannot be reached is also 1, and says so);
 * 2 stays what it is for every command: the input was wrong.
 */
export const AUDIT_BROKEN_STATUS = 1;

/** `vigia audit verify`: checks the audit log's hash chain. */
export function auditCommands(program: Command, io: Io, run: (fn: () => Promise<number>) => () => Promise<void>): void {
  const h = historyMessages[io.lang].cli;
  const audit = program.command('audit').description(h.auditDescription);
  audit
    .command('verify')
    .summary(h.verifySummary)
    .description(h.verifyDescription)
    .option('--json', messages(io.lang).cli.optJson)
    .action((opts: { json?: boolean }) => run(() => verifyCommand(opts, io))());
}

export async function verifyCommand(options: { json?: boolean }, io: Io): Promise<number> {
  const h = historyMessages[io.lang].cli;
  // Loaded when the command runs, not at every start of `vigia` (src/cli/main.ts).
  const { openStore } = await import('../../storage/connect.js');
  const { verifyAuditLog } = await import('../../services/history.js');
  const store = await openStore(process.env.DATABASE_URL);
  try {
    if (!options.json) io.err(h.checking({ location: store.location }));
    const result = await verifyAuditLog(store);
    const status = result.broken ? AUDIT_BROKEN_STATUS : 0;
    if (options.json) {
      io.out(JSON.stringify({ ok: !result.broken, ...result }, null, 2));
      return status;
    }
    if (result.broken) {
      const b = result.broken;
      io.out(
        h.broken({
          id: b.id,
          at: b.at,
          action: b.action,
          entity: b.entity,
          entityId: b.entityId,
          actor: b.actor,
          reason: h.reasons[b.reason]({ previousId: b.previousId }),
        }),
      );
      io.out(h.checkedBefore({ checked: result.checked }));
      return status;
    }
    if (!result.head) {
      io.out(h.empty);
      return 0;
    }
    io.out(h.ok({ checked: result.checked }));
    io.out(h.head({ id: result.head.id, hash: result.head.hash }));
    return 0;
  } finally {
    await store.close();
  }
}
