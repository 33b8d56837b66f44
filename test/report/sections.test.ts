import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { reportMessages } from '../../src/i18n/report.js';
import { withPdfSlot } from '../../src/report/pdf.js';
import { buildReport } from '../../src/services/report.js';
import { openRound } from '../../src/services/workspace/rounds.js';
import { getReportSections, saveReportSection } from '../../src/services/workspace/sections.js';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { snapshot } from '../helpers/tables.js';
import { seedBytes } from '../helpers/seed.js';
import { nowIso } from '../helpers/clock.js';

/**
 * The report's narrative sections in the workspace: a plan imported from the seed has them already;
 * coordinators edit them (form with CSRF, and the API), saves are checked against the version read,
 * bad input names the field and changes nothing, and the English text is what the English report shows.
 */
describe('narrative sections of the report', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let coordinator: SignedIn;
    let editor: SignedIn;

    async function pageForm(who: SignedIn, key: string, lang: 'es' | 'en' = 'es') {
      const res = await app.inject({
        url: `${lang === 'en' ? '/en' : ''}/espacio/planes/${planId}/informe`,
        headers: { cookie: who.cookie },
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const form = parse(res.body).querySelector(`form[action$="/secciones/${key}"]`)!;
      const values: Record<string, string> = {};
      for (const input of form.querySelectorAll('input[name], textarea[name]'))
        values[input.getAttribute('name')!] = input.tagName === 'TEXTAREA' ? input.text : (input.getAttribute('value') ?? '');
      return { values, html: res.body };
    }
    const post = (who: SignedIn, key: string, values: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/informe/secciones/${key}`,
        headers: { cookie: who.cookie },
        payload: values,
      });

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      coordinator = await signIn(app, store, { role: 'coordinator' });
      const agency = await store.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow();
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: agency.id });
    });
    after(async () => app.close());

    test("the seed's sections are there to edit, with their texts", async () => {
      const { sections } = await getReportSections(store, coordinator.actor, planId);
      assert.deepEqual(
        sections.map((x) => x.key),
        ['glossary', 'background', 'process', 'irm', 'implementation', 'conclusions'],
      );
      const irm = sections.find((x) => x.key === 'irm')!;
      assert.equal(irm.version, 1);
      assert.match(String(irm.values.sectionTitle), /^Incorporación de las recomendaciones del mecanismo de revisión independiente/);
      assert.match(String(irm.values.sectionBody), /^En el primer Plan de Acción se formularon 47 compromisos/);
      assert.equal(irm.values.sectionBodyEn, null);
    });

    test('a coordinator saves a section through the form (with its CSRF token); a stale save is a conflict showing both', async () => {
      const { values } = await pageForm(coordinator, 'conclusions');
      assert.ok(values._csrf && values._csrf.length > 20, 'the form carries a CSRF token');
      assert.equal(values.version, '1');
      const saved = await post(coordinator, 'conclusions', {
        ...values,
        sectionBody: 'Conclusiones revisadas.',
        sectionBodyEn: 'Revised conclusions.',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.match(String(saved.headers.location), /guardado=1/);
      const again = await post(coordinator, 'conclusions', { ...values, sectionBody: 'Otra versión.' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /Conclusiones revisadas\./, 'what the other save stored is shown');
      assert.match(again.body, /Otra versión\./, 'what this person typed is kept');
      const es = await buildReport(store, { planId, lang: 'es' });
      const en = await buildReport(store, { planId, lang: 'en' });
      assert.equal(es.after.find((x) => x.key === 'conclusions')!.body!.text, 'Conclusiones revisadas.');
      assert.deepEqual(en.after.find((x) => x.key === 'conclusions')!.body, {
        text: 'Revised conclusions.',
        lang: 'en',
        untranslated: false,
      });
      assert.equal(en.before.find((x) => x.key === 'background')!.body!.untranslated, true, 'a section with no English text is marked');
      // Without the CSRF token nothing is saved.
      const { _csrf, ...noToken } = (await pageForm(coordinator, 'conclusions')).values;
      void _csrf;
      const refused = await post(coordinator, 'conclusions', { ...noToken, sectionBody: 'Sin token.' });
      assert.equal(refused.statusCode, 403);
    });

    test('bad input names the field and changes nothing; unknown sections and other roles are refused', async () => {
      const before = await snapshot(store);
      const { values } = await pageForm(coordinator, 'background');
      const tooLong = await post(coordinator, 'background', { ...values, sectionTitle: 'x'.repeat(301) });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /Título \(español\)/);
      const empty = await post(coordinator, 'background', { ...values, sectionTitle: '' });
      assert.equal(empty.statusCode, 400);
      const unknown = await saveReportSection(store, coordinator.actor, planId, 'background', { version: 1, color: 'rojo' }, nowIso());
      assert.ok(!unknown.ok && 'errors' in unknown && unknown.errors[0]!.field === 'color');
      await assert.rejects(saveReportSection(store, coordinator.actor, planId, 'annex', { version: 1 }, nowIso()), { code: 'not_found' });
      await assert.rejects(saveReportSection(store, editor.actor, planId, 'background', { version: 1, sectionBody: 'x' }, nowIso()), {
        code: 'forbidden',
      });
      await assert.rejects(
        saveReportSection(
          store,
          { ...coordinator.actor, governmentId: 9999 },
          planId,
          'background',
          { version: 1, sectionBody: 'x' },
          nowIso(),
        ),
        { code: 'forbidden' },
      );
      assert.deepEqual(await snapshot(store), before);
    });

    test('the same through the workspace API: read, save with the version, 409 with what is stored', async () => {
      const headers = { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'application/json' };
      const read = await app.inject({ url: `/api/v1/workspace/plans/${planId}/report-sections`, headers: { cookie: coordinator.cookie } });
      assert.equal(read.statusCode, 200);
      const process = read.json().sections.find((x: { key: string }) => x.key === 'process');
      const put = (payload: object) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/workspace/plans/${planId}/report-sections/process`,
          headers,
          payload: JSON.stringify(payload),
        });
      const ok = await put({ version: process.version, sectionTitleEn: 'How the plan was made' });
      assert.equal(ok.statusCode, 200, ok.body);
      const stale = await put({ version: process.version, sectionTitleEn: 'Another title' });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().current.values.sectionTitleEn, 'How the plan was made');
      const bad = await put({ version: process.version + 1, sectionTitle: '' });
      assert.equal(bad.statusCode, 400);
      assert.ok('sectionTitle' in bad.json().error.fields);
      const en = await buildReport(store, { planId, lang: 'en' });
      assert.deepEqual(en.before.find((x) => x.key === 'process')!.title, {
        text: 'How the plan was made',
        lang: 'en',
        untranslated: false,
      });
      // Every save is in the audit log.
      const logged = await store.db
        .selectFrom('audit_log')
        .select(['entity', 'action'])
        .where('entity', 'in', ['plan_sections', 'translations'])
        .execute();
      assert.ok(logged.some((l) => l.entity === 'plan_sections' && l.action === 'update'));
      assert.ok(logged.some((l) => l.entity === 'translations' && l.action === 'create'));
    });

    test('the download from the workspace: a DOCX, an HTML file, a refusal of an unknown format', async () => {
      const get = (q: string) =>
        app.inject({ url: `/espacio/planes/${planId}/informe/descarga?${q}`, headers: { cookie: coordinator.cookie } });
      const docx = await get('formato=docx&idioma=en');
      assert.equal(docx.statusCode, 200);
      assert.equal(docx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      assert.match(
        String(docx.headers['content-disposition']),
        /attachment; filename="self-assessment-plan-de-accion-de-gobierno-abierto-2015-2016-end-of-term-en\.docx"/,
      );
      assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
      const html = await get('formato=html');
      assert.match(html.body, /<h1>Plan de Acción de Gobierno Abierto 2015-2016<\/h1>/);
      assert.equal((await get('formato=odt')).statusCode, 400);
      const page = await pageForm(coordinator, 'glossary');
      assert.match(page.html, /action="\/espacio\/planes\/\d+\/informe\/descarga"/);
    });
    test('a round under way: not in the public print view; in the download of who may read its drafts', async () => {
      const round = await openRound(
        store,
        coordinator.actor,
        planId,
        { kind: 'periodic', cutoffDate: '2017-12-31' },
        new Date().toISOString(),
      );
      assert.ok(round.ok);
      const open = round.id!;
      assert.equal((await app.inject({ url: `/planes/${planId}/informe?ronda=${open}` })).statusCode, 404);
      const latest = await app.inject({ url: `/planes/${planId}/informe` });
      assert.equal(latest.statusCode, 200);
      assert.match(latest.body, /Evaluación final \(septiembre de 2017\)/);
      const asCoordinator = await app.inject({
        url: `/espacio/planes/${planId}/informe/descarga?formato=html&ronda=${open}`,
        headers: { cookie: coordinator.cookie },
      });
      assert.equal(asCoordinator.statusCode, 200);
      const asEditor = await app.inject({
        url: `/espacio/planes/${planId}/informe/descarga?formato=html&ronda=${open}`,
        headers: { cookie: editor.cookie },
      });
      assert.equal(asEditor.statusCode, 404, 'an agency editor does not read the plan’s drafts');
    });

    test("a re-import keeps the workspace's sections: one a coordinator made, and every translation on its own section", async () => {
      // A plan imported without the IRM section: the coordinator writes it, with an English text, and translates the conclusions.
      await store.db.deleteFrom('plan_sections').where('plan_id', '=', planId).where('key', '=', 'irm').execute();
      const made = await saveReportSection(
        store,
        coordinator.actor,
        planId,
        'irm',
        {
          sectionTitle: 'Recomendaciones del MRI',
          sectionBody: 'Texto del coordinador.',
          sectionBodyEn: 'The coordinator’s text.',
        },
        nowIso(),
      );
      assert.equal(made.ok, true);
      const conclusions = (await getReportSections(store, coordinator.actor, planId)).sections.find((x) => x.key === 'conclusions')!;
      assert.equal(
        (
          await saveReportSection(
            store,
            coordinator.actor,
            planId,
            'conclusions',
            {
              version: String(conclusions.version),
              sectionBodyEn: 'Conclusions in English.',
            },
            nowIso(),
          )
        ).ok,
        true,
      );
      // The report again, its sections shifted: no background, and no IRM section of its own.
      const bytes = seedBytes();
      const report = readTextReport(bytes, 'seed.txt');
      report.sections = report.sections.filter((x) => x.key !== 'background' && x.key !== 'irm');
      await importReport(store, report, { now: new Date().toISOString(), actor: 'test', fileName: 'seed.txt', bytes });

      const rows = await store.db.selectFrom('plan_sections').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
      assert.deepEqual(
        rows.map((r) => r.key),
        ['glossary', 'background', 'process', 'implementation', 'conclusions', 'irm'],
      );
      const irm = rows.find((r) => r.key === 'irm')!;
      assert.equal(irm.body, 'Texto del coordinador.', "the coordinator's section is kept");
      const en = await buildReport(store, { planId, lang: 'en' });
      const all = [...en.before, en.implementation, ...en.after];
      assert.equal(all.find((x) => x.key === 'irm')!.body!.text, 'The coordinator’s text.');
      assert.equal(
        all.find((x) => x.key === 'conclusions')!.body!.text,
        'Conclusions in English.',
        'the translation stays with its section',
      );
      const ids = new Set(rows.map((r) => r.id));
      const translations = await store.db.selectFrom('translations').select(['entity_id']).where('entity', '=', 'plan_sections').execute();
      assert.ok(translations.length >= 2);
      assert.ok(
        translations.every((t) => ids.has(t.entity_id)),
        'no translation of a section that is gone',
      );
    });

    test('an English plan (as OGP-imported plans are): defaults in English, the translation in Spanish, and the form says so', async () => {
      await store.db.updateTable('plans').set({ lang: 'en' }).where('id', '=', planId).execute();
      await store.db.updateTable('plan_sections').set({ lang: 'en' }).where('plan_id', '=', planId).execute();
      await store.db.deleteFrom('plan_sections').where('plan_id', '=', planId).where('key', '=', 'process').execute();
      const { sections } = await getReportSections(store, coordinator.actor, planId);
      assert.equal(sections.find((x) => x.key === 'process')!.values.sectionTitle, reportMessages('en').sectionTitles.process);
      const conclusions = sections.find((x) => x.key === 'conclusions')!;
      const saved = await saveReportSection(
        store,
        coordinator.actor,
        planId,
        'conclusions',
        {
          version: String(conclusions.version),
          sectionBodyEn: 'Conclusiones en español.',
        },
        nowIso(),
      );
      assert.equal(saved.ok, true);
      const row = (
        await store.db
          .selectFrom('plan_sections')
          .select('id')
          .where('plan_id', '=', planId)
          .where('key', '=', 'conclusions')
          .executeTakeFirstOrThrow()
      ).id;
      const stored = await store.db
        .selectFrom('translations')
        .select(['lang', 'text'])
        .where('entity', '=', 'plan_sections')
        .where('entity_id', '=', row)
        .where('field', '=', 'body')
        .execute();
      assert.ok(
        stored.some((t) => t.lang === 'es' && t.text === 'Conclusiones en español.'),
        'the translation is the Spanish one',
      );
      const es = await buildReport(store, { planId, lang: 'es' });
      assert.equal(es.after.find((x) => x.key === 'conclusions')!.body!.text, 'Conclusiones en español.');
      const { html } = await pageForm(coordinator, 'conclusions');
      const labels = parse(html)
        .querySelectorAll('form[action$="/secciones/conclusions"] label')
        .map((l) => l.text.trim());
      assert.ok(labels.includes('Título (inglés)') && labels.includes('Traducción al español'), labels.join(' | '));
    });

    test(
      'one PDF at a time: the next waits its turn; a download that would wait too long gets 503 and Retry-After',
      { timeout: 30_000 },
      async () => {
        let release!: () => void;
        const printing = withPdfSlot(() => new Promise<void>((resolve) => (release = resolve)));
        const ran: string[] = [];
        const next = withPdfSlot(async () => void ran.push('next'), 20_000);
        const started = Date.now();
        const busy = await app.inject({
          url: `/espacio/planes/${planId}/informe/descarga?formato=pdf`,
          headers: { cookie: coordinator.cookie },
        });
        assert.equal(busy.statusCode, 503);
        assert.equal(busy.headers['retry-after'], '5');
        assert.match(busy.body, /Se está generando otro PDF y solo se genera uno a la vez\. Inténtelo de nuevo en 5 segundos/);
        assert.ok(Date.now() - started >= 4_500, 'it waited for the slot first');
        assert.deepEqual(ran, [], 'the one waiting has not run while the slot is taken');
        release();
        await printing;
        await next;
        assert.deepEqual(ran, ['next'], 'and runs once it is free');
        // Other formats do not queue.
        const html = await app.inject({
          url: `/espacio/planes/${planId}/informe/descarga?formato=html`,
          headers: { cookie: coordinator.cookie },
        });
        assert.equal(html.statusCode, 200);
      },
    );
  });
});
