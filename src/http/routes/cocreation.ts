import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Values } from '../../domain/input.js';
import { LANGS, type Lang } from '../../i18n/lang.js';
import { fieldErrorText } from '../../i18n/workspace.js';
import { getProposalForm, getProposalPage, submitPublicProposal } from '../../services/cocreation.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { ProposalFormPage, ProposalPageView, ProposalThanksPage } from '../views/cocreation.js';
import { renderPage } from '../views/layout.js';
import { idParam } from './pages.js';
import { formBody, without } from './workspace.js';

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
  bilingualPage<{ id: string }>(app, '/propuestas/:id', async (req, reply, ctx) =>
    send(reply, ProposalPageView({ ctx, data: await getProposalPage(store, idParam(req.params.id, 'proposal')) })),
  );

  bilingualPage<{ id: string }>(app, '/planes/:id/propuestas/nueva', async (req, reply, ctx) => {
    const { plan, open } = await getProposalForm(store, idParam(req.params.id, 'plan'));
    return send(reply, ProposalFormPage({ ctx, csrf: csrfToken(reply), plan, open, values: {}, errors: [] }));
  });

  for (const lang of LANGS) {
    app.post<{ Params: { id: string } }>(
      lang === 'es' ? '/planes/:id/propuestas' : '/en/planes/:id/propuestas',
      { config: { permission: 'public:read' } },
      async (req, reply) => {
        const { plan } = await getProposalForm(store, idParam(req.params.id, 'plan'));
        const ctx = pageContext(req, lang as Lang, `/planes/${plan.id}/propuestas/nueva`);
        const input = without(formBody(req), '_csrf');
        const result = await submitPublicProposal(store, plan.id, input, req.ip, app.now());
        if (result.ok)
          return send(reply, ProposalThanksPage({ ctx: pageContext(req, lang as Lang, `/propuestas/${result.id}`), id: result.id }), 201);
        const values = without(input, 'website') as Values;
        if ('errors' in result)
          return send(reply, ProposalFormPage({ ctx, csrf: csrfToken(reply), plan, open: true, values, errors: result.errors }), 400);
        // The honeypot filled in: answered as if accepted, like every public form's; nothing was kept.
        if (result.refused === 'honeypot') return send(reply, ProposalThanksPage({ ctx, id: null }), 201);
        const refused = fieldErrorText(lang as Lang, { field: 'proposalText', code: result.refused });
        if (result.refused === 'too_many') reply.header('retry-after', String(result.retryAfterSeconds));
        return send(
          reply,
          ProposalFormPage({ ctx, csrf: csrfToken(reply), plan, open: result.refused !== 'call_closed', values, errors: [], refused }),
          result.refused === 'too_many' ? 429 : 409,
        );
      },
    );
  }
}
