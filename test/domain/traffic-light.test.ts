import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideLight, RECENT_UPDATE_DAYS, recentUpdate, type LightFacts } from '../../src/domain/traffic-light.js';
import {
  activityOverdue,
  afterPlanEnd,
  alertOverdue,
  commitmentStale,
  levelWithoutReason,
  planConcluded,
  planTerm,
  type ActivityFacts,
  type CommitmentFacts,
  type Warning,
} from '../../src/domain/warnings.js';
import { indicatorMeasurementOverdue } from '../../src/domain/indicators.js';
import { lightReasonText, warningMessage } from '../../src/i18n/warnings.js';

/**
 * Decision 036: a light is green only when something says the commitment is on track; a concluded
 * plan's warnings say "ended without completing", not how many days have gone by since.
 */
const running = planTerm('active', 2041);
const TODAY = '2040-05-01';
const none: LightFacts = {
  commitment: { plannedStart: null, plannedEnd: null, latestLevel: null },
  activities: [],
  indicatorCount: 0,
  lastUpdate: null,
};
const decide = (f: Partial<LightFacts>, warnings: Warning[] = [], date = TODAY, term = running) =>
  decideLight({ ...none, ...f }, warnings, date, term);

describe('the traffic light of a commitment (decision 036)', () => {
  test('no dates, no indicator, no recent update: grey, "sin datos", not green', () => {
    const d = decide({ lastUpdate: '2040-01-02T10:00:00.000Z' });
    assert.deepEqual(d, { light: 'no-data', reason: { code: 'no-data', days: RECENT_UPDATE_DAYS } });
    assert.equal(
      lightReasonText(d.reason, 'es'),
      'Sin fechas previstas, indicadores ni actualizaciones en los últimos 90 días: sin datos.',
    );
    assert.equal(lightReasonText(d.reason, 'en'), 'No planned dates, no indicators and no update in the last 90 days: no data.');
    // A latest level is an assessment, not a schedule: a Completo with nothing else is still no data.
    assert.equal(decide({ commitment: { ...none.commitment, latestLevel: 'complete' } }).light, 'no-data');
  });

  test('planned dates: computed on the day — green without warnings, the warnings’ colour with them', () => {
    const dated = { commitment: { plannedStart: '2040-01-01', plannedEnd: '2040-12-31', latestLevel: null } };
    const d = decide(dated);
    assert.deepEqual(d, { light: 'green', reason: { code: 'on-schedule', plannedEnd: '2040-12-31' } });
    assert.equal(lightReasonText(d.reason, 'es'), 'Fechas previstas hasta el 31 de diciembre de 2040, sin alertas.');
    // Only an activity's dates count too.
    const byActivity = decide({ activities: [{ plannedStart: null, plannedEnd: '2040-09-30', status: 'in-progress' }] });
    assert.deepEqual(byActivity.reason, { code: 'on-schedule', plannedEnd: '2040-09-30' });
    const late: ActivityFacts = {
      id: 1,
      commitmentId: 1,
      planId: 1,
      number: 2,
      title: 'Portal',
      plannedStart: '2040-01-01',
      plannedEnd: '2040-03-01',
      status: 'in-progress',
      weight: null,
    };
    const w = activityOverdue(late, TODAY)!;
    const amber = decide(dated, [w]);
    assert.deepEqual(amber, {
      light: 'red',
      reason: { code: 'warnings', count: 1, gravest: 'activity-overdue', severity: 'critical' },
    });
    assert.equal(lightReasonText(amber.reason, 'es'), 'Por su alerta: Actividad vencida (crítica).');
    assert.equal(lightReasonText(amber.reason, 'en'), 'From its warning: Activity overdue (critical).');
  });

  test('planned end passed and not complete: red, "fin previsto … pasado sin completar"; complete: not', () => {
    const ended = { commitment: { plannedStart: null, plannedEnd: '2040-03-31', latestLevel: 'limited' as const } };
    const d = decide(ended);
    assert.deepEqual(d, { light: 'red', reason: { code: 'ended-incomplete', plannedEnd: '2040-03-31' } });
    assert.equal(lightReasonText(d.reason, 'es'), 'Fin previsto 31 de marzo de 2040 pasado sin completar.');
    assert.equal(lightReasonText(d.reason, 'en'), 'Planned end March 31, 2040 passed without completing.');
    assert.equal(decide(ended, [], '2040-03-31').light, 'green', 'on its last day it has not passed');
    assert.equal(decide({ commitment: { ...ended.commitment, latestLevel: 'complete' } }).light, 'green');
    const allDone = decide({ ...ended, activities: [{ plannedStart: null, plannedEnd: null, status: 'done' }] });
    assert.equal(allDone.light, 'green', 'every activity done is complete');
  });

  test('an indicator: green without warnings', () => {
    const d = decide({ indicatorCount: 2 });
    assert.deepEqual(d, { light: 'green', reason: { code: 'indicators', count: 2 } });
    assert.equal(lightReasonText(d.reason, 'es'), 'Sus 2 indicadores, sin alertas.');
  });

  test('a recent update: green for 90 days, then no data', () => {
    const d = decide({ lastUpdate: '2040-02-15T12:00:00.000Z' });
    assert.deepEqual(d, { light: 'green', reason: { code: 'recent-update', at: '2040-02-15' } });
    assert.equal(lightReasonText(d.reason, 'en'), 'Updated on February 15, 2040, no warnings.');
    // 89 days before is recent, 90 are not.
    assert.equal(recentUpdate('2040-02-02', TODAY, running), true);
    assert.equal(recentUpdate('2040-02-01', TODAY, running), false);
    assert.equal(recentUpdate(null, TODAY, running), false);
  });

  test('on a concluded plan an update after its end is no news: recent is counted back from the end', () => {
    const ended = planTerm('completed', 2016);
    assert.equal(recentUpdate('2026-12-01T00:00:00.000Z', '2026-12-07', ended), false);
    assert.equal(recentUpdate('2016-11-15', '2026-12-07', ended), true);
    assert.equal(decide({ lastUpdate: '2026-12-01T00:00:00.000Z' }, [], '2026-12-07', ended).light, 'no-data');
  });

  test('a warning without dates (a level without reasons) gives the light its colour and its reason', () => {
    const c: CommitmentFacts = {
      id: 4,
      planId: 1,
      number: 4,
      title: 'C',
      plannedStart: null,
      plannedEnd: null,
      createdAt: '2040-01-01T00:00:00.000Z',
      lastUpdate: null,
      latestLevel: 'not-started',
      latestReasons: null,
      evidenceCount: 0,
    };
    const d = decide({}, [levelWithoutReason(c)!, levelWithoutReason(c)!]);
    assert.equal(d.light, 'amber');
    assert.equal(lightReasonText(d.reason, 'es'), 'Por sus 2 alertas; la más grave: Nivel sin razones (advertencia).');
  });
});

