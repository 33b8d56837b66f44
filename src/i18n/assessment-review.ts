import { CONSISTENCY_CODES, type ConsistencyCode, type ConsistencyWarning } from '../domain/assessment-consistency.js';
import { isLevel, levelLabel } from '../domain/levels.js';
import { formatDate } from './format.js';
import { formatNumber } from './index.js';
import type { Lang } from './lang.js';

/**
 * The review screen (issue 20, decision 039): the panel beside an assessment under decision, the
 * consistency warnings and the reason that confirms them, the separation of duties — in Spanish and
 * English (the type makes both have every key).
 */
const level = (v: string | number | undefined, lang: Lang) => (typeof v === 'string' && isLevel(v) ? levelLabel(v, lang) : String(v));

const shortEs: Record<ConsistencyCode, string> = {
  'complete-open-activity': '«Completo» con actividades sin terminar',
  'complete-indicator-short': '«Completo» con un indicador por debajo de su meta',
  'not-started-finished-activity': '«No iniciado» con actividades terminadas',
  'not-started-with-evidence': '«No iniciado» con evidencia',
  'level-jump': 'dos niveles o más de distancia con la evaluación anterior',
};
const shortEn: Record<ConsistencyCode, string> = {
  'complete-open-activity': '“Complete” with activities not finished',
  'complete-indicator-short': '“Complete” with an indicator below its target',
  'not-started-finished-activity': '“Not started” with finished activities',
  'not-started-with-evidence': '“Not started” with evidence',
  'level-jump': 'two levels or more away from the previous assessment',
};
/** The codes an error's param lists, in words. */
const named = (param: string | undefined, words: Record<ConsistencyCode, string>) =>
  (param ?? '')
    .split(',')
    .filter((c): c is ConsistencyCode => (CONSISTENCY_CODES as readonly string[]).includes(c))
    .map((c) => words[c])
    .join('; ');

const es = {
  labels: {
    confirmReason: 'Motivo para continuar pese a las advertencias',
    completeShare: 'Porcentaje de la meta de un indicador para «Completo»',
    allowSelfApproval: 'Permitir que la misma persona envíe y apruebe una evaluación (equipos pequeños)',
  } as Record<string, string>,
  errors: {
    confirm_warnings: (label: string, _limit?: number, param?: string) =>
      `Complete «${label}»: ${named(param, shortEs)}. Puede continuar, pero diga por qué; el motivo queda con la evaluación.`,
    same_person: () =>
      'Usted envió esta evaluación: otra persona de la coordinación debe aprobarla (separación de funciones). Puede devolverla. Nada cambió.',
  },
  consistency: (w: ConsistencyWarning): string => {
    const p = w.params;
    switch (w.code) {
      case 'complete-open-activity':
        return `Se propone «Completo», pero hay actividades sin terminar: ${p.activities}.`;
      case 'complete-indicator-short':
        return `Se propone «Completo», pero el indicador «${p.indicator}» está al ${formatNumber(Number(p.progress), 'es')} % de su meta (el plan pide ${p.share} %).`;
      case 'not-started-finished-activity':
        return `Se propone «No iniciado», pero hay actividades terminadas: ${p.activities}.`;
      case 'not-started-with-evidence':
        return `Se propone «No iniciado», pero el compromiso tiene ${p.count} evidencia(s).`;
      case 'level-jump':
        return `El nivel pasa de «${level(p.from, 'es')}» a «${level(p.to, 'es')}»: dos niveles o más respecto de la evaluación anterior.`;
    }
  },
  panel: {
    heading: 'Para decidir',
    reviewerHeading: 'La autoevaluación y lo que la sustenta',
    proposed: 'Nivel propuesto',
    published: 'Nivel publicado',
    previous: 'Evaluaciones anteriores',
    previousNone: 'No hay evaluaciones anteriores de este compromiso.',
    noLevel: 'sin nivel',
    results: 'Resultados',
    reasons: 'Razones',
    cited: 'Evidencia citada',
    citedNone: 'La evaluación no cita evidencia.',
    activities: 'Actividades',
    activitiesNone: 'El compromiso no tiene actividades registradas.',
    activityColumns: {
      number: 'N°',
      title: 'Actividad',
      status: 'Estado',
      planned: 'Fechas previstas',
      actualEnd: 'Término real',
      percentDone: 'Avance',
    },
    statusUnknown: 'sin informar',
    indicators: 'Indicadores',
    indicatorsNone: 'El compromiso no tiene indicadores.',
    indicatorColumns: {
      name: 'Indicador',
      baseline: 'Línea de base',
      target: 'Meta',
      latest: 'Último valor',
      progress: 'Avance hacia la meta',
    },
    notMeasured: 'sin medición',
    readOn: (date: string) => `Valores al ${formatDate(date, 'es')}.`,
    earlyWarnings: 'Alertas tempranas abiertas',
    earlyWarningsNone: 'No hay alertas tempranas abiertas.',
    alerts: 'Alertas de la sociedad civil abiertas',
    alertsNone: 'No hay alertas de la sociedad civil abiertas.',
    alertLine: (date: string, by: string) => `del ${formatDate(date, 'es')}, de ${by}`,
    consistency: 'Advertencias de coherencia',
    consistencyIntro: 'No impiden enviar ni aprobar: piden un motivo, que queda con la evaluación y que la coordinación ve.',
    submitted: (name: string | null, date: string) => `Enviada por ${name ?? 'una cuenta ya eliminada'} el ${formatDate(date, 'es')}`,
    decided: (name: string | null, date: string) => `Decidida por ${name ?? 'una cuenta ya eliminada'} el ${formatDate(date, 'es')}`,
    submitReason: 'Motivo al enviarla pese a las advertencias',
    approvalReason: 'Motivo al aprobarla pese a las advertencias',
    sameSubmitter:
      'Usted envió esta evaluación: otra persona de la coordinación debe aprobarla (separación de funciones). Puede devolverla.',
  },
  completeShareHint:
    'Si un compromiso se evalúa «Completo» y un indicador está por debajo de este porcentaje de su meta, se advierte al enviar y al aprobar. Vacío: 90 en un plan nuevo; el que tenía en uno existente.',
  allowSelfApprovalHint:
    'Por defecto, quien envía una evaluación no puede aprobarla. Márquelo solo si la coordinación es una sola persona.',
};

