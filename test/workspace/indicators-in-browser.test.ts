import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { addDemoIndicators } from '../helpers/indicators.js';

const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

/**
 * The indicator matrix in Chromium, as an agency editor uses it: an indicator added from the
 * commitment's workspace page (errors shown, then fixed), a measurement recorded, and the public
 * commitment page with its chart — axe finds nothing on any of these pages, in Spanish and English.
 */
describe('indicators in the browser', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let c1: number;
    let c4: number;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      const s = await seededApp(db);
      c1 = s.commitment(1);
      c4 = s.commitment(4);
      await addDemoIndicators(s.store, s.commitment);
      const agencyId = (await commitmentSubject(s.store.db, c4))!.agency_id!;
      return {
        ...s,
        accounts: { editor: { email: `editora-indicadores-${db.kind}@example.test`, name: 'Editora', role: 'agency-editor', agencyId } },
      };
    });

    test('add an indicator, record a measurement, see it on the public page, in Spanish', async () => {
      const { context, page: p } = await web.signIn('editor', 'es');
      await p.goto(`${web.base}/espacio/compromisos/${c4}`);
      assert.match(await p.locator('section[aria-labelledby="indicators"]').innerText(), /Personas capacitadas/);
      await axe(p, 'workspace commitment page with indicators');
      await p.click(`a[href="/espacio/compromisos/${c4}/indicadores/nuevo"]`);
      await axe(p, 'new indicator');
      await p.fill('#f-i-indicatorName', 'Municipios con portal');
      await p.fill('#f-i-unit', 'municipios');
      await p.selectOption('#f-i-direction', 'down');
      await p.fill('#f-i-baselineValue', '5');
      await p.fill('#f-i-baselineDate', '2015-07-01');
      await p.fill('#f-i-targetValue', '40');
      await p.fill('#f-i-targetDate', '2016-06-30');
      await p.selectOption('#f-i-frequency', 'quarterly');
      await p.click('form.indicator-form button[type="submit"]');
      assert.equal(await p.locator('.error-summary li').count(), 1, 'the target is on the worse side for "lower is better"');
      assert.match(await p.locator('.error-summary').innerText(), /Meta: valor/);
      assert.equal(await p.inputValue('#f-i-indicatorName'), 'Municipios con portal', 'kept as typed');
      await axe(p, 'new indicator, with an error');
      await p.selectOption('#f-i-direction', 'up');
      await p.click('form.indicator-form button[type="submit"]');
      assert.match(new URL(p.url()).pathname, /^\/espacio\/indicadores\/\d+$/);
      assert.match(await p.locator('.notice').innerText(), /Se guardaron los cambios/);
      await axe(p, 'indicator page');

      await p.click('section[aria-labelledby="measurements"] > details > summary');
      await p.fill('#f-m-measuredValue', '12');
      await p.fill('#f-m-measuredOn', '2015-10-01');
      await p.fill('#f-m-measurementSource', 'Registro municipal');
      await p.click('section[aria-labelledby="measurements"] > details button[type="submit"]');
      assert.match(await p.locator('section[aria-labelledby="measurements"]').innerText(), /1 de octubre de 2015: 12 municipios/);
      await p.locator('section[aria-labelledby="measurements"] li details summary').first().click();
      await axe(p, 'indicator page, a measurement and its correction form open');

      await p.goto(`${web.base}/compromisos/${c4}`);
      const chart = p.locator('svg.indicator-chart[role="img"]');
      assert.equal(await chart.count(), 2);
      assert.ok(await chart.nth(1).isVisible());
      await axe(p, 'public commitment page with indicators');
      await context.close();
    });

    test('the indicator pages and the public chart in English', async () => {
      const { context, page: p } = await web.signIn('editor', 'en');
      await p.goto(`${web.base}/en/espacio/compromisos/${c4}`);
      await p.click(`a[href="/en/compromisos/${c4}/indicadores/nuevo"], a[href="/en/espacio/compromisos/${c4}/indicadores/nuevo"]`);
      await p.click('form.indicator-form button[type="submit"]');
      assert.ok((await p.locator('.error-summary li').count()) >= 6, 'every required field named');
      assert.match(await p.locator('.error-summary').innerText(), /Fill in “Indicator name”/);
      await axe(p, 'new indicator with errors (en)');
      await p.goto(`${web.base}/en/compromisos/${c1}`);
      assert.match(await p.locator('section[aria-labelledby="indicators"]').innerText(), /Progress toward the target/);
      await axe(p, 'public commitment page with indicators (en)');
      await context.close();
      assert.equal(checked.length, 8);
    });

    test('at 360 px the indicators and their chart read without sideways scrolling (screenshot saved)', async () => {
      const context = await web.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
      const p = await context.newPage();
      await p.goto(`${web.base}/compromisos/${c1}`);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${overflow}px wider than the screen`);
      const box = await p.locator('svg.indicator-chart').first().boundingBox();
      assert.ok(box && box.width <= 360 && box.height > 50, JSON.stringify(box));
      mkdirSync(OUTPUT, { recursive: true });
      await p.locator('section[aria-labelledby="indicators"]').screenshot({ path: `${OUTPUT}${db.kind}-360-indicators.png` });
      await context.close();
    });
  });
});
