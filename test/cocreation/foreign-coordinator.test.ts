import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as WC from '../../src/services/workspace/cocreation.js';
import { eachDatabase } from '../helpers/databases.js';
import { snapshot } from '../helpers/tables.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';
import { nowIso } from '../helpers/clock.js';

/** Approval is the plan's own coordination's: a coordinator of another government is refused and nothing is created. */
eachDatabase((db) => {
  test('a coordinator of another government cannot approve the plan’s candidates: 403, no commitment, candidate unchanged', async () => {
    const store = await db.open();
    const plan = await buildLateActivitiesPlan(store);
    const coordinator = plan.people.carla;
    const proposal = await WC.addProposal(
      store,
      coordinator,
      plan.planId,
      {
        proposalTitle: 'Portal regional',
        proposalText: 'Texto',
        proposer: 'Proética',
        proposerKind: 'organisation',
        channel: 'written',
        submittedOn: '2026-01-10',
      },
      nowIso(),
    );
    assert.ok(proposal.ok);
    const candidate = await WC.addCandidate(
      store,
      coordinator,
      plan.planId,
      {
        candidateTitle: 'Gobierno abierto regional',
        proposalIds: [proposal.id!],
      },
      nowIso(),
    );
    assert.ok(candidate.ok);
    assert.ok(
      (
        await WC.scoreCandidate(
          store,
          coordinator,
          candidate.id!,
          { specific: 3, measurable: 3, achievable: 2, relevant: 3, timeBound: 2 },
          nowIso(),
        )
      ).ok,
    );
    const themeId = (await store.db.selectFrom('themes').select('id').where('plan_id', '=', plan.planId).executeTakeFirstOrThrow()).id;
    const outsider = (await buildLateActivitiesPlan(store)).people.carla;
    assert.notEqual(outsider.governmentId, coordinator.governmentId);
    const read = async () => ({
      ...(await snapshot(store)),
      candidates: await store.db.selectFrom('candidate_commitments').selectAll().orderBy('id').execute(),
    });
    const before = await read();
    await assert.rejects(
      WC.approveCandidates(store, outsider, plan.planId, { candidateIds: [candidate.id!], approvalThemeId: themeId }, nowIso()),
      (e: { code?: string; status?: number }) => e.code === 'forbidden' && e.status === 403,
    );
    assert.deepEqual(await read(), before);
    // The plan's own coordination can (the refusal above was about who, not about the candidate).
    assert.ok(
      (await WC.approveCandidates(store, coordinator, plan.planId, { candidateIds: [candidate.id!], approvalThemeId: themeId }, nowIso()))
        .ok,
    );
  });
});
