import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/**
 * The admin's pages in Chromium, as a person uses them: an account created (the one-time link shown,
 * and it opens), disabled; agencies added and renamed; errors shown and fixed — and axe finds nothing
 * on either page, with and without errors, in Spanish and in English.
 */
describe('the admin’s pages in the browser', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let store: Store;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      const s = await seededApp(db);
      store = s.store;
      return { ...s, accounts: { admin: { email: `admin-${db.kind}@example.test`, name: 'Ada Admin', role: 'admin' } } };
    });

    test('accounts and agencies, with and without errors, in Spanish and English', async () => {
      const { context, page: p } = await web.signIn('admin', 'es');

      // Accounts: from the workspace home.
      await p.goto(`${web.base}/espacio`);
      await p.click('a[href="/espacio/admin/cuentas"]');
      await axe(p, 'accounts');
      await p.click('form[action="/espacio/admin/cuentas"] button[type="submit"]');
      assert.ok((await p.locator('.error-summary li').count()) >= 2, 'email, name and role are missing');
      await axe(p, 'accounts, form with errors');
      await p.fill('#f-acc-email', 'editora.nueva@example.test');
      await p.fill('#f-acc-name', 'Editora Nueva');
      await p.selectOption('#f-acc-role', 'agency-editor');
      await p.click('form[action="/espacio/admin/cuentas"] button[type="submit"]');
      assert.equal(await p.locator('.error-summary li').count(), 1, 'an agency editor needs an agency');
      assert.equal(await p.inputValue('#f-acc-name'), 'Editora Nueva', 'kept as typed');
      await axe(p, 'accounts, agency missing');
      await p.selectOption('#f-acc-agency', { index: 1 });
      await p.click('form[action="/espacio/admin/cuentas"] button[type="submit"]');
      const link = await p.inputValue('#one-time-link');
      assert.match(link, /\/cuenta\/clave\?token=/);
      await axe(p, 'account created, link shown');

      // The link opens the page where the person chooses a password.
      const visitor = await web.browser.newContext({ locale: 'es-PE' });
      const opened = await visitor.newPage();
      const answer = await opened.goto(`${web.base}${new URL(link).pathname}${new URL(link).search}`);
      assert.equal(answer?.status(), 200);
      assert.ok(await opened.locator('input[type="password"]').count());
      await visitor.close();

      // Disabled from its row.
      const id = Number(
        (await store.db.selectFrom('users').select('id').where('email', '=', 'editora.nueva@example.test').executeTakeFirstOrThrow()).id,
      );
      await p.click(`form[action="/espacio/admin/cuentas/${id}/desactivar"] button`);
      // The confirmation page (issue 20) names the account; its button disables it.
      assert.match(await p.locator('main').innerText(), /editora\.nueva@example\.test/);
      await axe(p, 'confirm disabling an account');
      await p.click('main form button[type="submit"]');
      assert.match(await p.locator('.notice[role="status"]').innerText(), /desactivó/);
      assert.match(await p.locator(`#cuenta-${id}`).innerText(), /Desactivada/);
      await axe(p, 'accounts, after disabling');

      // Agencies.
      await p.click('main a[href="/espacio/admin/entidades"]');
      await axe(p, 'agencies');
      await p.click('form[action="/espacio/admin/entidades"] button[type="submit"]');
      assert.equal(await p.locator('.error-summary li').count(), 1, 'the name is missing');
      await axe(p, 'agencies, add form with an error');
      await p.fill('#f-new-name', 'Agencia de Gobierno Digital');
      await p.fill('#f-new-acronym', 'AGD');
      await p.click('form[action="/espacio/admin/entidades"] button[type="submit"]');
      assert.match(await p.locator('.notice[role="status"]').innerText(), /agregó/);
      const agencyId = Number(
        (await store.db.selectFrom('agencies').select('id').where('name', '=', 'Agencia de Gobierno Digital').executeTakeFirstOrThrow()).id,
      );
      const row = p.locator(`#entidad-${agencyId}`);
      await row.locator('summary').click();
      await row.locator('input[name="name"]').fill('');
      await row.locator('button[type="submit"]').click();
      assert.equal(await p.locator('.error-summary li').count(), 1);
      assert.ok(await p.locator(`#entidad-${agencyId} details[open]`).count(), 'the form that failed is open');
      await axe(p, 'agencies, rename with an error');
      await p.locator(`#entidad-${agencyId} input[name="name"]`).fill('Secretaría de Gobierno Digital');
      await p.locator(`#entidad-${agencyId} button[type="submit"]`).click();
      assert.match(await p.locator('.notice[role="status"]').innerText(), /guardaron/);
      await axe(p, 'agencies, after renaming');
      await context.close();

      // The same pages in English, with and without errors.
      const english = await web.signIn('admin', 'en');
      const e = english.page;
      await e.goto(`${web.base}/en/espacio/admin/cuentas`);
      assert.equal(await e.getAttribute('html', 'lang'), 'en');
      await axe(e, 'accounts (en)');
      await e.fill('#f-acc-email', 'not an email');
      await e.click('form[action="/en/espacio/admin/cuentas"] button[type="submit"]');
      assert.match(await e.locator('.error-summary').innerText(), /valid email address/);
      await axe(e, 'accounts, with errors (en)');
      await e.goto(`${web.base}/en/espacio/admin/entidades`);
      await axe(e, 'agencies (en)');
      await e.fill('#f-new-name', 'secretaria de gobierno digital');
      await e.click('form[action="/en/espacio/admin/entidades"] button[type="submit"]');
      assert.match(await e.locator('.error-summary').innerText(), /already an agency/);
      await axe(e, 'agencies, duplicate name (en)');
      await english.context.close();
      assert.equal(checked.length, 14, `axe ran on ${checked.length} page states`);
    });
  });
});
