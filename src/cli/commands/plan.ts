import type { Command } from 'commander';
import type { FieldError } from '../../domain/input.js';
import { inLang, type ContentLang } from '../../domain/plan-input.js';
import type { Actor } from '../../domain/roles.js';
import { PLAN_STATUSES } from '../../domain/types.js';
import { messages } from '../../i18n/index.js';
import { planMessages } from '../../i18n/plans.js';
import { fieldErrorText } from '../../i18n/workspace.js';
import { timeZoneFrom, todayIn } from '../../lib/clock.js';
import type * as PlanSetup from '../../services/workspace/plan-setup.js';
import type { SetupResult } from '../../services/workspace/plan-setup.js';
import type { Store } from '../../storage/connect.js';
import type { Io } from '../output.js';

/**
 * For scripting what the workspace does (issue 19): `vigia plan new`, `vigia plan stage`, `vigia plan
 * correct-stage` (an imported plan's stage corrected, decision 033), `vigia theme add`. The command acts as the coordination of the plan's government (whoever can run it holds the
 * database); the audit log names it `cli:plan`. Each field refused is named by its option, exit 2.
 */
interface NewOptions {
  government?: string;
  title?: string;
  titleEs?: string;
  titleEn?: string;
  start?: string;
  end?: string;
  json?: boolean;
}

const BY = { auditActor: 'cli:plan' };

/** The coordination of a government, as the command acts. */
const coordinationOf = (governmentId: number): Actor => ({
  userId: 0,
  email: '',
  name: 'vigia',
  role: 'coordinator',
  agencyId: null,
  governmentId,
});

/** A year as typed: digits only, else the text itself (the field's rule refuses it, naming the option). */
const year = (v: string | undefined) => (v !== undefined && /^\d{1,6}$/.test(v) ? Number(v) : v);

export function planCommands(program: Command, io: Io, run: (fn: () => Promise<number>) => () => Promise<void>): void {
  const m = planMessages[io.lang].cli;
  const plan = program.command('plan').description(m.planNewDescription);
  plan
    .command('new')
    .description(m.planNewDescription)
    .option('--government <id or name>', m.optGovernment)
    .option('--title <title>', m.optTitle)
    .option('--title-es <title>', m.optTitleEs)
    .option('--title-en <title>', m.optTitleEn)
    .option('--start <year>', m.optStart)
    .option('--end <year>', m.optEnd)
    .option('--json', m.optJson)
    .action((opts: NewOptions) => run(() => newPlanCommand(opts, io))());
  plan
    .command('stage')
    .description(m.planStageDescription)
    .argument('<plan>', m.optPlanId)
    .argument('<stage>', PLAN_STATUSES.join(' | '))
    .option('--instrument <text>', m.optInstrument)
    .option('--date <date>', m.optDate)
    .option('--json', m.optJson)
    .action((planId: string, stage: string, opts: { instrument?: string; date?: string; json?: boolean }) =>
      run(() => stageCommand(planId, stage, opts, io))(),
    );
  plan
    .command('correct-stage')
    .description(m.planCorrectDescription)
    .argument('<plan>', m.optPlanId)
    .argument('<stage>', PLAN_STATUSES.join(' | '))
    .option('--reason <text>', m.optReason)
    .option('--instrument <text>', m.optInstrument)
    .option('--date <date>', m.optDate)
    .option('--json', m.optJson)
    .action((planId: string, stage: string, opts: CorrectOptions) => run(() => correctStageCommand(planId, stage, opts, io))());
  program
    .command('theme')
    .description(m.themeAddDescription)
    .command('add')
    .description(m.themeAddDescription)
    .option('--plan <id>', m.optPlanId)
    .option('--title <title>', m.optTitle)
    .option('--title-es <title>', m.optTitleEs)
    .option('--title-en <title>', m.optTitleEn)
    .option('--json', m.optJson)
    .action((opts: { plan?: string; title?: string; titleEs?: string; titleEn?: string; json?: boolean }) =>
      run(() => themeCommand(opts, io))(),
    );
}

/** Refused fields, each named by its option; exit 2. */
function refused(io: Io, errors: FieldError[], flag: (field: string) => string): number {
  for (const e of errors) io.err(messages(io.lang).cli.error(`${flag(e.field)}: ${fieldErrorText(io.lang, e)}`));
  return 2;
}

function badOption(io: Io, text: string): number {
  io.err(messages(io.lang).cli.error(text));
  return 2;
}

/** The titles as fields: --title in the main language, --title-es / --title-en in theirs. */
function titles(base: string, main: ContentLang, o: { title?: string; titleEs?: string; titleEn?: string }) {
  return {
    [inLang(base, 'es')]: o.titleEs ?? (main === 'es' ? o.title : undefined),
    [inLang(base, 'en')]: o.titleEn ?? (main === 'en' ? o.title : undefined),
  };
}
const titleFlag = (main: ContentLang) => (field: string) => {
  const lang: ContentLang = field.endsWith('En') ? 'en' : 'es';
  return lang === main ? '--title' : `--title-${lang}`;
};

