import { levelLabel, type Level } from '../domain/levels.js';
import type { LightReason } from '../domain/traffic-light.js';
import { endedWarning, type Warning, type WarningCode } from '../domain/warnings.js';
import { formatDate } from './format.js';
import { formatNumber } from './index.js';
import type { Lang } from './lang.js';
import { monitoringMessages } from './monitoring.js';

// The early warnings of domain/warnings.ts in words: one sentence per code, written from its parameters.

const dias = (n: unknown) => (Number(n) === 1 ? '1 día' : `${n} días`);
const days = (n: unknown) => (Number(n) === 1 ? '1 day' : `${n} days`);
const level = (p: Warning['params'], lang: Lang) => levelLabel(String(p.level) as Level, lang);

const MESSAGES: Record<Lang, Partial<Record<WarningCode, (p: Warning['params']) => string>>> = {
  es: {
    'activity-overdue': (p) =>
      `La actividad ${p.activity} («${p.title}») debía terminar el ${formatDate(String(p.plannedEnd), 'es')} y ${endedWarning(p) ? 'terminó sin completarse: el plan concluyó' : `no está concluida (${dias(p.daysLate)} de retraso)`}.`,
    'commitment-behind-schedule': (p) =>
      `El avance informado es de ${p.reported} % y según las fechas previstas debería ser de ${p.expected} %: ${p.gap} puntos de atraso (el umbral es ${p.threshold}).`,
    'commitment-stale': (p) => `La última actualización fue el ${formatDate(String(p.lastUpdate), 'es')}, hace ${dias(p.days)}.`,
    'complete-without-evidence': (p) => `El nivel es «${level(p, 'es')}» pero el compromiso no tiene evidencias.`,
    'level-without-reason': (p) => `El nivel es «${level(p, 'es')}» y no se indican las razones.`,
    'alert-overdue': (p) =>
      `La alerta «${p.title}» debía responderse a más tardar el ${formatDate(String(p.answerDue), 'es')} y no tiene respuesta (${endedWarning(p) ? 'el plan ya concluyó' : `${dias(p.daysLate)} de retraso`}).`,
    'indicator-measurement-overdue': (p) =>
      `El indicador «${p.indicator}» debía medirse a más tardar el ${formatDate(String(p.due), 'es')} y ${endedWarning(p) ? 'el plan terminó sin esa medición' : `no tiene medición desde ${p.lastMeasured ? `el ${formatDate(String(p.lastMeasured), 'es')}` : 'su línea de base'} (${dias(p.daysLate)} de retraso)`}.`,
    'indicator-off-path': (p) =>
      `El indicador «${p.indicator}» midió ${formatNumber(Number(p.value), 'es', 2)} ${p.unit} el ${formatDate(String(p.date), 'es')}, cuando la trayectoria hacia la meta esperaba ${formatNumber(Number(p.expected), 'es')}: ${formatNumber(Number(p.pointsBehind), 'es')} puntos por debajo.`,
  },
  en: {
    'activity-overdue': (p) =>
      `Activity ${p.activity} ("${p.title}") was due to end on ${formatDate(String(p.plannedEnd), 'en')} and ${endedWarning(p) ? 'ended without completing: the plan has concluded' : `is not done (${days(p.daysLate)} late)`}.`,
    'commitment-behind-schedule': (p) =>
      `Reported progress is ${p.reported}% where the planned dates expect ${p.expected}%: ${p.gap} points behind (the threshold is ${p.threshold}).`,
    'commitment-stale': (p) => `Last updated on ${formatDate(String(p.lastUpdate), 'en')}, ${days(p.days)} ago.`,
    'complete-without-evidence': (p) => `The level is "${level(p, 'en')}" but the commitment has no evidence.`,
    'level-without-reason': (p) => `The level is "${level(p, 'en')}" and no reasons are given.`,
    'alert-overdue': (p) =>
      `The alert "${p.title}" was to be answered by ${formatDate(String(p.answerDue), 'en')} and has no answer (${endedWarning(p) ? 'the plan has concluded' : `${days(p.daysLate)} late`}).`,
    'indicator-measurement-overdue': (p) =>
      `The indicator "${p.indicator}" was due to be measured by ${formatDate(String(p.due), 'en')} and ${endedWarning(p) ? 'the plan ended without that measurement' : `has no measurement since ${p.lastMeasured ? formatDate(String(p.lastMeasured), 'en') : 'its baseline'} (${days(p.daysLate)} late)`}.`,
    'indicator-off-path': (p) =>
      `The indicator "${p.indicator}" measured ${formatNumber(Number(p.value), 'en', 2)} ${p.unit} on ${formatDate(String(p.date), 'en')}, where the path to its target expected ${formatNumber(Number(p.expected), 'en')}: ${formatNumber(Number(p.pointsBehind), 'en')} points behind.`,
  },
};

/** The warning in words, in the reader's language. */
export function warningMessage(w: Warning, lang: Lang): string {
  const write = MESSAGES[lang][w.code];
  if (!write) throw new Error(`no ${lang} message for the warning ${w.code}`);
  return write(w.params);
}

/** How a traffic light was decided, in words (the reason of domain/traffic-light.ts). */
export function lightReasonText(r: LightReason, lang: Lang): string {
  const m = monitoringMessages[lang];
  const w = m.lightReasons;
  switch (r.code) {
    case 'ended-incomplete':
      return w.endedIncomplete(formatDate(r.plannedEnd, lang));
    case 'warnings':
      return w.warnings(r.count, m.codes[r.gravest], m.severities[r.severity]);
    case 'on-schedule':
      return w.onSchedule(r.plannedEnd === null ? null : formatDate(r.plannedEnd, lang));
    case 'indicators':
      return w.indicators(r.count);
    case 'recent-update':
      return w.recentUpdate(formatDate(r.at, lang));
    case 'no-data':
      return w.noData(r.days);
  }
}
