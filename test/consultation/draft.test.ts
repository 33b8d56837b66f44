import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { openConsultation } from '../../src/services/consultation.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { signIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';

/**
 * The draft under consultation is read where people comment on it: a round's draft assessments and the
 * report's sections on the consultation's page (es/en) and in its API answer, each block with its
 * "comment on this" link choosing the block in the form; the plan's commitments for a plan draft; kept
 * after closing; nothing before opening. Another unpublished round's text appears on no public page,
 * feed, download or API answer — not even with a consultation announced for it that has not opened.
 */
const TODAY = '2026-03-05';
const CONSULTED = 'RESULTADO-DEL-BORRADOR-CONSULTADO';
const OTHER = 'TEXTO-SECRETO-DE-OTRA-RONDA';
const OTHER_REASON = 'RAZON-SECRETA-DE-OTRA-RONDA';
const SECTION = 'CUERPO-DE-LA-SECCION-DEL-INFORME';
const PROBLEM = 'PROBLEMA-QUE-ATIENDE-EL-PLAN';

eachDatabase((dbs) => {
  test('a round draft on its consultation page and in the API; another unpublished round nowhere public', async () => {
    const store = await dbs.open();
    const plan = await buildLateActivitiesPlan(store);
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
    const { c1, c2, c3 } = plan.commitments;
    // The consulted round (the fixture's, unpublished): commitment 1's draft gets a text of its own.
    await store.db.updateTable('assessments').set({ results: CONSULTED }).where('id', '=', plan.assessments.c1).execute();
    await store.db.updateTable('commitments').set({ problem: PROBLEM }).where('id', '=', c2).execute();
    const w = new AuditedWriter(store.db, { actor: 'test', at: '2026-03-01T00:00:00.000Z', context: 'draft test' }).forPlan(plan.planId);
    const section = await w.insert('plan_sections', {
      plan_id: plan.planId,
      position: 1,
      key: 'process',
      title: 'Proceso de elaboración',
      body: `${SECTION}\n\n- con **énfasis**`,
      lang: 'es',
    });
    // Another unpublished round, with a consultation announced that has not opened yet.
    const otherRound = await w.insert('rounds', {
      plan_id: plan.planId,
      position: 2,
      kind: 'periodic',
      title: 'Reporte del segundo trimestre',
      lang: 'es',
      cutoff_date: '2026-05-31',
      published: 0,
      published_at: null,
    });
    await w.forCommitment(c1).insert('assessments', {
      round_id: otherRound,
      commitment_id: c1,
      level: 'substantial',
      results: OTHER,
      additional_info: null,
      reasons: OTHER_REASON,
      next_steps: null,
      lang: 'es',
      status: 'draft',
      review_comment: null,
      submitted_at: null,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
    });
    const consulted = await openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Borrador del primer reporte',
        roundId: plan.roundId,
        startsOn: '2026-03-01',
        endsOn: TODAY,
      },
      new Date().toISOString(),
    );
    const upcoming = await openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Borrador del segundo reporte',
        roundId: otherRound,
        startsOn: '2026-06-01',
        endsOn: '2026-06-30',
      },
      new Date().toISOString(),
    );
    const planDraft = await openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Borrador del plan',
        startsOn: '2026-03-01',
        endsOn: TODAY,
      },
      new Date().toISOString(),
    );
    assert.ok(consulted.ok && upcoming.ok && planDraft.ok);
    const url = `/planes/${plan.planId}/consultas/${consulted.id}`;

    const es = await app.inject({ url });
    assert.equal(es.statusCode, 200);
    const doc = parse(es.body);
    const block = doc.querySelector(`#borrador-compromiso-${c1}`)!;
    assert.ok(block, 'a block for commitment 1');
    assert.match(block.text, new RegExp(CONSULTED));
    assert.match(block.text, /Retrasos en la contratación\./, 'the reasons of the draft');
    assert.match(block.text, /Limitado/, 'the draft level');
    assert.match(block.text, /Borrador de «Reporte del primer trimestre»/);
    assert.equal(
      block.querySelector('a[href="#link-heading"]')?.text.replace(/\s+/g, ' ').trim(),
      'Comentar sobre esto: 1. Datos abiertos de escuelas',
    );
    assert.match(doc.querySelector(`#borrador-compromiso-${c2}`)!.text, /La entidad aún no escribió su evaluación/);
    assert.match(doc.querySelector(`#borrador-compromiso-${c3}`)!.text, /Avances del trimestre\./);
    const sectionBlock = doc.querySelector(`#borrador-seccion-${section}`)!;
    assert.match(sectionBlock.text, new RegExp(SECTION));
    assert.ok(sectionBlock.querySelector('strong'), 'the section’s Markdown rendered as the report renders it');
    assert.ok(!es.body.includes(PROBLEM), 'a round draft shows assessments, not the plan’s fichas');
    const en = await app.inject({ url: `/en${url}` });
    assert.match(parse(en.body).querySelector(`#borrador-compromiso-${c1}`)!.text, /Draft of "Reporte del primer trimestre"/);
    assert.match(en.body, new RegExp(CONSULTED));

    // A civil-society account: "comment on this" opens the form with the block chosen.
    const eva = await signIn(app, store, { role: 'civil-society' });
    const signed = parse((await app.inject({ url, headers: { cookie: eva.cookie } })).body);
    const link = signed.querySelector(`#borrador-compromiso-${c1} a[href$="#comment-heading"]`)!.getAttribute('href')!;
    assert.equal(link, `${url}?sobre=commitment:${c1}#comment-heading`);
    const chosen = parse((await app.inject({ url: link.split('#')[0]!, headers: { cookie: eva.cookie } })).body);
    assert.equal(chosen.querySelector('#f-c-target option[selected]')?.getAttribute('value'), `commitment:${c1}`);
    const bogus = parse((await app.inject({ url: `${url}?sobre=<script>`, headers: { cookie: eva.cookie } })).body);
    assert.equal(bogus.querySelector('#f-c-target option[selected]')?.getAttribute('value') ?? 'draft', 'draft');

    // The API answer carries the same draft.
    const api = (await app.inject({ url: `/api/v1/consultations/${consulted.id}` })).json();
    assert.equal(api.draft.kind, 'round');
    assert.equal(api.draft.commitments.find((c: { id: number }) => c.id === c1).assessment.results, CONSULTED);
    assert.equal(api.draft.sections[0].body.startsWith(SECTION), true);

    // The announced consultation of the other round shows nothing of it before it opens.
    const before = await app.inject({ url: `/planes/${plan.planId}/consultas/${upcoming.id}` });
    assert.match(
      parse(before.body).querySelector('main')!.text,
      /El borrador se mostrará aquí cuando se abra la consulta, el 1 de junio de 2026\./,
    );

    // The plan draft: the commitments as they stand, no assessment text.
    const planPage = await app.inject({ url: `/planes/${plan.planId}/consultas/${planDraft.id}` });
    assert.match(parse(planPage.body).querySelector(`#borrador-compromiso-${c2}`)!.text, new RegExp(PROBLEM));
    assert.match(planPage.body, /Pruebas del portal/, 'its activities');
    assert.ok(!planPage.body.includes(CONSULTED));

    // Nowhere public: the other round's text; the consulted one only on its consultation's page.
    const publicUrls = [
      `/planes/${plan.planId}`,
      `/en/planes/${plan.planId}`,
      `/compromisos/${c1}`,
      `/en/compromisos/${c1}`,
      `/compromisos/${c1}/historial`,
      `/planes/${plan.planId}/cambios.atom`,
      `/compromisos/${c1}/cambios.atom`,
      `/buscar?q=SECRETO`,
      `/datos/evaluaciones.csv`,
      `/datos/evaluaciones.json`,
      `/datos/compromisos.csv`,
      `/api/v1/plans/${plan.planId}`,
      `/api/v1/commitments/${c1}`,
      `/api/v1/search?q=SECRETO`,
      `/api/v1/plans/${plan.planId}/consultations`,
      ...[consulted.id, upcoming.id, planDraft.id].flatMap((id) => [
        `/planes/${plan.planId}/consultas/${id}`,
        `/en/planes/${plan.planId}/consultas/${id}`,
        `/api/v1/consultations/${id}`,
      ]),
    ];
    const leaks: string[] = [];
    for (const u of publicUrls) {
      const res = await app.inject({ url: u });
      assert.ok(res.statusCode < 500, `${u}: ${res.statusCode}`);
      if (res.body.includes(OTHER) || res.body.includes(OTHER_REASON)) leaks.push(u);
      if (res.body.includes(CONSULTED) && !u.endsWith(`/consultas/${consulted.id}`) && u !== `/api/v1/consultations/${consulted.id}`)
        leaks.push(`${u} (consulted round)`);
    }
    assert.deepEqual(leaks, []);

    // After closing, the draft stays on the page for the record; no more comment links.
    const later = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2026-03-20' });
    const closed = parse((await later.inject({ url })).body);
    assert.match(closed.querySelector(`#borrador-compromiso-${c1}`)!.text, new RegExp(CONSULTED));
    assert.equal(closed.querySelectorAll('.draft-comments a').length, 0);
    await later.close();
    await app.close();
  });
});
