import type { StageRefusal } from '../domain/plan-stages.js';
import type { PlanStatus } from '../domain/types.js';
import type { Lang } from './lang.js';

/**
 * Governments, plans and themes in the workspace (issue 19), in Spanish and English (the type makes
 * both have every key): the labels of their fields, their own error codes, the pages and the API.
 */
const statusEs: Record<PlanStatus, string> = {
  draft: 'borrador',
  consultation: 'en consulta',
  approved: 'aprobado',
  active: 'en ejecución',
  completed: 'concluido',
};
const statusEn: Record<PlanStatus, string> = {
  draft: 'draft',
  consultation: 'in consultation',
  approved: 'approved',
  active: 'in implementation',
  completed: 'completed',
};

const es = {
  labels: {
    governmentNameEs: 'Nombre (español)',
    governmentNameEn: 'Nombre (inglés)',
    governmentKind: 'Tipo de gobierno',
    countryCode: 'Código del país (dos letras, ISO 3166)',
    languages: 'Idiomas',
    planTitleEs: 'Título del plan (español)',
    planTitleEn: 'Título del plan (inglés)',
    planLang: 'Idioma principal del plan',
    periodStart: 'Año de inicio',
    periodEnd: 'Año de término',
    stage: 'Etapa',
    approvalInstrument: 'Instrumento de aprobación',
    approvalDate: 'Fecha de aprobación',
    correctedStage: 'Etapa correcta',
    correctionReason: 'Motivo de la corrección',
    themeTitleEs: 'Título del eje (español)',
    themeTitleEn: 'Título del eje (inglés)',
    direction: 'Dirección',
    theme: 'Eje',
  } as Record<string, string>,
  errors: {
    stage_refused: (_label: string, _limit?: number, param?: string) => stageText('es', param),
    not_empty: (_label: string, limit?: number) =>
      limit === 1
        ? 'El eje tiene 1 compromiso: muévalo a otro eje antes de eliminarlo.'
        : `El eje tiene ${limit} compromisos: muévalos a otro eje antes de eliminarlo.`,
    name_taken: (label: string) => `«${label}»: ya hay un gobierno con ese nombre.`,
  },
  stages: statusEs,
  refusals: {
    same_stage: 'El plan ya está en esa etapa.',
    backwards: (from: string, to: string) =>
      `Un plan no vuelve atrás: está ${from} y no puede pasar a ${to}. Lo que el público leyó como aprobado o consultó no vuelve a ser borrador; un cambio a un plan aprobado es una modificación con su motivo.`,
    skips_stage: (from: string, to: string, next: string) =>
      `Un plan avanza una etapa a la vez: está ${from}, la siguiente es «${next}», no «${to}».`,
    no_commitments: 'El plan aún no tiene compromisos: agréguelos (o apruebe los de la cocreación) antes de consultarlo o aprobarlo.',
    no_open_consultation:
      'Para pasar a «en consulta» debe haber una consulta pública del borrador abierta hoy: ábrala en «Consultas» y vuelva aquí.',
    not_from_file:
      'Solo se corrige la etapa que dio un archivo importado: la de este plan la fijó Vigía al pasarlo de etapa, y un plan no vuelve atrás.',
    not_correctable: (to: string) =>
      `Una corrección no lleva un plan a «${to}»: a borrador y a consulta se llega creando y consultando un plan. Elija aprobado, en ejecución o concluido.`,
  },
  apiOps: {
    adminListGovernments: 'Los gobiernos: nombre en cada idioma, tipo, país, idiomas, feriados y planes.',
    adminCreateGovernment:
      'Crea un gobierno: nombre en cada uno de sus idiomas (governmentNameEs, governmentNameEn), tipo (national | local), país (countryCode), idiomas (languages: es | en | es,en | en,es; el principal primero).',
    adminUpdateGovernment: 'Cambia un gobierno: los mismos campos que al crearlo.',
    adminAddGovernmentHoliday: 'Agrega un feriado del gobierno (holidayDate, holidayName): los plazos de las alertas no lo cuentan.',
    adminRemoveGovernmentHoliday: 'Quita un feriado del gobierno.',
    createPlan:
      'Crea un plan del gobierno de quien coordina, en borrador: título en cada idioma del gobierno (planTitleEs, planTitleEn), periodo (periodStart, periodEnd), idioma principal (planLang).',
    getPlanSetup:
      'Un plan como lo ve su coordinación: títulos, periodo, etapa, ejes con sus compromisos, consultas del borrador y a qué etapas puede pasar.',
    updatePlan: 'Corrige el título (en cada idioma), el idioma principal y el periodo de un plan (también uno importado).',
    movePlanStage:
      'Pasa el plan a otra etapa (stage: consultation | approved | active | completed); a approved con approvalInstrument y approvalDate. Volver atrás se rechaza con el motivo.',
    correctPlanStage:
      'Corrige la etapa que dio un archivo a un plan importado, también hacia atrás (correctedStage: approved | active | completed; correctionReason obligatorio; approvalInstrument y approvalDate opcionales). Se rechaza si Vigía ya movió la etapa del plan.',
    addTheme: 'Agrega un eje al final del plan, con su título en cada idioma (themeTitleEs, themeTitleEn).',
    renameTheme: 'Cambia el título de un eje en cada idioma.',
    moveTheme: 'Sube o baja un eje un lugar (direction: up | down).',
    removeTheme: 'Elimina un eje sin compromisos (uno con compromisos responde 400 y dice cuántos).',
  },
  governments: {
    title: 'Gobiernos',
    intro:
      'Cada gobierno tiene su nombre en cada uno de sus idiomas, su tipo, su país y sus feriados (los plazos de respuesta a las alertas no cuentan los feriados). Sus planes los crea su coordinación.',
    caption: 'Gobiernos',
    none: 'Aún no hay gobiernos.',
    columns: { name: 'Nombre', kind: 'Tipo', country: 'País', languages: 'Idiomas', plans: 'Planes' },
    kinds: { national: 'Nacional', local: 'Local' } as Record<string, string>,
    languageSets: {
      es: 'Español',
      en: 'Inglés',
      'es,en': 'Español e inglés (principal: español)',
      'en,es': 'Inglés y español (principal: inglés)',
    } as Record<string, string>,
    languageNames: { es: 'español', en: 'inglés' } as Record<string, string>,
    createTitle: 'Crear un gobierno',
    create: 'Crear el gobierno',
    edit: 'Editar',
    editTitle: (name: string) => `Gobierno: ${name}`,
    save: 'Guardar los cambios',
    namesHint: 'Escriba el nombre en cada idioma elegido.',
    holidaysTitle: 'Feriados',
    holidaysCaption: 'Feriados del gobierno',
    noHolidays: 'Aún no hay feriados.',
    addHoliday: 'Agregar el feriado',
    removeHoliday: 'Quitar',
    back: 'Volver a los gobiernos',
    created: 'Gobierno creado.',
    saved: 'Cambios guardados.',
  },
  plan: {
    listTitle: 'Planes de acción',
    none: 'Su gobierno aún no tiene planes.',
    newLink: 'Crear un plan',
    newTitle: 'Crear un plan de acción',
    newIntro: (government: string) =>
      `El plan de ${government} empieza en borrador: solo el espacio de trabajo lo ve hasta que pase a «en consulta». Escriba su título en cada idioma del gobierno.`,
    create: 'Crear el plan',
    pageTitle: (title: string) => `Plan: ${title}`,
    stageNow: 'Etapa actual',
    draftNote: 'En borrador: el público no ve este plan.',
    publicDraftNote: 'El público ve este plan marcado como borrador hasta que se apruebe.',
    approvedBy: (instrument: string, date: string) => `Aprobado por ${instrument}, el ${date}.`,
    editTitle: 'Título, idioma y periodo',
    save: 'Guardar los cambios',
    stageTitle: 'Etapa del plan',
    stageIntro:
      'Un plan avanza: borrador → en consulta → aprobado → en ejecución → concluido (un borrador puede aprobarse directamente si se consultó fuera de Vigía). No vuelve atrás.',
    moveTo: (stage: string) => `Pasar a «${stage}»`,
    approveHint: 'Por ejemplo: «Resolución Ministerial N° 176-2015-PCM».',
    lastStage: 'El plan concluyó: ya no cambia de etapa.',
    lastStageImported: 'El plan concluyó según el archivo importado; si el archivo se equivocó, corrija la etapa aquí abajo.',
    correctTitle: 'Corregir la etapa importada',
    correctIntro:
      'La etapa de este plan vino del archivo importado. Si el archivo se equivocó, corríjala aquí, también hacia atrás, con el motivo: la corrección queda en el registro y en la página pública del plan. Cuando Vigía pase el plan de etapa, ya no se podrá corregir.',
    correct: 'Corregir la etapa',
    correctionsTitle: 'Correcciones de la etapa',
    correction: (from: string, to: string, date: string) => `${date}: de «${from}» a «${to}».`,
    correctedNote: (from: string, date: string, reason: string) => `etapa corregida el ${date}, antes «${from}»: ${reason}`,
    consultationsTitle: 'Consulta pública del borrador',
    consultationsNone: 'Aún no hay consultas del borrador.',
    consultationsOpen: 'abierta hoy',
    consultationsClosed: 'no abierta hoy',
    consultationsManage: 'Abrir o moderar las consultas',
    cocreationLink: 'Cocreación: convocatoria, talleres, propuestas',
    publicLink: 'Ver la página pública',
    themesTitle: 'Ejes',
    themesCaption: 'Ejes del plan, en orden',
    themesNone: 'El plan aún no tiene ejes.',
    themeCommitments: 'Compromisos',
    addTheme: 'Agregar el eje',
    addThemeTitle: 'Agregar un eje',
    rename: 'Cambiar el título',
    up: 'Subir',
    down: 'Bajar',
    remove: 'Eliminar',
    removeHeld: 'Tiene compromisos: no se puede eliminar.',
    themeTitle: (n: number) => `Eje ${n}`,
    commitments: (n: number) => (n === 1 ? '1 compromiso' : `${n} compromisos`),
    saved: 'Cambios guardados.',
  },
  publicDraft: 'Borrador: este plan aún no está aprobado.',
  cli: {
    planNewDescription: 'Crea un plan de acción en borrador (gobierno, título, periodo).',
    planStageDescription: 'Pasa un plan a otra etapa: consultation, approved (con --instrument y --date), active, completed.',
    themeAddDescription: 'Agrega un eje a un plan.',
    planCorrectDescription:
      'Corrige la etapa que el archivo dio a un plan importado (también hacia atrás), con su motivo (--reason, obligatorio); puede corregir también el instrumento y la fecha de aprobación.',
    optReason: 'el motivo de la corrección (obligatorio)',
    optGovernment: 'el gobierno (su id o su nombre)',
    optTitle: 'el título en el idioma principal del gobierno',
    optTitleEs: 'el título en español',
    optTitleEn: 'el título en inglés',
    optStart: 'año de inicio',
    optEnd: 'año de término',
    optPlanId: 'el id del plan',
    optInstrument: 'el instrumento de aprobación',
    optDate: 'la fecha de aprobación (AAAA-MM-DD)',
    optJson: 'escribe el resultado como JSON',
    unknownGovernment: (g: string) => `--government: no hay un gobierno «${g}».`,
    notANumber: (option: string) => `${option}: escriba un número entero.`,
    created: (what: string, id: number) => `${what} creado: id ${id}.`,
    planWord: 'Plan',
    themeWord: 'Eje',
    moved: (id: number, stage: string) => `Plan ${id}: ahora ${stage}.`,
    corrected: (id: number, stage: string) => `Plan ${id}: etapa corregida a ${stage}.`,
  },
};

