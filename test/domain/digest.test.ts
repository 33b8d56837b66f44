import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildDigest,
  commitmentFinished,
  inDeadlineWindow,
  type CommitmentRef,
  type DeadlineFact,
  type DigestFacts,
} from '../../src/domain/digest.js';
import { writeDigest, type DigestLinks } from '../../src/i18n/digest.js';
import { activityOverdue, occurrenceKey, type ActivityFacts } from '../../src/domain/warnings.js';

/** What goes in a digest, decided without I/O on fixed dates: the window's edges, the warnings already told, nothing to say. */
const c: CommitmentRef = { id: 3, number: 2, title: 'Portal de datos' };
const act = (id: number, plannedEnd: string, status: string | null = 'in-progress'): ActivityFacts => ({
  id,
  commitmentId: 3,
  planId: 1,
  number: id,
  title: `Actividad ${id}`,
  plannedStart: null,
  plannedEnd,
  status,
  weight: null,
});
const deadline = (id: number, date: string, status: string | null = 'in-progress'): DeadlineFact => ({
  kind: 'activity',
  date,
  commitment: c,
  activity: { id, number: id, title: `Actividad ${id}`, status },
});
const facts = (over: Partial<DigestFacts>): DigestFacts => ({
  date: '2026-03-02',
  warnings: [],
  told: new Set(),
  deadlines: [],
  waiting: [],
  commitments: new Map([[3, c]]),
  ...over,
});
const links: DigestLinks = {
  commitment: (id) => `https://x.test/c/${id}`,
  activity: (id) => `https://x.test/a/${id}`,
  assessment: (r, id) => `https://x.test/r/${r}/${id}`,
  round: (r) => `https://x.test/r/${r}`,
  stop: 'https://x.test/stop',
  settings: 'https://x.test/cuenta',
};

describe('the daily digest (domain)', () => {
  test('the deadline window is the day itself to 14 days after it, inclusive', () => {
    assert.equal(inDeadlineWindow('2026-03-02', '2026-03-01'), false);
    assert.equal(inDeadlineWindow('2026-03-02', '2026-03-02'), true);
    assert.equal(inDeadlineWindow('2026-03-02', '2026-03-16'), true);
    assert.equal(inDeadlineWindow('2026-03-02', '2026-03-17'), false);
    // Across a month end and a leap day.
    assert.equal(inDeadlineWindow('2028-02-20', '2028-03-05'), true);
    assert.equal(inDeadlineWindow('2028-02-20', '2028-03-06'), false);
  });

  test('deadlines: in the window and not done or cancelled, in date order (a round first on its day)', () => {
    const d = buildDigest(
      facts({
        deadlines: [
          deadline(1, '2026-03-16'),
          deadline(2, '2026-03-17'),
          deadline(3, '2026-03-05', 'done'),
          deadline(4, '2026-03-05', 'cancelled'),
          deadline(5, '2026-03-02', null),
          { kind: 'commitment', date: '2026-03-16', commitment: c },
          { kind: 'round', date: '2026-03-16', round: { id: 9, title: 'Ronda' } },
        ],
      }),
    )!;
    assert.deepEqual(
      d.deadlines.map((x) => `${x.date} ${x.kind}${x.kind === 'activity' ? ` ${x.activity.id}` : ''}`),
      ['2026-03-02 activity 5', '2026-03-16 round', '2026-03-16 commitment', '2026-03-16 activity 1'],
    );
  });

  test('warnings told in an earlier digest are left out; with nothing else to say there is no digest', () => {
    const w1 = activityOverdue(act(1, '2026-02-01'), '2026-03-02')!;
    const w2 = activityOverdue(act(2, '2026-03-01'), '2026-03-02')!;
    const d = buildDigest(facts({ warnings: [w1, w2], told: new Set([occurrenceKey(w1)]) }))!;
    assert.deepEqual(d.newWarnings, [w2]);
    assert.equal(buildDigest(facts({ warnings: [w1, w2], told: new Set([occurrenceKey(w1), occurrenceKey(w2)]) })), null);
    assert.equal(buildDigest(facts({ deadlines: [deadline(1, '2026-04-01')] })), null, 'a deadline beyond the window is nothing to say');
  });

  test('a warning told once is told again when it comes back on a new basis (the activity’s date was moved, then passed)', () => {
    const first = activityOverdue(act(1, '2026-02-01'), '2026-03-02')!;
    const again = activityOverdue(act(1, '2026-02-20'), '2026-03-02')!;
    assert.deepEqual(buildDigest(facts({ warnings: [again], told: new Set([occurrenceKey(first)]) }))!.newWarnings, [again]);
  });

  test('written in the person’s language, with its sections only when they have something', () => {
    const w = activityOverdue(act(1, '2026-02-01'), '2026-03-02')!;
    const d = buildDigest(facts({ warnings: [w], waiting: [{ kind: 'to-approve', round: { id: 9, title: 'Ronda 1' }, commitment: c }] }))!;
    const es = writeDigest(d, { name: 'Ana', lang: 'es' }, links);
    assert.equal(es.subject, 'Vigía: su resumen del 2 de marzo de 2026');
    assert.match(es.text, /^Hola, Ana:\n/);
    assert.match(
      es.text,
      /\nUna alerta nueva\n----------------\n\* Compromiso 2 «Portal de datos»: La actividad 1 \(«Actividad 1»\) debía terminar el 1 de febrero de 2026 y no está concluida \(29 días de retraso\)\.\n {2}https:\/\/x\.test\/a\/1\n/,
    );
    assert.match(
      es.text,
      /\nPendientes para usted\n-+\n\* Compromiso 2 «Portal de datos»: La evaluación de la ronda «Ronda 1» fue enviada y espera su decisión\.\n {2}https:\/\/x\.test\/r\/9\/3\n/,
    );
    assert.doesNotMatch(es.text, /Plazos/);
    assert.match(es.text, /Para dejar de recibir este resumen: https:\/\/x\.test\/stop\n/);
    const en = writeDigest(d, { name: 'Ann', lang: 'en' }, links);
    assert.equal(en.subject, 'Vigía: your summary for March 2, 2026');
    assert.match(en.text, /\nOne new warning\n-+\n\* Commitment 2 "Portal de datos": Activity 1/);
    assert.match(en.text, /To stop receiving this summary: https:\/\/x\.test\/stop\n/);
  });
});

describe('a finished commitment’s planned end is no deadline', () => {
  test('Completo, or every activity not cancelled done: finished; otherwise not', () => {
    assert.equal(commitmentFinished('complete', ['in-progress']), true);
    assert.equal(commitmentFinished('substantial', ['done', 'cancelled', 'done']), true);
    assert.equal(commitmentFinished('substantial', ['done', 'in-progress']), false);
    assert.equal(commitmentFinished(null, []), false, 'no activities: nothing says it is done');
    assert.equal(commitmentFinished(null, ['cancelled']), false);
  });

  test('the digest lists an unfinished commitment’s end and leaves a finished one’s out', () => {
    const end = (finished: boolean): DeadlineFact => ({ kind: 'commitment', date: '2026-03-10', commitment: c, finished });
    assert.equal(buildDigest(facts({ deadlines: [end(false)] }))!.deadlines.length, 1);
    assert.equal(buildDigest(facts({ deadlines: [end(true)] })), null);
  });
});
