import type { Lang } from './lang.js';

/**
 * The words of the open-data downloads and the DCAT catalogue, in both languages side by side: column
 * headers, dataset titles and descriptions, keywords. Kept apart from es.ts/en.ts because a column's
 * two labels travel together (the service gives both; a download picks one).
 */
type Both = Record<Lang, string>;

export const COLUMN_LABELS = {
  plan_id: { es: 'ID del plan', en: 'Plan ID' },
  plan_title: { es: 'Plan', en: 'Plan' },
  government: { es: 'Gobierno', en: 'Government' },
  country_code: { es: 'Código de país', en: 'Country code' },
  title: { es: 'Título', en: 'Title' },
  lang: { es: 'Idioma', en: 'Language' },
  period_start: { es: 'Inicio del periodo', en: 'Period start' },
  period_end: { es: 'Fin del periodo', en: 'Period end' },
  approval_instrument: { es: 'Instrumento de aprobación', en: 'Approval instrument' },
  approval_date: { es: 'Fecha de aprobación', en: 'Approval date' },
  status: { es: 'Estado (código)', en: 'Status (code)' },
  status_label: { es: 'Estado', en: 'Status' },
  commitment_count: { es: 'Compromisos', en: 'Commitments' },
  current_round_id: { es: 'ID de la última evaluación publicada', en: 'Latest published assessment ID' },
  current_round: { es: 'Última evaluación publicada', en: 'Latest published assessment' },
  complete_pct: { es: '% Completo', en: '% Complete' },
  substantial_or_complete_pct: { es: '% Sustancial o completo', en: '% Substantial or complete' },
  updated_at: { es: 'Actualizado', en: 'Updated' },
  theme_position: { es: 'N° del tema', en: 'Theme No.' },
  theme: { es: 'Tema', en: 'Theme' },
  commitment_id: { es: 'ID del compromiso', en: 'Commitment ID' },
  number: { es: 'N°', en: 'No.' },
  commitment_number: { es: 'N° del compromiso', en: 'Commitment No.' },
  commitment_title: { es: 'Compromiso', en: 'Commitment' },
  lead_agency: { es: 'Entidad responsable', en: 'Lead agency' },
  lead_agency_acronym: { es: 'Sigla de la entidad', en: 'Agency acronym' },
  lead_agency_unit: { es: 'Unidad responsable', en: 'Responsible unit' },
  contact_name: { es: 'Persona responsable', en: 'Responsible person' },
  contact_position: { es: 'Puesto', en: 'Position' },
  contact_email: { es: 'Correo electrónico', en: 'Email' },
  contact_phone: { es: 'Teléfono', en: 'Phone' },
  other_actors_government: { es: 'Otros actores: Gobierno', en: 'Other actors: government' },
  other_actors_civil_society: {
    es: 'Otros actores: sociedad civil, sector privado, multilaterales',
    en: 'Other actors: civil society, private sector, multilaterals',
  },
  problem: { es: 'Problema que atiende', en: 'Problem addressed' },
  objective: { es: 'Objetivo principal', en: 'Main objective' },
  description: { es: 'Breve descripción', en: 'Brief description' },
  relevance: { es: 'Relevancia', en: 'Relevance' },
  ambition: { es: 'Ambición', en: 'Ambition' },
  additional_info: { es: 'Información adicional', en: 'Additional information' },
  other_fields: { es: 'Otros campos de la ficha', en: 'Other fields' },
  planned_start: { es: 'Fecha de inicio', en: 'Start date' },
  planned_end: { es: 'Fecha de término', en: 'End date' },
  round_id: { es: 'ID de la evaluación', en: 'Assessment ID' },
  round: { es: 'Evaluación', en: 'Assessment' },
  round_kind: { es: 'Tipo de evaluación (código)', en: 'Assessment kind (code)' },
  round_kind_label: { es: 'Tipo de evaluación', en: 'Assessment kind' },
  round_title: { es: 'Evaluación', en: 'Assessment' },
  round_cutoff: { es: 'Fecha de corte', en: 'Cut-off date' },
  level: { es: 'Nivel (código)', en: 'Level (code)' },
  level_label: { es: 'Nivel de cumplimiento', en: 'Completion level' },
  results: { es: 'Descripción de los resultados', en: 'Description of results' },
  reasons: { es: 'Razones', en: 'Reasons' },
  next_steps: { es: 'Siguientes pasos', en: 'Next steps' },
  activity_id: { es: 'ID de la actividad', en: 'Activity ID' },
  details: { es: 'Detalle', en: 'Details' },
  weight: { es: 'Peso', en: 'Weight' },
  activity_status: { es: 'Estado (código)', en: 'Status (code)' },
  deliverable: { es: 'Producto entregable', en: 'Deliverable' },
  responsible_agency: { es: 'Responsable', en: 'Responsible' },
  actual_end: { es: 'Fecha de término real', en: 'Actual end date' },
  percent_done: { es: '% de avance', en: '% done' },
  cancellation_reason: { es: 'Motivo de la cancelación', en: 'Why it was cancelled' },
  evidence_urls: { es: 'Evidencias (URL)', en: 'Evidence (URLs)' },
  sources: { es: 'Fuentes', en: 'Sources' },
  not_started: { es: 'No iniciado', en: 'Not started' },
  limited: { es: 'Limitado', en: 'Limited' },
  substantial: { es: 'Sustancial', en: 'Substantial' },
  complete: { es: 'Completo', en: 'Complete' },
  unassessed: { es: 'Sin nivel', en: 'No level' },
  total: { es: 'Total', en: 'Total' },
  pct_not_started: { es: '% No iniciado', en: '% Not started' },
  pct_limited: { es: '% Limitado', en: '% Limited' },
  pct_substantial: { es: '% Sustancial', en: '% Substantial' },
  pct_complete: { es: '% Completo', en: '% Complete' },
} as const satisfies Record<string, Both>;

