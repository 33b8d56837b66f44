import type { Severity, TrafficLight, WarningCode } from '../domain/warnings.js';
import type { Lang } from './lang.js';

/** The words of the early warnings' board, their acknowledgements, the plan's settings and the public semáforo. */
const es = {
  boardTitle: 'Seguimiento y alertas tempranas',
  boardLink: 'Seguimiento y alertas tempranas',
  boardIntro: (date: string) =>
    `El estado de cada compromiso al ${date}: un semáforo y sus alertas. Las alertas atendidas siguen a la vista con su respuesta.`,
  agencyScope: 'Ve los compromisos que lidera su entidad.',
  filters: 'Filtrar',
  filterAgency: 'Entidad responsable',
  filterTheme: 'Eje temático',
  filterSeverity: 'Gravedad',
  all: 'Todas',
  apply: 'Aplicar',
  clear: 'Quitar los filtros',
  caption: 'Compromisos del plan con su semáforo y sus alertas',
  colNumber: 'N°',
  colCommitment: 'Compromiso',
  colAgency: 'Entidad',
  colLight: 'Semáforo',
  colWarnings: 'Alertas',
  noWarnings: 'Sin alertas.',
  noRows: 'Ningún compromiso cumple los filtros.',
  lightWords: { green: 'Verde', amber: 'Ámbar', red: 'Rojo', 'no-data': 'Sin datos' } satisfies Record<TrafficLight, string>,
  /** How a light was decided (domain/traffic-light.ts), dates already written out. */
  lightReasons: {
    endedIncomplete: (end: string) => `Fin previsto ${end} pasado sin completar.`,
    warnings: (count: number, code: string, severity: string) =>
      `${count === 1 ? 'Por su alerta' : `Por sus ${count} alertas; la más grave`}: ${code} (${severity.toLowerCase()}).`,
    onSchedule: (end: string | null) => (end ? `Fechas previstas hasta el ${end}, sin alertas.` : 'Con fechas previstas, sin alertas.'),
    indicators: (count: number) => `${count === 1 ? 'Su indicador, sin alertas' : `Sus ${count} indicadores, sin alertas`}.`,
    recentUpdate: (at: string) => `Actualizado el ${at}, sin alertas.`,
    noData: (days: number) => `Sin fechas previstas, indicadores ni actualizaciones en los últimos ${days} días: sin datos.`,
  },
  severities: { info: 'Información', warning: 'Advertencia', critical: 'Crítica' } satisfies Record<Severity, string>,
  codes: {
    'activity-overdue': 'Actividad vencida',
    'commitment-behind-schedule': 'Compromiso atrasado',
    'commitment-stale': 'Sin actualizaciones',
    'complete-without-evidence': 'Completo sin evidencias',
    'level-without-reason': 'Nivel sin razones',
    'indicator-measurement-overdue': 'Medición de indicador pendiente',
    'indicator-off-path': 'Indicador fuera de su trayectoria',
    'alert-overdue': 'Alerta ciudadana sin respuesta',
  } satisfies Record<WarningCode, string>,
  counts: (open: number, acknowledged: number) =>
    `${open === 1 ? '1 alerta abierta' : `${open} alertas abiertas`} · ${acknowledged === 1 ? '1 atendida' : `${acknowledged} atendidas`}`,
  acknowledged: 'Atendida',
  acknowledgedBy: (who: string, when: string) => `Atendida por ${who} el ${when}`,
  ackReason: 'Razón',
  ackAction: 'Acción correctiva',
  ackNewDate: (from: string, to: string) => `Nueva fecha prevista: ${to} (antes ${from})`,
  acknowledge: 'Atender esta alerta',
  acknowledgeHint:
    'Registre la razón y la acción correctiva o, para una actividad atrasada, una nueva fecha de término prevista (la fecha original queda a la vista y el cambio, en el historial).',
  ackSubmit: 'Registrar',
  acknowledgedFlash: 'Se registró la respuesta a la alerta.',
  originalDate: (date: string) => `fecha original: ${date}`,
  plannedEndNow: 'Término previsto',
  settingsTitle: 'Ajustes del seguimiento',
  settingsLink: 'Ajustes del seguimiento',
  settingsIntro: 'Los umbrales de las alertas de este plan y si su página pública muestra el semáforo.',
  settingsSaved: 'Se guardaron los ajustes.',
  settingsSubmit: 'Guardar los ajustes',
  publicTrafficLightHint: 'La página pública del plan muestra un semáforo por compromiso, calculado para el día.',
  semaforoHeading: 'Semáforo del plan',
  semaforoIntro: (date: string) =>
    `El estado de cada compromiso al ${date}, según las alertas tempranas: verde sin alertas, ámbar con alertas, rojo con alguna crítica o con su fin previsto pasado sin completar; «sin datos» cuando no tiene fechas previstas, indicadores ni actualizaciones recientes. Junto a cada semáforo, cómo se decidió.`,
  semaforoCaption: 'Semáforo de cada compromiso',
  labels: {
    behindPoints: 'Puntos de atraso que activan la alerta (de 1 a 100)',
    staleDays: 'Días sin actualizaciones que activan la alerta (de 1 a 3650)',
    publicTrafficLight: 'Mostrar el semáforo en la página pública del plan',
    warningKey: 'Alerta',
    ackReason: 'Razón',
    correctiveAction: 'Acción correctiva',
    newPlannedEnd: 'Nueva fecha de término prevista',
  } as Record<string, string>,
  errors: {
    past_date: (label: string, _limit?: number, date?: string) => `«${label}» no puede ser anterior a hoy (${date}).`,
  },
  apiOps: {
    getMonitoringBoard:
      'El seguimiento de un plan para una fecha («date», por omisión hoy): cada compromiso con su semáforo («light»: green, amber, red o no-data) y cómo se decidió («lightReason»), y sus alertas, con las respuestas registradas. Filtros: «agency», «theme», «severity». Cada entidad ve los suyos.',
    saveMonitoringSettings:
      'Guarda los ajustes del seguimiento de un plan (coordinación): «behindPoints», «staleDays», «publicTrafficLight».',
    acknowledgeWarning:
      'Registra la respuesta a una alerta del compromiso: «warningKey» y la razón («ackReason») con la acción correctiva («correctiveAction»), o, para una actividad atrasada, una nueva fecha de término prevista («newPlannedEnd»).',
  },
};

