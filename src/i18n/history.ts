import type { ChainBreakReason } from '../domain/audit-chain.js';
import type { ActivityStatus, EvidenceKind } from '../domain/types.js';
import type { Lang } from './lang.js';

/**
 * The words of the audit log's two faces: `vigia audit verify` and a commitment's history page.
 * Spanish first; English has exactly the same keys (the type says so).
 */
type P = Record<string, string | number | null | undefined>;

const es = {
  cli: {
    auditDescription: 'Historial de cambios (registro de auditoría).',
    verifySummary: 'Comprueba que nadie alteró el historial.',
    verifyDescription:
      'Comprueba la cadena de hashes del historial desde la primera entrada y nombra la primera alterada. Estado de salida: 0 intacta, 1 alterada (o no se pudo comprobar), 2 uso incorrecto.',
    checking: (p: P) => `Comprobando el historial en ${p.location}…`,
    empty: 'El historial está vacío: no hay nada que comprobar.',
    ok: (p: P) => `Historial íntegro: ${p.checked} entradas comprobadas, la cadena de hashes está intacta.`,
    head: (p: P) =>
      `Última entrada: ${p.id}, hash ${p.hash}. Anote este hash fuera de Vigía: solo así se nota si alguien borra las últimas entradas.`,
    broken: (p: P) =>
      `El historial fue alterado. Primera entrada rota: ${p.id} (${p.at}; ${p.action} de ${p.entity} ${p.entityId}, por ${p.actor}): ${p.reason}`,
    checkedBefore: (p: P) => `Las ${p.checked} entradas anteriores están intactas.`,
    reasons: {
      'content-altered': () => 'su contenido ya no corresponde a su hash: se modificó después de escribirse.',
      'link-broken': (p: P) =>
        p.previousId === null || p.previousId === undefined
          ? 'debería ser la primera de la cadena y no lo es: se borraron entradas anteriores.'
          : `no enlaza con la entrada anterior (${p.previousId}): esa entrada se modificó y se recalculó su hash, o se borraron o insertaron entradas entre ambas.`,
      'missing-hash': () => 'no tiene hash: se escribió sin pasar por Vigía.',
    } satisfies Record<ChainBreakReason, (p: P) => string>,
  },
  page: {
    title: (p: P) => `Historial del compromiso ${p.number}. ${p.title}`,
    heading: (p: P) => `Historial de cambios del compromiso ${p.number}`,
    description: (p: P) => `Los cambios publicados del compromiso ${p.number}, con el valor anterior y el nuevo de cada campo.`,
    intro:
      'Cada cambio publicado de este compromiso, del más reciente al más antiguo: cuándo, de dónde vino y, campo por campo, el valor anterior y el nuevo. Las evaluaciones en borrador no se muestran. El historial es una cadena de registros sellados: una modificación posterior se detecta.',
    none: 'Todavía no hay cambios publicados de este compromiso.',
    linkFromCommitment: 'Historial de cambios',
    backToCommitment: 'Volver al compromiso',
    feed: 'Suscribirse a los cambios (Atom)',
    operationHeading: (p: P) => `${p.when} · ${p.source}`,
    caption: (p: P) => `Cambios del ${p.when}`,
    utc: (p: P) => `${p.time} UTC`,
    sources: {
      import: 'Importación de un reporte',
      cli: 'Línea de comandos de Vigía',
      person: 'Una persona usuaria de Vigía',
      system: 'Vigía (proceso automático)',
    },
    columnField: 'Campo',
    columnBefore: 'Antes',
    columnAfter: 'Después',
    actions: {
      create: (p: P) => `Se añadió: ${p.record}`,
      update: (p: P) => `Se modificó: ${p.record}`,
      delete: (p: P) => `Se eliminó: ${p.record}`,
    },
    records: {
      commitments: 'la ficha del compromiso',
      commitment_agencies: 'la entidad responsable',
      commitment_contacts: 'la persona responsable',
      activity: (p: P) => (p.number === null || p.number === undefined ? 'una actividad' : `la actividad ${p.number}`),
      evidence: (p: P) => (p.name ? `la evidencia «${p.name}»` : 'una evidencia'),
      sources: (p: P) => (p.name ? `la fuente «${p.name}»` : 'una fuente'),
      assessment: (p: P) => (p.round ? `la evaluación: ${p.round}` : 'una evaluación'),
      indicator: (p: P) => (p.name ? `el indicador «${p.name}»` : 'un indicador'),
      measurement: (p: P) => (p.name ? `una medición del indicador «${p.name}»` : 'una medición de un indicador'),
    },
    empty: '(vacío)',
    fullText: 'Ver el texto completo',
    commitmentItself: 'el compromiso (ninguna actividad)',
    activityNumber: (p: P) => `Actividad ${p.number}`,
    pages: 'Páginas del historial',
    newer: 'Cambios más recientes',
    older: 'Cambios anteriores',
    pageOf: (p: P) => `Página ${p.page} de ${p.count}`,
  },
  /** Field names the commitment's ficha does not have (those it has come from messages().fields). */
  fields: {
    number: 'Número',
    title: 'Título',
    theme: 'Tema',
    otherFields: 'Otros campos de la ficha',
    unit: 'Unidad',
    validFrom: 'Vigente desde',
    validTo: 'Vigente hasta',
    details: 'Detalle',
    deliverable: 'Entregable',
    plannedStart: 'Inicio previsto',
    plannedEnd: 'Término previsto',
    weight: 'Peso',
    status: 'Estado',
    evidenceKind: 'Tipo de evidencia',
    url: 'Enlace',
    description: 'Descripción',
    activity: 'Actividad',
    sourceText: 'Texto de la fuente',
    docNumber: 'Número del documento',
    issuingAgency: 'Entidad emisora',
    documentDate: 'Fecha del documento',
    reasons: 'Razones',
  },
  activityStatuses: { 'not-started': 'No iniciada', 'in-progress': 'En curso', done: 'Concluida', cancelled: 'Cancelada' } satisfies Record<
    ActivityStatus,
    string
  >,
  evidenceKinds: { url: 'Enlace', file: 'Archivo', text: 'Referencia escrita' } satisfies Record<EvidenceKind, string>,
};

