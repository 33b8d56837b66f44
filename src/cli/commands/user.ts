import type { Command } from 'commander';
import type { Io } from '../output.js';

/** `vigia user …`: accounts from the command line (the first coordinator comes from here). */
export function userCommands(_program: Command, _io: Io, _run: (fn: () => Promise<number>) => () => Promise<void>): void {}
