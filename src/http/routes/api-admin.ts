import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { ACCOUNT_RULES, AGENCY_EDIT_RULES, AGENCY_RULES, formSchema } from '../../domain/input.js';
import { AppError } from '../../errors.js';
import { adminFieldText, adminMessages, type AdminForm } from '../../i18n/admin.js';
import type { Lang } from '../../i18n/lang.js';
import * as admin from '../../services/workspace/admin.js';
import type { AdminAccount, AdminFieldError } from '../../services/workspace/admin.js';
import type { Store } from '../../storage/connect.js';
import { ERROR_SCHEMA, fieldsRefusal } from '../answers.js';
import { requestLang } from '../negotiate.js';
import { pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';

/**
 * The admin's operations through the API (/api/v1/workspace/admin): the same services and checks as
 * the admin's pages. Signed in with the session cookie, the CSRF token in `x-csrf-token` on every
 * change. Answers: 200/201 with what changed; 400 `invalid_input` with `fields` naming each wrong field.
 * The route's rule (admins) is the whole policy: a body its schema refuses is answered before the service.
 */
const ANY = Type.Object({}, { additionalProperties: true });
const response = { 200: ANY, 201: ANY, 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };

/** Field errors as the API's one error shape, each message naming its field in the asker's language. */
const invalid = (form: AdminForm) => (errors: AdminFieldError[], lang: Lang) =>
  fieldsRefusal(lang, errors, (l, e) => adminFieldText(l, form, e));

/** A refusal about the account asked for (not a field of the body): named `id`. */
function refusedId(text: string): AppError {
  return new AppError('invalid_input', { field: 'id', value: text }, { id: text });
}

const ACCOUNT = pathIds({ id: 'account' });
/** Disabling an account, sending a password link: no fields (a body, if any, is refused by its keys). */
const NOTHING = formSchema({});

const account = (a: AdminAccount) => ({
  id: a.id,
  email: a.email,
  name: a.name,
  role: a.role,
  agency: a.agency,
  government: a.government,
  language: a.lang,
  disabled: a.disabled,
  hasPassword: a.hasPassword,
  createdAt: a.createdAt,
  lastSeenAt: a.lastSeenAt,
});

export function adminApiRoutes(app: FastifyInstance, store: Store): void {
  const common = { permission: 'admin', response, refuse: invalid('account') } as const;

  // ——— accounts ———
  route(app, { api: 'GET /api/v1/workspace/admin/accounts', operationId: 'adminListAccounts', ...common }, async (req) => ({
    accounts: (await admin.listAccounts(store, req.actor)).map(account),
  }));

  route(
    app,
    { api: 'POST /api/v1/workspace/admin/accounts', operationId: 'adminCreateAccount', ...common, body: formSchema(ACCOUNT_RULES) },
    async (req, reply) => {
      const result = await admin.createAccountAsAdmin(store, req.actor, sentFields(req), app.now());
      if (!result.ok) throw invalid('account')(result.errors, requestLang(req));
      // The one time the link exists in the clear: only its hash is stored.
      return reply.code(201).send({ account: account(result.account), link: result.link, expiresAt: result.expiresAt });
    },
  );

  route(
    app,
    {
      api: 'POST /api/v1/workspace/admin/accounts/:id/disable',
      operationId: 'adminDisableAccount',
      ...common,
      params: ACCOUNT,
      body: NOTHING,
    },
    async (req) => {
      const id = req.params.id;
      const result = await admin.disableAccountAsAdmin(store, req.actor, id, app.now());
      if (!result.ok) throw refusedId(adminMessages[requestLang(req)].accounts.selfRefused);
      return { id, disabled: true, changed: result.changed };
    },
  );

  route(
    app,
    {
      api: 'POST /api/v1/workspace/admin/accounts/:id/password-link',
      operationId: 'adminSendPasswordLink',
      ...common,
      params: ACCOUNT,
      body: NOTHING,
    },
    async (req) => {
      const id = req.params.id;
      const result = await admin.sendPasswordLink(store, req.actor, id, app.now());
      if (!result.ok) throw refusedId(adminMessages[requestLang(req)].accounts.linkDisabled);
      return { id, outcome: result.outcome };
    },
  );

  // ——— agencies ———
  route(app, { api: 'GET /api/v1/workspace/admin/agencies', operationId: 'adminListAgencies', ...common }, async (req) => ({
    governments: (await admin.listAgenciesAsAdmin(store, req.actor)).map((g) => ({
      id: g.id === 0 ? null : g.id,
      name: g.name || null,
      agencies: g.agencies,
    })),
  }));

  route(
    app,
    {
      api: 'POST /api/v1/workspace/admin/agencies',
      operationId: 'adminAddAgency',
      ...common,
      refuse: invalid('agency'),
      body: formSchema(AGENCY_RULES),
    },
    async (req, reply) => {
      const result = await admin.addAgency(store, req.actor, sentFields(req), app.now());
      if (!result.ok) throw invalid('agency')(result.errors, requestLang(req));
      return reply.code(201).send({ id: result.id });
    },
  );

  route(
    app,
    {
      api: 'PUT /api/v1/workspace/admin/agencies/:id',
      operationId: 'adminUpdateAgency',
      ...common,
      refuse: invalid('agency'),
      params: pathIds({ id: 'agency' }),
      body: formSchema(AGENCY_EDIT_RULES),
    },
    async (req) => {
      const id = req.params.id;
      const result = await admin.updateAgencyAsAdmin(store, req.actor, id, sentFields(req), app.now());
      if (!result.ok) throw invalid('agency')(result.errors, requestLang(req));
      return { id, changed: result.changed };
    },
  );
}