describe('a concluded plan’s warnings count no days (decision 036)', () => {
  const term = planTerm('completed', 2016);
  const DAY = '2026-12-07';
  const a: ActivityFacts = {
    id: 7,
    commitmentId: 3,
    planId: 1,
    number: 2,
    title: 'Publicar el portal',
    plannedStart: '2016-01-01',
    plannedEnd: '2016-06-30',
    status: 'in-progress',
    weight: null,
  };

  test('concluded: marked completed, or from the day after its period’s last day', () => {
    assert.equal(planConcluded(planTerm('active', 2016), '2016-12-31'), false);
    assert.equal(planConcluded(planTerm('active', 2016), '2017-01-01'), true);
    assert.equal(planConcluded(planTerm('completed', 2016), '2016-06-01'), true);
    assert.equal(planConcluded(planTerm('active', null), '2090-01-01'), false);
  });

  test('an overdue activity "ended without completing", critical, with no count of days; its basis unchanged', () => {
    const before = activityOverdue(a, DAY)!;
    assert.match(warningMessage(before, 'es'), /\(3812 días de retraso\)/);
    const [w] = afterPlanEnd([before], term, DAY);
    assert.ok(w);
    assert.equal(w.severity, 'critical');
    assert.equal(w.params.daysLate, undefined);
    assert.equal(w.params.planEnd, '2016-12-31');
    assert.equal(w.params.plannedEnd, before.params.plannedEnd);
    assert.equal(
      warningMessage(w, 'es'),
      'La actividad 2 («Publicar el portal») debía terminar el 30 de junio de 2016 y terminó sin completarse: el plan concluyó.',
    );
    assert.equal(
      warningMessage(w, 'en'),
      'Activity 2 ("Publicar el portal") was due to end on June 30, 2016 and ended without completing: the plan has concluded.',
    );
    // While the plan runs nothing changes.
    assert.deepEqual(afterPlanEnd([activityOverdue(a, '2016-07-02')!], planTerm('active', 2016), '2016-07-02'), [
      activityOverdue(a, '2016-07-02'),
    ]);
  });

  test('"no update for N days" and measurements due after the end are dropped; an unanswered alert stays, without the count', () => {
    const stale = commitmentStale(
      {
        id: 3,
        planId: 1,
        number: 3,
        title: 'C',
        plannedStart: null,
        plannedEnd: null,
        createdAt: '2016-01-01T00:00:00.000Z',
        lastUpdate: null,
        latestLevel: null,
        latestReasons: null,
        evidenceCount: 0,
      },
      DAY,
      { staleDays: 60 },
    )!;
    const indicator = {
      id: 5,
      commitmentId: 3,
      planId: 1,
      name: 'Entidades con datos',
      unit: 'entidades',
      direction: 'up' as const,
      baselineValue: 0,
      baselineDate: '2016-01-01',
      targetValue: 10,
      targetDate: '2017-06-30',
      frequency: 'quarterly' as const,
      measurements: [],
    };
    const dueInPlan = indicatorMeasurementOverdue(indicator, DAY)!;
    assert.equal(dueInPlan.params.due, '2016-04-01');
    const dueAfter = indicatorMeasurementOverdue({ ...indicator, measurements: [{ id: 1, value: 5, date: '2016-12-15' }] }, DAY)!;
    assert.equal(dueAfter.params.due, '2017-03-15');
    const alert = alertOverdue({ id: 9, commitmentId: 3, planId: 1, title: 'Sin datos', answerDue: '2016-05-01', answeredAt: null }, DAY)!;
    const out = afterPlanEnd([stale, dueInPlan, dueAfter, alert], term, DAY);
    assert.deepEqual(
      out.map((w) => [w.code, w.severity]),
      [
        ['indicator-measurement-overdue', 'critical'],
        ['alert-overdue', alert.severity],
      ],
    );
    assert.equal(
      warningMessage(out[0]!, 'es'),
      'El indicador «Entidades con datos» debía medirse a más tardar el 1 de abril de 2016 y el plan terminó sin esa medición.',
    );
    assert.equal(
      warningMessage(out[1]!, 'en'),
      'The alert "Sin datos" was to be answered by May 1, 2016 and has no answer (the plan has concluded).',
    );
    for (const w of out) for (const lang of ['es', 'en'] as const) assert.doesNotMatch(warningMessage(w, lang), /\d+ (días|days)/);
  });
});
