import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { buildEarlyWarningsPlan, type EarlyWarningsPlan } from '../helpers/plans.js';

/**
 * Civil-society alerts in Chromium, as people use them (the app's day fixed on Monday 2040-03-05): the
 * coordination lists a holiday (an error first), a citizen raises an alert from the commitment's page
 * (an error first), the agency answers it in English (an error first), and the public log shows it
 * answered within the deadline — axe finds nothing on any state, in Spanish and English.
 */
describe('civil-society alerts in the browser', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let p: EarlyWarningsPlan;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      process.env.FILES_DIR ??= mkdtempSync(join(tmpdir(), 'vigia-alerts-browser-'));
      const store = await db.open();
      p = await buildEarlyWarningsPlan(store);
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2040-03-05' });
      return {
        store,
        app,
        accounts: {
          coordinator: { role: 'coordinator', governmentId: p.governmentId, email: `coord-${db.kind}@example.test`, name: 'Carla' },
          citizen: { role: 'civil-society', email: `cs-${db.kind}@example.test`, name: 'Colectivo Vigilante' },
          ana: { role: 'agency-editor', agencyId: p.agencies.AAA, email: `ana-${db.kind}@example.test`, name: 'Ana', lang: 'en' },
        },
      };
    });

    test('the coordination lists a holiday: an error first, then the holiday in the table', async () => {
      const { context, page } = await web.signIn('coordinator');
      try {
        await page.goto(`${web.base}/espacio/planes/${p.planId}/alertas/ajustes`);
        await axe(page, 'deadline and holidays (es)');
        await page.fill('#f-holiday-holidayName', 'Feriado regional');
        await page.click('button:has-text("Agregar el feriado")');
        assert.match((await page.locator('.error-summary').textContent()) ?? '', /Fecha del feriado/);
        await axe(page, 'holiday with an error (es)');
        await page.fill('#f-holiday-holidayDate', '2040-03-19');
        await page.fill('#f-holiday-holidayName', 'Feriado regional');
        await page.click('button:has-text("Agregar el feriado")');
        assert.match((await page.locator('table tbody').textContent()) ?? '', /19 de marzo de 2040.*Feriado regional/);
        await axe(page, 'holiday listed (es)');
      } finally {
        await context.close();
      }
    });

    test('a citizen raises an alert from the commitment’s page: an error first, then the public log', async () => {
      const { context, page } = await web.signIn('citizen');
      try {
        await page.goto(`${web.base}/compromisos/${p.c[0]}`);
        await page.click(`a[href="/compromisos/${p.c[0]}/alertas/nueva"]`);
        await axe(page, 'raise an alert (es)');
        await page.selectOption('#f-category', 'delay');
        await page.fill('#f-evidenceUrl', 'ftp://example.org/acta');
        await page.click('main form button[type="submit"]');
        const errors = (await page.locator('.error-summary').textContent()) ?? '';
        assert.match(errors, /Descripción de la alerta/);
        assert.match(errors, /Enlace a una evidencia/);
        await axe(page, 'raise with errors (es)');
        await page.selectOption('#f-activityId', String(p.a.a2));
        await page.fill('#f-alertText', 'La actividad 2 no ha empezado.\n<b>Sin respuesta</b> de la entidad.');
        await page.fill('#f-evidenceUrl', 'https://example.org/acta.pdf');
        await page.setInputFiles('#f-evidenceFile', {
          name: 'asistencia.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('fecha,asistentes\n2040-03-01,9\n'),
        });
        await page.click('main form button[type="submit"]');
        assert.equal(new URL(page.url()).pathname, `/planes/${p.planId}/alertas`);
        assert.match((await page.locator('[role=status]').textContent()) ?? '', /Se registró su alerta/);
        // Raised Monday 2040-03-05; the 19th is a holiday: the tenth working day is the 20th.
        assert.match((await page.locator('.alert-item').first().textContent()) ?? '', /Responder a más tardar el 20 de marzo de 2040/);
        assert.equal(await page.locator('.alert-item b').count(), 0, 'what the citizen wrote is text, not HTML');
        assert.equal(await page.locator('.alert-item a[href$="/archivo"]').textContent(), 'Archivo: asistencia.csv');
        await axe(page, 'alert log, one open alert (es)');
        await page.goto(`${web.base}/en/planes/${p.planId}/alertas`);
        assert.equal(await page.locator('#alert-share').textContent(), 'In the plan: 0 of 1 alerts answered within the deadline.');
        await axe(page, 'alert log, one open alert (en)');
      } finally {
        await context.close();
      }
    });

    test('the agency answers in English: an error first; then the log says within the deadline (es and en)', async () => {
      const { context, page } = await web.signIn('ana', 'en');
      try {
        await page.goto(`${web.base}/en/espacio`);
        await page.click(`a[href="/en/espacio/planes/${p.planId}/alertas"]`);
        assert.equal(await page.locator('table tbody tr').count(), 1, 'the agency’s open alert');
        await axe(page, 'alerts to answer (en)');
        await page.click('table tbody a');
        await axe(page, 'answer an alert (en)');
        await page.click('main form button[type="submit"]');
        assert.match((await page.locator('.error-summary').textContent()) ?? '', /Answer/);
        await axe(page, 'answer with an error (en)');
        await page.fill('#f-answerText', 'Activity 2 starts on 1 April; the schedule is on our site.');
        await page.click('main form button[type="submit"]');
        assert.match((await page.locator('[role=status]').textContent()) ?? '', /The answer was published/);
        await axe(page, 'alert answered (en)');

        await page.goto(`${web.base}/en/planes/${p.planId}/alertas`);
        assert.equal(await page.locator('#alert-share').textContent(), 'In the plan: 1 of 1 alerts answered within the deadline.');
        assert.match((await page.locator('table tbody tr').first().textContent()) ?? '', /Agencia de Datos\s*1 of 1/);
        await axe(page, 'alert log, answered (en)');
        await page.goto(`${web.base}/planes/${p.planId}/alertas?lang=es`);
        assert.match((await page.locator('.alert-item').first().textContent()) ?? '', /Respondida dentro del plazo/);
        await axe(page, 'alert log, answered (es)');
        await page.goto(`${web.base}/en/compromisos/${p.c[0]}`);
        assert.match((await page.locator('section[aria-labelledby=alertas]').textContent()) ?? '', /1 of 1 answered within the deadline/);
        await axe(page, 'commitment page with its alerts (en)');
      } finally {
        await context.close();
      }
    });

    test('every state was checked with axe', () => {
      assert.equal(checked.length, 14);
    });
  });
});
