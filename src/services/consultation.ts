import { RATE_LIMITS } from '../domain/abuse.js';
import {
  ANSWER_RULES,
  COMMENT_EDIT_RULES,
  COMMENT_RULES,
  CONSULTATION_RULES,
  HIDE_RULES,
  LINK_REQUEST_RULES,
  consultationStatus,
  parseTarget,
  synthesis,
  type CommentAnswer,
  type CommentFacts,
  type ConsultationStatus,
  type ConsultationTarget,
} from '../domain/consultation.js';
import { checkFields, type FieldError } from '../domain/input.js';
import { can } from '../domain/permissions.js';
import type { Actor } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { consultationMessages } from '../i18n/consultation.js';
import type { Lang } from '../i18n/lang.js';
import * as consultationStore from '../storage/consultation.js';
import type { Store } from '../storage/connect.js';
import { AuditedWriter } from '../storage/writer.js';
import { assertEditable, assertUnderRateLimit, isBot, takeRateLimit, withoutHoneypot } from './abuse.js';
import { isEmail } from './accounts.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { siteLink } from './notifications/links.js';
import { enqueue } from './notifications/outbox.js';
import { authorize, writeTransaction } from './workspace/context.js';

/**
 * Public consultation of a draft (issue 7): the coordinator opens it on the plan or one of its
 * self-assessment rounds; anyone comments while it is open — with a civil-society account, or after
 * confirming an e-mail address with a mailed link; the coordinator hides (with a reason) and answers
 * each comment; when it closes, the synthesis. Comments are audited writes: the actor is `user:N`
 * or `visitor:N` (the address itself stays in consultation_authors, never in the public history).
 */
type Env = Record<string, string | undefined>;
type Result<T = object> = ({ ok: true } & T) | { ok: false; errors: FieldError[] };

/** Mails with a comment link per address per day (the shared rate limit). */
export const COMMENT_LINKS_PER_DAY = RATE_LIMITS['comment-link'].max;

/**
 * How long a mailed comment link works: two days, and never after the consultation's last day. A link
 * travels in mail (forwarded, kept in a mailbox, leaked through a Referer): it should not serve for weeks.
 * Asking again sends a new one.
 */
export const COMMENT_LINK_HOURS = 48;

/**
 * A link is used once: the first comment made with it exchanges it for a commenter cookie that lasts this
 * long — time to write more and to correct within the edit window — so the token in the mailed address
 * (kept in a mailbox, forwarded, leaked through a Referer) no longer lets anyone comment as its owner.
 */
export const COMMENTER_SESSION_MINUTES = 120;

const minutesAfter = (now: string, minutes: number): string => new Date(Date.parse(now) + minutes * 60_000).toISOString();

/**
 * When a link asked for at `now` stops working: COMMENT_LINK_HOURS later. After the consultation's last
 * day it stops anyway: commentLink compares the app's day (its time zone's, not UTC's) with the last day.
 */
export const commentLinkExpiry = (now: string): string => minutesAfter(now, COMMENT_LINK_HOURS * 60);

/** Who comments: a signed-in account, the holder of a mailed link (once), or of the cookie it was exchanged for. */
export type Commenter = { kind: 'account'; actor: Actor } | { kind: 'link'; token: string } | { kind: 'session'; secret: string };

const ctxFor = (actor: string, what: string, now: string) => ({ actor, at: now, context: what });

