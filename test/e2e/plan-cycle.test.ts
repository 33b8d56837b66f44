import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { formatDate } from '../../src/http/views/format.js';
import { timeZoneFrom, todayIn } from '../../src/lib/clock.js';
import { assertAccessible } from '../helpers/browser.js';
import { chromiumSuite } from '../helpers/chromium-suite.js';

/**
 * The whole plan cycle of issue 19 in Chromium, on both databases, from an EMPTY database (only an admin
 * account): the admin creates Peru, its two agencies and the two people's accounts (following the
 * one-time links as they would); the coordinator creates the 2017–2019 plan as a draft, runs
 * co-creation (call, 3 public proposals, 2 candidates, SMART scores, approval into commitments), adds a
 * theme and a third commitment by hand with 3 milestones of two agencies and a co-lead, opens the
 * consultation of the draft and moves the plan to "en consulta"; without JavaScript, closes the
 * consultation before its last day (the confirmation page asks why; the public page then shows the date
 * and the reason), approves the plan with its instrument and puts it "en ejecución"; the co-lead
 * agency's editor, without JavaScript, marks a milestone done with its actual end and adds a link as
 * evidence. The public plan and commitment pages show all of it. axe finds
 * nothing on every new page state, in Spanish and under /en.
 *
 * With JavaScript off, axe (itself a script) cannot run in the page: the exact document that context
 * received is given to a page of a JavaScript context at the same address, and axe runs there.
 */

