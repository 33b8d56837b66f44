import type { Lang } from './lang.js';

/**
 * Words of the browser import of a report or plan and of the agency merge (issue 19). Kept apart from
 * es.ts / en.ts; the same rule holds: every Spanish key exists in English (the type says so).
 */

const es = {
  /** The JSON API's operations, as the OpenAPI document and /api/docs describe them. */
  apiOps: {
    previewImport:
      'Sube un reporte o plan de Word (.docx, o su exportación .txt): lo que su importación haría, y una ficha para confirmarla.',
    confirmImport:
      'Importa lo que mostró una vista previa, con su ficha (esta sesión, dentro de 30 minutos); 409 con una vista previa nueva si la base de datos cambió.',
    previewAgencyMerge: 'Lo que pasaría al fusionar la entidad `merged` en la entidad `kept` (registros por tabla, compromisos, editores).',
    mergeAgencies:
      'Fusiona la entidad `merged` en la entidad `kept` (mismo gobierno): toda referencia pasa a `kept` y `merged` se elimina.',
  },
  homeTitle: 'Planes importados',
  importLink: 'Importar un informe o plan de Word',
  mergeLink: 'Fusionar dos entidades que son la misma',
  import: {
    title: 'Importar un informe o plan',
    intro:
      'Suba el documento de Word (.docx) o su exportación como texto (.txt). Primero verá lo que se importará: nada se guarda hasta que lo confirme. Es la misma lectura que el comando «vigia import».',
    fileLabel: 'Documento',
    fileHint: (mb: number) =>
      `Word (.docx) o texto exportado de Word (.txt); hasta ${mb} MB. Se comprueba su contenido: no se aceptan documentos con macros ni contenido activo.`,
    governmentLabel: 'Gobierno',
    governmentHint: 'El plan se importa en este gobierno.',
    governmentFromReport: 'El que nombra el documento',
    yourGovernment: (name: string) => `El plan se importará en su gobierno: ${name}.`,
    submit: 'Ver qué se importará',
    fast: 'Leer e importar un informe como el de 2015–2016 toma menos de un segundo.',
    previewTitle: 'Vista previa de la importación',
    previewIntro: (file: string) => `Esto es lo que haría importar «${file}». Todavía no se ha guardado nada.`,
    planHeading: 'Plan',
    newPlan: 'Se creará un plan nuevo.',
    existingPlan: 'El plan ya existe: se actualizará en su lugar.',
    labels: {
      title: 'Título',
      government: 'Gobierno',
      period: 'Periodo',
      language: 'Idioma',
      status: 'Estado',
      approval: 'Aprobación',
    },
    languages: { es: 'Español', en: 'Inglés' } as Record<string, string>,
    statuses: { draft: 'Borrador', active: 'En ejecución', completed: 'Concluido' } as Record<string, string>,
    countsHeading: 'Lo que trae el documento',
    counts: {
      themes: 'Temas',
      commitments: 'Compromisos',
      activities: 'Actividades',
      evidence: 'Evidencias (enlaces)',
      sources: 'Fuentes',
      rounds: 'Evaluaciones',
    },
    themesCaption: 'Temas y número de compromisos',
    themeColumn: 'Tema',
    commitmentsColumn: 'Compromisos',
    agenciesHeading: 'Entidades responsables',
    agencyNew: 'nueva',
    agencyKnown: 'ya registrada',
    changesHeading: 'Cambios en la base de datos',
    changesCaption: 'Registros por tipo',
    changesColumns: { entity: 'Tipo de registro', inserted: 'Nuevos', updated: 'Cambiados', deleted: 'Eliminados' },
    total: (n: number) => (n === 1 ? 'En total, 1 cambio.' : `En total, ${n} cambios.`),
    noChanges: 'La base de datos ya tiene exactamente este documento: importarlo no cambiaría nada.',
    rowChangesHeading: 'Registros existentes que cambiarían',
    rowChange: (entity: string, id: number, commitment: number | null, fields: string[], removed: boolean) =>
      `${entity} ${id}${commitment !== null ? ` (compromiso ${commitment})` : ''}: ${removed ? 'se elimina' : fields.join(', ')}`,
    kept: (numbers: string) => `Compromisos que están en la base de datos y no en el documento (se conservan, no se eliminan): ${numbers}.`,
    warningsHeading: (n: number) => (n === 1 ? '1 advertencia' : `${n} advertencias`),
    noWarnings: 'El documento no tiene advertencias.',
    warningsIntro: 'Lo que el documento dice de dos maneras distintas; cada advertencia nombra el compromiso y la línea.',
    confirm: 'Importar',
    confirmHint: (minutes: number) => `Esta vista previa vale ${minutes} minutos.`,
    cancel: 'Volver sin importar',
    done: (n: number) => `Importado (${n === 1 ? '1 cambio' : `${n} cambios`}).`,
    openPlan: 'Ver el plan',
    stale: 'La base de datos cambió desde la vista previa: esto es lo que haría importar el documento ahora. Revíselo y confirme de nuevo.',
    refusals: {
      report_extension: (p: Record<string, string>) =>
        `${p.extension ? `No se importan archivos «.${p.extension}»` : `El nombre «${p.name}» no termina en una extensión`}: se importan documentos de Word (.docx) y su exportación como texto (.txt)`,
      token_invalid: () =>
        'La confirmación no corresponde a una vista previa de esta sesión (falta, fue alterada o es de otra persona). Suba el documento de nuevo.',
      token_expired: () => 'La vista previa venció: suba el documento de nuevo para ver qué se importará.',
      file_gone: () => 'El documento de la vista previa ya no está guardado en el servidor: súbalo de nuevo.',
    } as Record<'report_extension' | 'token_invalid' | 'token_expired' | 'file_gone', (p: Record<string, string>) => string>,
  },
  merge: {
    title: 'Fusionar dos entidades',
    intro:
      'Cuando dos entidades son el mismo organismo (por ejemplo «Ministerio X» y «Ministerio X - OSCE», escritas así por dos importaciones), se fusionan: todo lo que nombra a la entidad que se fusiona pasa a la que se conserva — el historial de entidades responsables de sus compromisos, las cuentas de sus editores, indicadores y alertas —, y la primera se elimina. Los editores de ambas podrán editar los compromisos de la que se conserva.',
    mergedLabel: 'Entidad que se fusiona (se elimina)',
    keptLabel: 'Entidad que se conserva',
    choose: 'Elija una entidad…',
    show: 'Ver qué se moverá',
    confirmTitle: (merged: string, kept: string) => `¿Fusionar «${merged}» en «${kept}»?`,
    moves: 'Lo que pasará a la entidad que se conserva',
    movesCaption: 'Registros que nombran a la entidad que se fusiona',
    tables: {
      commitment_agencies: 'Entradas del historial de entidades responsables',
      users: 'Cuentas de editores',
      indicators: 'Indicadores',
      alerts: 'Alertas',
      commitment_co_leads: 'Corresponsabilidades de compromisos',
      activities: 'Hitos de los que es responsable',
    } as Record<string, string>,
    tableColumn: 'Registros',
    countColumn: 'Número',
    commitmentsHeading: 'Compromisos',
    current: 'responsable ahora',
    past: 'responsable antes',
    editorsHeading: 'Editores que podrán editar los compromisos de la entidad que se conserva',
    noEditors: 'La entidad que se fusiona no tiene editores.',
    translations: (n: number) => (n === 1 ? '1 traducción de su nombre.' : `${n} traducciones de su nombre.`),
    duplicateCoLeads: (n: number) =>
      n === 1
        ? '1 corresponsabilidad se elimina: la entidad que se conserva ya es responsable o corresponsable de ese compromiso, y no figurará dos veces.'
        : `${n} corresponsabilidades se eliminan: la entidad que se conserva ya es responsable o corresponsable de esos compromisos, y no figurará dos veces.`,
    confirm: 'Fusionar',
    cancel: 'Volver sin fusionar',
    done: (kept: string) => `Entidades fusionadas: todo pasó a «${kept}».`,
    reasons: {
      same_agency: 'Es la misma entidad: elija dos entidades distintas',
      other_government: 'Las dos entidades son de gobiernos distintos: solo se fusionan entidades del mismo gobierno',
      unknown: 'No existe esa entidad',
    } as Record<string, string>,
    noAgencies: 'No hay entidades que fusionar.',
  },
};

