import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStore } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { vigia, vigiaInProcess } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * `vigia plan new`, `vigia plan stage`, `vigia plan correct-stage`, `vigia theme add` (issue 19): what
 * they create, their JSON, and bad input naming the option (exit 2).
 */
describe('vigia plan and vigia theme', () => {
  eachDatabase((db) => {
    test('a plan from the command line: created in borrador, a theme added, a stage refused with its reason, bad input named', async () => {
      const url = await db.freshUrl();
      const store = await openStore(url);
      await new AuditedWriter(store.db, { actor: 'test', at: '2017-01-01T00:00:00.000Z' }).insert('governments', {
        name: 'Perú',
        kind: 'national',
        country_code: 'PE',
        lang: 'es',
        languages: 'es,en',
      });
      await store.close();
      const env = { DATABASE_URL: url };

      const missing = await vigia(
        ['plan', 'new', '--government', 'Perú', '--title', 'Plan 2017-2019', '--start', '2017', '--end', '2019'],
        env,
      );
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /--title-en: Complete «Título del plan \(inglés\)»/);
      const badYear = await vigia(
        ['plan', 'new', '--government', 'Perú', '--title', 'P', '--title-en', 'P', '--start', 'dos mil', '--end', '2019'],
        env,
      );
      assert.equal(badYear.status, 2);
      assert.match(badYear.stderr, /--start: /);
      const nobody = await vigia(['plan', 'new', '--government', 'Chile', '--title', 'P'], env);
      assert.equal(nobody.status, 2);
      assert.match(nobody.stderr, /--government: no hay un gobierno «Chile»/);

      const made = await vigia(
        [
          'plan',
          'new',
          '--government',
          'Perú',
          '--title',
          'Plan 2017-2019',
          '--title-en',
          'Plan 2017-2019 (en)',
          '--start',
          '2017',
          '--end',
          '2019',
          '--json',
        ],
        env,
      );
      assert.equal(made.status, 0, made.stderr);
      const { id } = JSON.parse(made.stdout) as { id: number };
      assert.ok(id > 0);

      const theme = await vigia(
        ['theme', 'add', '--plan', String(id), '--title', 'Transparencia', '--title-en', 'Transparency', '--json'],
        env,
      );
      assert.equal(theme.status, 0, theme.stderr);
      assert.ok((JSON.parse(theme.stdout) as { id: number }).id > 0);

      const refused = await vigia(['plan', 'stage', String(id), 'approved', '--instrument', 'R.M. 176-2015-PCM', '--date', '2017-06-30'], {
        ...env,
        VIGIA_LANG: 'en',
      });
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /<stage>: The plan has no commitments yet/);
      const unknown = await vigia(['plan', 'stage', String(id), 'aprobadisimo'], env);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /<stage>: El valor de «Etapa» no es válido/);

      const check = await openStore(url);
      const plan = await check.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const audit = await check.db.selectFrom('audit_log').select('actor').where('entity', '=', 'plans').execute();
      await check.close();
      assert.deepEqual([plan.status, plan.title, plan.period_start, plan.period_end], ['draft', 'Plan 2017-2019', 2017, 2019]);
      assert.deepEqual(
        audit.map((a) => a.actor),
        ['cli:plan'],
      );

      // An imported plan's stage, as its file gave it, corrected backwards: the reason is required.
      const imported = await openStore(url);
      await imported.db.updateTable('plans').set({ status: 'completed', stage_from_file: 1 }).where('id', '=', id).execute();
      await imported.close();
      const noReason = await vigiaInProcess(['plan', 'correct-stage', String(id), 'active'], { ...env, VIGIA_LANG: 'en' });
      assert.equal(noReason.status, 2);
      assert.match(noReason.stderr, /--reason: /);
      const corrected = await vigiaInProcess(
        ['plan', 'correct-stage', String(id), 'active', '--reason', 'El archivo decía Concluido por error', '--json'],
        env,
      );
      assert.equal(corrected.status, 0, corrected.stderr);
      assert.deepEqual(JSON.parse(corrected.stdout), { id, stage: 'active' });
      const after = await openStore(url);
      const row = await after.db.selectFrom('plans').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      const correction = await after.db
        .selectFrom('plan_stage_corrections')
        .selectAll()
        .where('plan_id', '=', id)
        .executeTakeFirstOrThrow();
      await after.close();
      assert.equal(row.status, 'active');
      assert.deepEqual(
        [correction.from_status, correction.to_status, correction.reason, correction.actor],
        ['completed', 'active', 'El archivo decía Concluido por error', 'cli:plan'],
      );
    });
  });
});
