import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { seededApp, type Seeded } from '../helpers/app.js';
import { axeViolations } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/** The public site in Debian's Chromium: axe on every page type in both languages, keyboard, no JavaScript, 360 px. */
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

describe('the public site in Chromium', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let s: Seeded;
    let agencyId: number;
    web.setUp(async () => {
      s = await seededApp(db);
      const { agencies } = (await s.app.inject('/api/v1/agencies')).json();
      agencyId = agencies.find((a: { acronym: string | null }) => a.acronym === 'OSCE').id;
      return s;
    });

    /** A fresh context; every request it makes is recorded, to prove none leaves the site. */
    async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; requests: string[] }> {
      const context = await web.browser.newContext({ bypassCSP: true, locale: 'es-PE', ...options });
      const requests: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      return { context, requests };
    }

    const pages = () => [
      ['home', '/'],
      ['plan dashboard', `/planes/${s.planId}`],
      ['plan at mid-term', `/planes/${s.planId}?ronda=${s.roundIds[0]}`],
      ['commitment', `/compromisos/${s.commitment(8)}`],
      ['commitment with a table', `/compromisos/${s.commitment(3)}`],
      ['commitment history', `/compromisos/${s.commitment(8)}/historial`],
      ['follow a commitment', `/compromisos/${s.commitment(8)}/seguir`],
      ['sign in', '/cuenta/ingresar'],
      ['theme', `/temas/${s.themeIds[1]}`],
      ['agency', `/entidades/${agencyId}`],
      ['agencies', '/entidades'],
      ['search with results', '/buscar?q=participacion'],
      ['search with filters', `/buscar?q=datos&plan=${s.planId}&tema=${s.themeIds[3]}`],
      ['search, nothing typed', '/buscar?q='],
      ['search, a bad filter', '/buscar?q=datos&nivel=x'],
      ['open data', '/datos'],
      ['API docs', '/api/docs'],
      ['not found', '/planes/999'],
    ];

    for (const lang of ['es', 'en'] as const) {
      test(`axe finds no violation on any page type (${lang})`, async () => {
        const { context, requests } = await open({ locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && !/status of 40[04]/.test(m.text()) && errors.push(m.text()));
        for (const [name, path] of pages()) {
          const url = web.base + (lang === 'en' ? (path === '/' ? '/en' : `/en${path}`) : path);
          await page.goto(url);
          assert.equal(await page.getAttribute('html', 'lang'), lang, name);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1).slice(0, 2000)}`);
          assert.equal(await page.locator('h1').count(), 1, `${name}: one h1`);
        }
        assert.deepEqual(errors, []);
        assert.deepEqual(
          requests.filter((r) => !r.startsWith(web.base)),
          [],
          'no third-party requests',
        );
        await context.close();
      });
    }

    test('searching with the keyboard only', async () => {
      const { context } = await open();
      const page = await context.newPage();
      await page.goto(`${web.base}/`);
      // The skip link is the first stop; then the brand, the switch, the navigation, the search box.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Saltar al contenido');
      let guard = 0;
      while ((await page.evaluate(() => document.activeElement?.id)) !== 'q-header' && guard++ < 20) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-header');
      await page.keyboard.type('participacion');
      await Promise.all([page.waitForURL(/\/buscar\?q=participacion/), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('#results-title')) ?? '', /^\d+ resultados$/);
      // From the results, Tab reaches the first hit's link; Enter opens the commitment.
      guard = 0;
      while (!(await page.evaluate(() => document.activeElement?.closest('.hits') !== null)) && guard++ < 40)
        await page.keyboard.press('Tab');
      const target = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
      assert.match(target ?? '', /^\/compromisos\/\d+/);
      await Promise.all([page.waitForURL(/\/compromisos\/\d+/), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('h1')) ?? '', /^Compromiso \d+\./);
      // The focus ring is visible: an outline on the focused element.
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      assert.equal(outline, 'solid');
      await context.close();
    });

    test('with JavaScript turned off, the pages and the search work', async () => {
      const { context } = await open({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${web.base}/planes/${s.planId}`);
      assert.equal(await page.locator('#summary-table tbody tr').count(), 4);
      await page.selectOption('#ronda', String(s.roundIds[0]));
      await Promise.all([page.waitForURL(/ronda=/), page.click('.round-picker button')]);
      assert.equal(await page.textContent('#summary-table tfoot tr td:nth-of-type(3)'), '7');
      await page.fill('#q-header', 'capacitaciones');
      await Promise.all([page.waitForURL(/buscar/), page.click('.search-box button')]);
      assert.ok((await page.locator('.hits li').count()) > 0);
      await page.selectOption('#f-level', 'complete');
      await Promise.all([page.waitForURL(/nivel=complete/), page.click('.search-form > button')]);
      assert.ok((await page.locator('.hits li').count()) > 0);
      await page.click('a.lang-switch');
      await page.waitForURL(/\/en\/buscar\?q=capacitaciones/);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await context.close();
    });

    test('at 360 px the dashboard and a commitment page read without sideways scrolling (screenshots saved)', async () => {
      mkdirSync(OUTPUT, { recursive: true });
      const { context } = await open({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const [name, path] of [
        ['dashboard', `/planes/${s.planId}`],
        ['commitment', `/compromisos/${s.commitment(3)}`],
      ]) {
        await page.goto(web.base + path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
        await page.screenshot({ path: `${OUTPUT}${db.kind}-360-${name}.png`, fullPage: true });
      }
      await context.close();
    });

    test('the summary chart takes the column’s width; at 360 px and on a desktop its words do not overlap and read at 12 px or more', async () => {
      mkdirSync(OUTPUT, { recursive: true });
      for (const [name, width] of [
        ['360', 360],
        ['desktop', 1280],
      ] as const) {
        const { context } = await open({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(`${web.base}/planes/${s.planId}`);
        const chart = await page.evaluate(() => {
          const svg = [...document.querySelectorAll<SVGSVGElement>('.chart svg')].find((x) => x.getBoundingClientRect().width > 0)!;
          const box = svg.getBoundingClientRect();
          const column = svg.closest('figure')!.getBoundingClientRect().width;
          const scale = box.width / svg.viewBox.baseVal.width;
          const words = [...svg.querySelectorAll('text')]
            .filter((t) => (t.textContent ?? '').trim() !== '')
            .map((t) => {
              const r = t.getBoundingClientRect();
              return {
                text: t.textContent!,
                x: r.x,
                y: r.y,
                w: r.width,
                h: r.height,
                px: parseFloat(getComputedStyle(t).fontSize) * scale,
              };
            });
          return { width: box.width, column, words };
        });
        assert.ok(Math.abs(chart.width - chart.column) < 1 || chart.width >= 30 * 16 - 1, `${name}: ${chart.width} of ${chart.column}`);
        assert.ok(chart.words.length > 10, name);
        for (const w of chart.words) assert.ok(w.px >= 12, `${name}: “${w.text}” at ${w.px.toFixed(1)} px`);
        const overlaps = chart.words.flatMap((a, i) =>
          chart.words
            .slice(i + 1)
            .filter((b) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1)
            .map((b) => `“${a.text}” / “${b.text}”`),
        );
        assert.deepEqual(overlaps, [], name);
        await page.locator('figure.chart').screenshot({ path: `${OUTPUT}${db.kind}-chart-${name}.png` });
        await context.close();
      }
    });
  });
});
