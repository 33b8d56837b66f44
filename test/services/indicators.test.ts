import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_MONITORING_SETTINGS } from '../../src/domain/warnings.js';
import { isAppError } from '../../src/errors.js';
import { getCommitmentIndicators, indicatorWarningsOfPlan, matrixRows } from '../../src/services/indicators.js';
import { addActivity, deleteActivity } from '../../src/services/workspace/commitments.js';
import {
  addIndicator,
  correctMeasurement,
  getEditableIndicator,
  recordMeasurement,
  saveIndicator,
} from '../../src/services/workspace/indicators.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { addDemoIndicators, type DemoIndicators } from '../helpers/indicators.js';
import { snapshot } from '../helpers/tables.js';

/**
 * The indicator matrix on both databases: who may keep indicators and record measurements, bad input
 * refused naming the field with nothing changed, version conflicts, corrections kept in the audit log,
 * and the plan's warnings and matrix computed from the stored data on fixed dates.
 */
describe('indicators: storage and services', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let commitment: (n: number) => number;
    let planId: number;
    let demo: DemoIndicators;
    let coordinator: SignedIn;
    let editor: SignedIn;
    let otherEditor: SignedIn;
    let civil: SignedIn;
    let reviewer: SignedIn;
    let c4: number;

    const everything = async () => ({
      ...(await snapshot(store)),
      indicators: await store.db.selectFrom('indicators').selectAll().orderBy('id').execute(),
      indicator_measurements: await store.db.selectFrom('indicator_measurements').selectAll().orderBy('id').execute(),
    });
    const valid = {
      indicatorName: 'Solicitudes atendidas en plazo',
      unit: '%',
      direction: 'up',
      baselineValue: '40',
      baselineDate: '2015-07-01',
      targetValue: '90,5',
      targetDate: '2016-06-30',
      frequency: 'quarterly',
    };

    before(async () => {
      const s = await seededApp(db);
      ({ store, app, commitment, planId } = s);
      c4 = commitment(4);
      const lead = (await commitmentSubject(store.db, c4))!.agency_id!;
      const other = (await commitmentSubject(store.db, commitment(1)))!.agency_id!;
      assert.notEqual(lead, other);
      coordinator = await signIn(app, store, { role: 'coordinator' });
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: lead });
      otherEditor = await signIn(app, store, { role: 'agency-editor', agencyId: other });
      civil = await signIn(app, store, { role: 'civil-society' });
      reviewer = await signIn(app, store, { role: 'reviewer' });
      demo = await addDemoIndicators(store, commitment);
    });
    after(async () => app.close());

    test('the coordination and the lead agency’s editors add indicators; others are refused and nothing is written', async () => {
      const byCoordinator = await addIndicator(store, coordinator.actor, c4, valid);
      assert.ok(byCoordinator.ok && byCoordinator.id);
      const byEditor = await addIndicator(store, editor.actor, c4, { ...valid, indicatorName: 'Otro' });
      assert.ok(byEditor.ok);
      const before = await everything();
      for (const who of [otherEditor, civil, reviewer]) {
        await assert.rejects(addIndicator(store, who.actor, c4, valid), (e) => isAppError(e) && e.code === 'forbidden', who.actor.role);
        await assert.rejects(
          recordMeasurement(
            store,
            who.actor,
            byCoordinator.id!,
            { measuredValue: '50', measuredOn: '2015-10-01' },
            { now: new Date().toISOString() },
          ),
          (e) => isAppError(e) && e.code === 'forbidden',
        );
      }
      await assert.rejects(addIndicator(store, null, c4, valid), (e) => isAppError(e) && e.code === 'unauthenticated');
      assert.deepEqual(await everything(), before);

      const stored = await store.db.selectFrom('indicators').selectAll().where('id', '=', byCoordinator.id!).executeTakeFirstOrThrow();
      assert.equal(Number(stored.target_value), 90.5, 'a decimal comma is read');
      assert.equal(stored.agency_id, (await commitmentSubject(store.db, c4))!.agency_id, 'without an agency, the lead agency measures it');
      const audit = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'indicators')
        .where('entity_id', '=', byCoordinator.id!)
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'create');
      assert.equal(audit[0]!.commitment_id, c4);
      assert.equal(audit[0]!.actor, `user:${coordinator.actor.userId}`);
    });

    test('bad input: each error names its field, and nothing changes', async () => {
      const before = await everything();
      const r = await addIndicator(store, coordinator.actor, c4, {
        ...valid,
        indicatorName: '',
        direction: 'sideways',
        targetDate: '2015-01-01',
        baselineValue: 'mucho',
        frequency: 'weekly',
        color: 'red',
      });
      assert.ok(!r.ok && 'errors' in r);
      const codes = Object.fromEntries(r.errors.map((e) => [e.field, e.code]));
      assert.deepEqual(codes, {
        color: 'unknown_field',
        indicatorName: 'required',
        direction: 'invalid_choice',
        baselineValue: 'not_number',
        frequency: 'invalid_choice',
        targetDate: 'date_order',
      });
      const wrongSide = await addIndicator(store, coordinator.actor, c4, { ...valid, direction: 'down' });
      assert.ok(!wrongSide.ok && 'errors' in wrongSide);
      assert.deepEqual(
        wrongSide.errors.map((e) => [e.field, e.code]),
        [['targetValue', 'target_direction']],
      );
      const otherActivity = await store.db
        .selectFrom('activities')
        .select('id')
        .where('commitment_id', '=', commitment(1))
        .executeTakeFirstOrThrow();
      const badRef = await addIndicator(store, coordinator.actor, c4, {
        ...valid,
        activityId: String(otherActivity.id),
        agencyId: '999999',
      });
      assert.ok(!badRef.ok && 'errors' in badRef);
      assert.deepEqual(badRef.errors.map((e) => e.field).sort(), ['activityId', 'agencyId']);
      const m1 = await recordMeasurement(
        store,
        coordinator.actor,
        demo.onPath,
        { measuredValue: '1', measuredOn: '2016-02-01' },
        { now: '2016-01-31T10:00:00.000Z' },
      );
      assert.ok(!m1.ok && 'errors' in m1);
      assert.deepEqual(
        m1.errors.map((e) => [e.field, e.code]),
        [['measuredOn', 'future_date']],
      );
      const m2 = await recordMeasurement(
        store,
        coordinator.actor,
        demo.onPath,
        { measuredValue: '1', measuredOn: '2015-06-30' },
        { now: '2016-01-31T10:00:00.000Z' },
      );
      assert.ok(!m2.ok && 'errors' in m2);
      assert.deepEqual(
        m2.errors.map((e) => [e.field, e.code, e.param]),
        [['measuredOn', 'before_baseline', '2015-07-01']],
      );
      assert.deepEqual(await everything(), before);
    });

    test('an indicator saved from an older version is a conflict with what was saved; fields left out keep their values', async () => {
      const added = await addIndicator(store, editor.actor, c4, { ...valid, indicatorName: 'Con versión' });
      assert.ok(added.ok);
      const first = await getEditableIndicator(store, editor.actor, added.id!, '2016-01-01');
      const saved = await saveIndicator(store, editor.actor, added.id!, { version: String(first.version), unit: 'puntos' });
      assert.ok(saved.ok);
      const stale = await saveIndicator(store, coordinator.actor, added.id!, { version: String(first.version), unit: 'por ciento' });
      assert.ok(!stale.ok && 'conflict' in stale);
      assert.equal(stale.conflict.theirs.unit, 'puntos');
      assert.equal(stale.conflict.theirs.indicatorName, 'Con versión');
      assert.equal(stale.conflict.mine.unit, 'por ciento');
      assert.equal(stale.conflict.version, first.version + 1);
      const noVersion = await saveIndicator(store, editor.actor, added.id!, { unit: 'x' });
      assert.ok(!noVersion.ok && 'errors' in noVersion && noVersion.errors[0]!.field === 'version');
      // A partial save is checked against what is stored: a target below the baseline is refused.
      const wrong = await saveIndicator(store, editor.actor, added.id!, { version: String(first.version + 1), targetValue: '10' });
      assert.ok(!wrong.ok && 'errors' in wrong && wrong.errors[0]!.code === 'target_direction');
    });

    test('measurements are added, corrected through the audit log, and version-checked', async () => {
      const added = await addIndicator(store, coordinator.actor, c4, { ...valid, indicatorName: 'Con mediciones' });
      assert.ok(added.ok);
      const now = '2016-03-01T09:00:00.000Z';
      const a = await recordMeasurement(
        store,
        editor.actor,
        added.id!,
        { measuredValue: '55', measuredOn: '2015-10-01', measurementSource: 'Informe trimestral' },
        { now },
      );
      const b = await recordMeasurement(store, editor.actor, added.id!, { measuredValue: '60', measuredOn: '2016-01-01' }, { now });
      assert.ok(a.ok && b.ok);
      const row = await store.db.selectFrom('indicator_measurements').selectAll().where('id', '=', a.id!).executeTakeFirstOrThrow();
      assert.equal(row.recorded_by, editor.actor.userId);
      const fixed = await correctMeasurement(
        store,
        coordinator.actor,
        a.id!,
        { version: String(row.version), measuredValue: '57.5', measurementNote: 'Cifra revisada' },
        { now },
      );
      assert.ok(fixed.ok);
      const stale = await correctMeasurement(store, editor.actor, a.id!, { version: String(row.version), measuredValue: '1' }, { now });
      assert.ok(!stale.ok && 'conflict' in stale);
      assert.equal(stale.conflict.theirs.measuredValue, 57.5);

      const audit = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'indicator_measurements')
        .where('entity_id', '=', a.id!)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((x) => x.action),
        ['create', 'update'],
      );
      assert.deepEqual(JSON.parse(audit[1]!.before!), { value: 55, note: null });
      assert.deepEqual(JSON.parse(audit[1]!.after!), { value: 57.5, note: 'Cifra revisada' });
      assert.equal(audit[1]!.commitment_id, c4);

      const [view] = (await getCommitmentIndicators(store, c4, '2016-03-01')).filter((v) => v.id === added.id);
      assert.deepEqual(
        view!.measurements.map((m) => [m.value, m.date, m.source]),
        [
          [57.5, '2015-10-01', 'Informe trimestral'],
          [60, '2016-01-01', null],
        ],
      );
      // (60 − 40) / (90.5 − 40) = 39.6 %.
      assert.equal(view!.reading.progress, 39.6);
      assert.equal(view!.reading.nextDue, '2016-04-01');
    });

    test('an indicator of an activity that is deleted stays, on the commitment, and the change is audited', async () => {
      const activity = await addActivity(store, coordinator.actor, c4, { title: 'Talleres' }, new Date().toISOString());
      assert.ok(activity.ok);
      const added = await addIndicator(store, coordinator.actor, c4, {
        ...valid,
        indicatorName: 'De la actividad',
        activityId: String(activity.id),
      });
      assert.ok(added.ok);
      await deleteActivity(store, coordinator.actor, activity.id!);
      const row = await store.db.selectFrom('indicators').selectAll().where('id', '=', added.id!).executeTakeFirstOrThrow();
      assert.equal(row.activity_id, null);
      const audit = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'indicators')
        .where('entity_id', '=', added.id!)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, a.after && JSON.parse(a.after).activity_id]),
        [
          ['create', activity.id],
          ['update', null],
        ],
      );
    });

    test('the plan’s indicator warnings on fixed dates, from the stored data', async () => {
      const ours = (date: string) =>
        indicatorWarningsOfPlan(store, planId, date, DEFAULT_MONITORING_SETTINGS).then((ws) =>
          ws.filter((w) => [demo.onPath, demo.offPath, demo.unmeasured].includes(w.subject.id)),
        );
      const at = async (date: string) => (await ours(date)).map((w) => `${w.code}:${w.subject.id}:${w.severity}`).sort();
      assert.deepEqual(await at('2015-08-01'), []);
      assert.deepEqual(await at('2015-08-02'), [`indicator-measurement-overdue:${demo.unmeasured}:warning`]);
      assert.deepEqual(await at('2015-09-02'), [`indicator-measurement-overdue:${demo.unmeasured}:critical`]);
      // 2016-01-01: the half-yearly one measured 28 where the path expected 19.9 — 40.4 points behind (> 2 × 20).
      assert.deepEqual(
        await at('2016-01-01'),
        [`indicator-measurement-overdue:${demo.unmeasured}:critical`, `indicator-off-path:${demo.offPath}:critical`].sort(),
      );
      const offPath = (await ours('2016-01-01')).find((w) => w.code === 'indicator-off-path')!;
      assert.equal(offPath.params.expected, 19.9);
      assert.equal(offPath.params.pointsBehind, 40.4);
      assert.equal(offPath.commitmentId, commitment(2));
      assert.equal(offPath.planId, planId);
      // With a tolerance of 45 points it is on its path.
      assert.ok(
        !(await indicatorWarningsOfPlan(store, planId, '2016-01-01', { ...DEFAULT_MONITORING_SETTINGS, behindPoints: 45 })).some(
          (w) => w.subject.id === demo.offPath && w.code === 'indicator-off-path',
        ),
      );
      // The quarterly one measured on 2016-01-01 is due on 2016-04-01, late the day after.
      assert.ok(!(await at('2016-04-01')).includes(`indicator-measurement-overdue:${demo.onPath}:warning`));
      assert.ok((await at('2016-04-02')).includes(`indicator-measurement-overdue:${demo.onPath}:warning`));
    });

    test('the matrix rows: one per indicator, values from the data, words in the language asked', async () => {
      const es = await matrixRows(store, planId, '2016-01-15', 'es');
      const en = await matrixRows(store, planId, '2016-01-15', 'en');
      const count = await store.db
        .selectFrom('indicators')
        .innerJoin('commitments', 'commitments.id', 'indicators.commitment_id')
        .where('commitments.plan_id', '=', planId)
        .select(store.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(es.length, Number(count.n));
      const onPath = es.find((r) => r.indicator === 'Entidades con datos abiertos publicados')!;
      assert.deepEqual(
        [
          onPath.commitment,
          onPath.baselineValue,
          onPath.targetValue,
          onPath.latestValue,
          onPath.latestDate,
          onPath.progress,
          onPath.status,
          onPath.nextDue,
          onPath.direction,
          onPath.frequency,
        ],
        [1, 10, 50, 30, '2016-01-01', 50, 'En trayectoria', '2016-04-01', 'Mejor si sube', 'Trimestral'],
      );
      const offPath = en.find((r) => r.indicator === 'Días para responder una solicitud')!;
      assert.deepEqual([offPath.progress, offPath.status, offPath.direction], [10, 'Off path', 'Lower is better']);
      const unmeasured = en.find((r) => r.indicator === 'Personas capacitadas')!;
      assert.deepEqual([unmeasured.latestValue, unmeasured.progress, unmeasured.status], [null, null, 'Measurement overdue']);
      await assert.rejects(matrixRows(store, 999999, '2016-01-15', 'es'), (e) => isAppError(e) && e.code === 'not_found');
    });
  });
});
