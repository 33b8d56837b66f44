import type { ErrorCode, ErrorParams } from '../errors.js';
import type { FichaField } from '../import/text-report/labels.js';
import type { WarningCode } from '../import/warnings.js';

type P = Record<string, string | number | undefined>;

/** Spanish: the first language of the interface. Every key here exists in en.ts too (the type says so). */
export const es = {
  locale: 'es',
  errors: {
    not_found: (p: ErrorParams) => `No existe ${entityName(p.entity)} con el identificador ${p.id}.`,
    no_plans: () => 'Todavía no hay ningún plan. Importe un reporte con «vigia import ARCHIVO» (o inicie «vigia serve», que importa el plan de demostración).',
    invalid_input: (p: ErrorParams) => `El valor de «${p.field}» no es válido${p.value ? `: ${p.value}` : ''}.`,
    report_empty: (p: ErrorParams) => `El archivo ${p.file} está vacío: no hay ningún reporte que importar.`,
    report_binary: (p: ErrorParams) =>
      `El archivo ${p.file} no es texto (parece un archivo binario). Guarde el reporte desde Word como «Texto sin formato (.txt)» e impórtelo de nuevo.`,
    report_pdf: (p: ErrorParams) =>
      `El archivo ${p.file} es un PDF. Vigía lee el reporte en el texto exportado desde Word: abra el documento original en Word, guárdelo como «Texto sin formato (.txt)» e importe ese archivo.`,
    report_docx: (p: ErrorParams) =>
      `El archivo ${p.file} es un documento de Word (.docx). Por ahora Vigía importa el texto exportado desde Word: guárdelo como «Texto sin formato (.txt)» e importe ese archivo.`,
    report_not_a_report: (p: ErrorParams) =>
      `El archivo ${p.file} no parece un reporte de autoevaluación: no tiene ninguna ficha de compromiso («Compromiso N.» seguido de los campos de la plantilla de OGP).`,
    file_unreadable: (p: ErrorParams) => `No se pudo leer el archivo ${p.file}: ${p.reason}.`,
    database_unavailable: (p: ErrorParams) => `No se pudo usar la base de datos (${p.location}): ${p.reason}`,
    internal: (_p?: ErrorParams) => 'Ocurrió un error inesperado. Se registró para su revisión.',
  } satisfies Record<ErrorCode, (p: ErrorParams) => string>,
  warnings: {
    level_mismatch: (p: P) =>
      `La ficha marca «${p.ficha}» pero el cuadro comparativo dice «${p.table}» (${p.round}).`,
    summary_count_mismatch: (p: P) =>
      `Cuadro resumen, ${p.theme}, columna «${p.column}»: el reporte imprime ${p.printed} pero las fichas suman ${p.computed} (compromisos: ${p.commitments}).`,
    summary_percent_mismatch: (p: P) => `Cuadro resumen, fila %, columna «${p.column}»: el reporte imprime ${p.printed} pero las fichas dan ${p.computed}.`,
    summary_rows_mismatch: (p: P) => `El cuadro resumen tiene ${p.printed} filas de temas, pero las fichas tienen ${p.computed} temas.`,
    missing_ficha: (p: P) => `El cuadro comparativo incluye el compromiso «${p.title}», pero el reporte no tiene su ficha.`,
    missing_from_table: () => 'La ficha no aparece en el cuadro comparativo.',
    no_level_mark: () => 'La fila «Cumplimiento» de la ficha no tiene ninguna X: no se sabe el nivel.',
    multiple_level_marks: (p: P) => `La fila «Cumplimiento» de la ficha tiene más de una X (${p.levels}): no se sabe el nivel.`,
    level_unreadable: () => 'No se pudo leer la fila «Cumplimiento» de la ficha.',
    unknown_label: (p: P) => `La ficha tiene un campo que la plantilla no conoce: «${p.label}». Se guardó como información adicional.`,
    missing_field: (p: P) => `A la ficha le falta el campo «${fieldName(String(p.field))}».`,
    title_mismatch: (p: P) => `El título de la ficha («${p.ficha}») no coincide con el del cuadro comparativo («${p.table}»).`,
    duplicate_commitment: () => 'Hay dos fichas con este número; se leyó solo la primera.',
    unknown_level_text: (p: P) => `El cuadro comparativo dice «${p.text}», que no es un nivel de cumplimiento.`,
    theme_mismatch: (p: P) => `La ficha dice «Componente: ${p.ficha}» pero está bajo el tema «${p.heading}».`,
    no_comparison_row: () => 'No hay fila en el cuadro comparativo.',
  } satisfies Record<WarningCode, (p: P) => string>,
  warningPrefix: (commitment: number | null, line: number | null) =>
    [commitment !== null ? `Compromiso ${commitment}` : null, line !== null ? `línea ${line}` : null].filter(Boolean).join(', '),
  roundKinds: { midterm: 'Evaluación intermedia', 'end-of-term': 'Evaluación final', periodic: 'Evaluación periódica' },
  planStatuses: { draft: 'Borrador', active: 'En implementación', completed: 'Concluido' },
  movement: { up: 'Subió', down: 'Bajó', same: 'Igual', unknown: 'Sin dato' },
  cli: {
    description: 'Vigía: seguimiento de planes de acción de Gobierno Abierto.',
    serveDescription: 'Inicia el servidor web (en una base vacía, importa primero el plan 2015-2016 de demostración).',
    importDescription: 'Importa un reporte de autoevaluación (texto exportado desde Word).',
    summaryDescription: 'Muestra el cuadro resumen de un plan: temas × niveles de cumplimiento.',
    compareDescription: 'Compara el nivel de cada compromiso entre dos evaluaciones.',
    optPlan: 'el plan (por defecto, el de periodo más reciente)',
    optRound: 'la evaluación (por defecto, la última publicada)',
    optFrom: 'la evaluación de partida (por defecto, la anterior a --to)',
    optTo: 'la evaluación de llegada (por defecto, la última publicada)',
    optJson: 'salida en JSON',
    optDryRun: 'lee el archivo y muestra lo que importaría, sin tocar la base de datos',
    optGovernment: 'el gobierno del plan, si el reporte no lo dice o lo dice de otra forma',
    optPort: 'puerto HTTP (por defecto, PORT o 3000)',
    optHelp: 'muestra esta ayuda',
    helpCommand: 'muestra la ayuda de un comando',
    helpTitles: { 'Usage:': 'Uso:', 'Options:': 'Opciones:', 'Commands:': 'Comandos:', 'Arguments:': 'Argumentos:', 'Global Options:': 'Opciones globales:' },
    usage: {
      invalidValue: (option: string, value: string) => `el valor de ${option} no es válido: «${value}» (debe ser un número entero positivo).`,
      unknownOption: (option: string) => `la opción ${option} no existe. Use --help para ver las opciones.`,
      unknownCommand: (command: string) => `el comando «${command}» no existe. Use --help para ver los comandos.`,
      missingArgument: (name: string) => `falta ${name}. Use --help para ver cómo se usa.`,
      excessArguments: 'sobran argumentos. Use --help para ver cómo se usa.',
    },
    fileArgument: 'archivo',
    mainUsage: '[opciones] [comando]',
    optLang: 'idioma de los mensajes: es o en',
    seedImporting: 'La base de datos está vacía: importando el plan 2015-2016 de demostración…',
    seedImported: (p: P) => `Plan de demostración importado (${p.commitments} compromisos).`,
    listening: (p: P) => `Vigía escucha en ${p.url} (base de datos: ${p.location}).`,
    stopping: 'Deteniendo Vigía…',
    reading: (p: P) => `Leyendo ${p.file}…`,
    imported: (p: P) =>
      `${p.created ? 'Creado' : 'Actualizado'} el plan «${p.plan}» (id ${p.id}): ${p.commitments} compromisos, ${p.activities} actividades, ${p.evidence} evidencias, ${p.sources} fuentes, ${p.rounds} evaluaciones.`,
    changes: (p: P) => (Number(p.n) === 0 ? 'Sin cambios: la base de datos ya tenía exactamente este reporte.' : `${p.n} cambios registrados en el historial.`),
    kept: (p: P) => `Se conservan los compromisos ${p.numbers}, que están en la base de datos pero no en este archivo.`,
    warningsHeader: (p: P) => `${p.n} advertencias:`,
    noWarnings: 'Sin advertencias.',
    tookMs: (p: P) => `(${p.ms} ms)`,
    themeColumn: 'Tema',
    totalRow: 'Total',
    percentRow: '%',
    unassessedColumn: 'Sin nivel',
    numberColumn: 'N°',
    commitmentColumn: 'Compromiso',
    moved: (p: P) => `Subieron: ${p.up} · Bajaron: ${p.down} · Igual: ${p.same}${Number(p.unknown) > 0 ? ` · Sin dato: ${p.unknown}` : ''}`,
    error: (msg: string) => `Error: ${msg}`,
  },
  web: {
    siteName: 'Vigía',
    tagline: 'Seguimiento de los planes de acción de Gobierno Abierto',
    skipToContent: 'Saltar al contenido',
    languageSwitch: 'English',
    languageSwitchLabel: 'Read this page in English',
    plansHeading: 'Planes de acción',
    noPlans: 'Todavía no hay planes.',
    period: 'Periodo',
    approvedBy: 'Aprobado por',
    status: 'Estado',
    commitmentsCount: (n: number) => (n === 1 ? '1 compromiso' : `${n} compromisos`),
    levelAt: (round: string) => `Nivel de cumplimiento — ${round}`,
    noLevel: 'Sin evaluar',
    leadAgency: 'Responsable',
    number: 'N°',
    commitment: 'Compromiso',
    level: 'Nivel',
    openData: 'Datos abiertos (API JSON)',
    footer: 'Vigía es software libre para el seguimiento de los compromisos de Gobierno Abierto.',
    notFoundTitle: 'Página no encontrada',
    notFoundBody: 'No existe la página que busca.',
    errorTitle: 'Ocurrió un error',
    backHome: 'Volver al inicio',
  },
};

