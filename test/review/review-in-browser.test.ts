import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { getCommitment } from '../../src/services/commitments.js';
import { findPlan } from '../../src/storage/plans.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { addPlan } from './support.js';

/**
 * The independent review in Chromium: a reviewer finds the commitment from the workspace home, enters
 * the end-of-term review (an error shown and fixed), and the public page then shows both completion
 * levels side by side with the difference in words; a coordinator enters a recommendation and carries
 * a commitment on. axe finds nothing on any page on the way, in Spanish and English.
 */
describe('the independent review in the browser', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let s: Seeded;
    let reviewed: number;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      s = await seededApp(db);
      for (let n = 1; n <= 17 && !reviewed; n++)
        if ((await getCommitment(s.store, s.commitment(n))).assessments.at(-1)!.level === 'complete') reviewed = s.commitment(n);
      const plan = (await findPlan(s.store.db, s.planId))!;
      await addPlan(s.store, {
        governmentId: plan.government_id,
        title: 'Plan de Acción de Gobierno Abierto 2017-2019',
        start: 2017,
        end: 2019,
      });
      return {
        ...s,
        accounts: {
          reviewer: { email: `revisora-${db.kind}@example.test`, name: `revisora-${db.kind}`, role: 'reviewer' },
          coordinator: { email: `coordinadora-${db.kind}@example.test`, name: `coordinadora-${db.kind}`, role: 'coordinator' },
        },
      };
    });

    test('a reviewer enters a review; the commitment page shows both levels and the difference (es, en)', async () => {
      const { page: r, context } = await web.signIn('reviewer');
      await r.goto(`${web.base}/espacio`);
      await axe(r, 'reviewer workspace home');
      await r.click(`a[href="/espacio/planes/${s.planId}/revision"]`);
      await axe(r, 'reviewer: the plan’s commitments');
      await r.click(`a[href="/espacio/compromisos/${reviewed}/revision"]`);
      await axe(r, 'review form');

      const form = r.locator('form.review-form').nth(1);
      await form.locator('input[name="reportYear"]').fill('1999');
      await form.locator('select[name="specificity"]').selectOption('high');
      await form.locator('input[name="valueAccessToInformation"]').check();
      await form.locator('select[name="potentialImpact"]').selectOption('transformative');
      await form.locator('select[name="completion"]').selectOption('substantial');
      await form.locator('select[name="diogOverall"]').selectOption('major');
      await form
        .locator('textarea[name="reviewText"]')
        .fill('La plataforma está en línea, pero falta la interoperabilidad con dos entidades.');
      await form.locator('button[type="submit"]').click();
      assert.equal(await r.locator('.error-summary li').count(), 1);
      assert.match(await r.locator('.error-summary li').innerText(), /Año del informe/);
      assert.equal(
        await r.inputValue('#f-end-of-term-reviewText'),
        'La plataforma está en línea, pero falta la interoperabilidad con dos entidades.',
        'kept as typed',
      );
      assert.equal(await r.isChecked('#f-end-of-term-valueAccessToInformation'), true, 'the ticked box stays ticked');
      await axe(r, 'review form, with an error');
      // The summary's link takes the keyboard to the field.
      await r.click('.error-summary li a');
      assert.equal(await r.evaluate(() => document.activeElement?.id), 'f-end-of-term-reportYear');
      await r.fill('#f-end-of-term-reportYear', '2017');
      await r.locator('form.review-form').nth(1).locator('button[type="submit"]').click();
      assert.equal(await r.locator('p.notice[role="status"]').innerText(), 'Se guardaron los cambios.');
      await axe(r, 'review form, saved');

      await r.goto(`${web.base}/compromisos/${reviewed}`);
      const row = r.locator('section[aria-labelledby="irm"] table tbody tr').first();
      const cells = await row.locator('th, td').allInnerTexts();
      assert.equal(cells[0], 'Informe de fin de término (2017)');
      assert.match(cells[1]!, /Completo/);
      assert.equal(cells[2], 'Sustancial');
      assert.match(cells[3]!, /El MRI asigna 1 nivel menos/);
      assert.match(await r.locator('section[aria-labelledby="irm"] p.starred').innerText(), /Compromiso estelar/);
      await axe(r, 'commitment page with the review (es)');
      await context.close();

      const en = await web.signIn('reviewer', 'en');
      await en.page.goto(`${web.base}/en/espacio/compromisos/${reviewed}/revision`);
      assert.match(await en.page.locator('h1').innerText(), /Independent review of commitment/);
      await axe(en.page, 'review form (en)');
      await en.page.goto(`${web.base}/en/compromisos/${reviewed}`);
      const enCells = await en.page.locator('section[aria-labelledby="irm"] table tbody tr').first().locator('th, td').allInnerTexts();
      assert.equal(enCells[2], 'Substantial');
      assert.match(enCells[3]!, /The IRM gives 1 level less/);
      await axe(en.page, 'commitment page with the review (en)');
      await en.context.close();
    });

    test('a coordinator enters a recommendation and carries a commitment on; the pages link both ways (es, en)', async () => {
      const { page: c, context } = await web.signIn('coordinator');
      await c.goto(`${web.base}/espacio`);
      await c.click(`a[href="/espacio/planes/${s.planId}/recomendaciones"]`);
      await axe(c, 'recommendations (empty)');
      await c.fill('#f-new-source', 'Informe de avance 2015-2016');
      await c
        .locator('form')
        .filter({ has: c.locator('#f-new-source') })
        .locator('button[type="submit"]')
        .click();
      assert.match(await c.locator('.error-summary').innerText(), /Recomendación/);
      await axe(c, 'recommendations, with an error');
      await c.fill('#f-new-recommendationText', 'Incluir a la sociedad civil en el seguimiento.');
      await c.selectOption('#f-new-status', 'addressed');
      await c
        .locator('form')
        .filter({ has: c.locator('#f-new-source') })
        .locator('button[type="submit"]')
        .click();
      assert.equal(await c.locator('p.notice[role="status"]').count(), 1);
      await axe(c, 'recommendations, one entered');

      const unfinished = (await s.store.db.selectFrom('commitments').select('id').where('plan_id', '=', s.planId).execute()).map(
        (x) => x.id,
      );
      let carried = 0;
      for (const id of unfinished) if ((await getCommitment(s.store, id)).assessments.at(-1)!.level === 'not-started') carried = id;
      await c.goto(`${web.base}/espacio/compromisos/${carried}`);
      await c.click(`a[href="/espacio/compromisos/${carried}/continuar"]`);
      await axe(c, 'carry a commitment on');
      await c.click('main button[type="submit"]');
      const next = Number(/\/espacio\/compromisos\/(\d+)/.exec(new URL(c.url()).pathname)![1]);
      assert.notEqual(next, carried);
      await context.close();

      const visitor = await web.browser.newContext({ bypassCSP: true, locale: 'en-GB' });
      const v = await visitor.newPage();
      await v.goto(`${web.base}/en/compromisos/${next}`);
      assert.match(await v.locator('nav.continuity').innerText(), /Continues commitment/);
      await axe(v, 'continued commitment (en)');
      await v.click('nav.continuity a');
      assert.equal(new URL(v.url()).pathname, `/en/compromisos/${carried}`);
      assert.match(await v.locator('nav.continuity').innerText(), /Continued in/);
      await v.goto(`${web.base}/en/planes/${s.planId}`);
      assert.match(await v.locator('section[aria-labelledby="irm-recommendations"]').innerText(), /Addressed/);
      await axe(v, 'plan page with recommendations (en)');
      await v.goto(`${web.base}/planes/${s.planId}`);
      await axe(v, 'plan page with recommendations (es)');
      await visitor.close();
      assert.ok(checked.length >= 14, checked.join(', '));
    });
  });
});
