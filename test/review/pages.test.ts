import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import type { Actor } from '../../src/domain/roles.js';
import { getCommitment } from '../../src/services/commitments.js';
import * as V from '../../src/services/workspace/reviews.js';
import { findPlan } from '../../src/storage/plans.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { addPlan } from './support.js';
import { nowIso } from '../helpers/clock.js';

/**
 * The public pages of the independent review, in Spanish and English: the two completion levels side
 * by side with the difference in words, the starred mark, the scales and the reviewer's text; the
 * links between a commitment and its continuation; the plan's recommendations. The page cache shows a
 * new review at once, and the commitment page stays within its weight.
 */
describe('the independent review on the public pages', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let reviewer: Actor;
    let coordinator: Actor;
    let reviewed: number;
    let unfinished: number;
    let continuation: number;

    const page = async (url: string) => {
      const res = await s.app.inject(url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
      return { res, html: parse(res.body) };
    };
    const text = (n: { text: string } | null) => (n?.text ?? '').replace(/\s+/g, ' ').trim();

    before(async () => {
      s = await seededApp(db);
      reviewer = (await signIn(s.app, s.store, { role: 'reviewer' })).actor;
      coordinator = (await signIn(s.app, s.store, { role: 'coordinator' })).actor;
      for (let n = 1; n <= 17; n++) {
        const level = (await getCommitment(s.store, s.commitment(n))).assessments.at(-1)!.level;
        if (level === 'complete' && !reviewed) reviewed = s.commitment(n);
        if (level === 'not-started' && !unfinished) unfinished = s.commitment(n);
      }
    });
    after(() => s.app.close());

    test('a commitment without a review shows no review section', async () => {
      const { html } = await page(`/compromisos/${reviewed}`);
      assert.equal(html.querySelector('#irm'), null);
    });

    test('a new review shows at once, both levels side by side and the difference in words (es, en)', async () => {
      const r = await V.saveReview(
        s.store,
        reviewer,
        reviewed,
        {
          report: 'end-of-term',
          reportYear: '2017',
          specificity: 'medium',
          valuePublicAccountability: '1',
          potentialImpact: 'transformative',
          completion: 'substantial',
          diogOverall: 'marginal',
          diogPublicAccountability: 'major',
          reviewText: 'Texto del revisor <script>alert(1)</script> con **énfasis**.',
        },
        nowIso(),
      );
      assert.ok(r.ok);
      const es = await page(`/compromisos/${reviewed}`);
      const section = es.html.querySelector('section[aria-labelledby="irm"]')!;
      assert.equal(text(section.querySelector('h2')), 'Revisión independiente (MRI)');
      const row = section.querySelectorAll('table.data tbody tr')[0]!;
      const cells = row.querySelectorAll('th, td').map(text);
      assert.equal(cells[0], 'Informe de fin de término (2017)');
      assert.match(cells[1]!, /^Completo Evaluación final/);
      assert.equal(cells[2], 'Sustancial');
      assert.equal(cells[3], 'El MRI asigna 1 nivel menos');
      assert.equal(row.querySelector('td.agreement')!.getAttribute('class'), 'agreement agreement-lower');
      assert.equal(text(section.querySelector('p.starred')), '★ Compromiso estelar');
      const scales = section.querySelector('dl.review-scales')!.querySelectorAll('dd').map(text);
      assert.equal(scales[0], 'Media');
      assert.equal(scales[1], 'Rendición de cuentas');
      assert.equal(scales[2], 'Transformador');
      assert.equal(scales[3], 'Sustancial');
      assert.deepEqual(section.querySelectorAll('dl.review-scales dd li').map(text), [
        'En general: Marginalmente',
        'Rendición de cuentas: Significativamente',
      ]);
      // The reviewer's text is Markdown, escaped: no script gets through.
      assert.ok(!es.res.body.includes('<script>alert(1)'));
      assert.ok(section.querySelector('strong')?.text === 'énfasis');

      const en = await page(`/en/compromisos/${reviewed}`);
      const enSection = en.html.querySelector('section[aria-labelledby="irm"]')!;
      assert.equal(text(enSection.querySelector('h2')), 'Independent review (IRM)');
      const enCells = enSection.querySelectorAll('table.data tbody tr')[0]!.querySelectorAll('th, td').map(text);
      assert.equal(enCells[0], 'End-of-term report (2017)');
      assert.equal(enCells[2], 'Substantial');
      assert.equal(enCells[3], 'The IRM gives 1 level less');
      assert.equal(text(enSection.querySelector('p.starred')), '★ Starred commitment');
    });

    test('agreement and a review that is not starred', async () => {
      const r = await V.saveReview(
        s.store,
        reviewer,
        unfinished,
        { report: 'end-of-term', completion: 'not-started', specificity: 'low' },
        nowIso(),
      );
      assert.ok(r.ok);
      const { html } = await page(`/compromisos/${unfinished}`);
      const section = html.querySelector('section[aria-labelledby="irm"]')!;
      assert.equal(text(section.querySelector('td.agreement')), 'Coinciden');
      assert.equal(section.querySelector('p.starred'), null);
      assert.match(section.text, /No es estelar/);
    });

    test('a continued commitment links to its predecessor, and the predecessor to it (es, en)', async () => {
      const plan = (await findPlan(s.store.db, s.planId))!;
      const later = await addPlan(s.store, {
        governmentId: plan.government_id,
        title: 'Plan de Acción de Gobierno Abierto 2017-2019',
        start: 2017,
        end: 2019,
      });
      const r = await V.continueCommitment(s.store, coordinator, unfinished, { planId: later.planId, themeId: later.themeId }, nowIso());
      assert.ok(r.ok);
      continuation = r.id!;
      const next = await page(`/compromisos/${continuation}`);
      const back = next.html.querySelector('nav.continuity a')!;
      assert.equal(back.getAttribute('href'), `/compromisos/${unfinished}`);
      assert.match(
        text(next.html.querySelector('nav.continuity')),
        /^Continúa el compromiso: Compromiso \d+\. .+ — Plan de Acción de Gobierno Abierto 2015-2016$/,
      );
      const prev = await page(`/en/compromisos/${unfinished}`);
      const forward = prev.html.querySelector('nav.continuity a')!;
      assert.equal(forward.getAttribute('href'), `/en/compromisos/${continuation}`);
      assert.match(
        text(prev.html.querySelector('nav.continuity')),
        /^Continued in: Commitment 1\. .+ — Plan de Acción de Gobierno Abierto 2017-2019$/,
      );
    });

    test('the plan page shows the recommendations with answer, status and action (es, en)', async () => {
      const none = await page(`/planes/${s.planId}`);
      assert.equal(none.html.querySelector('#irm-recommendations'), null);
      const a = await V.addRecommendation(
        s.store,
        coordinator,
        s.planId,
        {
          source: 'Informe de avance 2015-2016',
          recommendationText: 'Incluir a la sociedad civil en el seguimiento.',
          status: 'addressed',
          answer: 'Se aceptó.',
          action: 'Se creó la comisión multiactor.',
        },
        nowIso(),
      );
      const b = await V.addRecommendation(
        s.store,
        coordinator,
        s.planId,
        {
          source: 'Informe de avance 2015-2016',
          recommendationText: 'Compromisos más específicos.',
        },
        nowIso(),
      );
      assert.ok(a.ok && b.ok);
      const es = await page(`/planes/${s.planId}`);
      const section = es.html.querySelector('section[aria-labelledby="irm-recommendations"]')!;
      assert.equal(text(section.querySelector('h2')), 'Recomendaciones del MRI');
      const items = section.querySelectorAll('ol.recommendations > li');
      assert.equal(items.length, 2);
      assert.equal(text(items[0]!.querySelector('h3')), 'Recomendación 1');
      const dd = items[0]!.querySelectorAll('dd').map(text);
      assert.deepEqual(dd, ['Informe de avance 2015-2016', 'Atendida', 'Se aceptó.', 'Se creó la comisión multiactor.']);
      assert.deepEqual(items[1]!.querySelectorAll('dd').map(text).slice(1), ['Sin dato', '—', '—']);
      const en = await page(`/en/planes/${s.planId}`);
      const enItems = en.html.querySelectorAll('section[aria-labelledby="irm-recommendations"] ol.recommendations > li');
      assert.equal(text(enItems[0]!.querySelector('h3')), 'Recommendation 1');
      assert.equal(enItems[0]!.querySelectorAll('dd').map(text)[1], 'Addressed');
    });

    test('the public JSON API gives the review (starred computed), the continuity links and the recommendations', async () => {
      const c = (await s.app.inject(`/api/v1/commitments/${reviewed}`)).json();
      const [r] = c.independentReview.reviews;
      assert.equal(r.report, 'end-of-term');
      assert.equal(r.starred, true);
      assert.deepEqual(r.agreement, { kind: 'lower', steps: 1 });
      assert.equal(r.self.level, 'complete');
      const next = (await s.app.inject(`/api/v1/commitments/${continuation}`)).json();
      assert.equal(next.independentReview.continues.id, unfinished);
      const plan = (await s.app.inject(`/api/v1/plans/${s.planId}`)).json();
      assert.deepEqual(
        plan.irmRecommendations.map((x: { position: number; status: string | null }) => [x.position, x.status]),
        [
          [1, 'addressed'],
          [2, null],
        ],
      );
    });

    test('the feeds name what changed in words: a review, a recommendation', async () => {
      const c = (await s.app.inject(`/compromisos/${reviewed}/cambios.atom`)).body;
      assert.match(c, /1 revisiones del MRI/);
      const p = (await s.app.inject(`/en/planes/${s.planId}/cambios.atom`)).body;
      assert.match(p, /1 IRM recommendations/);
      assert.doesNotMatch(p + c, /irm_/);
    });

    test('a reviewed commitment page stays light: HTML and CSS under 60 KB', async () => {
      const css = (await s.app.inject('/assets/site.css')).rawPayload.length;
      for (const id of [reviewed, unfinished, continuation]) {
        const html = (await s.app.inject(`/compromisos/${id}`)).rawPayload.length;
        assert.ok(html + css < 60 * 1024, `commitment ${id}: ${html} + ${css} bytes`);
      }
    });
  });
});
