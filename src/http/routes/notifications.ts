import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import { notificationMessages } from '../../i18n/notifications.js';
import { confirmFollow, followableCommitment, followLink, requestFollow, unfollow } from '../../services/notifications/follows.js';
import { digestOffLink, setDigest, setWorkflow, turnDigestOffWithLink } from '../../services/notifications/settings.js';
import { workflowMessages } from '../../i18n/workflow-notices.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { html } from '../answers.js';
import { pageContext } from '../bilingual.js';
import { NO_QUERY, pageQuery, pathIds, textFields } from '../request-schemas.js';
import { route } from '../route.js';
import { ConfirmLinkPage, DonePage, FollowPage, FollowSentPage, InvalidNotificationLinkPage } from '../views/notifications.js';
import { href } from '../views/format.js';

const COMMITMENT = pathIds({ id: 'commitment' });
/** The forms a mailed link leads to: its token, nothing else. */
/** A page opened from a mailed link. */
const TOKEN = pageQuery(['token']);
const TOKEN_FORM = { permission: 'public:read', querystring: NO_QUERY, body: textFields(['token']) } as const;

/**
 * Notification pages (decision 016), in Spanish and under /en: follow a commitment by e-mail
 * (/compromisos/:id/seguir), confirm (/seguimiento/confirmar) and stop (/seguimiento/baja) with a
 * mailed link, stop the daily digest with a mailed link (/avisos/baja), and the account's digest
 * setting (/cuenta/avisos). Links from mail open a page that asks to confirm with a POST.
 */
