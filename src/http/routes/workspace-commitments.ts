import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CO_LEAD_RULES, CONTACT_ADD_RULES, END_RULES, NEW_COMMITMENT_RULES } from '../../domain/commitment-input.js';
import { formSchema, type FieldError, type Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/index.js';
import * as template from '../../services/workspace/commitment-template.js';
import type { Store } from '../../storage/connect.js';
import { back, html, sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { CommitmentNewPage } from '../views/workspace/commitment-new.js';

/**
 * Commitments in OGP's template (issue 19): the coordination creates one in a plan (a page and its
 * form, and the API), names its co-leads; its contacts are kept by every agency that leads it. The
 * co-lead and contact forms of a commitment's page are in workspace.ts, beside its other forms.
 */
const PLAN = pathIds({ id: 'plan' });
const COMMITMENT = pathIds({ id: 'commitment' });

export function workspaceCommitmentRoutes(app: FastifyInstance, store: Store): void {
  const newPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    values: Values = {},
    errors: FieldError[] = [],
  ) => {
    const data = await template.getNewCommitmentForm(store, req.actor, planId);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/compromisos/nuevo`);
    return html(reply, status, CommitmentNewPage({ ctx, csrf: csrfToken(reply), data, values, errors }));
  };
  route(app, { page: '/espacio/planes/:id/compromisos/nuevo', permission: 'coordinator', params: PLAN }, async (req, reply, ctx) =>
    newPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/planes/:id/compromisos', permission: 'coordinator', params: PLAN, body: formSchema(NEW_COMMITMENT_RULES) },
    async (req, reply, lang) => {
      // With no box ticked the browser sends no coLeadIds at all: none.
      const input = { coLeadIds: [], ...sentFields(req) };
      const result = await template.createCommitment(store, req.actor, req.params.id, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${result.id}`));
      return newPage(req, reply, lang, req.params.id, 400, input as Values, result.errors);
    },
  );

  // ——— the API ———
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/commitments',
      permission: 'coordinator',
      operationId: 'createCommitment',
      params: PLAN,
      body: formSchema(NEW_COMMITMENT_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await template.createCommitment(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/co-leads',
      permission: 'coordinator',
      operationId: 'addCoLead',
      params: COMMITMENT,
      body: formSchema(CO_LEAD_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await template.addCoLead(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/co-leads/:id/end',
      permission: 'coordinator',
      operationId: 'endCoLead',
      params: pathIds({ id: 'co-lead' }),
      body: formSchema(END_RULES),
    },
    async (req, reply) => sendResult(req, reply, await template.endCoLead(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/commitments/:id/contacts',
      permission: 'workspace',
      operationId: 'addContact',
      params: COMMITMENT,
      body: formSchema(CONTACT_ADD_RULES),
    },
    async (req, reply) =>
      sendResult(req, reply, await template.addContact(store, req.actor, req.params.id, sentFields(req), app.now()), true),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/contacts/:id/end',
      permission: 'workspace',
      operationId: 'endContact',
      params: pathIds({ id: 'contact' }),
      body: formSchema(END_RULES),
    },
    async (req, reply) => sendResult(req, reply, await template.endContact(store, req.actor, req.params.id, sentFields(req), app.now())),
  );
}
