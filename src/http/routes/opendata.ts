import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { baseUrl } from '../bilingual.js';
import { CSV_MEDIA_TYPE, csvChunks } from '../../export/csv.js';
import { dcatCatalog, JSONLD_MEDIA_TYPE, podCatalog, type CatalogInput } from '../../export/dcat.js';
import { JSON_MEDIA_TYPE, jsonChunks } from '../../export/json.js';
import { XLSX_MEDIA_TYPE, xlsxStream } from '../../export/xlsx.js';
import type { Lang } from '../../i18n/lang.js';
import { ogpMessages } from '../../i18n/ogp.js';
import { CATALOG_TEXT, DATASET_TEXT } from '../../i18n/opendata.js';
import { OGP_EXPORT_COLUMNS, ogpExportFileName, ogpExportRows } from '../../services/ogp-export.js';
import {
  columnLabel,
  DATASETS,
  getCatalogInfo,
  openDataSettings,
  openDataset,
  type CatalogInfo,
  type DatasetName,
  type OpenDataSettings,
} from '../../services/opendata.js';
import type { Store } from '../../storage/connect.js';
import { idOf, named } from '../request-schemas.js';
import { route } from '../route.js';

/**
 * Open data: every public listing as CSV, XLSX and JSON, and the catalogue that describes them.
 *
 *   GET /datos/{planes|compromisos|actividades|evaluaciones|resumen}.{csv|xlsx|json}[?plan=ID]
 *   GET /en/datos/…                    the same, with English headers and labels
 *   GET /datos/catalogo.jsonld         DCAT-AP (JSON-LD), for CKAN's ckanext-dcat
 *   GET /datos/data.json               DCAT-US 1.1 (Project Open Data), for DKAN; /en/… in English
 *   GET /datos/ogp.csv[?plan=ID]       every commitment in the columns of OGP's commitment dataset
 *
 * Handlers parse, call the service, and stream what the writer makes of the rows.
 */

/** The datasets by their name in URLs (Spanish, under /en too: the same paths in both languages). */
export const DATASET_SLUGS: ReadonlyMap<string, DatasetName> = new Map([
  ['planes', 'plans'],
  ['compromisos', 'commitments'],
  ['actividades', 'activities'],
  ['evaluaciones', 'assessments'],
  ['resumen', 'summary'],
]);
const SLUG_OF = new Map([...DATASET_SLUGS].map(([slug, name]) => [name, slug]));

export const FORMATS = ['csv', 'xlsx', 'json'] as const;
export type Format = (typeof FORMATS)[number];
const FORMAT_INFO: Record<Format, { contentType: string; mediaType: string; label: string }> = {
  csv: { contentType: CSV_MEDIA_TYPE, mediaType: 'text/csv', label: 'CSV' },
  xlsx: { contentType: XLSX_MEDIA_TYPE, mediaType: XLSX_MEDIA_TYPE, label: 'XLSX' },
  json: { contentType: JSON_MEDIA_TYPE, mediaType: 'application/json', label: 'JSON' },
};

/** `?plan=ID`: one plan's rows only. */
const ONE_PLAN = Type.Object({ plan: Type.Optional(idOf('plan')) });
const DOWNLOAD = Type.Object({
  dataset: named('resource', Type.Enum([...DATASET_SLUGS.keys()])),
  format: named('resource', Type.Enum(FORMATS)),
});

/** `vigia-compromisos-plan-1.csv`, `vigia-commitments.xlsx`. */
export function downloadFileName(name: DatasetName, format: Format, lang: Lang, planId?: number): string {
  return `vigia-${DATASET_TEXT[name].fileName[lang]}${planId !== undefined ? `-plan-${planId}` : ''}.${format}`;
}

function toBuffers(chunks: AsyncIterable<string>): Readable {
  return Readable.from(
    (async function* () {
      for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
    })(),
  );
}

export function catalogInput(base: string, prefix: string, info: CatalogInfo, settings: OpenDataSettings): CatalogInput {
  return {
    catalogUrl: `${base}/datos/catalogo.jsonld`,
    homepage: `${base}${prefix}/`,
    title: CATALOG_TEXT.title,
    description: CATALOG_TEXT.description,
    keywords: { es: [...CATALOG_TEXT.keywords.es], en: [...CATALOG_TEXT.keywords.en] },
    publisher: settings.publisher,
    contactEmail: settings.contactEmail,
    license: settings.license,
    modified: info.modified,
    period: info.period,
    languages: info.languages,
    datasets: DATASETS.map((name): CatalogInput['datasets'][number] => {
      const slug = SLUG_OF.get(name)!;
      const text = DATASET_TEXT[name];
      return {
        slug,
        title: text.title,
        description: text.description,
        keywords: { es: [...text.keywords.es], en: [...text.keywords.en] },
        modified: info.datasets.find((d) => d.name === name)?.modified ?? null,
        distributions: FORMATS.map((format) => ({
          format: FORMAT_INFO[format].label,
          mediaType: FORMAT_INFO[format].mediaType,
          url: `${base}${prefix}/datos/${slug}.${format}`,
        })),
      };
    }).concat(ogpCatalogDataset(base, prefix, info.modified)),
  };
}

