import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seededApp } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/**
 * Co-creation in Chromium: the coordinator opens the call, records a workshop (an error shown, then
 * fixed), a visitor sends a proposal on the public form (an error, then sent), the coordinator groups
 * it, scores and approves it (a workshop corrected on its edit page, its delete page seen); the plan page shows the funnel with its counts and the proposal page
 * what became of it. axe finds nothing on these pages, in Spanish and English.
 */
describe('co-creation in the browser', () => {
  chromiumSuite({ on: 'sqlite' }, (web, db) => {
    let planId: number;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      const s = await seededApp(db);
      planId = s.planId;
      return {
        ...s,
        accounts: { coordinator: { email: `coordinadora-cocreacion-${db.kind}@example.test`, name: 'Coordinadora', role: 'coordinator' } },
      };
    });

    test('open the call, a workshop, a public proposal, group, score, approve; the funnel on the plan page (es)', async () => {
      const { context, page: p } = await web.signIn('coordinator', 'es');
      await p.goto(`${web.base}/espacio/planes/${planId}/cocreacion`);
      await axe(p, 'coordinator co-creation page');
      await p.click('section[aria-labelledby="call"] button');
      assert.match(await p.locator('.notice[role=status]').innerText(), /Se guardaron los cambios/);
      await p.fill('#f-workshop-place', 'Ayacucho');
      await p.fill('#f-workshop-participants', 'cuarenta');
      await p.click('section[aria-labelledby="add-workshop"] button[type="submit"]');
      assert.match(await p.locator('.error-summary').innerText(), /Complete «Fecha»/);
      assert.match(await p.locator('.error-summary').innerText(), /«Número de participantes» debe ser un número/);
      await axe(p, 'coordinator co-creation page, with errors');
      await p.fill('#f-workshop-heldOn', '2015-03-12');
      await p.fill('#f-workshop-participants', '40');
      await p.click('section[aria-labelledby="add-workshop"] button[type="submit"]');
      assert.match(await p.locator('.cocreation').innerText(), /Ayacucho/);

      // Corrected on its edit page; the delete page asks first, and going back deletes nothing.
      await p.click('a[aria-label="Editar: Ayacucho"]');
      await axe(p, 'edit a workshop');
      await p.fill('#f-workshop-place', 'Ayacucho (Huamanga)');
      await p.click('main form button[type="submit"]');
      assert.match(await p.locator('.notice[role=status]').innerText(), /Se guardaron los cambios/);
      assert.match(await p.locator('section[aria-labelledby="add-workshop"]').innerText(), /Ayacucho \(Huamanga\), 12/);
      await p.click('a[aria-label="Eliminar: Ayacucho (Huamanga)"]');
      assert.equal(await p.locator('h1').innerText(), '¿Eliminar el taller «Ayacucho (Huamanga)»?');
      await axe(p, 'delete a workshop: the confirmation');
      await p.click('a:has-text("Volver sin eliminar")');
      assert.match(await p.locator('.cocreation').innerText(), /Ayacucho \(Huamanga\)/);

      // A visitor, in another context: the public form.
      const visitor = await web.browser.newContext({ locale: 'es-PE', bypassCSP: true });
      const v = await visitor.newPage();
      await v.goto(`${web.base}/planes/${planId}`);
      await v.click(`a[href="/planes/${planId}/propuestas/nueva"]`);
      await axe(v, 'public proposal form');
      await v.fill('#f-p-proposalTitle', 'Portal de obras públicas');
      await v.fill('#f-p-proposer', 'Vecinos de Huamanga');
      await v.selectOption('#f-p-proposerKind', 'organisation');
      await v.click('main form button[type="submit"]');
      assert.match(await v.locator('.error-summary').innerText(), /Complete «Texto de la propuesta»/);
      assert.equal(await v.inputValue('#f-p-proposalTitle'), 'Portal de obras públicas', 'kept as typed');
      await axe(v, 'public proposal form, with an error');
      await v.fill('#f-p-proposalText', 'Publicar el avance de cada obra con fotos y montos.');
      await v.click('main form button[type="submit"]');
      assert.match(await v.locator('[role=status]').innerText(), /Gracias/);
      await v.click('a:has-text("Ver la propuesta")');
      const proposalUrl = v.url();
      assert.match(await v.locator('main').innerText(), /Aún no se agrupó/);

      await p.reload();
      await p.fill('#f-candidate-candidateTitle', 'Transparencia de obras');
      await p.check('#f-candidate-proposalIds input[type=checkbox] >> nth=0');
      await p.click('section[aria-labelledby="group"] button[type="submit"]');
      await p.click('section[aria-labelledby="candidates"] a:has-text("Transparencia de obras")');
      await axe(p, 'coordinator SMART score page');
      for (const k of ['specific', 'measurable', 'achievable', 'relevant', 'timeBound']) await p.selectOption(`#f-score-${k}`, '3');
      await p.click('main form button[type="submit"]');
      assert.match(await p.locator('section[aria-labelledby="candidates"]').innerText(), /15/);
      await p.check('#f-approve-candidateIds input[type=checkbox] >> nth=0');
      await p.click('section[aria-labelledby="prioritise"] form:has(#f-approve-candidateIds) button[type="submit"]');
      assert.match(await p.locator('section[aria-labelledby="candidates"]').innerText(), /aprobado como compromiso 18/);
      await context.close();

      await v.goto(`${web.base}/planes/${planId}`);
      assert.deepEqual(await v.locator('.funnel .funnel-count').allInnerTexts(), ['1', '1', '1', '1']);
      await axe(v, 'plan page with the funnel');
      await v.goto(proposalUrl);
      assert.match(await v.locator('main').innerText(), /aprobado como compromiso del plan:\s*18\. Transparencia de obras/);
      await visitor.close();
    });

    test('the same pages in English', async () => {
      const { context, page: p } = await web.signIn('coordinator', 'en');
      await p.goto(`${web.base}/en/espacio/planes/${planId}/cocreacion`);
      assert.match(await p.locator('h1').innerText(), /Co-creation/);
      await axe(p, 'coordinator co-creation page (en)');
      await p.click('a[aria-label="Edit: Ayacucho (Huamanga)"]');
      assert.equal(await p.locator('h1').innerText(), 'Edit the workshop “Ayacucho (Huamanga)”');
      await axe(p, 'edit a workshop (en)');
      await context.close();
      const visitor = await web.browser.newContext({ locale: 'en-GB', bypassCSP: true });
      const v = await visitor.newPage();
      await v.goto(`${web.base}/en/planes/${planId}/propuestas/nueva`);
      assert.match(await v.locator('h1').innerText(), /Send a proposal/);
      await axe(v, 'public proposal form (en)');
      await v.goto(`${web.base}/en/planes/${planId}`);
      assert.match(await v.locator('.cocreation').innerText(), /Proposals received/);
      await axe(v, 'plan page with the funnel (en)');
      await visitor.close();
      assert.equal(checked.length, 12);
    });
  });
});