export type PlanMessages = typeof es;

const en: PlanMessages = {
  labels: {
    governmentNameEs: 'Name (Spanish)',
    governmentNameEn: 'Name (English)',
    governmentKind: 'Kind of government',
    countryCode: 'Country code (two letters, ISO 3166)',
    languages: 'Languages',
    planTitleEs: 'Title of the plan (Spanish)',
    planTitleEn: 'Title of the plan (English)',
    planLang: 'Main language of the plan',
    periodStart: 'Start year',
    periodEnd: 'End year',
    stage: 'Stage',
    approvalInstrument: 'Approval instrument',
    approvalDate: 'Date of approval',
    correctedStage: 'Correct stage',
    correctionReason: 'Reason for the correction',
    themeTitleEs: 'Title of the theme (Spanish)',
    themeTitleEn: 'Title of the theme (English)',
    direction: 'Direction',
    theme: 'Theme',
  },
  errors: {
    stage_refused: (_label: string, _limit?: number, param?: string) => stageText('en', param),
    not_empty: (_label: string, limit?: number) =>
      limit === 1
        ? 'The theme holds 1 commitment: move it to another theme before removing it.'
        : `The theme holds ${limit} commitments: move them to another theme before removing it.`,
    name_taken: (label: string) => `“${label}”: there is already a government with that name.`,
  },
  stages: statusEn,
  refusals: {
    same_stage: 'The plan is at that stage already.',
    backwards: (from: string, to: string) =>
      `A plan does not go back: it is ${from} and cannot become ${to}. What the public read as approved, or was consulted on, does not become a draft again; a change to an approved plan is a modification with its reason.`,
    skips_stage: (from: string, to: string, next: string) =>
      `A plan moves one stage at a time: it is ${from}, the next stage is “${next}”, not “${to}”.`,
    no_commitments: 'The plan has no commitments yet: add them (or approve those of co-creation) before consulting on it or approving it.',
    no_open_consultation:
      'To move to “in consultation” a public consultation of the draft must be open today: open it under “Consultations” and come back here.',
    not_from_file:
      'Only the stage an imported file gave can be corrected: this plan’s stage was set by Vigía when it moved the plan, and a plan does not go back.',
    not_correctable: (to: string) =>
      `A correction does not take a plan to “${to}”: draft and consultation are reached by creating and consulting a plan. Choose approved, in implementation or completed.`,
  },
  apiOps: {
    adminListGovernments: 'The governments: name in each language, kind, country, languages, holidays and plans.',
    adminCreateGovernment:
      'Creates a government: name in each of its languages (governmentNameEs, governmentNameEn), kind (national | local), country (countryCode), languages (languages: es | en | es,en | en,es; the main one first).',
    adminUpdateGovernment: 'Changes a government: the same fields as when creating it.',
    adminAddGovernmentHoliday: 'Adds a holiday of the government (holidayDate, holidayName): alert deadlines do not count it.',
    adminRemoveGovernmentHoliday: 'Removes a holiday of the government.',
    createPlan:
      "Creates a plan of the coordinator's government, in draft: title in each of the government's languages (planTitleEs, planTitleEn), period (periodStart, periodEnd), main language (planLang).",
    getPlanSetup:
      'A plan as its coordination sees it: titles, period, stage, themes with their commitments, consultations of the draft and the stages it may move to.',
    updatePlan: 'Corrects the title (in each language), the main language and the period of a plan (an imported one too).',
    movePlanStage:
      'Moves the plan to another stage (stage: consultation | approved | active | completed); to approved with approvalInstrument and approvalDate. Going back is refused with the reason.',
    correctPlanStage:
      'Corrects the stage a file gave an imported plan, backwards too (correctedStage: approved | active | completed; correctionReason required; approvalInstrument and approvalDate optional). Refused once Vigía has moved the plan’s stage.',
    addTheme: 'Adds a theme at the end of the plan, with its title in each language (themeTitleEs, themeTitleEn).',
    renameTheme: "Changes a theme's title in each language.",
    moveTheme: 'Moves a theme one place up or down (direction: up | down).',
    removeTheme: 'Removes a theme without commitments (one with commitments answers 400 saying how many).',
  },
  governments: {
    title: 'Governments',
    intro:
      'Each government has its name in each of its languages, its kind, its country and its holidays (alert answer deadlines do not count holidays). Its plans are created by its coordination.',
    caption: 'Governments',
    none: 'No governments yet.',
    columns: { name: 'Name', kind: 'Kind', country: 'Country', languages: 'Languages', plans: 'Plans' },
    kinds: { national: 'National', local: 'Local' },
    languageSets: {
      es: 'Spanish',
      en: 'English',
      'es,en': 'Spanish and English (main: Spanish)',
      'en,es': 'English and Spanish (main: English)',
    },
    languageNames: { es: 'Spanish', en: 'English' },
    createTitle: 'Create a government',
    create: 'Create the government',
    edit: 'Edit',
    editTitle: (name: string) => `Government: ${name}`,
    save: 'Save the changes',
    namesHint: 'Write the name in each language chosen.',
    holidaysTitle: 'Holidays',
    holidaysCaption: 'Holidays of the government',
    noHolidays: 'No holidays yet.',
    addHoliday: 'Add the holiday',
    removeHoliday: 'Remove',
    back: 'Back to the governments',
    created: 'Government created.',
    saved: 'Changes saved.',
  },
  plan: {
    listTitle: 'Action plans',
    none: 'Your government has no plans yet.',
    newLink: 'Create a plan',
    newTitle: 'Create an action plan',
    newIntro: (government: string) =>
      `The plan of ${government} starts as a draft: only the workspace sees it until it moves to “in consultation”. Write its title in each of the government's languages.`,
    create: 'Create the plan',
    pageTitle: (title: string) => `Plan: ${title}`,
    stageNow: 'Current stage',
    draftNote: 'Draft: the public does not see this plan.',
    publicDraftNote: 'The public sees this plan marked as a draft until it is approved.',
    approvedBy: (instrument: string, date: string) => `Approved by ${instrument}, on ${date}.`,
    editTitle: 'Title, language and period',
    save: 'Save the changes',
    stageTitle: 'Stage of the plan',
    stageIntro:
      'A plan moves forward: draft → in consultation → approved → in implementation → completed (a draft may be approved directly if it was consulted on outside Vigía). It does not go back.',
    moveTo: (stage: string) => `Move to “${stage}”`,
    approveHint: 'For example: “Resolución Ministerial N° 176-2015-PCM”.',
    lastStage: 'The plan is completed: its stage no longer changes.',
    lastStageImported: 'The plan is completed according to the imported file; if the file was wrong, correct the stage below.',
    correctTitle: 'Correct the imported stage',
    correctIntro:
      'This plan’s stage came from the imported file. If the file was wrong, correct it here, backwards too, with the reason: the correction is kept in the log and on the plan’s public page. Once Vigía moves the plan to another stage, it can no longer be corrected.',
    correct: 'Correct the stage',
    correctionsTitle: 'Corrections of the stage',
    correction: (from: string, to: string, date: string) => `${date}: from “${from}” to “${to}”.`,
    correctedNote: (from: string, date: string, reason: string) => `stage corrected on ${date}, before “${from}”: ${reason}`,
    consultationsTitle: 'Public consultation of the draft',
    consultationsNone: 'No consultation of the draft yet.',
    consultationsOpen: 'open today',
    consultationsClosed: 'not open today',
    consultationsManage: 'Open or moderate the consultations',
    cocreationLink: 'Co-creation: call, workshops, proposals',
    publicLink: 'See the public page',
    themesTitle: 'Themes',
    themesCaption: 'Themes of the plan, in order',
    themesNone: 'The plan has no themes yet.',
    themeCommitments: 'Commitments',
    addTheme: 'Add the theme',
    addThemeTitle: 'Add a theme',
    rename: 'Change the title',
    up: 'Move up',
    down: 'Move down',
    remove: 'Remove',
    removeHeld: 'Holds commitments: cannot be removed.',
    themeTitle: (n: number) => `Theme ${n}`,
    commitments: (n: number) => (n === 1 ? '1 commitment' : `${n} commitments`),
    saved: 'Changes saved.',
  },
  publicDraft: 'Draft: this plan is not approved yet.',
  cli: {
    planNewDescription: 'Creates an action plan in draft (government, title, period).',
    planStageDescription: 'Moves a plan to another stage: consultation, approved (with --instrument and --date), active, completed.',
    themeAddDescription: 'Adds a theme to a plan.',
    planCorrectDescription:
      'Corrects the stage the file gave an imported plan (backwards too), with its reason (--reason, required); may also correct the approval instrument and date.',
    optReason: 'why the stage is corrected (required)',
    optGovernment: 'the government (its id or its name)',
    optTitle: "the title in the government's main language",
    optTitleEs: 'the title in Spanish',
    optTitleEn: 'the title in English',
    optStart: 'start year',
    optEnd: 'end year',
    optPlanId: 'the id of the plan',
    optInstrument: 'the approval instrument',
    optDate: 'the date of approval (YYYY-MM-DD)',
    optJson: 'write the result as JSON',
    unknownGovernment: (g: string) => `--government: there is no government “${g}”.`,
    notANumber: (option: string) => `${option}: write a whole number.`,
    created: (what: string, id: number) => `${what} created: id ${id}.`,
    planWord: 'Plan',
    themeWord: 'Theme',
    moved: (id: number, stage: string) => `Plan ${id}: now ${stage}.`,
    corrected: (id: number, stage: string) => `Plan ${id}: stage corrected to ${stage}.`,
  },
};

