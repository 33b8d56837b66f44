import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withinEditWindow } from '../../domain/abuse.js';
import type { FieldError } from '../../domain/input.js';
import { can } from '../../domain/permissions.js';
import { AppError } from '../../errors.js';
import { consultationMessages } from '../../i18n/consultation.js';
import { formatDate } from '../../i18n/format.js';
import { LANGS, type Lang } from '../../i18n/lang.js';
import * as S from '../../services/consultation.js';
import { consultationDraft } from '../../services/consultation-draft.js';
import { parseTarget } from '../../domain/consultation.js';
import type { Store } from '../../storage/connect.js';
import { synthesisCsv, synthesisDocx } from '../../export/consultation.js';
import { CSV_MEDIA_TYPE } from '../../export/csv.js';
import { csrfToken } from '../auth.js';
import { servedOverHttps } from '../https.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import type { Permission } from '../permissions.js';
import { ConsultationPage, LinkInvalidPage, SynthesisPage, type Commenter } from '../views/consultation.js';
import { ConsultationsAdminPage, ModerationPage } from '../views/workspace/consultation.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';
import { apiRoute, body, send as sendApi } from './api-workspace.js';
import { idParam } from './pages.js';

/**
 * Public consultation (issue 7). Pages in Spanish and under /en: the consultation
 * (/planes/:id/consultas/:consultationId), asking for a comment link (…/enlace), the link's page
 * (…/comentar?token=; the first comment exchanges the link for a commenter cookie), commenting and
 * correcting (…/comentarios[/:commentId]), the synthesis
 * (…/sistematizacion, .csv, .docx). The coordinator's workspace: /espacio/planes/:id/consultas and
 * /espacio/consultas/:consultationId (hide, answer). The API: /api/v1/consultations… and
 * /api/v1/workspace/… . Everything a visitor sends passes the abuse guard (services/abuse.ts).
 */
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>;

function form(req: FastifyRequest): Record<string, string> {
  const b = req.body ?? {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new AppError('invalid_input', { field: 'body', value: '' });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(b)) {
    if (k === '_csrf') continue;
    if (typeof v !== 'string') throw new AppError('invalid_input', { field: k.slice(0, 60), value: '' });
    out[k] = v;
  }
  return out;
}

function html(reply: FastifyReply, page: preact.VNode, status = 200) {
  // Pages with a token in the address or a form: never kept, never referred.
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(renderPage(page));
}

/** The commenter cookie: what a mailed link is exchanged for by the first comment (services/consultation.ts). */
const COMMENTER_COOKIE = 'vigia_comentario';

function setCommenterCookie(req: FastifyRequest, reply: FastifyReply, secret: string, expiresAt: string, now: string) {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.parse(now)) / 1000));
  reply.setCookie(COMMENTER_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: servedOverHttps(req), maxAge });
}

function postRoute(
  app: FastifyInstance,
  path: string,
  permission: Permission,
  handler: (req: Req, reply: FastifyReply, lang: Lang) => Promise<unknown>,
) {
  for (const lang of LANGS)
    app.post(lang === 'es' ? path : `/en${path}`, { config: { permission } }, (req, reply) => handler(req as Req, reply, lang));
}

