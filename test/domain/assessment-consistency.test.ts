import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consistencyWarnings, DEFAULT_COMPLETE_SHARE, type ConsistencyFacts } from '../../src/domain/assessment-consistency.js';
import { fieldErrorText } from '../../src/i18n/workspace.js';
import { assessmentReviewMessages } from '../../src/i18n/assessment-review.js';

/** A commitment with nothing to say against any level: two activities not reported, no indicator, no evidence, no earlier round. */
const quiet: ConsistencyFacts = {
  level: null,
  previousLevel: null,
  activities: [
    { number: 1, status: null },
    { number: 2, status: null },
  ],
  indicators: [],
  evidenceCount: 0,
  completeShare: DEFAULT_COMPLETE_SHARE,
};
const codes = (f: Partial<ConsistencyFacts>) => consistencyWarnings({ ...quiet, ...f }).map((w) => w.code);

test('"Completo" with an activity not started or in progress is a warning naming them; done, cancelled or not reported are not', () => {
  const activities = [
    { number: 1, status: 'done' },
    { number: 2, status: 'in-progress' },
    { number: 3, status: 'not-started' },
    { number: 4, status: 'cancelled' },
    { number: 5, status: null },
  ];
  assert.deepEqual(consistencyWarnings({ ...quiet, level: 'complete', activities }), [
    { code: 'complete-open-activity', params: { activities: '2, 3' } },
  ]);
  assert.deepEqual(codes({ level: 'complete', activities: activities.filter((a) => a.number !== 2 && a.number !== 3) }), []);
  assert.deepEqual(codes({ level: 'substantial', activities }), []);
});

test('"Completo" with an indicator below the plan\'s share of its target is a warning; at the share, or never measured, it is not', () => {
  const indicators = [
    { name: 'Portales en línea', progress: 50 },
    { name: 'Entidades capacitadas', progress: 90 },
    { name: 'Sin medir', progress: null },
  ];
  assert.deepEqual(consistencyWarnings({ ...quiet, level: 'complete', indicators }), [
    { code: 'complete-indicator-short', params: { indicator: 'Portales en línea', progress: 50, share: 90 } },
  ]);
  // The plan sets its own share: at 100 %, 90 % of the target is short too; at 50 %, nothing is.
  assert.equal(codes({ level: 'complete', indicators, completeShare: 100 }).length, 2);
  assert.deepEqual(codes({ level: 'complete', indicators, completeShare: 50 }), []);
  assert.deepEqual(codes({ level: 'limited', indicators }), []);
});

test('"No iniciado" with a finished activity, or with evidence, is a warning', () => {
  assert.deepEqual(consistencyWarnings({ ...quiet, level: 'not-started', activities: [{ number: 3, status: 'done' }] }), [
    { code: 'not-started-finished-activity', params: { activities: '3' } },
  ]);
  assert.deepEqual(consistencyWarnings({ ...quiet, level: 'not-started', evidenceCount: 2 }), [
    { code: 'not-started-with-evidence', params: { count: 2 } },
  ]);
  assert.deepEqual(codes({ level: 'not-started', activities: [{ number: 1, status: 'in-progress' }] }), []);
  assert.deepEqual(codes({ level: 'limited', evidenceCount: 2, activities: [{ number: 1, status: 'done' }] }), []);
});

test("a level two steps or more from the previous round's is a warning, up or down; one step is not", () => {
  assert.deepEqual(consistencyWarnings({ ...quiet, level: 'substantial', previousLevel: 'not-started' }), [
    { code: 'level-jump', params: { from: 'not-started', to: 'substantial' } },
  ]);
  assert.deepEqual(codes({ level: 'limited', previousLevel: 'complete' }), ['level-jump']);
  assert.deepEqual(codes({ level: 'limited', previousLevel: 'not-started' }), []);
  assert.deepEqual(codes({ level: 'complete', previousLevel: 'substantial' }), []);
  assert.deepEqual(codes({ level: 'complete', previousLevel: null }), []);
});

test('the warnings and the reason they ask for, in words, in es and en', () => {
  const w = consistencyWarnings({
    ...quiet,
    level: 'complete',
    previousLevel: 'limited',
    indicators: [{ name: 'Portales', progress: 50 }],
  });
  assert.equal(
    assessmentReviewMessages.es.consistency(w[0]!),
    'Se propone «Completo», pero el indicador «Portales» está al 50 % de su meta (el plan pide 90 %).',
  );
  assert.equal(
    assessmentReviewMessages.en.consistency(w[1]!),
    'The level goes from “Limited” to “Complete”: two levels or more from the previous assessment.',
  );
  const error = { field: 'confirmReason', code: 'confirm_warnings' as const, param: w.map((x) => x.code).join(',') };
  assert.match(
    fieldErrorText('es', error),
    /^Complete «Motivo para continuar pese a las advertencias»: «Completo» con un indicador por debajo de su meta; dos niveles/,
  );
  assert.match(
    fieldErrorText('en', error),
    /^Fill in “Reason to go ahead despite the warnings”: “Complete” with an indicator below its target; two levels/,
  );
});
