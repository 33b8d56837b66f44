import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { honeypotFilled, rateDecision, withinEditWindow, withoutHoneypot } from '../../src/domain/abuse.js';
import { closeRefusal, consultationStatus, parseTarget, synthesis, type CommentFacts } from '../../src/domain/consultation.js';

describe('a consultation on a day', () => {
  const c = { startsOn: '2026-03-02', endsOn: '2026-03-16', closedOn: null };
  test('the day before the start is upcoming; the start day and the end day are open; the day after is closed', () => {
    assert.equal(consultationStatus(c, '2026-03-01'), 'upcoming');
    assert.equal(consultationStatus(c, '2026-03-02'), 'open');
    assert.equal(consultationStatus(c, '2026-03-09'), 'open');
    assert.equal(consultationStatus(c, '2026-03-16'), 'open');
    assert.equal(consultationStatus(c, '2026-03-17'), 'closed');
  });
  test('a one-day consultation is open on that day only', () => {
    const one = { startsOn: '2026-12-31', endsOn: '2026-12-31', closedOn: null };
    assert.deepEqual(
      ['2026-12-30', '2026-12-31', '2027-01-01'].map((d) => consultationStatus(one, d)),
      ['upcoming', 'open', 'closed'],
    );
  });
  test('closed early: closed from that day on, whatever its last day; only an open one may be closed, else why not', () => {
    const early = { ...c, closedOn: '2026-03-09' };
    assert.deepEqual(
      ['2026-03-09', '2026-03-10', '2026-03-16'].map((d) => consultationStatus(early, d)),
      ['closed', 'closed', 'closed'],
    );
    assert.equal(closeRefusal(c, '2026-03-09'), null);
    assert.deepEqual(closeRefusal(early, '2026-03-10'), { state: 'closed-early', date: '2026-03-09' });
    assert.deepEqual(closeRefusal(c, '2026-03-01'), { state: 'upcoming', date: '2026-03-02' });
    assert.deepEqual(closeRefusal(c, '2026-03-17'), { state: 'ended', date: '2026-03-16' });
  });
});

describe('the edit window', () => {
  const posted = '2026-03-05T10:00:00.000Z';
  test('an author may edit up to and including 15 minutes after posting, not a millisecond later', () => {
    assert.equal(withinEditWindow(posted, '2026-03-05T10:00:00.000Z'), true);
    assert.equal(withinEditWindow(posted, '2026-03-05T10:14:59.999Z'), true);
    assert.equal(withinEditWindow(posted, '2026-03-05T10:15:00.000Z'), true);
    assert.equal(withinEditWindow(posted, '2026-03-05T10:15:00.001Z'), false);
    assert.equal(withinEditWindow(posted, '2026-03-06T10:00:00.000Z'), false);
  });
  test('a clock before the posting time is not a licence to edit', () => {
    assert.equal(withinEditWindow(posted, '2026-03-05T09:59:59.000Z'), false);
  });
});

describe('rate decision and honeypot', () => {
  const limit = { max: 3, windowMinutes: 10 };
  const now = '2026-03-05T10:10:00.000Z';
  test('below the limit is allowed; at it, refused with the seconds until the oldest counted event leaves the window', () => {
    assert.deepEqual(rateDecision(limit, ['2026-03-05T10:01:00.000Z', '2026-03-05T10:02:00.000Z'], now), { allowed: true });
    const d = rateDecision(limit, ['2026-03-05T10:01:00.000Z', '2026-03-05T10:02:00.000Z', '2026-03-05T10:09:00.000Z'], now);
    assert.deepEqual(d, { allowed: false, retryAfterSeconds: 60 });
  });
  test('the honeypot is filled only by a non-blank value, and is taken out of the input', () => {
    assert.equal(honeypotFilled({ body: 'x' }), false);
    assert.equal(honeypotFilled({ website: '  ' }), false);
    assert.equal(honeypotFilled({ website: 'http://spam.example' }), true);
    assert.deepEqual(withoutHoneypot({ body: 'x', website: '' }), { body: 'x' });
  });
});

describe('targets and the synthesis', () => {
  test('a target is the draft, a commitment or a section by id; anything else is refused', () => {
    assert.deepEqual(parseTarget('draft'), { target: 'draft', id: null });
    assert.deepEqual(parseTarget('commitment:12'), { target: 'commitment', id: 12 });
    assert.deepEqual(parseTarget('section:3'), { target: 'section', id: 3 });
    for (const bad of ['', 'commitment:', 'commitment:0', 'activity:3', 'section:1; drop']) assert.equal(parseTarget(bad), null, bad);
  });
  test('rows in posting order; a hidden comment keeps its place and reason but not its text; totals add up to the comments', () => {
    const base = {
      targetTitle: '',
      authorName: 'Ana',
      hiddenReason: null,
      answer: null,
      answerReason: null,
      answerChanges: null,
      hidden: false,
    } as const;
    const comments: CommentFacts[] = [
      {
        ...base,
        id: 3,
        target: 'commitment',
        targetTitle: 'Portal',
        body: 'tercero',
        postedAt: '2026-03-05T12:00:00.000Z',
        answer: 'partly',
        answerReason: 'En parte',
        answerChanges: 'Meta 2 cambiada',
      },
      {
        ...base,
        id: 1,
        target: 'draft',
        body: 'primero',
        postedAt: '2026-03-05T10:00:00.000Z',
        answer: 'accepted',
        answerReason: 'Sí',
        answerChanges: 'Texto nuevo',
      },
      {
        ...base,
        id: 2,
        target: 'draft',
        body: 'insulto',
        postedAt: '2026-03-05T11:00:00.000Z',
        hidden: true,
        hiddenReason: 'Lenguaje ofensivo',
        answer: 'accepted',
      },
      { ...base, id: 4, target: 'draft', body: 'cuarto', postedAt: '2026-03-05T13:00:00.000Z' },
    ];
    const { rows, totals } = synthesis(comments);
    assert.deepEqual(
      rows.map((r) => [r.number, r.body]),
      [
        [1, 'primero'],
        [2, null],
        [3, 'tercero'],
        [4, 'cuarto'],
      ],
    );
    assert.equal(rows[1]!.hiddenReason, 'Lenguaje ofensivo');
    assert.equal(rows[1]!.answer, null);
    assert.equal(rows[2]!.changes, 'Meta 2 cambiada');
    assert.deepEqual(totals, { accepted: 1, partly: 1, 'not-accepted': 0, unanswered: 1, hidden: 1 });
    assert.equal(
      Object.values(totals).reduce((a, b) => a + b, 0),
      comments.length,
    );
  });
});
