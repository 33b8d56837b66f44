import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, Values } from '../../domain/input.js';
import { AppError } from '../../errors.js';
import { isLang, type Lang } from '../../i18n/lang.js';
import { reportMessages } from '../../i18n/report.js';
import { PdfBusy, PdfUnavailable, withPdfSlot } from '../../report/pdf.js';
import { getPlan } from '../../services/plans.js';
import { isReportFormat, renderReport, renderReportFor } from '../../services/report.js';
import { getReportSections, saveReportSection } from '../../services/workspace/sections.js';
import type { Store } from '../../storage/connect.js';
import { csrfToken } from '../auth.js';
import { bilingualPage, pageContext } from '../bilingual.js';
import { cachedPage, pageKey, sendPage } from '../page-cache.js';
import { href } from '../views/format.js';
import { renderPage } from '../views/layout.js';
import { ReportWorkspacePage } from '../views/workspace/report.js';
import { apiRoute, body, send } from './api-workspace.js';
import { formBody, post, without } from './workspace.js';
import { idParam } from './pages.js';

/**
 * The self-assessment report on the web: the public print view of a plan (published rounds only),
 * and in the workspace the download (DOCX, HTML, PDF; Spanish or English) and the narrative sections'
 * forms, with the same operations in the workspace API.
 */
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>;

const roundParam = (v: string | undefined) => (v === undefined || v === '' ? undefined : idParam(v, 'round'));

export function reportRoutes(app: FastifyInstance, store: Store): void {
  // ——— the print view: the whole report as one page, with a print stylesheet ———
  // Kept in the page cache like the other public pages: made again only when the data changes.
  bilingualPage<{ id: string }>(app, '/planes/:id/informe', async (req, reply, ctx) => {
    const planId = idParam(req.params.id, 'plan');
    const roundId = roundParam(req.query.ronda);
    const key = pageKey({ base: ctx.baseUrl, lang: ctx.lang, path: ctx.path, query: req.query, params: ['ronda'] });
    const page = await cachedPage(app.pageCache, key, 'text/html; charset=utf-8', async () => {
      const report = await renderReport(store, { planId, roundId, lang: ctx.lang, format: 'html', stylesheet: '/assets/report.css' });
      return report.bytes.toString('utf8');
    });
    return sendPage(req, reply, page);
  });

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
    const ctx = pageContext(req, lang, `/espacio/planes/${planId}/informe`);
    const flash = (req.query as Record<string, string>).guardado ? reportMessages(lang).sections.saved : null;
    const html = renderPage(
      ReportWorkspacePage({
        ctx,
        csrf: csrfToken(reply),
        plan: { id: planId, title: data.planTitle, lang: data.planLang },
        rounds: plan.rounds,
        sections: data.sections,
        flash,
        ...extra,
      }),
    );
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  };
  bilingualPage<{ id: string }>(
    app,
    '/espacio/planes/:id/informe',
    async (req, reply, ctx) => page(req, reply, ctx.lang, idParam(req.params.id, 'plan'), 200),
    'coordinator',
  );

  post(app, '/espacio/planes/:id/informe/secciones/:key', 'coordinator', async (req, reply, lang) => {
    const planId = idParam(req.params.id, 'plan');
    const key = String(req.params.key);
    const input = without(formBody(req), '_csrf');
    const result = await saveReportSection(store, req.actor, planId, key, input);
    if (result.ok) return reply.redirect(`${href(lang, `/espacio/planes/${planId}/informe`)}?guardado=1#section-${key}`, 303);
    if ('conflict' in result) return page(req, reply, lang, planId, 409, { failed: null, conflict: { key, ...result.conflict } });
    return page(req, reply, lang, planId, 400, {
      failed: { key, errors: result.errors as FieldError[], values: input as Values },
      conflict: null,
    });
  });

  for (const lang of ['es', 'en'] as const) {
    const prefix = lang === 'es' ? '' : '/en';
    // The file itself. Who may read the plan's drafts gets any round; others the published ones.
    app.get(`${prefix}/espacio/planes/:id/informe/descarga`, { config: { permission: 'workspace' } }, async (request, reply) => {
      const req = request as Req;
      const planId = idParam(req.params.id, 'plan');
      const format = req.query.formato ?? 'docx';
      if (!isReportFormat(format)) throw new AppError('invalid_input', { field: 'formato', value: format.slice(0, 20) });
      const reportLang: Lang = isLang(req.query.idioma) ? req.query.idioma : lang;
      try {
        const make = () =>
          renderReportFor(store, req.actor, {
            planId,
            roundId: roundParam(req.query.ronda),
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
    });
  }

  // ——— the workspace API ———
  const api = (
    method: 'GET' | 'PUT',
    url: string,
    operationId: 'getReportSections' | 'saveReportSection',
    handler: Parameters<typeof apiRoute>[5],
  ) => apiRoute(app, method, url, 'coordinator', operationId, handler);
  api('GET', '/api/v1/workspace/plans/:id/report-sections', 'getReportSections', async (req) =>
    getReportSections(store, req.actor, idParam(req.params.id, 'plan')),
  );
  api('PUT', '/api/v1/workspace/plans/:id/report-sections/:key', 'saveReportSection', async (req, reply) =>
    send(req, reply, await saveReportSection(store, req.actor, idParam(req.params.id, 'plan'), String(req.params.key), body(req))),
  );
}
