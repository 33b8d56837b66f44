import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { hashToken, newToken } from '../../src/lib/tokens.js';
import type { Store } from '../../src/storage/connect.js';
import { digestEnabled } from '../../src/storage/digest.js';
import { insertNotificationToken } from '../../src/storage/follows.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * The notification pages in Chromium, in Spanish and English, with axe: the follow form (empty, with an
 * error, sent), the confirm and unfollow pages reached from a mailed link and their results, the page
 * that stops the digest, an invalid link, and the account page's digest setting used with the keyboard.
 */
describe('the notification pages in Chromium', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let store: Store;
    let plan: LateActivitiesPlan;
    web.setUp(async () => {
      store = await db.open();
      const app = await buildApp({ store, cacheCheckEveryMs: 0 });
      plan = await buildLateActivitiesPlan(store);
      // Editors of Ana's agency, who sign in to turn the digest off and on.
      const agencyId = plan.people.ana.agencyId!;
      return {
        store,
        app,
        accounts: {
          'editor-es': { role: 'agency-editor', agencyId, lang: 'es' },
          'editor-en': { role: 'agency-editor', agencyId, lang: 'en' },
        },
      };
    });

    for (const lang of ['es', 'en'] as const) {
      test(`follow, confirm, unfollow and stop-the-digest pages are accessible and work (${lang})`, async () => {
        const p = lang === 'en' ? '/en' : '';
        const { c1 } = plan.commitments;
        const email = `navegador-${lang}-${db.kind}@example.test`;
        const context = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await context.newPage();
        const checked: string[] = [];

        await page.goto(`${web.base}${p}/compromisos/${c1}`);
        await page.click(`a[href="${p}/compromisos/${c1}/seguir"]`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await assertAccessible(page, 'follow form', checked);
        await page.click('main button[type="submit"]');
        assert.equal(await page.locator('.error-summary li').count(), 1);
        await assertAccessible(page, 'follow form, no address', checked);
        await page.fill('#email', email);
        await page.keyboard.press('Enter');
        await page.waitForSelector('p[role="status"]');
        await assertAccessible(page, 'follow request sent', checked);

        // The confirmation link, as the mail has it (its text is in the outbox row).
        const row = await store.db.selectFrom('outbox').select('body').where('recipient', '=', email).executeTakeFirstOrThrow();
        const link = /https?:\/\/\S+?(\/(?:en\/)?seguimiento\/confirmar\?token=[A-Za-z0-9_-]{43})/.exec(row.body)![1]!;
        await page.goto(`${web.base}${link}`);
        await assertAccessible(page, 'confirm page', checked);
        await page.click('main button[type="submit"]');
        await page.waitForSelector('p[role="status"]');
        await assertAccessible(page, 'follow confirmed', checked);
        const follow = await store.db.selectFrom('follows').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
        assert.equal(follow.status, 'confirmed');

        const unfollowToken = newToken();
        await insertNotificationToken(store.db, {
          hash: hashToken(unfollowToken),
          purpose: 'unfollow',
          followId: follow.id,
          at: new Date().toISOString(),
        });
        await page.goto(`${web.base}${p}/seguimiento/baja?token=${unfollowToken}`);
        await assertAccessible(page, 'unfollow page', checked);
        await page.click('main button[type="submit"]');
        await page.waitForSelector('p[role="status"]');
        await assertAccessible(page, 'unfollowed', checked);
        assert.equal(
          (await store.db.selectFrom('follows').select('status').where('id', '=', follow.id).executeTakeFirstOrThrow()).status,
          'ended',
        );

        const stopToken = newToken();
        await insertNotificationToken(store.db, {
          hash: hashToken(stopToken),
          purpose: 'digest-off',
          userId: plan.people.beto.userId,
          at: new Date().toISOString(),
        });
        await page.goto(`${web.base}${p}/avisos/baja?token=${stopToken}`);
        await assertAccessible(page, 'stop the digest', checked);
        await page.click('main button[type="submit"]');
        await page.waitForSelector('p[role="status"]');
        await assertAccessible(page, 'digest stopped', checked);
        assert.equal(await digestEnabled(store.db, plan.people.beto.userId), false);

        const invalid = await page.goto(`${web.base}${p}/seguimiento/confirmar?token=nada`);
        assert.equal(invalid?.status(), 410);
        await assertAccessible(page, 'invalid link', checked);
        assert.equal(checked.length, 10);
        await context.close();
      });

      test(`the account page's digest setting, with the keyboard (${lang})`, async () => {
        const editor = web.account(`editor-${lang}`);
        const { context, page } = await web.signIn(`editor-${lang}`, lang);
        await assertAccessible(page, 'account page, digest on');
        await page.locator('#digest-heading ~ form button[type="submit"]').focus();
        await page.keyboard.press('Enter');
        await page.waitForURL(/aviso=resumen-no$/);
        await assertAccessible(page, 'account page, digest turned off');
        assert.equal(await digestEnabled(store.db, editor.id), false);
        await page.locator('#digest-heading ~ form button[type="submit"]').click();
        await page.waitForURL(/aviso=resumen-si$/);
        assert.equal(await digestEnabled(store.db, editor.id), true);
        await context.close();
      });
    }
  });
});
