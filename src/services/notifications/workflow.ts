import type { Lang } from '../../i18n/lang.js';
import { roundName } from '../../i18n/format.js';
import { workflowMessages } from '../../i18n/workflow-notices.js';
import type { RoundKind } from '../../domain/types.js';
import type { Store } from '../../storage/connect.js';
import * as notices from '../../storage/workflow-notices.js';
import { siteLink } from './links.js';
import { enqueue } from './outbox.js';

/**
 * Workflow notices at once (issue 20, decision 040): queued in the outbox in the same transaction as the
 * decision they tell of, so a decision rolled back tells nothing, and sent by the outbox's drain (within a
 * minute under `vigia serve`). Editors and coordinators get them when they chose so on their account page
 * (the daily digest lists the same anyway); reviewers, who get no digest, get the publication of a round
 * unless they turned notices off. The dedupe key names the event and its time: one message per event.
 */
type Db = Store['db'];
type Env = Record<string, string | undefined>;

export interface RoundRef {
  id: number;
  kind: string;
  title: string;
  lang: string;
  cutoff_date: string | null;
}

const nameOf = (r: RoundRef, lang: Lang) =>
  roundName({ kind: r.kind as RoundKind, title: r.title, lang: r.lang, cutoffDate: r.cutoff_date }, lang);

async function send(
  db: Db,
  to: notices.NoticeRecipient[],
  key: string,
  write: (lang: Lang) => { subject: string; text: string },
  now: string,
  env: Env,
) {
  for (const r of to) {
    const m = workflowMessages[r.lang];
    const { subject, text } = write(r.lang);
    const body = [m.mail.greeting(r.name), '', text, '', '-- ', m.mail.footer(siteLink(r.lang, '/cuenta', env)), ''].join('\n');
    await enqueue(db, { dedupeKey: `${key}:${r.id}`, recipient: r.email, lang: r.lang, subject, body }, now, env);
  }
}

const assessmentPath = (roundId: number, commitmentId: number) => `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`;

/** An assessment returned: its agency's editors who chose notices at once, with the comment. */
export async function noticeReturned(
  db: Db,
  round: RoundRef,
  commitment: { id: number; number: number; title: string },
  comment: string,
  now: string,
  env: Env = process.env,
): Promise<void> {
  const to = await notices.editorsAtOnce(db, round.id, commitment.id);
  await send(
    db,
    to,
    `returned:${round.id}:${commitment.id}:${now}`,
    (lang) =>
      workflowMessages[lang].mail.returned({
        number: commitment.number,
        title: commitment.title,
        round: nameOf(round, lang),
        comment,
        link: siteLink(lang, assessmentPath(round.id, commitment.id), env),
      }),
    now,
    env,
  );
}

/** An assessment submitted: the government's coordinators who chose notices at once. */
export async function noticeSubmitted(
  db: Db,
  round: RoundRef,
  governmentId: number,
  commitment: { id: number; number: number; title: string },
  by: string,
  now: string,
  env: Env = process.env,
): Promise<void> {
  const to = await notices.coordinatorsAtOnce(db, governmentId);
  await send(
    db,
    to,
    `submitted:${round.id}:${commitment.id}:${now}`,
    (lang) =>
      workflowMessages[lang].mail.submitted({
        number: commitment.number,
        title: commitment.title,
        round: nameOf(round, lang),
        by,
        link: siteLink(lang, assessmentPath(round.id, commitment.id), env),
      }),
    now,
    env,
  );
}

/** A round published: the reviewers of its government (or of all). */
export async function noticePublished(
  db: Db,
  round: RoundRef,
  plan: { id: number; title: string; government_id: number },
  now: string,
  env: Env = process.env,
): Promise<void> {
  const to = await notices.reviewersOf(db, plan.government_id);
  await send(
    db,
    to,
    `published:${round.id}`,
    (lang) =>
      workflowMessages[lang].mail.published({
        round: nameOf(round, lang),
        plan: plan.title,
        link: siteLink(lang, `/planes/${plan.id}`, env),
      }),
    now,
    env,
  );
}