export type MonitoringMessages = typeof es;

const en: MonitoringMessages = {
  boardTitle: 'Monitoring and early warnings',
  boardLink: 'Monitoring and early warnings',
  boardIntro: (date: string) =>
    `Where each commitment stands on ${date}: a traffic light and its warnings. Acknowledged warnings stay in view with their answer.`,
  agencyScope: 'You see the commitments your agency leads.',
  filters: 'Filter',
  filterAgency: 'Lead agency',
  filterTheme: 'Theme',
  filterSeverity: 'Severity',
  all: 'All',
  apply: 'Apply',
  clear: 'Clear the filters',
  caption: 'The plan’s commitments with their traffic light and warnings',
  colNumber: 'No.',
  colCommitment: 'Commitment',
  colAgency: 'Agency',
  colLight: 'Light',
  colWarnings: 'Warnings',
  noWarnings: 'No warnings.',
  noRows: 'No commitment matches the filters.',
  lightWords: { green: 'Green', amber: 'Amber', red: 'Red', 'no-data': 'No data' },
  lightReasons: {
    endedIncomplete: (end: string) => `Planned end ${end} passed without completing.`,
    warnings: (count: number, code: string, severity: string) =>
      `${count === 1 ? 'From its warning' : `From its ${count} warnings; the gravest`}: ${code} (${severity.toLowerCase()}).`,
    onSchedule: (end: string | null) => (end ? `Planned dates until ${end}, no warnings.` : 'Planned dates, no warnings.'),
    indicators: (count: number) => `${count === 1 ? 'Its indicator, no warnings' : `Its ${count} indicators, no warnings`}.`,
    recentUpdate: (at: string) => `Updated on ${at}, no warnings.`,
    noData: (days: number) => `No planned dates, no indicators and no update in the last ${days} days: no data.`,
  },
  severities: { info: 'Information', warning: 'Warning', critical: 'Critical' },
  codes: {
    'activity-overdue': 'Activity overdue',
    'commitment-behind-schedule': 'Commitment behind schedule',
    'commitment-stale': 'No updates',
    'complete-without-evidence': 'Complete without evidence',
    'level-without-reason': 'Level without reasons',
    'indicator-measurement-overdue': 'Indicator measurement overdue',
    'indicator-off-path': 'Indicator off its path',
    'alert-overdue': 'Civil-society alert unanswered',
  },
  counts: (open: number, acknowledged: number) =>
    `${open === 1 ? '1 open warning' : `${open} open warnings`} · ${acknowledged} acknowledged`,
  acknowledged: 'Acknowledged',
  acknowledgedBy: (who: string, when: string) => `Acknowledged by ${who} on ${when}`,
  ackReason: 'Reason',
  ackAction: 'Corrective action',
  ackNewDate: (from: string, to: string) => `New planned date: ${to} (was ${from})`,
  acknowledge: 'Acknowledge this warning',
  acknowledgeHint:
    'Record the reason and the corrective action or, for an overdue activity, a new planned end date (the original date stays in view and the change in the history).',
  ackSubmit: 'Record',
  acknowledgedFlash: 'The answer to the warning was recorded.',
  originalDate: (date: string) => `original date: ${date}`,
  plannedEndNow: 'Planned end',
  settingsTitle: 'Monitoring settings',
  settingsLink: 'Monitoring settings',
  settingsIntro: 'The thresholds of this plan’s warnings, and whether its public page shows the traffic lights.',
  settingsSaved: 'The settings were saved.',
  settingsSubmit: 'Save the settings',
  publicTrafficLightHint: 'The plan’s public page shows a traffic light per commitment, computed for the day.',
  semaforoHeading: 'The plan’s traffic lights',
  semaforoIntro: (date: string) =>
    `Where each commitment stands on ${date}, by the early warnings: green without warnings, amber with warnings, red with a critical one or with its planned end passed without completing; “no data” when it has no planned dates, no indicators and no recent update. Beside each light, how it was decided.`,
  semaforoCaption: 'Traffic light of each commitment',
  labels: {
    behindPoints: 'Points behind that raise the warning (1 to 100)',
    staleDays: 'Days without updates that raise the warning (1 to 3650)',
    publicTrafficLight: 'Show the traffic lights on the plan’s public page',
    warningKey: 'Warning',
    ackReason: 'Reason',
    correctiveAction: 'Corrective action',
    newPlannedEnd: 'New planned end date',
  },
  errors: {
    past_date: (label: string, _limit?: number, date?: string) => `“${label}” cannot be before today (${date}).`,
  },
  apiOps: {
    getMonitoringBoard:
      'A plan’s monitoring on a date (`date`, today by default): each commitment with its traffic light (`light`: green, amber, red or no-data), how it was decided (`lightReason`), and its warnings, with the answers recorded. Filters: `agency`, `theme`, `severity`. Each agency sees its own.',
    saveMonitoringSettings: 'Saves a plan’s monitoring settings (coordinators): `behindPoints`, `staleDays`, `publicTrafficLight`.',
    acknowledgeWarning:
      'Records the answer to a warning of the commitment: `warningKey` and the reason (`ackReason`) with the corrective action (`correctiveAction`), or, for an overdue activity, a new planned end date (`newPlannedEnd`).',
  },
};

export const monitoringMessages: Record<Lang, MonitoringMessages> = { es, en };
