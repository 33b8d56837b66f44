import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';
import { fuzzWorld, type FuzzWorld } from './fuzz-subjects.js';

/**
 * The bugs the route fuzz (fuzz-writes.test.ts) found in the routes, each pinned by one request: before
 * the fixes each of these was taken as an empty form and saved, or answered 400 with no word of why.
 */
describe('bodies a route cannot read are refused, and every refusal says why', () => {
  eachDatabase((db) => {
    let w: FuzzWorld;
    before(async () => {
      w = await fuzzWorld(db);
    });
    after(async () => w.app.close());

    const send = async (
      method: 'POST' | 'PUT',
      url: string,
      contentType: string,
      payload: string,
      who: 'coordinator' | 'admin' = 'coordinator',
    ) => {
      const p = w.people[who];
      return w.app.inject({ method, url, headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'content-type': contentType }, payload });
    };
    const errors = (html: string) =>
      parse(html)
        .querySelectorAll('.error-summary li, main p')
        .map((n) => n.text)
        .join(' | ');

    test('text/plain to a form, JSON null to the API, multipart to a route that takes no file: 400, nothing saved', async () => {
      const before = await dumpDatabase(w.store, { exclude: ['sessions'] });
      const plain = await send('POST', `/espacio/planes/${w.ids.plan}/seguimiento/ajustes`, 'text/plain', 'behindPoints=5');
      assert.equal(plain.statusCode, 400);
      assert.match(errors(plain.body), /«body»/);
      const nil = await send(
        'PUT',
        `/api/v1/workspace/rounds/${w.ids.openRound}/assessments/${w.ids.commitment}`,
        'application/json',
        'null',
      );
      assert.equal(nil.statusCode, 400);
      assert.equal(JSON.parse(nil.body).error.code, 'invalid_input');
      const multipart = await send(
        'POST',
        `/espacio/evaluaciones/${w.ids.openRound}/compromisos/${w.ids.commitment}`,
        'multipart/form-data; boundary=x',
        '--x--\r\n',
      );
      assert.equal(multipart.statusCode, 400);
      assert.match(errors(multipart.body), /Content-Type/);
      assert.deepEqual(diffDumps(before, await dumpDatabase(w.store, { exclude: ['sessions'] })), []);
    });

    test('the admin’s forms refuse a text/plain body by name too, instead of reading it as an empty form', async () => {
      const before = await dumpDatabase(w.store, { exclude: ['sessions'] });
      for (const url of ['/espacio/admin/entidades', '/espacio/admin/cuentas']) {
        const res = await send('POST', url, 'text/plain', 'name=Entidad nueva&acronym=EN', 'admin');
        assert.equal(res.statusCode, 400, url);
        assert.match(errors(res.body), /«body»/, url);
      }
      assert.deepEqual(diffDumps(before, await dumpDatabase(w.store, { exclude: ['sessions'] })), []);
    });

    test('the move form refuses a field it does not have, by name', async () => {
      const activity = await w.concreteUrl('/espacio/actividades/:id/mover');
      const res = await send('POST', activity, 'application/x-www-form-urlencoded', 'direction=down&weight=100');
      assert.equal(res.statusCode, 400);
      assert.match(errors(res.body), /«weight»/);
    });

    test('errors of a form the page does not show (deciding on a draft, prioritising with no candidates) are still shown', async () => {
      const decision = await send(
        'POST',
        `/espacio/evaluaciones/${w.ids.openRound}/compromisos/${w.ids.commitment}/decision`,
        'application/x-www-form-urlencoded',
        'decision=approve&comment=a%05b',
      );
      assert.equal(decision.statusCode, 400);
      assert.match(errors(decision.body), /Comentario|comment/);
      const prioritise = await send(
        'POST',
        `/espacio/planes/${w.ids.plan}/priorizacion`,
        'application/x-www-form-urlencoded',
        'candidateIds=0',
      );
      assert.equal(prioritise.statusCode, 400);
      assert.match(errors(prioritise.body), /candidat/i);
    });
  });
});
