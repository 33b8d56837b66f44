import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { formSchema, type FieldError, type Values } from '../../domain/input.js';
import type { Lang } from '../../i18n/lang.js';
import { isLang } from '../../i18n/lang.js';
import { reportMessages } from '../../i18n/report.js';
import { PdfBusy, PdfUnavailable, withPdfSlot } from '../../report/pdf.js';
import { getPlan } from '../../services/plans.js';
import { renderReport, renderReportFor, REPORT_FORMATS } from '../../services/report.js';
import { checkReportFigures } from '../../services/report-figures.js';
import { getReportSections, saveReportSection, SECTION_RULES } from '../../services/workspace/sections.js';
import type { Store } from '../../storage/connect.js';
import { sendResult } from '../answers.js';
import { csrfToken } from '../auth.js';
import { pageContext } from '../bilingual.js';
import { cachedPage, pageKey, sendPage } from '../page-cache.js';
import { idOf, named, pageQuery, pathIds } from '../request-schemas.js';
import { route, sentFields } from '../route.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';
import { ReportWorkspacePage } from '../views/workspace/report.js';

/**
 * The self-assessment report on the web: the public print view of a plan (published rounds only),
 * and in the workspace the download (DOCX, HTML, PDF; Spanish or English) and the narrative sections'
 * forms, with the same operations in the workspace API.
 */
const PLAN = pathIds({ id: 'plan' });
/** `?ronda=`: a round (empty: the latest published). */
const ROUND = Type.Optional(named('round', Type.Union([Type.Literal(''), idOf('round')])));
const roundOf = (ronda: '' | number | undefined) => (ronda === '' ? undefined : ronda);
const SECTION = Type.Object({ id: idOf('plan'), key: Type.String({ description: 'The section (its key).' }) });
const SECTION_FORM = formSchema(SECTION_RULES, { partial: true });
const DOWNLOAD = Type.Object({
  formato: Type.Optional(Type.Enum(REPORT_FORMATS)),
  idioma: Type.Optional(Type.String()),
  ronda: ROUND,
});

export function reportRoutes(app: FastifyInstance, store: Store): void {
  // ——— the print view: the whole report as one page, with a print stylesheet ———
  // Kept in the page cache like the other public pages: made again only when the data changes.
  route(
    app,
    { page: '/planes/:id/informe', permission: 'public:read', params: PLAN, querystring: Type.Object({ ronda: ROUND }) },
    async (req, reply, ctx) => {
      const planId = req.params.id;
      const roundId = roundOf(req.query.ronda);
      const key = pageKey({ base: ctx.baseUrl, lang: ctx.lang, path: ctx.path, query: req.query, params: ['ronda'] });
      const page = await cachedPage(app.pageCache, key, 'text/html; charset=utf-8', async () => {
        const report = await renderReport(store, { planId, roundId, lang: ctx.lang, format: 'html', stylesheet: '/assets/report.css' });
        return report.bytes.toString('utf8');
      });
      return sendPage(req, reply, page);
    },
  );

  // ——— the workspace: download and sections ———
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    extra: Pick<Parameters<typeof ReportWorkspacePage>[0], 'failed' | 'conflict'> = { failed: null, conflict: null },
  ) => {
    const data = await getReportSections(store, req.actor, planId);
    const plan = await getPlan(store, planId, { includeDrafts: true });
    // The figures are checked at the plan's latest round, a draft too: the one about to be published.
    const figures = await checkReportFigures(store, req.actor, planId, plan.rounds.at(-1)?.id);
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/informe`);
    const flash = (req.query as Record<string, string>).guardado ? reportMessages(lang).sections.saved : null;
    const html = renderPage(
      ReportWorkspacePage({
        ctx,
        csrf: csrfToken(reply),
        plan: { id: planId, title: data.planTitle, lang: data.planLang },
        rounds: plan.rounds,
        sections: data.sections,
        figures,
        flash,
        ...extra,
      }),
    );
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  };
  route(
    app,
    { page: '/espacio/planes/:id/informe', permission: 'coordinator', params: PLAN, querystring: pageQuery(['guardado']) },
    async (req, reply, ctx) => page(req, reply, ctx.lang, req.params.id, 200),
  );

  route(
    app,
    { form: '/espacio/planes/:id/informe/secciones/:key', permission: 'coordinator', params: SECTION, body: SECTION_FORM },
    async (req, reply, lang) => {
      const { id: planId, key } = req.params;
      const input = sentFields(req);
      const result = await saveReportSection(store, req.actor, planId, key, input, app.now());
      if (result.ok) return reply.redirect(`${href(lang, `/espacio/planes/${planId}/informe`)}?guardado=1#section-${key}`, 303);
      if ('conflict' in result) return page(req, reply, lang, planId, 409, { failed: null, conflict: { key, ...result.conflict } });
      return page(req, reply, lang, planId, 400, {
        failed: { key, errors: result.errors as FieldError[], values: input as Values },
        conflict: null,
      });
    },
  );

  // The file itself. Who may read the plan's drafts gets any round; others the published ones.
  route(
    app,
    { get: '/espacio/planes/:id/informe/descarga', bilingual: true, permission: 'workspace', params: PLAN, querystring: DOWNLOAD },
    async (req, reply, lang) => {
      const planId = req.params.id;
      const format = req.query.formato ?? 'docx';
      const reportLang: Lang = isLang(req.query.idioma) ? req.query.idioma : lang;
      try {
        const make = () =>
          renderReportFor(store, req.actor, {
            planId,
            roundId: roundOf(req.query.ronda),
            lang: reportLang,
            format,
            stylesheet: 'inline',
          });
        // A PDF starts a Chromium: one at a time, the next waits a few seconds at most.
        const report = format === 'pdf' ? await withPdfSlot(make) : await make();
        reply.header('cache-control', 'no-store');
        reply.header('content-disposition', `attachment; filename="${report.fileName}"`);
        return reply.type(report.mediaType).send(report.bytes);
      } catch (e) {
        if (e instanceof PdfBusy) {
          reply.header('retry-after', String(e.retryAfter));
          return reply.code(503).type('text/plain; charset=utf-8').send(reportMessages(lang).pdfBusy(e.retryAfter));
        }
        if (!(e instanceof PdfUnavailable)) throw e;
        return reply.code(503).type('text/plain; charset=utf-8').send(reportMessages(lang).pdfUnavailable);
      }
    },
  );

  // ——— the workspace API ———
  route(
    app,
    { api: 'GET /api/v1/workspace/plans/:id/report-sections', permission: 'coordinator', operationId: 'getReportSections', params: PLAN },
    async (req) => getReportSections(store, req.actor, req.params.id),
  );
  route(
    app,
    {
      api: 'PUT /api/v1/workspace/plans/:id/report-sections/:key',
      permission: 'coordinator',
      operationId: 'saveReportSection',
      params: SECTION,
      body: SECTION_FORM,
    },
    async (req, reply) =>
      sendResult(req, reply, await saveReportSection(store, req.actor, req.params.id, req.params.key, sentFields(req), app.now())),
  );
}
