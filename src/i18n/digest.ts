import { DEADLINE_WINDOW_DAYS, type CommitmentRef, type Digest } from '../domain/digest.js';
import type { Lang } from './lang.js';
import { notificationMessages } from './notifications.js';
import { warningMessage } from './warnings.js';
import { workflowMessages } from './workflow-notices.js';

/** Where the digest's links go: absolute addresses, built from PUBLIC_URL by the caller. */
export interface DigestLinks {
  commitment(id: number): string;
  activity(id: number): string;
  assessment(roundId: number, commitmentId: number): string;
  round(roundId: number): string;
  stop: string;
  settings: string;
}

export interface Written {
  subject: string;
  text: string;
}

/** The digest as a plain-text mail in the person's language. */
export function writeDigest(d: Digest, person: { name: string; lang: Lang }, links: DigestLinks): Written {
  const m = notificationMessages[person.lang].digest;
  const lines: string[] = [m.greeting(person.name), '', m.intro(d.date)];
  const section = (title: string) => lines.push('', title, '-'.repeat(title.length));
  const name = (c: CommitmentRef | undefined, id: number) => (c ? m.commitment(c.number, c.title) : m.commitment(id, ''));

  if (d.newWarnings.length) {
    section(m.warningsTitle(d.newWarnings.length));
    for (const w of d.newWarnings) {
      lines.push(`* ${name(d.commitments.get(w.commitmentId), w.commitmentId)}: ${warningMessage(w, person.lang)}`);
      lines.push(`  ${w.subject.kind === 'activity' ? links.activity(w.subject.id) : links.commitment(w.commitmentId)}`);
    }
  }
  if (d.deadlines.length) {
    section(m.deadlinesTitle(DEADLINE_WINDOW_DAYS));
    for (const x of d.deadlines) {
      if (x.kind === 'activity') {
        lines.push(
          `* ${m.activityDeadline(x.date, x.activity.number, x.activity.title)} (${m.commitment(x.commitment.number, x.commitment.title)})`,
        );
        lines.push(`  ${links.activity(x.activity.id)}`);
      } else if (x.kind === 'commitment') {
        lines.push(`* ${m.commitmentDeadline(x.date, x.commitment.number, x.commitment.title)}`);
        lines.push(`  ${links.commitment(x.commitment.id)}`);
      } else {
        lines.push(`* ${m.roundDeadline(x.date, x.round.title)}`);
        lines.push(`  ${links.round(x.round.id)}`);
      }
    }
  }
  if (d.waiting.length) {
    section(m.waitingTitle);
    for (const w of d.waiting) {
      lines.push(`* ${m.commitment(w.commitment.number, w.commitment.title)}: ${m.waiting[w.kind](w.round.title)}`);
      if (w.comment) lines.push(workflowMessages[person.lang].digestComment(w.comment));
      lines.push(`  ${links.assessment(w.round.id, w.commitment.id)}`);
    }
  }
  lines.push('', '-- ', m.footer, m.stop(links.stop), m.settings(links.settings), '');
  return { subject: m.subject(d.date), text: lines.join('\n') };
}
