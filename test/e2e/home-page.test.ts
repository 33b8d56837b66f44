import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { axeViolations, launchChromium, requireChromium } from '../helpers/browser.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedBytes } from '../helpers/seed.js';

describe('the home page in Chromium', () => {
  if (!requireChromium()) return;
  eachDatabase((db) => {
    let app: FastifyInstance;
    let browser: Browser;
    let base: string;
    before(async () => {
      const store = await db.open();
      const bytes = seedBytes();
      await importReport(store, readTextReport(bytes, 'seed.txt'), { actor: 'test', fileName: 'seed.txt', bytes });
      app = await buildApp({ store });
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    for (const [path, lang, heading] of [
      ['/', 'es', 'Planes de acción'],
      ['/en', 'en', 'Action plans'],
    ] as const) {
      test(`${path}: the plan's commitments and levels, no accessibility violations`, async () => {
        const context = await browser.newContext({ bypassCSP: true });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        const res = await page.goto(base + path);
        assert.equal(res?.status(), 200);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.equal(await page.textContent('h1'), heading);
        assert.equal(await page.locator('table.commitments tbody tr').count(), 17);
        assert.equal(await page.locator('table.commitments caption').count(), 4);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, []);
        assert.deepEqual(errors, []);
        await context.close();
      });
    }

    test('the language switch leads to the same page in the other language', async () => {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      await page.click('a.lang-switch');
      await page.waitForURL(`${base}/en`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await page.close();
    });
  });
});
