import { RATE_LIMITS } from '../../domain/abuse.js';
import { levelLabel, isLevel } from '../../domain/levels.js';
import type { RoundKind } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { roundName } from '../../i18n/format.js';
import type { Lang } from '../../i18n/lang.js';
import { notificationMessages } from '../../i18n/notifications.js';
import { latestAuditId } from '../../storage/audit.js';
import type { Store } from '../../storage/connect.js';
import * as followStore from '../../storage/follows.js';
import { findActivity } from '../../storage/workspace.js';
import { isEmail, normalizeEmail } from '../accounts.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { isBot, rateLimitWait } from '../abuse.js';
import { siteLink } from './links.js';
import { enqueue } from './outbox.js';

/**
 * Following a commitment by e-mail (issue 6). A request makes a pending follow and queues a mail with
 * a confirmation link; only a confirmed follow gets messages. The messages are found in the audit log
 * after a stored cursor — no other service needs a hook — and one run's changes to a commitment make
 * one message per follower, each with a link to stop.
 */
type Env = Record<string, string | undefined>;

export const CONFIRM_LINK_DAYS = 7;
/** Confirmation mails per address in 24 hours, whatever the commitment (the shared rate limit). */
export const FOLLOW_REQUESTS_PER_DAY = RATE_LIMITS['follow-email'].max;
/** A second request for the same commitment within this time sends no second mail. */
export const FOLLOW_RESEND_MINUTES = 10;
/** Requests from one network address in a day (the shared rate limit). */
export const FOLLOW_REQUESTS_PER_IP = RATE_LIMITS['follow-ip'].max;
/** The longest address accepted (RFC 5321's path limit). */
const EMAIL_MAX = 254;
const CURSOR = 'follows';

export type FollowRequestResult =
  | { ok: true; email: string }
  | { ok: false; field: 'email'; problem: 'missing' | 'invalid' | 'tooLong' }
  | { ok: false; field: 'email'; problem: 'limited' | 'limitedNetwork'; retryAfterSeconds: number };

export async function followableCommitment(store: Store, commitmentId: number) {
  const c = await followStore.followedCommitment(store.db, commitmentId);
  if (!c) throw new AppError('not_found', { entity: 'commitment', id: commitmentId });
  return { id: c.id, number: c.number, title: c.title, planTitle: c.plan_title };
}

/**
 * Someone asks to follow a commitment. The answer is the same whether the address already follows it
 * (no mail then) or not: the page never tells who follows what. Too many requests from one network
 * address, or mails to one address, in a day: refused with the seconds to wait (the shared rate limit).
 */
