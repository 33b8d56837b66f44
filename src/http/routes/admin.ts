import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_RULES, AGENCY_EDIT_RULES, AGENCY_RULES, formSchema, type Values } from '../../domain/input.js';
import { adminMessages, isAdminNotice, type AdminNotice } from '../../i18n/admin.js';
import type { Lang } from '../../i18n/lang.js';
import * as admin from '../../services/workspace/admin.js';
import type { Store } from '../../storage/connect.js';
import { html } from '../answers.js';
import { askToConfirm, CONFIRM_BODY, confirmed } from '../confirm.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { AdminAccountsPage, AdminAgenciesPage, type AccountsPageProps, type AgenciesPageProps } from '../views/workspace/admin.js';

/**
 * The admin's pages, in Spanish and under /en: accounts (/espacio/admin/cuentas) and agencies
 * (/espacio/admin/entidades). Only admins reach them (the route rule); the services ask the policy
 * again. A change goes back to its page with a notice (303), or shows the page again with the errors
 * and the values as typed (400). A new account's one-time link is shown on the answer to its form only.
 */

const ACCOUNTS = '/espacio/admin/cuentas';
const ACCOUNT = pathIds({ id: 'account' });
const AGENCIES = '/espacio/admin/entidades';

const NOTICE = pageQuery(['aviso']);
const noticeOf = (req: { query: unknown }): AdminNotice | null => {
  const v = (req.query as Record<string, string | undefined>).aviso;
  return isAdminNotice(v) ? v : null;
};
const backWith = (reply: FastifyReply, lang: Lang, path: string, notice: AdminNotice) =>
  reply.redirect(`${href(lang, path)}?aviso=${notice}`, 303);

export function adminRoutes(app: FastifyInstance, store: Store): void {
  // ——— accounts ———

  type AccountsExtra = Partial<Pick<AccountsPageProps, 'notice' | 'created' | 'failed' | 'problem'>>;
  const accountsPage = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, status: number, extra: AccountsExtra = {}) => {
    const [accounts, governments] = await Promise.all([admin.listAccounts(store, req.actor), admin.accountFormOptions(store, req.actor)]);
    const ctx = pageContext(req, lang, ACCOUNTS);
    return html(reply, status, AdminAccountsPage({ ctx, csrf: csrfToken(reply), actor: req.actor!, accounts, governments, ...extra }));
  };

  route(app, { page: ACCOUNTS, permission: 'admin', querystring: NOTICE }, async (req, reply, ctx) =>
    accountsPage(req, reply, ctx.lang, 200, { notice: noticeOf(req) }),
  );

  route(app, { form: ACCOUNTS, permission: 'admin', body: formSchema(ACCOUNT_RULES) }, async (req, reply, lang) => {
    const input = sentFields(req);
    const result = await admin.createAccountAsAdmin(store, req.actor, input, app.now());
    // Not a redirect: the link exists in the clear only in this answer.
    if (result.ok)
      return accountsPage(req, reply, lang, 201, { created: { account: result.account, link: result.link, hours: result.hours } });
    return accountsPage(req, reply, lang, 400, { failed: { form: 'create', errors: result.errors, values: input as Values } });
  });

  route(app, { form: `${ACCOUNTS}/:id/desactivar`, permission: 'admin', params: ACCOUNT, body: CONFIRM_BODY }, async (req, reply, lang) => {
    if (!confirmed(req)) return askToConfirm(store, req, reply, lang, { kind: 'account', id: req.params.id });
    const result = await admin.disableAccountAsAdmin(store, req.actor, req.params.id, app.now());
    if (!result.ok) return accountsPage(req, reply, lang, 400, { problem: adminMessages[lang].accounts.selfRefused });
    return backWith(reply, lang, ACCOUNTS, result.changed ? 'disabled' : 'already-disabled');
  });

  route(app, { form: `${ACCOUNTS}/:id/enlace`, permission: 'admin', params: ACCOUNT }, async (req, reply, lang) => {
    const result = await admin.sendPasswordLink(store, req.actor, req.params.id, app.now());
    if (!result.ok) return accountsPage(req, reply, lang, 400, { problem: adminMessages[lang].accounts.linkDisabled });
    return backWith(reply, lang, ACCOUNTS, `link-${result.outcome}`);
  });

  // ——— agencies ———

  const agenciesPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    status: number,
    extra: Partial<Pick<AgenciesPageProps, 'notice' | 'failed'>> = {},
  ) => {
    const governments = await admin.listAgenciesAsAdmin(store, req.actor);
    return html(reply, status, AdminAgenciesPage({ ctx: pageContext(req, lang, AGENCIES), csrf: csrfToken(reply), governments, ...extra }));
  };

  route(app, { page: AGENCIES, permission: 'admin', querystring: NOTICE }, async (req, reply, ctx) =>
    agenciesPage(req, reply, ctx.lang, 200, { notice: noticeOf(req) }),
  );

  route(app, { form: AGENCIES, permission: 'admin', body: formSchema(AGENCY_RULES) }, async (req, reply, lang) => {
    const input = sentFields(req);
    const result = await admin.addAgency(store, req.actor, input, app.now());
    if (result.ok) return backWith(reply, lang, AGENCIES, 'agency-added');
    return agenciesPage(req, reply, lang, 400, { failed: { form: 'add', errors: result.errors, values: input as Values } });
  });

  route(
    app,
    { form: `${AGENCIES}/:id`, permission: 'admin', params: pathIds({ id: 'agency' }), body: formSchema(AGENCY_EDIT_RULES) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await admin.updateAgencyAsAdmin(store, req.actor, id, input, app.now());
      if (result.ok) return backWith(reply, lang, AGENCIES, result.changed ? 'agency-saved' : 'agency-unchanged');
      return agenciesPage(req, reply, lang, 400, { failed: { form: id, errors: result.errors, values: input as Values } });
    },
  );
}
