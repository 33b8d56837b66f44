import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { WorkspaceOperation } from '../../i18n/workspace.js';
import { getPlanCocreation, getPlanForum, getProposalPage, type ProposalView } from '../../services/cocreation.js';
import { moderationView, publicPlanConsultations } from '../../services/consultation.js';
import { consultationCounts } from '../../services/consultation-draft.js';
import type { Store } from '../../storage/connect.js';
import { planHeading } from '../../services/plans.js';
import { ERROR_SCHEMA } from '../answers.js';
import { pathIds } from '../request-schemas.js';
import { route } from '../route.js';

/**
 * Participation in the public JSON API (issue 7): a plan's co-creation (funnel, workshops, ranked
 * candidates, approved commitments with their proposals), a proposal and what became of it, the forum,
 * a plan's consultations with their counts; and, for the plan's coordinators, every comment of a
 * consultation for moderation. The same services as the pages: what a page shows, the API shows.
 * Answers are built field by field, so nothing private (a sender's address, a hidden comment's text on
 * a public route) can slip in with a new column.
 */
/** A public read: documented under v1 with the words of `apiOps` (the docs page shows them in the reader's language). */
function publicRoute(
  app: FastifyInstance,
  url: `/api/${string}`,
  entity: string,
  operationId: WorkspaceOperation,
  handler: (id: number) => Promise<unknown>,
) {
  const response = { 200: Type.Object({}, { additionalProperties: true }), 400: ERROR_SCHEMA, 404: ERROR_SCHEMA };
  route(
    app,
    { api: `GET ${url}`, permission: 'public:read', tags: ['v1'], operationId, params: pathIds({ id: entity }), response },
    async (req, reply) => {
      const body = await handler(req.params.id);
      // Comments and proposals arrive at any moment: revalidate every time.
      return reply.header('cache-control', 'no-cache').send(body);
    },
  );
}

const proposalJson = (p: ProposalView) => ({
  id: p.id,
  title: p.title,
  text: p.text,
  proposer: p.proposer,
  proposerKind: p.proposerKind,
  sector: p.sector,
  channel: p.channel,
  submittedOn: p.submittedOn,
  status: p.status,
  workshop: p.workshop,
  candidateId: p.candidateId,
});

export function participationApiRoutes(app: FastifyInstance, store: Store): void {
  publicRoute(app, '/api/v1/plans/:id/cocreation', 'plan', 'getPlanCocreation', async (id) => {
    const plan = await planHeading(store, id);
    const d = await getPlanCocreation(store, plan.id);
    const proposals = d.proposals.map(proposalJson);
    return {
      plan,
      callOpen: d.callOpen,
      funnel: d.funnel,
      workshops: d.workshops,
      candidates: d.candidates.map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        scores: c.scores,
        total: c.total,
        rank: c.rank,
        prioritised: c.prioritised,
        commitment: c.commitment,
        proposalIds: c.proposalIds,
      })),
      approved: d.candidates
        .filter((c) => c.commitment !== null)
        .sort((a, b) => a.commitment!.number - b.commitment!.number)
        .map((c) => ({ commitment: c.commitment, candidateId: c.id, proposals: proposals.filter((p) => c.proposalIds.includes(p.id)) })),
      proposals,
    };
  });

  publicRoute(app, '/api/v1/proposals/:id', 'proposal', 'getProposal', async (id) => {
    const d = await getProposalPage(store, id);
    return { proposal: proposalJson(d.proposal), plan: d.plan, fate: d.fate, candidate: d.candidate, commitment: d.commitment };
  });

  publicRoute(app, '/api/v1/plans/:id/forum', 'plan', 'getPlanForum', async (id) => {
    const plan = await planHeading(store, id);
    return { plan, ...(await getPlanForum(store, plan.id)) };
  });

  publicRoute(app, '/api/v1/plans/:id/consultations', 'plan', 'listPlanConsultations', async (id) => {
    const plan = await planHeading(store, id);
    const list = await publicPlanConsultations(store, plan.id, app.today());
    return { plan, consultations: await Promise.all(list.map(async (c) => ({ ...c, comments: await consultationCounts(store, c.id) }))) };
  });

  const consultation = pathIds({ id: 'consultation' });
  route(
    app,
    {
      api: 'GET /api/v1/workspace/consultations/:id/comments',
      permission: 'coordinator',
      operationId: 'listConsultationComments',
      params: consultation,
    },
    async (req) => {
      const { view, comments } = await moderationView(store, req.actor, req.params.id, app.today());
      return {
        consultation: {
          id: view.id,
          planId: view.planId,
          title: view.title,
          status: view.status,
          startsOn: view.startsOn,
          endsOn: view.endsOn,
        },
        comments: comments.map(({ mine: _mine, ...c }) => c),
      };
    },
  );
}
