import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/**
 * The report's pages in Chromium with axe, in Spanish and English: the public print view (and its
 * print stylesheet), and the workspace page where a coordinator edits a section and downloads the DOCX.
 */
describe('the report in the browser', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let planId: number;
    let lowerOne: () => Promise<void>;

    web.setUp(async () => {
      const s = await seededApp(db);
      planId = s.planId;
      // One Completo of the final round lowered: the conclusions' "(65%)" no longer agrees with the table (58,8 %).
      lowerOne = async () => {
        const a = await s.store.db
          .selectFrom('assessments')
          .selectAll()
          .where('round_id', '=', s.roundIds.at(-1)!)
          .where('commitment_id', '=', s.commitment(2))
          .executeTakeFirstOrThrow();
        await new AuditedWriter(s.store.db, { actor: 'test', at: new Date().toISOString() }).update('assessments', a, {
          level: 'substantial',
        });
      };
      return {
        ...s,
        accounts: { coordinator: { email: `coordinacion-informe-${db.kind}@example.test`, name: 'Coordinación', role: 'coordinator' } },
      };
    });

    test(
      'the print view: one document with the fichas, accessible, with a print stylesheet, in both languages',
      { timeout: 120_000 },
      async () => {
        for (const lang of ['es', 'en'] as const) {
          const context = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
          const page = await context.newPage();
          const res = await page.goto(`${web.base}${lang === 'en' ? '/en' : ''}/planes/${planId}/informe`);
          assert.equal(res?.status(), 200);
          assert.equal(await page.locator('html').getAttribute('lang'), lang);
          assert.equal(await page.locator('table.ficha').count(), 17);
          assert.equal(await page.locator('table.ficha td.mark', { hasText: 'X' }).count(), 17);
          await assertAccessible(page, `print view (${lang})`);
          // The print stylesheet is the one applied when printing: the title page is a page of its own.
          await page.emulateMedia({ media: 'print' });
          assert.equal(await page.locator('.title-page').evaluate((e) => getComputedStyle(e).breakAfter), 'page');
          assert.equal(await page.locator('.print-hint').evaluate((e) => getComputedStyle(e).display), 'none');
          // Printed, and on a phone's screen, no table header breaks inside a word (issue 20: "Limitad o"); after a hyphen it may.
          for (const width of [800, 360]) {
            await page.setViewportSize({ width, height: 800 });
            const broken = await page.evaluate(() => {
              const out: string[] = [];
              for (const th of document.querySelectorAll('table th')) {
                const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (const m of (node.textContent ?? '').matchAll(/[^\s-]+-?/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index);
                    range.setEnd(node, m.index + m[0].length);
                    if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) out.push(m[0]);
                  }
                }
              }
              return out;
            });
            assert.deepEqual(broken, [], `${lang}, ${width} px`);
          }
          if (lang === 'en') assert.ok((await page.locator('.untranslated').count()) > 17, 'Spanish texts are marked');
          await context.close();
        }
      },
    );

    test(
      'the workspace report page: a figure that disagrees with the tables, a coordinator edits a section and downloads the DOCX; axe finds nothing',
      { timeout: 120_000 },
      async () => {
        await lowerOne();
        for (const lang of ['es', 'en'] as const) {
          const { context, page } = await web.signIn('coordinator', lang);
          await page.goto(`${web.base}${lang === 'en' ? '/en' : ''}/espacio/planes/${planId}/informe`);
          assert.equal(await page.locator('ul.figure-mismatches > li').count(), 1);
          await assertAccessible(page, `workspace report page (${lang})`);
          // An error first: an empty title, named in the summary and beside the field.
          const form = page.locator('form[action$="/secciones/conclusions"]');
          await form.locator('input[name="sectionTitle"]').fill('');
          await form.locator('button[type="submit"]').click();
          assert.equal(await page.locator('.error-summary').count(), 1);
          await assertAccessible(page, `workspace report page with an error (${lang})`);
          const again = page.locator('form[action$="/secciones/conclusions"]');
          await again.locator('input[name="sectionTitle"]').fill('Conclusiones y recomendaciones');
          await again.locator('textarea[name="sectionBodyEn"]').fill(`Conclusions (${lang}).`);
          await again.locator('button[type="submit"]').click();
          assert.match(page.url(), /guardado=1/);
          assert.equal(await page.locator('p.notice[role="status"]').count(), 1);
          const download = page.waitForEvent('download');
          await page.locator('#f-download-formato').selectOption('docx');
          await page.locator('form[action$="/informe/descarga"] button[type="submit"]').click();
          const file = await download;
          assert.match(file.suggestedFilename(), /\.docx$/);
          await context.close();
        }
      },
    );
  });
});
