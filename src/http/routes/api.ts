import type { FastifyInstance } from 'fastify';
import { LEVELS, levelLabel } from '../../domain/levels.js';
import { AppError } from '../../errors.js';
import { getCommitment } from '../../services/commitments.js';
import { getPlan, getSummary, listPlans } from '../../services/plans.js';
import type { Store } from '../../storage/connect.js';
import { requestLang } from '../negotiate.js';

/** The JSON API, version 1: plans, a plan with its themes and commitments, its summary, a commitment's ficha. */

const ID = /^[1-9]\d{0,8}$/;

/** Ids are positive integers; anything else names nothing, so it is a 404 like an unknown id. */
function idParam(value: string, entity: string): number {
  if (!ID.test(value)) throw new AppError('not_found', { entity, id: value.slice(0, 40) });
  return Number(value);
}

export function apiRoutes(app: FastifyInstance, store: Store): void {
  const config = { permission: 'public:read' as const };

  app.get('/api/v1/plans', { config }, async () => ({ plans: await listPlans(store) }));

  app.get<{ Params: { id: string } }>('/api/v1/plans/:id', { config }, async (req) => {
    const plan = await getPlan(store, idParam(req.params.id, 'plan'));
    return { plan };
  });

  app.get<{ Params: { id: string }; Querystring: { round?: string } }>('/api/v1/plans/:id/summary', { config }, async (req) => {
    const planId = idParam(req.params.id, 'plan');
    const roundId = req.query.round === undefined ? undefined : idParam(req.query.round, 'round');
    const lang = requestLang(req);
    const { plan, round, summary } = await getSummary(store, planId, roundId);
    return {
      plan,
      round,
      columns: [...LEVELS.map((level) => ({ level, label: levelLabel(level, lang) })), { level: 'total', label: 'Total' }],
      rows: summary.rows,
      total: summary.total,
      percentages: summary.percentages,
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/commitments/:id', { config }, async (req) => ({
    commitment: await getCommitment(store, idParam(req.params.id, 'commitment')),
  }));
}
