import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutoffWindow, reasonFacts, reasonParam, roundFlags, type PlanPeriod } from '../../src/domain/round-guard.js';
import { fieldErrorText } from '../../src/i18n/workspace.js';

// The seed's plan: 2015–2016, the default grace.
const plan: PlanPeriod = { periodStart: 2015, periodEnd: 2016, graceMonths: 12 };
const seedRounds = [
  { id: 1, kind: 'midterm' },
  { id: 2, kind: 'end-of-term' },
];

test('the window runs from the first day of the period to the last day of its grace', () => {
  assert.deepEqual(cutoffWindow(plan), { from: '2015-01-01', to: '2017-12-31' });
  assert.deepEqual(cutoffWindow({ ...plan, graceMonths: 6 }), { from: '2015-01-01', to: '2017-06-30' });
  assert.deepEqual(cutoffWindow({ ...plan, graceMonths: 2 }), { from: '2015-01-01', to: '2017-02-28' });
  assert.deepEqual(cutoffWindow({ ...plan, graceMonths: 0 }), { from: '2015-01-01', to: '2016-12-31' });
  assert.equal(cutoffWindow({ periodStart: null, periodEnd: null, graceMonths: 12 }), null);
});

test('a second end-of-term round is a repeat; a second periodic one is not', () => {
  assert.deepEqual(roundFlags({ id: null, kind: 'end-of-term', cutoffDate: '2017-06-30' }, seedRounds, plan), ['repeated-kind']);
  assert.deepEqual(
    roundFlags({ id: null, kind: 'periodic', cutoffDate: '2017-06-30' }, [...seedRounds, { id: 3, kind: 'periodic' }], plan),
    [],
  );
  // The seed's own end-of-term round (September 2017, nine months after the period) is not flagged…
  assert.deepEqual(roundFlags({ id: 2, kind: 'end-of-term', cutoffDate: '2017-09-30' }, seedRounds, plan), []);
  // …the one opened after it is, whatever its cutoff.
  assert.deepEqual(
    roundFlags({ id: 3, kind: 'end-of-term', cutoffDate: '2017-06-30' }, [...seedRounds, { id: 3, kind: 'end-of-term' }], plan),
    ['repeated-kind'],
  );
});

test('a cutoff before the period, or past its grace, is outside; the grace is the plan’s', () => {
  const at = (cutoffDate: string, p = plan) => roundFlags({ id: null, kind: 'periodic', cutoffDate }, [], p);
  assert.deepEqual(at('2014-12-31'), ['cutoff-outside-period']);
  assert.deepEqual(at('2015-01-01'), []);
  assert.deepEqual(at('2017-12-31'), []);
  assert.deepEqual(at('2018-01-01'), ['cutoff-outside-period']);
  assert.deepEqual(at('2018-01-01', { ...plan, graceMonths: 24 }), []);
  assert.deepEqual(at('2030-01-01', { periodStart: null, periodEnd: null, graceMonths: 12 }), []);
  assert.deepEqual(roundFlags({ id: null, kind: 'end-of-term', cutoffDate: '2019-03-31' }, seedRounds, plan), [
    'repeated-kind',
    'cutoff-outside-period',
  ]);
});

test('the refusal says why, in both languages, from the facts it carries', () => {
  const param = reasonParam(['repeated-kind', 'cutoff-outside-period'], 'end-of-term', plan);
  assert.deepEqual(reasonFacts(param), [
    { flag: 'repeated-kind', kind: 'end-of-term' },
    { flag: 'cutoff-outside-period', from: '2015-01-01', to: '2017-12-31', graceMonths: 12 },
  ]);
  const error = { field: 'roundReason', code: 'round_reason_needed' as const, param };
  assert.match(
    fieldErrorText('es', error),
    /^Complete «Motivo para abrirla»: este plan ya tiene una «Evaluación final».*12 meses de margen/,
  );
  assert.match(
    fieldErrorText('en', error),
    /^Fill in “Reason for opening it”: this plan already has an “End-of-term assessment”.*12 months of grace/,
  );
});