export function consultationRoutes(app: FastifyInstance, store: Store): void {
  const today = () => app.today();
  // Posting times, the edit window and the links' expiry run on the app's clock (fixed in tests).
  const now = () => app.now();

  /** The consultation named in the path, or a 404 when it is not the plan's. */
  async function named(req: Req) {
    const planId = idParam(req.params.id, 'plan');
    const id = idParam(req.params.consultationId, 'consultation');
    const c = await S.consultationRef(store, id);
    if (c.planId !== planId) throw new AppError('not_found', { entity: 'consultation', id });
    return c;
  }

  /**
   * Who is commenting: the commenter cookie (what a mailed link was exchanged for by the first comment)
   * when it is valid for this consultation; else the link in the address or the form (unused); else a
   * civil-society account.
   */
  const commenterOf = async (
    req: Req,
    consultationId: number,
    token: string | undefined,
  ): Promise<{ who: S.Commenter | null; shown: Commenter; me: { userId?: number; authorId?: number } }> => {
    const secret = req.cookies?.[COMMENTER_COOKIE];
    const session = secret ? await S.commentLink(store, consultationId, secret, now(), 'session', today()) : null;
    if (session)
      return {
        who: { kind: 'session', secret: secret! },
        shown: { kind: 'link', email: session.email, token: '' },
        me: { authorId: session.authorId },
      };
    if (token) {
      const link = await S.commentLink(store, consultationId, token, now(), 'link', today());
      if (!link) return { who: null, shown: null, me: {} };
      return { who: { kind: 'link', token }, shown: { kind: 'link', email: link.email, token }, me: { authorId: link.authorId } };
    }
    if (req.actor && can(req.actor, 'comment:consultation'))
      return {
        who: { kind: 'account', actor: req.actor },
        shown: { kind: 'account', name: req.actor.name },
        me: { userId: req.actor.userId },
      };
    return { who: null, shown: null, me: {} };
  };

  async function page(
    req: Req,
    reply: FastifyReply,
    lang: Lang,
    opts: { token?: string; values?: Record<string, string>; errors?: FieldError[]; notice?: string | null; status?: number },
  ) {
    const c = await named(req);
    const who = await commenterOf(req, c.id, opts.token);
    if (opts.token && !who.who)
      return html(reply, LinkInvalidPage({ ctx: pageContext(req, lang, req.url.split('?')[0]!.replace(/^\/en/, '')) }), 410);
    const view = await S.consultationView(store, c.id, today(), who.me);
    const draft = await consultationDraft(store, c.id, today());
    // "Comment on this" (…?sobre=commitment:12) opens the form with that block chosen.
    const sobre = req.query.sobre && parseTarget(req.query.sobre) ? req.query.sobre : 'draft';
    const editable =
      view.status === 'open' ? view.comments.filter((x) => x.mine && x.answeredAt === null && withinEditWindow(x.postedAt, now())) : [];
    const ctx = pageContext(req, lang, `/planes/${c.planId}/consultas/${c.id}`);
    return html(
      reply,
      ConsultationPage({
        ctx,
        csrf: csrfToken(reply),
        view,
        draft,
        commenter: who.shown,
        form: { values: opts.values ?? { target: sobre }, errors: opts.errors ?? [] },
        notice: opts.notice ?? null,
        editable,
      }),
      opts.status,
    );
  }

  // ── the public pages ──
  bilingualPage<Record<string, string>>(app, '/planes/:id/consultas/:consultationId', async (req, reply, ctx) => {
    const notice = req.query.aviso === 'publicado' ? consultationMessages[ctx.lang].pages.posted_notice : null;
    return page(req as Req, reply, ctx.lang, { notice });
  });

  bilingualPage<Record<string, string>>(app, '/planes/:id/consultas/:consultationId/comentar', async (req, reply, ctx) => {
    const token = req.query.token ?? '';
    if (!token) return html(reply, LinkInvalidPage({ ctx }), 410);
    const notice = req.query.aviso === 'publicado' ? consultationMessages[ctx.lang].pages.posted_notice : null;
    return page(req as Req, reply, ctx.lang, { token, notice });
  });

  postRoute(app, '/planes/:id/consultas/:consultationId/enlace', 'public:read', async (req, reply, lang) => {
    const c = await named(req);
    const f = form(req);
    const r = await S.requestCommentLink(store, { consultationId: c.id, body: f, lang, ip: req.ip, today: today(), now: now() });
    if (!r.ok) return page(req, reply, lang, { values: { target: 'draft', ...f }, errors: r.errors, status: 400 });
    return page(req, reply, lang, { notice: consultationMessages[lang].pages.linkSent(r.quiet ? String(f.email ?? '') : r.email) });
  });

  postRoute(app, '/planes/:id/consultas/:consultationId/comentarios', 'public:read', async (req, reply, lang) => {
    const c = await named(req);
    const f = form(req);
    const who = await commenterOf(req, c.id, f.token || undefined);
    if (!who.who) throw new AppError(f.token || req.actor ? 'forbidden' : 'unauthenticated');
    const r = await S.postComment(store, { consultationId: c.id, who: who.who, body: f, ip: req.ip, today: today(), now: now() });
    if (!r.ok) return page(req, reply, lang, { token: f.token || undefined, values: f, errors: r.errors, status: 400 });
    if (r.session) setCommenterCookie(req, reply, r.session.secret, r.session.expiresAt, now());
    // Back to the consultation's own address: the token never goes on in an address once used.
    return reply
      .header('cache-control', 'no-store')
      .redirect(`${href(lang, `/planes/${c.planId}/consultas/${c.id}`)}?aviso=publicado`, 303);
  });

  postRoute(app, '/planes/:id/consultas/:consultationId/comentarios/:commentId', 'public:read', async (req, reply, lang) => {
    const c = await named(req);
    const f = form(req);
    const who = await commenterOf(req, c.id, f.token || undefined);
    if (!who.who) throw new AppError(f.token || req.actor ? 'forbidden' : 'unauthenticated');
    const r = await S.editComment(store, {
      commentId: idParam(req.params.commentId, 'comment'),
      who: who.who,
      body: f,
      today: today(),
      now: now(),
    });
    if (!r.ok) return page(req, reply, lang, { token: f.token || undefined, errors: r.errors, status: 400 });
    return reply.header('cache-control', 'no-store').redirect(href(lang, `/planes/${c.planId}/consultas/${c.id}`), 303);
  });

  async function synthesisOf(req: Req) {
    const c = await named(req);
    return S.consultationSynthesis(store, c.id, today());
  }

  bilingualPage<Record<string, string>>(app, '/planes/:id/consultas/:consultationId/sistematizacion', async (req, reply, ctx) => {
    const s = await synthesisOf(req as Req);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage(SynthesisPage({ ctx, view: s.consultation, rows: s.rows, totals: s.totals })));
  });

  for (const format of ['csv', 'docx'] as const) {
    bilingualPage<Record<string, string>>(
      app,
      `/planes/:id/consultas/:consultationId/sistematizacion.${format}`,
      async (req, reply, ctx) => {
        const s = await synthesisOf(req as Req);
        // A file travels without the page's "provisional" label: it is offered once the consultation closed.
        if (s.consultation.status !== 'closed') throw new AppError('synthesis_not_final');
        const name = `sistematizacion-consulta-${s.consultation.id}.${format}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        if (format === 'csv') return reply.type(CSV_MEDIA_TYPE).send(await synthesisCsv(ctx.lang, s.rows));
        const m = consultationMessages[ctx.lang].pages;
        const v = s.consultation;
        const t = s.totals;
        const buffer = await synthesisDocx(
          ctx.lang,
          {
            title: v.title,
            draft: v.roundTitle ? m.draftRound(v.roundTitle, v.planTitle) : m.draftPlan(v.planTitle),
            dates: m.dates(formatDate(v.startsOn, ctx.lang), formatDate(v.endsOn, ctx.lang)),
            totals: m.synthesisTotals({
              accepted: t.accepted,
              partly: t.partly,
              notAccepted: t['not-accepted'],
              unanswered: t.unanswered,
              hidden: t.hidden,
              all: s.rows.length,
            }),
          },
          s.rows,
        );
        return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(buffer);
      },
    );
  }

  // ── the coordinator's workspace ──
  bilingualPage<Record<string, string>>(
    app,
    '/espacio/planes/:id/consultas',
    async (req, reply, ctx) => {
      const data = await S.planConsultations(store, req.actor, idParam(req.params.id, 'plan'), today());
      return html(reply, ConsultationsAdminPage({ ctx, csrf: csrfToken(reply), data, form: { values: {}, errors: [] } }));
    },
    'coordinator',
  );

  postRoute(app, '/espacio/planes/:id/consultas', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    const f = form(req);
    const input: Record<string, unknown> = { ...f };
    if (input.roundId === '') delete input.roundId;
    const r = await S.openConsultation(store, req.actor, planId, input, now());
    if (!r.ok) {
      const data = await S.planConsultations(store, req.actor, planId, today());
      return html(
        reply,
        ConsultationsAdminPage({
          ctx: pageContext(req, lang, `/espacio/planes/${planId}/consultas`),
          csrf: csrfToken(reply),
          data,
          form: { values: f, errors: r.errors },
        }),
        400,
      );
    }
    return reply.header('cache-control', 'no-store').redirect(href(lang, `/espacio/consultas/${r.id}`), 303);
  });

  async function moderationPage(
    req: Req,
    reply: FastifyReply,
    lang: Lang,
    consultationId: number,
    opts: { errors?: FieldError[]; commentId?: number; values?: Record<string, string>; notice?: string | null; status?: number } = {},
  ) {
    const data = await S.moderationView(store, req.actor, consultationId, today());
    const ctx = pageContext(req, lang, `/espacio/consultas/${consultationId}`);
    return html(
      reply,
      ModerationPage({
        ctx,
        csrf: csrfToken(reply),
        data,
        failed: opts.commentId ? { commentId: opts.commentId, values: opts.values ?? {}, errors: opts.errors ?? [] } : null,
        notice: opts.notice ?? null,
      }),
      opts.status,
    );
  }

  bilingualPage<Record<string, string>>(
    app,
    '/espacio/consultas/:consultationId',
    async (req, reply, ctx) => {
      const notice = req.query.aviso === 'guardado' ? consultationMessages[ctx.lang].workspace.saved : null;
      return moderationPage(req as Req, reply, ctx.lang, idParam(req.params.consultationId, 'consultation'), { notice });
    },
    'coordinator',
  );

  for (const [segment, act] of [
    ['ocultar', S.hideComment],
    ['respuesta', S.answerComment],
  ] as const) {
    postRoute(app, `/espacio/comentarios/:commentId/${segment}`, 'coordinator', async (req, reply, lang) => {
      const commentId = idParam(req.params.commentId, 'comment');
      const place = await S.commentPlace(store, commentId);
      const f = form(req);
      const r = await act(store, req.actor, commentId, f, now());
      if (!r.ok) return moderationPage(req, reply, lang, place.consultationId, { commentId, values: f, errors: r.errors, status: 400 });
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${href(lang, `/espacio/consultas/${place.consultationId}`)}?aviso=guardado#comentario-${commentId}`, 303);
    });
  }

  // ── the API ──
  const ip = (req: FastifyRequest) => req.ip;
  apiRoute(app, 'POST', '/api/v1/workspace/plans/:id/consultations', 'coordinator', 'openConsultation', async (req, reply) =>
    sendApi(req, reply, await S.openConsultation(store, req.actor, idParam(req.params.id, 'plan'), body(req), now()), true),
  );
  apiRoute(app, 'GET', '/api/v1/consultations/:id', 'public:read', 'getConsultation', async (req) => {
    const v = await S.consultationView(
      store,
      idParam(req.params.id, 'consultation'),
      today(),
      req.actor ? { userId: req.actor.userId } : {},
    );
    const { governmentId: _g, ...rest } = v;
    return { ...rest, hiddenCount: v.hidden.length, draft: await consultationDraft(store, v.id, today()) };
  });
  apiRoute(app, 'POST', '/api/v1/consultations/:id/comments', 'signed-in', 'postConsultationComment', async (req, reply) => {
    const r = await S.postComment(store, {
      consultationId: idParam(req.params.id, 'consultation'),
      who: { kind: 'account', actor: req.actor! },
      body: body(req),
      ip: ip(req),
      today: today(),
      now: now(),
    });
    return sendApi(req, reply, r.ok ? { ok: true, id: r.id } : r, true);
  });
  apiRoute(app, 'PUT', '/api/v1/consultation-comments/:id', 'signed-in', 'editConsultationComment', async (req, reply) =>
    sendApi(
      req,
      reply,
      await S.editComment(store, {
        commentId: idParam(req.params.id, 'comment'),
        who: { kind: 'account', actor: req.actor! },
        body: body(req),
        today: today(),
        now: now(),
      }),
    ),
  );
  apiRoute(app, 'POST', '/api/v1/workspace/consultation-comments/:id/hide', 'coordinator', 'hideConsultationComment', async (req, reply) =>
    sendApi(req, reply, await S.hideComment(store, req.actor, idParam(req.params.id, 'comment'), body(req), now())),
  );
  apiRoute(
    app,
    'POST',
    '/api/v1/workspace/consultation-comments/:id/answer',
    'coordinator',
    'answerConsultationComment',
    async (req, reply) => sendApi(req, reply, await S.answerComment(store, req.actor, idParam(req.params.id, 'comment'), body(req), now())),
  );
  apiRoute(app, 'GET', '/api/v1/consultations/:id/synthesis', 'public:read', 'getConsultationSynthesis', async (req) => {
    const s = await S.consultationSynthesis(store, idParam(req.params.id, 'consultation'), today());
    return {
      consultation: { id: s.consultation.id, title: s.consultation.title, status: s.consultation.status },
      provisional: s.consultation.status !== 'closed',
      totals: s.totals,
      rows: s.rows,
    };
  });
}