const PLAN_TITLE = 'Plan de Acción de Gobierno Abierto 2017-2019';
const INSTRUMENT = 'Resolución Ministerial N° 176-2015-PCM';
const LINK = 'https://www.gob.pe/pcm/informe-hito-1.pdf';
const CLOSE_REASON = 'Se recibieron los aportes de las cuatro macrorregiones.';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the plan cycle from an empty database, in Chromium', () => {
  chromiumSuite({ on: ['sqlite', 'postgres'] }, (web, db) => {
    const timeZone = timeZoneFrom();
    const today = () => todayIn(timeZone);
    const checked: string[] = [];

    web.setUp(async () => {
      const store = await db.open();
      return {
        store,
        app: await buildApp({ store, cacheCheckEveryMs: 0, today }),
        accounts: { admin: { role: 'admin', email: `admin-ciclo-${db.kind}@example.test`, name: 'Administradora' } },
      };
    });

    /** Signs in through the form, in a new context with or without JavaScript. */
    const signIn = async (email: string, password: string, js = true): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await web.browser.newContext({ bypassCSP: true, locale: 'es-PE', javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${web.base}/cuenta/ingresar`);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await page.click('main button[type="submit"]');
      assert.match(new URL(page.url()).pathname, /\/cuenta$/, `${email} signed in`);
      return { context, page };
    };

    let checker: { context: BrowserContext; page: Page } | undefined;
    /** axe on the page as it is; for a page without JavaScript, on the same document in a JavaScript page. */
    const axe = async (page: Page, name: string) => {
      if (page.context() === checker?.context) throw new Error('axe: not on the checker');
      if (!noScript.has(page.context())) return assertAccessible(page, name, checked);
      checker ??= await openChecker(web.browser);
      const [html, url] = [await page.content(), page.url()];
      await checker.page.route(url, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await checker.page.goto(url);
      await checker.page.unroute(url);
      await assertAccessible(checker.page, `${name} (without JavaScript)`, checked);
    };
    const noScript = new WeakSet<BrowserContext>();
    const openChecker = async (browser: Browser) => {
      const context = await browser.newContext({ bypassCSP: true });
      return { context, page: await context.newPage() };
    };

    const notice = async (page: Page) => (await page.locator('.notice[role=status]').first().innerText()).trim();
    const main = async (page: Page) => page.locator('main').innerText();

    test('an admin creates Peru; the plan is co-created, consulted, approved and carried out; the public pages show it', async () => {
      const go = (page: Page, path: string) => page.goto(`${web.base}${path}`);
      /** The same page under /en, in English, axe clean. */
      const inEnglish = async (page: Page, path: string, name: string) => {
        await go(page, `/en${path}`);
        assert.equal(await page.getAttribute('html', 'lang'), 'en', `${name}: in English`);
        await axe(page, `${name} (en)`);
      };

      // ——— 1. The admin: the government, its agencies, the two accounts ———
      const admin = web.account('admin');
      const { context: adminContext, page: a } = await signIn(admin.email, admin.password);
      await go(a, '/espacio/admin/gobiernos');
      await axe(a, 'governments, none yet');
      await a.fill('#f-new-governmentNameEs', 'Perú');
      await a.fill('#f-new-governmentNameEn', 'Peru');
      await a.selectOption('#f-new-governmentKind', 'national');
      await a.fill('#f-new-countryCode', 'PE');
      await a.click('main form[action="/espacio/admin/gobiernos"] button[type="submit"]');
      assert.match(new URL(a.url()).pathname, /^\/espacio\/admin\/gobiernos\/\d+$/);
      assert.match(await a.locator('h1').innerText(), /Perú/);
      await axe(a, "a government's page");
      await go(a, '/espacio/admin/gobiernos');
      assert.match(await a.locator('table.data').innerText(), /Perú\s+Nacional\s+PE/i);
      await axe(a, 'governments, with Peru');
      await go(a, '/en/espacio/admin/gobiernos');
      await axe(a, 'governments, with Peru (en)');

      await go(a, '/espacio/admin/entidades');
      for (const [name, acronym] of [
        ['Presidencia del Consejo de Ministros', 'PCM'],
        ['Organismo Supervisor de las Contrataciones del Estado', 'OSCE'],
      ] as const) {
        await a.selectOption('#f-new-government', { label: 'Perú' });
        await a.fill('#f-new-name', name);
        await a.fill('#f-new-acronym', acronym);
        await a.click('section[aria-labelledby="add"] button[type="submit"]');
        assert.match(await a.locator('main').innerText(), new RegExp(name));
      }
      await axe(a, 'agencies of Peru');
      const government = await web.store.db.selectFrom('governments').select('id').executeTakeFirstOrThrow();
      const agencies = await web.store.db
        .selectFrom('agencies')
        .select(['id', 'acronym'])
        .where('government_id', '=', government.id)
        .orderBy('id')
        .execute();
      const pcm = agencies.find((x) => x.acronym === 'PCM')!;
      const osce = agencies.find((x) => x.acronym === 'OSCE')!;
      assert.ok(pcm && osce, 'both agencies created');

      /** An account made on the admin's page; its one-time link followed to choose the password. */
      const makeAccount = async (email: string, name: string, role: string, fields: { agency?: number; government?: number }) => {
        await go(a, '/espacio/admin/cuentas');
        await a.fill('#f-acc-email', email);
        await a.fill('#f-acc-name', name);
        await a.selectOption('#f-acc-role', role);
        if (fields.agency) await a.selectOption('#f-acc-agency', String(fields.agency));
        if (fields.government) await a.selectOption('#f-acc-government', String(fields.government));
        await a.click('section[aria-labelledby="create"] button[type="submit"]');
        const link = new URL(await a.inputValue('#one-time-link'));
        const password = `clave larga de ${name.toLowerCase()} 2017`;
        const page = await adminContext.browser()!.newPage({ bypassCSP: true });
        await page.goto(`${web.base}${link.pathname}${link.search}`);
        await page.fill('#password', password);
        await page.fill('#confirm', password);
        await page.click('main button[type="submit"]');
        await page.context().close();
        return { email, password };
      };
      const coordinator = await makeAccount(`coordinacion-${db.kind}@example.test`, 'Coordinadora', 'coordinator', {
        government: government.id,
      });
      await axe(a, 'accounts, one just created');
      const editor = await makeAccount(`osce-${db.kind}@example.test`, 'Editor', 'agency-editor', { agency: osce.id });
      await adminContext.close();

      // ——— 2. The coordinator: the plan, as a draft ———
      let { context: cc, page: c } = await signIn(coordinator.email, coordinator.password);
      await inEnglish(c, '/espacio/planes/nuevo', 'a new plan');
      await go(c, '/espacio/planes/nuevo');
      await axe(c, 'a new plan');
      await c.fill('#f-planTitleEs', PLAN_TITLE);
      await c.fill('#f-periodStart', '2017');
      await c.fill('#f-periodEnd', '2019');
      await c.click('main form button[type="submit"]');
      const planPath = new URL(c.url()).pathname;
      assert.match(planPath, /^\/espacio\/planes\/\d+$/);
      const planId = Number(planPath.split('/').pop());
      assert.match(await c.locator('h1').innerText(), new RegExp(PLAN_TITLE));
      assert.match(await c.locator('dl.facts').innerText(), /borrador — En borrador: el público no ve este plan\./);
      await axe(c, 'a draft plan in the workspace');
      await inEnglish(c, planPath, 'a draft plan in the workspace');
      const visitorContext = await web.browser.newContext({ bypassCSP: true, locale: 'es-PE' });
      const v = await visitorContext.newPage();
      assert.equal((await go(v, `/planes/${planId}`))?.status(), 404, 'a draft is not public');

      // ——— 3. Co-creation: the call, 3 proposals, 2 candidates, scores, approval ———
      await go(c, `/espacio/planes/${planId}/cocreacion`);
      await axe(c, 'co-creation of a new plan');
      await c.click('section[aria-labelledby="call"] button');
      assert.match(await notice(c), /Se guardaron los cambios/);
      const proposals = [
        ['Portal de obras públicas', 'Publicar el avance de cada obra con fotos y montos.'],
        ['Datos de contrataciones abiertos', 'Publicar las contrataciones en el estándar de datos abiertos.'],
        ['Declaraciones juradas en línea', 'Publicar las declaraciones juradas de intereses de los funcionarios.'],
      ];
      for (const [i, [title, text]] of proposals.entries()) {
        await go(v, `/planes/${planId}/propuestas/nueva`);
        if (i === 0) {
          await inEnglish(v, `/planes/${planId}/propuestas/nueva`, 'public proposal form of a draft plan');
          await go(v, `/planes/${planId}/propuestas/nueva`);
          await axe(v, 'public proposal form of a draft plan');
        }
        await v.fill('#f-p-proposalTitle', title!);
        await v.fill('#f-p-proposer', 'Proética');
        await v.selectOption('#f-p-proposerKind', 'organisation');
        await v.fill('#f-p-proposalText', text!);
        await v.click('main form button[type="submit"]');
        assert.match(await v.locator('[role=status]').innerText(), /Gracias/);
      }
      await c.reload();
      const group = async (title: string, picked: string[]) => {
        await c.fill('#f-candidate-candidateTitle', title);
        for (const p of picked) await c.locator('#f-candidate-proposalIds').getByLabel(p).check();
        await c.click('section[aria-labelledby="group"] button[type="submit"]');
        assert.match(await c.locator('section[aria-labelledby="candidates"]').innerText(), new RegExp(title));
      };
      await group('Transparencia en obras y contrataciones', [proposals[0]![0]!, proposals[1]![0]!]);
      await group('Integridad de los funcionarios', [proposals[2]![0]!]);
      await axe(c, 'co-creation with 2 candidates');
      for (const [title, score] of [
        ['Transparencia en obras y contrataciones', '3'],
        ['Integridad de los funcionarios', '2'],
      ] as const) {
        await c.click(`section[aria-labelledby="candidates"] a:has-text("${title}")`);
        if (score === '3') await axe(c, 'SMART score of a candidate');
        for (const k of ['specific', 'measurable', 'achievable', 'relevant', 'timeBound']) await c.selectOption(`#f-score-${k}`, score);
        await c.click('main form button[type="submit"]');
      }
      assert.match(await c.locator('section[aria-labelledby="candidates"]').innerText(), /15/);
      for (const box of await c.locator('#f-approve-candidateIds input[type=checkbox]').all()) await box.check();
      await c.fill('#f-approve-approvalThemeTitle', 'Transparencia y acceso a la información');
      await c.click('section[aria-labelledby="prioritise"] form:has(#f-approve-candidateIds) button[type="submit"]');
      const candidates = await c.locator('section[aria-labelledby="candidates"]').innerText();
      assert.match(candidates, /aprobado como compromiso 1\b/);
      assert.match(candidates, /aprobado como compromiso 2\b/);
      await axe(c, 'co-creation, candidates approved');
      await inEnglish(c, `/espacio/planes/${planId}/cocreacion`, 'co-creation, candidates approved');

      // ——— 4. A second theme and a third commitment by hand, with 3 milestones of two agencies ———
      await go(c, planPath);
      assert.match(await c.locator('section[aria-labelledby="ejes"]').innerText(), /Transparencia y acceso a la información/);
      await c.fill('#f-theme-themeTitleEs', 'Integridad pública');
      await c.click(`form[action="/espacio/planes/${planId}/temas"] button[type="submit"]`);
      assert.match(await c.locator('section[aria-labelledby="ejes"]').innerText(), /Integridad pública/);
      await axe(c, 'a draft plan with 2 themes and 2 commitments');
      await inEnglish(c, `/espacio/planes/${planId}/compromisos/nuevo`, 'a new commitment');
      await go(c, `/espacio/planes/${planId}/compromisos/nuevo`);
      await axe(c, 'a new commitment');
      await c.selectOption('#f-themeId', { label: 'Integridad pública' });
      await c.fill('#f-title', 'Contrataciones públicas abiertas');
      await c.selectOption('#f-agencyId', String(pcm.id));
      await c.check(`#f-coLeadIds-${osce.id}`);
      await c.fill('#f-problem', 'Las contrataciones del Estado no se publican en formatos abiertos.');
      await c.fill('#f-objective', 'Publicar todas las contrataciones en el estándar de datos de contrataciones abiertas.');
      await c.fill('#f-plannedStart', '2017-09-01');
      await c.fill('#f-plannedEnd', '2019-06-30');
      await c.click('main form button[type="submit"]');
      const commitmentPath = new URL(c.url()).pathname;
      assert.match(commitmentPath, /^\/espacio\/compromisos\/\d+$/);
      const commitmentId = Number(commitmentPath.split('/').pop());
      const milestones = [
        ['Diagnóstico de los sistemas de contratación', 'Informe de diagnóstico', pcm.id, '2017-09-01', '2017-12-31'],
        ['Publicación de datos en el estándar OCDS', 'Portal de datos de contrataciones', osce.id, '2018-01-01', '2018-12-31'],
        ['Capacitación a las entidades', 'Cien funcionarios capacitados', osce.id, '2019-01-01', '2019-06-30'],
      ] as const;
      for (const [title, deliverable, agency, start, end] of milestones) {
        await c.click('section[aria-labelledby="activities"] details > summary');
        await c.fill('#f-a-title', title);
        await c.fill('#f-a-deliverable', deliverable);
        await c.selectOption('#f-a-responsibleAgencyId', String(agency));
        await c.fill('#f-a-plannedStart', start);
        await c.fill('#f-a-plannedEnd', end);
        await c.click('section[aria-labelledby="activities"] details form button[type="submit"]');
        assert.match(await c.locator('section[aria-labelledby="activities"] ol').innerText(), new RegExp(title));
      }
      await axe(c, 'a commitment made by hand, with 3 milestones');
      await inEnglish(c, commitmentPath, 'a commitment made by hand, with 3 milestones');

      // ——— 5. The consultation of the draft; the stages ———
      await go(c, `/espacio/planes/${planId}/consultas`);
      await axe(c, 'consultations of a draft plan');
      await inEnglish(c, `/espacio/planes/${planId}/consultas`, 'consultations of a draft plan');
      await go(c, `/espacio/planes/${planId}/consultas`);
      await c.fill('#f-title', 'Consulta pública del borrador del plan 2017-2019');
      await c.fill('#f-startsOn', today());
      await c.fill('#f-endsOn', addDays(today(), 7));
      await c.click('main form button[type="submit"]');
      assert.match(new URL(c.url()).pathname, /^\/espacio\/consultas\/\d+$/);
      const consultationPath = new URL(c.url()).pathname;
      await go(c, planPath);
      await c.click('form:has(input[name=stage][value=consultation]) button[type="submit"]');
      assert.match(await c.locator('dl.facts').innerText(), /en consulta/);
      await axe(c, 'a plan in consultation, in the workspace');
      await go(v, `/planes/${planId}`);
      assert.match(await v.locator('.notice[role=note]').innerText(), /Borrador: este plan aún no está aprobado\./);
      await axe(v, 'the public page of a draft in consultation');
      await go(v, `/en/planes/${planId}`);
      assert.match(await v.locator('.notice[role=note]').innerText(), /Draft: this plan is not approved yet\./);
      await axe(v, 'the public page of a draft in consultation (en)');
      await cc.close();

      // The coordinator closes the consultation now, before its last day, without JavaScript: the moderation page's
      // button leads to the confirmation page, which asks why; the public page then says when and why.
      ({ context: cc, page: c } = await signIn(coordinator.email, coordinator.password, false));
      noScript.add(cc);
      await go(c, consultationPath);
      await c.click('form[method="get"] button:has-text("Cerrar la consulta ahora")');
      assert.equal(new URL(c.url()).pathname, `${consultationPath}/cerrar`);
      await axe(c, 'closing a consultation early: the confirmation');
      await inEnglish(c, `${consultationPath}/cerrar`, 'closing a consultation early: the confirmation');
      await go(c, `${consultationPath}/cerrar`);
      await c.click('main form[method="post"] button[type="submit"]');
      assert.match(await c.locator('.error-summary').innerText(), /Motivo del cierre anticipado/);
      await axe(c, 'closing a consultation early: the reason missing');
      await c.fill('#f-closeReason', CLOSE_REASON);
      await c.click('main form[method="post"] button[type="submit"]');
      assert.equal(await notice(c), 'Se cerró la consulta: ya no recibe comentarios.');
      await axe(c, 'a consultation closed early, in the workspace');
      const publicConsultation = `/planes/${planId}/consultas/${consultationPath.split('/').at(-1)}`;
      await go(v, publicConsultation);
      assert.match(
        await v.locator('.closed-early').innerText(),
        new RegExp(`antes de tiempo, el ${formatDate(today(), 'es')}\\.[\\s\\S]*${CLOSE_REASON}`),
      );
      await axe(v, 'the public page of a consultation closed early');
      await go(v, `/en${publicConsultation}`);
      assert.match(await v.locator('.closed-early').innerText(), /closed this consultation early/);
      await axe(v, 'the public page of a consultation closed early (en)');
      await go(c, `/espacio/planes/${planId}/consultas`);
      assert.match(await main(c), /Consulta pública del borrador del plan 2017-2019 — .* \(Cerrada antes de tiempo, el /);
      await go(c, planPath);
      assert.match(await c.locator('section[aria-labelledby="consultas"]').innerText(), /\(cerrada antes de tiempo, el /);
      await c.fill('#f-stage-approved-approvalInstrument', INSTRUMENT);
      await c.fill('#f-stage-approved-approvalDate', today());
      await c.click('form:has(input[name=stage][value=approved]) button[type="submit"]');
      assert.match(await c.locator('dl.facts').innerText(), /aprobado/);
      assert.match(await c.locator('dl.facts').innerText(), new RegExp(INSTRUMENT));
      await axe(c, 'an approved plan in the workspace');
      await c.click('form:has(input[name=stage][value=active]) button[type="submit"]');
      assert.match(await c.locator('dl.facts').innerText(), /en ejecución/);
      await axe(c, 'a plan in implementation in the workspace');
      await go(c, `/en${planPath}`);
      assert.match(await c.locator('dl.facts').innerText(), /in implementation/);
      await axe(c, 'a plan in implementation in the workspace (en)');
      await cc.close();

      // ——— 6. The co-lead agency's editor, without JavaScript: a milestone done, a link as evidence ———
      const { context: ec, page: e } = await signIn(editor.email, editor.password, false);
      noScript.add(ec);
      await go(e, commitmentPath);
      await axe(e, 'the commitment, as the co-lead agency edits it');
      await e.click(`section[aria-labelledby="activities"] a:has-text("${milestones[0][0]}")`);
      assert.match(new URL(e.url()).pathname, /^\/espacio\/actividades\/\d+$/);
      await axe(e, 'a milestone of a running plan');
      const milestonePath = new URL(e.url()).pathname;
      await inEnglish(e, milestonePath, 'a milestone of a running plan');
      await go(e, milestonePath);
      await e.selectOption('#f-status', 'done');
      await e.fill('#f-actualEnd', today());
      await e.click('main form button[type="submit"]');
      assert.equal(new URL(e.url()).pathname, commitmentPath);
      assert.match(await e.locator('section[aria-labelledby="activities"] ol').innerText(), /Terminada/);
      await e.click('section[aria-labelledby="evidence"] details:has(input[name=url]) > summary');
      await e.fill('#f-l-url', LINK);
      await e.fill('#f-l-description', 'Informe de diagnóstico (PDF)');
      await e.click('section[aria-labelledby="evidence"] form:has(input[name=url]) button[type="submit"]');
      assert.match(await e.locator('section[aria-labelledby="evidence"]').innerText(), /Informe de diagnóstico \(PDF\)/);
      await axe(e, 'the commitment with its evidence');
      await go(e, `/en${commitmentPath}`);
      await axe(e, 'the commitment with its evidence (en)');
      await ec.close();

      // ——— 7. The public pages ———
      await go(v, `/planes/${planId}`);
      assert.equal(await v.locator('.notice[role=note]').count(), 0, 'no draft mark once approved');
      const plan = await main(v);
      assert.match(await v.locator('h1').innerText(), new RegExp(PLAN_TITLE));
      assert.match(plan, new RegExp(INSTRUMENT));
      for (const title of ['Transparencia en obras y contrataciones', 'Integridad de los funcionarios', 'Contrataciones públicas abiertas'])
        assert.match(plan, new RegExp(title));
      await axe(v, 'the public page of the plan in implementation');
      await go(v, `/en/planes/${planId}`);
      assert.equal(await v.locator('.notice[role=note]').count(), 0);
      await axe(v, 'the public page of the plan in implementation (en)');
      await go(v, `/compromisos/${commitmentId}`);
      const milestonesText = await v.locator('dl.milestone').allInnerTexts();
      assert.equal(milestonesText.length, 3);
      const es = (d: string) => formatDate(d, 'es');
      const done = [
        'Informe de diagnóstico',
        'Presidencia del Consejo de Ministros',
        es('2017-09-01'),
        es('2017-12-31'),
        'Terminada',
        es(today()),
      ];
      for (const fact of done) assert.ok(milestonesText[0]!.includes(fact), `milestone 1 shows ${fact}: ${milestonesText[0]}`);
      assert.match(milestonesText[1]!, /Portal de datos de contrataciones[\s\S]*Organismo Supervisor de las Contrataciones del Estado/);
      assert.match(await main(v), /Organismo Supervisor de las Contrataciones del Estado/);
      assert.match(await main(v), /Informe de diagnóstico \(PDF\)/);
      await axe(v, 'the public page of the commitment');
      await go(v, `/en/compromisos/${commitmentId}`);
      assert.match((await v.locator('dl.milestone').allInnerTexts())[0]!, /Done/);
      await axe(v, 'the public page of the commitment (en)');
      await visitorContext.close();
      await checker?.context.close();
      // 33 with JavaScript, 12 without (closing the consultation early, the coordinator's last two moves and the agency editor's pages).
      assert.equal(checked.length, 45, checked.join('\n'));
      assert.equal(checked.filter((n) => n.endsWith('(without JavaScript)')).length, 12, checked.join('\n'));
    });
  });
});
