import type { RoundKind } from './types.js';

/**
 * Rounds guarded (issue 20, decision 035). A round whose kind the plan already has (a second "Evaluación
 * final"), or whose cutoff falls outside the plan's period and its grace, is opened only with a reason
 * written down; the round then carries its flags on the pages that list it. Periodic rounds repeat by
 * nature: only a mid-term or an end-of-term round is a repeat.
 */
export const ROUND_FLAGS = ['repeated-kind', 'cutoff-outside-period'] as const;
export type RoundFlag = (typeof ROUND_FLAGS)[number];

/**
 * Months after the plan's last year a cutoff may still fall. Periods are years: an end-of-term
 * self-assessment is written after the plan ends (the seed's 2015–2016 plan was assessed at September
 * 2017), so twelve months, not six, keep the ordinary case unflagged.
 */
export const DEFAULT_ROUND_GRACE_MONTHS = 12;
export const MAX_ROUND_GRACE_MONTHS = 60;

export interface PlanPeriod {
  periodStart: number | null;
  periodEnd: number | null;
  graceMonths: number;
}

/** The days a cutoff may fall on: from the first day of the plan's first year to the last of its grace; null without a period. */
export function cutoffWindow(plan: PlanPeriod): { from: string; to: string } | null {
  if (plan.periodStart === null || plan.periodEnd === null) return null;
  // Months counted from year 0: December of the last year, plus the grace.
  const last = plan.periodEnd * 12 + 11 + plan.graceMonths;
  const year = Math.floor(last / 12);
  const month = (last % 12) + 1;
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${plan.periodStart}-01-01`, to: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

export interface GuardedRound {
  /** null for a round about to be opened. */
  id: number | null;
  kind: RoundKind;
  cutoffDate: string | null;
}

/** What flags a round: a mid-term or end-of-term round opened after another of its kind; a cutoff outside the window. */
export function roundFlags(round: GuardedRound, others: readonly { id: number; kind: string }[], plan: PlanPeriod): RoundFlag[] {
  const flags: RoundFlag[] = [];
  const earlier = others.filter((o) => o.id !== round.id && (round.id === null || o.id < round.id));
  if (round.kind !== 'periodic' && earlier.some((o) => o.kind === round.kind)) flags.push('repeated-kind');
  const window = cutoffWindow(plan);
  if (window && round.cutoffDate && (round.cutoffDate < window.from || round.cutoffDate > window.to)) flags.push('cutoff-outside-period');
  return flags;
}

/**
 * The words an error needs to say why a reason is asked for, as one parameter: each flag with its facts
 * ("repeated-kind:end-of-term;cutoff-outside-period:2015-01-01:2017-12-31"), read back by reasonFacts.
 */
export function reasonParam(flags: readonly RoundFlag[], kind: RoundKind, plan: PlanPeriod): string {
  const window = cutoffWindow(plan);
  return flags
    .map((f) => (f === 'repeated-kind' ? `${f}:${kind}` : `${f}:${window?.from ?? ''}:${window?.to ?? ''}:${plan.graceMonths}`))
    .join(';');
}

export type ReasonFact =
  { flag: 'repeated-kind'; kind: string } | { flag: 'cutoff-outside-period'; from: string; to: string; graceMonths: number };

export function reasonFacts(param: string | undefined): ReasonFact[] {
  return (param ?? '')
    .split(';')
    .filter(Boolean)
    .map((part) => {
      const [flag, a = '', b = '', c = '0'] = part.split(':');
      return flag === 'repeated-kind' ? { flag, kind: a } : { flag: 'cutoff-outside-period', from: a, to: b, graceMonths: Number(c) };
    });
}
