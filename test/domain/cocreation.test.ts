import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  funnelCounts,
  isWebAddress,
  proposalFate,
  rankCandidates,
  smartTotal,
  type FunnelCandidate,
  type FunnelProposal,
  type SmartScores,
} from '../../src/domain/cocreation.js';
import { checkMinutesUrl, FORUM_MEETING_RULES } from '../../src/domain/cocreation-input.js';
import { checkFields } from '../../src/domain/input.js';

const s = (
  specific: number | null,
  measurable: number | null,
  achievable: number | null,
  relevant: number | null,
  timeBound: number | null,
): SmartScores => ({ specific, measurable, achievable, relevant, timeBound });

describe('co-creation: SMART scores and ranking', () => {
  test('the total is the sum of the five criteria, null while one is missing or off the 0–3 scale', () => {
    assert.equal(smartTotal(s(3, 3, 3, 3, 3)), 15);
    assert.equal(smartTotal(s(0, 1, 2, 3, 0)), 6);
    assert.equal(smartTotal(s(3, 3, null, 3, 3)), null);
    assert.equal(smartTotal(s(3, 3, 4, 3, 3)), null);
    assert.equal(smartTotal(s(3, 3, 1.5, 3, 3)), null);
  });

  test('ranking: total first; ties by the higher lowest criterion, then relevance, then the earlier id; unscored last without rank', () => {
    const candidates = [
      { id: 1, scores: s(3, 3, 3, 0, 3) }, // 12, lowest 0
      { id: 2, scores: s(2, 2, 2, 3, 3) }, // 12, lowest 2, relevant 3
      { id: 3, scores: s(3, 2, 2, 2, 3) }, // 12, lowest 2, relevant 2
      { id: 4, scores: s(3, 3, 3, 3, 3) }, // 15
      { id: 5, scores: s(3, null, 3, 3, 3) }, // unscored
      { id: 6, scores: s(3, 2, 2, 2, 3) }, // same as 3: the earlier id first
    ];
    // Any input order gives the same ranking.
    for (const order of [candidates, [...candidates].reverse()]) {
      const ranked = rankCandidates(order);
      assert.deepEqual(
        ranked.map((r) => [r.candidate.id, r.total, r.rank]),
        [
          [4, 15, 1],
          [2, 12, 2],
          [3, 12, 3],
          [6, 12, 4],
          [1, 12, 5],
          [5, null, null],
        ],
      );
    }
  });
});

describe('co-creation: the funnel and what became of a proposal', () => {
  /**
   * The 2015–2016 plan's shape, built as data: 170 proposals (plus 3 set aside as inadmissible), 49
   * candidates grouping 160 of them (10 not grouped), 18 prioritised of which 17 approved.
   */
  function seedShaped() {
    const candidates: FunnelCandidate[] = [];
    for (let i = 1; i <= 49; i++) candidates.push({ id: 100 + i, prioritised: i <= 18, commitmentId: i <= 17 ? 1000 + i : null });
    const proposals: FunnelProposal[] = [];
    for (let i = 1; i <= 170; i++) proposals.push({ id: i, status: 'received', candidateId: i <= 160 ? candidates[i % 49]!.id : null });
    for (let i = 171; i <= 173; i++) proposals.push({ id: i, status: 'inadmissible', candidateId: null });
    return { candidates, proposals };
  }

  test('170 proposals → 49 candidates → 18 prioritised → 17 approved, counted from the rows', () => {
    const { candidates, proposals } = seedShaped();
    assert.deepEqual(funnelCounts(proposals, candidates), {
      proposals: 170,
      candidates: 49,
      prioritised: 18,
      approved: 17,
      notGrouped: 10,
      inadmissible: 3,
    });
  });

  test('an approved candidate counts as prioritised even when the flag was never set', () => {
    assert.deepEqual(funnelCounts([], [{ id: 1, prioritised: false, commitmentId: 9 }]), {
      proposals: 0,
      candidates: 1,
      prioritised: 1,
      approved: 1,
      notGrouped: 0,
      inadmissible: 0,
    });
  });

  test('each proposal says what became of it', () => {
    const approved: FunnelCandidate = { id: 1, prioritised: true, commitmentId: 42 };
    const prioritised: FunnelCandidate = { id: 2, prioritised: true, commitmentId: null };
    const left: FunnelCandidate = { id: 3, prioritised: false, commitmentId: null };
    assert.deepEqual(proposalFate({ id: 1, status: 'received', candidateId: 1 }, approved), {
      kind: 'approved',
      candidateId: 1,
      commitmentId: 42,
    });
    assert.deepEqual(proposalFate({ id: 2, status: 'received', candidateId: 2 }, prioritised), { kind: 'prioritised', candidateId: 2 });
    assert.deepEqual(proposalFate({ id: 3, status: 'received', candidateId: 3 }, left), { kind: 'not-prioritised', candidateId: 3 });
    assert.deepEqual(proposalFate({ id: 4, status: 'received', candidateId: null }, null), { kind: 'not-grouped' });
    assert.deepEqual(proposalFate({ id: 5, status: 'inadmissible', candidateId: null }, null), { kind: 'inadmissible' });
    // A candidate that is not the proposal's own says nothing about it.
    assert.deepEqual(proposalFate({ id: 6, status: 'received', candidateId: 3 }, approved), { kind: 'not-grouped' });
  });
});

describe('the forum', () => {
  test('minutes links: http and https only, named in the error', () => {
    assert.equal(isWebAddress('https://www.gob.pe/acta.pdf'), true);
    assert.equal(isWebAddress('javascript:alert(1)'), false);
    assert.equal(isWebAddress('data:text/html,<b>x</b>'), false);
    assert.equal(isWebAddress('ftp://example.org/a'), false);
    const bad = checkMinutesUrl(
      checkFields({ meetingDate: '2015-03-02', agenda: 'Plan', minutesUrl: 'javascript:alert(1)' }, FORUM_MEETING_RULES),
    );
    assert.deepEqual(bad.errors, [{ field: 'minutesUrl', code: 'invalid_url' }]);
  });
});
