import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { replaceLineInFicha, seedText } from '../helpers/seed.js';

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
      await importReport(store, readTextReport(bytes, 'seed.txt'), { actor: 'test', fileName: 'seed.txt', bytes });
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
      const res = await call(editor, 'PUT', `/api/v1/workspace/commitments/${id}`, { ...values, relevance: 'Cambio de la entidad.', version });
      assert.equal(res.statusCode, 409, res.body);
      assert.match(res.json().current.values.objective, /^Mejorar mucho la transparencia/);
      // The same file again changes nothing, and so moves no version.
      const now = (await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json().version;
      await reimport(replaceLineInFicha(text, 4, line, line.replace('Mejorar la transparencia', 'Mejorar mucho la transparencia')));
      assert.equal((await call(editor, 'GET', `/api/v1/workspace/commitments/${id}`)).json().version, now);
    });

    test('a round under way with the kind and cutoff of one in the report is left alone: not published, drafts untouched', async () => {
      const opened = await call(coordinator, 'POST', `/api/v1/workspace/plans/${planId}/rounds`, { kind: 'end-of-term', cutoffDate: '2017-09-30' });
      assert.equal(opened.statusCode, 201, opened.body);
      const roundId = opened.json().id as number;
      const url = `/api/v1/workspace/rounds/${roundId}/assessments/${id}`;
      assert.equal((await call(editor, 'PUT', url, { level: 'limited', results: 'Borrador de la entidad.', reasons: 'Falta presupuesto.' })).statusCode, 200);

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
