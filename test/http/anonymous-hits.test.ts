import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { moveMark, seedText } from '../helpers/seed.js';

/**
 * Cached pages answered to anonymous visitors before the other hooks (src/http/anonymous-hits.ts): the
 * same bytes and headers as the full path, never to a signed-in person, never after the data or the
 * day changed, and the language rules kept.
 */
describe('cached pages answered to anonymous visitors from memory', () => {
  eachDatabase((db) => {
    let s: Seeded;
    before(async () => {
      s = await seededApp(db);
    });
    after(() => s.app.close());
    const headersOf = (h: Record<string, unknown>) => {
      const { date: _date, ...rest } = h;
      void _date;
      return rest;
    };

    test('the second answer is the first one: same status, body and headers (security headers too)', async () => {
      for (const url of [
        `/planes/${s.planId}`,
        `/en/compromisos/${s.commitment(3)}`,
        '/api/v1/plans',
        `/planes/${s.planId}?ronda=${s.roundIds[0]}`,
      ]) {
        const first = await s.app.inject(url);
        const before = s.app.pageCache.replayed;
        const second = await s.app.inject(url);
        assert.equal(s.app.pageCache.replayed, before + 1, `${url}: answered from memory`);
        assert.equal(second.statusCode, 200, url);
        assert.equal(second.body, first.body, url);
        assert.deepEqual(headersOf(second.headers), headersOf(first.headers), url);
        assert.match(second.headers['content-security-policy'] as string, /default-src 'self'/, url);
        assert.equal(second.headers['x-content-type-options'], 'nosniff', url);
      }
    });

    test('a 304 from memory when the visitor has the page', async () => {
      const url = `/compromisos/${s.commitment(4)}`;
      const first = await s.app.inject(url);
      const before = s.app.pageCache.replayed;
      const again = await s.app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, first.headers.etag);
      assert.equal(s.app.pageCache.replayed, before + 1);
    });

    test('a signed-in person never gets the anonymous page', async () => {
      const url = `/planes/${s.planId}`;
      await s.app.inject(url);
      await s.app.inject(url);
      const { cookie, actor } = await signIn(s.app, s.store, { role: 'admin', name: 'Ana Revisora' });
      const before = s.app.pageCache.replayed;
      const res = await s.app.inject({ url, headers: { cookie } });
      assert.equal(s.app.pageCache.replayed, before);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(res.body.includes(actor.name), 'the header names the person');
    });

    test('language: Accept-Language and the cookie still decide, ?lang= still sets the cookie', async () => {
      const url = `/compromisos/${s.commitment(5)}`;
      await s.app.inject(url);
      await s.app.inject(url);
      const english = await s.app.inject({ url, headers: { 'accept-language': 'en' } });
      assert.equal(english.statusCode, 302);
      assert.equal(english.headers.location, `/en${url}`);
      const cookie = await s.app.inject({ url, headers: { cookie: 'vigia_lang=en' } });
      assert.equal(cookie.statusCode, 302);
      for (let i = 0; i < 2; i++) {
        const sw = await s.app.inject(`${url}?lang=en`);
        assert.equal(sw.statusCode, 303);
        assert.match(sw.headers['set-cookie'] as string, /^vigia_lang=en/);
      }
    });

    test('a change of data: the new page, not the remembered one', async () => {
      const url = `/planes/${s.planId}`;
      const old = await s.app.inject(url);
      await s.app.inject(url);
      const bytes = Buffer.from(moveMark(seedText(), 2, 0));
      await importReport(s.store, readTextReport(bytes, 'v4.txt'), {
        now: new Date().toISOString(),
        actor: 'test',
        fileName: 'v4.txt',
        bytes,
      });
      const before = s.app.pageCache.replayed;
      const fresh = await s.app.inject(url);
      assert.equal(s.app.pageCache.replayed, before, 'not answered from memory');
      assert.notEqual(fresh.headers.etag, old.headers.etag);
      assert.notEqual(fresh.body, old.body);
    });

    test('a new day: pages computed for a day are made again', async () => {
      let day = '2026-03-01';
      const app = await buildApp({ store: s.store, cacheCheckEveryMs: 60_000, today: () => day });
      try {
        const url = `/compromisos/${s.commitment(2)}`;
        await app.inject(url);
        await app.inject(url);
        assert.equal(app.pageCache.replayed, 1);
        day = '2026-03-02';
        const next = await app.inject(url);
        assert.equal(next.statusCode, 200);
        assert.equal(app.pageCache.replayed, 1, 'not answered from memory on the next day');
      } finally {
        await app.close();
      }
    });
  });
});
