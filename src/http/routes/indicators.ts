import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import { CSV_MEDIA_TYPE, toCsv } from '../../export/csv.js';
import { XLSX_MEDIA_TYPE, xlsxStream } from '../../export/xlsx.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import { matrixColumns, matrixFileName, matrixRows } from '../../services/indicators.js';
import type { Store } from '../../storage/connect.js';
import { idParam } from './pages.js';

/**
 * A plan's indicator matrix as a download, one row per indicator (issue 6):
 *
 *   GET /planes/:id/indicadores.{csv|xlsx}      Spanish headers and words
 *   GET /en/planes/:id/indicadores.{csv|xlsx}   English
 *
 * Progress and status are computed for today, so the file is not kept by the page cache.
 */
export function indicatorDownloadRoutes(app: FastifyInstance, store: Store): void {
  for (const [prefix, lang] of [
    ['', 'es'],
    ['/en', 'en'],
  ] as const) {
    app.get<{ Params: { id: string; format: string } }>(
      `${prefix}/planes/:id/indicadores.:format`,
      { config: { permission: 'public:read' } },
      async (req, reply) => {
        const planId = idParam(req.params.id, 'plan');
        const format = req.params.format;
        if (format !== 'csv' && format !== 'xlsx') throw new AppError('not_found', { entity: 'resource', id: req.url.slice(0, 80) });
        const rows = await matrixRows(store, planId, app.today(), lang);
        reply
          .header('content-disposition', `attachment; filename="${matrixFileName(planId, format, lang)}"`)
          .header('cache-control', 'no-cache');
        if (format === 'csv') return reply.type(CSV_MEDIA_TYPE).send(await toCsv(matrixColumns(lang), rows));
        return reply.type(XLSX_MEDIA_TYPE).send(xlsxStream(matrixColumns(lang), rows, { sheet: indicatorMessages[lang].sheet }));
      },
    );
  }
}
