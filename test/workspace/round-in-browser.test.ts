import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { actorOf } from '../../src/services/accounts.js';
import { decideAssessment, saveAssessment } from '../../src/services/workspace/rounds.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/**
 * An agency editor's round in Chromium, from the coordinator opening it to its publication: forms
 * filled and submitted as a person would, errors shown and fixed, the draft invisible to the public
 * until the end — and axe finds nothing on any workspace page on the way.
 */
describe('an assessment round in the browser, from draft to publication', () => {
  chromiumSuite({ on: 'postgres' }, (web, db) => {
    let store: Store;
    let filesDir: string;
    let commitmentId: number;
    let agencyId: number;
    let planId: number;
    const checked: string[] = [];
    const axe = (page: Page, name: string) => assertAccessible(page, name, checked);

    web.setUp(async () => {
      filesDir = mkdtempSync(join(tmpdir(), 'vigia-round-'));
      process.env.FILES_DIR = filesDir;
      const s = await seededApp(db);
      ({ store, planId } = s);
      commitmentId = s.commitment(4);
      agencyId = (await commitmentSubject(store.db, commitmentId))!.agency_id!;
      return {
        ...s,
        accounts: {
          editor: { email: `editora-${db.kind}@example.test`, name: `editora-${db.kind}`, role: 'agency-editor', agencyId },
          coordinator: { email: `coordinador-${db.kind}@example.test`, name: `coordinador-${db.kind}`, role: 'coordinator' },
        },
      };
    });
    after(() => rmSync(filesDir, { recursive: true, force: true }));

    test('opened, drafted with errors fixed, returned, resubmitted, approved, published', async () => {
      const coordinator = await web.signIn('coordinator');
      const editor = await web.signIn('editor');
      const c = coordinator.page;
      const e = editor.page;

      // The coordinator opens a round: the form first refuses a missing cutoff date, naming it.
      await c.goto(`${web.base}/espacio`);
      await axe(c, 'coordinator workspace home');
      await c.click(`a[href="/espacio/planes/${planId}/evaluaciones/nueva"]`);
      await axe(c, 'open a round');
      await c.selectOption('select[name="kind"]', 'periodic');
      await c.click('main button[type="submit"]');
      assert.equal(await c.locator('.error-summary li').count(), 1);
      await axe(c, 'open a round, with an error');
      await c.fill('input[name="cutoffDate"]', '2017-12-31');
      await c.click('main button[type="submit"]');
      const roundPath = new URL(c.url()).pathname;
      assert.match(roundPath, /^\/espacio\/evaluaciones\/\d+$/);
      const roundId = Number(roundPath.split('/').at(-1));
      await axe(c, 'round board (coordinator)');
      assert.match(await c.locator('main').innerText(), /17/);

      // The other agencies' assessments go through without the browser.
      const coord = actorOf(web.account('coordinator'));
      const plan = await store.db
        .selectFrom('commitments')
        .select('id')
        .where('plan_id', '=', planId)
        .where('id', '!=', commitmentId)
        .execute();
      // One coordinator submits and approves them: the government allows it (decision 039); a jump of level is confirmed.
      await store.db.updateTable('governments').set({ allow_self_approval: 1 }).execute();
      const confirmReason = 'Verificado con la entidad.';
      for (const { id } of plan) {
        const saved = await saveAssessment(
          store,
          coord,
          roundId,
          id,
          { level: 'substantial', results: 'Avance.', confirmReason },
          { submit: true },
          new Date().toISOString(),
        );
        assert.ok(saved.ok);
        assert.ok(
          (
            await decideAssessment(
              store,
              coord,
              roundId,
              id,
              { decision: 'approve', version: saved.version, confirmReason },
              new Date().toISOString(),
            )
          ).ok,
        );
      }

      // The editor finds the round and only its own commitment on the board.
      await e.goto(`${web.base}/espacio`);
      await axe(e, 'editor workspace home');
      await e.click(`a[href="${roundPath}"]`);
      await axe(e, 'round board (editor)');
      const ledByAgency = await store.db
        .selectFrom('commitment_agencies')
        .select('commitment_id')
        .where('agency_id', '=', agencyId)
        .where('valid_to', 'is', null)
        .execute();
      assert.ok(ledByAgency.length < 17);
      assert.equal(
        await e.locator(`main a[href^="${roundPath}/compromisos/"]`).count(),
        ledByAgency.length,
        'the commitments its agency leads, no others',
      );
      await e.click(`main a[href="${roundPath}/compromisos/${commitmentId}"]`);
      await axe(e, 'assessment form');

      // Completo without evidence cited: refused, with the error at the top and by the field.
      await e.selectOption('select[name="level"]', 'complete');
      await e.fill('textarea[name="results"]', 'La plataforma está en línea y la usan 12 entidades.');
      await e.click('button[name="action"][value="submit"]');
      assert.equal(await e.locator('.error-summary li').count(), 1);
      assert.equal(await e.inputValue('textarea[name="results"]'), 'La plataforma está en línea y la usan 12 entidades.', 'kept as typed');
      await axe(e, 'assessment form, with an error');

      // It adds a link as evidence on the commitment's page, then cites it.
      await e.goto(`${web.base}/espacio/compromisos/${commitmentId}`);
      await axe(e, 'commitment edit page');
      await e.click('summary:has-text("enlace")');
      await e.fill('input[name="url"]', 'javascript:alert(1)');
      await e.click('form[action$="/evidencias"] button[type="submit"]');
      assert.ok((await e.locator('form[action$="/evidencias"] .error-message').count()) >= 1);
      await axe(e, 'commitment edit page, link refused');
      await e.fill('form[action$="/evidencias"] input[name="url"]', 'https://www.gob.pe/informe-plataforma.pdf');
      await e.fill('form[action$="/evidencias"] input[name="description"]', 'Informe de la plataforma');
      await e.click('form[action$="/evidencias"] button[type="submit"]');
      assert.match(await e.locator('main').innerText(), /Informe de la plataforma/);
      const activity = e.locator('main a[href^="/espacio/actividades/"]').first();
      if ((await activity.count()) > 0) {
        await activity.click();
        await axe(e, 'activity edit page');
      }

      await e.goto(`${web.base}${roundPath}/compromisos/${commitmentId}`);
      await e.selectOption('select[name="level"]', 'complete');
      await e.fill('textarea[name="results"]', 'La plataforma está en línea y la usan 12 entidades.');
      await e.check('fieldset input[type="checkbox"] >> nth=-1');
      await e.click('button[name="action"][value="submit"]');
      assert.match(await e.locator('.stage').innerText(), /Enviad/);
      await axe(e, 'assessment submitted');

      // Until publication the public sees nothing of the round.
      const visitor = await web.browser.newContext({ locale: 'es-PE' });
      const pub = await visitor.newPage();
      await pub.goto(`${web.base}/compromisos/${commitmentId}`);
      assert.doesNotMatch(await pub.locator('main').innerText(), /12 entidades/);

      // The coordinator returns it with a comment; the editor reads it, changes and resubmits.
      await c.goto(`${web.base}${roundPath}/compromisos/${commitmentId}`);
      await axe(c, 'assessment to decide');
      await c.click('button[name="decision"][value="return"]');
      assert.equal(await c.locator('.error-summary li').count(), 1, 'returning needs a comment');
      await axe(c, 'decision, with an error');
      await c.fill('textarea[name="comment"]', 'Indiquen cuántas entidades la usan a la fecha de corte.');
      await c.click('button[name="decision"][value="return"]');

      await e.goto(`${web.base}${roundPath}/compromisos/${commitmentId}`);
      assert.match(await e.locator('main').innerText(), /Indiquen cuántas entidades/);
      await axe(e, 'assessment returned');
      await e.fill('textarea[name="results"]', 'La plataforma está en línea y la usaban 12 entidades al 31 de diciembre de 2017.');
      await e.click('button[name="action"][value="submit"]');

      await c.goto(`${web.base}${roundPath}/compromisos/${commitmentId}`);
      await c.click('button[name="decision"][value="approve"]');
      await c.goto(`${web.base}${roundPath}`);
      await axe(c, 'round board, ready to publish');
      await c.click('form[action$="/publicar"] button[type="submit"]');
      // A confirmation page first (issue 20): the round named, what publishing does; nothing published yet.
      assert.match(await c.locator('main').innerText(), /no se puede deshacer/);
      await axe(c, 'publish confirmation');
      await c.click('form[action$="/publicar"] button[type="submit"]');
      await axe(c, 'round board, published');

      await pub.goto(`${web.base}/compromisos/${commitmentId}`);
      const text = await pub.locator('main').innerText();
      assert.match(text, /periódica/i);
      await pub.goto(`${web.base}/api/v1/commitments/${commitmentId}`);
      const json = JSON.parse(await pub.locator('body').innerText());
      const published = json.commitment.assessments.find((a: { round: { id: number } }) => a.round.id === roundId);
      assert.equal(published.level, 'complete');
      assert.match(published.results, /31 de diciembre de 2017/);

      // The same pages in English are clean too.
      const english = await web.signIn('editor', 'en');
      for (const path of [
        '/en/espacio',
        `/en/espacio/compromisos/${commitmentId}`,
        `/en${roundPath}`,
        `/en${roundPath}/compromisos/${commitmentId}`,
      ]) {
        await english.page.goto(`${web.base}${path}`);
        assert.equal(await english.page.getAttribute('html', 'lang'), 'en');
        await axe(english.page, `${path} (en)`);
      }
      await Promise.all([coordinator.context.close(), editor.context.close(), english.context.close(), visitor.close()]);
      assert.ok(checked.length >= 20, `axe ran on ${checked.length} page states`);
    });

    test("the imported plan's stage corrected: the form, its error and the corrections listed, in the workspace and on the public page", async () => {
      const coordinator = await web.signIn('coordinator');
      const c = coordinator.page;
      await c.goto(`${web.base}/espacio/planes/${planId}`);
      await c.click('summary:has-text("Corregir la etapa importada")');
      await axe(c, 'plan page: stage correction form');
      await c.click('form[action$="/etapa/correccion"] button[type="submit"]');
      assert.equal(await c.locator('.error-summary li').count(), 1);
      await axe(c, 'plan page: stage correction, with an error');
      await c.selectOption('select[name="correctedStage"]', 'active');
      await c.fill('textarea[name="correctionReason"]', 'El archivo importado no traía la etapa.');
      await c.click('form[action$="/etapa/correccion"] button[type="submit"]');
      assert.match(await c.locator('main').innerText(), /Correcciones de la etapa/);
      await axe(c, 'plan page: the corrections listed');
      for (const path of [`/planes/${planId}`, `/en/planes/${planId}`]) {
        await c.goto(`${web.base}${path}`);
        assert.match(await c.locator('main').innerText(), /(etapa corregida|stage corrected)/);
        await axe(c, `${path}: the corrected stage`);
      }
      await coordinator.context.close();
    });
  });
});
