import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, Role } from '../../src/domain/roles.js';
import { answerAlert, raiseAlert } from '../../src/services/alerts.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildEarlyWarningsPlan, writerAt } from '../helpers/plans.js';
import { together } from '../helpers/races.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Answering an alert where others act at the same time or from elsewhere: two answers sent together
 * (the second is refused and the first answer stays), and a coordinator of another government.
 */
let n = 500;
const person = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  userId: ++n,
  email: `q${n}@example.test`,
  name: `Persona ${n}`,
  role,
  agencyId: null,
  governmentId: null,
  ...extra,
});

eachDatabase((db) => {
  test('two answers to one alert sent at the same time: one is kept, the other is refused on the answer field and changes nothing', async () => {
    const store = await db.open();
    const p = await buildEarlyWarningsPlan(store);
    const raised = await raiseAlert(
      store,
      person('civil-society'),
      p.c[0],
      { category: 'delay', alertText: 'No se publicó el informe.' },
      '2040-03-05',
    );
    assert.ok(raised.ok);
    const id = raised.id!;
    const editor = person('agency-editor', { agencyId: p.agencies.AAA });
    const coordinator = person('coordinator', { governmentId: p.governmentId });
    const results = await together(store, db.kind, () => [
      answerAlert(store, editor, id, { answerText: 'Respuesta de la agencia' }, '2040-03-06', nowIso()),
      answerAlert(store, coordinator, id, { answerText: 'Respuesta de la coordinación' }, '2040-03-06', nowIso()),
    ]);
    const first = results[0]!;
    assert.equal(results.filter((r) => r!.ok).length, 1, JSON.stringify(results));
    const refused = results.find((r) => !r!.ok)!;
    assert.deepEqual(!refused.ok && 'errors' in refused && refused.errors.map((e) => [e.field, e.param]), [['answerText', 'answered']]);
    const kept = first.ok ? 'Respuesta de la agencia' : 'Respuesta de la coordinación';
    const row = await store.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.answer, kept);
    const updates = await store.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'alerts')
      .where('entity_id', '=', id)
      .where('action', '=', 'update')
      .execute();
    assert.equal(updates.length, 1);
  });
  test('a coordinator of another government cannot answer the alert: 403, the alert and the log unchanged', async () => {
    const store = await db.open();
    const p = await buildEarlyWarningsPlan(store);
    const raised = await raiseAlert(
      store,
      person('civil-society'),
      p.c[0],
      { category: 'access', alertText: 'La página no carga.' },
      '2040-03-05',
    );
    assert.ok(raised.ok);
    const elsewhere = await writerAt(store, '2040-01-02T10:00:00.000Z').insert('governments', {
      name: 'Otro gobierno',
      kind: 'national',
      country_code: null,
      lang: 'es',
    });
    const outsider = person('coordinator', { governmentId: elsewhere });
    const read = async () => ({
      alert: await store.db.selectFrom('alerts').selectAll().where('id', '=', raised.id!).executeTakeFirstOrThrow(),
      log: await store.db.selectFrom('audit_log').select('id').orderBy('id').execute(),
    });
    const before = await read();
    await assert.rejects(
      answerAlert(store, outsider, raised.id!, { answerText: 'Respuesta ajena' }, '2040-03-06', nowIso()),
      (e: { code?: string; status?: number }) => e.code === 'forbidden' && e.status === 403,
    );
    assert.deepEqual(await read(), before);
    assert.equal(before.alert.status, 'open');
  });
});
