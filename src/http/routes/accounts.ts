import type { FastifyInstance, FastifyReply } from 'fastify';
import { passwordProblem, type PasswordProblem } from '../../domain/passwords.js';
import { accountMessages } from '../../i18n/accounts.js';
import type { Lang } from '../../i18n/lang.js';
import {
  accountDetails,
  endSession,
  isEmail,
  passwordLinkAccount,
  requestPasswordReset,
  setPasswordWithLink,
  signIn,
} from '../../services/accounts.js';
import { sendMail } from '../../services/mail.js';
import { digestSetting, workflowSetting } from '../../services/notifications/settings.js';
import type { Store } from '../../storage/connect.js';
import { clearSessionCookie, csrfToken, rotateCsrf, safeLocalPath, sessionToken, setSessionCookie } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { NO_QUERY, pageQuery, textFields } from '../request-schemas.js';
import { route } from '../route.js';
import {
  AccountPage,
  ForgotPage,
  ForgotSentPage,
  InvalidLinkPage,
  SetPasswordPage,
  SignInPage,
  type FieldError,
} from '../views/account.js';
import { href } from '../views/format.js';
import { DigestSettingSection, WorkflowSettingSection } from '../views/notifications.js';
import { renderPage } from '../views/layout.js';

/**
 * The account pages, in Spanish and under /en: sign in, sign out, forgotten password, choose a password
 * with a one-time link, and the signed-in person's account. Forms post back to their own path; a form
 * with a field it does not have (a `role` on the sign-in form…) is refused with 400 naming the field.
 */

function send(reply: FastifyReply, page: preact.VNode, status = 200) {
  // Forms carry a CSRF token and sometimes a one-time link: never kept by a browser or a proxy.
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderPage(page));
}

function passwordMessage(lang: Lang, problem: PasswordProblem): string {
  const m = accountMessages[lang].setPassword;
  return { 'too-short': m.tooShort, 'too-long': m.tooLong, common: m.common, 'like-email': m.likeEmail }[problem];
}

