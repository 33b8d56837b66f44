import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { continuationRefusal, isLaterPlan, type PlanFacts } from '../../src/domain/continuity.js';
import { compareCompletion, IRM_COMPLETION, irmCompletionAsLevel, valuesOf } from '../../src/domain/irm.js';
import { LEVELS } from '../../src/domain/levels.js';

describe('the IRM completion beside the self-assessment', () => {
  test('the four shared steps map one to one; withdrawn and unclear have no counterpart', () => {
    assert.deepEqual(IRM_COMPLETION.map(irmCompletionAsLevel), ['not-started', 'limited', 'substantial', 'complete', null, null]);
  });

  test('same level: they agree', () => {
    for (const l of LEVELS) assert.deepEqual(compareCompletion(l, l), { kind: 'same' }, l);
  });

  test('the difference is counted in steps of the scale, in its direction', () => {
    assert.deepEqual(compareCompletion('complete', 'substantial'), { kind: 'lower', steps: 1 });
    assert.deepEqual(compareCompletion('complete', 'not-started'), { kind: 'lower', steps: 3 });
    assert.deepEqual(compareCompletion('limited', 'complete'), { kind: 'higher', steps: 2 });
    assert.deepEqual(compareCompletion('not-started', 'limited'), { kind: 'higher', steps: 1 });
  });

  test('withdrawn or unclear: no counterpart, whatever the self-assessment says', () => {
    for (const l of [...LEVELS, null]) {
      assert.deepEqual(compareCompletion(l, 'withdrawn'), { kind: 'no-counterpart' });
      assert.deepEqual(compareCompletion(l, 'unclear'), { kind: 'no-counterpart' });
    }
  });

  test('a side without a level: nothing to compare', () => {
    assert.deepEqual(compareCompletion(null, 'complete'), { kind: 'missing' });
    assert.deepEqual(compareCompletion('complete', null), { kind: 'missing' });
  });

  test('stored 0/1 flags back into a list of values, in OGP order', () => {
    assert.deepEqual(
      valuesOf({ 'access-to-information': 1, 'civic-participation': 0, 'public-accountability': null, 'technology-and-innovation': true }),
      ['access-to-information', 'technology-and-innovation'],
    );
  });
});

describe('carrying a commitment into a later plan', () => {
  const p2015: PlanFacts = { id: 1, governmentId: 1, periodStart: 2015, periodEnd: 2016 };
  const p2017: PlanFacts = { id: 2, governmentId: 1, periodStart: 2017, periodEnd: 2019 };

  test('an unfinished commitment goes to a later plan of the same government', () => {
    for (const level of ['not-started', 'limited', 'substantial', null] as const)
      assert.equal(continuationRefusal({ from: p2015, to: p2017, level }), null, String(level));
  });

  test('a complete one is refused', () => {
    assert.equal(continuationRefusal({ from: p2015, to: p2017, level: 'complete' }), 'already_complete');
  });

  test('the same plan, an earlier one, or one starting the same year is not later', () => {
    assert.equal(continuationRefusal({ from: p2015, to: p2015, level: 'limited' }), 'not_later_plan');
    assert.equal(continuationRefusal({ from: p2017, to: p2015, level: 'limited' }), 'not_later_plan');
    assert.equal(isLaterPlan(p2015, { ...p2017, periodStart: 2015 }), false);
    assert.equal(isLaterPlan(p2015, { ...p2017, periodStart: 2016 }), true, 'plans may overlap');
  });

  test('without periods, the plan made later is later', () => {
    assert.equal(isLaterPlan({ ...p2015, periodStart: null }, p2017), true);
    assert.equal(isLaterPlan(p2017, { ...p2015, periodStart: null }), false);
  });

  test('a plan it was already carried into is refused; another later plan is not', () => {
    const p2020: PlanFacts = { id: 3, governmentId: 1, periodStart: 2020, periodEnd: 2022 };
    assert.equal(continuationRefusal({ from: p2015, to: p2017, level: 'limited', continuedIn: [2] }), 'already_continued');
    assert.equal(continuationRefusal({ from: p2015, to: p2020, level: 'limited', continuedIn: [2] }), null);
  });

  test('another government’s plan is refused', () => {
    assert.equal(continuationRefusal({ from: p2015, to: { ...p2017, governmentId: 2 }, level: 'limited' }), 'other_government');
  });
});
