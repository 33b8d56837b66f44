import { daysBetween, occurrenceKey, type Warning } from './warnings.js';

/**
 * What goes in a person's daily digest (issue 6), decided without I/O: the warnings on what they are
 * responsible for that no earlier digest told them, the deadlines of the next 14 days, and what waits
 * for them. The caller reads the facts and the date; nothing here reads a clock or a database. The mail
 * itself is written by i18n/digest.ts.
 */
export const DEADLINE_WINDOW_DAYS = 14;

export interface CommitmentRef {
  id: number;
  number: number;
  title: string;
}

export type DeadlineFact =
  | {
      kind: 'activity';
      date: string;
      commitment: CommitmentRef;
      activity: { id: number; number: number; title: string; status: string | null };
    }
  /** `finished`: its latest level is Completo or all its activities are done — its end is no longer a deadline. */
  | { kind: 'commitment'; date: string; commitment: CommitmentRef; finished?: boolean }
  | { kind: 'round'; date: string; round: { id: number; title: string } };

/** to-approve: a coordinator's decision; returned / draft / not-started: an agency's assessment not yet submitted. */
export type WaitingKind = 'to-approve' | 'returned' | 'draft' | 'not-started';

export interface WaitingItem {
  kind: WaitingKind;
  round: { id: number; title: string };
  commitment: CommitmentRef;
  /** A returned one: the coordination's comment, what to correct (issue 20). */
  comment?: string | null;
}

export interface DigestFacts {
  /** The digest's day (ISO). */
  date: string;
  /** Every current warning on what the person is responsible for. */
  warnings: readonly Warning[];
  /** Occurrences (occurrenceKey: key and basis) told in earlier digests: a warning back on a new basis is told again. */
  told: ReadonlySet<string>;
  /** Candidate deadlines: planned ends of activities and commitments, round deadlines; the window is applied here. */
  deadlines: readonly DeadlineFact[];
  waiting: readonly WaitingItem[];
  /** The commitments the warnings are about, to name them. */
  commitments: ReadonlyMap<number, CommitmentRef>;
}

export interface Digest {
  date: string;
  newWarnings: Warning[];
  deadlines: DeadlineFact[];
  waiting: WaitingItem[];
  commitments: ReadonlyMap<number, CommitmentRef>;
}

/**
 * A commitment whose planned end is no longer a deadline: its latest level is Completo, or it has
 * activities and every one not cancelled is done.
 */
export function commitmentFinished(latestLevel: string | null, activityStatuses: readonly (string | null)[]): boolean {
  if (latestLevel === 'complete') return true;
  const counted = activityStatuses.filter((s) => s !== 'cancelled');
  return counted.length > 0 && counted.every((s) => s === 'done');
}

/** Whether a date falls in the next `DEADLINE_WINDOW_DAYS` days: from the digest's day (0) to 14 days after it. */
export function inDeadlineWindow(date: string, deadline: string): boolean {
  const d = daysBetween(date, deadline);
  return d >= 0 && d <= DEADLINE_WINDOW_DAYS;
}

/** The digest, or null when there is nothing to say. */
export function buildDigest(f: DigestFacts): Digest | null {
  const newWarnings = f.warnings.filter((w) => !f.told.has(occurrenceKey(w)));
  const deadlines = f.deadlines
    .filter((d) => inDeadlineWindow(f.date, d.date))
    .filter((d) => d.kind !== 'activity' || (d.activity.status !== 'done' && d.activity.status !== 'cancelled'))
    .filter((d) => d.kind !== 'commitment' || !d.finished)
    .sort((a, b) => a.date.localeCompare(b.date) || order(a) - order(b));
  const waiting = [...f.waiting].sort((a, b) => a.round.id - b.round.id || a.commitment.number - b.commitment.number);
  if (newWarnings.length === 0 && deadlines.length === 0 && waiting.length === 0) return null;
  return { date: f.date, newWarnings, deadlines, waiting, commitments: f.commitments };
}

function order(d: DeadlineFact): number {
  return d.kind === 'round' ? 0 : d.kind === 'commitment' ? d.commitment.number * 1000 : d.commitment.number * 1000 + d.activity.number;
}
