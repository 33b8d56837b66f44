import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../src/storage/connect.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signedForm, signedJson, signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';

/**
 * An imported plan's stage corrected in the workspace (issue 19, decision 033): the stage a file gave is
 * corrected — backwards too — with a reason the plan's pages show and the audit log keeps; it is not a
 * stage move, and once Vigía moves the plan the stage rules hold again ("a plan does not go back").
 */
const REASON = 'El archivo de OGP no traía la etapa: el plan sigue en ejecución hasta diciembre.';

describe('correcting the stage an imported plan was given', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let store: Store;
    let coordinator: SignedIn;
    const plan = () => store.db.selectFrom('plans').selectAll().where('id', '=', s.planId).executeTakeFirstOrThrow();
    const unchanged = async (work: () => Promise<void>) => {
      const before = await dumpDatabase(store, { exclude: ['sessions'] });
      await work();
      assert.deepEqual(diffDumps(before, await dumpDatabase(store, { exclude: ['sessions'] })), []);
    };
    const correct = (fields: Record<string, string>, who = coordinator, prefix = '') =>
      s.app.inject({ method: 'POST', url: `${prefix}/espacio/planes/${s.planId}/etapa/correccion`, ...signedForm(who, fields) });

    before(async () => {
      s = await seededApp(db);
      store = s.store;
      const { government_id } = await plan();
      coordinator = await signIn(s.app, store, { role: 'coordinator', governmentId: government_id });
    });
    after(async () => s.app.close());

    test('the imported plan offers the correction; a wrong one is refused naming the field, in each language, and changes nothing', async () => {
      assert.equal((await plan()).stage_from_file, 1);
      const page = await s.app.inject({ method: 'GET', url: `/espacio/planes/${s.planId}`, headers: { cookie: coordinator.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Corregir la etapa importada/);
      await unchanged(async () => {
        const noReason = await correct({ correctedStage: 'active' });
        assert.equal(noReason.statusCode, 400);
        assert.match(noReason.body, /Complete «Motivo de la corrección»/);
        const en = await correct({ correctedStage: 'active' }, coordinator, '/en');
        assert.equal(en.statusCode, 400);
        assert.match(en.body, /Reason for the correction/);
        const toDraft = await correct({ correctedStage: 'draft', correctionReason: REASON });
        assert.equal(toDraft.statusCode, 400);
        assert.match(toDraft.body, /Una corrección no lleva un plan a «borrador»/);
        const same = await correct({ correctedStage: 'completed', correctionReason: REASON });
        assert.equal(same.statusCode, 400);
        assert.match(same.body, /El plan ya está en esa etapa/);
      });
    });

    test('an agency editor, and a coordinator of another government, may not correct it', async () => {
      const agency = await store.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow();
      const editor = await signIn(s.app, store, { role: 'agency-editor', agencyId: agency.id });
      const gov = await store.db
        .insertInto('governments')
        .values({
          name: 'Otro gobierno',
          kind: 'national',
          country_code: 'CL',
          lang: 'es',
          created_at: '2026-01-01',
          updated_at: '2026-01-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const other = await signIn(s.app, store, { role: 'coordinator', governmentId: gov.id });
      await unchanged(async () => {
        assert.equal((await correct({ correctedStage: 'active', correctionReason: REASON }, editor)).statusCode, 403);
        assert.equal((await correct({ correctedStage: 'active', correctionReason: REASON }, other)).statusCode, 403);
        const api = await s.app.inject({
          method: 'POST',
          url: `/api/v1/workspace/plans/${s.planId}/stage-correction`,
          ...signedJson(other, { correctedStage: 'active', correctionReason: REASON }),
        });
        assert.equal(api.statusCode, 403);
      });
    });

    test('corrected backwards with its reason: the stage changes, the reason is kept, audited and shown on the plan’s pages', async () => {
      const res = await correct({ correctedStage: 'active', correctionReason: REASON });
      assert.equal(res.statusCode, 303);
      const row = await plan();
      assert.equal(row.status, 'active');
      assert.equal(row.stage_from_file, 1, 'a correction is not a stage move: the stage stays correctable');
      const kept = await store.db.selectFrom('plan_stage_corrections').selectAll().where('plan_id', '=', s.planId).execute();
      assert.deepEqual(
        kept.map((k) => [k.from_status, k.to_status, k.reason, k.actor]),
        [['completed', 'active', REASON, `user:${coordinator.actor.userId}`]],
      );
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['actor', 'before', 'after', 'context'])
        .where('entity', '=', 'plans')
        .where('entity_id', '=', s.planId)
        .where('action', '=', 'update')
        .execute();
      const entry = audit.find((a) => a.context?.startsWith(`correct plan ${s.planId} stage`));
      assert.ok(entry, 'the correction is in the audit log');
      assert.equal(entry.actor, `user:${coordinator.actor.userId}`);
      assert.match(entry.context!, /from completed to active/);
      assert.equal(JSON.parse(entry.after!).status, 'active');

      const workspace = await s.app.inject({ method: 'GET', url: `/espacio/planes/${s.planId}`, headers: { cookie: coordinator.cookie } });
      assert.match(workspace.body, /Correcciones de la etapa/);
      assert.match(workspace.body, /de «concluido» a «en ejecución»/);
      const pub = await s.app.inject({ method: 'GET', url: `/planes/${s.planId}` });
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /en ejecución/);
      assert.match(pub.body, /etapa corregida el [^,<]+, antes «Concluido»: El archivo de OGP no traía la etapa/);
      const pubEn = await s.app.inject({ method: 'GET', url: `/en/planes/${s.planId}` });
      assert.match(pubEn.body, /stage corrected on [^<]{6,25}, before “Completed”/);
    });

    test('through the API, with the approval as the file should have said; then Vigía moves it, and it can no longer be corrected', async () => {
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/v1/workspace/plans/${s.planId}/stage-correction`,
        ...signedJson(coordinator, {
          correctedStage: 'approved',
          correctionReason: 'Aprobado, aún no en ejecución.',
          approvalInstrument: 'Resolución Ministerial N° 176-2015-PCM',
          approvalDate: '2015-07-17',
        }),
      });
      assert.equal(res.statusCode, 200, res.body);
      let row = await plan();
      assert.deepEqual(
        [row.status, row.approval_instrument, row.approval_date],
        ['approved', 'Resolución Ministerial N° 176-2015-PCM', '2015-07-17'],
      );

      const moved = await s.app.inject({
        method: 'POST',
        url: `/espacio/planes/${s.planId}/etapa`,
        ...signedForm(coordinator, { stage: 'active' }),
      });
      assert.equal(moved.statusCode, 303);
      row = await plan();
      assert.deepEqual([row.status, row.stage_from_file], ['active', 0]);
      const page = await s.app.inject({ method: 'GET', url: `/espacio/planes/${s.planId}`, headers: { cookie: coordinator.cookie } });
      assert.doesNotMatch(page.body, /Corregir la etapa importada/);
      await unchanged(async () => {
        const again = await correct({ correctedStage: 'approved', correctionReason: REASON });
        assert.equal(again.statusCode, 400);
        assert.match(again.body, /Solo se corrige la etapa que dio un archivo importado/);
        const api = await s.app.inject({
          method: 'POST',
          url: `/api/v1/workspace/plans/${s.planId}/stage-correction`,
          ...signedJson(coordinator, { correctedStage: 'approved', correctionReason: REASON }),
        });
        assert.equal(api.statusCode, 400);
        assert.match(api.body, /correctedStage/);
      });
    });
  });
});