/** OGP's commitment dataset: one CSV whose headers are OGP's own (English) in both languages. */
function ogpCatalogDataset(base: string, prefix: string, modified: string | null): CatalogInput['datasets'][number] {
  const both = (pick: (m: ReturnType<typeof ogpMessages>) => string) => ({ es: pick(ogpMessages('es')), en: pick(ogpMessages('en')) });
  return {
    slug: 'ogp',
    title: both((m) => m.datasetTitle),
    description: both((m) => m.datasetDescription),
    keywords: { es: ['OGP', 'MRI', 'compromisos'], en: ['OGP', 'IRM', 'commitments'] },
    modified,
    distributions: [{ format: 'CSV', mediaType: 'text/csv', url: `${base}${prefix}/datos/ogp.csv` }],
  };
}

export function openDataRoutes(app: FastifyInstance, store: Store, settings: OpenDataSettings = openDataSettings()): void {
  const common = { bilingual: true, permission: 'public:read' } as const;
  const prefixOf = (lang: Lang) => (lang === 'es' ? '' : '/en');

  route(app, { get: '/datos/catalogo.jsonld', ...common }, async (req, reply) => {
    const input = catalogInput(siteBase(req, settings), '', await getCatalogInfo(store), settings);
    return reply.type(JSONLD_MEDIA_TYPE).send(JSON.stringify(dcatCatalog(input)));
  });

  route(app, { get: '/datos/data.json', ...common }, async (req, reply, lang) => {
    const base = siteBase(req, settings);
    const prefix = prefixOf(lang);
    const input = catalogInput(base, prefix, await getCatalogInfo(store), settings);
    const body = podCatalog(input, lang, `${base}${prefix}/datos/data.json`, new Date().toISOString());
    return reply.type(JSON_MEDIA_TYPE).send(JSON.stringify(body));
  });

  route(app, { get: '/datos/ogp.csv', ...common, querystring: ONE_PLAN }, async (req, reply) => {
    const planId = req.query.plan;
    const rows = await ogpExportRows(store, planId);
    reply.type(CSV_MEDIA_TYPE).header('content-disposition', `attachment; filename="${ogpExportFileName(planId)}"`);
    return reply.send(toBuffers(csvChunks(OGP_EXPORT_COLUMNS, rows)));
  });

  route(app, { get: '/datos/:dataset.:format', ...common, params: DOWNLOAD, querystring: ONE_PLAN }, async (req, reply, lang) =>
    download(store, settings, lang, DATASET_SLUGS.get(req.params.dataset)!, req.params.format, req.query.plan, reply),
  );
}

async function download(
  store: Store,
  settings: OpenDataSettings,
  lang: Lang,
  name: DatasetName,
  format: Format,
  planId: number | undefined,
  reply: FastifyReply,
) {
  const dataset = await openDataset(store, name, { lang, ...(planId !== undefined ? { planId } : {}) });
  const columns = dataset.columns.map((c) => ({ key: c.key, label: columnLabel(c, lang) }));
  const fileName = downloadFileName(name, format, lang, planId);
  reply
    .type(FORMAT_INFO[format].contentType)
    .header('content-disposition', `${format === 'json' ? 'inline' : 'attachment'}; filename="${fileName}"`);

  switch (format) {
    case 'csv':
      return reply.send(toBuffers(csvChunks(columns, dataset.rows)));
    case 'xlsx':
      return reply.send(xlsxStream(columns, dataset.rows, { sheet: DATASET_TEXT[name].sheet[lang] }));
    case 'json': {
      const meta = {
        dataset: name,
        title: DATASET_TEXT[name].title[lang],
        generated: new Date().toISOString(),
        license: settings.license,
        plan: planId ?? null,
        lang,
      };
      return reply.send(toBuffers(jsonChunks(meta, columns, dataset.rows)));
    }
  }
}

function siteBase(req: FastifyRequest, settings: OpenDataSettings): string {
  return settings.publicUrl ?? baseUrl(req);
}