async function loadPlan(store: Store, planId: number) {
  const plan = await consultationStore.planFacts(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return plan;
}

/** A stored consultation's days, as domain/consultation.ts reads them. */
export const datesOf = (c: { starts_on: string; ends_on: string; closed_on: string | null }) => ({
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  closedOn: c.closed_on,
});

export async function loadConsultation(store: Store, id: number) {
  const c = await consultationStore.findConsultation(store.db, id);
  if (!c) throw new AppError('not_found', { entity: 'consultation', id });
  return c;
}

/** A consultation's id and plan (a 404 when there is none): what an address naming both is checked against. */
export async function consultationRef(store: Store, id: number): Promise<{ id: number; planId: number }> {
  const c = await loadConsultation(store, id);
  return { id: c.id, planId: c.plan_id };
}

export async function openConsultation(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<Result<{ id: number }>> {
  const plan = await loadPlan(store, planId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  const checked = checkFields(input, CONSULTATION_RULES);
  const v = checked.values;
  if (v.startsOn && v.endsOn && String(v.endsOn) < String(v.startsOn))
    checked.errors.push({ field: 'endsOn', code: 'date_order', param: String(v.startsOn) });
  if (v.roundId !== null && v.roundId !== undefined && !(await consultationStore.roundOfPlan(store.db, Number(v.roundId), planId)))
    checked.errors.push({ field: 'roundId', code: 'invalid_choice' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const id = await writeTransaction(store, (trx) =>
    new AuditedWriter(trx, ctxFor(`user:${actor.userId}`, 'open consultation', now)).forPlan(planId).insert('consultations', {
      plan_id: planId,
      round_id: (v.roundId as number | null) ?? null,
      title: String(v.title),
      starts_on: String(v.startsOn),
      ends_on: String(v.endsOn),
      opened_by: `user:${actor.userId}`,
      opened_at: now,
      closed_on: null,
      closed_reason: null,
      closed_by: null,
      closed_at: null,
    }),
  );
  return { ok: true, id };
}

/** Why and when a consultation was closed before its last day (null: it was not). */
export interface ClosedEarly {
  on: string;
  reason: string;
}

const closedEarlyOf = (c: { closed_on: string | null; closed_reason: string | null }): ClosedEarly | null =>
  c.closed_on === null ? null : { on: c.closed_on, reason: c.closed_reason ?? '' };

export interface ConsultationComment {
  id: number;
  target: ConsultationTarget;
  targetId: number | null;
  authorName: string;
  body: string;
  postedAt: string;
  editedAt: string | null;
  answer: CommentAnswer | null;
  answerReason: string | null;
  answerChanges: string | null;
  answeredAt: string | null;
  /** For the comment's author, within the edit window. */
  mine: boolean;
}

export interface ConsultationView {
  id: number;
  planId: number;
  planTitle: string;
  roundId: number | null;
  roundTitle: string | null;
  title: string;
  startsOn: string;
  endsOn: string;
  status: ConsultationStatus;
  closedEarly: ClosedEarly | null;
  commitments: { id: number; number: number; title: string }[];
  sections: { id: number; title: string }[];
  /** Visible comments, oldest first. */
  comments: ConsultationComment[];
  /** Hidden ones: only their reasons (the count is their length). */
  hidden: { id: number; reason: string }[];
  governmentId: number;
}

/** A stored comment as pages and the API show it. */
function toComment(r: Awaited<ReturnType<typeof consultationStore.commentsOf>>[number], mine: boolean): ConsultationComment {
  return {
    id: Number(r.id),
    target: r.target as ConsultationTarget,
    targetId: r.commitment_id ?? r.section_id ?? null,
    authorName: r.author_name,
    body: r.body,
    postedAt: r.posted_at,
    editedAt: r.edited_at,
    answer: r.answer as CommentAnswer | null,
    answerReason: r.answer_reason,
    answerChanges: r.answer_changes,
    answeredAt: r.answered_at,
    mine,
  };
}

/** The public page's facts; `me` marks the comments the reader wrote (author user id or author id). */
export async function consultationView(
  store: Store,
  id: number,
  today: string,
  me: { userId?: number; authorId?: number } = {},
): Promise<ConsultationView> {
  const c = await loadConsultation(store, id);
  const { commitments, sections } = await consultationStore.draftTargets(store.db, c.plan_id);
  const rows = await consultationStore.commentsOf(store.db, id);
  const visible = rows.filter((r) => !r.hidden);
  return {
    id: c.id,
    planId: c.plan_id,
    planTitle: c.plan_title,
    roundId: c.round_id,
    roundTitle: c.round_title ?? null,
    title: c.title,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    status: consultationStatus(datesOf(c), today),
    closedEarly: closedEarlyOf(c),
    commitments: commitments.map((x) => ({ id: Number(x.id), number: Number(x.number), title: x.title })),
    sections: sections.map((x) => ({ id: Number(x.id), title: x.title })),
    comments: visible.map((r) =>
      toComment(
        r,
        (me.userId !== undefined && r.author_user_id === me.userId) || (me.authorId !== undefined && r.author_id === me.authorId),
      ),
    ),
    hidden: rows.filter((r) => r.hidden).map((r) => ({ id: Number(r.id), reason: r.hidden_reason ?? '' })),
    governmentId: Number(c.government_id),
  };
}

// ── confirming an address ──────────────────────────────────────────────────────────────────────

export type LinkRequestResult = { ok: true; email: string; quiet?: boolean } | { ok: false; errors: FieldError[] };

/**
 * A visitor asks for a link to comment: a mail with a link that works for COMMENT_LINK_HOURS, and not
 * after the consultation's last day.
 * The answer is the same whether or not the address has asked before (the page tells nothing).
 */
export async function requestCommentLink(
  store: Store,
  input: { consultationId: number; body: Record<string, unknown>; lang: Lang; ip?: string | null; today: string; now: string; env?: Env },
): Promise<LinkRequestResult> {
  const c = await loadConsultation(store, input.consultationId);
  const now = input.now;
  if (isBot(input.body)) return { ok: true, email: '', quiet: true };
  // The network address's limit before the fields (the e-mail address is known once they are checked); counted below, with the mail.
  await assertUnderRateLimit(store.db, 'comment-link', { ip: input.ip ?? null }, now);
  const checked = checkFields(withoutHoneypot(input.body), LINK_REQUEST_RULES);
  const email = String(checked.values.email ?? '').toLowerCase();
  if (checked.errors.length === 0 && !isEmail(email)) checked.errors.push({ field: 'email', code: 'invalid_choice' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  if (consultationStatus(datesOf(c), input.today) !== 'open') throw new AppError('consultation_closed');
  await store.db.transaction().execute(async (trx) => {
    // Counted with the mail it queues (a refusal, 429, queues and counts nothing).
    await takeRateLimit(trx, 'comment-link', { email, ip: input.ip ?? null }, now);
    const author = await consultationStore.upsertAuthor(trx, email, input.lang, now);
    const token = newToken();
    const tokenId = await consultationStore.insertCommentToken(trx, {
      hash: hashToken(token),
      authorId: author.id,
      consultationId: c.id,
      at: now,
      expiresAt: commentLinkExpiry(now),
    });
    const m = consultationMessages[input.lang].mail;
    await enqueue(
      trx,
      {
        dedupeKey: `consultation-link:${tokenId}`,
        recipient: email,
        lang: input.lang,
        subject: m.subject(c.title),
        body: m.text(
          c.title,
          c.plan_title,
          siteLink(input.lang, `/planes/${c.plan_id}/consultas/${c.id}/comentar?token=${token}`, input.env),
          c.ends_on,
          COMMENT_LINK_HOURS,
        ),
      },
      now,
      input.env,
    );
  });
  return { ok: true, email };
}

export interface LinkHolder {
  authorId: number;
  tokenId: number;
  email: string;
  consultationId: number;
}

/**
 * Whom a link (or, with purpose 'session', a commenter cookie) is for, or null when it is unknown, for
 * another consultation, expired, a link used already, or — given the app's `today` — the consultation has
 * closed. `now` is the app's clock.
 */
export async function commentLink(
  store: Store,
  consultationId: number,
  token: string,
  now: string,
  purpose: 'link' | 'session' = 'link',
  today?: string,
): Promise<LinkHolder | null> {
  if (!token || token.length > 100) return null;
  const t = await consultationStore.findCommentToken(store.db, hashToken(token));
  if (!t || t.purpose !== purpose || t.consultation_id !== consultationId || t.expires_at <= now) return null;
  if (purpose === 'link' && t.used_at !== null) return null;
  if (today !== undefined) {
    const c = await consultationStore.findConsultation(store.db, consultationId);
    if (!c || consultationStatus(datesOf(c), today) === 'closed') return null;
  }
  return { authorId: Number(t.author_id), tokenId: Number(t.id), email: t.email, consultationId };
}

async function identify(store: Store, consultationId: number, who: Commenter, now: string) {
  if (who.kind === 'account') {
    if (!can(who.actor, 'comment:consultation')) throw new AppError('forbidden');
    return {
      actor: `user:${who.actor.userId}`,
      userId: who.actor.userId,
      authorId: null as number | null,
      email: who.actor.email,
      tokenId: null as number | null,
    };
  }
  const link =
    who.kind === 'link'
      ? await commentLink(store, consultationId, who.token, now)
      : await commentLink(store, consultationId, who.secret, now, 'session');
  if (!link) throw new AppError('unauthenticated');
  // Only a mailed link is exchanged (tokenId): a cookie goes on as it is.
  return {
    actor: `visitor:${link.authorId}`,
    userId: null as number | null,
    authorId: link.authorId,
    email: link.email,
    tokenId: who.kind === 'link' ? link.tokenId : (null as number | null),
  };
}

/** `session`: the commenter cookie a mailed link was exchanged for (set it; the link no longer works). */
export type CommentResult =
  { ok: true; id: number; quiet?: boolean; session?: { secret: string; expiresAt: string } } | { ok: false; errors: FieldError[] };

/**
 * A comment. A filled honeypot is answered as if all went well and nothing is kept; a closed
 * consultation is refused (409); too many posts from one account, address or IP is refused (429).
 */
export async function postComment(
  store: Store,
  input: { consultationId: number; who: Commenter; body: Record<string, unknown>; ip?: string | null; today: string; now: string },
): Promise<CommentResult> {
  const c = await loadConsultation(store, input.consultationId);
  const now = input.now;
  const who = await identify(store, c.id, input.who, now);
  if (isBot(input.body)) return { ok: true, id: 0, quiet: true };
  // The rate limit before the fields, counting nothing; counted below, with the comment.
  await assertUnderRateLimit(store.db, 'comment', { userId: who.userId, email: who.email, ip: input.ip ?? null }, now);
  const { token: _token, ...fields } = withoutHoneypot(input.body);
  const checked = checkFields(fields, COMMENT_RULES);
  const target = parseTarget(String(checked.values.target ?? ''));
  if (!checked.errors.some((e) => e.field === 'target')) {
    const targets = await consultationStore.draftTargets(store.db, c.plan_id);
    const known =
      target &&
      (target.target === 'draft' ||
        (target.target === 'commitment' ? targets.commitments : targets.sections).some((t) => Number(t.id) === target.id));
    if (!known) checked.errors.push({ field: 'target', code: 'invalid_choice' });
  }
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  if (consultationStatus(datesOf(c), input.today) !== 'open') throw new AppError('consultation_closed');
  let session: { secret: string; expiresAt: string } | undefined;
  const id = await writeTransaction(store, async (trx) => {
    // Again under the audit chain's lock: a close that landed since the check above wins.
    if (consultationStatus(datesOf((await consultationStore.findConsultation(trx, c.id))!), input.today) !== 'open')
      throw new AppError('consultation_closed');
    // Counted with the comment: a comment that is not stored (the link used meanwhile) counts nothing.
    await takeRateLimit(trx, 'comment', { userId: who.userId, email: who.email, ip: input.ip ?? null }, now);
    if (who.authorId !== null && who.tokenId !== null) {
      // The mailed link is used once: exchanged here for a commenter cookie.
      if (!(await consultationStore.useCommentToken(trx, who.tokenId, now))) throw new AppError('unauthenticated');
      await consultationStore.confirmAuthor(trx, who.authorId, now);
      const secret = newToken();
      const expiresAt = minutesAfter(now, COMMENTER_SESSION_MINUTES);
      await consultationStore.insertCommentToken(trx, {
        hash: hashToken(secret),
        authorId: who.authorId,
        consultationId: c.id,
        at: now,
        expiresAt,
        purpose: 'session',
      });
      session = { secret, expiresAt };
    }
    const w = new AuditedWriter(trx, ctxFor(who.actor, 'consultation comment', now))
      .forPlan(c.plan_id)
      .forCommitment(target!.target === 'commitment' ? target!.id : null);
    return w.insert('consultation_comments', {
      consultation_id: c.id,
      target: target!.target,
      commitment_id: target!.target === 'commitment' ? target!.id : null,
      section_id: target!.target === 'section' ? target!.id : null,
      author_id: who.authorId,
      author_user_id: who.userId,
      author_name: (checked.values.name as string | null) ?? '',
      body: String(checked.values.body),
      posted_at: now,
      edited_at: null,
      hidden_reason: null,
      hidden_by: null,
      hidden_at: null,
      answer: null,
      answer_reason: null,
      answer_changes: null,
      answered_by: null,
      answered_at: null,
    });
  });
  return session ? { ok: true, id, session } : { ok: true, id };
}

/**
 * The author changes the text within the edit window, while the consultation is open (on the app's
 * `today`) and before the comment is answered (409 consultation_closed / comment_answered; 403 for anyone
 * else or a hidden comment; 409 edit_window_over after the window).
 */
export async function editComment(
  store: Store,
  input: { commentId: number; who: Commenter; body: Record<string, unknown>; today: string; now: string },
): Promise<Result> {
  const comment = await consultationStore.findComment(store.db, input.commentId);
  if (!comment) throw new AppError('not_found', { entity: 'comment', id: input.commentId });
  const now = input.now;
  const who = await identify(store, comment.consultation_id, input.who, now);
  const own =
    (who.userId !== null && comment.author_user_id === who.userId) || (who.authorId !== null && comment.author_id === who.authorId);
  /** Asked of the row read first, and again inside the transaction: a hide or an answer may land in between. */
  const assertStillEditable = (row: typeof comment) => {
    if (!own || row.hidden) throw new AppError('forbidden');
    // An answered comment is part of the record: rewriting it would change what the answer answers.
    if (row.answered_at !== null) throw new AppError('comment_answered');
  };
  if (!own || comment.hidden) throw new AppError('forbidden');
  const c = await loadConsultation(store, comment.consultation_id);
  if (consultationStatus(datesOf(c), input.today) !== 'open') throw new AppError('consultation_closed');
  assertStillEditable(comment);
  assertEditable(comment.posted_at, now);
  const { token: _token, ...fields } = withoutHoneypot(input.body);
  const checked = checkFields(fields, COMMENT_EDIT_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  await writeTransaction(store, async (trx) => {
    const current = (await consultationStore.findComment(trx, comment.id))!;
    assertStillEditable(current);
    await new AuditedWriter(trx, ctxFor(who.actor, 'edit consultation comment', now))
      .forPlan(c.plan_id)
      .update('consultation_comments', current, { body: String(checked.values.body), edited_at: now });
  });
  return { ok: true };
}

async function moderated(store: Store, actor: Actor | null, commentId: number) {
  const comment = await consultationStore.findComment(store.db, commentId);
  if (!comment) throw new AppError('not_found', { entity: 'comment', id: commentId });
  const c = await loadConsultation(store, comment.consultation_id);
  authorize(actor, 'manage:plan', { governmentId: Number(c.government_id) });
  return { comment, c, actor };
}

/** Hides a comment with a reason (audited); the public page keeps counting it, with the reason. */
export async function hideComment(
  store: Store,
  actor: Actor | null,
  commentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<Result> {
  const { comment, c, actor: a } = await moderated(store, actor, commentId);
  const checked = checkFields(input, HIDE_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  await writeTransaction(store, async (trx) =>
    new AuditedWriter(trx, ctxFor(`user:${a.userId}`, 'hide consultation comment', now))
      .forPlan(c.plan_id)
      .update('consultation_comments', (await consultationStore.findComment(trx, comment.id))!, {
        hidden: 1,
        hidden_reason: String(checked.values.reason),
        hidden_by: `user:${a.userId}`,
        hidden_at: now,
      }),
  );
  return { ok: true };
}

/** The coordinator's answer: accepted, partly or not accepted, why, and what changed in the draft. */
export async function answerComment(
  store: Store,
  actor: Actor | null,
  commentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<Result> {
  const { comment, c, actor: a } = await moderated(store, actor, commentId);
  const checked = checkFields(input, ANSWER_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  // The row as it is now, read inside the transaction: the audit log's "before" is the answer it replaces, if any.
  await writeTransaction(store, async (trx) =>
    new AuditedWriter(trx, ctxFor(`user:${a.userId}`, 'answer consultation comment', now))
      .forPlan(c.plan_id)
      .update('consultation_comments', (await consultationStore.findComment(trx, comment.id))!, {
        answer: String(checked.values.answer),
        answer_reason: String(checked.values.reason),
        answer_changes: (checked.values.changes as string | null) ?? null,
        answered_by: `user:${a.userId}`,
        answered_at: now,
      }),
  );
  return { ok: true };
}

/** The synthesis ("sistematización de aportes"): every comment, its answer and what changed. */
export async function consultationSynthesis(store: Store, consultationId: number, today: string) {
  const view = await consultationView(store, consultationId, today);
  const rows = await consultationStore.commentsOf(store.db, consultationId);
  const titleOf = (target: string, id: number | null) =>
    target === 'commitment'
      ? (view.commitments.find((x) => x.id === id)?.title ?? '')
      : target === 'section'
        ? (view.sections.find((x) => x.id === id)?.title ?? '')
        : '';
  const facts: CommentFacts[] = rows.map((r) => ({
    id: Number(r.id),
    target: r.target as ConsultationTarget,
    targetTitle: titleOf(r.target, r.commitment_id ?? r.section_id),
    authorName: r.author_name,
    body: r.body,
    postedAt: r.posted_at,
    hidden: Boolean(Number(r.hidden)),
    hiddenReason: r.hidden_reason,
    answer: r.answer as CommentAnswer | null,
    answerReason: r.answer_reason,
    answerChanges: r.answer_changes,
  }));
  return { consultation: view, ...synthesis(facts) };
}

/** The coordinator's list: every comment, hidden ones too, with its moderation and answer. */
export async function moderationView(store: Store, actor: Actor | null, consultationId: number, today: string) {
  const view = await consultationView(store, consultationId, today);
  authorize(actor, 'manage:plan', { governmentId: view.governmentId });
  const rows = await consultationStore.commentsOf(store.db, consultationId);
  return {
    view,
    comments: rows.map((r) => ({ ...toComment(r, false), hidden: Boolean(Number(r.hidden)), hiddenReason: r.hidden_reason })),
  };
}

/** A plan's consultations as the public sees them on `today` (the plan page lists them). */
export async function publicPlanConsultations(store: Store, planId: number, today: string): Promise<PlanConsultation[]> {
  return (await consultationStore.consultationsOfPlan(store.db, planId)).map((c) => ({
    id: Number(c.id),
    title: c.title,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    status: consultationStatus(datesOf(c), today),
    closedOn: c.closed_on,
  }));
}

export interface PlanConsultation {
  id: number;
  title: string;
  startsOn: string;
  endsOn: string;
  status: ConsultationStatus;
  /** The day the coordination closed it early (null: it runs, or ran, to its last day). */
  closedOn: string | null;
}

/** A plan's consultations for its coordinator, with the rounds a consultation may be about. */
export async function planConsultations(store: Store, actor: Actor | null, planId: number, today: string) {
  const plan = await loadPlan(store, planId);
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  const rounds = await consultationStore.roundsOfPlan(store.db, planId);
  return {
    plan: { id: plan.id, title: plan.title },
    rounds: rounds.map((r) => ({ id: Number(r.id), title: r.title })),
    consultations: await publicPlanConsultations(store, planId, today),
  };
}

/** A comment's consultation and plan (for a route that names only the comment). */
export async function commentPlace(store: Store, commentId: number) {
  const comment = await consultationStore.findComment(store.db, commentId);
  if (!comment) throw new AppError('not_found', { entity: 'comment', id: commentId });
  const c = await loadConsultation(store, comment.consultation_id);
  return { consultationId: c.id, planId: c.plan_id };
}
