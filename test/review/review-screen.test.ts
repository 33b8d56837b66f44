import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import { raiseAlert } from '../../src/services/alerts.js';
import { storeEvidenceFile } from '../../src/services/evidence-files.js';
import * as E from '../../src/services/workspace/commitments.js';
import { addIndicator, recordMeasurement } from '../../src/services/workspace/indicators.js';
import { openRound } from '../../src/services/workspace/rounds.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signedForm, signedJson, signIn, type SignedIn } from '../helpers/auth.js';
import { nowIso } from '../helpers/clock.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * The review screen of issue 20: an agency editor proposes "Completo" for a commitment whose activity
 * is still in progress and whose indicator stands at 50 % of its target — warned, submitted only with a
 * reason; the coordinator's decision screen shows the evidence cited (a link, a file), the activities,
 * the indicator, the earlier rounds' levels, the open warnings and alerts, who submitted and why; approving
 * despite the warnings needs a reason too (form and API); a coordinator cannot approve what she submitted
 * herself unless her government allows it; the reviewer's screen shows the same panel.
 */
const text = (html: string, selector: string) =>
  parse(html)
    .querySelectorAll(selector)
    .map((e) => e.text.replace(/\s+/g, ' ').trim());

/** Each row of a table as its cells' texts joined by " | ". */
const rows = (html: string, selector: string) =>
  parse(html)
    .querySelectorAll(`${selector} tbody tr`)
    .map((r) =>
      r
        .querySelectorAll('th, td')
        .map((c) => c.text.replace(/\s+/g, ' ').trim())
        .join(' | '),
    );

