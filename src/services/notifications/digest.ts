import {
  buildDigest,
  commitmentFinished,
  DEADLINE_WINDOW_DAYS,
  type CommitmentRef,
  type DeadlineFact,
  type Digest,
  type WaitingItem,
} from '../../domain/digest.js';
import { writeDigest, type Written } from '../../i18n/digest.js';
import { addDays } from '../../domain/dates.js';
import { occurrenceKey, type Warning } from '../../domain/warnings.js';
import { roundName } from '../../i18n/format.js';
import type { RoundKind } from '../../domain/types.js';
import type { Store } from '../../storage/connect.js';
import * as digestStore from '../../storage/digest.js';
import { listActivityFacts, listCommitmentFacts } from '../../storage/monitoring.js';
import { assessmentsOwedBy } from '../../storage/workspace.js';
import { insertNotificationToken } from '../../storage/follows.js';
import { planWarnings } from '../monitoring/warnings.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { digestLinks } from './links.js';
import { enqueue } from './outbox.js';

/**
 * The daily digest's I/O: read each person's facts, let the domain (domain/digest.ts) decide what to
 * say, and queue one message per person in the outbox — once per date (notification_runs), recording
 * the warnings told so that tomorrow only new ones are.
 */
export interface PersonDigest {
  recipient: digestStore.DigestRecipient;
  digest: Digest;
  written: Written;
  /** The warnings this digest tells, by occurrenceKey (key|basis). */
  keys: string[];
  /** The token of the digest's "stop" link, and the link. */
  stopToken: string;
  stopLink: string;
}

/** What one person's digest of a date says, or null when nothing. */
export async function digestFor(
  store: Store,
  person: digestStore.DigestRecipient,
  date: string,
  env: Record<string, string | undefined> = process.env,
  /** A plan's warnings of the date, computed once for everyone in a run. */
  warningsOf: (planId: number) => Promise<Warning[]> = (planId) => planWarnings(store, planId, date),
): Promise<PersonDigest | null> {
  const scope = person.role === 'coordinator' ? { governmentId: person.governmentId! } : { agencyId: person.agencyId! };
  const inCharge = await digestStore.commitmentsInCharge(store.db, scope);
  // What an agency owes in rounds under way goes by the agency on each round's cutoff (decision 010), which a move may
  // have made another than the one leading the commitment now: asked apart from what it leads.
  const owed = person.role === 'agency-editor' ? await assessmentsOwedBy(store.db, person.agencyId!) : [];
  if (inCharge.length === 0 && owed.length === 0) return null;
  const commitments = new Map<number, CommitmentRef>(inCharge.map((c) => [c.id, { id: c.id, number: c.number, title: c.title }]));
  const planIds = [...new Set(inCharge.map((c) => c.planId))];

  const warnings: Warning[] = [];
  for (const planId of planIds) warnings.push(...(await warningsOf(planId)).filter((w) => commitments.has(w.commitmentId)));

  const to = addDays(date, DEADLINE_WINDOW_DAYS);
  const deadlines: DeadlineFact[] = [];
  for (const a of await digestStore.activitiesEndingBetween(store.db, [...commitments.keys()], date, to)) {
    deadlines.push({
      kind: 'activity',
      date: a.planned_end!,
      commitment: commitments.get(a.commitment_id)!,
      activity: { id: a.id, number: a.number, title: a.title, status: a.status },
    });
  }
  const finished = new Set<number>();
  for (const planId of planIds) {
    const [facts, activities] = await Promise.all([listCommitmentFacts(store.db, planId), listActivityFacts(store.db, planId)]);
    for (const c of facts)
      if (
        commitmentFinished(
          c.latestLevel,
          activities.filter((a) => a.commitmentId === c.id).map((a) => a.status),
        )
      )
        finished.add(c.id);
  }
  for (const c of inCharge)
    if (c.plannedEnd)
      deadlines.push({ kind: 'commitment', date: c.plannedEnd, commitment: commitments.get(c.id)!, finished: finished.has(c.id) });
  // Rounds have no deadline of their own yet (only the cut-off of the period they assess): none is listed.

  const waiting: WaitingItem[] = [];
  const roundTitle = (r: { kind: string; title: string; lang: string; cutoff_date: string | null }) =>
    roundName({ kind: r.kind as RoundKind, title: r.title, lang: r.lang, cutoffDate: r.cutoff_date }, person.lang);
  if (person.role === 'coordinator') {
    for (const round of await digestStore.openRoundsOf(store.db, planIds)) {
      const statuses = await digestStore.assessmentStatuses(store.db, round.id);
      const title = roundTitle(round);
      for (const c of inCharge.filter((x) => x.planId === round.plan_id)) {
        if (statuses.get(c.id) === 'submitted')
          waiting.push({ kind: 'to-approve', round: { id: round.id, title }, commitment: commitments.get(c.id)! });
      }
    }
  }
  for (const o of owed) {
    const kind = o.status === 'returned' ? 'returned' : o.status === 'draft' ? 'draft' : o.status === null ? 'not-started' : null;
    const title = roundTitle({ kind: o.kind, title: o.round_title, lang: o.lang, cutoff_date: o.cutoff_date });
    const commitment = { id: o.id, number: o.number, title: o.title };
    if (kind)
      waiting.push({ kind, round: { id: o.round_id, title }, commitment, ...(kind === 'returned' ? { comment: o.review_comment } : {}) });
  }

  const digest = buildDigest({ date, warnings, told: await digestStore.listTold(store.db, person.id), deadlines, waiting, commitments });
  if (!digest) return null;
  const stopToken = newToken();
  const links = digestLinks(person.lang, stopToken, env);
  return {
    recipient: person,
    digest,
    written: writeDigest(digest, person, links),
    keys: digest.newWarnings.map(occurrenceKey),
    stopToken,
    stopLink: links.stop,
  };
}

