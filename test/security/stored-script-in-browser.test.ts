import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { hostileApp, type Hostile } from './hostile-data.js';

/**
 * The hostile texts of test/security/hostile-data.ts in a real browser: the key pages where they are
 * shown load in Chromium with the Content-Security-Policy bypassed (so that what is tested is the
 * escaping, not the CSP that would also stop inline script), and no payload runs: window.__xss stays
 * undefined, no dialog opens.
 */
describe('stored script in Chromium: the hostile texts do not run', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    if (db.kind !== 'sqlite') return; // the pages are the same on both databases; the walk of stored-script.test.ts checks them all
    let h: Hostile;
    web.setUp(async () => {
      h = await hostileApp(db);
      return h;
    });

    test('public and workspace pages, es and en: window.__xss undefined, no dialog', async () => {
      const { plan, commitment, openRound, consultation, proposal, theme, agency, alert } = h.ids;
      const publicPages = [
        `/planes/${plan}`,
        `/compromisos/${commitment}`,
        `/compromisos/${commitment}/historial`,
        `/temas/${theme}`,
        `/entidades/${agency}`,
        `/planes/${plan}/consultas/${consultation}`,
        `/planes/${plan}/consultas/${consultation}/sistematizacion`,
        `/propuestas/${proposal}`,
        `/planes/${plan}/alertas`,
        `/planes/${plan}/informe`,
        `/buscar?q=script`,
      ];
      const workspacePages = [
        `/espacio/compromisos/${commitment}`,
        `/espacio/evaluaciones/${openRound}/compromisos/${commitment}`,
        `/espacio/planes/${plan}/cocreacion`,
        `/espacio/planes/${plan}/foro`,
        `/espacio/consultas/${consultation}`,
        `/espacio/alertas/${alert}`,
        `/espacio/planes/${plan}/seguimiento`,
      ];
      const adminPages = ['/espacio/admin/cuentas', '/espacio/admin/entidades'];
      const visits: [string[], keyof Hostile['people'] | null][] = [
        [publicPages, null],
        [workspacePages, 'coordinator'],
        [adminPages, 'admin'],
      ];
      let loaded = 0;
      for (const [pages, who] of visits) {
        const context = await web.browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
        if (who) {
          const cookies = h.people[who].cookie.split('; ').map((c) => {
            const i = c.indexOf('=');
            return { name: c.slice(0, i), value: c.slice(i + 1), url: web.base };
          });
          await context.addCookies(cookies);
        }
        const page = await context.newPage();
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        for (const lang of ['', '/en']) {
          for (const path of pages) {
            const res = await page.goto(`${web.base}${lang}${path}`);
            assert.equal(res?.status(), 200, `${lang}${path} as ${who ?? 'anonymous'}`);
            assert.ok((await page.content()).includes('mk'), `${lang}${path}: the hostile texts are on the page`);
            assert.equal(
              await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
              undefined,
              `${lang}${path}: a payload ran`,
            );
            loaded++;
          }
        }
        assert.deepEqual(dialogs, []);
        await context.close();
      }
      assert.equal(loaded, 2 * (publicPages.length + workspacePages.length + adminPages.length));
    });
  });
});