describe('the review screen: the panel, consistency warnings confirmed by a reason, separation of duties (issue 20)', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let editor: SignedIn;
    let carla: SignedIn;
    let beto: SignedIn;
    let reviewer: SignedIn;
    let roundId: number;
    let cid: number;
    let fileId: number;
    let linkId: number;
    let page: string;
    const get = (who: SignedIn, url: string) => s.app.inject({ url, headers: { cookie: who.cookie } });
    const assessment = () =>
      s.store.db.selectFrom('assessments').selectAll().where('round_id', '=', roundId).where('commitment_id', '=', cid).executeTakeFirst();
    const version = async () => String((await assessment())!.version);

    before(async () => {
      s = await seededApp(db);
      cid = s.commitment(4);
      const agencyId = (await commitmentSubject(s.store.db, cid))!.agency_id!;
      editor = await signIn(s.app, s.store, { role: 'agency-editor', agencyId, name: 'Ana Editora' });
      carla = await signIn(s.app, s.store, { role: 'coordinator', name: 'Carla Coordinadora' });
      beto = await signIn(s.app, s.store, { role: 'coordinator', name: 'Beto Coordinador' });
      reviewer = await signIn(s.app, s.store, { role: 'reviewer', name: 'Rita Revisora' });
      const coord = carla.actor;
      // The commitment as the editor finds it: one activity in progress past its planned end, an indicator at half its target,
      // a link and a file as evidence, an open alert of civil society.
      const first = await s.store.db
        .selectFrom('activities')
        .select('id')
        .where('commitment_id', '=', cid)
        .orderBy('number')
        .executeTakeFirst();
      await s.store.db
        .updateTable('activities')
        .set({ status: 'in-progress', planned_start: '2016-01-15', planned_end: '2016-11-30', percent_done: 60 })
        .where('id', '=', first!.id)
        .execute();
      const link = await E.addLink(
        s.store,
        coord,
        cid,
        { url: 'https://www.gob.pe/informe-portal.pdf', description: 'Informe del portal' },
        nowIso(),
      );
      assert.ok(link.ok);
      linkId = link.id!;
      const file = await storeEvidenceFile(
        s.store,
        { actor: 'test', at: nowIso(), context: 'evidence' },
        { commitmentId: cid, fileName: 'acta.csv', bytes: Buffer.from('entidad,usuarios\nMINJUS,12\n'), description: 'Acta de entrega' },
      );
      fileId = file.evidenceId;
      const indicator = await addIndicator(
        s.store,
        coord,
        cid,
        {
          indicatorName: 'Entidades que publican en el portal',
          unit: 'entidades',
          direction: 'up',
          baselineValue: '0',
          baselineDate: '2015-07-01',
          targetValue: '20',
          targetDate: '2016-12-31',
          frequency: 'yearly',
        },
        nowIso(),
      );
      assert.ok(indicator.ok);
      assert.ok(
        (await recordMeasurement(s.store, coord, indicator.id!, { measuredValue: '10', measuredOn: '2016-12-31' }, { now: nowIso() })).ok,
      );
      const civil = await signIn(s.app, s.store, { role: 'civil-society', name: 'Observatorio' });
      assert.ok(
        (await raiseAlert(s.store, civil.actor, cid, { category: 'delay', alertText: 'El portal no publica desde marzo.' }, s.app.today()))
          .ok,
      );
      const round = await openRound(s.store, coord, s.planId, { kind: 'periodic', cutoffDate: '2017-11-30' }, nowIso());
      assert.ok(round.ok);
      roundId = round.id;
      page = `/espacio/evaluaciones/${roundId}/compromisos/${cid}`;
    });
    after(() => s.app.close());

    test('the editor proposes "Completo": warned before submitting, the reason asked; nothing submitted without it, es and en', async () => {
      const fields = { level: 'complete', results: 'El portal está en línea.', evidenceIds: String(fileId), action: 'submit' };
      for (const lang of ['es', 'en'] as const) {
        const res = await s.app.inject({ method: 'POST', url: `${lang === 'en' ? '/en' : ''}${page}`, ...signedForm(editor, fields) });
        assert.equal(res.statusCode, 400);
        const [summary] = text(res.body, '.error-summary li');
        if (lang === 'es') {
          assert.match(
            summary!,
            /^Complete «Motivo para continuar pese a las advertencias»: «Completo» con actividades sin terminar; «Completo» con un indicador/,
          );
          const warned = text(res.body, '.consistency-warnings li');
          assert.match(warned[0]!, /actividades sin terminar: 1\./);
          assert.match(warned[1]!, /«Entidades que publican en el portal» está al 50 % de su meta \(el plan pide 90 %\)/);
        } else assert.match(summary!, /^Fill in “Reason to go ahead despite the warnings”: “Complete” with activities not finished/);
        // The form again, as typed, with the reason's field.
        assert.equal(parse(res.body).querySelector('select[name="level"] option[selected]')?.getAttribute('value'), 'complete');
        assert.ok(parse(res.body).querySelector('textarea[name="confirmReason"]'));
      }
      assert.equal(await assessment(), undefined, 'nothing saved');
      // Both pieces of evidence cited (a form sends each ticked box as its own field).
      const both = signedForm(editor, { ...fields, confirmReason: 'La actividad 1 concluyó tras el corte; el informe lo acredita.' });
      const res = await s.app.inject({ method: 'POST', url: page, ...both, payload: `${both.payload}&evidenceIds=${linkId}` });
      assert.equal(res.statusCode, 303, res.body);
      const stored = (await assessment())!;
      assert.equal(stored.status, 'submitted');
      assert.equal(stored.submit_reason, 'La actividad 1 concluyó tras el corte; el informe lo acredita.');
    });

    test('the decision screen shows the evidence, activities, indicator, earlier levels, warnings and alerts, and who submitted', async () => {
      const { body } = await get(carla, page);
      assert.deepEqual(text(body, '.previous-levels li'), [
        'Evaluación intermedia (septiembre de 2016): Sustancial',
        'Evaluación final (septiembre de 2017): Sustancial',
      ]);
      assert.match(text(body, '.proposed-level')[0]!, /Nivel propuesto \(Evaluación periódica \(noviembre de 2017\)\): Completo/);
      // The link opens its address; the file downloads from where the public page's link does.
      const cited = parse(body).querySelectorAll('.cited-evidence a');
      assert.deepEqual(
        cited.map((a) => a.getAttribute('href')),
        ['https://www.gob.pe/informe-portal.pdf', `/evidencias/${fileId}/archivo`],
      );
      assert.match(
        rows(body, '.panel-activities')[0]!,
        /^1 \| Registro Nacional .* \| En curso \| 15 de enero de 2016 – 30 de noviembre de 2016 \| — \| 60 %$/,
      );
      assert.deepEqual(rows(body, '.panel-indicators'), [
        'Entidades que publican en el portal | 0 entidades | 20 entidades | 10 entidades (31 de diciembre de 2016) | 50 %',
      ]);
      assert.ok(
        text(body, '.panel-warnings li').some((w) => /actividad/i.test(w)),
        'the activity past its end, as an open early warning',
      );
      assert.match(text(body, '.panel-alerts li')[0]!, /^Retraso .*Observatorio: El portal no publica desde marzo\.$/);
      assert.equal(text(body, '.consistency-warnings li').length, 2);
      const people = text(body, '.assessment-people li');
      assert.match(people[0]!, /^Enviada por Ana Editora el /);
      assert.equal(people[1], 'Motivo al enviarla pese a las advertencias: La actividad 1 concluyó tras el corte; el informe lo acredita.');
      // Approving despite them asks for a reason here too.
      assert.ok(parse(body).querySelector('form[action$="/decision"] textarea[name="confirmReason"]'));
      assert.ok(parse(body).querySelector('button[name="decision"][value="approve"]'));
    });

    test('approving despite the warnings needs a reason: the form 400, the API 422 naming each; with it, approved and kept', async () => {
      const form = await s.app.inject({
        method: 'POST',
        url: `${page}/decision`,
        ...signedForm(carla, { decision: 'approve', version: await version() }),
      });
      assert.equal(form.statusCode, 400);
      assert.match(text(form.body, '.error-summary li')[0]!, /^Complete «Motivo para continuar pese a las advertencias»/);
      const api = `/api/v1/workspace/rounds/${roundId}/assessments/${cid}`;
      const json = signedJson(carla, { decision: 'approve', version: await version() });
      const refused = await s.app.inject({
        method: 'POST',
        url: `${api}/decision`,
        ...json,
        headers: { ...json.headers, 'accept-language': 'en' },
      });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().error.code, 'confirm_needed');
      assert.deepEqual(
        refused.json().warnings.map((w: { code: string }) => w.code),
        ['complete-open-activity', 'complete-indicator-short'],
      );
      assert.match(refused.json().warnings[1].message, /stands at 50 % of its target/);
      assert.equal((await assessment())!.status, 'submitted');
      const ok = await s.app.inject({
        method: 'POST',
        url: `${page}/decision`,
        ...signedForm(carla, { decision: 'approve', version: await version(), confirmReason: 'Verificado con el acta de entrega.' }),
      });
      assert.equal(ok.statusCode, 303, ok.body);
      const stored = (await assessment())!;
      assert.equal(stored.status, 'approved');
      assert.equal(stored.approval_reason, 'Verificado con el acta de entrega.');
      const people = text((await get(beto, page)).body, '.assessment-people li');
      assert.match(people[2]!, /^Decidida por Carla Coordinadora el /);
      assert.equal(people[3], 'Motivo al aprobarla pese a las advertencias: Verificado con el acta de entrega.');
    });

    test('who submitted cannot approve (es and en, nothing changes) unless the government allows it; the audit log names each', async () => {
      const other = s.commitment(5);
      const url = `/espacio/evaluaciones/${roundId}/compromisos/${other}`;
      const submit = await s.app.inject({
        method: 'POST',
        url,
        ...signedForm(carla, { level: 'substantial', results: 'Avance.', action: 'submit', confirmReason: 'Confirmado.' }),
      });
      assert.equal(submit.statusCode, 303, submit.body);
      const row = () =>
        s.store.db
          .selectFrom('assessments')
          .selectAll()
          .where('round_id', '=', roundId)
          .where('commitment_id', '=', other)
          .executeTakeFirstOrThrow();
      const before = await row();
      const screen = await get(carla, url);
      assert.equal(parse(screen.body).querySelector('button[name="decision"][value="approve"]'), null, 'no approve button for her');
      assert.match(text(screen.body, 'form[action$="/decision"] .notice')[0]!, /^Usted envió esta evaluación/);
      const approve = { decision: 'approve', version: String(before.version), confirmReason: 'Confirmado.' };
      const es = await s.app.inject({ method: 'POST', url: `${url}/decision`, ...signedForm(carla, approve) });
      assert.equal(es.statusCode, 403);
      assert.match(text(es.body, '.error-summary li')[0]!, /^Usted envió esta evaluación: otra persona de la coordinación debe aprobarla/);
      const en = await s.app.inject({ method: 'POST', url: `/en${url}/decision`, ...signedForm(carla, approve) });
      assert.equal(en.statusCode, 403);
      assert.match(
        text(en.body, '.error-summary li')[0]!,
        /^You submitted this assessment: another person of the coordination must approve it/,
      );
      const api = await s.app.inject({
        method: 'POST',
        url: `/api/v1/workspace/rounds/${roundId}/assessments/${other}/decision`,
        ...signedJson(carla, approve),
      });
      assert.equal(api.statusCode, 403);
      assert.match(api.json().error.fields.decision, /separación de funciones/);
      assert.deepEqual(await row(), before, 'nothing changed');

      // The admin ticks the government's box: a team of one may approve what it submitted.
      const admin = await signIn(s.app, s.store, { role: 'admin' });
      const g = await s.store.db.selectFrom('governments').selectAll().executeTakeFirstOrThrow();
      const gov = await get(admin, `/espacio/admin/gobiernos/${g.id}`);
      assert.ok(parse(gov.body).querySelector('input[name="allowSelfApproval"]:not([checked])'));
      const sent = await s.app.inject({
        method: 'POST',
        url: `/espacio/admin/gobiernos/${g.id}`,
        ...signedForm(admin, {
          governmentNameEs: g.name,
          governmentKind: g.kind,
          languages: g.languages || g.lang,
          allowSelfApproval: 'on',
        }),
      });
      assert.equal(sent.statusCode, 303, sent.body);
      const approved = await s.app.inject({ method: 'POST', url: `${url}/decision`, ...signedForm(carla, approve) });
      assert.equal(approved.statusCode, 303, approved.body);
      assert.equal((await row()).status, 'approved');
      const audit = await s.store.db
        .selectFrom('audit_log')
        .select(['actor', 'context'])
        .where('entity', '=', 'assessments')
        .where('entity_id', '=', before.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => `${a.actor} ${a.context}`),
        [`user:${carla.actor.userId} submit assessment of commitment 5`, `user:${carla.actor.userId} approve assessment of commitment 5`],
      );
      const people = text((await get(beto, url)).body, '.assessment-people li');
      assert.match(people[0]!, /^Enviada por Carla Coordinadora/);
      assert.match(people.at(-1)!, /^Decidida por Carla Coordinadora/);
    });

    test('the reviewer’s screen shows the same panel about the latest assessment', async () => {
      const res = await get(reviewer, `/en/espacio/compromisos/${cid}/revision`);
      assert.equal(res.statusCode, 200);
      const panel = parse(res.body).querySelector('.assessment-panel')!;
      assert.equal(panel.querySelector('h2')!.text, 'The self-assessment and what backs it');
      assert.equal(text(res.body, '.previous-levels li').length, 2);
      assert.equal(parse(res.body).querySelectorAll('.cited-evidence a').length, 2);
      assert.match(rows(res.body, '.panel-activities')[0]!, /\| In progress \|/);
      assert.match(rows(res.body, '.panel-indicators')[0]!, /\| 50 %$/);
      assert.equal(text(res.body, '.panel-alerts li').length, 1);
    });
  });
});
