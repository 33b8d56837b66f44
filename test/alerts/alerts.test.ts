import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Actor, Role } from '../../src/domain/roles.js';
import type { AppError } from '../../src/errors.js';
import {
  addHoliday,
  answerAlert,
  getAlertLog,
  getAlertSettings,
  getCommitmentAlerts,
  raiseAlert,
  removeHoliday,
  saveAlertWorkingDays,
} from '../../src/services/alerts.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import type { Store } from '../../src/storage/connect.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildEarlyWarningsPlan, type EarlyWarningsPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Civil-society alerts on a small plan (test/helpers/plans.ts, the early-warnings plan: C1 and C3 led by AAA, C2 and
 * C4 by BBB), on fixed days: who raises and who answers, the deadline fixed when raised (holidays and
 * the plan's count of that moment), the shares per agency and per plan, the early warning the day after
 * the deadline, and bad input refused by field with nothing written.
 */
describe('civil-society alerts: raising, answering, shares, warnings', () => {
  eachDatabase((db) => {
    let store: Store;
    let p: EarlyWarningsPlan;
    let n = 100;
    const person = (role: Role, extra: Partial<Actor> = {}): Actor => ({
      userId: ++n,
      email: `p${n}@example.test`,
      name: `Persona ${n}`,
      role,
      agencyId: null,
      governmentId: null,
      ...extra,
    });
    let citizen: Actor;
    let coordinator: Actor;
    let editorAAA: Actor;
    let editorBBB: Actor;
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('alerts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const alertRow = (id: number) => store.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const raise = async (who: Actor, commitment: number, day: string, extra: Record<string, unknown> = {}) => {
      const r = await raiseAlert(
        store,
        who,
        commitment,
        { category: 'delay', alertText: 'No se publicó el informe trimestral.', ...extra },
        day,
      );
      assert.ok(r.ok, JSON.stringify(r));
      return r.id!;
    };

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      citizen = person('civil-society');
      coordinator = person('coordinator', { governmentId: p.governmentId });
      editorAAA = person('agency-editor', { agencyId: p.agencies.AAA });
      editorBBB = person('agency-editor', { agencyId: p.agencies.BBB });
    });

    test('only a civil-society account raises an alert; its deadline is 10 working days on, stored with the agency that leads', async () => {
      for (const role of ['coordinator', 'agency-editor', 'reviewer', 'admin'] as const) {
        await assert.rejects(
          raiseAlert(
            store,
            person(role, { governmentId: p.governmentId, agencyId: p.agencies.AAA }),
            p.c[0],
            { category: 'delay', alertText: 'x' },
            '2040-03-05',
          ),
          { code: 'forbidden' },
          role,
        );
      }
      await assert.rejects(raiseAlert(store, null, p.c[0], { category: 'delay', alertText: 'x' }, '2040-03-05'), {
        code: 'unauthenticated',
      });
      assert.equal(await count(), 0);
      const id = await raise(citizen, p.c[0], '2040-03-05', {
        activityId: String(p.a.a1),
        evidenceUrl: 'https://example.org/acta.pdf',
        category: 'quality',
      });
      const row = await alertRow(id);
      // Monday 2040-03-05 + 10 working days = Monday 2040-03-19.
      assert.deepEqual(
        [row.deadline, row.working_days, row.agency_id, row.activity_id, row.status, row.evidence_url, row.category],
        ['2040-03-19', 10, p.agencies.AAA, p.a.a1, 'open', 'https://example.org/acta.pdf', 'quality'],
      );
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'commitment_id'])
        .where('entity', '=', 'alerts')
        .where('entity_id', '=', id)
        .execute();
      assert.deepEqual(audit, [{ action: 'create', actor: `user:${citizen.userId}`, commitment_id: p.c[0] }]);
    });

    test('bad input names the field, and nothing is written', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ alertText: 'Sin categoría' }, 'category', 'required'],
        [{ category: 'spam', alertText: 'x' }, 'category', 'invalid_choice'],
        [{ category: 'delay' }, 'alertText', 'required'],
        [{ category: 'delay', alertText: 'a'.repeat(4001) }, 'alertText', 'too_long'],
        [{ category: 'delay', alertText: 'x', evidenceUrl: 'javascript:alert(1)' }, 'evidenceUrl', 'invalid_choice'],
        [{ category: 'delay', alertText: 'x', activityId: String(p.a.a3) }, 'activityId', 'invalid_choice'],
        [{ category: 'delay', alertText: 'x', title: '<b>x</b>' }, 'title', 'unknown_field'],
      ];
      for (const [input, field, code] of cases) {
        const r = await raiseAlert(store, citizen, p.c[0], input, '2040-03-05');
        assert.ok(!r.ok && 'errors' in r, field);
        assert.deepEqual(
          r.errors.map((e) => [e.field, e.code]),
          [[field, code]],
          JSON.stringify(input).slice(0, 80),
        );
      }
      assert.equal(await count(), before);
    });

    test('the deadline skips the holidays listed when raised; a holiday or a count changed later does not move it', async () => {
      const other = person('civil-society');
      const h = await addHoliday(store, coordinator, p.planId, { holidayDate: '2040-03-19', holidayName: 'Feriado de prueba' }, nowIso());
      assert.ok(h.ok);
      const dup = await addHoliday(store, coordinator, p.planId, { holidayDate: '2040-03-19', holidayName: 'Otra vez' }, nowIso());
      assert.deepEqual(!dup.ok && 'errors' in dup && dup.errors.map((e) => e.field), ['holidayDate']);
      const id = await raise(other, p.c[1], '2040-03-05');
      assert.equal((await alertRow(id)).deadline, '2040-03-20');
      assert.ok((await removeHoliday(store, coordinator, p.planId, h.id!, nowIso())).ok);
      assert.ok((await saveAlertWorkingDays(store, coordinator, p.planId, { workingDays: '5' }, nowIso())).ok);
      assert.equal((await alertRow(id)).deadline, '2040-03-20', 'stored when raised');
      const later = await raise(other, p.c[1], '2040-03-05');
      assert.equal((await alertRow(later)).deadline, '2040-03-12', 'the new count for alerts raised from now on');
      assert.equal((await getAlertSettings(store, coordinator, p.planId)).workingDays, 5);
      const bad = await saveAlertWorkingDays(store, coordinator, p.planId, { workingDays: '0' }, nowIso());
      assert.deepEqual(!bad.ok && 'errors' in bad && bad.errors.map((e) => [e.field, e.code]), [['workingDays', 'out_of_range']]);
      await assert.rejects(saveAlertWorkingDays(store, editorAAA, p.planId, { workingDays: '3' }, nowIso()), { code: 'forbidden' });
      await assert.rejects(
        addHoliday(store, editorAAA, p.planId, { holidayDate: '2040-05-01', holidayName: 'Día del Trabajo' }, nowIso()),
        {
          code: 'forbidden',
        },
      );
      assert.ok((await saveAlertWorkingDays(store, coordinator, p.planId, { workingDays: '10' }, nowIso())).ok);
    });

    test('only the lead agency’s editors and the coordinators answer; an answer is kept and audited', async () => {
      const id = await raise(person('civil-society'), p.c[0], '2040-03-05');
      for (const who of [editorBBB, citizen, person('reviewer'), person('admin')]) {
        await assert.rejects(
          answerAlert(store, who, id, { answerText: 'Respuesta' }, '2040-03-06', nowIso()),
          { code: 'forbidden' },
          who.role,
        );
      }
      const empty = await answerAlert(store, editorAAA, id, { answerText: '  ' }, '2040-03-06', nowIso());
      assert.deepEqual(!empty.ok && 'errors' in empty && empty.errors.map((e) => [e.field, e.code]), [['answerText', 'required']]);
      assert.ok((await answerAlert(store, editorAAA, id, { answerText: 'Se publicó el 6 de marzo.' }, '2040-03-06', nowIso())).ok);
      const row = await alertRow(id);
      assert.deepEqual(
        [row.status, row.answer, row.answered_by, row.answered_on],
        ['answered', 'Se publicó el 6 de marzo.', editorAAA.userId, '2040-03-06'],
      );
      const again = await answerAlert(store, coordinator, id, { answerText: 'Otra respuesta' }, '2040-03-07', nowIso());
      assert.deepEqual(!again.ok && 'errors' in again && again.errors.map((e) => e.field), ['answerText']);
      assert.equal((await alertRow(id)).answer, 'Se publicó el 6 de marzo.');
      const c2 = await raise(person('civil-society'), p.c[1], '2040-03-05');
      assert.ok((await answerAlert(store, coordinator, c2, { answerText: 'La coordinación responde.' }, '2040-03-07', nowIso())).ok);
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('entity', '=', 'alerts')
        .where('entity_id', '=', id)
        .where('action', '=', 'update')
        .execute();
      assert.deepEqual(audit, [{ action: 'update', actor: `user:${editorAAA.userId}` }]);
    });

    test('a citizen raises at most 5 alerts in 24 hours (the shared rate limit): the sixth is refused with the wait, the next day is open again', async () => {
      const busy = person('civil-society');
      const before = await count();
      for (let i = 0; i < 5; i++) await raise(busy, p.c[3], '2040-04-02');
      await assert.rejects(
        raiseAlert(store, busy, p.c[3], { category: 'other', alertText: 'Una más' }, '2040-04-02'),
        (e: AppError) => e.code === 'rate_limited' && e.status === 429 && Number(e.params.seconds) > 0,
      );
      assert.equal(await count(), before + 5, 'nothing stored');
      await raise(busy, p.c[3], '2040-04-03');
    });
  });
});