export function entityName(entity: unknown): string {
  const names: Record<string, string> = { plan: 'el plan', commitment: 'el compromiso', round: 'la evaluación', theme: 'el tema', agency: 'la entidad' };
  return names[String(entity)] ?? 'el recurso';
}

const FIELD_NAMES: Record<FichaField, string> = {
  leadAgency: 'Secretaría/Ministerio responsable',
  contactName: 'Nombre de la persona responsable',
  contactPosition: 'Puesto',
  contactEmail: 'Correo electrónico',
  contactPhone: 'Teléfono',
  otherActors: 'Otros actores involucrados',
  otherActorsGovernment: 'Otros actores: Gobierno',
  otherActorsCivilSociety: 'Otros actores: Sociedad civil, iniciativa privada, grupos de trabajo o multilaterales',
  problem: 'Status quo o problema/desafío que será atendido',
  objective: 'Objetivo principal',
  description: 'Breve descripción del compromiso',
  relevance: 'Relevancia',
  ambition: 'Ambición',
  startDate: 'Fecha de inicio',
  endDate: 'Fecha de término',
  completion: 'Cumplimiento',
  results: 'Descripción de los resultados',
  nextSteps: 'Siguientes pasos',
  additionalInfo: 'Información adicional',
};

export function fieldName(field: string): string {
  return FIELD_NAMES[field as FichaField] ?? field;
}

export type Messages = typeof es;