export async function requestFollow(
  store: Store,
  input: { commitmentId: number; email: string; lang: Lang; ip?: string; now: Date; env?: Env; website?: string },
): Promise<FollowRequestResult> {
  const c = await followableCommitment(store, input.commitmentId);
  // The honeypot filled in: a robot, answered as if all went well; nothing is kept, no mail, not counted.
  if (isBot({ website: input.website })) return { ok: true, email: normalizeEmail(input.email) };
  const email = normalizeEmail(input.email);
  if (!email) return { ok: false, field: 'email', problem: 'missing' };
  if (email.length > EMAIL_MAX) return { ok: false, field: 'email', problem: 'tooLong' };
  if (!isEmail(email)) return { ok: false, field: 'email', problem: 'invalid' };
  const now = input.now;
  const at = now.toISOString();
  // The shared rate limit (services/abuse.ts): every request from one network address counts; a refused one does not.
  if (input.ip !== undefined) {
    const wait = await rateLimitWait(store.db, 'follow-ip', { ip: input.ip }, at);
    if (wait > 0) return { ok: false, field: 'email', problem: 'limitedNetwork', retryAfterSeconds: wait };
  }
  return store.db.transaction().execute(async (trx) => {
    // Per address, only the requests that send a mail count: a look first, the count when the mail is queued.
    const wait = await rateLimitWait(trx, 'follow-email', { email }, at, { count: false });
    if (wait > 0) return { ok: false as const, field: 'email' as const, problem: 'limited' as const, retryAfterSeconds: wait };
    const follow = await followStore.upsertPendingFollow(trx, { commitmentId: c.id, email, lang: input.lang }, at);
    if (follow.status === 'confirmed') return { ok: true as const, email };
    const last = await followStore.latestConfirmRequest(trx, follow.id);
    if (last && now.getTime() - Date.parse(last) < FOLLOW_RESEND_MINUTES * 60_000) return { ok: true as const, email };
    await rateLimitWait(trx, 'follow-email', { email }, at);
    const token = newToken();
    const tokenId = await followStore.insertNotificationToken(trx, {
      hash: hashToken(token),
      purpose: 'follow-confirm',
      followId: follow.id,
      at,
      expiresAt: new Date(now.getTime() + CONFIRM_LINK_DAYS * 86_400_000).toISOString(),
    });
    const m = notificationMessages[input.lang].follow;
    await enqueue(
      trx,
      {
        dedupeKey: `follow-confirm:${tokenId}`,
        recipient: email,
        lang: input.lang,
        subject: m.confirmSubject(c.number, c.title),
        body: m.confirmText(c.number, c.title, c.planTitle, siteLink(input.lang, `/seguimiento/confirmar?token=${token}`, input.env)),
      },
      at,
      input.env,
    );
    return { ok: true as const, email };
  });
}

export interface FollowLink {
  email: string;
  commitment: { id: number; number: number; title: string };
}

/** What a confirm or unfollow link is about, or null when it is unknown, used or expired. */
export async function followLink(
  store: Store,
  purpose: 'follow-confirm' | 'unfollow',
  token: string,
  now: Date,
): Promise<FollowLink | null> {
  if (!token || token.length > 100) return null;
  const t = await followStore.findNotificationToken(store.db, hashToken(token));
  if (!t || t.purpose !== purpose || t.used_at || (t.expires_at && t.expires_at <= now.toISOString()) || t.follow_id === null) return null;
  const follow = await followStore.findFollowById(store.db, t.follow_id);
  if (!follow) return null;
  if (purpose === 'unfollow' && follow.status === 'ended') return null;
  const c = await followStore.followedCommitment(store.db, follow.commitment_id);
  if (!c) return null;
  return { email: follow.email, commitment: { id: c.id, number: c.number, title: c.title } };
}

/** Confirms a follow (the POST of the confirmation page): messages start with the changes after now. */
export async function confirmFollow(store: Store, token: string, now: Date): Promise<FollowLink | null> {
  const link = await followLink(store, 'follow-confirm', token, now);
  if (!link) return null;
  return store.db.transaction().execute(async (trx) => {
    const t = (await followStore.findNotificationToken(trx, hashToken(token)))!;
    if (!(await followStore.useNotificationToken(trx, t.id, now.toISOString()))) return null;
    await followStore.confirmFollow(trx, t.follow_id!, now.toISOString(), await latestAuditId(trx));
    return link;
  });
}

/** Ends a follow (the POST of the unfollow page). The link keeps working until then: old mails' links too. */
export async function unfollow(store: Store, token: string, now: Date): Promise<FollowLink | null> {
  const link = await followLink(store, 'unfollow', token, now);
  if (!link) return null;
  const t = (await followStore.findNotificationToken(store.db, hashToken(token)))!;
  await followStore.endFollow(store.db, t.follow_id!, now.toISOString());
  return link;
}

// ---- The messages: what changed, from the audit log ------------------------------------------------

type Entry = Awaited<ReturnType<typeof followStore.followableEntries>>[number];

/** One line of news, in both languages (written per follower's language). */
type News = (lang: Lang) => string;

export interface FollowMessage {
  followId: number;
  email: string;
  lang: Lang;
  commitmentId: number;
  lastAuditId: number;
  subject: string;
  text: string;
}