export type HistoryMessages = typeof es;

const en: HistoryMessages = {
  cli: {
    auditDescription: 'History of changes (the audit log).',
    verifySummary: 'Checks that nobody altered the history.',
    verifyDescription:
      'Checks the history’s hash chain from the first entry and names the first altered one. Exit status: 0 intact, 1 altered (or could not be checked), 2 wrong usage.',
    checking: (p: P) => `Checking the history in ${p.location}…`,
    empty: 'The history is empty: nothing to check.',
    ok: (p: P) => `History intact: ${p.checked} entries checked, the hash chain is unbroken.`,
    head: (p: P) => `Last entry: ${p.id}, hash ${p.hash}. Keep this hash outside Vigía: only then does removing the last entries show.`,
    broken: (p: P) =>
      `The history was altered. First broken entry: ${p.id} (${p.at}; ${p.action} of ${p.entity} ${p.entityId}, by ${p.actor}): ${p.reason}`,
    checkedBefore: (p: P) => `The ${p.checked} entries before it are intact.`,
    reasons: {
      'content-altered': () => 'its content no longer matches its hash: it was changed after it was written.',
      'link-broken': (p: P) =>
        p.previousId === null || p.previousId === undefined
          ? 'it should be the first of the chain and is not: earlier entries were removed.'
          : `it does not link to the entry before it (${p.previousId}): that entry was changed and re-hashed, or entries between the two were removed or inserted.`,
      'missing-hash': () => 'it has no hash: it was written around Vigía.',
    },
  },
  page: {
    title: (p: P) => `History of commitment ${p.number}. ${p.title}`,
    heading: (p: P) => `History of changes to commitment ${p.number}`,
    description: (p: P) => `The published changes to commitment ${p.number}, with each field’s previous and new value.`,
    intro:
      'Every published change to this commitment, newest first: when, where it came from and, field by field, the previous and the new value. Draft assessments are not shown. The history is a chain of sealed records: a later alteration is detected.',
    none: 'There are no published changes to this commitment yet.',
    linkFromCommitment: 'History of changes',
    backToCommitment: 'Back to the commitment',
    feed: 'Subscribe to the changes (Atom)',
    operationHeading: (p: P) => `${p.when} · ${p.source}`,
    caption: (p: P) => `Changes of ${p.when}`,
    utc: (p: P) => `${p.time} UTC`,
    sources: {
      import: 'Import of a report',
      cli: 'Vigía’s command line',
      person: 'A person using Vigía',
      system: 'Vigía (automatic process)',
    },
    columnField: 'Field',
    columnBefore: 'Before',
    columnAfter: 'After',
    actions: { create: (p: P) => `Added: ${p.record}`, update: (p: P) => `Changed: ${p.record}`, delete: (p: P) => `Removed: ${p.record}` },
    records: {
      commitments: 'the commitment’s ficha',
      commitment_agencies: 'the lead agency',
      commitment_contacts: 'the responsible person',
      activity: (p: P) => (p.number === null || p.number === undefined ? 'an activity' : `activity ${p.number}`),
      evidence: (p: P) => (p.name ? `the evidence “${p.name}”` : 'a piece of evidence'),
      sources: (p: P) => (p.name ? `the source “${p.name}”` : 'a source'),
      assessment: (p: P) => (p.round ? `the assessment: ${p.round}` : 'an assessment'),
      indicator: (p: P) => (p.name ? `the indicator “${p.name}”` : 'an indicator'),
      measurement: (p: P) => (p.name ? `a measurement of the indicator “${p.name}”` : 'a measurement of an indicator'),
    },
    empty: '(empty)',
    fullText: 'Show the full text',
    commitmentItself: 'the commitment (no activity)',
    activityNumber: (p: P) => `Activity ${p.number}`,
    pages: 'Pages of the history',
    newer: 'Newer changes',
    older: 'Older changes',
    pageOf: (p: P) => `Page ${p.page} of ${p.count}`,
  },
  fields: {
    number: 'Number',
    title: 'Title',
    theme: 'Theme',
    otherFields: 'Other fields of the ficha',
    unit: 'Unit',
    validFrom: 'Valid from',
    validTo: 'Valid until',
    details: 'Details',
    deliverable: 'Deliverable',
    plannedStart: 'Planned start',
    plannedEnd: 'Planned end',
    weight: 'Weight',
    status: 'Status',
    evidenceKind: 'Kind of evidence',
    url: 'Link',
    description: 'Description',
    activity: 'Activity',
    sourceText: 'Text of the source',
    docNumber: 'Document number',
    issuingAgency: 'Issuing agency',
    documentDate: 'Document date',
    reasons: 'Reasons',
  },
  activityStatuses: { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', cancelled: 'Cancelled' },
  evidenceKinds: { url: 'Link', file: 'File', text: 'Written reference' },
};

export const historyMessages: Record<Lang, HistoryMessages> = { es, en };
