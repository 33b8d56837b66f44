import type { FastifyInstance, FastifyReply } from 'fastify';
import { HONEYPOT_FIELD } from '../../domain/abuse.js';
import { PUBLIC_PROPOSAL_RULES } from '../../domain/cocreation-input.js';
import { formSchema, type Values } from '../../domain/input.js';
import { fieldErrorText } from '../../i18n/workspace.js';
import { getProposalForm, getProposalPage, submitPublicProposal } from '../../services/cocreation.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { ProposalFormPage, ProposalPageView, ProposalThanksPage } from '../views/cocreation.js';
import { renderPage } from '../views/layout.js';

const PLAN = pathIds({ id: 'plan' });

/**
 * Co-creation's public pages: a proposal's page (what became of it) and the public proposal form,
 * open while the coordinator keeps the plan's call open. The form carries a CSRF token and a honeypot;
 * the service limits proposals per address and hour (the shared rate limit: 429 with Retry-After).
 */
function send(reply: FastifyReply, page: preact.VNode, status = 200) {
  // A form with a CSRF token is never kept by a cache.
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderPage(page));
}

export function cocreationRoutes(app: FastifyInstance, store: Store): void {
  route(app, { page: '/propuestas/:id', permission: 'public:read', params: pathIds({ id: 'proposal' }) }, async (req, reply, ctx) =>
    send(reply, ProposalPageView({ ctx, data: await getProposalPage(store, req.params.id) })),
  );

  route(app, { page: '/planes/:id/propuestas/nueva', permission: 'public:read', params: PLAN }, async (req, reply, ctx) => {
    const { plan, open } = await getProposalForm(store, req.params.id);
    return send(reply, ProposalFormPage({ ctx, csrf: csrfToken(reply), plan, open, values: {}, errors: [] }));
  });

  // `website` is the honeypot: part of PUBLIC_PROPOSAL_RULES, so the service judges it (a robot is answered as if taken).
  route(
    app,
    { form: '/planes/:id/propuestas', permission: 'public:read', params: PLAN, body: formSchema(PUBLIC_PROPOSAL_RULES) },
    async (req, reply, lang) => {
      const { plan } = await getProposalForm(store, req.params.id);
      const ctx = pageContext(req, lang, `/planes/${plan.id}/propuestas/nueva`);
      const input = sentFields(req);
      const result = await submitPublicProposal(store, plan.id, input, req.ip, app.now());
      if (result.ok)
        return send(reply, ProposalThanksPage({ ctx: pageContext(req, lang, `/propuestas/${result.id}`), id: result.id }), 201);
      const { [HONEYPOT_FIELD]: _robot, ...values } = input;
      if ('errors' in result)
        return send(
          reply,
          ProposalFormPage({ ctx, csrf: csrfToken(reply), plan, open: true, values: values as Values, errors: result.errors }),
          400,
        );
      // The honeypot filled in: answered as if accepted, like every public form's; nothing was kept.
      if (result.refused === 'honeypot') return send(reply, ProposalThanksPage({ ctx, id: null }), 201);
      const refused = fieldErrorText(lang, { field: 'proposalText', code: result.refused });
      if (result.refused === 'too_many') reply.header('retry-after', String(result.retryAfterSeconds));
      return send(
        reply,
        ProposalFormPage({
          ctx,
          csrf: csrfToken(reply),
          plan,
          open: result.refused !== 'call_closed',
          values: values as Values,
          errors: [],
          refused,
        }),
        result.refused === 'too_many' ? 429 : 409,
      );
    },
  );
}