const parse = (json: string | null): Record<string, unknown> => (json ? (JSON.parse(json) as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function newsByCommitment(store: Store, entries: Entry[]): Promise<Map<number, { entryIds: number[]; news: News[] }>> {
  const out = new Map<number, { entryIds: number[]; news: News[] }>();
  const add = (commitmentId: number, entryId: number, news: News) => {
    const x = out.get(commitmentId) ?? { entryIds: [], news: [] };
    x.entryIds.push(entryId);
    x.news.push(news);
    out.set(commitmentId, x);
  };
  const rounds = new Map(
    (await followStore.roundsByIds(store.db, [...new Set(entries.filter((e) => e.entity === 'rounds').map((e) => e.entity_id))])).map(
      (r) => [r.id, r],
    ),
  );
  const assessments = new Map(
    (
      await followStore.assessmentsByIds(store.db, [...new Set(entries.filter((e) => e.entity === 'assessments').map((e) => e.entity_id))])
    ).map((a) => [a.id, a]),
  );
  const name = (r: { kind: string; title: string; lang: string; cutoff_date: string | null }, lang: Lang) =>
    roundName({ kind: r.kind as RoundKind, title: r.title, lang: r.lang, cutoffDate: r.cutoff_date }, lang);
  const level = (v: unknown, lang: Lang) => (isLevel(v) ? levelLabel(v, lang) : String(v));

  for (const e of entries) {
    const before = parse(e.before);
    const after = parse(e.after);
    if (e.entity === 'rounds') {
      const r = rounds.get(e.entity_id);
      // News only when the entry is the publication itself: a round created published, or a change from
      // unpublished to published — not a later edit of a round that already was (no re-announcement).
      const publishes =
        Number(after.published) === 1 && (e.action === 'create' || ('published' in before && Number(before.published) !== 1));
      if (!r || !publishes) continue;
      // A published round: news for every commitment it assessed, with its level.
      for (const a of await followStore.assessmentsOfRound(store.db, r.id)) {
        add(
          a.commitment_id,
          e.id,
          (lang) =>
            notificationMessages[lang].follow.roundPublished(name(r, lang)) +
            (a.level && isLevel(a.level) ? ` ${notificationMessages[lang].follow.level(levelLabel(a.level, lang))}` : ''),
        );
      }
    } else if (e.entity === 'assessments') {
      // Public only once its round is published (the query's filter): a correction afterwards.
      if (!('level' in after) || e.commitment_id === null) continue;
      const a = assessments.get(e.entity_id);
      if (!a) continue;
      add(e.commitment_id, e.id, (lang) => notificationMessages[lang].follow.level(level(after.level, lang)));
    } else if (e.entity === 'activities' && e.commitment_id !== null) {
      const title = str(after.title) || str(before.title);
      const m = (lang: Lang) => notificationMessages[lang].follow;
      if (e.action === 'create') add(e.commitment_id, e.id, (lang) => m(lang).activityAdded(title));
      else if (e.action === 'delete') add(e.commitment_id, e.id, (lang) => m(lang).activityRemoved(title));
      else {
        // An update logs only what changed: the title is read from the activity as it is now.
        const current = title || (await findActivity(store.db, e.entity_id))?.title || `#${e.entity_id}`;
        add(e.commitment_id, e.id, (lang) => m(lang).activityChanged(current));
      }
    } else if (e.entity === 'evidence' && e.commitment_id !== null) {
      const what = (lang: Lang) =>
        str(after.description) || str(after.url) || str(before.description) || str(before.url) || notificationMessages[lang].follow.aFile;
      const m = (lang: Lang) => notificationMessages[lang].follow;
      if (e.action === 'create') add(e.commitment_id, e.id, (lang) => m(lang).evidenceAdded(what(lang)));
      else if (e.action === 'delete') add(e.commitment_id, e.id, (lang) => m(lang).evidenceRemoved(what(lang)));
      else add(e.commitment_id, e.id, (lang) => m(lang).evidenceChanged(what(lang)));
    }
  }
  return out;
}

export interface FollowRun {
  /** The audit entries read: after `from`, up to `to`. */
  from: number;
  to: number;
  messages: FollowMessage[];
}

/**
 * The messages to followers since the last run, grouped: one per follower and commitment. The first
 * run ever starts from the end of the log (no one is told the past). `dryRun` writes nothing; otherwise
 * the messages, their unfollow links and the cursor's move commit together — or not at all when
 * another run moved the cursor first.
 */
export async function runFollowMessages(store: Store, options: { now: string; dryRun?: boolean; env?: Env }): Promise<FollowRun> {
  const stored = await followStore.readCursor(store.db, CURSOR);
  const to = await latestAuditId(store.db);
  // The first run reads from the earliest confirmation (nobody is told what happened before they followed).
  const from = stored ?? (await followStore.earliestConfirmedFrom(store.db)) ?? to;
  if (to <= from) {
    if (stored === null && !options.dryRun) await followStore.moveCursor(store.db, CURSOR, null, to, options.now);
    return { from, to, messages: [] };
  }
  const grouped = await newsByCommitment(store, await followStore.followableEntries(store.db, from, to));
  const follows = await followStore.confirmedFollowsOf(store.db, [...grouped.keys()]);
  const commitments = new Map<number, Awaited<ReturnType<typeof followStore.followedCommitment>>>();
  const planned: { message: FollowMessage; token: string }[] = [];
  for (const f of follows) {
    const g = grouped.get(f.commitment_id)!;
    // Only what happened after this person confirmed.
    const news = g.news.filter((_, i) => g.entryIds[i]! > (f.from_audit_id ?? 0));
    if (news.length === 0) continue;
    if (!commitments.has(f.commitment_id))
      commitments.set(f.commitment_id, await followStore.followedCommitment(store.db, f.commitment_id));
    const c = commitments.get(f.commitment_id);
    if (!c) continue;
    const lang: Lang = f.lang === 'en' ? 'en' : 'es';
    const m = notificationMessages[lang].follow;
    const token = newToken();
    const lines = [...new Set(news.map((n) => n(lang)))];
    const text = [
      m.changesIntro(c.number, c.title, c.plan_title),
      '',
      ...lines.map((l) => `* ${l}`),
      '',
      m.see(siteLink(lang, `/compromisos/${c.id}`, options.env)),
      '',
      '-- ',
      m.why,
      m.stop(siteLink(lang, `/seguimiento/baja?token=${token}`, options.env)),
      '',
    ].join('\n');
    planned.push({
      message: {
        followId: f.id,
        email: f.email,
        lang,
        commitmentId: c.id,
        lastAuditId: Math.max(...g.entryIds),
        subject: m.changesSubject(c.number, c.title),
        text,
      },
      token,
    });
  }
  if (options.dryRun) return { from, to, messages: planned.map((p) => p.message) };
  const moved = await store.db.transaction().execute(async (trx) => {
    if (!(await followStore.moveCursor(trx, CURSOR, stored, to, options.now))) return false;
    for (const { message, token } of planned) {
      await followStore.insertNotificationToken(trx, {
        hash: hashToken(token),
        purpose: 'unfollow',
        followId: message.followId,
        at: options.now,
      });
      await enqueue(
        trx,
        {
          dedupeKey: `follow:${message.followId}:${message.lastAuditId}`,
          recipient: message.email,
          lang: message.lang,
          subject: message.subject,
          body: message.text,
          headers: { 'List-Unsubscribe': `<${siteLink(message.lang, `/seguimiento/baja?token=${token}`, options.env)}>` },
        },
        options.now,
        options.env,
      );
    }
    return true;
  });
  return moved ? { from, to, messages: planned.map((p) => p.message) } : { from, to: from, messages: [] };
}