export interface DigestRun {
  date: string;
  /** True when the digest of this date was built before: nothing was built or queued. */
  alreadyRan: boolean;
  digests: PersonDigest[];
}

/**
 * The digests of a date. `dryRun`: built and returned, nothing written. Otherwise the day's run row,
 * the messages, the "stop" tokens and the warnings told are written in one transaction: a second run
 * of the same date (another instance, the command by hand) finds the row and builds nothing.
 */
export async function runDigests(
  store: Store,
  options: { date: string; now: string; dryRun?: boolean; env?: Record<string, string | undefined> },
): Promise<DigestRun> {
  if (await digestStore.findRun(store.db, 'digest', options.date)) return { date: options.date, alreadyRan: true, digests: [] };
  const digests: PersonDigest[] = [];
  const byPlan = new Map<number, Promise<Warning[]>>();
  const warningsOf = (planId: number) => {
    if (!byPlan.has(planId)) byPlan.set(planId, planWarnings(store, planId, options.date));
    return byPlan.get(planId)!;
  };
  for (const person of await digestStore.listDigestRecipients(store.db)) {
    const d = await digestFor(store, person, options.date, options.env, warningsOf);
    if (d) digests.push(d);
  }
  if (options.dryRun) return { date: options.date, alreadyRan: false, digests };
  const ran = await store.db.transaction().execute(async (trx) => {
    if (!(await digestStore.claimRun(trx, 'digest', options.date, options.now))) return false;
    let queued = 0;
    for (const d of digests) {
      await insertNotificationToken(trx, { hash: hashToken(d.stopToken), purpose: 'digest-off', userId: d.recipient.id, at: options.now });
      const added = await enqueue(
        trx,
        {
          dedupeKey: `digest:${d.recipient.id}:${options.date}`,
          recipient: d.recipient.email,
          lang: d.recipient.lang,
          subject: d.written.subject,
          body: d.written.text,
          headers: { 'List-Unsubscribe': `<${d.stopLink}>` },
        },
        options.now,
        options.env,
      );
      if (added) queued++;
      await digestStore.insertTold(trx, d.recipient.id, d.keys, options.date);
    }
    await digestStore.finishRun(trx, 'digest', options.date, options.now, queued);
    return true;
  });
  return ran ? { date: options.date, alreadyRan: false, digests } : { date: options.date, alreadyRan: true, digests: [] };
}