export const planMessages: Record<Lang, PlanMessages> = { es, en };

/** A refusal of domain/plan-stages.ts in words: why the plan may not move. */
export function stageRefusalText(lang: Lang, r: StageRefusal): string {
  const m = planMessages[lang];
  const s = m.stages;
  switch (r.code) {
    case 'backwards':
      return m.refusals.backwards(s[r.from], s[r.to]);
    case 'skips_stage':
      return m.refusals.skips_stage(s[r.from], s[r.to], s[r.next]);
    case 'approval_missing':
      return lang === 'es'
        ? `Complete «${m.labels[r.field === 'instrument' ? 'approvalInstrument' : 'approvalDate']}».`
        : `Fill in “${m.labels[r.field === 'instrument' ? 'approvalInstrument' : 'approvalDate']}”.`;
    default:
      return m.refusals[r.code];
  }
}

/** The refusal carried in a field error's param ("backwards:approved:draft") in words. */
function stageText(lang: Lang, param = ''): string {
  const [code, from, to, next] = param.split(':') as [string, PlanStatus, PlanStatus, PlanStatus];
  if (code === 'backwards') return stageRefusalText(lang, { code, from, to });
  if (code === 'skips_stage') return stageRefusalText(lang, { code, from, to, next });
  if (code === 'same_stage' || code === 'no_commitments' || code === 'no_open_consultation') return stageRefusalText(lang, { code });
  if (code === 'not_from_file') return planMessages[lang].refusals.not_from_file;
  if (code === 'not_correctable') return planMessages[lang].refusals.not_correctable(planMessages[lang].stages[from]);
  return planMessages[lang].refusals.same_stage;
}