export type AssessmentReviewMessages = typeof es;

const en: AssessmentReviewMessages = {
  labels: {
    confirmReason: 'Reason to go ahead despite the warnings',
    completeShare: 'Share of an indicator’s target for “Complete” (%)',
    allowSelfApproval: 'Let the same person submit and approve an assessment (small teams)',
  },
  errors: {
    confirm_warnings: (label: string, _limit?: number, param?: string) =>
      `Fill in “${label}”: ${named(param, shortEn)}. You may go ahead, but say why; the reason stays with the assessment.`,
    same_person: () =>
      'You submitted this assessment: another person of the coordination must approve it (separation of duties). You may return it. Nothing changed.',
  },
  consistency: (w: ConsistencyWarning): string => {
    const p = w.params;
    switch (w.code) {
      case 'complete-open-activity':
        return `“Complete” is proposed, but activities are not finished: ${p.activities}.`;
      case 'complete-indicator-short':
        return `“Complete” is proposed, but the indicator “${p.indicator}” stands at ${formatNumber(Number(p.progress), 'en')} % of its target (the plan asks for ${p.share} %).`;
      case 'not-started-finished-activity':
        return `“Not started” is proposed, but activities are finished: ${p.activities}.`;
      case 'not-started-with-evidence':
        return `“Not started” is proposed, but the commitment has ${p.count} piece(s) of evidence.`;
      case 'level-jump':
        return `The level goes from “${level(p.from, 'en')}” to “${level(p.to, 'en')}”: two levels or more from the previous assessment.`;
    }
  },
  panel: {
    heading: 'To decide',
    reviewerHeading: 'The self-assessment and what backs it',
    proposed: 'Proposed level',
    published: 'Published level',
    previous: 'Earlier assessments',
    previousNone: 'This commitment has no earlier assessment.',
    noLevel: 'no level',
    results: 'Results',
    reasons: 'Reasons',
    cited: 'Evidence cited',
    citedNone: 'The assessment cites no evidence.',
    activities: 'Activities',
    activitiesNone: 'The commitment has no activities recorded.',
    activityColumns: {
      number: 'No.',
      title: 'Activity',
      status: 'Status',
      planned: 'Planned dates',
      actualEnd: 'Actual end',
      percentDone: 'Done',
    },
    statusUnknown: 'not reported',
    indicators: 'Indicators',
    indicatorsNone: 'The commitment has no indicators.',
    indicatorColumns: { name: 'Indicator', baseline: 'Baseline', target: 'Target', latest: 'Latest value', progress: 'Progress to target' },
    notMeasured: 'not measured',
    readOn: (date: string) => `Values as of ${formatDate(date, 'en')}.`,
    earlyWarnings: 'Open early warnings',
    earlyWarningsNone: 'No open early warnings.',
    alerts: 'Open civil-society alerts',
    alertsNone: 'No open civil-society alerts.',
    alertLine: (date: string, by: string) => `of ${formatDate(date, 'en')}, by ${by}`,
    consistency: 'Consistency warnings',
    consistencyIntro:
      'They do not stop submitting or approving: they ask for a reason, kept with the assessment and shown to the coordination.',
    submitted: (name: string | null, date: string) => `Submitted by ${name ?? 'a deleted account'} on ${formatDate(date, 'en')}`,
    decided: (name: string | null, date: string) => `Decided by ${name ?? 'a deleted account'} on ${formatDate(date, 'en')}`,
    submitReason: 'Reason given when submitting despite the warnings',
    approvalReason: 'Reason given when approving despite the warnings',
    sameSubmitter:
      'You submitted this assessment: another person of the coordination must approve it (separation of duties). You may return it.',
  },
  completeShareHint:
    'When a commitment is assessed “Complete” while an indicator stands below this share of its target, submitting and approving warn. Empty: 90 for a new plan; what it had for an existing one.',
  allowSelfApprovalHint:
    'By default, whoever submits an assessment cannot approve it. Tick it only when the coordination is a single person.',
};

export const assessmentReviewMessages: Record<Lang, AssessmentReviewMessages> = { es, en };