// Forms with a CSRF token, pages reached with a token in the address: never kept, never referred.
const send = (reply: FastifyReply, page: preact.VNode, status = 200) =>
  html(reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer'), status, page);

export function notificationRoutes(app: FastifyInstance, store: Store): void {
  // ── follow a commitment ──
  route(app, { page: '/compromisos/:id/seguir', permission: 'public:read', params: COMMITMENT }, async (req, reply, ctx) => {
    const c = await followableCommitment(store, req.params.id);
    return send(reply, FollowPage({ ctx, csrf: csrfToken(reply), commitment: c, email: '', errors: [] }));
  });

  const followForm = {
    permission: 'public:read',
    params: COMMITMENT,
    querystring: NO_QUERY,
    body: textFields(['email', 'website']),
  } as const;
  route(app, { form: '/compromisos/:id/seguir', ...followForm }, async (req, reply, lang) => {
    const c = await followableCommitment(store, req.params.id);
    const f = { email: req.body.email ?? '', website: req.body.website ?? '' };
    const ctx = pageContext(req, lang, `/compromisos/${c.id}/seguir`);
    const result = await requestFollow(store, {
      commitmentId: c.id,
      email: f.email,
      lang,
      ip: req.ip,
      now: new Date(app.now()),
      website: f.website,
    });
    if (!result.ok) {
      const m = notificationMessages[lang].pages;
      const message = {
        missing: m.emailMissing,
        invalid: m.emailInvalid,
        tooLong: m.emailTooLong,
        limited: m.limited,
        limitedNetwork: m.limitedNetwork,
      }[result.problem];
      if ('retryAfterSeconds' in result) reply.header('retry-after', String(result.retryAfterSeconds));
      return send(
        reply,
        FollowPage({ ctx, csrf: csrfToken(reply), commitment: c, email: f.email, errors: [{ field: 'email', message }] }),
        'retryAfterSeconds' in result ? 429 : 400,
      );
    }
    return send(reply, FollowSentPage({ ctx, commitment: c, email: result.email }));
  });

  // ── confirm a follow, with the mailed link ──
  route(app, { page: '/seguimiento/confirmar', permission: 'public:read', querystring: TOKEN }, async (req, reply, ctx) => {
    const token = req.query.token ?? '';
    const link = await followLink(store, 'follow-confirm', token, new Date(app.now()));
    if (!link) return send(reply, InvalidNotificationLinkPage({ ctx }), 410);
    const m = notificationMessages[ctx.lang].pages;
    const intro = m.confirmIntro(link.email, link.commitment.number, link.commitment.title);
    return send(
      reply,
      ConfirmLinkPage({
        ctx,
        csrf: csrfToken(reply),
        token,
        action: '/seguimiento/confirmar',
        title: m.confirmTitle,
        intro,
        submit: m.confirmSubmit,
      }),
    );
  });

  route(app, { form: '/seguimiento/confirmar', ...TOKEN_FORM }, async (req, reply, lang) => {
    const f = { token: req.body.token ?? '' };
    const ctx = pageContext(req, lang, '/seguimiento/confirmar');
    const link = await confirmFollow(store, f.token, new Date(app.now()));
    if (!link) return send(reply, InvalidNotificationLinkPage({ ctx }), 410);
    const m = notificationMessages[lang].pages;
    return send(
      reply,
      DonePage({
        ctx,
        title: m.confirmedTitle,
        text: m.confirmed(link.commitment.number, link.commitment.title),
        back: { href: href(lang, `/compromisos/${link.commitment.id}`), label: m.back },
      }),
    );
  });

  // ── stop following, with the link in every message ──
  route(app, { page: '/seguimiento/baja', permission: 'public:read', querystring: TOKEN }, async (req, reply, ctx) => {
    const token = req.query.token ?? '';
    const link = await followLink(store, 'unfollow', token, new Date(app.now()));
    if (!link) return send(reply, InvalidNotificationLinkPage({ ctx }), 410);
    const m = notificationMessages[ctx.lang].pages;
    const intro = m.unfollowIntro(link.email, link.commitment.number, link.commitment.title);
    return send(
      reply,
      ConfirmLinkPage({
        ctx,
        csrf: csrfToken(reply),
        token,
        action: '/seguimiento/baja',
        title: m.unfollowTitle,
        intro,
        submit: m.unfollowSubmit,
      }),
    );
  });

  route(app, { form: '/seguimiento/baja', ...TOKEN_FORM }, async (req, reply, lang) => {
    const f = { token: req.body.token ?? '' };
    const ctx = pageContext(req, lang, '/seguimiento/baja');
    const link = await unfollow(store, f.token, new Date(app.now()));
    if (!link) return send(reply, InvalidNotificationLinkPage({ ctx }), 410);
    const m = notificationMessages[lang].pages;
    return send(
      reply,
      DonePage({
        ctx,
        title: m.unfollowedTitle,
        text: m.unfollowed,
        back: { href: href(lang, `/compromisos/${link.commitment.id}`), label: m.back },
      }),
    );
  });

  // ── stop the daily digest, with the link in every digest (no sign-in) ──
  route(app, { page: '/avisos/baja', permission: 'public:read', querystring: TOKEN }, async (req, reply, ctx) => {
    const token = req.query.token ?? '';
    const link = await digestOffLink(store, token);
    if (!link) return send(reply, InvalidNotificationLinkPage({ ctx }), 410);
    const m = notificationMessages[ctx.lang].pages;
    return send(
      reply,
      ConfirmLinkPage({
        ctx,
        csrf: csrfToken(reply),
        token,
        action: '/avisos/baja',
        title: m.digestOffTitle,
        intro: m.digestOffIntro(link.email),
        submit: m.digestOffSubmit,
      }),
    );
  });

  route(app, { form: '/avisos/baja', ...TOKEN_FORM }, async (req, reply, lang) => {
    const f = { token: req.body.token ?? '' };
    const ctx = pageContext(req, lang, '/avisos/baja');
    const done = await turnDigestOffWithLink(store, f.token, new Date(app.now()));
    if (!done) return send(reply, InvalidNotificationLinkPage({ ctx }), 410);
    const m = notificationMessages[lang].pages;
    return send(reply, DonePage({ ctx, title: m.digestOffTitle, text: m.digestOffDone }));
  });

  // ── the account page's setting ──
  route(
    app,
    { form: '/cuenta/avisos', permission: 'signed-in', querystring: NO_QUERY, body: textFields(['digest', 'workflow']) },
    async (req, reply, lang) => {
      // The assessment notices' form (issue 20) sends `workflow` alone: at once, or in the digest only.
      if (req.body.workflow !== undefined) {
        const w = req.body.workflow;
        if (w !== 'at-once' && w !== 'digest')
          throw new AppError('invalid_input', { field: workflowMessages[lang].settings.field, value: w.slice(0, 20) });
        await setWorkflow(store, req.actor, w === 'at-once', new Date(app.now()));
        return reply.header('cache-control', 'no-store').redirect(`${href(lang, '/cuenta')}?aviso=flujo-${w}`, 303);
      }
      const f = { digest: req.body.digest ?? '' };
      if (f.digest !== 'on' && f.digest !== 'off')
        throw new AppError('invalid_input', { field: notificationMessages[lang].pages.digestField, value: f.digest.slice(0, 20) });
      await setDigest(store, req.actor, f.digest === 'on', new Date(app.now()));
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${href(lang, '/cuenta')}?aviso=${f.digest === 'on' ? 'resumen-si' : 'resumen-no'}`, 303);
    },
  );
}
