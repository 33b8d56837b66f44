import type { ErrorParams } from '../errors.js';
import type { FichaField } from '../import/text-report/labels.js';
import type { Messages } from './es.js';
import { auditEntityWords } from './audit-entities.js';

type P = Record<string, string | number | undefined>;

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
  reasons: 'Reasons',
  citedEvidence: 'Cited evidence',
};

/** English: the second language of the interface; the same keys as es.ts. */
export const en: Messages = {
  locale: 'en',
  errors: {
    not_found: (p: ErrorParams) => `There is no ${entityName(p.entity)} with id ${p.id}.`,
    unauthenticated: () => 'You need to sign in for this.',
    forbidden: () => 'Your account is not allowed to do this.',
    conflict: () => 'Someone else saved changes while you were editing. Look at both versions before saving.',
    round_closed: () => 'This assessment has been published: it cannot change. Record a correction.',
    round_not_ready: (p: ErrorParams) =>
      p.missing === 0
        ? 'It cannot be published: the plan has no commitments to assess.'
        : `It cannot be published yet: ${p.missing} commitments still need approval.`,
    evidence_cited: () =>
      'This evidence is cited by a submitted, approved or published assessment: it cannot be removed. If something is wrong, ask the coordinator to return the assessment or record a correction.',
    no_plans: () =>
      'There are no plans yet. Import a report with “vigia import FILE” (or start “vigia serve”, which imports the demo plan).',
    invalid_input: (p: ErrorParams) => `The value of “${p.field}” is not valid${p.value ? `: ${p.value}` : ''}.`,
    rate_limited: (p: ErrorParams) =>
      `You sent too many messages in a row. Wait ${Number(p.seconds) < 3600 ? `${Math.ceil(Number(p.seconds) / 60)} minute(s)` : `${Math.ceil(Number(p.seconds) / 3600)} hour(s)`} and try again.`,
    body_over_limit: (p: ErrorParams) =>
      `The request was not read: ${p.what === 'bytes' ? `it is larger than ${p.limit} MiB` : p.what === 'depth' ? `it nests more than ${p.limit} levels deep` : p.what === 'keyLength' ? `a field name is longer than ${p.limit} characters` : `it has more than ${p.limit} fields`}, the limit of what a form or the API takes.`,
    consultation_closed: () => 'This consultation is not open: it takes no comments.',
    consultation_not_open: (p: ErrorParams) =>
      p.state === 'upcoming'
        ? `This consultation has not opened yet (it opens on ${p.date}): only an open consultation can be closed early.`
        : p.state === 'closed-early'
          ? `This consultation was already closed early, on ${p.date}: it cannot be closed again.`
          : `This consultation has already closed: its last day was ${p.date}.`,
    edit_window_over: (p: ErrorParams) => `A comment can only be corrected for ${p.minutes} minutes after it is sent.`,
    comment_answered: () => 'This comment has already been answered by the coordination: it can no longer be corrected.',
    synthesis_not_final: () =>
      'The synthesis can be downloaded once the consultation closes. While it is open, its page shows the provisional synthesis.',
    report_empty: (p: ErrorParams) => `The file ${p.file} is empty: there is no report to import.`,
    report_binary: (p: ErrorParams) =>
      `The file ${p.file} is not text (it looks like a binary file${p.line ? `: it has a NUL character on line ${p.line}` : ''}). Save the report from Word as “Word Document (.docx)” or “Plain Text (.txt)” and import it again.`,
    report_pdf: (p: ErrorParams) =>
      `The file ${p.file} is a PDF. Vigía reads a report as a Word document (.docx) or as the text Word exports: import the original document (.docx), not the PDF.`,
    report_docx: (p: ErrorParams) =>
      `The file ${p.file} is a Word document (.docx), not text: import it with “vigia import ${p.file}”, which reads Word documents.`,
    report_docx_invalid: (p: ErrorParams) =>
      `The file ${p.file} cannot be read as a Word document: ${
        (
          {
            not_zip: 'it is named .docx but is not one (a .docx is a zip file, and this is not); perhaps it was renamed',
            damaged: 'the file is damaged or incomplete',
            too_large: 'it would be too large once unpacked (a malicious file?)',
            no_document: 'it is a zip file, but holds no Word document (word/document.xml is missing)',
            old_doc: 'it is a Word 97–2003 document (.doc); open it in Word and save it as “Word Document (.docx)”',
          } as Record<string, string>
        )[String(p.reason)] ?? p.reason
      }.`,
    report_not_a_report: (p: ErrorParams) =>
      `The file ${p.file} does not look like a self-assessment report: it has no commitment ficha (“Compromiso N.” followed by the fields of the OGP template).`,
    file_unreadable: (p: ErrorParams) =>
      `The file ${p.file} could not be read: ${({ ENOENT: 'it does not exist', EISDIR: 'it is a folder', EACCES: 'permission denied' } as Record<string, string>)[String(p.reason)] ?? p.reason}.`,
    government_unknown: (p: ErrorParams) =>
      `The report ${p.file} does not say which government it is from. Give it with --government "Name of the government".`,
    port_in_use: (p: ErrorParams) =>
      `Port ${p.port} is already in use (another copy of Vigía?). Stop that process or choose another port with PORT or --port.`,
    database_unavailable: (p: ErrorParams) =>
      (
        ({
          disk_full: `The disk that holds the data (${p.location}) is full: free some space and start Vigía again.`,
          read_only: `Vigía cannot write to ${p.location}: the folder ${p.folder} is read-only or this user may not write there. Give write permission or choose another folder with ${p.setting ?? 'DATABASE_URL'}.`,
          not_a_database: `The file ${p.location} is not an SQLite database (another file with that name, or a damaged one?). Choose another file with DATABASE_URL or recover a copy with "vigia restore".`,
          not_a_folder: `The folder of ${p.location} cannot be created: part of the path is a file, not a folder. Correct ${p.setting ?? 'DATABASE_URL'}.`,
        }) as Record<string, string>
      )[String(p.reason)] ?? `The database (${p.location}) could not be used: ${p.reason}`,
    internal: (_p?: ErrorParams) => 'Something unexpected went wrong. It has been logged for review.',
  },
  warnings: {
    level_mismatch: (p: P) => `The ficha marks “${p.ficha}” but the comparison table says “${p.table}” (${p.round}).`,
    summary_count_mismatch: (p: P) =>
      `Summary table, ${p.theme}, column “${p.column}”: the report prints ${p.printed} but the fichas add up to ${p.computed} (commitments: ${p.commitments}).`,
    summary_percent_mismatch: (p: P) =>
      `Summary table, % row, column “${p.column}”: the report prints ${p.printed} but the fichas give ${p.computed}.`,
    summary_rows_mismatch: (p: P) => `The summary table has ${p.printed} theme rows, but the fichas have ${p.computed} themes.`,
    missing_ficha: (p: P) => `The comparison table lists the commitment “${p.title}”, but the report has no ficha for it.`,
    missing_from_table: () => 'The ficha is missing from the comparison table.',
    no_level_mark: () => 'The ficha’s completion row has no X: the level is unknown.',
    multiple_level_marks: (p: P) => `The ficha’s completion row has more than one X (${p.levels}): the level is unknown.`,
    level_unreadable: () => 'The ficha’s completion row could not be read.',
    unknown_label: (p: P) => `The ficha has a field the template does not know: “${p.label}”. It was kept as extra information.`,
    missing_field: (p: P) => `The ficha lacks the field “${fieldName(String(p.field))}”.`,
    title_mismatch: (p: P) => `The ficha’s title (“${p.ficha}”) differs from the comparison table’s (“${p.table}”).`,
    unknown_level_text: (p: P) => `The comparison table says “${p.text}”, which is not a completion level.`,
    theme_mismatch: (p: P) => `The ficha says “Componente: ${p.ficha}” but sits under the theme “${p.heading}”.`,
    no_comparison_table: (p: P) =>
      `The report has no comparison table of assessments: the fichas’ levels are stored as the “${p.round}”, with no cutoff date.`,
    activity_numbering_gap: (p: P) => `The activities under “Descripción de los resultados” jump from ${p.previous} to ${p.next}.`,
    footnote_unclosed: (p: P) => `Footnote ${p.note} is never closed: its text was kept as text of the field.`,
    no_theme: (p: P) =>
      `The ficha does not say which theme it belongs to (no “Componente:” nor “Tema N:”); it was grouped under “${p.theme}”.`,
    evidence_reference_unread: (p: P) =>
      `“${p.text}” seems to cite a document, but its kind is not recognised: it stays as text of the results, not as evidence.`,
    complete_without_evidence: () =>
      'The ficha marks “Complete”, but its results have no link and no numbered document: the evidence stays as text; cite it in the workspace.',
    duplicate_commitment: (p: P) => `Two fichas have number ${p.number}; the second was stored as commitment ${p.stored}.`,
  },
  fields: FIELD_NAMES,
  warningPrefix: (commitment: number | null, line: number | null) =>
    [commitment !== null ? `Commitment ${commitment}` : null, line !== null ? `line ${line}` : null].filter(Boolean).join(', '),
  roundKinds: { midterm: 'Mid-term assessment', 'end-of-term': 'End-of-term assessment', periodic: 'Periodic assessment' },
  planStatuses: {
    draft: 'Draft',
    consultation: 'In consultation',
    approved: 'Approved',
    active: 'In implementation',
    completed: 'Completed',
  },
  movement: { up: 'Up', down: 'Down', same: 'Same', unknown: 'No data' },
  cli: {
    description: 'Vigía: following Open Government action plans.',
    serveDescription: 'Starts the web server (on an empty database, first imports the 2015-2016 demo plan).',
    importDescription: 'Imports a self-assessment report (a Word document .docx, or the text exported from Word).',
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
    helpTitles: {
      'Usage:': 'Usage:',
      'Options:': 'Options:',
      'Commands:': 'Commands:',
      'Arguments:': 'Arguments:',
      'Global Options:': 'Global options:',
    },
    usage: {
      invalidValue: (option: string, value: string) =>
        `the value of ${option} is not valid: “${value}” (it must be a positive whole number).`,
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
    changes: (p: P) =>
      Number(p.n) === 0 ? 'No changes: the database already held exactly this report.' : `${p.n} changes recorded in the history.`,
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
    apiDocs: {
      title: 'Open data API',
      intro:
        'All of Vigía’s published data, as JSON, with no sign-up and no key. Lists are paginated with “page” and “perPage” (up to 100) and take the same filters as the search. Answers carry an ETag: ask again with If-None-Match and get a 304 when nothing changed.',
      openapi: 'OpenAPI 3.1 description (to generate clients)',
      errors:
        'Errors come as { "error": { "code", "message" } }, the message in the language of Accept-Language or ?lang=es|en. An unknown id gives 404.',
      parameters: 'Parameters',
      name: 'Name',
      where: 'Where',
      description: 'Description',
      inPath: 'path',
      inQuery: 'query',
      example: 'Example',
      ops: {
        listPlans: 'The plans, newest first, with their government and number of commitments.',
        getPlan: 'A plan with its themes, commitments, lead agencies, levels and assessments.',
        getSummary: 'The summary table: themes × completion levels at one assessment.',
        getComparison: 'Each commitment’s level in two assessments, and how many moved up, down or stayed.',
        listCommitments: 'The commitments, with the search filters.',
        getCommitment: 'A commitment’s whole ficha: template fields, history, activities, evidence and levels.',
        listActivities: 'The activities, with the search filters.',
        search: 'Search in commitments and activities.',
        getTheme: 'A theme with its commitments and their levels.',
        listAgencies: 'The agencies, with how many commitments each leads.',
        getAgency: 'An agency and the commitments it leads across plans.',
      } as Record<string, string>,
      params: {
        id: 'Id (a positive integer).',
        q: 'Words to look for: accents do not matter, Spanish stems and prefixes match; every word must be there.',
        plan: 'A plan id.',
        theme: 'A theme id.',
        agency: 'An agency id: the commitments it leads now.',
        level: 'Completion level (not-started, limited, substantial, complete), at “round” or at the latest published assessment.',
        round: 'A published assessment id.',
        from: 'The assessment to compare from (default: the one before “to”).',
        to: 'The assessment to compare to (default: the latest published).',
        page: 'Page number, from 1.',
        perPage: 'Results per page, 1 to 100 (20 by default).',
      } as Record<string, string>,
    },
    search: {
      title: 'Search',
      titleFor: (q: string) => `Search: ${q}`,
      queryLabel: 'Words to look for',
      queryHint: 'In the commitments and their activities. Accents and capitals do not matter: “participacion” finds “Participación”.',
      filters: 'Filter',
      theme: 'Theme',
      any: 'All',
      latestRound: 'The latest published',
      planFirst: 'Choose a plan and press “Search” to filter by theme or assessment too.',
      page: 'Page',
      errorTitle: 'There is a problem',
      badValue: (field: string, value: string) => `The value of “${field}” is not valid: “${value}”. Choose one from the list.`,
      emptyTitle: 'Type what you are looking for',
      emptyHelp: 'Type one or more words (for example “datos abiertos” or “capacitación”), or choose a filter, and press “Search”.',
      tooLong: (q: string) => `The search was too long: only its beginning was searched, “${q}”.`,
      noResults: 'Nothing was found. Try fewer words or remove a filter.',
      count: (n: number) => (n === 1 ? '1 result' : `${n} results`),
      activityOf: (n: number) => `Activity of commitment ${n}`,
      pages: 'Result pages',
      previous: '← Previous',
      next: 'Next →',
      pageOf: (page: number, of: number) => `Page ${page} of ${of}`,
    },
    data: {
      title: 'Open data',
      intro:
        'All of Vigía’s data can be downloaded and reused freely. Each listing comes as CSV (UTF-8), XLSX and JSON; the DCAT catalogue lets an open data portal (CKAN, DKAN) harvest them.',
      license: 'Licence',
      formats: 'Downloads',
      byPlan: 'Only one plan’s',
      catalog: 'Data catalogue (DCAT, JSON-LD)',
      catalogPod: 'Catalogue for DKAN (data.json)',
      api: 'JSON API with pagination and filters',
    },
    feed: {
      title: (subject: string) => `Changes: ${subject}`,
      description: (subject: string) => `The changes published in Vigía about ${subject}.`,
      copyright: 'Open data (CC BY 4.0 unless stated otherwise)',
      entryTitle: (n: number, file: string | null) => `${file ? `Import of ${file}` : 'Update'}: ${n === 1 ? '1 change' : `${n} changes`}`,
      entity: (entity: string, n: number) => `${n} ${auditEntityWords.en[entity] ?? entity}`,
    },
    tagline: 'Following Open Government action plans',
    skipToContent: 'Skip to content',
    languageSwitch: 'Español',
    mainNav: 'Main navigation',
    navHome: 'Home',
    navAgencies: 'Agencies',
    navOpenData: 'Open data',
    navApi: 'API',
    searchLabel: 'Search the plans and commitments',
    searchButton: 'Search',
    footer: 'Vigía is free software for following Open Government commitments. The data is open: download it and reuse it.',
    homeDescription: 'Open Government action plans: commitments, activities, evidence and completion level at each assessment.',
    homeIntro:
      'Each government’s Open Government action plans, with their commitments and the completion level of each in the published assessments.',
    plansHeading: 'Action plans',
    noPlans: 'There are no plans yet.',
    governmentKind: { national: 'National government', local: 'Local government' },
    government: 'Government',
    period: 'Period',
    approvedBy: 'Approved by',
    status: 'Status',
    commitmentsLabel: 'Commitments',
    shareComplete: 'Complete',
    shareSubstantialOrComplete: 'Substantial or complete',
    shareCompleteLong: 'of the commitments were completed.',
    shareSubstantialOrCompleteLong: 'of the commitments made substantial progress or were completed.',
    asOf: (round: string) => `According to the ${round.charAt(0).toLowerCase()}${round.slice(1)}.`,
    noPublishedRound: 'No assessment has been published yet.',
    planDescription: (n: number, complete: string, round: string) =>
      `${n} commitments; ${complete} complete according to the ${round.charAt(0).toLowerCase()}${round.slice(1)}.`,
    roundLabel: 'Assessment',
    show: 'Show',
    figuresHeading: (round: string) => `Completion: ${round}`,
    summaryCaption: (round: string) => `Commitments by theme and completion level — ${round}`,
    themeColumn: 'Theme',
    totalRow: 'Total',
    chartTitle: 'Commitments by theme and completion level',
    chartAxis: 'Number of commitments',
    chartLegend: 'Completion level',
    chartAlt: (round: string) =>
      `Stacked bar chart: commitments by theme and completion level, ${round}. The same figures are in the table above.`,
    chartCaption: 'A stacked bar chart of the same figures.',
    chartTableLink: 'See the table with the figures.',
    byThemeHeading: 'By theme',
    comparisonHeading: (from: string, to: string) =>
      `Changes between the ${from.charAt(0).toLowerCase()}${from.slice(1)} and the ${to.charAt(0).toLowerCase()}${to.slice(1)}`,
    comparisonCaption: 'Each commitment’s level in both assessments',
    movedUp: 'commitments moved up a level',
    movedDown: 'moved down',
    stayed: 'stayed the same',
    movement: 'Change',
    commitmentsHeading: 'Commitments',
    commitmentsOf: (theme: string) => `Commitments on ${theme}`,
    downloadsLabel: 'Download the commitments:',
    feedLink: 'Follow the changes (Atom)',
    jsonLink: 'Data as JSON',
    levelAt: (round: string) => `Completion level — ${round}`,
    noLevel: 'Not assessed',
    leadAgency: 'Lead agency',
    agency: 'Agency',
    plan: 'Plan',
    number: 'No.',
    commitment: 'Commitment',
    level: 'Level',
    lastUpdated: (date: string) => `Updated on ${date}`,
    timelineHeading: 'Level at each published assessment',
    roundAgency: (agency: string) => `lead agency then: ${agency}`,
    correctionsNote: 'Corrected after publication',
    correction: (field: string, date: string) => `${field}, corrected on ${date}`,
    correctionChange: (before: string, after: string) => `before: ${before}; now: ${after}`,
    correctionReason: 'Reason',
    fileLink: (name: string, size: string) => `${name} (file, ${size})`,
    historyLink: 'History of changes',
    fichaHeading: 'Commitment template',
    since: (date: string) => `since ${date}`,
    history: 'Previous lead agencies',
    contactHistory: 'Previous responsible persons',
    reasons: 'Reasons',
    activitiesHeading: 'Activities',
    noActivities: 'No activities are recorded.',
    planned: 'Planned',
    evidence: 'Evidence',
    sources: 'Sources',
    commitmentEvidenceHeading: 'Evidence and sources of the commitment',
    externalLink: '(external link)',
    commitmentsOfTheme: 'Commitments of the theme',
    themeIntroHeading: 'Introduction in the report',
    themeSynthesisHeading: 'Synthesis in the report',
    agencyDescription: (name: string, n: number) =>
      `${name} leads ${n === 1 ? '1 Open Government commitment' : `${n} Open Government commitments`}.`,
    agencyLeads: (n: number) => (n === 1 ? 'It leads 1 commitment.' : `It leads ${n} commitments.`),
    commitmentsLedBy: 'Commitments it leads',
    agenciesCaption: 'Agencies that lead commitments',
    notFoundTitle: 'Page not found',
    notFoundBody: 'The page you are looking for does not exist. Go back to the home page or use the search.',
    errorTitle: 'Something went wrong',
    backHome: 'Back to the home page',
  },
};

function entityName(entity: unknown): string {
  const names: Record<string, string> = {
    plan: 'plan',
    commitment: 'commitment',
    round: 'assessment',
    theme: 'theme',
    agency: 'agency',
    activity: 'activity',
    evidence: 'evidence',
    source: 'source document',
    account: 'account',
    consultation: 'consultation',
    comment: 'comment',
  };
  return names[String(entity)] ?? 'resource';
}

function fieldName(field: string): string {
  return FIELD_NAMES[field as FichaField] ?? field;
}
