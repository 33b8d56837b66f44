import { LEVELS, type Level } from './levels.js';

/**
 * Consistency checks of an assessment (issue 20, decision 039): what a careful reviewer would stop —
 * a level its commitment's own facts contradict. Each is a warning, not a block: the editor submits,
 * and the coordinator approves, despite it only with a reason, which is kept with the assessment.
 * Pure rules over facts the caller reads; the words are i18n/assessment-review.ts's.
 */
export const CONSISTENCY_CODES = [
  // "Completo" while an activity is still not started or in progress.
  'complete-open-activity',
  // "Completo" while an indicator's latest value stands below the plan's share of its target.
  'complete-indicator-short',
  // "No iniciado" while an activity is done.
  'not-started-finished-activity',
  // "No iniciado" while the commitment has evidence.
  'not-started-with-evidence',
  // Two steps or more from the previous round's level, up or down.
  'level-jump',
] as const;
export type ConsistencyCode = (typeof CONSISTENCY_CODES)[number];

/** The share of its target (%) an indicator must reach for a "Completo" to pass unflagged, unless the plan sets another. */
export const DEFAULT_COMPLETE_SHARE = 90;

export interface ConsistencyFacts {
  level: Level | null;
  /** The level of the latest earlier round (by cutoff) that has one; null when none. */
  previousLevel: Level | null;
  /** Status null: not reported (imported activities) — neither open nor finished. */
  activities: { number: number; status: string | null }[];
  /** Progress toward the target (0–100) on the round's date; null before any measurement. */
  indicators: { name: string; progress: number | null }[];
  evidenceCount: number;
  /** The plan's share (%), DEFAULT_COMPLETE_SHARE unless it sets another. */
  completeShare: number;
}

export interface ConsistencyWarning {
  code: ConsistencyCode;
  /** What the message is written from: activity numbers ("2, 3"), an indicator's name and progress, levels. */
  params: Record<string, string | number>;
}

const OPEN = new Set(['not-started', 'in-progress']);

export function consistencyWarnings(f: ConsistencyFacts): ConsistencyWarning[] {
  const out: ConsistencyWarning[] = [];
  const numbers = (pred: (s: string | null) => boolean) =>
    f.activities
      .filter((a) => pred(a.status))
      .map((a) => a.number)
      .join(', ');
  if (f.level === 'complete') {
    const open = numbers((s) => s !== null && OPEN.has(s));
    if (open) out.push({ code: 'complete-open-activity', params: { activities: open } });
    // An indicator never measured says nothing either way: the early warnings already ask for its measurement.
    for (const i of f.indicators)
      if (i.progress !== null && i.progress < f.completeShare)
        out.push({ code: 'complete-indicator-short', params: { indicator: i.name, progress: i.progress, share: f.completeShare } });
  }
  if (f.level === 'not-started') {
    const done = numbers((s) => s === 'done');
    if (done) out.push({ code: 'not-started-finished-activity', params: { activities: done } });
    if (f.evidenceCount > 0) out.push({ code: 'not-started-with-evidence', params: { count: f.evidenceCount } });
  }
  if (f.level && f.previousLevel && Math.abs(LEVELS.indexOf(f.level) - LEVELS.indexOf(f.previousLevel)) >= 2)
    out.push({ code: 'level-jump', params: { from: f.previousLevel, to: f.level } });
  return out;
}
