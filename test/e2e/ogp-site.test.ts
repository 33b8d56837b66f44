import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededOgpApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/** The pages OGP's dataset adds to or changes on the site, in Chromium with axe, in both languages. */
describe("the public site with OGP's members, in Chromium", () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    const paths: [string, string][] = [];
    web.setUp(async () => {
      const s = await seededOgpApp(db);
      const q = s.store.db;
      const c = await q.selectFrom('commitments').select(['id', 'plan_id']).where('ogp_id', '=', 'KE0033').executeTakeFirstOrThrow();
      const noTheme = await q.selectFrom('themes').select('id').where('title', '=', 'No theme').orderBy('id').executeTakeFirstOrThrow();
      paths.push(
        ['home with 48 governments', '/'],
        ['an OGP plan with no round', `/planes/${c.plan_id}`],
        ['an OGP commitment', `/compromisos/${c.id}`],
        ['the "No theme" theme', `/temas/${noTheme.id}`],
        ['open data', '/datos'],
      );
      return s;
    });

    for (const lang of ['es', 'en'] as const) {
      test(`axe finds no violation (${lang})`, async () => {
        const context = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await context.newPage();
        for (const [name, path] of paths) {
          const res = await page.goto(web.base + (lang === 'en' ? (path === '/' ? '/en' : `/en${path}`) : path));
          assert.equal(res?.status(), 200, name);
          assert.deepEqual(await axeViolations(page), [], name);
          assert.equal(await page.locator('h1').count(), 1, `${name}: one h1`);
        }
        await context.close();
      });
    }
  });
});
