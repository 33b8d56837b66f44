import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAccount } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { axeViolations } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { accountWithPassword, emptyApp } from './support.js';

/** The account pages in Chromium: a person signs in and out with the keyboard; axe finds nothing on any of them. */
describe('the account pages in Chromium', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let store: Store;
    web.setUp(async () => {
      const served = await emptyApp(db);
      store = served.store;
      return served;
    });

    for (const lang of ['es', 'en'] as const) {
      test(`axe finds no violation on any account page, with and without errors (${lang})`, async () => {
        const p = lang === 'en' ? '/en' : '';
        const a = await accountWithPassword(store, { name: 'Lucía Mamani' });
        const { token } = await createAccount(
          store,
          { email: `link-${lang}@example.test`, name: 'Con enlace', role: 'reviewer' },
          { actor: 'test', now: new Date() },
          { linkHours: 1 },
        );
        // The pages have no script; axe is injected (bypassCSP) to read them.
        const context = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await context.newPage();
        const check = async (name: string) => {
          assert.equal(await page.getAttribute('html', 'lang'), lang, name);
          assert.equal(await page.locator('h1').count(), 1, `${name}: one h1`);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1).slice(0, 2000)}`);
        };

        await page.goto(`${web.base}${p}/cuenta/ingresar`);
        await check('sign in');
        await page.click('main button[type="submit"]');
        assert.equal(await page.locator('.error-summary li').count(), 2);
        await check('sign in, nothing typed');
        await page.fill('#email', a.email);
        await page.fill('#password', 'not the password at all');
        await page.click('main button[type="submit"]');
        assert.equal(await page.inputValue('#email'), a.email, 'the email is kept');
        await check('sign in, wrong password');

        await page.goto(`${web.base}${p}/cuenta/olvide`);
        await check('forgotten password');
        await page.fill('#email', 'not an address');
        await page.click('main button[type="submit"]');
        await check('forgotten password, a bad address');
        await page.fill('#email', 'nobody@example.test');
        await page.click('main button[type="submit"]');
        await check('link sent');

        await page.goto(`${web.base}${p}/cuenta/clave?token=${token}`);
        await check('choose a password');
        await page.fill('#password', 'password1234');
        await page.fill('#confirm', 'password');
        await page.click('main button[type="submit"]');
        assert.equal(await page.locator('.error-summary li').count(), 2);
        await check('choose a password, errors');
        await page.goto(`${web.base}${p}/cuenta/clave?token=not-a-token`);
        await check('a link that does not work');

        // Signing in with the keyboard only, then out.
        await page.goto(`${web.base}${p}/cuenta/ingresar`);
        await page.focus('#email');
        await page.keyboard.type(a.email);
        await page.keyboard.press('Tab');
        await page.keyboard.type(a.password);
        await Promise.all([page.waitForURL(`${web.base}${p}/cuenta`), page.keyboard.press('Enter')]);
        assert.match((await page.textContent('main')) ?? '', /Lucía Mamani/);
        await check('the account');
        await Promise.all([page.waitForURL(/aviso=salida/), page.click('main form button[type="submit"]')]);
        await check('signed out');
        await page.goto(`${web.base}${p}/cuenta`);
        assert.match(page.url(), /\/cuenta\/ingresar\?volver=/);
        await context.close();
      });
    }
  });
});