export type WebImportMessages = typeof es;

const en: WebImportMessages = {
  apiOps: {
    previewImport: 'Upload a Word report or plan (.docx, or its .txt export): what importing it would do, and a token to confirm',
    confirmImport:
      'Import what a preview showed, with its token (this session, within 30 minutes); 409 with a new preview if the database changed',
    previewAgencyMerge: 'What merging agency `merged` into agency `kept` would move (rows by table, commitments, editors)',
    mergeAgencies: 'Merge agency `merged` into agency `kept` (same government): every reference moves, `merged` is removed',
  },
  homeTitle: 'Imported plans',
  importLink: 'Import a Word report or plan',
  mergeLink: 'Merge two agencies that are the same body',
  import: {
    title: 'Import a report or plan',
    intro:
      'Upload the Word document (.docx) or its export as text (.txt). You will first see what would be imported: nothing is saved until you confirm. It is the same reading as the “vigia import” command.',
    fileLabel: 'Document',
    fileHint: (mb: number) =>
      `Word (.docx) or text exported from Word (.txt); up to ${mb} MB. Its content is checked: documents with macros or active content are refused.`,
    governmentLabel: 'Government',
    governmentHint: 'The plan is imported into this government.',
    governmentFromReport: 'The one the document names',
    yourGovernment: (name: string) => `The plan will be imported into your government: ${name}.`,
    submit: 'See what would be imported',
    fast: 'Reading and importing a report like the 2015–2016 one takes less than a second.',
    previewTitle: 'Import preview',
    previewIntro: (file: string) => `This is what importing “${file}” would do. Nothing has been saved yet.`,
    planHeading: 'Plan',
    newPlan: 'A new plan will be created.',
    existingPlan: 'The plan exists already: it will be updated in place.',
    labels: {
      title: 'Title',
      government: 'Government',
      period: 'Period',
      language: 'Language',
      status: 'Status',
      approval: 'Approval',
    },
    languages: { es: 'Spanish', en: 'English' },
    statuses: { draft: 'Draft', active: 'Under way', completed: 'Concluded' },
    countsHeading: 'What the document holds',
    counts: {
      themes: 'Themes',
      commitments: 'Commitments',
      activities: 'Activities',
      evidence: 'Evidence (links)',
      sources: 'Sources',
      rounds: 'Assessments',
    },
    themesCaption: 'Themes and number of commitments',
    themeColumn: 'Theme',
    commitmentsColumn: 'Commitments',
    agenciesHeading: 'Lead agencies',
    agencyNew: 'new',
    agencyKnown: 'already recorded',
    changesHeading: 'Changes to the database',
    changesCaption: 'Records by kind',
    changesColumns: { entity: 'Kind of record', inserted: 'New', updated: 'Changed', deleted: 'Removed' },
    total: (n: number) => (n === 1 ? '1 change in all.' : `${n} changes in all.`),
    noChanges: 'The database holds exactly this document already: importing it would change nothing.',
    rowChangesHeading: 'Existing records that would change',
    rowChange: (entity: string, id: number, commitment: number | null, fields: string[], removed: boolean) =>
      `${entity} ${id}${commitment !== null ? ` (commitment ${commitment})` : ''}: ${removed ? 'removed' : fields.join(', ')}`,
    kept: (numbers: string) => `Commitments in the database that the document does not have (kept, not removed): ${numbers}.`,
    warningsHeading: (n: number) => (n === 1 ? '1 warning' : `${n} warnings`),
    noWarnings: 'The document has no warnings.',
    warningsIntro: 'What the document says in two different ways; each warning names the commitment and the line.',
    confirm: 'Import',
    confirmHint: (minutes: number) => `This preview is valid for ${minutes} minutes.`,
    cancel: 'Go back without importing',
    done: (n: number) => `Imported (${n === 1 ? '1 change' : `${n} changes`}).`,
    openPlan: 'See the plan',
    stale: 'The database changed since the preview: this is what importing the document would do now. Check it and confirm again.',
    refusals: {
      report_extension: (p: Record<string, string>) =>
        `${p.extension ? `“.${p.extension}” files are not imported` : `The name “${p.name}” has no extension`}: Word documents (.docx) and their export as text (.txt) are`,
      token_invalid: () =>
        'The confirmation does not belong to a preview of this session (it is missing, was altered or is someone else’s). Upload the document again.',
      token_expired: () => 'The preview has expired: upload the document again to see what would be imported.',
      file_gone: () => 'The previewed document is no longer kept on the server: upload it again.',
    },
  },
  merge: {
    title: 'Merge two agencies',
    intro:
      'When two agencies are the same body (for example “Ministerio X” and “Ministerio X - OSCE”, as two imports wrote it), merge them: everything that names the agency merged moves to the one kept — its commitments’ lead-agency history, its editors’ accounts, indicators and alerts — and the first is removed. The editors of both will then edit the kept agency’s commitments.',
    mergedLabel: 'Agency merged (removed)',
    keptLabel: 'Agency kept',
    choose: 'Choose an agency…',
    show: 'See what would move',
    confirmTitle: (merged: string, kept: string) => `Merge “${merged}” into “${kept}”?`,
    moves: 'What moves to the agency kept',
    movesCaption: 'Records that name the agency merged',
    tables: {
      commitment_agencies: 'Entries of the lead-agency history',
      users: 'Editors’ accounts',
      indicators: 'Indicators',
      alerts: 'Alerts',
      commitment_co_leads: 'Commitments it co-leads',
      activities: 'Milestones it is responsible for',
    },
    tableColumn: 'Records',
    countColumn: 'Number',
    commitmentsHeading: 'Commitments',
    current: 'lead now',
    past: 'lead before',
    editorsHeading: 'Editors who will edit the commitments of the agency kept',
    noEditors: 'The agency merged has no editors.',
    translations: (n: number) => (n === 1 ? '1 translation of its name.' : `${n} translations of its name.`),
    duplicateCoLeads: (n: number) =>
      n === 1
        ? '1 co-lead entry is removed: the agency kept already leads or co-leads that commitment, and will not be listed twice.'
        : `${n} co-lead entries are removed: the agency kept already leads or co-leads those commitments, and will not be listed twice.`,
    confirm: 'Merge',
    cancel: 'Go back without merging',
    done: (kept: string) => `Agencies merged: everything moved to “${kept}”.`,
    reasons: {
      same_agency: 'It is the same agency: choose two different agencies',
      other_government: 'The two agencies belong to different governments: only agencies of the same government are merged',
      unknown: 'There is no such agency',
    },
    noAgencies: 'There are no agencies to merge.',
  },
};

export const webImportMessages: Record<Lang, WebImportMessages> = { es, en };
