import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CSV_MEDIA_TYPE, toCsv } from '../../export/csv.js';
import { XLSX_MEDIA_TYPE, xlsxStream } from '../../export/xlsx.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import { matrixColumns, matrixFileName, matrixRows } from '../../services/indicators.js';
import type { Store } from '../../storage/connect.js';
import { idOf, named } from '../request-schemas.js';
import { route } from '../route.js';

const MATRIX = Type.Object({ id: idOf('plan'), format: named('resource', Type.Enum(['csv', 'xlsx'])) });

/**
 * A plan's indicator matrix as a download, one row per indicator (issue 6):
 *
 *   GET /planes/:id/indicadores.{csv|xlsx}      Spanish headers and words
 *   GET /en/planes/:id/indicadores.{csv|xlsx}   English
 *
 * Progress and status are computed for today, so the file is not kept by the page cache.
 */
export function indicatorDownloadRoutes(app: FastifyInstance, store: Store): void {
  route(
    app,
    { get: '/planes/:id/indicadores.:format', bilingual: true, permission: 'public:read', params: MATRIX },
    async (req, reply, lang) => {
      const { id: planId, format } = req.params;
      const rows = await matrixRows(store, planId, app.today(), lang);
      reply
        .header('content-disposition', `attachment; filename="${matrixFileName(planId, format, lang)}"`)
        .header('cache-control', 'no-cache');
      if (format === 'csv') return reply.type(CSV_MEDIA_TYPE).send(await toCsv(matrixColumns(lang), rows));
      return reply.type(XLSX_MEDIA_TYPE).send(xlsxStream(matrixColumns(lang), rows, { sheet: indicatorMessages[lang].sheet }));
    },
  );
}