type Setup = typeof PlanSetup;

/** The store and the services, loaded when a command runs (not when `vigia --help` lists it). */
async function withStore(fn: (store: Store, setup: Setup) => Promise<number>): Promise<number> {
  const { openStore } = await import('../../storage/connect.js');
  const setup = await import('../../services/workspace/plan-setup.js');
  const store = await openStore(process.env.DATABASE_URL);
  try {
    return await fn(store, setup);
  } finally {
    await store.close();
  }
}

function done(io: Io, result: SetupResult, json: boolean | undefined, text: string): number {
  if (!result.ok) return 2;
  if (json) io.out(JSON.stringify({ id: result.id, ...(result.stage ? { stage: result.stage } : {}) }));
  else io.out(text);
  return 0;
}

export function newPlanCommand(o: NewOptions, io: Io): Promise<number> {
  const m = planMessages[io.lang].cli;
  return withStore(async (store, { findGovernmentRef, createPlan }) => {
    const government = o.government === undefined ? undefined : await findGovernmentRef(store, o.government);
    if (!government) return badOption(io, m.unknownGovernment(o.government ?? ''));
    const main = government.languages[0]!;
    const input = { ...titles('planTitle', main, o), periodStart: year(o.start), periodEnd: year(o.end) };
    const result = await createPlan(store, coordinationOf(government.id), input, new Date().toISOString(), BY);
    if (!result.ok && 'errors' in result)
      return refused(io, result.errors, (f) => (f === 'periodStart' ? '--start' : f === 'periodEnd' ? '--end' : titleFlag(main)(f)));
    return done(io, result, o.json, m.created(m.planWord, result.ok ? result.id! : 0));
  });
}

export function stageCommand(
  planText: string,
  stage: string,
  o: { instrument?: string; date?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const m = planMessages[io.lang].cli;
  if (!/^\d{1,9}$/.test(planText)) return Promise.resolve(badOption(io, m.notANumber('<plan>')));
  const planId = Number(planText);
  return withStore(async (store, { governmentOfPlan, movePlanStage }) => {
    const actor = coordinationOf(await governmentOfPlan(store, planId));
    const input = { stage, approvalInstrument: o.instrument, approvalDate: o.date };
    const result = await movePlanStage(store, actor, planId, input, todayIn(timeZoneFrom()), new Date().toISOString(), BY);
    if (!result.ok && 'errors' in result)
      return refused(io, result.errors, (f) => (f === 'approvalInstrument' ? '--instrument' : f === 'approvalDate' ? '--date' : '<stage>'));
    const words = result.stage ? planMessages[io.lang].stages[result.stage] : stage;
    return done(io, result, o.json, m.moved(planId, words));
  });
}

interface CorrectOptions {
  reason?: string;
  instrument?: string;
  date?: string;
  json?: boolean;
}

const CORRECTION_FLAGS: Record<string, string> = {
  correctionReason: '--reason',
  approvalInstrument: '--instrument',
  approvalDate: '--date',
  correctedStage: '<stage>',
};

/** The stage a file gave an imported plan, corrected (backwards too) with its reason: the workspace's /etapa/correccion. */
export function correctStageCommand(planText: string, stage: string, o: CorrectOptions, io: Io): Promise<number> {
  const m = planMessages[io.lang].cli;
  if (!/^\d{1,9}$/.test(planText)) return Promise.resolve(badOption(io, m.notANumber('<plan>')));
  const planId = Number(planText);
  return withStore(async (store, { governmentOfPlan, correctPlanStage }) => {
    const actor = coordinationOf(await governmentOfPlan(store, planId));
    const input = { correctedStage: stage, correctionReason: o.reason, approvalInstrument: o.instrument, approvalDate: o.date };
    const result = await correctPlanStage(store, actor, planId, input, new Date().toISOString(), BY);
    if (!result.ok && 'errors' in result) return refused(io, result.errors, (f) => CORRECTION_FLAGS[f] ?? f);
    const words = result.stage ? planMessages[io.lang].stages[result.stage] : stage;
    return done(io, result, o.json, m.corrected(planId, words));
  });
}

export function themeCommand(
  o: { plan?: string; title?: string; titleEs?: string; titleEn?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const m = planMessages[io.lang].cli;
  if (o.plan === undefined || !/^\d{1,9}$/.test(o.plan)) return Promise.resolve(badOption(io, m.notANumber('--plan')));
  const planId = Number(o.plan);
  return withStore(async (store, { governmentOfPlan, findGovernmentRef, addTheme }) => {
    const governmentId = await governmentOfPlan(store, planId);
    const government = (await findGovernmentRef(store, String(governmentId)))!;
    const main = government.languages[0]!;
    const result = await addTheme(store, coordinationOf(governmentId), planId, titles('themeTitle', main, o), new Date().toISOString(), BY);
    if (!result.ok && 'errors' in result) return refused(io, result.errors, titleFlag(main));
    return done(io, result, o.json, m.created(m.themeWord, result.ok ? result.id! : 0));
  });
}
