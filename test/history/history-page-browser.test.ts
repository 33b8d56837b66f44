import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { axeViolations } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { importCorrected, importSeed } from './helpers.js';

/** The history page in Chromium: axe finds nothing, in both languages; the full text opens from the keyboard. */
describe('the history page in Chromium', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let c2: number;
    web.setUp(async () => {
      const store = await db.open();
      await importSeed(store);
      await importCorrected(store);
      c2 = Number((await store.db.selectFrom('commitments').select('id').where('number', '=', 2).executeTakeFirstOrThrow()).id);
      return { store, app: await buildApp({ store, cacheCheckEveryMs: 0 }) };
    });

    for (const lang of ['es', 'en'] as const) {
      test(`axe finds no violation (${lang}); one h1`, async () => {
        const context = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await context.newPage();
        await page.goto(`${web.base}${lang === 'en' ? '/en' : ''}/compromisos/${c2}/historial`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], JSON.stringify(violations, null, 1).slice(0, 2000));
        assert.equal(await page.locator('h1').count(), 1);
        await context.close();
      });
    }

    test('a long text opens from the keyboard, without JavaScript', async () => {
      const context = await web.browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${web.base}/compromisos/${c2}/historial`);
      const details = page.locator('details').first();
      assert.equal(await details.getAttribute('open'), null);
      await details.locator('summary').focus();
      await page.keyboard.press('Enter');
      assert.notEqual(await details.getAttribute('open'), null);
      await context.close();
    });
  });
});
