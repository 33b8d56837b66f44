import type { FieldRule } from './input.js';

/**
 * Public consultation of a draft (issue 7), pure: whether a consultation is open on a day, the field
 * rules of what people send, and the rows of the synthesis ("sistematización de aportes").
 */
export const CONSULTATION_TARGETS = ['draft', 'commitment', 'section'] as const;
export type ConsultationTarget = (typeof CONSULTATION_TARGETS)[number];
export const COMMENT_ANSWERS = ['accepted', 'partly', 'not-accepted'] as const;
export type CommentAnswer = (typeof COMMENT_ANSWERS)[number];
export type ConsultationStatus = 'upcoming' | 'open' | 'closed';

/**
 * Both the first and the last day are open (dates are YYYY-MM-DD, so text order is day order). A
 * consultation the coordination closed early (`closedOn`) stays closed from that moment on.
 */
export function consultationStatus(c: { startsOn: string; endsOn: string; closedOn: string | null }, today: string): ConsultationStatus {
  if (c.closedOn !== null) return 'closed';
  if (today < c.startsOn) return 'upcoming';
  if (today > c.endsOn) return 'closed';
  return 'open';
}

export const COMMENT_MAX = 5000;
export const NAME_MAX = 120;
export const REASON_MAX = 1000;

export const CONSULTATION_RULES: Record<string, FieldRule> = {
  title: { type: 'text', required: true, max: 300 },
  roundId: { type: 'int', min: 1, max: 2_000_000_000 },
  startsOn: { type: 'date', required: true },
  endsOn: { type: 'date', required: true },
};

/** What a visitor writes. `target`: draft | commitment:<id> | section:<id>. */
/** Asking for a link to comment by mail. */
export const LINK_REQUEST_RULES: Record<string, FieldRule> = {
  email: { type: 'text', required: true, max: 254 },
};

export const COMMENT_RULES: Record<string, FieldRule> = {
  target: { type: 'text', required: true, max: 40 },
  name: { type: 'text', max: NAME_MAX },
  body: { type: 'text', required: true, max: COMMENT_MAX, multiline: true },
};

export const COMMENT_EDIT_RULES: Record<string, FieldRule> = {
  body: { type: 'text', required: true, max: COMMENT_MAX, multiline: true },
};

export const HIDE_RULES: Record<string, FieldRule> = {
  reason: { type: 'text', required: true, max: REASON_MAX, multiline: true },
};

/** Closing a consultation before its last day: why, shown on the public page. */
export const CLOSE_RULES: Record<string, FieldRule> = {
  closeReason: { type: 'text', required: true, max: REASON_MAX, multiline: true },
};

/**
 * Why a consultation cannot be closed now (null: it is open): not open yet (from `date`), ended on its
 * last day, or closed early already.
 */
export function closeRefusal(
  c: { startsOn: string; endsOn: string; closedOn: string | null },
  today: string,
): { state: 'upcoming' | 'ended' | 'closed-early'; date: string } | null {
  if (c.closedOn !== null) return { state: 'closed-early', date: c.closedOn };
  const status = consultationStatus(c, today);
  if (status === 'upcoming') return { state: 'upcoming', date: c.startsOn };
  if (status === 'closed') return { state: 'ended', date: c.endsOn };
  return null;
}

export const ANSWER_RULES: Record<string, FieldRule> = {
  answer: { type: 'choice', required: true, values: COMMENT_ANSWERS },
  reason: { type: 'text', required: true, max: REASON_MAX, multiline: true },
  changes: { type: 'text', max: REASON_MAX, multiline: true },
};

/** "draft", "commitment:12", "section:3" → the target; null when it is none of them. */
export function parseTarget(text: string): { target: ConsultationTarget; id: number | null } | null {
  if (text === 'draft') return { target: 'draft', id: null };
  const m = /^(commitment|section):([1-9]\d{0,9})$/.exec(text);
  return m ? { target: m[1] as ConsultationTarget, id: Number(m[2]) } : null;
}

export interface CommentFacts {
  id: number;
  target: ConsultationTarget;
  /** The commitment's or section's title ('' for the whole draft). */
  targetTitle: string;
  authorName: string;
  body: string;
  postedAt: string;
  hidden: boolean;
  hiddenReason: string | null;
  answer: CommentAnswer | null;
  answerReason: string | null;
  answerChanges: string | null;
}

export interface SynthesisRow {
  number: number;
  target: ConsultationTarget;
  targetTitle: string;
  authorName: string;
  postedOn: string;
  /** A hidden comment's text is not repeated: the row says it was hidden and why. */
  body: string | null;
  hiddenReason: string | null;
  answer: CommentAnswer | null;
  answerReason: string;
  changes: string;
}

/**
 * The synthesis: every comment in the order it was posted (hidden ones too, without their text, so
 * the count adds up), its answer and what changed; and the totals per answer.
 */
export function synthesis(comments: readonly CommentFacts[]): {
  rows: SynthesisRow[];
  totals: Record<CommentAnswer | 'unanswered' | 'hidden', number>;
} {
  const sorted = [...comments].sort((a, b) => (a.postedAt < b.postedAt ? -1 : a.postedAt > b.postedAt ? 1 : a.id - b.id));
  const totals = { accepted: 0, partly: 0, 'not-accepted': 0, unanswered: 0, hidden: 0 };
  const rows = sorted.map((c, i): SynthesisRow => {
    if (c.hidden) totals.hidden++;
    else if (c.answer) totals[c.answer]++;
    else totals.unanswered++;
    return {
      number: i + 1,
      target: c.target,
      targetTitle: c.targetTitle,
      // The name is what the visitor typed: hidden with the text (it may be the reason for hiding).
      authorName: c.hidden ? '' : c.authorName,
      postedOn: c.postedAt.slice(0, 10),
      body: c.hidden ? null : c.body,
      hiddenReason: c.hidden ? c.hiddenReason : null,
      answer: c.hidden ? null : c.answer,
      answerReason: c.hidden ? '' : (c.answerReason ?? ''),
      changes: c.hidden ? '' : (c.answerChanges ?? ''),
    };
  });
  return { rows, totals };
}
