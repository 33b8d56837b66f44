import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildProgram } from '../../src/cli/main.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { dumpDatabase } from '../helpers/dump.js';

/**
 * Commitments in OGP's template (issue 19, decision 030): a coordinator creates one in a plan, with
 * co-leads whose editors edit it and update its milestones; milestones carry responsible, actual end,
 * % done and a cancellation reason; an approved plan's text changes are public modifications; the open
 * data carries the milestones; `vigia commitment new` and `vigia milestone add` do the same for scripts.
 */
describe('commitments in the template', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let themeId: number;
    let commitment: (n: number) => number;
    let coordinator: SignedIn;
    let leadEditor: SignedIn;
    let coLeadEditor: SignedIn;
    let otherEditor: SignedIn;
    let lead: number;
    let coLead: number;
    let created: number;

    const call = (who: SignedIn | null, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, lang = 'es') =>
      app.inject({
        method,
        url,
        headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang } : {},
        ...(payload ? { payload } : {}),
      });
    const setStatus = async (status: string) => {
      await store.db.updateTable('plans').set({ status }).where('id', '=', planId).execute();
    };

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId, commitment } = s);
      themeId = s.themeIds[0]!;
      // Three agencies that lead commitments of the plan: the lead, the co-lead, another.
      const leads: number[] = [];
      for (let n = 1; n <= 17 && leads.length < 3; n++) {
        const a = (await commitmentSubject(store.db, commitment(n)))?.agency_id;
        if (a && !leads.includes(a)) leads.push(a);
      }
      const [first, second, other] = leads as [number, number, number];
      lead = first;
      coLead = second;
      coordinator = await signIn(app, store, { role: 'coordinator' });
      leadEditor = await signIn(app, store, { role: 'agency-editor', agencyId: lead });
      coLeadEditor = await signIn(app, store, { role: 'agency-editor', agencyId: coLead });
      otherEditor = await signIn(app, store, { role: 'agency-editor', agencyId: other });
      // Not yet approved, but in public consultation: the public pages show it (a draft plan is a 404 to them, decision 029).
      await setStatus('consultation');
    });
    after(async () => app.close());

    test('a coordinator creates a commitment with the next number, its lead and co-lead, its title in the other language', async () => {
      const before = (await store.db
        .selectFrom('commitments')
        .select(store.db.fn.max('number').as('n'))
        .where('plan_id', '=', planId)
        .executeTakeFirst())!;
      const res = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/commitments`, {
        themeId,
        agencyId: lead,
        coLeadIds: [coLead],
        title: 'Datos abiertos de obras públicas',
        titleTranslation: 'Open data on public works',
        objective: 'Publicar las obras.',
        plannedStart: '2017-01-01',
        plannedEnd: '2019-06-30',
      });
      assert.equal(res.statusCode, 201, res.body);
      created = res.json().id;
      const row = (await store.db.selectFrom('commitments').selectAll().where('id', '=', created).executeTakeFirst())!;
      assert.equal(row.number, Number(before.n) + 1);
      assert.equal(row.objective, 'Publicar las obras.');
      const tr = await store.db
        .selectFrom('translations')
        .selectAll()
        .where('entity', '=', 'commitments')
        .where('entity_id', '=', created)
        .execute();
      assert.deepEqual(
        tr.map((t) => [t.field, t.lang, t.text]),
        [['title', 'en', 'Open data on public works']],
      );
      const pub = (await call(null, 'GET', `/api/v1/commitments/${created}`)).json().commitment;
      assert.equal(pub.leadAgency.agency.id, lead);
      assert.deepEqual(
        pub.coLeads.map((a: { id: number }) => a.id),
        [coLead],
      );
    });

    test('creating refuses bad input naming the field, in both languages, and changes nothing; an agency editor cannot create', async () => {
      const dump = await dumpDatabase(store);
      const es = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/commitments`, {
        themeId: 999999,
        agencyId: lead,
        title: '',
      });
      assert.equal(es.statusCode, 400);
      assert.ok(es.json().error.fields.themeId.includes('Eje temático'), es.body);
      assert.ok(es.json().error.fields.title, es.body);
      const en = await call(
        coordinator,
        'POST',
        `/api/v1/workspace/plans/${planId}/commitments`,
        { themeId, agencyId: lead, title: 'X', coLeadIds: [lead] },
        'en',
      );
      assert.equal(en.statusCode, 400);
      assert.match(en.json().error.fields.coLeadIds, /Co-lead agencies/);
      const form = await app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/compromisos`,
        headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(coordinator.csrf)}&themeId=${themeId}&agencyId=${lead}&title=T&plannedStart=2019-01-01&plannedEnd=2018-01-01`,
      });
      assert.equal(form.statusCode, 400, form.body.slice(0, 300));
      assert.match(form.body, /Fecha de término prevista/);
      const editor = await call(leadEditor, 'POST', `/api/v1/workspace/plans/${planId}/commitments`, {
        themeId,
        agencyId: lead,
        title: 'X',
      });
      assert.equal(editor.statusCode, 403);
      assert.deepEqual(await dumpDatabase(store), dump);
    });

    test('the co-lead agency edits the commitment; another agency cannot; the draft round still belongs to the first lead', async () => {
      const read = await call(coLeadEditor, 'GET', `/api/v1/workspace/commitments/${created}`);
      assert.equal(read.statusCode, 200, read.body);
      const saved = await call(coLeadEditor, 'PUT', `/api/v1/workspace/commitments/${created}`, {
        description: 'Por la corresponsable.',
        version: read.json().version,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal((await call(otherEditor, 'GET', `/api/v1/workspace/commitments/${created}`)).statusCode, 403);
      const home = await app.inject({ url: '/espacio', headers: { cookie: coLeadEditor.cookie } });
      assert.match(home.body, /Datos abiertos de obras públicas/);
    });

    test('milestones: responsible defaults to the lead; progress waits for approval; rules name the field; the co-lead updates it once running', async () => {
      const add = await call(coordinator, 'POST', `/api/v1/workspace/commitments/${created}/activities`, {
        title: 'Portal publicado',
        deliverable: 'Portal de obras',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-12-31',
      });
      assert.equal(add.statusCode, 201, add.body);
      const id = add.json().id;
      const early = await call(coordinator, 'PUT', `/api/v1/workspace/activities/${id}`, { status: 'done', version: 1 });
      assert.equal(early.statusCode, 400);
      assert.match(early.json().error.fields.status, /aprobado/);
      await setStatus('active');
      const refusals = await call(coLeadEditor, 'PUT', `/api/v1/workspace/activities/${id}`, {
        status: 'cancelled',
        percentDone: 120,
        actualEnd: '2017-01-01',
        version: 1,
      });
      assert.equal(refusals.statusCode, 400);
      assert.deepEqual(Object.keys(refusals.json().error.fields).sort(), ['actualEnd', 'cancellationReason', 'percentDone']);
      const noReason = await call(coLeadEditor, 'PUT', `/api/v1/workspace/activities/${id}`, { status: 'cancelled', version: 1 }, 'en');
      assert.match(noReason.json().error.fields.cancellationReason, /Why it was cancelled/);
      const done = await call(coLeadEditor, 'PUT', `/api/v1/workspace/activities/${id}`, {
        status: 'done',
        actualEnd: '2018-01-15',
        percentDone: 100,
        version: 1,
      });
      assert.equal(done.statusCode, 200, done.body);
      const a = (await call(null, 'GET', `/api/v1/commitments/${created}`)).json().commitment.activities[0];
      assert.deepEqual(
        { deliverable: a.deliverable, responsible: a.responsible.id, status: a.status, actualEnd: a.actualEnd, percentDone: a.percentDone },
        { deliverable: 'Portal de obras', responsible: lead, status: 'done', actualEnd: '2018-01-15', percentDone: 100 },
      );
      const page = (await app.inject(`/compromisos/${created}`)).body;
      for (const text of ['Portal de obras', 'Terminada', '100 %', 'Término real']) assert.ok(page.includes(text), text);
      const csv = (await app.inject(`/datos/actividades.csv?plan=${planId}`)).body;
      const header = csv.split('\n')[0]!;
      for (const col of ['Producto entregable', 'Responsable', 'Fecha de término real', '% de avance'])
        assert.ok(header.includes(col), col);
      assert.ok(csv.includes('Portal de obras'));
      const json = (await app.inject(`/datos/actividades.json?plan=${planId}`))
        .json()
        .rows.find((r: { activity_id: number }) => r.activity_id === id);
      assert.equal(json.percent_done, 100);
      assert.equal(json.actual_end, '2018-01-15');
      assert.ok(json.responsible_agency);
    });

    test('an approved plan: a text change needs a reason and a date, and is a public modification; before approval it was free', async () => {
      const read = (await call(coordinator, 'GET', `/api/v1/workspace/commitments/${created}`)).json();
      const dump = await dumpDatabase(store);
      const refused = await call(coordinator, 'PUT', `/api/v1/workspace/commitments/${created}`, {
        title: 'Nuevo título',
        version: read.version,
      });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(Object.keys(refused.json().error.fields).sort(), ['modificationDate', 'modificationReason']);
      assert.deepEqual(await dumpDatabase(store), dump);
      const saved = await call(coordinator, 'PUT', `/api/v1/workspace/commitments/${created}`, {
        title: 'Datos abiertos de obras y contratos',
        modificationReason: 'Acuerdo del foro multiactor del 3 de mayo',
        modificationDate: '2018-05-03',
        version: read.version,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const mods = await store.db.selectFrom('commitment_modifications').selectAll().where('commitment_id', '=', created).execute();
      assert.deepEqual(
        mods.map((m) => [m.field, m.before, m.after, m.reason, m.modified_on]),
        [
          [
            'title',
            'Datos abiertos de obras públicas',
            'Datos abiertos de obras y contratos',
            'Acuerdo del foro multiactor del 3 de mayo',
            '2018-05-03',
          ],
        ],
      );
      const history = (await app.inject(`/compromisos/${created}/historial`)).body;
      assert.ok(history.includes('Acuerdo del foro multiactor del 3 de mayo'), 'the reason is on the public history');
      assert.match(history, /Título del compromiso/, 'the field changed is named by its label, not its API name');
      const historyEn = (await app.inject(`/en/compromisos/${created}/historial`)).body;
      assert.match(historyEn, /Commitment title/);
      // The description saved by the co-lead while the plan was a draft made no modification.
      assert.equal(mods.length, 1);
    });

    test('co-leads and contacts: added and removed from a date; the history keeps them', async () => {
      const third = await new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() }).insert('agencies', {
        government_id: (await commitmentSubject(store.db, created))!.government_id,
        name: 'Contraloría',
        acronym: 'CGR',
        lang: 'es',
      });
      const byEditor = await call(leadEditor, 'POST', `/api/v1/workspace/commitments/${created}/co-leads`, {
        agencyId: third,
        from: '2020-01-01',
      });
      assert.equal(byEditor.statusCode, 403);
      const added = await call(coordinator, 'POST', `/api/v1/workspace/commitments/${created}/co-leads`, {
        agencyId: third,
        from: '2020-01-01',
      });
      assert.equal(added.statusCode, 201, added.body);
      const twice = await call(coordinator, 'POST', `/api/v1/workspace/commitments/${created}/co-leads`, {
        agencyId: third,
        from: '2020-01-02',
      });
      assert.equal(twice.statusCode, 400);
      assert.ok(twice.json().error.fields.agencyId);
      const ended = await call(coordinator, 'POST', `/api/v1/workspace/co-leads/${added.json().id}/end`, { to: '2020-06-30' });
      assert.equal(ended.statusCode, 200, ended.body);
      const c1 = await call(coLeadEditor, 'POST', `/api/v1/workspace/commitments/${created}/contacts`, {
        name: 'Ana Pérez',
        email: 'ana@example.org',
        from: '2020-01-01',
      });
      const c2 = await call(coLeadEditor, 'POST', `/api/v1/workspace/commitments/${created}/contacts`, {
        name: 'Luis Gómez',
        from: '2020-02-01',
      });
      assert.equal(c1.statusCode, 201, c1.body);
      assert.equal(c2.statusCode, 201, c2.body);
      const badEnd = await call(coLeadEditor, 'POST', `/api/v1/workspace/contacts/${c1.json().id}/end`, { to: '2019-12-31' });
      assert.equal(badEnd.statusCode, 400);
      assert.ok(badEnd.json().error.fields.to);
      assert.equal(
        (await call(coLeadEditor, 'POST', `/api/v1/workspace/contacts/${c1.json().id}/end`, { to: '2020-03-01' })).statusCode,
        200,
      );
      const pub = (await call(null, 'GET', `/api/v1/commitments/${created}`)).json().commitment;
      assert.deepEqual(
        pub.contacts.map((x: { name: string }) => x.name),
        ['Luis Gómez'],
      );
      assert.deepEqual(
        pub.contactHistory.map((x: { name: string; validTo: string | null }) => [x.name, x.validTo]),
        [
          ['Ana Pérez', '2020-03-01'],
          ['Luis Gómez', null],
        ],
      );
      assert.deepEqual(
        pub.coLeadHistory.map((x: { agency: { id: number }; validTo: string | null }) => [x.agency.id, x.validTo]),
        [
          [coLead, null],
          [third, '2020-06-30'],
        ],
      );
      const history = (await app.inject(`/compromisos/${created}/historial`)).body;
      assert.ok(history.includes('Contraloría (CGR)'), 'the co-lead is named in the public history');
    });

    test('vigia commitment new and vigia milestone add: --json, and exit 2 naming the option', async () => {
      // A database of its own, as a script would start from: a government, its plan, a theme, an agency.
      const url = await db.freshUrl();
      const own = await openStore(url);
      const w = new AuditedWriter(own.db, { actor: 'test', at: new Date().toISOString() });
      const gov = await w.insert('governments', { name: 'Perú', kind: 'national', country_code: 'PE', lang: 'es' });
      const plan = await w.insert('plans', {
        government_id: gov,
        title: 'Plan de Acción de Gobierno Abierto 2017-2019',
        lang: 'es',
        period_start: 2017,
        period_end: 2019,
        approval_instrument: null,
        approval_date: null,
        status: 'draft',
        ogp_number: null,
      });
      const theme = await w.insert('themes', {
        plan_id: plan,
        position: 0,
        title: 'Transparencia',
        intro: null,
        synthesis: null,
        lang: 'es',
      });
      const agency = await w.insert('agencies', {
        government_id: gov,
        name: 'Presidencia del Consejo de Ministros',
        acronym: 'PCM',
        lang: 'es',
      });
      await own.close();
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = url;
      try {
        const run = async (args: string[], lang: 'es' | 'en' = 'es') => {
          const out: string[] = [];
          const err: string[] = [];
          let status = 0;
          const program = buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t), lang }, (code) => (status = code));
          await program.parseAsync(args, { from: 'user' });
          return { status, stdout: out.join('\n'), stderr: err.join('\n') };
        };
        const made = await run([
          'commitment',
          'new',
          '--plan',
          String(plan),
          '--theme',
          String(theme),
          '--title',
          'Compromiso por script',
          '--agency',
          String(agency),
          '--json',
        ]);
        assert.equal(made.status, 0, made.stderr);
        const { id, number } = JSON.parse(made.stdout);
        assert.ok(id > 0 && number > 0);
        const bad = await run(['commitment', 'new', '--plan', String(plan), '--theme', '999999', '--agency', String(agency)], 'en');
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /--theme: .*Theme/);
        assert.match(bad.stderr, /--title: /);
        const m = await run([
          'milestone',
          'add',
          '--commitment',
          String(id),
          '--title',
          'Hito',
          '--deliverable',
          'Informe',
          '--start',
          '2018-01-01',
          '--end',
          '2018-06-30',
          '--json',
        ]);
        assert.equal(m.status, 0, m.stderr);
        assert.ok(JSON.parse(m.stdout).id > 0);
        const wrong = await run([
          'milestone',
          'add',
          '--commitment',
          String(id),
          '--title',
          'Hito',
          '--start',
          '2018-06-01',
          '--end',
          '2018-01-01',
        ]);
        assert.equal(wrong.status, 2);
        assert.match(wrong.stderr, /--end: /);
      } finally {
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
      }
    });
  });
});
