import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLOSE_RULES } from '../../domain/consultation.js';
import { formSchema, type FieldError } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { closeConsultation, closingView } from '../../services/consultation-close.js';
import type { Store } from '../../storage/connect.js';
import { html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { CloseConsultationPage } from '../views/workspace/consultation.js';

/**
 * Closing a consultation before its last day (issue 19): the confirmation page and its form
 * (/espacio/consultas/:consultationId/cerrar — no JavaScript needed: the moderation page's button leads
 * here, the reason is asked here), and the API (POST /api/v1/workspace/consultations/:id/close).
 */
export function consultationCloseRoutes(app: FastifyInstance, store: Store): void {
  const CLOSE = formSchema(CLOSE_RULES);
  const PAGE = pathIds({ consultationId: 'consultation' });

  async function confirmation(
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    form: { values: Record<string, string>; errors: FieldError[] },
    status = 200,
  ) {
    const view = await closingView(store, req.actor, id, app.today());
    const ctx = pageContext(req, lang, `/espacio/consultas/${id}/cerrar`);
    // Signed in: http/auth.ts makes every answer no-store.
    return html(reply, status, CloseConsultationPage({ ctx, csrf: csrfToken(reply), view, today: app.today(), form }));
  }

  route(app, { page: '/espacio/consultas/:consultationId/cerrar', permission: 'coordinator', params: PAGE }, async (req, reply, ctx) =>
    confirmation(req, reply, ctx.lang, req.params.consultationId, { values: {}, errors: [] }),
  );

  route(
    app,
    { form: '/espacio/consultas/:consultationId/cerrar', permission: 'coordinator', params: PAGE, body: CLOSE },
    async (req, reply, lang) => {
      const id = req.params.consultationId;
      const f = sentFields(req) as Record<string, string>;
      const r = await closeConsultation(store, req.actor, id, f, app.today(), app.now());
      if (!r.ok) return confirmation(req, reply, lang, id, { values: f, errors: r.errors }, 400);
      return reply.redirect(`${href(lang, `/espacio/consultas/${id}`)}?aviso=cerrada`, 303);
    },
  );

  route(
    app,
    {
      api: 'POST /api/v1/workspace/consultations/:id/close',
      permission: 'coordinator',
      operationId: 'closeConsultation',
      params: pathIds({ id: 'consultation' }),
      body: CLOSE,
    },
    async (req, reply) =>
      sendResult(req, reply, await closeConsultation(store, req.actor, req.params.id, sentFields(req), app.today(), app.now())),
  );
}
