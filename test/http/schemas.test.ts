import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ACCOUNT_RULES, formSchema } from '../../src/domain/input.js';
import { buildApp } from '../../src/http/app.js';
import { CSRF_COOKIE, issueCsrf } from '../../src/http/auth.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { signIn, type SignedIn } from '../helpers/auth.js';

/**
 * One schema per route (decision 027): on a sample of routes — the published API's query, the admin
 * API's bodies and path, the sign-in form — an unknown key or a wrong type is refused with 400 naming it
 * by the route's TypeBox schema, nothing changes, and the OpenAPI document shows that very schema.
 * Pure HTTP: SQLite only.
 */
describe('one schema per route: validation and the OpenAPI document', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let admin: SignedIn;
  let other: SignedIn;
  let doc: { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: Body }>> };
  type Param = { name: string; in: string; schema: Record<string, unknown> };
  type Body = { content: Record<string, { schema: Record<string, unknown> }> };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigia-schemas-'));
    store = await openStore(`sqlite:${join(dir, 'vigia.db')}`);
    app = await buildApp({ store, cacheCheckEveryMs: 0 });
    admin = await signIn(app, store, { role: 'admin' });
    other = await signIn(app, store, { role: 'civil-society' });
    doc = (await app.inject({ url: '/api/openapi.json' })).json();
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown, lang = 'en') =>
    app.inject({
      method,
      url,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'accept-language': lang, 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const refused = (res: { statusCode: number; json(): { error: { code: string; message: string } } }, field: string) => {
    assert.equal(res.statusCode, 400, JSON.stringify(res.json()));
    assert.equal(res.json().error.code, 'invalid_input');
    assert.ok(res.json().error.message.includes(field), `the message names ${field}: ${res.json().error.message}`);
  };
  const accounts = async () =>
    Number(
      (
        await store.db
          .selectFrom('users')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** The schema the document gives an operation's JSON body. */
  const bodyOf = (path: string) => doc.paths[path]?.post?.requestBody?.content['application/json']?.schema;

  test('the published API: a query parameter of the wrong type is a 400 naming it; the document gives its type', async () => {
    refused(await api('GET', '/api/v1/plans?perPage=many'), 'perPage');
    refused(await api('GET', '/api/v1/plans?page=0'), 'page');
    assert.equal((await api('GET', '/api/v1/plans?perPage=5')).statusCode, 200);
    const perPage = doc.paths['/api/v1/plans']?.get?.parameters?.find((p) => p.name === 'perPage');
    assert.ok(perPage, 'the document lists perPage');
    assert.equal(perPage.in, 'query');
    assert.equal(perPage.schema.type, 'integer');
    assert.equal(perPage.schema.minimum, 1);
  });

  test('the admin API: an unknown key or a wrong type in the body is a 400 naming it, and no account is made', async () => {
    const before = await accounts();
    const good = { email: 'nueva@example.test', name: 'Nueva', role: 'civil-society' };
    refused(await api('POST', '/api/v1/workspace/admin/accounts', { ...good, isAdmin: true }), 'isAdmin');
    refused(await api('POST', '/api/v1/workspace/admin/accounts', { ...good, role: 7 }, 'es'), 'role');
    refused(await api('POST', '/api/v1/workspace/admin/accounts', { ...good, name: ['Nueva'] }), 'name');
    assert.equal(await accounts(), before);
    // The document's body is the schema the route validates with, as it is.
    assert.deepEqual(bodyOf('/api/v1/workspace/admin/accounts'), JSON.parse(JSON.stringify(formSchema(ACCOUNT_RULES))));
    assert.equal(bodyOf('/api/v1/workspace/admin/accounts')?.additionalProperties, false);
  });

  test('the admin API: a path that is not an id, or an unknown key in a body of no fields, changes nothing', async () => {
    const url = `/api/v1/workspace/admin/accounts/${other.actor.userId}/disable`;
    refused(await api('POST', url, { reason: 'spam' }), 'reason');
    const row = await store.db.selectFrom('users').select('disabled').where('id', '=', other.actor.userId).executeTakeFirstOrThrow();
    assert.equal(Number(row.disabled), 0);
    assert.equal((await api('POST', '/api/v1/workspace/admin/accounts/abc/disable', {})).statusCode, 404);
    const disable = doc.paths['/api/v1/workspace/admin/accounts/{id}/disable']?.post;
    assert.equal(disable?.parameters?.find((p) => p.name === 'id')?.schema.type, 'integer');
    assert.equal(bodyOf('/api/v1/workspace/admin/accounts/{id}/disable')?.additionalProperties, false);
  });

  test('the sign-in form: a field it does not have, or a field sent twice, is a 400 page naming it, in either language', async () => {
    const visitor = issueCsrf();
    const post = (url: string, body: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: `${CSRF_COOKIE}=${visitor.secret}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(visitor.token)}&${body}`,
      });
    const unknown = await post('/cuenta/ingresar', 'email=a%40example.test&password=x&role=admin');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /El valor de «role» no es válido/);
    const twice = await post('/en/cuenta/ingresar', 'email=a%40example.test&email=b%40example.test&password=x');
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /The value of “email” is not valid/);
    // The form's schema is no API operation: not in the document.
    assert.equal(doc.paths['/cuenta/ingresar'], undefined);
  });
});
