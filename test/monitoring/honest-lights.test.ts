import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse, type HTMLElement } from 'node-html-parser';
import { saveMonitoringSettings } from '../../src/services/monitoring/actions.js';
import { createCommitment } from '../../src/services/workspace/commitment-template.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { nowIso } from '../helpers/clock.js';
import { eachDatabase } from '../helpers/databases.js';
import { writerAt } from '../helpers/plans.js';

/**
 * Issue 20's honest traffic lights on the imported demo plan (Peru 2015–2016, concluded; its commitments
 * have no dates and no indicators): the board and the public semáforo say "sin datos" instead of green,
 * each light with how it was decided, and no count of days of delay after the plan's end (decision 036).
 * Of its 17 commitments, 6 have a warning (a level without reasons, a Completo without evidence): amber.
 */
describe('honest traffic lights on the imported demo plan', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let coordinator: SignedIn;

    before(async () => {
      s = await seededApp(db);
      const plan = await s.store.db.selectFrom('plans').select('government_id').where('id', '=', s.planId).executeTakeFirstOrThrow();
      coordinator = await signIn(s.app, s.store, { role: 'coordinator', governmentId: plan.government_id, name: 'Carla' });
    });
    after(async () => s.app.close());

    const get = async (url: string, who: SignedIn | null = coordinator) => {
      const res = await s.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return res;
    };
    const board = async (lang: '' | '/en') => parse((await get(`${lang}/espacio/planes/${s.planId}/seguimiento`)).body);
    const headline = (root: HTMLElement) => root.querySelectorAll('.headline li').map((li) => li.text.replace(/\s+/g, ' ').trim());
    const row = (doc: HTMLElement, n: number) => doc.querySelector(`#c-${s.commitment(n)}`)!;
    const light = (tr: HTMLElement) => [tr.querySelector('.light')!.text.trim(), tr.querySelector('.light-reason')!.text];

    test('the board: "sin datos" for the commitments with no dates and no warning, none green; each light says why (es, en, API)', async () => {
      const es = await board('');
      // Amber: the four No iniciado or Limitado without reasons (1, 7, 10, 12). The Completos 5 and 9, whose
      // evidence is a numbered document ("Oficio N° 2813-2017/OSCE/SGE"), arrive with it as an item (issue 20).
      assert.deepEqual(headline(es), ['0 Verde', '4 Ámbar', '0 Rojo', '13 Sin datos']);
      const noData = 'Sin fechas previstas, indicadores ni actualizaciones en los últimos 90 días: sin datos.';
      for (const n of [2, 3, 4, 5, 6, 8, 9, 11, 13, 14, 15, 16, 17])
        assert.deepEqual(light(row(es, n)), ['Sin datos', noData], `commitment ${n}`);
      for (const n of [1, 7, 10, 12])
        assert.deepEqual(light(row(es, n)), ['Ámbar', 'Por su alerta: Nivel sin razones (advertencia).'], `commitment ${n}`);
      // Colour is never the only signal: a shape and a word, the reason as text.
      assert.ok(row(es, 2).querySelector('.light-no-data svg rect'));

      const en = await board('/en');
      assert.deepEqual(headline(en), ['0 Green', '4 Amber', '0 Red', '13 No data']);
      assert.deepEqual(light(row(en, 2)), ['No data', 'No planned dates, no indicators and no update in the last 90 days: no data.']);

      const api = (await get(`/api/v1/workspace/plans/${s.planId}/monitoring`)).json<{
        counts: { lights: Record<string, number> };
        commitments: { id: number; light: string; lightReason: { code: string; text: string } }[];
      }>();
      assert.deepEqual(api.counts.lights, { green: 0, amber: 4, red: 0, 'no-data': 13 });
      const c2 = api.commitments.find((c) => c.id === s.commitment(2))!;
      assert.deepEqual([c2.light, c2.lightReason.code, c2.lightReason.text], ['no-data', 'no-data', noData]);
    });

    test('no count of days of delay after the plan’s end: a 2016 activity "ended without completing"; an edit made today is no news', async () => {
      const a1 = await s.store.db
        .selectFrom('activities')
        .selectAll()
        .where('commitment_id', '=', s.commitment(1))
        .orderBy('number')
        .executeTakeFirstOrThrow();
      const w = writerAt(s.store, nowIso()).forPlan(s.planId);
      await w.forCommitment(s.commitment(1)).update('activities', a1, { planned_end: '2016-06-30', status: 'in-progress' });
      const c2 = await s.store.db.selectFrom('commitments').selectAll().where('id', '=', s.commitment(2)).executeTakeFirstOrThrow();
      await w.forCommitment(s.commitment(2)).update('commitments', c2, { additional_info: 'Nota escrita después del cierre del plan.' });

      const es = await board('');
      assert.doesNotMatch(es.text, /\d+ días? de retraso/);
      assert.match(
        row(es, 1).text,
        /La actividad 1 \(«Proyecto de ley culminado»\) debía terminar el 30 de junio de 2016 y terminó sin completarse: el plan concluyó\./,
      );
      assert.deepEqual(light(row(es, 1)), ['Rojo', 'Fin previsto 30 de junio de 2016 pasado sin completar.']);
      assert.equal(light(row(es, 2))[0], 'Sin datos', 'an edit after the plan ended does not make it green');

      const en = await board('/en');
      assert.doesNotMatch(en.text, /\d+ days? late/);
      assert.match(row(en, 1).text, /was due to end on June 30, 2016 and ended without completing: the plan has concluded\./);
      assert.deepEqual(light(row(en, 1)), ['Red', 'Planned end June 30, 2016 passed without completing.']);
    });

    test('the public semáforo: "sin datos", and how each light was decided, in Spanish and English', async () => {
      assert.ok((await saveMonitoringSettings(s.store, coordinator.actor, s.planId, { publicTrafficLight: 'on' }, nowIso())).ok);
      const es = parse((await get(`/planes/${s.planId}`, null)).body).querySelector('#semaforo')!.parentNode!;
      assert.deepEqual(headline(es), ['0 Verde', '3 Ámbar', '1 Rojo', '13 Sin datos']);
      const rows = es.querySelectorAll('tbody tr');
      assert.equal(rows.length, 17);
      assert.deepEqual(light(rows[1]!), [
        'Sin datos',
        'Sin fechas previstas, indicadores ni actualizaciones en los últimos 90 días: sin datos.',
      ]);
      assert.deepEqual(light(rows[0]!), ['Rojo', 'Fin previsto 30 de junio de 2016 pasado sin completar.']);
      assert.match(es.text, /«sin datos» cuando no tiene fechas previstas/);

      const en = parse((await get(`/en/planes/${s.planId}`, null)).body).querySelector('#semaforo')!.parentNode!;
      assert.deepEqual(headline(en), ['0 Green', '3 Amber', '1 Red', '13 No data']);
      assert.deepEqual(light(en.querySelectorAll('tbody tr')[1]!), [
        'No data',
        'No planned dates, no indicators and no update in the last 90 days: no data.',
      ]);
    });

    test('on a running plan neither an import nor a creation is an update: those stay "sin datos", the one edited today is green', async () => {
      const plan = await s.store.db.selectFrom('plans').selectAll().where('id', '=', s.planId).executeTakeFirstOrThrow();
      await writerAt(s.store, nowIso()).forPlan(s.planId).update('plans', plan, { status: 'active', period_end: 2099 });
      const agency = await s.store.db
        .selectFrom('commitment_agencies')
        .select('agency_id')
        .where('commitment_id', '=', s.commitment(3))
        .executeTakeFirstOrThrow();
      const created = await createCommitment(
        s.store,
        coordinator.actor,
        s.planId,
        { title: 'Compromiso nuevo, sin fechas', themeId: String(s.themeIds[0]), agencyId: String(agency.agency_id) },
        nowIso(),
      );
      assert.ok(created.ok && 'id' in created, JSON.stringify(created));
      const api = (await get(`/api/v1/workspace/plans/${s.planId}/monitoring`)).json<{
        commitments: { id: number; light: string; lightReason: { code: string; at?: string } }[];
      }>();
      const of = (n: number) => api.commitments.find((c) => c.id === s.commitment(n))!;
      assert.deepEqual([of(2).light, of(2).lightReason.code, of(2).lightReason.at], ['green', 'recent-update', nowIso().slice(0, 10)]);
      assert.deepEqual([of(3).light, of(3).lightReason.code], ['no-data', 'no-data'], 'imported today, untouched since');
      const fresh = api.commitments.find((c) => c.id === created.id)!;
      assert.deepEqual([fresh.light, fresh.lightReason.code], ['no-data', 'no-data'], 'created today with no dates');
    });
  });
});
