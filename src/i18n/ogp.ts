import type { OgpProblem } from '../import/ogp-csv/model.js';
import type { Lang } from './lang.js';

/** The words of OGP's commitment dataset import and export (CLI, open-data page), Spanish first. */
interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

const es = {
  recognised: (file: string, rows: number) => `${file}: datos de compromisos de OGP, ${rows} filas.`,
  progressLine: (done: number, total: number) => `Importando: ${done}/${total} compromisos`,
  progressBar: 'Importando {bar} {value}/{total} compromisos',
  dryRun: (members: number, plans: number, commitments: number) =>
    `Se leyeron ${commitments} compromisos de ${plans} planes de ${members} miembros (simulación: no se guardó nada).`,
  summaryHeader: 'Resumen:',
  tallyLine: (what: string, t: Tally) => `  ${what}: ${t.created} de alta, ${t.updated} con cambios, ${t.unchanged} sin cambios`,
  things: { governments: 'Miembros', plans: 'Planes', commitments: 'Compromisos', reviews: 'Revisiones del MRI' },
  changes: (n: number, ms: number) => `${n} cambios registrados en el historial (${ms} ms).`,
  refusedHeader: (n: number) => `${n} filas rechazadas (las demás se importaron):`,
  noErrors: 'Ninguna fila rechazada.',
  warningsHeader: (n: number) => `${n} avisos:`,
  keptHeader: (n: number) => `${n} campos editados en el espacio de trabajo no se sobrescribieron:`,
  /** The title of a plan OGP's file gives none (stored in the plan's language, not the reader's). */
  planTitle: (member: string, number: number | null, period: string) =>
    `${member}: plan de acción${number !== null ? ` ${number}` : ''}${period}`,
  row: (p: OgpProblem) => `Fila ${p.row}${p.column ? `, columna «${p.column}»` : ''}`,
  problems: {
    missing_value: () => 'falta el valor (obligatorio).',
    unknown_word: (p: OgpProblem) => `«${p.value}» no es un valor de la escala del MRI.`,
    invalid_date: (p: OgpProblem) => `«${p.value}» no es una fecha válida.`,
    invalid_number: (p: OgpProblem) => `«${p.value}» no es un número válido aquí.`,
    invalid_flag: (p: OgpProblem) => `«${p.value}» no es 1 ni 0.`,
    duplicate_id: (p: OgpProblem) => `el identificador ${p.value} ya está en la fila ${p.firstRow}.`,
    date_words: (p: OgpProblem) => `«${p.value}» no es una fecha: se guardó tal cual, sin fecha.`,
    plan_years_differ: (p: OgpProblem) =>
      `los años del plan (${p.value}) no coinciden con los de filas anteriores del mismo plan; se mantienen los primeros.`,
    plan_period_taken: (p: OgpProblem) => `otro plan de este miembro ya tiene el periodo ${p.value}: no se importó este plan.`,
    no_matching_commitment: (p: OgpProblem) =>
      `el plan es el del reporte de autoevaluación del gobierno y no tiene un compromiso número ${p.value}: no se agregan compromisos a un plan con evaluaciones.`,
    commitment_in_other_plan: (p: OgpProblem) =>
      `el compromiso ${p.value} está en un plan de otro miembro o en un plan con evaluaciones: no se mueve ni se modifica.`,
    invalid_value: (p: OgpProblem) => `«${p.value}» no es un valor de esta columna.`,
    kept_workspace_edit: (p: OgpProblem) =>
      `plan «${p.plan}»${p.commitment ? `, compromiso ${p.commitment}` : ''}: «${p.value}» lo editó ${p.by} en el espacio de trabajo el ${p.at?.slice(0, 10)}; el archivo trae otro valor y se deja como lo dejó esa persona.`,
  } satisfies Record<OgpProblem['code'], (p: OgpProblem) => string>,
  fileErrors: {
    malformed: (file: string, line: number | null) =>
      `${file} no es un CSV válido${line ? ` (línea ${line}: comillas sin cerrar o columnas mal formadas)` : ''}.`,
    encoding: (file: string) => `${file} no está en UTF-8. Guárdelo como «CSV UTF-8» e impórtelo de nuevo.`,
    empty: (file: string) => `${file} no tiene filas de compromisos.`,
    binary: (file: string, line: number | null) =>
      `${file} está dañado: tiene un carácter nulo${line ? ` en la línea ${line}` : ''}, que ningún CSV contiene. Descárguelo o expórtelo de nuevo.`,
  },
  exportDescription:
    'Exporta datos: «ogp» escribe todos los compromisos en las columnas del conjunto de datos de OGP (CSV); «indicators», la matriz de indicadores de un plan (CSV o XLSX).',
  exportWhat: 'qué exportar (ogp, indicators)',
  optOut: 'escribe en este archivo en vez de la salida estándar',
  unknownExport: (what: string) => `No se sabe exportar «${what}». Use: vigia export ogp, o vigia export indicators --plan N`,
  written: (n: number, file: string) => `${n} compromisos escritos en ${file}.`,
  // The open-data page.
  datasetTitle: 'Compromisos en el formato de OGP',
  datasetDescription:
    'Todos los compromisos en las columnas del conjunto de datos de compromisos de la Alianza para el Gobierno Abierto (OGP), con la revisión del MRI; «Starred» se calcula con la regla del MRI.',
  download: 'Descargar CSV (columnas de OGP)',
};

