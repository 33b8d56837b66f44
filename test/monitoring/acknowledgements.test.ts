import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Actor } from '../../src/domain/roles.js';
import { acknowledgeWarning, saveMonitoringSettings } from '../../src/services/monitoring/actions.js';
import { getMonitoringBoard, getPublicTrafficLights } from '../../src/services/monitoring/board.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildEarlyWarningsPlan, writerAt, type EarlyWarningsPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * "Behind schedule" answered by a reason and a corrective action (a new date is refused: it would not end
 * the warning); a new date does not answer a missing reason either; and a public semáforo that does not
 * reveal a draft assessment.
 */
describe('answering behind schedule; the public light and drafts', () => {
  eachDatabase((db) => {
    let store: Store;
    let p: EarlyWarningsPlan;
    let coordinator: Actor;
    const today = '2040-04-01';
    const row = (id: number) =>
      store.db
        .selectFrom('commitments')
        .select(['planned_end', 'original_planned_end', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      coordinator = {
        userId: 7,
        email: 'c@example.test',
        name: 'Carla',
        role: 'coordinator',
        agencyId: null,
        governmentId: p.governmentId,
      };
      // C4 runs 2040-01-01 → 06-30 with one undated activity, not started.
      const w = writerAt(store, '2040-03-20T08:00:00.000Z').forPlan(p.planId).forCommitment(p.c[3]);
      const c4 = await store.db.selectFrom('commitments').selectAll().where('id', '=', p.c[3]).executeTakeFirstOrThrow();
      await w.update('commitments', c4, { planned_start: '2040-01-01', planned_end: '2040-06-30' });
      await w.insert('activities', {
        commitment_id: p.c[3],
        number: 1,
        title: 'Actividad 1',
        lang: 'es',
        origin: 'user',
        status: 'not-started',
      });
    });

    test('behind schedule on the commitment’s own dates is answered by a reason and a corrective action, not by a new date', async () => {
      const key = `commitment-behind-schedule:commitment:${p.c[3]}`;
      const before = (await planWarnings(store, p.planId, today)).find(
        (w) => w.commitmentId === p.c[3] && w.code === 'commitment-behind-schedule',
      )!;
      // 91 of 181 days: 50 % expected, 0 % reported.
      assert.deepEqual([before.severity, before.params.expected, before.params.reported], ['critical', 50, 0]);
      const stored = await row(p.c[3]);

      // A new end would not end it (expected progress reads the activities' dates first): refused, nothing moves.
      const dated = await acknowledgeWarning(
        store,
        coordinator,
        p.c[3],
        { warningKey: key, newPlannedEnd: '2040-12-31', ackReason: 'Presupuesto recién aprobado' },
        today,
        nowIso(),
      );
      assert.deepEqual(dated, { ok: false, errors: [{ field: 'newPlannedEnd', code: 'invalid_choice' }] });
      assert.deepEqual(await row(p.c[3]), stored);
      assert.equal((await store.db.selectFrom('warning_acknowledgements').select('id').execute()).length, 0);

      const noAction = await acknowledgeWarning(
        store,
        coordinator,
        p.c[3],
        { warningKey: key, ackReason: 'Presupuesto recién aprobado' },
        today,
        nowIso(),
      );
      assert.deepEqual(noAction, { ok: false, errors: [{ field: 'correctiveAction', code: 'required' }] });
      assert.ok(
        (
          await acknowledgeWarning(
            store,
            coordinator,
            p.c[3],
            { warningKey: key, ackReason: 'Presupuesto recién aprobado', correctiveAction: 'Contratación en abril' },
            today,
            nowIso(),
          )
        ).ok,
      );
      const board = await getMonitoringBoard(store, coordinator, p.planId, { date: today }, 'es');
      const r = board.rows.find((x) => x.id === p.c[3])!;
      assert.deepEqual([r.plannedEnd, r.originalPlannedEnd], ['2040-06-30', null]);
      const w = r.warnings.find((x) => x.code === 'commitment-behind-schedule')!;
      assert.deepEqual(
        [w.acknowledgement?.reason, w.acknowledgement?.correctiveAction, w.acknowledgement?.newPlannedEnd],
        ['Presupuesto recién aprobado', 'Contratación en abril', null],
      );
    });

    test('a new date does not answer a missing reason', async () => {
      const r = await acknowledgeWarning(
        store,
        coordinator,
        p.c[1],
        { warningKey: `level-without-reason:commitment:${p.c[1]}`, newPlannedEnd: '2041-03-31' },
        today,
        nowIso(),
      );
      assert.deepEqual(r, { ok: false, errors: [{ field: 'newPlannedEnd', code: 'invalid_choice' }] });
      assert.equal((await row(p.c[1])).planned_end, '2040-12-31');
      assert.equal((await row(p.c[1])).original_planned_end, null);
    });

    test('a draft Completo warns on the board, not on the public semáforo', async () => {
      const w = writerAt(store, '2040-03-25T08:00:00.000Z').forPlan(p.planId).forCommitment(p.c[0]);
      const round = await w.insert('rounds', {
        plan_id: p.planId,
        position: 1,
        kind: 'midterm',
        title: 'Evaluación intermedia',
        lang: 'es',
        cutoff_date: '2040-03-31',
        published: 0,
        published_at: null,
      });
      await w.insert('assessments', { round_id: round, commitment_id: p.c[0], level: 'complete', lang: 'es', status: 'draft' });
      const board = await getMonitoringBoard(store, coordinator, p.planId, { date: today }, 'es');
      assert.ok(board.rows[0]!.warnings.some((x) => x.code === 'complete-without-evidence'));
      assert.ok((await saveMonitoringSettings(store, coordinator, p.planId, { publicTrafficLight: 'on' }, nowIso())).ok);
      const publicWarnings = await planWarnings(store, p.planId, today, undefined, { publishedOnly: true });
      assert.equal(publicWarnings.filter((x) => x.commitmentId === p.c[0] && x.code === 'complete-without-evidence').length, 0);
      const lights = (await getPublicTrafficLights(store, p.planId, today))!;
      // C4 is red: behind schedule by 50 points (acknowledged, which explains the delay but does not end it).
      assert.deepEqual(
        lights.rows.map((x) => x.light),
        ['amber', 'amber', 'amber', 'red'],
      );
      assert.deepEqual(lights.counts, { green: 0, amber: 3, red: 1, 'no-data': 0 });
    });
  });
});
