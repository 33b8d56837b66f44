import type { ErrorCode, ErrorParams } from '../errors.js';
import type { FichaField } from '../import/text-report/labels.js';
import type { WarningCode } from '../import/warnings.js';
import { auditEntityWords } from './audit-entities.js';

type P = Record<string, string | number | undefined>;

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
  reasons: 'Razones',
  citedEvidence: 'Evidencia citada',
};

/** Spanish: the first language of the interface. Every key here exists in en.ts too (the type says so). */
export const es = {
  locale: 'es',
  errors: {
    not_found: (p: ErrorParams) => `No existe ${entityName(p.entity)} con el identificador ${p.id}.`,
    unauthenticated: () => 'Para esto necesita ingresar con su cuenta.',
    forbidden: () => 'Su cuenta no tiene permiso para esto.',
    conflict: () => 'Otra persona guardó cambios mientras usted editaba. Revise ambas versiones antes de guardar.',
    round_closed: () => 'Esta evaluación ya se publicó: no se puede cambiar. Registre una corrección.',
    round_not_ready: (p: ErrorParams) =>
      p.missing === 0
        ? 'No se puede publicar: el plan no tiene compromisos que evaluar.'
        : `Aún no se puede publicar: faltan ${p.missing} compromisos por aprobar.`,
    evidence_cited: () =>
      'Esta evidencia está citada en una evaluación enviada, aprobada o publicada: no se puede quitar. Si hay un error, pida a la coordinación que devuelva la evaluación o registre una corrección.',
    no_plans: () =>
      'Todavía no hay ningún plan. Importe un reporte con «vigia import ARCHIVO» (o inicie «vigia serve», que importa el plan de demostración).',
    invalid_input: (p: ErrorParams) => `El valor de «${p.field}» no es válido${p.value ? `: ${p.value}` : ''}.`,
    rate_limited: (p: ErrorParams) =>
      `Envió demasiados mensajes seguidos. Espere ${Number(p.seconds) < 3600 ? `${Math.ceil(Number(p.seconds) / 60)} minuto(s)` : `${Math.ceil(Number(p.seconds) / 3600)} hora(s)`} y vuelva a intentarlo.`,
    body_over_limit: (p: ErrorParams) =>
      `No se leyó el envío: ${p.what === 'bytes' ? `pesa más de ${p.limit} MiB` : p.what === 'depth' ? `anida más de ${p.limit} niveles` : p.what === 'keyLength' ? `un nombre de campo tiene más de ${p.limit} caracteres` : `tiene más de ${p.limit} campos`}, el límite de lo que acepta un formulario o la API.`,
    consultation_closed: () => 'Esta consulta no está abierta: no recibe comentarios.',
    consultation_not_open: (p: ErrorParams) =>
      p.state === 'upcoming'
        ? `Esta consulta aún no abrió (abre el ${p.date}): solo una consulta abierta se puede cerrar antes de tiempo.`
        : p.state === 'closed-early'
          ? `Esta consulta ya se cerró antes de tiempo, el ${p.date}: no se puede cerrar otra vez.`
          : `Esta consulta ya cerró: su último día fue el ${p.date}.`,
    edit_window_over: (p: ErrorParams) => `Un comentario solo se puede corregir durante ${p.minutes} minutos después de enviarlo.`,
    comment_answered: () => 'Este comentario ya tiene respuesta de la coordinación: ya no se puede corregir.',
    synthesis_not_final: () =>
      'La sistematización se descarga cuando la consulta cierra. Mientras sigue abierta, su página muestra la sistematización provisional.',
    report_empty: (p: ErrorParams) => `El archivo ${p.file} está vacío: no hay ningún reporte que importar.`,
    report_binary: (p: ErrorParams) =>
      `El archivo ${p.file} no es texto (parece un archivo binario${p.line ? `: tiene un carácter nulo en la línea ${p.line}` : ''}). Guarde el reporte desde Word como «Documento de Word (.docx)» o «Texto sin formato (.txt)» e impórtelo de nuevo.`,
    report_pdf: (p: ErrorParams) =>
      `El archivo ${p.file} es un PDF. Vigía lee el reporte como documento de Word (.docx) o como el texto exportado desde Word: importe el documento original (.docx), no el PDF.`,
    report_docx: (p: ErrorParams) =>
      `El archivo ${p.file} es un documento de Word (.docx), no texto: impórtelo con «vigia import ${p.file}», que lee los documentos de Word.`,
    report_docx_invalid: (p: ErrorParams) =>
      `El archivo ${p.file} no se puede leer como documento de Word: ${
        (
          {
            not_zip: 'tiene la extensión .docx pero no lo es (un .docx es un archivo zip, y este no lo es); quizá se le cambió el nombre',
            damaged: 'el archivo está dañado o incompleto',
            too_large: 'descomprimido sería demasiado grande (¿un archivo malicioso?)',
            no_document: 'es un archivo zip, pero no contiene un documento de Word (falta word/document.xml)',
            old_doc: 'es un documento de Word 97–2003 (.doc); ábralo en Word y guárdelo como «Documento de Word (.docx)»',
          } as Record<string, string>
        )[String(p.reason)] ?? p.reason
      }.`,
    report_not_a_report: (p: ErrorParams) =>
      `El archivo ${p.file} no parece un reporte de autoevaluación: no tiene ninguna ficha de compromiso («Compromiso N.» seguido de los campos de la plantilla de OGP).`,
    file_unreadable: (p: ErrorParams) =>
      `No se pudo leer el archivo ${p.file}: ${({ ENOENT: 'no existe', EISDIR: 'es una carpeta', EACCES: 'no tiene permiso para leerlo' } as Record<string, string>)[String(p.reason)] ?? p.reason}.`,
    government_unknown: (p: ErrorParams) =>
      `El reporte ${p.file} no dice de qué gobierno es. Indíquelo con --government "Nombre del gobierno".`,
    port_in_use: (p: ErrorParams) =>
      `El puerto ${p.port} ya está en uso (¿otra copia de Vigía?). Detenga ese proceso o elija otro puerto con PORT o --port.`,
    database_unavailable: (p: ErrorParams) =>
      (
        ({
          disk_full: `No queda espacio en el disco donde están los datos (${p.location}): libere espacio y vuelva a iniciar Vigía.`,
          read_only: `Vigía no puede escribir en ${p.location}: la carpeta ${p.folder} es de solo lectura o este usuario no tiene permiso. Dé permiso de escritura o elija otra carpeta con ${p.setting ?? 'DATABASE_URL'}.`,
          not_a_database: `El archivo ${p.location} no es una base de datos SQLite (¿otro archivo con ese nombre, o uno dañado?). Elija otro archivo con DATABASE_URL o recupere una copia con «vigia restore».`,
          not_a_folder: `No se puede crear la carpeta de ${p.location}: una parte de la ruta es un archivo, no una carpeta. Corrija ${p.setting ?? 'DATABASE_URL'}.`,
        }) as Record<string, string>
      )[String(p.reason)] ?? `No se pudo usar la base de datos (${p.location}): ${p.reason}`,
    internal: (_p?: ErrorParams) => 'Ocurrió un error inesperado. Se registró para su revisión.',
  } satisfies Record<ErrorCode, (p: ErrorParams) => string>,
  warnings: {
    level_mismatch: (p: P) => `La ficha marca «${p.ficha}» pero el cuadro comparativo dice «${p.table}» (${p.round}).`,
    summary_count_mismatch: (p: P) =>
      `Cuadro resumen, ${p.theme}, columna «${p.column}»: el reporte imprime ${p.printed} pero las fichas suman ${p.computed} (compromisos: ${p.commitments}).`,
    summary_percent_mismatch: (p: P) =>
      `Cuadro resumen, fila %, columna «${p.column}»: el reporte imprime ${p.printed} pero las fichas dan ${p.computed}.`,
    summary_rows_mismatch: (p: P) => `El cuadro resumen tiene ${p.printed} filas de temas, pero las fichas tienen ${p.computed} temas.`,
    missing_ficha: (p: P) => `El cuadro comparativo incluye el compromiso «${p.title}», pero el reporte no tiene su ficha.`,
    missing_from_table: () => 'La ficha no aparece en el cuadro comparativo.',
    no_level_mark: () => 'La fila «Cumplimiento» de la ficha no tiene ninguna X: no se sabe el nivel.',
    multiple_level_marks: (p: P) => `La fila «Cumplimiento» de la ficha tiene más de una X (${p.levels}): no se sabe el nivel.`,
    level_unreadable: () => 'No se pudo leer la fila «Cumplimiento» de la ficha.',
    unknown_label: (p: P) => `La ficha tiene un campo que la plantilla no conoce: «${p.label}». Se guardó como información adicional.`,
    missing_field: (p: P) => `A la ficha le falta el campo «${fieldName(String(p.field))}».`,
    title_mismatch: (p: P) => `El título de la ficha («${p.ficha}») no coincide con el del cuadro comparativo («${p.table}»).`,
    unknown_level_text: (p: P) => `El cuadro comparativo dice «${p.text}», que no es un nivel de cumplimiento.`,
    theme_mismatch: (p: P) => `La ficha dice «Componente: ${p.ficha}» pero está bajo el tema «${p.heading}».`,
    no_comparison_table: (p: P) =>
      `El reporte no tiene cuadro comparativo de evaluaciones: los niveles de las fichas se guardan como la «${p.round}», sin fecha de corte.`,
    activity_numbering_gap: (p: P) => `Las actividades de «Descripción de los resultados» saltan del ${p.previous} al ${p.next}.`,
    footnote_unclosed: (p: P) => `La nota al pie ${p.note} no se cierra: su texto se conservó como texto del campo.`,
    no_theme: (p: P) => `La ficha no dice a qué tema pertenece (no hay «Componente:» ni «Tema N:»); se agrupó en «${p.theme}».`,
    evidence_reference_unread: (p: P) =>
      `«${p.text}» parece citar un documento, pero no se reconoce de qué tipo es: queda como texto de los resultados, no como evidencia.`,
    complete_without_evidence: () =>
      'La ficha marca «Completo», pero sus resultados no tienen ningún enlace ni documento con número: la evidencia queda como texto; cítela en el espacio de trabajo.',
    duplicate_commitment: (p: P) => `Hay dos fichas con el número ${p.number}; la segunda se guardó como compromiso ${p.stored}.`,
  } satisfies Record<WarningCode, (p: P) => string>,
  fields: FIELD_NAMES,
  warningPrefix: (commitment: number | null, line: number | null) =>
    [commitment !== null ? `Compromiso ${commitment}` : null, line !== null ? `línea ${line}` : null].filter(Boolean).join(', '),
  roundKinds: { midterm: 'Evaluación intermedia', 'end-of-term': 'Evaluación final', periodic: 'Evaluación periódica' },
  planStatuses: { draft: 'Borrador', consultation: 'En consulta', approved: 'Aprobado', active: 'En ejecución', completed: 'Concluido' },
  movement: { up: 'Subió', down: 'Bajó', same: 'Igual', unknown: 'Sin dato' },
  cli: {
    description: 'Vigía: seguimiento de planes de acción de Gobierno Abierto.',
    serveDescription: 'Inicia el servidor web (en una base vacía, importa primero el plan 2015-2016 de demostración).',
    importDescription: 'Importa un reporte de autoevaluación (documento de Word .docx, o el texto exportado desde Word).',
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
    helpTitles: {
      'Usage:': 'Uso:',
      'Options:': 'Opciones:',
      'Commands:': 'Comandos:',
      'Arguments:': 'Argumentos:',
      'Global Options:': 'Opciones globales:',
    },
    usage: {
      invalidValue: (option: string, value: string) =>
        `el valor de ${option} no es válido: «${value}» (debe ser un número entero positivo).`,
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
    changes: (p: P) =>
      Number(p.n) === 0
        ? 'Sin cambios: la base de datos ya tenía exactamente este reporte.'
        : `${p.n} cambios registrados en el historial.`,
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
    apiDocs: {
      title: 'API de datos abiertos',
      intro:
        'Todos los datos publicados de Vigía, en JSON, sin registro ni clave. Las listas se paginan con «page» y «perPage» (hasta 100) y aceptan los mismos filtros que el buscador. Las respuestas llevan ETag: pida de nuevo con If-None-Match y recibirá 304 si nada cambió.',
      openapi: 'Descripción OpenAPI 3.1 (para generar clientes)',
      errors:
        'Los errores se responden como { "error": { "code", "message" } }, con el mensaje en el idioma de Accept-Language o de ?lang=es|en. Un identificador desconocido responde 404.',
      parameters: 'Parámetros',
      name: 'Nombre',
      where: 'Dónde',
      description: 'Descripción',
      inPath: 'ruta',
      inQuery: 'consulta',
      example: 'Ejemplo',
      ops: {
        listPlans: 'Los planes, del más reciente al más antiguo, con su gobierno y número de compromisos.',
        getPlan: 'Un plan con sus temas, compromisos, entidades responsables, niveles y evaluaciones.',
        getSummary: 'El cuadro resumen: temas × niveles de cumplimiento en una evaluación.',
        getComparison: 'El nivel de cada compromiso en dos evaluaciones, y cuántos subieron, bajaron o se mantuvieron.',
        listCommitments: 'Los compromisos, con los filtros del buscador.',
        getCommitment: 'La ficha completa de un compromiso: campos de la plantilla, historial, actividades, evidencias y niveles.',
        listActivities: 'Las actividades, con los filtros del buscador.',
        search: 'Búsqueda en compromisos y actividades.',
        getTheme: 'Un tema con sus compromisos y sus niveles.',
        listAgencies: 'Las entidades, con cuántos compromisos lidera cada una.',
        getAgency: 'Una entidad y los compromisos que lidera en todos los planes.',
      } as Record<string, string>,
      params: {
        id: 'Identificador (entero positivo).',
        q: 'Palabras que busca: sin importar tildes, con raíces del español y prefijos; deben estar todas.',
        plan: 'Identificador de un plan.',
        theme: 'Identificador de un tema.',
        agency: 'Identificador de una entidad: los compromisos que lidera hoy.',
        level: 'Nivel de cumplimiento (not-started, limited, substantial, complete), en «round» o en la última evaluación publicada.',
        round: 'Identificador de una evaluación publicada.',
        from: 'Evaluación de partida (por defecto, la anterior a «to»).',
        to: 'Evaluación de llegada (por defecto, la última publicada).',
        page: 'Número de página, desde 1.',
        perPage: 'Resultados por página, de 1 a 100 (20 por defecto).',
      } as Record<string, string>,
    },
    search: {
      title: 'Buscar',
      titleFor: (q: string) => `Buscar: ${q}`,
      queryLabel: 'Palabras que busca',
      queryHint: 'En los compromisos y sus actividades. Sin importar tildes ni mayúsculas: «participacion» encuentra «Participación».',
      filters: 'Filtrar',
      theme: 'Tema',
      any: 'Todos',
      latestRound: 'La última publicada',
      planFirst: 'Elija un plan y pulse «Buscar» para filtrar también por tema o por evaluación.',
      page: 'Página',
      errorTitle: 'Hay un problema',
      badValue: (field: string, value: string) => `El valor de «${field}» no es válido: «${value}». Elija uno de la lista.`,
      emptyTitle: 'Escriba qué busca',
      emptyHelp: 'Escriba una o más palabras (por ejemplo «datos abiertos» o «capacitación»), o elija un filtro, y pulse «Buscar».',
      tooLong: (q: string) => `La búsqueda era muy larga: se buscó solo el comienzo, «${q}».`,
      noResults: 'No se encontró nada. Pruebe con menos palabras o quite algún filtro.',
      count: (n: number) => (n === 1 ? '1 resultado' : `${n} resultados`),
      activityOf: (n: number) => `Actividad del compromiso ${n}`,
      pages: 'Páginas de resultados',
      previous: '← Anterior',
      next: 'Siguiente →',
      pageOf: (page: number, of: number) => `Página ${page} de ${of}`,
    },
    data: {
      title: 'Datos abiertos',
      intro:
        'Todos los datos de Vigía se pueden descargar y reutilizar libremente. Cada listado está en CSV (UTF-8), XLSX y JSON; el catálogo DCAT permite que un portal de datos abiertos (CKAN, DKAN) los recoja.',
      license: 'Licencia',
      formats: 'Descargas',
      byPlan: 'Solo los de un plan',
      catalog: 'Catálogo de datos (DCAT, JSON-LD)',
      catalogPod: 'Catálogo para DKAN (data.json)',
      api: 'API JSON con paginación y filtros',
    },
    feed: {
      title: (subject: string) => `Cambios: ${subject}`,
      description: (subject: string) => `Los cambios publicados en Vigía sobre ${subject}.`,
      copyright: 'Datos abiertos (CC BY 4.0 salvo otra indicación)',
      entryTitle: (n: number, file: string | null) =>
        `${file ? `Importación de ${file}` : 'Actualización'}: ${n === 1 ? '1 cambio' : `${n} cambios`}`,
      entity: (entity: string, n: number) => `${n} ${auditEntityWords.es[entity] ?? entity}`,
    },
    tagline: 'Seguimiento de los planes de acción de Gobierno Abierto',
    skipToContent: 'Saltar al contenido',
    languageSwitch: 'English',
    mainNav: 'Navegación principal',
    navHome: 'Inicio',
    navAgencies: 'Entidades',
    navOpenData: 'Datos abiertos',
    navApi: 'API',
    searchLabel: 'Buscar en los planes y compromisos',
    searchButton: 'Buscar',
    footer:
      'Vigía es software libre para el seguimiento de los compromisos de Gobierno Abierto. Los datos son abiertos: puede descargarlos y reutilizarlos.',
    homeDescription:
      'Planes de acción de Gobierno Abierto: compromisos, actividades, evidencias y nivel de cumplimiento en cada evaluación.',
    homeIntro:
      'Los planes de acción de Gobierno Abierto de cada gobierno, con sus compromisos y el nivel de cumplimiento de cada uno en las evaluaciones publicadas.',
    plansHeading: 'Planes de acción',
    noPlans: 'Todavía no hay planes.',
    governmentKind: { national: 'Gobierno nacional', local: 'Gobierno local' },
    government: 'Gobierno',
    period: 'Periodo',
    approvedBy: 'Aprobado por',
    status: 'Estado',
    commitmentsLabel: 'Compromisos',
    shareComplete: 'Completos',
    shareSubstantialOrComplete: 'Sustancial o completo',
    shareCompleteLong: 'de los compromisos se completaron.',
    shareSubstantialOrCompleteLong: 'de los compromisos tienen avance sustancial o se completaron.',
    asOf: (round: string) => `Según la ${round.charAt(0).toLowerCase()}${round.slice(1)}.`,
    noPublishedRound: 'Aún no hay evaluaciones publicadas.',
    planDescription: (n: number, complete: string, round: string) =>
      `${n} compromisos; ${complete} completos según la ${round.charAt(0).toLowerCase()}${round.slice(1)}.`,
    roundLabel: 'Evaluación',
    show: 'Mostrar',
    figuresHeading: (round: string) => `Cumplimiento: ${round}`,
    summaryCaption: (round: string) => `Compromisos por tema y nivel de cumplimiento — ${round}`,
    themeColumn: 'Tema',
    totalRow: 'Total',
    chartTitle: 'Compromisos por tema y nivel de cumplimiento',
    chartAxis: 'Número de compromisos',
    chartLegend: 'Nivel de cumplimiento',
    chartAlt: (round: string) =>
      `Gráfico de barras apiladas: compromisos por tema y nivel de cumplimiento, ${round}. Los mismos datos están en el cuadro anterior.`,
    chartCaption: 'Gráfico de barras apiladas de los mismos datos.',
    chartTableLink: 'Ver el cuadro con las cifras.',
    byThemeHeading: 'Por tema',
    comparisonHeading: (from: string, to: string) =>
      `Cambios entre la ${from.charAt(0).toLowerCase()}${from.slice(1)} y la ${to.charAt(0).toLowerCase()}${to.slice(1)}`,
    comparisonCaption: 'Nivel de cada compromiso en ambas evaluaciones',
    movedUp: 'compromisos subieron de nivel',
    movedDown: 'bajaron de nivel',
    stayed: 'se mantuvieron igual',
    movement: 'Cambio',
    commitmentsHeading: 'Compromisos',
    commitmentsOf: (theme: string) => `Compromisos de ${theme}`,
    downloadsLabel: 'Descargar los compromisos:',
    feedLink: 'Suscribirse a los cambios (Atom)',
    jsonLink: 'Datos en JSON',
    levelAt: (round: string) => `Nivel de cumplimiento — ${round}`,
    noLevel: 'Sin evaluar',
    leadAgency: 'Responsable',
    agency: 'Entidad',
    plan: 'Plan',
    number: 'N°',
    commitment: 'Compromiso',
    level: 'Nivel',
    lastUpdated: (date: string) => `Actualizado el ${date}`,
    timelineHeading: 'Nivel en cada evaluación publicada',
    roundAgency: (agency: string) => `responsable entonces: ${agency}`,
    correctionsNote: 'Corregido después de publicarse',
    correction: (field: string, date: string) => `${field}, corregido el ${date}`,
    correctionChange: (before: string, after: string) => `antes: ${before}; ahora: ${after}`,
    correctionReason: 'Motivo',
    fileLink: (name: string, size: string) => `${name} (archivo, ${size})`,
    historyLink: 'Historial de cambios',
    fichaHeading: 'Ficha del compromiso',
    since: (date: string) => `desde el ${date}`,
    history: 'Responsables anteriores',
    contactHistory: 'Personas responsables anteriores',
    reasons: 'Razones',
    activitiesHeading: 'Actividades',
    noActivities: 'No hay actividades registradas.',
    planned: 'Previsto',
    evidence: 'Evidencia',
    sources: 'Fuentes',
    commitmentEvidenceHeading: 'Evidencia y fuentes del compromiso',
    externalLink: '(enlace externo)',
    commitmentsOfTheme: 'Compromisos del tema',
    themeIntroHeading: 'Presentación en el reporte',
    themeSynthesisHeading: 'Síntesis del reporte',
    agencyDescription: (name: string, n: number) => `${name} lidera ${n === 1 ? '1 compromiso' : `${n} compromisos`} de Gobierno Abierto.`,
    agencyLeads: (n: number) => (n === 1 ? 'Lidera 1 compromiso.' : `Lidera ${n} compromisos.`),
    commitmentsLedBy: 'Compromisos que lidera',
    agenciesCaption: 'Entidades responsables de compromisos',
    notFoundTitle: 'Página no encontrada',
    notFoundBody: 'No existe la página que busca. Puede volver al inicio o usar el buscador.',
    errorTitle: 'Ocurrió un error',
    backHome: 'Volver al inicio',
  },
};

export function entityName(entity: unknown): string {
  const names: Record<string, string> = {
    plan: 'el plan',
    commitment: 'el compromiso',
    round: 'la evaluación',
    theme: 'el tema',
    agency: 'la entidad',
    activity: 'la actividad',
    evidence: 'la evidencia',
    source: 'el documento fuente',
    account: 'la cuenta',
    consultation: 'la consulta',
    comment: 'el comentario',
  };
  return names[String(entity)] ?? 'el recurso';
}

export function fieldName(field: string): string {
  return FIELD_NAMES[field as FichaField] ?? field;
}

export type Messages = typeof es;