describe('civil-society alerts: the shares answered within the deadline, and the early warning', () => {
  eachDatabase((db) => {
    let store: Store;
    let p: EarlyWarningsPlan;
    const citizen: Actor = {
      userId: 1,
      email: 'c@example.test',
      name: 'Ciudadana',
      role: 'civil-society',
      agencyId: null,
      governmentId: null,
    };
    let coordinator: Actor;

    before(async () => {
      store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      coordinator = {
        userId: 2,
        email: 'k@example.test',
        name: 'Coordinación',
        role: 'coordinator',
        agencyId: null,
        governmentId: p.governmentId,
      };
    });

    test('per agency and per plan, computed from the alerts: on the deadline day is within, the day after is not, open is not', async () => {
      const ids: number[] = [];
      // Five alerts raised Monday 2040-03-05 (deadline 2040-03-19): AAA on C1 ×3, BBB on C2 ×2.
      for (const c of [p.c[0], p.c[0], p.c[0], p.c[1], p.c[1]]) {
        const r = await raiseAlert(store, citizen, c, { category: 'access', alertText: 'Sin acceso a la información' }, '2040-03-05');
        assert.ok(r.ok);
        ids.push(r.id!);
      }
      const answer = (id: number, day: string) => answerAlert(store, coordinator, id, { answerText: 'Respondida' }, day, nowIso());
      assert.ok((await answer(ids[0]!, '2040-03-19')).ok); // on the deadline day: within
      assert.ok((await answer(ids[1]!, '2040-03-20')).ok); // the day after: late
      assert.ok((await answer(ids[3]!, '2040-03-06')).ok); // within
      const log = await getAlertLog(store, p.planId, '2040-03-21');
      assert.deepEqual(log.share, { within: 2, total: 5 });
      assert.deepEqual(
        log.byAgency.map((a) => [a.agencyName, a.within, a.total]),
        [
          ['Agencia de Datos', 1, 3],
          ['Banco de Bienes', 1, 2],
        ],
      );
      const byId = new Map(log.alerts.map((a) => [a.id, a]));
      assert.deepEqual(
        [ids[0], ids[1], ids[2]].map((id) => [byId.get(id!)!.answeredWithin, byId.get(id!)!.overdue]),
        [
          [true, false],
          [false, false],
          [null, true],
        ],
      );
      assert.deepEqual((await getCommitmentAlerts(store, p.c[1], '2040-03-21')).share, { within: 1, total: 2 });
    });

    test('an unanswered alert warns the day after its deadline, not on it; an answer ends the warning', async () => {
      const open = (
        await store.db
          .selectFrom('alerts')
          .select('id')
          .where('status', '=', 'open')
          .where('commitment_id', '=', p.c[1])
          .executeTakeFirstOrThrow()
      ).id;
      const alertWarnings = async (day: string) =>
        (await planWarnings(store, p.planId, day))
          .filter((w) => w.code === 'alert-overdue')
          .map((w) => [w.subject.id, w.commitmentId, w.params.daysLate]);
      assert.deepEqual(await alertWarnings('2040-03-19'), []);
      const dayAfter = await alertWarnings('2040-03-20');
      assert.equal(dayAfter.length, 2, 'the two alerts still open');
      assert.ok(dayAfter.some(([id, c, late]) => id === open && c === p.c[1] && late === 1));
      assert.ok((await answerAlert(store, coordinator, open, { answerText: 'Tarde, pero respondida' }, '2040-03-22', nowIso())).ok);
      assert.deepEqual(
        (await alertWarnings('2040-03-23')).map(([id]) => id === open),
        [false],
      );
    });
  });
});
