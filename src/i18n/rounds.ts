import { reasonFacts, type RoundFlag } from '../domain/round-guard.js';
import { formatDate } from './format.js';
import type { Lang } from './lang.js';

/**
 * Rounds guarded (issue 20): the reason asked for a round that repeats a kind or whose cutoff falls
 * outside the plan's period, the flags shown beside it, and the public comparison of any two rounds —
 * in Spanish and English (the type makes both have every key).
 */
const kindEs: Record<string, string> = {
  midterm: 'Evaluación intermedia',
  'end-of-term': 'Evaluación final',
  periodic: 'Evaluación periódica',
};
const kindEn: Record<string, string> = {
  midterm: 'Mid-term assessment',
  'end-of-term': 'End-of-term assessment',
  periodic: 'Periodic assessment',
};

function reasonNeeded(lang: Lang, label: string, param: string | undefined): string {
  const why = reasonFacts(param).map((f) => {
    if (f.flag === 'repeated-kind') {
      return lang === 'es'
        ? `este plan ya tiene una «${kindEs[f.kind] ?? f.kind}», y abrir otra cambia cuál se compara con cuál`
        : `this plan already has an “${kindEn[f.kind] ?? f.kind}”, and another one changes which is compared with which`;
    }
    const from = formatDate(f.from, lang);
    const to = formatDate(f.to, lang);
    return lang === 'es'
      ? `la fecha de corte cae fuera del periodo del plan y de sus ${f.graceMonths} meses de margen (del ${from} al ${to})`
      : `the cutoff date falls outside the plan’s period and its ${f.graceMonths} months of grace (${from} to ${to})`;
  });
  return lang === 'es'
    ? `Complete «${label}»: ${why.join('; y ')}. Con un motivo, la evaluación se abre marcada y el motivo queda a la vista.`
    : `Fill in “${label}”: ${why.join('; and ')}. With a reason, the assessment is opened flagged, its reason in view.`;
}

const es = {
  labels: {
    roundReason: 'Motivo para abrirla',
    roundGraceMonths: 'Meses de margen para la fecha de corte',
  } as Record<string, string>,
  errors: {
    round_reason_needed: (label: string, _limit?: number, param?: string) => reasonNeeded('es', label, param),
  },
  flags: { 'repeated-kind': 'ronda repetida', 'cutoff-outside-period': 'corte fuera del periodo' } satisfies Record<RoundFlag, string>,
  reasonHint: (window: { from: string; to: string } | null, grace: number) =>
    window
      ? `Solo si repite un tipo de evaluación que el plan ya tiene (salvo la periódica) o si la fecha de corte cae fuera del ${formatDate(window.from, 'es')} al ${formatDate(window.to, 'es')} (el periodo del plan y ${grace} meses de margen). La evaluación quedará marcada, con el motivo a la vista.`
      : 'Solo si repite un tipo de evaluación que el plan ya tiene (salvo la periódica). La evaluación quedará marcada, con el motivo a la vista.',
  graceHint:
    'Una evaluación cuya fecha de corte caiga después del periodo y de este margen pide un motivo y queda marcada (la evaluación final suele hacerse tras el fin del plan). Vacío: 12 meses en un plan nuevo; el que tenía en uno existente.',
  existingRounds: 'Evaluaciones que ya tiene el plan, por fecha de corte',
  notes: 'Notas sobre las evaluaciones',
  compareHeading: 'Comparar dos evaluaciones',
  compareFrom: 'Desde',
  compareTo: 'Hasta',
  compare: 'Comparar',
};

export type RoundMessages = typeof es;

const en: RoundMessages = {
  labels: {
    roundReason: 'Reason for opening it',
    roundGraceMonths: 'Months of grace for the cutoff date',
  },
  errors: {
    round_reason_needed: (label: string, _limit?: number, param?: string) => reasonNeeded('en', label, param),
  },
  flags: { 'repeated-kind': 'repeated round', 'cutoff-outside-period': 'cutoff outside the period' },
  reasonHint: (window: { from: string; to: string } | null, grace: number) =>
    window
      ? `Only when it repeats a kind of assessment the plan already has (periodic ones aside) or when the cutoff date falls outside ${formatDate(window.from, 'en')} to ${formatDate(window.to, 'en')} (the plan’s period and ${grace} months of grace). The assessment will be flagged, its reason in view.`
      : 'Only when it repeats a kind of assessment the plan already has (periodic ones aside). The assessment will be flagged, its reason in view.',
  graceHint:
    'An assessment whose cutoff date falls after the period and this grace asks for a reason and is flagged (the end-of-term assessment is usually made after the plan ends). Empty: 12 months for a new plan; what it had for an existing one.',
  existingRounds: 'The plan’s assessments so far, by cutoff date',
  notes: 'Notes on the assessments',
  compareHeading: 'Compare two assessments',
  compareFrom: 'From',
  compareTo: 'To',
  compare: 'Compare',
};

export const roundMessages: Record<Lang, RoundMessages> = { es, en };
