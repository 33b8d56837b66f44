import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { addIndicator, correctMeasurement, recordMeasurement } from '../../src/services/workspace/indicators.js';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { addDemoIndicators, type DemoIndicators } from '../helpers/indicators.js';
import { nowIso } from '../helpers/clock.js';

/**
 * The public commitment page with its indicators: the figures computed from the stored data, the
 * status in words, the measurement history, the chart (role="img", title and description, one dot
 * per measurement, labels escaped), both languages, and the page cache refreshed by a new measurement.
 */
describe('indicators on the public commitment page', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let planId: number;
    let commitment: (n: number) => number;
    let demo: DemoIndicators;
    let coordinator: SignedIn;

    before(async () => {
      const s = await seededApp(db);
      ({ store, app, planId, commitment } = s);
      demo = await addDemoIndicators(store, commitment);
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => app.close());

    const page = async (url: string) => {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return { html: res.body, doc: parse(res.body) };
    };

    test('baseline, target, latest value, progress, status, history and chart, in Spanish', async () => {
      const { doc } = await page(`/compromisos/${commitment(1)}`);
      const section = doc.querySelector('section[aria-labelledby="indicators"]')!;
      assert.ok(section, 'an indicators section');
      const article = section.querySelector('article.indicator')!;
      assert.match(article.querySelector('h3')!.text, /Entidades con datos abiertos publicados/);
      const facts = Object.fromEntries(
        article.querySelectorAll('dl div').map((d) => [d.querySelector('dt')!.text, d.querySelector('dd')!.text]),
      );
      assert.equal(facts['Línea de base'], '10 entidades (1 de julio de 2015)');
      assert.equal(facts['Meta'], '50 entidades (30 de junio de 2016)');
      assert.equal(facts['Último valor'], '30 entidades (1 de enero de 2016)');
      // (30 − 10) / (50 − 10) = 50 %.
      assert.equal(facts['Avance hacia la meta'], '50 %');
      assert.equal(facts['Frecuencia'], 'Trimestral');
      // Today (long after 2016-04-01, when the next measurement was due) it is overdue.
      assert.equal(article.querySelector('.indicator-status')!.text, 'Medición atrasada');
      const rows = article.querySelectorAll('details.history tbody tr').map((r) => r.querySelectorAll('td').map((td) => td.text));
      assert.deepEqual(rows, [
        ['1 de enero de 2016', '30', 'Informe de la entidad', ''],
        ['1 de octubre de 2015', '20', 'Informe de la entidad', ''],
      ]);

      const svg = article.querySelector('svg.indicator-chart')!;
      assert.equal(svg.getAttribute('role'), 'img');
      const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ');
      assert.match(
        svg.querySelector(`#${titleId}`)!.text,
        /Mediciones de «Entidades con datos abiertos publicados» frente a la trayectoria/,
      );
      assert.match(
        svg.querySelector(`#${descId}`)!.text,
        /de 10 entidades \(1 de julio de 2015\) a 50 entidades \(30 de junio de 2016\)\. Mediciones: 20 entidades \(1 de octubre de 2015\); 30 entidades \(1 de enero de 2016\)\./,
      );
      assert.equal(svg.querySelectorAll('circle.chart-point').length, 2);
      assert.equal(svg.querySelectorAll('line.chart-path').length, 1);
      // The path starts at the baseline (left, bottom) and ends at the target (right, top).
      const path = svg.querySelector('line.chart-path')!;
      assert.ok(Number(path.getAttribute('x1')) < Number(path.getAttribute('x2')));
      assert.ok(Number(path.getAttribute('y1')) > Number(path.getAttribute('y2')));
      // The October point (20) lies on the straight path at its date: (20 − 10)/(50 − 10) = 25 % of the rise after 92/365 days.
      const [oct] = svg.querySelectorAll('circle.chart-point');
      const t =
        (Number(oct!.getAttribute('cx')) - Number(path.getAttribute('x1'))) /
        (Number(path.getAttribute('x2')) - Number(path.getAttribute('x1')));
      assert.ok(Math.abs(t - 92 / 365) < 0.005, String(t));
    });

    test('in English, an off-path indicator and one never measured', async () => {
      const { doc } = await page(`/en/compromisos/${commitment(2)}`);
      const article = doc.querySelector('section[aria-labelledby="indicators"] article')!;
      assert.equal(article.querySelector('.indicator-status')!.text, 'Off path');
      const facts = Object.fromEntries(
        article.querySelectorAll('dl div').map((d) => [d.querySelector('dt')!.text, d.querySelector('dd')!.text]),
      );
      assert.equal(facts['Progress toward the target'], '10 %');
      assert.equal(facts['Direction'], 'Lower is better');
      const none = parse((await app.inject({ url: `/en/compromisos/${commitment(4)}` })).body).querySelector(
        'section[aria-labelledby="indicators"] article',
      )!;
      assert.equal(none.querySelector('.indicator-status')!.text, 'Measurement overdue');
      assert.match(none.text, /No measurements yet\./);
      assert.equal(none.querySelectorAll('circle.chart-point').length, 0);
      void demo;
    });

    test('a commitment without indicators has no section; labels a person typed are escaped, in the chart too', async () => {
      const { doc } = await page(`/compromisos/${commitment(5)}`);
      assert.equal(doc.querySelector('section[aria-labelledby="indicators"]'), null);
      const r = await addIndicator(
        store,
        coordinator.actor,
        commitment(5),
        {
          indicatorName: '<script>alert(1)</script>',
          unit: '<b>u</b>',
          direction: 'up',
          baselineValue: '0',
          baselineDate: '2015-07-01',
          targetValue: '10',
          targetDate: '2016-06-30',
          frequency: 'yearly',
        },
        nowIso(),
      );
      assert.ok(r.ok);
      const { html } = await page(`/compromisos/${commitment(5)}`);
      assert.ok(!html.includes('<script>alert(1)'), 'no script element');
      assert.ok(!html.includes('<b>u</b>'));
      assert.match(html, /<title id="chart-\d+-title">Mediciones de «&lt;script>alert\(1\)&lt;\/script>»/);
    });

    test('a new measurement shows at once (the page cache follows the data), and the plan page links the matrix', async () => {
      const before = await page(`/compromisos/${commitment(1)}`);
      assert.equal(before.doc.querySelectorAll('section[aria-labelledby="indicators"] circle.chart-point').length, 2);
      const r = await recordMeasurement(
        store,
        coordinator.actor,
        demo.onPath,
        {
          measuredValue: '45',
          measuredOn: '2016-06-30',
          measurementSource: 'Informe final',
        },
        { now: new Date().toISOString() },
      );
      assert.ok(r.ok);
      const after = await page(`/compromisos/${commitment(1)}`);
      const article = after.doc.querySelector('section[aria-labelledby="indicators"] article')!;
      assert.equal(article.querySelectorAll('circle.chart-point').length, 3);
      // (45 − 10) / 40 = 87.5 %: 12.5 points behind the target on its date (within 20), and with the
      // target date measured nothing more is due — back on track.
      assert.match(article.text, /87,5 %/);
      assert.equal(article.querySelector('.indicator-status')!.text, 'En trayectoria');

      const plan = await page(`/planes/${planId}`);
      const links = plan.doc.querySelectorAll('p.downloads a').map((a) => a.getAttribute('href'));
      assert.ok(links.includes(`/planes/${planId}/indicadores.csv`));
      assert.ok(links.includes(`/planes/${planId}/indicadores.xlsx`));
      const en = await page(`/en/planes/${planId}`);
      assert.ok(en.doc.querySelectorAll('p.downloads a').some((a) => a.getAttribute('href') === `/en/planes/${planId}/indicadores.xlsx`));
      const data = await page('/datos');
      assert.ok(
        data.doc.querySelectorAll('.card a').some((a) => a.getAttribute('href') === `/planes/${planId}/indicadores.csv`),
        'the open-data page lists the matrix',
      );
    });

    test('the public history shows an indicator added and a measurement corrected, field by field', async () => {
      const m = await store.db
        .selectFrom('indicator_measurements')
        .selectAll()
        .where('indicator_id', '=', demo.offPath)
        .executeTakeFirstOrThrow();
      const fixed = await correctMeasurement(
        store,
        coordinator.actor,
        m.id,
        { version: String(m.version), measuredValue: '27' },
        { now: new Date().toISOString() },
      );
      assert.ok(fixed.ok);
      const { doc } = await page(`/compromisos/${commitment(2)}/historial`);
      const text = doc.querySelector('main')!.text.replace(/\s+/g, ' ');
      assert.match(text, /una medición del indicador «Días para responder una solicitud»/);
      assert.match(text, /Valor medido\s*28\s*27/);
      assert.match(text, /el indicador «Días para responder una solicitud»/);
      assert.match(text, /Meta: valor\s*\(vacío\)\s*10/);
      assert.match(text, /Sentido\s*\(vacío\)\s*Mejor si baja/);
      assert.match(text, /Frecuencia de medición\s*\(vacío\)\s*Semestral/);
      const en = (await page(`/en/compromisos/${commitment(2)}/historial`)).doc.querySelector('main')!.text.replace(/\s+/g, ' ');
      assert.match(en, /a measurement of the indicator “Días para responder una solicitud”/);
      assert.match(en, /Measured value\s*28\s*27/);
    });
  });
});
