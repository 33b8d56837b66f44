import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { buildEarlyWarningsPlan, type EarlyWarningsPlan } from '../helpers/plans.js';

/**
 * The monitoring board in Chromium, as people use it (the app's day fixed at 2040-04-01): the
 * coordinator filters it and changes the settings (an error first), an agency answers a warning in
 * English (an error first), the public semáforo appears — and axe finds nothing on any state, in
 * Spanish and English.
 */
describe('the monitoring board in the browser', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let p: EarlyWarningsPlan;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      const store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2040-04-01' });
      return {
        store,
        app,
        accounts: {
          coordinator: { role: 'coordinator', governmentId: p.governmentId, email: `coord-${db.kind}@example.test`, name: 'Carla' },
          ana: { role: 'agency-editor', agencyId: p.agencies.AAA, email: `ana-${db.kind}@example.test`, name: 'Ana', lang: 'en' },
        },
      };
    });

    test('the coordinator: the board, a filter, the settings with an error then saved, the public semáforo (es and en)', async () => {
      const { context, page } = await web.signIn('coordinator');
      try {
        await page.goto(`${web.base}/espacio`);
        await page.click(`a[href="/espacio/planes/${p.planId}/seguimiento"]`);
        assert.equal(await page.locator('table.board tbody tr').count(), 4);
        await axe(page, 'board (es)');
        await page.selectOption('#f-entidad', String(p.agencies.BBB));
        await page.click('form.filters button[type="submit"]');
        assert.match(page.url(), new RegExp(`entidad=${p.agencies.BBB}`));
        assert.deepEqual(await page.locator('table.board tbody th a').allTextContents(), ['Compromiso 2', 'Compromiso 4']);
        await axe(page, 'board filtered (es)');

        await page.click('a[href$="/seguimiento/ajustes"]');
        await page.fill('#f-behindPoints', '0');
        await page.click('main form button[type="submit"]');
        assert.match((await page.locator('.error-summary').textContent()) ?? '', /Puntos de atraso/);
        await axe(page, 'settings with an error (es)');
        await page.fill('#f-behindPoints', '20');
        await page.check('#f-publicTrafficLight');
        await page.click('main form button[type="submit"]');
        assert.match((await page.locator('.notice').textContent()) ?? '', /Se guardaron los ajustes/);
        await axe(page, 'settings saved (es)');

        await page.goto(`${web.base}/en/espacio/planes/${p.planId}/seguimiento`);
        await axe(page, 'board (en)');
        for (const lang of ['es', 'en'] as const) {
          await page.goto(`${web.base}${lang === 'en' ? '/en' : ''}/planes/${p.planId}`);
          assert.equal(await page.locator('#semaforo').count(), 1);
          assert.equal(await page.locator('#semaforo ~ div tbody tr').count(), 4);
          await axe(page, `public semáforo (${lang})`);
        }
      } finally {
        await context.close();
      }
    });

    test('an agency answers a warning in English: an error first, then the answer in view', async () => {
      const { context, page } = await web.signIn('ana', 'en');
      try {
        await page.goto(`${web.base}/en/espacio/planes/${p.planId}/seguimiento`);
        assert.deepEqual(await page.locator('table.board tbody th a').allTextContents(), ['Compromiso 1', 'Compromiso 3']);
        const first = page.locator(`#c-${p.c[0]} .warnings > li`).first();
        await first.locator('summary').click();
        await first.locator('textarea[name="ackReason"]').fill('The contract was signed late');
        await first.locator('button[type="submit"]').click();
        assert.match((await page.locator('.error-summary').textContent()) ?? '', /Fill in “Corrective action”/);
        await axe(page, 'acknowledgement with an error (en)');
        const open = page.locator(`#c-${p.c[0]} details[open]`);
        assert.equal(await open.locator('textarea[name="ackReason"]').inputValue(), 'The contract was signed late');
        await open.locator('textarea[name="correctiveAction"]').fill('Second supplier hired');
        await open.locator('button[type="submit"]').click();
        assert.match((await page.locator('.notice').textContent()) ?? '', /The answer to the warning was recorded/);
        assert.match(
          (await page.locator(`#c-${p.c[0]} .warning-acknowledged`).textContent()) ?? '',
          /Acknowledged by Ana on .*The contract was signed late.*Second supplier hired/s,
        );
        await axe(page, 'board with an acknowledged warning (en)');
      } finally {
        await context.close();
      }
    });

    test('axe checked every state', () => {
      assert.equal(checked.length, 9, checked.join(', '));
    });
  });
});
