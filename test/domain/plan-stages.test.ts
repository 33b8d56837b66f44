import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStageMove, isDraftForThePublic, isPublic, type PlanFacts } from '../../src/domain/plan-stages.js';
import { PLAN_STATUSES } from '../../src/domain/types.js';

const plan = (status: PlanFacts['status'], more: Partial<PlanFacts> = {}): PlanFacts => ({
  status,
  commitments: 3,
  openConsultation: true,
  ...more,
});
const approval = { instrument: 'Resolución Ministerial N° 176-2015-PCM', date: '2015-07-17' };

test('the whole life, one stage at a time', () => {
  assert.equal(checkStageMove(plan('draft'), 'consultation'), null);
  assert.equal(checkStageMove(plan('consultation'), 'approved', approval), null);
  assert.equal(checkStageMove(plan('approved'), 'active'), null);
  assert.equal(checkStageMove(plan('active'), 'completed'), null);
});

test('a draft may be approved without a consultation in Vigía, nothing else skips a stage', () => {
  assert.equal(checkStageMove(plan('draft', { openConsultation: false }), 'approved', approval), null);
  assert.deepEqual(checkStageMove(plan('draft'), 'active'), { code: 'skips_stage', from: 'draft', to: 'active', next: 'consultation' });
  assert.deepEqual(checkStageMove(plan('approved'), 'completed'), {
    code: 'skips_stage',
    from: 'approved',
    to: 'completed',
    next: 'active',
  });
});

test('every move back is refused, naming both stages', () => {
  for (const [i, from] of PLAN_STATUSES.entries())
    for (const to of PLAN_STATUSES.slice(0, i)) assert.deepEqual(checkStageMove(plan(from), to, approval), { code: 'backwards', from, to });
  assert.deepEqual(checkStageMove(plan('active'), 'active'), { code: 'same_stage' });
});

test('what each stage needs', () => {
  assert.deepEqual(checkStageMove(plan('draft', { commitments: 0 }), 'consultation'), { code: 'no_commitments' });
  assert.deepEqual(checkStageMove(plan('draft', { openConsultation: false }), 'consultation'), { code: 'no_open_consultation' });
  assert.deepEqual(checkStageMove(plan('consultation'), 'approved', { date: '2015-07-17' }), {
    code: 'approval_missing',
    field: 'instrument',
  });
  assert.deepEqual(checkStageMove(plan('consultation'), 'approved', { instrument: '  ', date: '2015-07-17' }), {
    code: 'approval_missing',
    field: 'instrument',
  });
  assert.deepEqual(checkStageMove(plan('consultation'), 'approved', { instrument: 'RM 176', date: '17/07/2015' }), {
    code: 'approval_missing',
    field: 'date',
  });
});

test('the public sees a plan from en consulta on, as a draft until approved', () => {
  assert.deepEqual(PLAN_STATUSES.filter(isPublic), ['consultation', 'approved', 'active', 'completed']);
  assert.deepEqual(PLAN_STATUSES.filter(isDraftForThePublic), ['draft', 'consultation']);
});
