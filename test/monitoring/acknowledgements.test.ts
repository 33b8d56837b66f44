import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Actor } from '../../src/domain/roles.js';
import { acknowledgeWarning, saveMonitoringSettings } from '../../src/services/monitoring/actions.js';
import { getMonitoringBoard, getPublicTrafficLights } from '../../src/services/monitoring/board.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildPlan, writerAt, type BuiltPlan } from './plan-builder.js';

/**
 * A commitment's own planned end moved in answer to "behind schedule" (its activities have no dates of
 * their own): the first original date kept through a second move, the answer still matching while the
 * warning lasts; and a public semáforo that does not reveal a draft assessment.
 */
describe('moving a commitment’s planned end; the public light and drafts', () => {
  eachDatabase((db) => {
    let store: Store;
    let p: BuiltPlan;
    let coordinator: Actor;
    const today = '2040-04-01';
    const row = (id: number) => store.db.selectFrom('commitments').select(['planned_end', 'original_planned_end', 'version']).where('id', '=', id).executeTakeFirstOrThrow();

    before(async () => {
      store = await db.open();
      p = await buildPlan(store);
      coordinator = { userId: 7, email: 'c@example.test', name: 'Carla', role: 'coordinator', agencyId: null, governmentId: p.governmentId };
      // C4 runs 2040-01-01 → 06-30 with one undated activity, not started.
      const w = writerAt(store, '2040-03-20T08:00:00.000Z').forPlan(p.planId).forCommitment(p.c[3]);
      const c4 = await store.db.selectFrom('commitments').selectAll().where('id', '=', p.c[3]).executeTakeFirstOrThrow();
      await w.update('commitments', c4, { planned_start: '2040-01-01', planned_end: '2040-06-30' });
      await w.insert('activities', { commitment_id: p.c[3], number: 1, title: 'Actividad 1', lang: 'es', origin: 'user', status: 'not-started' });
    });

    test('behind schedule on the commitment’s own dates; a new end moves the commitment, keeping the first original date', async () => {
      const key = `commitment-behind-schedule:commitment:${p.c[3]}`;
      const before = (await planWarnings(store, p.planId, today)).find((w) => w.commitmentId === p.c[3] && w.code === 'commitment-behind-schedule')!;
      // 91 of 181 days: 50 % expected, 0 % reported.
      assert.deepEqual([before.severity, before.params.expected, before.params.reported], ['critical', 50, 0]);
      const version = (await row(p.c[3])).version;

      const past = await acknowledgeWarning(store, coordinator, p.c[3], { warningKey: key, newPlannedEnd: '2040-03-31' }, today);
      assert.deepEqual(past, { ok: false, errors: [{ field: 'newPlannedEnd', code: 'past_date', param: today }] });
      assert.ok((await acknowledgeWarning(store, coordinator, p.c[3], { warningKey: key, newPlannedEnd: '2040-12-31', ackReason: 'Presupuesto recién aprobado' }, today)).ok);
      const moved = await row(p.c[3]);
      assert.deepEqual([moved.planned_end, moved.original_planned_end], ['2040-12-31', '2040-06-30']);
      assert.equal(moved.version, version + 1, 'an editor’s form loaded before the move is a conflict, not a silent undo');

      // 91 of 365 days: 24.9 % expected — still behind (a warning now), and the answer still matches it.
      const board = await getMonitoringBoard(store, coordinator, p.planId, { date: today }, 'es');
      const r = board.rows.find((x) => x.id === p.c[3])!;
      assert.deepEqual([r.plannedEnd, r.originalPlannedEnd], ['2040-12-31', '2040-06-30']);
      const w = r.warnings.find((x) => x.code === 'commitment-behind-schedule')!;
      assert.equal(w.severity, 'warning');
      assert.deepEqual([w.acknowledgement?.newPlannedEnd, w.acknowledgement?.previousPlannedEnd, w.acknowledgement?.reason], ['2040-12-31', '2040-06-30', 'Presupuesto recién aprobado']);

      assert.ok((await acknowledgeWarning(store, coordinator, p.c[3], { warningKey: key, newPlannedEnd: '2041-06-30' }, today)).ok);
      const again = await row(p.c[3]);
      assert.deepEqual([again.planned_end, again.original_planned_end], ['2041-06-30', '2040-06-30'], 'the original is the first one');
      const audit = await store.db.selectFrom('audit_log').select(['before', 'after']).where('entity', '=', 'commitments').where('entity_id', '=', p.c[3]).where('action', '=', 'update').orderBy('id').execute();
      assert.deepEqual(audit.slice(-2).map((a) => JSON.parse(a.after!).planned_end), ['2040-12-31', '2041-06-30']);
    });

    test('a new date does not answer a missing reason', async () => {
      const r = await acknowledgeWarning(store, coordinator, p.c[1], { warningKey: `level-without-reason:commitment:${p.c[1]}`, newPlannedEnd: '2041-03-31' }, today);
      assert.deepEqual(r, { ok: false, errors: [{ field: 'newPlannedEnd', code: 'invalid_choice' }] });
      assert.equal((await row(p.c[1])).planned_end, '2040-12-31');
      assert.equal((await row(p.c[1])).original_planned_end, null);
    });

    test('a draft Completo warns on the board, not on the public semáforo', async () => {
      const w = writerAt(store, '2040-03-25T08:00:00.000Z').forPlan(p.planId).forCommitment(p.c[0]);
      const round = await w.insert('rounds', { plan_id: p.planId, position: 1, kind: 'midterm', title: 'Evaluación intermedia', lang: 'es', cutoff_date: '2040-03-31', published: 0, published_at: null });
      await w.insert('assessments', { round_id: round, commitment_id: p.c[0], level: 'complete', lang: 'es', status: 'draft' });
      const board = await getMonitoringBoard(store, coordinator, p.planId, { date: today }, 'es');
      assert.ok(board.rows[0]!.warnings.some((x) => x.code === 'complete-without-evidence'));
      assert.ok((await saveMonitoringSettings(store, coordinator, p.planId, { publicTrafficLight: 'on' })).ok);
      const publicWarnings = await planWarnings(store, p.planId, today, undefined, { publishedOnly: true });
      assert.equal(publicWarnings.filter((x) => x.commitmentId === p.c[0] && x.code === 'complete-without-evidence').length, 0);
      const lights = (await getPublicTrafficLights(store, p.planId, today))!;
      // C4 is green: its end moved to 2041-06-30 (91 of 546 days, 16.7 % expected), updated on 03-20.
      assert.deepEqual(lights.rows.map((x) => x.light), ['amber', 'amber', 'amber', 'green']);
      assert.deepEqual(lights.counts, { green: 1, amber: 3, red: 0 });
    });
  });
});
