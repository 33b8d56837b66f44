import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { openConsultation } from '../../src/services/consultation.js';
import type { Store } from '../../src/storage/connect.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * The consultation in Chromium, in Spanish and English, with axe at every step: a visitor asks for a
 * link (first with no address: the error), opens it from the mail, comments (with markup, shown as
 * text); the coordinator signs in, answers the comment on the moderation page; the public page shows
 * the answer. Then the round's draft: read block by block, and "comment on this" choosing the block.
 */
const TODAY = '2026-03-05';

describe('the consultation pages in Chromium', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let store: Store;
    let plan: LateActivitiesPlan;
    web.setUp(async () => {
      store = await db.open();
      const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
      plan = await buildLateActivitiesPlan(store);
      const governmentId = plan.people.carla.governmentId!;
      return {
        store,
        app,
        accounts: {
          'coordinator-es': { role: 'coordinator', governmentId, lang: 'es' },
          'coordinator-en': { role: 'coordinator', governmentId, lang: 'en' },
          'civil-society-es': { role: 'civil-society', lang: 'es' },
          'civil-society-en': { role: 'civil-society', lang: 'en' },
        },
      };
    });

    for (const lang of ['es', 'en'] as const) {
      test(`a visitor comments with a mailed link and the coordinator answers (${lang})`, async () => {
        const p = lang === 'en' ? '/en' : '';
        const opened = await openConsultation(
          store,
          plan.people.carla,
          plan.planId,
          {
            title: `Consulta ${lang}`,
            startsOn: '2026-03-01',
            endsOn: TODAY,
          },
          new Date().toISOString(),
        );
        assert.ok(opened.ok);
        const url = `${web.base}${p}/planes/${plan.planId}/consultas/${opened.id}`;
        const context = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await context.newPage();
        const checked: string[] = [];

        await page.goto(url);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await assertAccessible(page, 'consultation page', checked);
        await page.click('form[action$="/enlace"] button[type="submit"]');
        assert.equal(await page.locator('.error-summary li').count(), 1);
        await assertAccessible(page, 'link form, no address', checked);
        const email = `luz-${lang}-${db.kind}@example.test`;
        await page.fill('#f-l-email', email);
        await page.click('form[action$="/enlace"] button[type="submit"]');
        await page.waitForSelector('p[role="status"]');
        await assertAccessible(page, 'link sent', checked);

        const row = await store.db.selectFrom('outbox').select('body').where('recipient', '=', email).executeTakeFirstOrThrow();
        const link = /https?:\/\/\S+?(\/(?:en\/)?planes\/\d+\/consultas\/\d+\/comentar\?token=[A-Za-z0-9_-]{43})/.exec(row.body)![1]!;
        await page.goto(`${web.base}${link}`);
        await assertAccessible(page, 'comment form from the link', checked);
        await page.selectOption('#f-c-target', `commitment:${plan.commitments.c2}`);
        await page.fill('#f-c-name', 'Luz');
        const text = '<em>Propuesta</em>\nsegunda línea';
        await page.fill('#f-c-body', text);
        await page.click('form[action$="/comentarios"] button[type="submit"]');
        await page.waitForSelector('p[role="status"]');
        await assertAccessible(page, 'comment published', checked);
        const shown = page.locator('.consultation-comment .plain-text').first();
        assert.equal(await shown.innerText(), '<em>Propuesta</em>\nsegunda línea');
        assert.equal(await page.locator('main em').count(), 0);
        await context.close();

        const signed = await web.signIn(`coordinator-${lang}`, lang);
        const cpage = signed.page;
        await cpage.goto(`${web.base}${p}/espacio/consultas/${opened.id}`);
        await assertAccessible(cpage, 'moderation page', checked);
        const comment = await store.db
          .selectFrom('consultation_comments')
          .select('id')
          .where('consultation_id', '=', opened.id)
          .executeTakeFirstOrThrow();
        await cpage.click(`form[action$="/comentarios/${comment.id}/respuesta"] button[type="submit"]`);
        assert.ok((await cpage.locator('.error-summary li').count()) >= 1);
        await assertAccessible(cpage, 'answer without a choice', checked);
        await cpage.selectOption(`#f-a${comment.id}-answer`, 'partly');
        await cpage.fill(`#f-a${comment.id}-reason`, lang === 'es' ? 'Se incorpora en parte' : 'Partly taken in');
        await cpage.fill(`#f-a${comment.id}-changes`, 'Meta 2');
        await cpage.click(`form[action$="/comentarios/${comment.id}/respuesta"] button[type="submit"]`);
        await cpage.waitForSelector('p[role="status"]');
        await assertAccessible(cpage, 'answer saved', checked);
        await cpage.goto(url);
        assert.match(await cpage.locator('main').innerText(), lang === 'es' ? /Aceptado en parte/ : /Partly accepted/);
        await signed.context.close();
        assert.equal(checked.length, 8);
      });

      test(`the round's draft is read on the consultation page and commented on block by block (${lang})`, async () => {
        const p = lang === 'en' ? '/en' : '';
        const opened = await openConsultation(
          store,
          plan.people.carla,
          plan.planId,
          {
            title: `Borrador del reporte ${lang}`,
            roundId: plan.roundId,
            startsOn: '2026-03-01',
            endsOn: TODAY,
          },
          new Date().toISOString(),
        );
        assert.ok(opened.ok);
        const url = `${web.base}${p}/planes/${plan.planId}/consultas/${opened.id}`;
        const checked: string[] = [];
        const visitor = await web.browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
        const page = await visitor.newPage();
        await page.goto(url);
        const block = page.locator(`#borrador-compromiso-${plan.commitments.c1}`);
        assert.match(await block.innerText(), /Avances del trimestre\./);
        assert.match(
          await block.innerText(),
          lang === 'es' ? /Borrador de «Reporte del primer trimestre»/ : /Draft of "Reporte del primer trimestre"/,
        );
        await assertAccessible(page, 'the draft, read by a visitor', checked);
        // Without a way to comment yet, "comment on this" leads to the link form.
        await block.locator('.draft-comments a').click();
        assert.equal(new URL(page.url()).hash, '#link-heading');
        await visitor.close();

        const signed = await web.signIn(`civil-society-${lang}`, lang);
        const spage = signed.page;
        await spage.goto(url);
        await assertAccessible(spage, 'the draft, read by a civil-society account', checked);
        await spage.locator(`#borrador-compromiso-${plan.commitments.c3} .draft-comments a`).click();
        assert.equal(await spage.inputValue('#f-c-target'), `commitment:${plan.commitments.c3}`, 'the block is chosen in the form');
        await spage.fill('#f-c-body', 'La meta del piloto no dice cuántos hospitales.');
        await spage.click('form[action$="/comentarios"] button[type="submit"]');
        await spage.waitForSelector('p[role="status"]');
        assert.match(
          await spage.locator(`#borrador-compromiso-${plan.commitments.c3} .draft-comments`).innerText(),
          lang === 'es' ? /1 comentario sobre esto/ : /1 comment on this/,
        );
        await assertAccessible(spage, 'commented on a block', checked);
        await signed.context.close();
        assert.equal(checked.length, 3);
      });
    }
  });
});
