import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { updateAgencyAsAdmin } from '../../src/services/workspace/admin.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { replaceLineInFicha, seedText } from '../helpers/seed.js';
import { nowIso } from '../helpers/clock.js';

/** A report imported again while people work in the workspace: it neither undoes their work silently nor touches a round under way. */
describe('an import and the workspace at the same time', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let id: number;
    let editor: SignedIn;
    let coordinator: SignedIn;
    const call = (who: SignedIn | null, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}, ...(payload ? { payload } : {}) });
    const reimport = async (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      await importReport(store, readTextReport(bytes, 'seed.txt'), {
        now: new Date().toISOString(),
        actor: 'test',
        fileName: 'seed.txt',
        bytes,
      });
    };

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      id = s.commitment(4);
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: (await commitmentSubject(store.db, id))!.agency_id! });
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => app.close());

    test('a form loaded before an import that changed the commitment is a conflict, not a silent undo', async () => {
      const { version, values } = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json();
      const text = seedText();
      const line = text.split('\n').find((l) => l.startsWith('\tMejorar la transparencia sobre los usuarios'))!;
      await reimport(replaceLineInFicha(text, 4, line, line.replace('Mejorar la transparencia', 'Mejorar mucho la transparencia')));
      const res = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, {
        ...values,
        relevance: 'Cambio de la entidad.',
        // The plan is approved: a change of its text is a modification (decision 030).
        modificationReason: 'Corrección de la ficha',
        modificationDate: '2020-01-01',
        version,
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.match(res.json().current.values.objective, /^Mejorar mucho la transparencia/);
      // The same file again changes nothing, and so moves no version.
      const now = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json().version;
      await reimport(replaceLineInFicha(text, 4, line, line.replace('Mejorar la transparencia', 'Mejorar mucho la transparencia')));
      assert.equal((await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json().version, now);
    });

    test('an agency renamed by the admin and a commitment moved by the coordinator stay so when the report is imported again', async () => {
      const admin = await signIn(app, store, { role: 'admin' });
      const agencyId = (await commitmentSubject(store.db, id))!.agency_id!;
      const agenciesBefore = await store.db.selectFrom('agencies').select('id').execute();
      assert.ok(
        (
          await updateAgencyAsAdmin(
            store,
            admin.actor,
            agencyId,
            {
              name: 'Ministerio de Desarrollo e Inclusión Social (nombre nuevo)',
              acronym: 'MIDIS',
            },
            nowIso(),
          )
        ).ok,
      );
      const seven = (
        await store.db
          .selectFrom('commitments')
          .select('id')
          .where('plan_id', '=', planId)
          .where('number', '=', 7)
          .executeTakeFirstOrThrow()
      ).id;
      const sevenAgency = (await commitmentSubject(store.db, seven))!.agency_id!;
      const other = agenciesBefore.find((a) => a.id !== sevenAgency)!.id;
      const moved = await call(coordinator, 'POST', `/api/v1/workspace/commitments/${seven}/lead-agency`, {
        agencyId: String(other),
        from: '2018-01-01',
      });
      assert.equal(moved.statusCode, 201, moved.body);

      await reimport(seedText());

      assert.equal((await commitmentSubject(store.db, id))!.agency_id, agencyId, 'still the renamed agency');
      assert.equal((await commitmentSubject(store.db, seven))!.agency_id, other, 'still where the coordinator moved it');
      assert.equal(
        (await store.db.selectFrom('agencies').select('id').execute()).length,
        agenciesBefore.length,
        'no agency made again under its old name',
      );
    });

    test('a round under way with the kind and cutoff of one in the report is left alone: not published, drafts untouched', async () => {
      const opened = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/rounds`, {
        kind: 'end-of-term',
        cutoffDate: '2017-09-30',
        // The plan has its end-of-term round already: a second one needs a reason (issue 20).
        roundReason: 'Se repite la evaluación final',
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const roundId = opened.json().id as number;
      const url = `/api/v1/workspace/rounds/${roundId}/assessments/${id}`;
      assert.equal(
        (await call(editor, 'PUT', url, { level: 'limited', results: 'Borrador de la entidad.', reasons: 'Falta presupuesto.' }))
          .statusCode,
        200,
      );

      await reimport(seedText());

      const round = await store.db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
      assert.equal(round.published, 0);
      const draft = (await call(editor, 'GET', url)).json();
      assert.equal(draft.stage, 'draft');
      assert.equal(draft.values.results, 'Borrador de la entidad.');
      const pub = (await call(null, 'GET', `/api/v1/commitments/${id}`)).json().commitment;
      assert.ok(!pub.assessments.some((a: { round: { id: number } }) => a.round.id === roundId));
    });
  });
});
