import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { multipart } from '../files/samples.js';

/**
 * The alerts' API beyond JSON, on both databases with the app's day fixed (Monday 2 May 2016): an alert
 * with a file sent as multipart (checked by its content like the form's: a refused type answered 400 on
 * `evidenceFile`, nothing written), and the rule of the plan's deadlines (count, weekend, holidays) as
 * data, public, so that a client computes a deadline as Vigía does.
 */
describe('alerts in the API: a file as evidence, the deadline calendar', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let seeded: FastifyInstance;
    let store: Store;
    let planId: number;
    let commitment: number;
    let citizen: SignedIn;
    let editor: SignedIn;
    let coordinator: SignedIn;
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('alerts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const api = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, lang = 'es') =>
      app.inject({
        method,
        url,
        headers: {
          cookie: who.cookie,
          'x-csrf-token': who.csrf,
          'accept-language': lang,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      });
    const withFile = (who: SignedIn, file: { name: string; bytes: Uint8Array }, lang = 'es') => {
      const body = multipart({ category: 'quality', alertText: 'El acta publicada no coincide con la sesión.' }, [
        { field: 'evidenceFile', ...file },
      ]);
      return app.inject({
        method: 'POST',
        url: `/api/v1/workspace/commitments/${commitment}/alerts`,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang, ...body.headers },
        payload: body.payload,
      });
    };

    before(async () => {
      process.env.FILES_DIR ??= mkdtempSync(join(tmpdir(), 'vigia-alert-api-'));
      const s = await seededApp(db);
      seeded = s.app;
      store = s.store;
      planId = s.planId;
      commitment = s.commitment(4);
      app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2016-05-02' });
      const subject = (await commitmentSubject(store.db, commitment))!;
      citizen = await signIn(app, store, { role: 'civil-society', name: 'Red de vigilancia' });
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: subject.agency_id! });
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => {
      await app.close();
      await seeded.close();
    });

    test('multipart: a file is kept with the alert and downloaded; a refused type is a 400 on evidenceFile in the asker’s language, and nothing is written', async () => {
      const before = await count();
      const refused = await withFile(citizen, { name: 'acta.exe', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]) }, 'en');
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.code, 'invalid_input');
      assert.ok(refused.json().error.fields.evidenceFile, `the refusal is on the file's field: ${refused.body}`);
      assert.doesNotMatch(refused.json().error.message, /[áéíóú]|archivo/, 'in English');
      const fake = await withFile(citizen, { name: 'acta.pdf', bytes: Buffer.from('no es un PDF') });
      assert.equal(fake.statusCode, 400);
      assert.ok(fake.json().error.fields.evidenceFile);
      assert.equal(await count(), before, 'nothing written');
      // Someone who may not raise alerts is refused before the body is read.
      assert.equal((await withFile(editor, { name: 'acta.csv', bytes: Buffer.from('a,b\n1,2\n') })).statusCode, 403);

      const sent = await withFile(citizen, { name: 'asistencia.csv', bytes: Buffer.from('fecha,asistentes\n2016-04-28,12\n') });
      assert.equal(sent.statusCode, 201, sent.body);
      const id = sent.json().id;
      const file = await app.inject({ url: `/alertas/${id}/archivo` });
      assert.equal(file.statusCode, 200);
      assert.equal(file.body, 'fecha,asistentes\n2016-04-28,12\n');
      const logged = (await app.inject({ url: `/api/v1/plans/${planId}/alerts` })).json().alerts.find((a: { id: number }) => a.id === id);
      assert.deepEqual([logged.evidenceFile.name, logged.deadline], ['asistencia.csv', '2016-05-16']);
      // JSON still takes a link.
      const linked = await api(citizen, 'POST', `/api/v1/workspace/commitments/${commitment}/alerts`, {
        category: 'access',
        alertText: 'El enlace no abre.',
        evidenceUrl: 'https://example.org/portal',
      });
      assert.equal(linked.statusCode, 201, linked.body);
    });

    test('the calendar: public, the plan’s count, the weekend and the holidays; the deadline of an alert raised today follows a new holiday and a new count', async () => {
      const first = (await app.inject({ url: `/api/v1/plans/${planId}/alert-calendar` })).json();
      assert.deepEqual(
        [first.workingDays, first.weekend, first.today, first.deadlineIfRaisedToday],
        [10, ['saturday', 'sunday'], '2016-05-02', '2016-05-16'],
      );
      const holidays = first.holidays.length;
      assert.equal(
        (
          await api(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/holidays`, {
            holidayDate: '2016-05-05',
            holidayName: 'Feriado regional',
          })
        ).statusCode,
        201,
      );
      assert.equal(
        (await api(coordinator, 'PUT', `/api/v1/workspace/plans/${planId}/alert-settings`, { workingDays: '5' })).statusCode,
        200,
      );
      const now = (await app.inject({ url: `/api/v1/plans/${planId}/alert-calendar` })).json();
      assert.equal(now.workingDays, 5);
      assert.equal(now.holidays.length, holidays + 1);
      assert.deepEqual(
        now.holidays.find((h: { date: string }) => h.date === '2016-05-05'),
        { date: '2016-05-05', name: 'Feriado regional' },
      );
      // 3, 4, (5 a holiday), 6, (7–8 a weekend), 9, 10.
      assert.equal(now.deadlineIfRaisedToday, '2016-05-10');
      assert.equal((await app.inject({ url: '/api/v1/plans/999999/alert-calendar' })).statusCode, 404);

      // The coordination's own view: the holidays with their ids, to remove one through the API.
      const settings = await api(coordinator, 'GET', `/api/v1/workspace/plans/${planId}/alert-settings`);
      assert.equal(settings.statusCode, 200);
      const holiday = settings.json().holidays.find((h: { date: string }) => h.date === '2016-05-05');
      assert.equal(settings.json().workingDays, 5);
      assert.equal(typeof holiday.id, 'number');
      assert.equal(
        (
          await app.inject({
            method: 'DELETE',
            url: `/api/v1/workspace/plans/${planId}/holidays/${holiday.id}`,
            headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
          })
        ).statusCode,
        200,
      );
      assert.equal((await app.inject({ url: `/api/v1/plans/${planId}/alert-calendar` })).json().deadlineIfRaisedToday, '2016-05-09');
      assert.equal((await api(citizen, 'GET', `/api/v1/workspace/plans/${planId}/alert-settings`)).statusCode, 403);
    });
  });
});
