import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import mammoth from 'mammoth';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { eachDatabase } from '../helpers/databases.js';
import { signIn, signInAgain } from '../helpers/auth.js';
import { rowCount } from '../helpers/tables.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';
import { errorSummary, mainText, Visitor } from '../accounts/support.js';

/**
 * The consultation through the pages and the API, on both databases: the coordinator opens it; a
 * visitor asks for a link and comments with it; bad input; the honeypot; the rate limit; HTML shown as
 * text; moderation and answers; the synthesis page, CSV and DOCX read back.
 */
const TODAY = '2026-03-05';

eachDatabase((dbs) => {
  async function setUp() {
    const store = await dbs.open();
    const plan = await buildLateActivitiesPlan(store);
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => TODAY });
    const coordinator = await signIn(app, store, { role: 'coordinator', governmentId: plan.people.carla.governmentId! });
    return { store, plan, app, coordinator };
  }

  test('open on the workspace form, comment by e-mail link, HTML shown as text, bad input named, honeypot quiet, the sixth comment 429', async () => {
    const { store, plan, app, coordinator } = await setUp();
    const coord = new Visitor(app);
    for (const c of coordinator.cookie.split('; ')) coord.cookies.set(c.split('=')[0]!, c.split('=').slice(1).join('='));
    assert.equal((await coord.get(`/espacio/planes/${plan.planId}/consultas`)).statusCode, 200);
    const bad = await coord.post(`/espacio/planes/${plan.planId}/consultas`, {
      title: 'Borrador',
      roundId: '',
      startsOn: '2026-03-09',
      endsOn: '2026-03-02',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(errorSummary(bad.body), /Fecha de cierre/);
    const opened = await coord.post(`/espacio/planes/${plan.planId}/consultas`, {
      title: 'Borrador del plan 2026',
      roundId: '',
      startsOn: '2026-03-02',
      endsOn: TODAY,
    });
    assert.equal(opened.statusCode, 303);
    const consultationId = Number(/\/espacio\/consultas\/(\d+)/.exec(String(opened.headers.location))?.[1]);
    const url = `/planes/${plan.planId}/consultas/${consultationId}`;
    // The plan page lists it, open today, with a link (and in English).
    const planPage = parse((await app.inject({ url: `/planes/${plan.planId}` })).body);
    const listed = planPage.querySelector(`#consultations-heading + ul a[href="${url}"]`);
    assert.equal(listed?.textContent, 'Borrador del plan 2026');
    assert.match(listed!.parentNode!.textContent, /Abierta\. Del 2 de marzo de 2026/);
    assert.match(
      mainText((await app.inject({ url: `/en/planes/${plan.planId}` })).body),
      /Public consultationsBorrador del plan 2026 — Open\. From March 2, 2026/,
    );

    const visitor = new Visitor(app, '203.0.113.7');
    const first = await visitor.get(url);
    assert.equal(first.statusCode, 200);
    assert.match(mainText(first.body), /Abierta/);
    assert.ok(parse(first.body).querySelector('input[name="website"]'), 'the honeypot field is in the form');
    const badEmail = await visitor.post(`${url}/enlace`, { email: 'no-es-correo', website: '' });
    assert.equal(badEmail.statusCode, 400);
    assert.match(errorSummary(badEmail.body), /Correo electrónico/);
    const sent = await visitor.post(`${url}/enlace`, { email: 'luz@example.org', website: '' });
    assert.equal(sent.statusCode, 200);
    const mail = await store.db.selectFrom('outbox').select('body').executeTakeFirstOrThrow();
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.body)![1]!;
    // Opening the link changes nothing: the address is confirmed by the first comment (a POST).
    const linkPage = await visitor.get(`${url}/comentar?token=${token}`);
    assert.equal(linkPage.statusCode, 200);
    assert.match(mainText(linkPage.body), /luz@example\.org/);
    assert.equal((await store.db.selectFrom('consultation_authors').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at, null);

    const tooLong = await visitor.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: 'x'.repeat(5001), website: '' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(errorSummary(tooLong.body), /Comentario.*5000/);
    const badTarget = await visitor.post(`${url}/comentarios`, { token, target: 'commitment:999999', name: '', body: 'x', website: '' });
    assert.equal(badTarget.statusCode, 400);
    assert.match(errorSummary(badTarget.body), /Sobre qué comenta/);
    const bot = await visitor.post(`${url}/comentarios`, {
      token,
      target: 'draft',
      name: '',
      body: 'compre ya',
      website: 'http://spam.example',
    });
    assert.equal(bot.statusCode, 303);
    assert.equal(await rowCount(store, 'consultation_comments'), 0);

    const script = '<script>alert(1)</script>\n<b>negrita</b>';
    const posted = await visitor.post(`${url}/comentarios`, {
      token,
      target: `commitment:${plan.commitments.c1}`,
      name: 'Luz',
      body: script,
      website: '',
    });
    assert.equal(posted.statusCode, 303);
    const shown = await visitor.get(String(posted.headers.location));
    const doc = parse(shown.body);
    assert.equal(doc.querySelectorAll('main script').length, 0);
    assert.equal(doc.querySelectorAll('main b').length, 0);
    const text = doc.querySelector('.consultation-comment .plain-text')!;
    assert.equal(text.text, script);
    assert.ok(shown.body.includes('&lt;script') && !shown.body.includes('<script>alert'));
    assert.ok(doc.querySelector('details form textarea[name="body"]'), 'the author may still correct it');

    for (let i = 2; i <= 5; i++)
      assert.equal(
        (await visitor.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: `n.º ${i}`, website: '' })).statusCode,
        303,
      );
    const sixth = await visitor.post(`${url}/comentarios`, { token, target: 'draft', name: '', body: 'sexto', website: '' });
    assert.equal(sixth.statusCode, 429);
    assert.ok(Number(sixth.headers['retry-after']) > 0);
    assert.match(mainText(sixth.body), /demasiados mensajes/);
    assert.equal(await rowCount(store, 'consultation_comments'), 5);
  });

  test('the coordinator hides and answers; the public page counts the hidden; the synthesis page, CSV and DOCX when closed; the API', async () => {
    const { store, plan, app, coordinator } = await setUp();
    const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: { cookie: string; csrf: string } | null, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: {
          ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      });
    const opened = await api('POST', `/api/v1/workspace/plans/${plan.planId}/consultations`, coordinator, {
      title: 'Consulta API',
      startsOn: '2026-03-01',
      endsOn: TODAY,
    });
    assert.equal(opened.statusCode, 201);
    const consultationId = opened.json().id as number;
    const civil = await signIn(app, store, { role: 'civil-society' });
    const ids: number[] = [];
    for (const body of ['Primero', 'Insulto', '=HYPERLINK("http://x")']) {
      // The hidden one's name is as visitor-written as its text: it goes with it.
      const r = await api('POST', `/api/v1/consultations/${consultationId}/comments`, civil, {
        target: 'draft',
        body,
        name: body === 'Insulto' ? 'Apodo insultante' : 'Eva',
      });
      assert.equal(r.statusCode, 201, r.body);
      ids.push(r.json().id);
    }
    const tooLong = await api('POST', `/api/v1/consultations/${consultationId}/comments`, civil, {
      target: 'draft',
      body: 'x'.repeat(5001),
    });
    assert.equal(tooLong.statusCode, 400);
    assert.ok(tooLong.json().error.fields.body);
    assert.equal((await api('POST', `/api/v1/workspace/consultation-comments/${ids[1]}/hide`, civil, { reason: 'x' })).statusCode, 403);
    assert.equal(
      (await api('POST', `/api/v1/workspace/consultation-comments/${ids[1]}/hide`, coordinator, { reason: 'Lenguaje ofensivo' }))
        .statusCode,
      200,
    );

    // The answer through the moderation page's form.
    const coord = new Visitor(app);
    for (const c of coordinator.cookie.split('; ')) coord.cookies.set(c.split('=')[0]!, c.split('=').slice(1).join('='));
    const mod = await coord.get(`/espacio/consultas/${consultationId}`);
    assert.equal(mod.statusCode, 200);
    const noReason = await coord.post(`/espacio/comentarios/${ids[0]}/respuesta`, { answer: 'accepted', reason: '', changes: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(errorSummary(noReason.body), /Motivo/);
    const answered = await coord.post(`/espacio/comentarios/${ids[0]}/respuesta`, {
      answer: 'accepted',
      reason: 'Tiene razón',
      changes: 'Se agregó la meta 3\ny la 4',
    });
    assert.equal(answered.statusCode, 303);

    const page = await app.inject({ url: `/planes/${plan.planId}/consultas/${consultationId}` });
    const text = mainText(page.body);
    assert.match(text, /1 comentario ocultado por moderación/);
    assert.match(text, /Motivo: Lenguaje ofensivo/);
    assert.ok(!text.includes('Insulto'));
    assert.match(text, /Aceptado/);
    const en = await app.inject({ url: `/en/planes/${plan.planId}/consultas/${consultationId}` });
    assert.match(mainText(en.body), /1 comment hidden by moderation/);
    const json = (await api('GET', `/api/v1/consultations/${consultationId}`, null)).json();
    assert.equal(json.hiddenCount, 1);
    assert.equal(json.comments.length, 2);

    // While it is open, the synthesis page is labelled provisional and offers no file; the files are 409; the API says provisional.
    const base = `/planes/${plan.planId}/consultas/${consultationId}/sistematizacion`;
    const early = await app.inject({ url: base });
    assert.equal(early.statusCode, 200);
    assert.match(mainText(early.body), /Sistematización provisional — la consulta sigue abierta/);
    assert.ok(!parse(early.body).querySelector('a[href$=".csv"]'), 'no CSV link while open');
    assert.match(mainText((await app.inject({ url: `/en${base}` })).body), /Provisional synthesis — the consultation is still open/);
    for (const file of ['csv', 'docx']) {
      const refused = await app.inject({ url: `${base}.${file}` });
      assert.equal(refused.statusCode, 409, file);
      assert.match(mainText(refused.body), /se descarga cuando la consulta cierra/);
    }
    assert.equal((await app.inject({ url: `/api/v1/consultations/${consultationId}/synthesis` })).json().provisional, true);

    // The day after the end: closed, no more comments; the synthesis.
    const later = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2026-03-06' });
    // Signed in anew: the session begun the day before ended on the app's clock.
    const civilLater = await signInAgain(later, store, civil);
    const closed = await later.inject({
      method: 'POST',
      url: `/api/v1/consultations/${consultationId}/comments`,
      headers: { cookie: civilLater.cookie, 'x-csrf-token': civilLater.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ target: 'draft', body: 'tarde' }),
    });
    assert.equal(closed.statusCode, 409);
    const synth = await later.inject({ url: `/planes/${plan.planId}/consultas/${consultationId}/sistematizacion` });
    assert.equal(synth.statusCode, 200);
    assert.ok(!mainText(synth.body).includes('provisional'));
    assert.ok(parse(synth.body).querySelector('a[href$="sistematizacion.csv"]'));
    assert.match(
      mainText(synth.body),
      /3 comentarios: 1 aceptados, 0 aceptados en parte, 0 no aceptados, 1 sin respuesta, 1 ocultados por moderación/,
    );
    const csv = await later.inject({ url: `/planes/${plan.planId}/consultas/${consultationId}/sistematizacion.csv` });
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const rows = parseCsv(csv.body, { bom: true }) as string[][];
    assert.deepEqual(rows[0], [
      'N.º',
      'Sobre',
      'Título',
      'Autor',
      'Fecha',
      'Comentario',
      'Respuesta',
      'Motivo de la respuesta',
      'Qué cambió',
      'Ocultado por moderación',
    ]);
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0], r[3], r[5], r[6], r[8], r[9]]),
      [
        ['1', 'Eva', 'Primero', 'Aceptado', 'Se agregó la meta 3\ny la 4', ''],
        ['2', '', '', '', '', 'Lenguaje ofensivo'],
        // A formula is neutralised (export/cells.ts): it reads back as text, not run.
        ['3', 'Eva', '\'=HYPERLINK("http://x")', '', '', ''],
      ],
    );
    const docx = await later.inject({ url: `/en/planes/${plan.planId}/consultas/${consultationId}/sistematizacion.docx` });
    assert.equal(docx.statusCode, 200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    assert.match(value, /Synthesis of comments/);
    assert.match(value, /3 comments: 1 accepted, 0 partly accepted, 0 not accepted, 1 unanswered, 1 hidden by moderation/);
    assert.match(value, /Se agregó la meta 3/);
    // The line break of what the coordinator wrote is kept as a break, not lost or turned into markup.
    assert.match((await mammoth.convertToHtml({ buffer: docx.rawPayload })).value, /Se agregó la meta 3<br \/>y la 4/);
    assert.match(value, /Lenguaje ofensivo/);
    assert.ok(!value.includes('Insulto') && !value.includes('Apodo insultante'));
    const apiSynth = (await later.inject({ url: `/api/v1/consultations/${consultationId}/synthesis` })).json();
    assert.equal(apiSynth.provisional, false);
    assert.deepEqual(apiSynth.totals, { accepted: 1, partly: 0, 'not-accepted': 0, unanswered: 1, hidden: 1 });
    assert.deepEqual(
      apiSynth.rows.map((r: { authorName: string }) => r.authorName),
      ['Eva', '', 'Eva'],
    );
    assert.ok(!synth.body.includes('Apodo insultante') && !JSON.stringify(apiSynth).includes('Apodo insultante'));
  });
});
