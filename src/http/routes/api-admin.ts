import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { adminFieldText, adminMessages, type AdminForm } from '../../i18n/admin.js';
import type { Lang } from '../../i18n/lang.js';
import { workspaceMessages, type WorkspaceOperation } from '../../i18n/workspace.js';
import * as S from '../../services/workspace/admin.js';
import type { AdminAccount, AdminFieldError } from '../../services/workspace/admin.js';
import type { Store } from '../../storage/connect.js';
import { requestLang } from '../negotiate.js';
import { ERROR_SCHEMA } from './api.js';
import { idParam } from './pages.js';

/**
 * The admin's operations through the API (/api/v1/workspace/admin): the same services and checks as
 * the admin's pages. Signed in with the session cookie, the CSRF token in `x-csrf-token` on every
 * change. Answers: 200/201 with what changed; 400 `invalid_input` with `fields` naming each wrong field.
 */
type Req = FastifyRequest<{ Params: Record<string, string> }>;

const tags = ['workspace'];
const ANY = { type: 'object', additionalProperties: true };
const responses = { 200: ANY, 201: ANY, 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };

function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new AppError('invalid_input', { field: 'body', value: '' });
  return { ...(b as Record<string, unknown>) };
}

/** Field errors as the API's one error shape, each message naming its field in the asker's language. */
function invalid(lang: Lang, form: AdminForm, errors: AdminFieldError[]): AppError {
  const fields = Object.fromEntries(errors.map((e) => [e.field, adminFieldText(lang, form, e)]));
  const first = errors[0]!;
  return new AppError('invalid_input', { field: first.field, value: adminFieldText(lang, form, first) }, fields);
}

/** A refusal about the account asked for (not a field of the body): named `id`. */
function refusedId(text: string): AppError {
  return new AppError('invalid_input', { field: 'id', value: text }, { id: text });
}

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
  const route = (
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    operationId: WorkspaceOperation,
    handler: (req: Req, reply: FastifyReply) => Promise<unknown>,
  ) =>
    app.route({
      method,
      url,
      config: { permission: 'admin' },
      schema: { tags, operationId, summary: workspaceMessages.en.apiOps[operationId], response: responses },
      handler: async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return handler(req as Req, reply);
      },
    });

  // ——— accounts ———
  route('GET', '/api/v1/workspace/admin/accounts', 'adminListAccounts', async (req) => ({
    accounts: (await S.listAccounts(store, req.actor)).map(account),
  }));

  route('POST', '/api/v1/workspace/admin/accounts', 'adminCreateAccount', async (req, reply) => {
    const result = await S.createAccountAsAdmin(store, req.actor, body(req));
    if (!result.ok) throw invalid(requestLang(req), 'account', result.errors);
    // The one time the link exists in the clear: only its hash is stored.
    return reply.code(201).send({ account: account(result.account), link: result.link, expiresAt: result.expiresAt });
  });

  route('POST', '/api/v1/workspace/admin/accounts/:id/disable', 'adminDisableAccount', async (req) => {
    const id = idParam(req.params.id, 'account');
    const unknown = Object.keys(body(req)).find((k) => k !== '_csrf');
    if (unknown) throw invalid(requestLang(req), 'account', [{ field: unknown, code: 'unknown_field' }]);
    const result = await S.disableAccountAsAdmin(store, req.actor, id);
    if (!result.ok) throw refusedId(adminMessages[requestLang(req)].accounts.selfRefused);
    return { id, disabled: true, changed: result.changed };
  });

  route('POST', '/api/v1/workspace/admin/accounts/:id/password-link', 'adminSendPasswordLink', async (req) => {
    const id = idParam(req.params.id, 'account');
    const unknown = Object.keys(body(req)).find((k) => k !== '_csrf');
    if (unknown) throw invalid(requestLang(req), 'account', [{ field: unknown, code: 'unknown_field' }]);
    const result = await S.sendPasswordLink(store, req.actor, id);
    if (!result.ok) throw refusedId(adminMessages[requestLang(req)].accounts.linkDisabled);
    return { id, outcome: result.outcome };
  });

  // ——— agencies ———
  route('GET', '/api/v1/workspace/admin/agencies', 'adminListAgencies', async (req) => ({
    governments: (await S.listAgenciesAsAdmin(store, req.actor)).map((g) => ({
      id: g.id === 0 ? null : g.id,
      name: g.name || null,
      agencies: g.agencies,
    })),
  }));

  route('POST', '/api/v1/workspace/admin/agencies', 'adminAddAgency', async (req, reply) => {
    const result = await S.addAgency(store, req.actor, body(req));
    if (!result.ok) throw invalid(requestLang(req), 'agency', result.errors);
    return reply.code(201).send({ id: result.id });
  });

  route('PUT', '/api/v1/workspace/admin/agencies/:id', 'adminUpdateAgency', async (req) => {
    const id = idParam(req.params.id, 'agency');
    const result = await S.updateAgencyAsAdmin(store, req.actor, id, body(req));
    if (!result.ok) throw invalid(requestLang(req), 'agency', result.errors);
    return { id, changed: result.changed };
  });
}