export type OgpMessages = typeof es;

const en: OgpMessages = {
  recognised: (file, rows) => `${file}: OGP commitment data, ${rows} rows.`,
  progressLine: (done, total) => `Importing: ${done}/${total} commitments`,
  progressBar: 'Importing {bar} {value}/{total} commitments',
  dryRun: (members, plans, commitments) =>
    `Read ${commitments} commitments of ${plans} plans of ${members} members (dry run: nothing was stored).`,
  summaryHeader: 'Summary:',
  tallyLine: (what, t) => `  ${what}: ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged`,
  things: { governments: 'Members', plans: 'Plans', commitments: 'Commitments', reviews: 'IRM reviews' },
  changes: (n, ms) => `${n} changes recorded in the history (${ms} ms).`,
  refusedHeader: (n) => `${n} rows refused (the others were imported):`,
  noErrors: 'No row refused.',
  warningsHeader: (n) => `${n} warnings:`,
  keptHeader: (n) => `${n} fields edited in the workspace were not overwritten:`,
  planTitle: (member, number, period) => `${member}: action plan${number !== null ? ` ${number}` : ''}${period}`,
  row: (p) => `Row ${p.row}${p.column ? `, column "${p.column}"` : ''}`,
  problems: {
    missing_value: () => 'the value is missing (required).',
    unknown_word: (p) => `"${p.value}" is not a value of the IRM's scale.`,
    invalid_date: (p) => `"${p.value}" is not a valid date.`,
    invalid_number: (p) => `"${p.value}" is not a valid number here.`,
    invalid_flag: (p) => `"${p.value}" is neither 1 nor 0.`,
    duplicate_id: (p) => `the identifier ${p.value} is already on row ${p.firstRow}.`,
    date_words: (p) => `"${p.value}" is not a date: kept as written, with no date.`,
    plan_years_differ: (p) => `the plan's years (${p.value}) differ from earlier rows of the same plan; the first ones are kept.`,
    plan_period_taken: (p) => `another plan of this member already has the period ${p.value}: this plan was not imported.`,
    no_matching_commitment: (p) =>
      `the plan is the government's own self-assessment report and has no commitment number ${p.value}: no commitment is added to a plan with assessments.`,
    commitment_in_other_plan: (p) =>
      `commitment ${p.value} is in another member's plan or in a plan with assessments: it is neither moved nor changed.`,
    invalid_value: (p) => `"${p.value}" is not a value of this column.`,
    kept_workspace_edit: (p) =>
      `plan "${p.plan}"${p.commitment ? `, commitment ${p.commitment}` : ''}: "${p.value}" was edited by ${p.by} in the workspace on ${p.at?.slice(0, 10)}; the file has another value and it is left as that person left it.`,
  },
  fileErrors: {
    malformed: (file, line) => `${file} is not a valid CSV${line ? ` (line ${line}: an unclosed quote or malformed columns)` : ''}.`,
    encoding: (file) => `${file} is not UTF-8. Save it as "CSV UTF-8" and import it again.`,
    empty: (file) => `${file} has no commitment rows.`,
    binary: (file, line) =>
      `${file} is damaged: it has a NUL character${line ? ` on line ${line}` : ''}, which no CSV holds. Download or export it again.`,
  },
  exportDescription:
    'Exports data: "ogp" writes every commitment in the columns of OGP\'s commitment dataset (CSV); "indicators", a plan\'s indicator matrix (CSV or XLSX).',
  exportWhat: 'what to export (ogp, indicators)',
  optOut: 'write to this file instead of standard output',
  unknownExport: (what) => `Cannot export "${what}". Use: vigia export ogp, or vigia export indicators --plan N`,
  written: (n, file) => `${n} commitments written to ${file}.`,
  datasetTitle: 'Commitments in OGP’s format',
  datasetDescription:
    "Every commitment in the columns of the Open Government Partnership's commitment dataset, with the IRM's review; \"Starred\" is computed with the IRM's rule.",
  download: 'Download CSV (OGP columns)',
};

export function ogpMessages(lang: Lang): OgpMessages {
  return lang === 'en' ? en : es;
}

/** "Fila 12, columna «Start Date»: «2/30/2016» no es una fecha válida." */
export function problemLine(p: OgpProblem, lang: Lang): string {
  const m = ogpMessages(lang);
  return `${m.row(p)}: ${m.problems[p.code](p)}`;
}
