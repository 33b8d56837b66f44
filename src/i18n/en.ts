import type { ErrorParams } from '../errors.js';
import type { FichaField } from '../import/text-report/labels.js';
import type { Messages } from './es.js';

type P = Record<string, string | number | undefined>;

/** English: the second language of the interface; the same keys as es.ts. */
export const en: Messages = {
  locale: 'en',
  errors: {
    not_found: (p: ErrorParams) => `There is no ${entityName(p.entity)} with id ${p.id}.`,
    no_plans: () => 'There are no plans yet. Import a report with “vigia import FILE” (or start “vigia serve”, which imports the demo plan).',
    invalid_input: (p: ErrorParams) => `The value of “${p.field}” is not valid${p.value ? `: ${p.value}` : ''}.`,
    report_empty: (p: ErrorParams) => `The file ${p.file} is empty: there is no report to import.`,
    report_binary: (p: ErrorParams) =>
      `The file ${p.file} is not text (it looks like a binary file). Save the report from Word as “Plain Text (.txt)” and import it again.`,
    report_pdf: (p: ErrorParams) =>
      `The file ${p.file} is a PDF. Vigía reads the text Word exports: open the original document in Word, save it as “Plain Text (.txt)” and import that file.`,
    report_docx: (p: ErrorParams) =>
      `The file ${p.file} is a Word document (.docx). For now Vigía imports the text Word exports: save it as “Plain Text (.txt)” and import that file.`,
    report_not_a_report: (p: ErrorParams) =>
      `The file ${p.file} does not look like a self-assessment report: it has no commitment ficha (“Compromiso N.” followed by the fields of the OGP template).`,
    file_unreadable: (p: ErrorParams) => `The file ${p.file} could not be read: ${p.reason}.`,
    database_unavailable: (p: ErrorParams) => `The database (${p.location}) could not be used: ${p.reason}`,
    internal: (_p?: ErrorParams) => 'Something unexpected went wrong. It has been logged for review.',
  },
  warnings: {
    level_mismatch: (p: P) => `The ficha marks “${p.ficha}” but the comparison table says “${p.table}” (${p.round}).`,
    summary_count_mismatch: (p: P) =>
      `Summary table, ${p.theme}, column “${p.column}”: the report prints ${p.printed} but the fichas add up to ${p.computed} (commitments: ${p.commitments}).`,
    summary_percent_mismatch: (p: P) => `Summary table, % row, column “${p.column}”: the report prints ${p.printed} but the fichas give ${p.computed}.`,
    summary_rows_mismatch: (p: P) => `The summary table has ${p.printed} theme rows, but the fichas have ${p.computed} themes.`,
    missing_ficha: (p: P) => `The comparison table lists the commitment “${p.title}”, but the report has no ficha for it.`,
    missing_from_table: () => 'The ficha is missing from the comparison table.',
    no_level_mark: () => 'The ficha’s completion row has no X: the level is unknown.',
    multiple_level_marks: (p: P) => `The ficha’s completion row has more than one X (${p.levels}): the level is unknown.`,
    level_unreadable: () => 'The ficha’s completion row could not be read.',
    unknown_label: (p: P) => `The ficha has a field the template does not know: “${p.label}”. It was kept as extra information.`,
    missing_field: (p: P) => `The ficha lacks the field “${fieldName(String(p.field))}”.`,
    title_mismatch: (p: P) => `The ficha’s title (“${p.ficha}”) differs from the comparison table’s (“${p.table}”).`,
    duplicate_commitment: () => 'Two fichas have this number; only the first was read.',
    unknown_level_text: (p: P) => `The comparison table says “${p.text}”, which is not a completion level.`,
    theme_mismatch: (p: P) => `The ficha says “Componente: ${p.ficha}” but sits under the theme “${p.heading}”.`,
    no_comparison_row: () => 'There is no row in the comparison table.',
  },
  warningPrefix: (commitment: number | null, line: number | null) =>
    [commitment !== null ? `Commitment ${commitment}` : null, line !== null ? `line ${line}` : null].filter(Boolean).join(', '),
  roundKinds: { midterm: 'Mid-term assessment', 'end-of-term': 'End-of-term assessment', periodic: 'Periodic assessment' },
  planStatuses: { draft: 'Draft', active: 'In implementation', completed: 'Completed' },
  movement: { up: 'Up', down: 'Down', same: 'Same', unknown: 'No data' },
  cli: {
    description: 'Vigía: following Open Government action plans.',
    serveDescription: 'Starts the web server (on an empty database, first imports the 2015-2016 demo plan).',
    importDescription: 'Imports a self-assessment report (text exported from Word).',
    summaryDescription: 'Prints a plan’s summary table: themes × completion levels.',
    compareDescription: 'Compares each commitment’s level between two assessments.',
    optPlan: 'the plan (default: the one with the latest period)',
    optRound: 'the assessment (default: the latest published)',
    optFrom: 'the assessment to compare from (default: the one before --to)',
    optTo: 'the assessment to compare to (default: the latest published)',
    optJson: 'output JSON',
    optDryRun: 'read the file and print what would be imported, without touching the database',
    optGovernment: 'the plan’s government, when the report does not name it or names it differently',
    optPort: 'HTTP port (default: PORT or 3000)',
    optHelp: 'show this help',
    helpCommand: 'show the help of a command',
    helpTitles: { 'Usage:': 'Usage:', 'Options:': 'Options:', 'Commands:': 'Commands:', 'Arguments:': 'Arguments:', 'Global Options:': 'Global options:' },
    usage: {
      invalidValue: (option: string, value: string) => `the value of ${option} is not valid: “${value}” (it must be a positive whole number).`,
      unknownOption: (option: string) => `there is no option ${option}. Use --help to see the options.`,
      unknownCommand: (command: string) => `there is no command “${command}”. Use --help to see the commands.`,
      missingArgument: (name: string) => `${name} is missing. Use --help to see how to use it.`,
      excessArguments: 'too many arguments. Use --help to see how to use it.',
    },
    fileArgument: 'file',
    mainUsage: '[options] [command]',
    optLang: 'language of messages: es or en',
    seedImporting: 'The database is empty: importing the 2015-2016 demo plan…',
    seedImported: (p: P) => `Demo plan imported (${p.commitments} commitments).`,
    listening: (p: P) => `Vigía is listening on ${p.url} (database: ${p.location}).`,
    stopping: 'Stopping Vigía…',
    reading: (p: P) => `Reading ${p.file}…`,
    imported: (p: P) =>
      `${p.created ? 'Created' : 'Updated'} the plan “${p.plan}” (id ${p.id}): ${p.commitments} commitments, ${p.activities} activities, ${p.evidence} evidence items, ${p.sources} sources, ${p.rounds} assessments.`,
    changes: (p: P) => (Number(p.n) === 0 ? 'No changes: the database already held exactly this report.' : `${p.n} changes recorded in the history.`),
    kept: (p: P) => `Commitments ${p.numbers} are in the database but not in this file: they are kept.`,
    warningsHeader: (p: P) => `${p.n} warnings:`,
    noWarnings: 'No warnings.',
    tookMs: (p: P) => `(${p.ms} ms)`,
    themeColumn: 'Theme',
    totalRow: 'Total',
    percentRow: '%',
    unassessedColumn: 'No level',
    numberColumn: 'No.',
    commitmentColumn: 'Commitment',
    moved: (p: P) => `Up: ${p.up} · Down: ${p.down} · Same: ${p.same}${Number(p.unknown) > 0 ? ` · No data: ${p.unknown}` : ''}`,
    error: (msg: string) => `Error: ${msg}`,
  },
  web: {
    siteName: 'Vigía',
    tagline: 'Following Open Government action plans',
    skipToContent: 'Skip to content',
    languageSwitch: 'Español',
    languageSwitchLabel: 'Leer esta página en español',
    plansHeading: 'Action plans',
    noPlans: 'There are no plans yet.',
    period: 'Period',
    approvedBy: 'Approved by',
    status: 'Status',
    commitmentsCount: (n: number) => (n === 1 ? '1 commitment' : `${n} commitments`),
    levelAt: (round: string) => `Completion level — ${round}`,
    noLevel: 'Not assessed',
    leadAgency: 'Lead agency',
    number: 'No.',
    commitment: 'Commitment',
    level: 'Level',
    openData: 'Open data (JSON API)',
    footer: 'Vigía is free software for following Open Government commitments.',
    notFoundTitle: 'Page not found',
    notFoundBody: 'The page you are looking for does not exist.',
    errorTitle: 'Something went wrong',
    backHome: 'Back to the home page',
  },
};

function entityName(entity: unknown): string {
  const names: Record<string, string> = { plan: 'plan', commitment: 'commitment', round: 'assessment', theme: 'theme', agency: 'agency' };
  return names[String(entity)] ?? 'resource';
}

const FIELD_NAMES: Record<FichaField, string> = {
  leadAgency: 'Lead implementing agency',
  contactName: 'Name of responsible person',
  contactPosition: 'Position',
  contactEmail: 'Email',
  contactPhone: 'Phone',
  otherActors: 'Other actors involved',
  otherActorsGovernment: 'Other actors: government',
  otherActorsCivilSociety: 'Other actors: civil society, private sector, working groups, multilaterals',
  problem: 'Status quo or problem addressed',
  objective: 'Main objective',
  description: 'Brief description of the commitment',
  relevance: 'Relevance',
  ambition: 'Ambition',
  startDate: 'Start date',
  endDate: 'End date',
  completion: 'Completion',
  results: 'Description of results',
  nextSteps: 'Next steps',
  additionalInfo: 'Additional information',
};

function fieldName(field: string): string {
  return FIELD_NAMES[field as FichaField] ?? field;
}
