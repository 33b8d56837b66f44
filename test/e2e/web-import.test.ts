import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { moveMark, seedText } from '../helpers/seed.js';

/**
 * The browser import in Chromium (issue 19), on both databases,  in Spanish and in English, with no
 * any script of its own (the pages have none): a coordinator chooses the Word text export of the seed (with an altered mark, so it has
 * warnings), sees the preview with its counts and warnings, confirms, and the plan is there. axe finds
 * nothing on the form, the preview, the refusal and the result.
 */
describe('importing a report from the browser, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigia-e2e-import-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const report = join(dir, 'autoevaluación.txt');
  writeFileSync(report, moveMark(seedText(), 3, 0));
  const notAReport = join(dir, 'informe.pdf');
  writeFileSync(notAReport, '%PDF-1.4\n%%EOF\n');

  chromiumSuite({ on: 'postgres' }, (web, db) => {
    web.setUp(async () => {
      process.env.FILES_DIR = join(dir, `files-${db.kind}`);
      const store = await db.open();
      const w = new AuditedWriter(store.db, { actor: 'test', at: '2024-01-01T00:00:00.000Z' });
      const governmentId = await w.insert('governments', { name: 'Perú', kind: 'national', country_code: 'PE', lang: 'es' });
      return {
        store,
        app: await buildApp({ store, cacheCheckEveryMs: 0 }),
        accounts: {
          es: { role: 'coordinator', governmentId, lang: 'es' },
          en: { role: 'coordinator', governmentId, lang: 'en' },
        },
      };
    });

    for (const lang of ['es', 'en'] as const) {
      test(`upload, preview with warnings, confirm; a bad file refused — axe clean (${lang})`, async () => {
        const { context, page } = await web.signIn(lang, lang);
        const prefix = lang === 'en' ? '/en' : '';
        const words =
          lang === 'es'
            ? {
                submit: 'Ver qué se importará',
                confirm: 'Importar',
                warnings: /advertencias/,
                done: /Importado/,
                refused: /No se importan archivos «\.pdf»/,
              }
            : {
                submit: 'See what would be imported',
                confirm: 'Import',
                warnings: /warnings/,
                done: /Imported/,
                refused: /“\.pdf” files are not imported/,
              };
        await page.goto(`${web.base}${prefix}/espacio/importar`);
        await assertAccessible(page, 'the upload form');

        await page.setInputFiles('input[type=file]', notAReport);
        await page.getByRole('button', { name: words.submit }).click();
        assert.match((await page.locator('.error-summary').textContent()) ?? '', words.refused);
        await assertAccessible(page, 'a refused file');

        await page.setInputFiles('input[type=file]', report);
        await page.getByRole('button', { name: words.submit }).click();
        assert.match((await page.locator('h2#warnings').textContent()) ?? '', words.warnings);
        assert.ok((await page.locator('ul.warnings li').count()) > 0);
        await assertAccessible(page, 'the preview');

        await page.getByRole('button', { name: words.confirm, exact: true }).click();
        assert.match((await page.locator('.notice').textContent()) ?? '', words.done);
        await assertAccessible(page, 'the result');

        // The agency merge's pages: the choice, then what would move (nothing is merged here).
        await page.goto(`${web.base}${prefix}/espacio/entidades/fusionar`);
        await assertAccessible(page, 'the agency merge: the choice');
        const [first, second] = await web.store.db.selectFrom('agencies').select('id').orderBy('id').limit(2).execute();
        await page.goto(`${web.base}${prefix}/espacio/entidades/fusionar?merged=${second!.id}&kept=${first!.id}`);
        assert.equal(await page.locator('main form[method="post"]').count(), 1, 'the confirmation asks before merging');
        await assertAccessible(page, 'the agency merge: what would move');
        const plans = await web.store.db.selectFrom('plans').select('title').execute();
        assert.deepEqual(
          plans.map((p) => p.title),
          ['Plan de Acción de Gobierno Abierto 2015-2016'],
        );
        await context.close();
      });
    }
  });
});
