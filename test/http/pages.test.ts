import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse, type HTMLElement } from 'node-html-parser';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { eachDatabase } from '../helpers/databases.js';
import { writerAt } from '../helpers/plans.js';
import { moveMark, seedText } from '../helpers/seed.js';

/** Every public page, on both databases: status, language, key content, and the seed's numbers. */
const cells = (row: HTMLElement) => row.querySelectorAll('th, td').map((c) => c.text.trim());

describe('the public pages', () => {
  eachDatabase((db) => {
    let s: Seeded;
    before(async () => {
      s = await seededApp(db);
    });
    after(() => s.app.close());
    const page = async (url: string, headers: Record<string, string> = {}) => {
      const res = await s.app.inject({ url, headers });
      return { res, html: parse(res.body) };
    };

    test('home: the governments and their plans, with headline figures, in both languages', async () => {
      const { res, html } = await page('/');
      assert.equal(res.statusCode, 200);
      assert.equal(html.querySelector('html')!.getAttribute('lang'), 'es');
      assert.equal(html.querySelector('h2')!.text.replace(/\s+/g, ' ').trim(), 'Perú · Gobierno nacional');
      const card = html.querySelector('.card')!;
      assert.equal(card.querySelector('h3 a')!.getAttribute('href'), `/planes/${s.planId}`);
      const facts = Object.fromEntries(
        card.querySelectorAll('.facts > div').map((d) => [d.querySelector('dt')!.text, d.querySelector('dd')!.text]),
      );
      assert.deepEqual(facts, {
        Periodo: '2015–2016',
        Compromisos: '17',
        Completos: '64,7 %',
        'Sustancial o completo': '76,5 %',
        Estado: 'Concluido',
      });
      const en = await page('/en');
      assert.equal(en.html.querySelector('html')!.getAttribute('lang'), 'en');
      assert.match(en.html.querySelector('.card')!.text, /Complete64\.7 %/);
    });

    test('language: Accept-Language on a first visit, the switch remembered in a cookie', async () => {
      const first = await s.app.inject({
        url: `/planes/${s.planId}?ronda=${s.roundIds[1]}`,
        headers: { 'accept-language': 'en-US,en;q=0.9,es;q=0.5' },
      });
      assert.equal(first.statusCode, 302);
      assert.equal(first.headers.location, `/en/planes/${s.planId}?ronda=${s.roundIds[1]}`);
      assert.match(first.headers.vary as string, /Accept-Language/);
      const spanishBrowser = await s.app.inject({ url: '/', headers: { 'accept-language': 'es-PE,es;q=0.9' } });
      assert.equal(spanishBrowser.statusCode, 200);
      const sw = await s.app.inject({ url: '/entidades?lang=es', headers: { 'accept-language': 'en' } });
      assert.equal(sw.statusCode, 303);
      assert.equal(sw.headers.location, '/entidades');
      assert.match(sw.headers['set-cookie'] as string, /^vigia_lang=es; .*HttpOnly; SameSite=Lax/);
      const chosen = await s.app.inject({ url: '/entidades', headers: { 'accept-language': 'en', cookie: 'vigia_lang=es' } });
      assert.equal(chosen.statusCode, 200);
      const toEnglish = await s.app.inject({ url: '/entidades', headers: { cookie: 'vigia_lang=en' } });
      assert.equal(toEnglish.headers.location, '/en/entidades');
      // The switch on every page points at the other language with ?lang.
      const { html } = await page(`/compromisos/${s.commitment(5)}`);
      assert.equal(html.querySelector('a.lang-switch')!.getAttribute('href'), `/en/compromisos/${s.commitment(5)}?lang=en`);
    });

    test('plan dashboard: facts, shares, the summary table as vigia summary computes it, the chart, sentences, comparison', async () => {
      const { res, html } = await page(`/planes/${s.planId}`);
      assert.equal(res.statusCode, 200);
      assert.equal(html.querySelector('h1')!.text, 'Plan de Acción de Gobierno Abierto 2015-2016');
      const facts = Object.fromEntries(
        html.querySelectorAll('main > .facts > div').map((d) => [d.querySelector('dt')!.text, d.querySelector('dd')!.text]),
      );
      assert.equal(facts.Periodo, '2015–2016');
      assert.equal(facts['Aprobado por'], 'Resolución Ministerial N° 176-2015-PCM (17 de julio de 2015)');
      assert.equal(facts.Compromisos, '17');
      assert.deepEqual(
        html
          .querySelectorAll('.headline')[0]!
          .querySelectorAll('strong')
          .map((e) => e.text),
        ['64,7 %', '76,5 %'],
      );
      const table = html.querySelector('#summary-table')!;
      assert.deepEqual(table.querySelectorAll('tr').map(cells), [
        ['Tema', 'No iniciado', 'Limitado', 'Sustancial', 'Completo', 'Total'],
        ['Transparencia y acceso a la información pública', '1', '0', '1', '4', '6'],
        ['Participación ciudadana', '1', '1', '0', '2', '4'],
        ['Rendición de cuentas', '1', '0', '0', '2', '3'],
        ['Mejora de los servicios públicos', '0', '0', '1', '3', '4'],
        ['Total', '3', '1', '2', '11', '17'],
        ['%', '17,6', '5,9', '11,8', '64,7', '100'],
      ]);
      const figure = html.querySelector('figure.chart')!;
      const img = figure.querySelector('[role="img"]')!;
      assert.match(img.getAttribute('aria-label')!, /^Gráfico de barras apiladas/);
      assert.equal(figure.querySelector('svg')!.getAttribute('aria-hidden'), 'true');
      assert.equal(figure.querySelector('figcaption a')!.getAttribute('href'), '#summary-table');
      const sentences = html.querySelectorAll('.sentences li').map((li) => li.text);
      assert.equal(
        sentences[0],
        'De los 6 compromisos de Transparencia y acceso a la información pública, 4 se completaron, 1 tiene avance sustancial y 1 no se inició.',
      );
      assert.equal(sentences[2], 'De los 3 compromisos de Rendición de cuentas, 2 se completaron y 1 no se inició.');
      assert.deepEqual(
        html
          .querySelectorAll('.headline')[1]!
          .querySelectorAll('strong')
          .map((e) => e.text),
        ['7', '0', '10'],
      );
      const en = await page(`/en/planes/${s.planId}`);
      assert.equal(
        en.html.querySelector('.sentences li')!.text,
        'Of the 6 commitments on Transparencia y acceso a la información pública, 4 were completed, 1 made substantial progress, and 1 was not started.',
      );
      assert.equal(
        en.html
          .querySelector('#summary-table tfoot tr:last-child')!
          .querySelectorAll('td')
          .map((c) => c.text)
          .join(' '),
        '17.6 5.9 11.8 64.7 100',
      );
    });

    test('plan dashboard at the mid-term round; a round that is not there is a 404', async () => {
      const { html } = await page(`/planes/${s.planId}?ronda=${s.roundIds[0]}`);
      assert.deepEqual(cells(html.querySelector('#summary-table tfoot tr')!), ['Total', '4', '1', '7', '5', '17']);
      assert.equal(html.querySelectorAll('#comparison').length, 0);
      assert.equal((await s.app.inject(`/planes/${s.planId}?ronda=999`)).statusCode, 404);
      assert.equal((await s.app.inject(`/planes/${s.planId}?ronda=x`)).statusCode, 404);
    });

    test('commitment page: every ficha field in the template’s order, history, activities, evidence, timeline', async () => {
      const { res, html } = await page(`/compromisos/${s.commitment(5)}`);
      assert.equal(res.statusCode, 200);
      assert.equal(html.querySelector('h1')!.text, 'Compromiso 5. Mejorar el SEACE- Sistema Electrónico de Adquisiciones del Estado');
      const labels = html.querySelectorAll('.ficha > dt').map((d) => d.text);
      assert.deepEqual(labels, [
        'Secretaría/Ministerio responsable',
        'Nombre de la persona responsable',
        'Puesto',
        'Correo electrónico',
        'Teléfono',
        'Otros actores: Gobierno',
        'Otros actores: Sociedad civil, iniciativa privada, grupos de trabajo o multilaterales',
        'Status quo o problema/desafío que será atendido',
        'Objetivo principal',
        'Breve descripción del compromiso',
        'Relevancia',
        'Ambición',
        'Cumplimiento',
        'Descripción de los resultados',
        'Información adicional',
      ]);
      const values = html.querySelectorAll('.ficha > dd').map((d) => d.text.trim());
      assert.equal(values[0], 'Organismo Supervisor de las Contrataciones del Estado (OSCE)');
      assert.equal(values[1], 'Thou Su Chen');
      assert.equal(values[3], 'secretaria_general@osce.gob.pe');
      assert.equal(html.querySelector('.ficha > dd a[href^="mailto:"]')!.getAttribute('href'), 'mailto:secretaria_general@osce.gob.pe');
      assert.deepEqual(
        html.querySelectorAll('.timeline li').map((li) => li.text.replace(/\s+/g, ' ').trim()),
        ['Evaluación intermedia (septiembre de 2016) Limitado', 'Evaluación final (septiembre de 2017) Completo'],
      );
      assert.deepEqual(
        html.querySelectorAll('.activities > li > h3').map((h) => h.text),
        ['Implementación de los módulos del Plan Anual de Contrataciones - PAC', 'Implementación del Módulo de Contratos'],
      );
      assert.match(html.querySelector('.meta')!.text, /Actualizado el \d+ de \w+ de \d{4}/);
      const fourteen = await page(`/compromisos/${s.commitment(14)}`);
      const external = fourteen.html.querySelectorAll('.links a.external');
      assert.equal(external.length, 12);
      assert.ok(external.every((a) => a.getAttribute('rel') === 'external noopener noreferrer' && a.text.includes('(enlace externo)')));
      assert.match(
        fourteen.html.querySelector('section[aria-labelledby="evidence"]')!.text,
        /Memorando N° 568-2016-PCM\/ONGEI, del 15\.09\.16 \(15 de septiembre de 2016\)/,
      );
    });

    test('commitment page: each activity’s status and share done ("sin informar" until reported), its numbered documents as evidence with their dates, es and en', async () => {
      const activity = await s.store.db
        .selectFrom('activities')
        .selectAll()
        .where('commitment_id', '=', s.commitment(9))
        .where('number', '=', 2)
        .executeTakeFirstOrThrow();
      await writerAt(s.store, '2026-12-01T00:00:00.000Z')
        .forPlan(s.planId)
        .forCommitment(s.commitment(9))
        .update('activities', activity, { status: 'in-progress', percent_done: 40 });
      for (const [prefix, inProgress, notReported, date] of [
        ['', 'En curso', 'Sin informar', '12 de septiembre de 2017'],
        ['/en', 'In progress', 'Not reported', 'September 12, 2017'],
      ] as const) {
        const { html } = await page(`${prefix}/compromisos/${s.commitment(9)}`);
        const facts = html
          .querySelectorAll('.activities > li')
          .map((li) => [li.querySelector('.milestone-status')!.text.trim(), li.querySelector('.milestone-done')!.text.trim()]);
        assert.equal(facts.length, 5);
        assert.deepEqual(facts[1], [inProgress, '40 %']);
        for (const i of [0, 2, 3, 4]) assert.deepEqual(facts[i], [notReported, notReported], `activity ${i + 1}`);
        // Activity 5 cites its resolution; the commitment, the "Fuente:" letter with its date.
        assert.match(html.querySelectorAll('.activities > li')[4]!.text, /Resolución de Dirección Ejecutiva No\. 4695-2016-MIDIS\/PNAEQW/);
        assert.ok(
          html
            .querySelector('section[aria-labelledby="evidence"]')!
            .querySelectorAll('li')
            .some((li) => li.text.replace(/\s+/g, ' ').trim() === `Oficio N° 290-2017-MIDIS/SG/OGPPM (${date})`),
          prefix,
        );
      }
    });

    test('a changed lead contact shows its history', async () => {
      const text = seedText().replace('\tThou Su Chen \n', '\tAna Torres\n');
      const bytes = Buffer.from(text);
      await importReport(s.store, readTextReport(bytes, 'v2.txt'), {
        actor: 'test',
        fileName: 'v2.txt',
        bytes,
        now: '2026-12-01T00:00:00.000Z',
      });
      const { html } = await page(`/compromisos/${s.commitment(5)}`);
      assert.equal(html.querySelectorAll('.ficha > dd')[1]!.text, 'Ana Torres');
      const history = html.querySelectorAll('.ficha > dt').findIndex((d) => d.text === 'Personas responsables anteriores');
      assert.match(html.querySelectorAll('.ficha > dd')[history]!.text, /Thou Su Chen, Secretaria General \(… – 1 de diciembre de 2026\)/);
    });

    test('commitment pages are light: HTML and CSS under 60 KB, for every commitment', async () => {
      const css = (await s.app.inject('/assets/site.css')).rawPayload.length;
      for (let n = 1; n <= 17; n++) {
        const html = (await s.app.inject(`/compromisos/${s.commitment(n)}`)).rawPayload.length;
        assert.ok(html + css < 60 * 1024, `commitment ${n}: ${html} + ${css} bytes`);
      }
    });

    test('theme, agency and agencies pages', async () => {
      const theme = await page(`/temas/${s.themeIds[1]}`);
      assert.equal(theme.html.querySelector('h1')!.text, 'Participación ciudadana');
      assert.match(
        theme.html.querySelector('.lead')!.text,
        /^De los 4 compromisos de Participación ciudadana, 2 se completaron, 1 tiene avance limitado y 1 no se inició\./,
      );
      assert.equal(theme.html.querySelectorAll('table.data tbody tr').length, 4);
      assert.match(theme.html.querySelector('section[aria-labelledby="synthesis"]')!.text, /En síntesis, de 4 compromisos asumidos/);
      const agencies = await page('/entidades');
      const rows = agencies.html.querySelectorAll('table.data tbody tr').map(cells);
      assert.ok(rows.some(([name, n]) => name === 'Organismo Supervisor de las Contrataciones del Estado (OSCE)' && n === '1'));
      const osce = agencies.html.querySelectorAll('table.data tbody a').find((a) => a.text.includes('OSCE'))!;
      const agency = await page(osce.getAttribute('href')!);
      assert.equal(agency.html.querySelector('h1')!.text, 'Organismo Supervisor de las Contrataciones del Estado (OSCE)');
      assert.deepEqual(
        agency.html.querySelectorAll('table.data tbody tr').map((r) => cells(r).slice(1, 2)),
        [['5']],
      );
    });

    test('search: accent-insensitive, stemmed, highlighted, filters that stay in the URL', async () => {
      const { res, html } = await page('/buscar?q=participacion');
      assert.equal(res.statusCode, 200);
      assert.match(html.querySelector('#results-title')!.text, /^\d+ resultados$/);
      const first = html.querySelector('.hits li h3')!;
      assert.match(first.innerHTML, /<mark>Participación<\/mark>|<mark>participación<\/mark>/);
      const stemmed = await page('/buscar?q=capacitaciones');
      assert.ok(stemmed.html.querySelectorAll('.hits mark').some((m) => /^capacitaci[oó]n$/i.test(m.text)));
      const filtered = await page(`/buscar?q=capacitaciones&plan=${s.planId}&tema=${s.themeIds[0]}&nivel=complete`);
      assert.equal(filtered.html.querySelector('#f-plan option[selected]')!.getAttribute('value'), String(s.planId));
      assert.equal(filtered.html.querySelector('#f-theme option[selected]')!.getAttribute('value'), String(s.themeIds[0]));
      assert.equal(filtered.html.querySelector('#f-level option[selected]')!.getAttribute('value'), 'complete');
      const n = Number(/^(\d+)/.exec(filtered.html.querySelector('#results-title')!.text)![1]);
      const all = Number(/^(\d+)/.exec(stemmed.html.querySelector('#results-title')!.text)![1]);
      assert.ok(n > 0 && n < all, `${n} < ${all}`);
    });

    test('search: an empty, huge or odd query gets a helpful page; a bad filter names the field', async () => {
      const empty = await page('/buscar?q=');
      assert.equal(empty.res.statusCode, 200);
      assert.equal(empty.html.querySelectorAll('.hits li').length, 0);
      const none = await page('/buscar?q=%20%20');
      assert.equal(none.html.querySelector('#results-title')!.text, 'Escriba qué busca');
      const huge = await page(`/buscar?q=${'transparencia '.repeat(400)}`);
      assert.equal(huge.res.statusCode, 200);
      assert.match(huge.html.querySelector('.notice')!.text, /^La búsqueda era muy larga/);
      const controls = await page('/buscar?q=%00%01datos%1B%7F%20abiertos');
      assert.equal(controls.res.statusCode, 200);
      const syntax = await page('/buscar?q=%22datos%22%20AND%20(abiertos*%20OR%20%3A%26%7C!)');
      assert.equal(syntax.res.statusCode, 200);
      const bad = await page('/buscar?q=datos&nivel=excelente');
      assert.equal(bad.res.statusCode, 400);
      assert.match(bad.html.querySelector('.error-summary')!.text, /El valor de «Nivel» no es válido: «excelente»/);
      assert.equal(bad.html.querySelector('.error-summary a')!.getAttribute('href'), '#f-level');
    });

    test('open data page and downloads, feeds, link previews', async () => {
      const data = await page('/datos');
      assert.equal(data.html.querySelectorAll('.card').length, 7, "five listings, OGP's commitment dataset and the indicator matrix");
      assert.ok(data.html.querySelectorAll('a').some((a) => a.getAttribute('href') === '/datos/compromisos.csv'));
      assert.ok(data.html.querySelectorAll('a').some((a) => a.getAttribute('href') === '/datos/ogp.csv'));
      const csv = await s.app.inject('/datos/compromisos.csv');
      assert.equal(csv.statusCode, 200);
      const feed = await s.app.inject(`/compromisos/${s.commitment(5)}/cambios.atom`);
      assert.match(feed.headers['content-type'] as string, /^application\/atom\+xml/);
      assert.match(feed.body, /<title>Cambios: 5\. Mejorar el SEACE/);
      assert.match(feed.body, /<entry>/);
      assert.equal((await s.app.inject('/compromisos/999/cambios.atom')).statusCode, 404);
      const { html } = await page(`/compromisos/${s.commitment(7)}`);
      const meta = (p: string) => html.querySelector(`meta[property="${p}"], meta[name="${p}"]`)?.getAttribute('content');
      assert.equal(meta('og:title'), 'Compromiso 7. Fortalecer la gestión de la participación ciudadana');
      assert.match(meta('og:description')!, /^Nivel: No iniciado — Evaluación final/);
      assert.equal(meta('twitter:card'), 'summary');
      assert.match(meta('og:url')!, new RegExp(`/compromisos/${s.commitment(7)}$`));
    });

    test('unknown plans, commitments and pages: a 404 page in the visitor’s language', async () => {
      for (const url of ['/planes/999', '/compromisos/abc', '/temas/0', '/entidades/999', '/no-existe']) {
        const { res, html } = await page(url);
        assert.equal(res.statusCode, 404, url);
        assert.equal(html.querySelector('h1')!.text, 'Página no encontrada', url);
        assert.equal(html.querySelector('html')!.getAttribute('lang'), 'es');
      }
      const en = await page('/en/compromisos/999');
      assert.equal(en.html.querySelector('h1')!.text, 'Page not found');
      const byHeader = await page('/no-existe', { 'accept-language': 'en' });
      assert.equal(byHeader.html.querySelector('h1')!.text, 'Page not found');
    });

    test('pages carry an ETag; a 304 until the data changes, then the new page', async () => {
      const url = `/planes/${s.planId}`;
      const first = await s.app.inject(url);
      const etag = first.headers.etag as string;
      assert.ok(first.headers['last-modified']);
      assert.equal((await s.app.inject({ url, headers: { 'if-none-match': etag } })).statusCode, 304);
      const bytes = Buffer.from(moveMark(seedText(), 2, 2));
      await importReport(s.store, readTextReport(bytes, 'v3.txt'), {
        now: new Date().toISOString(),
        actor: 'test',
        fileName: 'v3.txt',
        bytes,
      });
      const after = await s.app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(after.statusCode, 200);
      assert.notEqual(after.headers.etag, etag);
      assert.match(after.body, /<td>2<\/td><td>3<\/td>/);
    });

    test('text from the data is escaped everywhere, the chart included', async () => {
      await s.store.db
        .updateTable('commitments')
        .set({ title: '<script>alert(1)</script> & más' })
        .where('id', '=', s.commitment(1))
        .execute();
      await s.store.db.updateTable('themes').set({ title: '<img src=x onerror=alert(2)>' }).where('id', '=', s.themeIds[0]!).execute();
      s.app.pageCache.clear();
      for (const url of ['/', `/planes/${s.planId}`, `/compromisos/${s.commitment(1)}`, `/temas/${s.themeIds[0]}`, '/buscar?q=script']) {
        const body = (await s.app.inject(url)).body;
        assert.doesNotMatch(body, /<script>alert|<img src=x/, url);
      }
      const plan = (await s.app.inject(`/planes/${s.planId}`)).body;
      assert.match(plan, /&lt;img src=x onerror=alert\(2\)(&gt;|>)<\/a>/);
    });

    test('odd paths and parameters never break a page', async () => {
      for (const url of [
        '/planes/%F0%9F%98%80?lang=es',
        '/planes/a%0ab?lang=es',
        '/entidades/%F0%9F%98%80',
        '/compromisos/99999999999999',
        '/planes/1?ronda=1&ronda=2',
        '/buscar?q=a&q=b&plan=1&plan=x',
      ]) {
        for (const headers of [{}, { 'accept-language': 'en' }, { cookie: 'vigia_lang=en' }]) {
          const res = await s.app.inject({ url, headers });
          assert.ok(res.statusCode < 500, `${url} ${JSON.stringify(headers)}: ${res.statusCode}`);
        }
      }
      const redirect = await s.app.inject({ url: '/planes/%C3%B1?lang=en' });
      assert.equal(redirect.headers.location, '/en/planes/%C3%B1');
      const head = await s.app.inject({ method: 'HEAD', url: `/planes/${s.planId}` });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
    });

    test('query parameters a page does not read do not make new cached pages', async () => {
      s.app.pageCache.clear();
      await s.app.inject(`/planes/${s.planId}`);
      const size = s.app.pageCache.size;
      for (let i = 0; i < 50; i++) await s.app.inject(`/planes/${s.planId}?z=${i}`);
      assert.equal(s.app.pageCache.size, size);
    });

    test('English pages link to English pages', async () => {
      for (const url of ['/en', `/en/planes/${s.planId}`, `/en/compromisos/${s.commitment(4)}`, '/en/datos', '/en/buscar?q=datos']) {
        const { html } = await page(url);
        const local = html
          .querySelectorAll('a[href^="/"]')
          .map((a) => a.getAttribute('href')!)
          .filter(
            (h) =>
              !h.startsWith('/en') &&
              !h.startsWith('/api/v1') &&
              !h.startsWith('/api/openapi') &&
              !h.startsWith('/assets') &&
              !h.includes('lang=es'),
          );
        assert.deepEqual(local, [], url);
      }
    });

    test('feeds of a plan, in both languages', async () => {
      const es = await s.app.inject(`/planes/${s.planId}/cambios.atom`);
      assert.match(es.body, /<title>Cambios: Plan de Acción de Gobierno Abierto 2015-2016<\/title>/);
      assert.match(es.body, /Importación de seed\.txt: \d+ cambios/);
      const en = await s.app.inject(`/en/planes/${s.planId}/cambios.atom`);
      assert.match(en.body, /Import of seed\.txt: \d+ changes/);
      assert.match(en.body, /<link rel="alternate" href="http:\/\/localhost(:80)?\/en\/planes\/\d+"\/>/);
    });

    test('security headers on every kind of answer', async () => {
      for (const path of [
        '/',
        `/compromisos/${s.commitment(3)}`,
        '/buscar?q=x',
        '/api/v1/plans',
        '/assets/site.css',
        '/datos/planes.csv',
      ]) {
        const res = await s.app.inject(path);
        const csp = res.headers['content-security-policy'] as string;
        assert.match(csp, /default-src 'self'/, path);
        assert.doesNotMatch(csp, /unsafe-inline/, path);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
        assert.match(res.headers['x-frame-options'] as string, /SAMEORIGIN|DENY/, path);
        assert.equal(res.headers['strict-transport-security'], undefined, `${path}: no HSTS over plain HTTP`);
      }
    });
  });
});