export type ColumnKey = keyof typeof COLUMN_LABELS;

export interface DatasetText {
  title: Both;
  description: Both;
  /** Used in file names: vigia-compromisos-plan-1.csv, vigia-commitments-plan-1.csv. */
  fileName: Both;
  /** The worksheet's name in the XLSX download (at most 31 characters). */
  sheet: Both;
  keywords: Record<Lang, string[]>;
}

export const DATASET_TEXT = {
  plans: {
    title: { es: 'Planes de acción de Gobierno Abierto', en: 'Open Government action plans' },
    description: {
      es: 'Un registro por plan de acción: gobierno, periodo, instrumento y fecha de aprobación, estado, número de compromisos y porcentaje de compromisos completos (y sustanciales o completos) según la última evaluación publicada.',
      en: 'One record per action plan: government, period, approval instrument and date, status, number of commitments and share of commitments complete (and substantial or complete) at the latest published assessment.',
    },
    fileName: { es: 'planes', en: 'plans' },
    sheet: { es: 'Planes', en: 'Plans' },
    keywords: { es: ['planes de acción'], en: ['action plans'] },
  },
  commitments: {
    title: { es: 'Compromisos de los planes de acción', en: 'Action plan commitments' },
    description: {
      es: 'Un registro por compromiso: tema, entidad responsable, persona de contacto, los campos de la ficha de la plantilla de OGP (texto en Markdown) y el nivel de cumplimiento en la última evaluación publicada del plan.',
      en: "One record per commitment: theme, lead agency, contact person, the fields of the OGP template (text in Markdown) and the completion level at the plan's latest published assessment.",
    },
    fileName: { es: 'compromisos', en: 'commitments' },
    sheet: { es: 'Compromisos', en: 'Commitments' },
    keywords: { es: ['compromisos'], en: ['commitments'] },
  },
  activities: {
    title: { es: 'Actividades de los compromisos', en: 'Commitment activities' },
    description: {
      es: 'Un registro por actividad (hito) de cada compromiso: fechas previstas, peso, estado, evidencias (URL, una por línea) y fuentes.',
      en: 'One record per activity (milestone) of each commitment: planned dates, weight, status, evidence (URLs, one per line) and sources.',
    },
    fileName: { es: 'actividades', en: 'activities' },
    sheet: { es: 'Actividades', en: 'Activities' },
    keywords: { es: ['actividades', 'hitos'], en: ['activities', 'milestones'] },
  },
  assessments: {
    title: { es: 'Evaluaciones de cumplimiento de los compromisos', en: 'Commitment completion assessments' },
    description: {
      es: 'Un registro por compromiso y evaluación publicada (intermedia, final…): nivel de cumplimiento, descripción de los resultados, información adicional, razones y siguientes pasos.',
      en: 'One record per commitment and published assessment (midterm, end-of-term…): completion level, description of results, additional information, reasons and next steps.',
    },
    fileName: { es: 'evaluaciones', en: 'assessments' },
    sheet: { es: 'Evaluaciones', en: 'Assessments' },
    keywords: { es: ['autoevaluación', 'cumplimiento'], en: ['self-assessment', 'completion'] },
  },
  summary: {
    title: { es: 'Resumen de cumplimiento por tema', en: 'Completion summary by theme' },
    description: {
      es: 'Por plan, evaluación publicada y tema: número de compromisos en cada nivel de cumplimiento (No iniciado, Limitado, Sustancial, Completo), sin nivel, total y porcentajes redondeados a un decimal; una fila «Total» por evaluación.',
      en: 'Per plan, published assessment and theme: number of commitments at each completion level (Not started, Limited, Substantial, Complete), without a level, total and percentages rounded to one decimal; one "Total" row per assessment.',
    },
    fileName: { es: 'resumen', en: 'summary' },
    sheet: { es: 'Resumen', en: 'Summary' },
    keywords: { es: ['resumen', 'cumplimiento'], en: ['summary', 'completion'] },
  },
} as const satisfies Record<string, DatasetText>;

export const CATALOG_TEXT = {
  title: {
    es: 'Vigía: datos abiertos de los planes de acción de Gobierno Abierto',
    en: 'Vigía: open data on Open Government action plans',
  },
  description: {
    es: 'Planes de acción de Gobierno Abierto, sus compromisos, actividades y evaluaciones de cumplimiento, en CSV, XLSX y JSON. Solo se publican los niveles de las evaluaciones publicadas.',
    en: 'Open Government action plans, their commitments, activities and completion assessments, in CSV, XLSX and JSON. Only the levels of published assessments are included.',
  },
  keywords: {
    es: ['gobierno abierto', 'Alianza para el Gobierno Abierto', 'OGP', 'rendición de cuentas'],
    en: ['open government', 'Open Government Partnership', 'OGP', 'accountability'],
  },
} as const;