export function accountRoutes(app: FastifyInstance, store: Store): void {
  // ── sign in ──
  route(
    app,
    { page: '/cuenta/ingresar', permission: 'public:account', querystring: pageQuery(['volver', 'aviso']) },
    async (req, reply, ctx) => {
      // Shown to a signed-in person too: signing in again (as someone else) replaces the session.
      const volver = safeLocalPath(req.query.volver) ?? '';
      const m = accountMessages[ctx.lang].signIn;
      const notice = req.query.aviso === 'clave' ? m.passwordSaved : req.query.aviso === 'salida' ? m.signedOut : null;
      return send(reply, SignInPage({ ctx, csrf: csrfToken(reply), email: '', volver, errors: [], notice }));
    },
  );

  const signInForm = { permission: 'public:account', querystring: NO_QUERY, body: textFields(['email', 'password', 'volver']) } as const;
  route(app, { form: '/cuenta/ingresar', ...signInForm }, async (req, reply, lang) => {
    const { email = '', password = '', volver: back = '' } = req.body;
    const f = { email, password, volver: back };
    const m = accountMessages[lang].signIn;
    const volver = safeLocalPath(f.volver) ?? '';
    const ctx = pageContext(req, lang, '/cuenta/ingresar');
    const render = (errors: FieldError[], status: number) =>
      send(reply, SignInPage({ ctx, csrf: csrfToken(reply), email: f.email, volver, errors }), status);
    const errors: FieldError[] = [];
    if (!f.email.trim()) errors.push({ field: 'email', message: m.emailMissing });
    if (!f.password) errors.push({ field: 'password', message: m.passwordMissing });
    if (errors.length) return render(errors, 400);
    // One instant for the session's expiry and the cookie's Max-Age.
    const now = new Date(app.now());
    const result = await signIn(store, {
      now,
      email: f.email,
      password: f.password,
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      previousToken: sessionToken(req),
    });
    if (!result.ok) {
      if (result.reason === 'wrong') return render([{ field: 'email', message: m.wrong }], 401);
      reply.header('retry-after', String(result.retryAfterSeconds));
      return render([{ field: 'email', message: m.limited }], 429);
    }
    setSessionCookie(req, reply, result.token, result.expiresAt, now);
    rotateCsrf(req, reply);
    return reply.header('cache-control', 'no-store').redirect(volver || href(lang, '/cuenta'), 303);
  });

  // ── sign out: the session ends on the server, not only in the browser ──
  route(app, { form: '/cuenta/salir', permission: 'signed-in', querystring: NO_QUERY, body: textFields([]) }, async (req, reply, lang) => {
    const token = sessionToken(req);
    if (token) await endSession(store, token);
    clearSessionCookie(req, reply);
    rotateCsrf(req, reply);
    return reply.header('cache-control', 'no-store').redirect(`${href(lang, '/cuenta/ingresar')}?aviso=salida`, 303);
  });

  // ── forgotten password ──
  route(app, { page: '/cuenta/olvide', permission: 'public:account' }, async (_req, reply, ctx) =>
    send(reply, ForgotPage({ ctx, csrf: csrfToken(reply), email: '', errors: [] })),
  );

  route(
    app,
    { form: '/cuenta/olvide', permission: 'public:account', querystring: NO_QUERY, body: textFields(['email']) },
    async (req, reply, lang) => {
      const f = { email: req.body.email ?? '' };
      const m = accountMessages[lang].forgot;
      const ctx = pageContext(req, lang, '/cuenta/olvide');
      const email = f.email.trim();
      const error = !email ? m.emailMissing : !isEmail(email) ? m.emailInvalid : null;
      if (error)
        return send(reply, ForgotPage({ ctx, csrf: csrfToken(reply), email: f.email, errors: [{ field: 'email', message: error }] }), 400);
      // The work — looking the account up, making a link, the mail — happens after the answer: how long it
      // takes must not tell whether the account exists.
      const now = new Date(app.now());
      reply.raw.once('finish', () => {
        requestPasswordReset(store, { email, now, send: (message) => sendMail(message) }).catch((e: unknown) =>
          req.log.error({ err: e }, 'password reset not sent'),
        );
      });
      return send(reply, ForgotSentPage({ ctx, email }));
    },
  );

  // ── choose a password through a one-time link ──
  route(app, { page: '/cuenta/clave', permission: 'public:account', querystring: pageQuery(['token']) }, async (req, reply, ctx) => {
    // The token is in this page's address: no Referer carries it anywhere.
    reply.header('referrer-policy', 'no-referrer');
    const token = req.query.token ?? '';
    const account = await passwordLinkAccount(store, token, new Date(app.now()));
    if (!account) return send(reply, InvalidLinkPage({ ctx }), 410);
    return send(reply, SetPasswordPage({ ctx, csrf: csrfToken(reply), token, email: account.email, errors: [] }));
  });

  const passwordForm = {
    permission: 'public:account',
    querystring: NO_QUERY,
    body: textFields(['token', 'username', 'password', 'confirm']),
  } as const;
  route(app, { form: '/cuenta/clave', ...passwordForm }, async (req, reply, lang) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token = '', password = '', confirm = '' } = req.body;
    const f = { token, password, confirm };
    const m = accountMessages[lang].setPassword;
    const ctx = pageContext(req, lang, '/cuenta/clave');
    const now = new Date(app.now());
    const account = await passwordLinkAccount(store, f.token, now);
    if (!account) return send(reply, InvalidLinkPage({ ctx }), 410);
    const errors: FieldError[] = [];
    const problem = f.password ? passwordProblem(f.password, { email: account.email }) : null;
    if (!f.password) errors.push({ field: 'password', message: m.missing });
    else if (problem) errors.push({ field: 'password', message: passwordMessage(lang, problem) });
    if (!f.confirm) errors.push({ field: 'confirm', message: m.confirmMissing });
    else if (f.password && f.confirm !== f.password) errors.push({ field: 'confirm', message: m.mismatch });
    if (errors.length)
      return send(reply, SetPasswordPage({ ctx, csrf: csrfToken(reply), token: f.token, email: account.email, errors }), 400);
    const result = await setPasswordWithLink(store, { token: f.token, password: f.password, now });
    if (!result.ok) {
      if (result.problem === 'invalid-link') return send(reply, InvalidLinkPage({ ctx }), 410);
      const errors = [{ field: 'password', message: passwordMessage(lang, result.problem) }];
      return send(reply, SetPasswordPage({ ctx, csrf: csrfToken(reply), token: f.token, email: account.email, errors }), 400);
    }
    return reply.header('cache-control', 'no-store').redirect(`${href(lang, '/cuenta/ingresar')}?aviso=clave`, 303);
  });

  // ── the signed-in person's account ──
  route(app, { page: '/cuenta', permission: 'signed-in', querystring: pageQuery(['aviso']) }, async (req, reply, ctx) => {
    const details = req.actor ? await accountDetails(store, req.actor.userId) : null;
    if (!details)
      return reply.redirect(`${href(ctx.lang, '/cuenta/ingresar')}?volver=${encodeURIComponent(href(ctx.lang, '/cuenta'))}`, 303);
    const csrf = csrfToken(reply);
    const digest = await digestSetting(store, req.actor);
    const notice = req.query.aviso === 'resumen-si' ? 'on' : req.query.aviso === 'resumen-no' ? 'off' : null;
    const workflow = await workflowSetting(store, req.actor);
    const saved = req.query.aviso === 'flujo-at-once' ? 'on' : req.query.aviso === 'flujo-digest' ? 'off' : null;
    const children = [
      DigestSettingSection({ ctx, csrf, ...digest, notice }),
      WorkflowSettingSection({ ctx, csrf, ...workflow, notice: saved }),
    ];
    return send(reply, AccountPage({ ctx, csrf, account: details, children }));
  });
}
