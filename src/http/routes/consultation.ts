import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { HONEYPOT_FIELD, withinEditWindow } from '../../domain/abuse.js';
import { can } from '../../domain/permissions.js';
import { formSchema, type FieldError, type FieldRules } from '../../domain/input.js';
import { AppError } from '../../errors.js';
import { consultationMessages } from '../../i18n/consultation.js';
import { formatDate } from '../../i18n/format.js';
import type { Lang } from '../../i18n/lang.js';
import * as consultations from '../../services/consultation.js';
import { consultationDraft } from '../../services/consultation-draft.js';
import {
  ANSWER_RULES,
  COMMENT_EDIT_RULES,
  COMMENT_RULES,
  CONSULTATION_RULES,
  HIDE_RULES,
  LINK_REQUEST_RULES,
  parseTarget,
} from '../../domain/consultation.js';
import type { Store } from '../../storage/connect.js';
import { synthesisCsv, synthesisDocx } from '../../export/consultation.js';
import { CSV_MEDIA_TYPE } from '../../export/csv.js';
import { sendResult as sendApi } from '../answers.js';
import { csrfToken } from '../auth.js';
import { servedOverHttps } from '../https.js';
import { pageContext } from '../bilingual.js';
import { idOf, pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { ConsultationPage, LinkInvalidPage, SynthesisPage, type Commenter } from '../views/consultation.js';
import { ConsultationsAdminPage, ModerationPage } from '../views/workspace/consultation.js';
import { consultationCloseRoutes } from './consultation-close.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';

/**
 * Public consultation (issue 7). Pages in Spanish and under /en: the consultation
 * (/planes/:id/consultas/:consultationId), asking for a comment link (…/enlace), the link's page
 * (…/comentar?token=; the first comment exchanges the link for a commenter cookie), commenting and
 * correcting (…/comentarios[/:commentId]), the synthesis
 * (…/sistematizacion, .csv, .docx). The coordinator's workspace: /espacio/planes/:id/consultas and
 * /espacio/consultas/:consultationId (hide, answer; closing early: consultation-close.ts). The API: /api/v1/consultations… and
 * /api/v1/workspace/… . Everything a visitor sends passes the abuse guard (services/abuse.ts).
 */
type Req = FastifyRequest<{ Params: { id: number; consultationId: number }; Querystring: Record<string, string | undefined> }>;

const CONSULTATION = Type.Object({ id: idOf('plan'), consultationId: idOf('consultation') });
const COMMENT = Type.Object({ id: idOf('plan'), consultationId: idOf('consultation'), commentId: idOf('comment') });
/** A visitor's form: its fields, the mailed link's token (a commenter without an account) and the honeypot. */
const visitorForm = (rules: FieldRules) =>
  formSchema(rules, {
    extra: {
      token: Type.Optional(Type.String({ description: 'The mailed link, for a commenter without an account.' })),
      [HONEYPOT_FIELD]: Type.Optional(Type.Unknown({ description: 'Leave it out.' })),
    },
  });
const LINK_REQUEST = visitorForm(LINK_REQUEST_RULES);
const NEW_COMMENT = visitorForm(COMMENT_RULES);
const COMMENT_EDIT = visitorForm(COMMENT_EDIT_RULES);

/** What a form sent, as the page shows it again. */
const typed = (req: FastifyRequest) => sentFields(req) as Record<string, string>;

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

export function consultationRoutes(app: FastifyInstance, store: Store): void {
  consultationCloseRoutes(app, store);
  const today = () => app.today();
  // Posting times, the edit window and the links' expiry run on the app's clock (fixed in tests).
  const now = () => app.now();

  /** The consultation named in the path, or a 404 when it is not the plan's. */
  async function named(req: Req) {
    const { id: planId, consultationId: id } = req.params;
    const c = await consultations.consultationRef(store, id);
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
  ): Promise<{ who: consultations.Commenter | null; shown: Commenter; me: { userId?: number; authorId?: number } }> => {
    const secret = req.cookies?.[COMMENTER_COOKIE];
    const session = secret ? await consultations.commentLink(store, consultationId, secret, now(), 'session', today()) : null;
    if (session)
      return {
        who: { kind: 'session', secret: secret! },
        shown: { kind: 'link', email: session.email, token: '' },
        me: { authorId: session.authorId },
      };
    if (token) {
      const link = await consultations.commentLink(store, consultationId, token, now(), 'link', today());
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
    const view = await consultations.consultationView(store, c.id, today(), who.me);
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
  const publicPage = { permission: 'public:read', params: CONSULTATION } as const;
  route(
    app,
    { page: '/planes/:id/consultas/:consultationId', ...publicPage, querystring: pageQuery(['aviso', 'sobre']) },
    async (req, reply, ctx) => {
      const notice = req.query.aviso === 'publicado' ? consultationMessages[ctx.lang].pages.posted_notice : null;
      return page(req as Req, reply, ctx.lang, { notice });
    },
  );

  route(
    app,
    { page: '/planes/:id/consultas/:consultationId/comentar', ...publicPage, querystring: pageQuery(['token', 'aviso', 'sobre']) },
    async (req, reply, ctx) => {
      const token = req.query.token ?? '';
      if (!token) return html(reply, LinkInvalidPage({ ctx }), 410);
      const notice = req.query.aviso === 'publicado' ? consultationMessages[ctx.lang].pages.posted_notice : null;
      return page(req as Req, reply, ctx.lang, { token, notice });
    },
  );

  route(app, { form: '/planes/:id/consultas/:consultationId/enlace', ...publicPage, body: LINK_REQUEST }, async (req, reply, lang) => {
    const c = await named(req);
    const f = typed(req);
    const r = await consultations.requestCommentLink(store, {
      consultationId: c.id,
      body: f,
      lang,
      ip: req.ip,
      today: today(),
      now: now(),
    });
    if (!r.ok) return page(req, reply, lang, { values: { target: 'draft', ...f }, errors: r.errors, status: 400 });
    return page(req, reply, lang, { notice: consultationMessages[lang].pages.linkSent(r.quiet ? String(f.email ?? '') : r.email) });
  });

  route(app, { form: '/planes/:id/consultas/:consultationId/comentarios', ...publicPage, body: NEW_COMMENT }, async (req, reply, lang) => {
    const c = await named(req);
    const f = typed(req);
    const who = await commenterOf(req, c.id, f.token || undefined);
    if (!who.who) throw new AppError(f.token || req.actor ? 'forbidden' : 'unauthenticated');
    const r = await consultations.postComment(store, {
      consultationId: c.id,
      who: who.who,
      body: f,
      ip: req.ip,
      today: today(),
      now: now(),
    });
    if (!r.ok) return page(req, reply, lang, { token: f.token || undefined, values: f, errors: r.errors, status: 400 });
    if (r.session) setCommenterCookie(req, reply, r.session.secret, r.session.expiresAt, now());
    // Back to the consultation's own address: the token never goes on in an address once used.
    return reply
      .header('cache-control', 'no-store')
      .redirect(`${href(lang, `/planes/${c.planId}/consultas/${c.id}`)}?aviso=publicado`, 303);
  });

  route(
    app,
    {
      form: '/planes/:id/consultas/:consultationId/comentarios/:commentId',
      permission: 'public:read',
      params: COMMENT,
      body: COMMENT_EDIT,
    },
    async (req, reply, lang) => {
      const c = await named(req);
      const f = typed(req);
      const who = await commenterOf(req, c.id, f.token || undefined);
      if (!who.who) throw new AppError(f.token || req.actor ? 'forbidden' : 'unauthenticated');
      const r = await consultations.editComment(store, {
        commentId: req.params.commentId,
        who: who.who,
        body: f,
        today: today(),
        now: now(),
      });
      if (!r.ok) return page(req, reply, lang, { token: f.token || undefined, errors: r.errors, status: 400 });
      return reply.header('cache-control', 'no-store').redirect(href(lang, `/planes/${c.planId}/consultas/${c.id}`), 303);
    },
  );

  async function synthesisOf(req: Req) {
    const c = await named(req);
    return consultations.consultationSynthesis(store, c.id, today());
  }

  route(app, { page: '/planes/:id/consultas/:consultationId/sistematizacion', ...publicPage }, async (req, reply, ctx) => {
    const s = await synthesisOf(req as Req);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage(SynthesisPage({ ctx, view: s.consultation, rows: s.rows, totals: s.totals })));
  });

  for (const format of ['csv', 'docx'] as const) {
    route(app, { page: `/planes/:id/consultas/:consultationId/sistematizacion.${format}`, ...publicPage }, async (req, reply, ctx) => {
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
    });
  }

  // ── the coordinator's workspace ──
  const PLAN = pathIds({ id: 'plan' });
  route(app, { page: '/espacio/planes/:id/consultas', permission: 'coordinator', params: PLAN }, async (req, reply, ctx) => {
    const data = await consultations.planConsultations(store, req.actor, req.params.id, today());
    return html(reply, ConsultationsAdminPage({ ctx, csrf: csrfToken(reply), data, form: { values: {}, errors: [] } }));
  });

  const opening = formSchema(CONSULTATION_RULES);
  route(
    app,
    { form: '/espacio/planes/:id/consultas', permission: 'coordinator', params: PLAN, body: opening },
    async (req, reply, lang) => {
      const planId = req.params.id;
      const f = typed(req);
      const input: Record<string, unknown> = { ...f };
      if (input.roundId === '') delete input.roundId;
      const r = await consultations.openConsultation(store, req.actor, planId, input, now());
      if (!r.ok) {
        const data = await consultations.planConsultations(store, req.actor, planId, today());
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
    },
  );

  async function moderationPage(
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    consultationId: number,
    opts: { errors?: FieldError[]; commentId?: number; values?: Record<string, string>; notice?: string | null; status?: number } = {},
  ) {
    const data = await consultations.moderationView(store, req.actor, consultationId, today());
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

  route(
    app,
    {
      page: '/espacio/consultas/:consultationId',
      permission: 'coordinator',
      params: pathIds({ consultationId: 'consultation' }),
      querystring: pageQuery(['aviso']),
    },
    async (req, reply, ctx) => {
      const w = consultationMessages[ctx.lang].workspace;
      const notice = req.query.aviso === 'guardado' ? w.saved : req.query.aviso === 'cerrada' ? w.closedNotice : null;
      return moderationPage(req, reply, ctx.lang, req.params.consultationId, { notice });
    },
  );

  const hiding = formSchema(HIDE_RULES);
  const answering = formSchema(ANSWER_RULES);
  for (const [segment, act, body] of [
    ['ocultar', consultations.hideComment, hiding],
    ['respuesta', consultations.answerComment, answering],
  ] as const) {
    const params = pathIds({ commentId: 'comment' });
    route(
      app,
      { form: `/espacio/comentarios/:commentId/${segment}`, permission: 'coordinator', params, body },
      async (req, reply, lang) => {
        const commentId = req.params.commentId;
        const place = await consultations.commentPlace(store, commentId);
        const f = typed(req);
        const r = await act(store, req.actor, commentId, f, now());
        if (!r.ok) return moderationPage(req, reply, lang, place.consultationId, { commentId, values: f, errors: r.errors, status: 400 });
        return reply
          .header('cache-control', 'no-store')
          .redirect(`${href(lang, `/espacio/consultas/${place.consultationId}`)}?aviso=guardado#comentario-${commentId}`, 303);
      },
    );
  }

  // ── the API ──
  const ip = (req: FastifyRequest) => req.ip;
  const CONSULTATION_ID = pathIds({ id: 'consultation' });
  const COMMENT_ID = pathIds({ id: 'comment' });
  route(
    app,
    {
      api: 'POST /api/v1/workspace/plans/:id/consultations',
      permission: 'coordinator',
      operationId: 'openConsultation',
      params: PLAN,
      body: opening,
    },
    async (req, reply) =>
      sendApi(req, reply, await consultations.openConsultation(store, req.actor, req.params.id, sentFields(req), now()), true),
  );
  route(
    app,
    { api: 'GET /api/v1/consultations/:id', permission: 'public:read', operationId: 'getConsultation', params: CONSULTATION_ID },
    async (req) => {
      const v = await consultations.consultationView(store, req.params.id, today(), req.actor ? { userId: req.actor.userId } : {});
      const { governmentId: _g, ...rest } = v;
      return { ...rest, hiddenCount: v.hidden.length, draft: await consultationDraft(store, v.id, today()) };
    },
  );
  route(
    app,
    {
      api: 'POST /api/v1/consultations/:id/comments',
      permission: 'signed-in',
      operationId: 'postConsultationComment',
      params: CONSULTATION_ID,
      body: NEW_COMMENT,
    },
    async (req, reply) => {
      const r = await consultations.postComment(store, {
        consultationId: req.params.id,
        who: { kind: 'account', actor: req.actor! },
        body: sentFields(req),
        ip: ip(req),
        today: today(),
        now: now(),
      });
      return sendApi(req, reply, r.ok ? { ok: true, id: r.id } : r, true);
    },
  );
  route(
    app,
    {
      api: 'PUT /api/v1/consultation-comments/:id',
      permission: 'signed-in',
      operationId: 'editConsultationComment',
      params: COMMENT_ID,
      body: COMMENT_EDIT,
    },
    async (req, reply) =>
      sendApi(
        req,
        reply,
        await consultations.editComment(store, {
          commentId: req.params.id,
          who: { kind: 'account', actor: req.actor! },
          body: sentFields(req),
          today: today(),
          now: now(),
        }),
      ),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/consultation-comments/:id/hide',
      permission: 'coordinator',
      operationId: 'hideConsultationComment',
      params: COMMENT_ID,
      body: hiding,
    },
    async (req, reply) => sendApi(req, reply, await consultations.hideComment(store, req.actor, req.params.id, sentFields(req), now())),
  );
  route(
    app,
    {
      api: 'POST /api/v1/workspace/consultation-comments/:id/answer',
      permission: 'coordinator',
      operationId: 'answerConsultationComment',
      params: COMMENT_ID,
      body: answering,
    },
    async (req, reply) => sendApi(req, reply, await consultations.answerComment(store, req.actor, req.params.id, sentFields(req), now())),
  );
  route(
    app,
    {
      api: 'GET /api/v1/consultations/:id/synthesis',
      permission: 'public:read',
      operationId: 'getConsultationSynthesis',
      params: CONSULTATION_ID,
    },
    async (req) => {
      const s = await consultations.consultationSynthesis(store, req.params.id, today());
      return {
        consultation: { id: s.consultation.id, title: s.consultation.title, status: s.consultation.status },
        provisional: s.consultation.status !== 'closed',
        totals: s.totals,
        rows: s.rows,
      };
    },
  );
}
