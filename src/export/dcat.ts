import type { Lang } from '../i18n/lang.js';

/**
 * The catalogue of the open data, for portals to harvest. Two forms of the same facts:
 *
 * - DCAT-AP as JSON-LD (`/datos/catalogo.jsonld`, application/ld+json), shaped for CKAN's
 *   ckanext-dcat RDF harvester, which picks the parser from the Content-Type and reads every
 *   dcat:Dataset in the graph. Following its parser: titles and descriptions in both languages
 *   (@language), dct:identifier (its key for updating a dataset on the next harvest), dct:modified,
 *   dcat:keyword, dct:license on each distribution (it takes the licence from the first distribution
 *   whose licence URL — or the licence node's dct:title — it knows), dcat:accessURL and
 *   dcat:downloadURL, dcat:mediaType as a literal ("text/csv": read before anything else) and
 *   dct:format as a literal label ("CSV").
 * - DCAT-US 1.1 ("Project Open Data") as `data.json`, because DKAN's harvester — Peru's national
 *   portal runs DKAN — reads that format and no other.
 *
 * Every URL is absolute, built from the site's base URL.
 */

export type Both = Record<Lang, string>;

export interface CatalogDistribution {
  /** Short name of the format: CSV, XLSX, JSON. */
  format: string;
  /** The bare media type, without parameters: text/csv. */
  mediaType: string;
  url: string;
}

export interface CatalogDataset {
  /** The dataset's name in URLs: compromisos. */
  slug: string;
  title: Both;
  description: Both;
  keywords: Record<Lang, string[]>;
  modified: string | null;
  distributions: CatalogDistribution[];
}

export interface CatalogInput {
  /** The absolute URL of this catalogue document: the IRI of the catalogue, and the base of the datasets' IRIs. */
  catalogUrl: string;
  homepage: string;
  title: Both;
  description: Both;
  keywords: Record<Lang, string[]>;
  publisher: string;
  contactEmail: string | null;
  license: string;
  modified: string | null;
  /** Years the plans cover. */
  period: { start: number; end: number } | null;
  /** ISO 639-1 codes of the languages the data is written in. */
  languages: string[];
  datasets: CatalogDataset[];
}

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

export const JSONLD_MEDIA_TYPE = 'application/ld+json; charset=utf-8';

/** Titles of the licences a portal is likely to know, so it can match by title when the URL differs. */
const LICENSE_TITLES: Record<string, string> = {
  'https://creativecommons.org/licenses/by/4.0/': 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
  'https://creativecommons.org/licenses/by-sa/4.0/': 'Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)',
  'https://creativecommons.org/publicdomain/zero/1.0/': 'Creative Commons CC0 1.0 Universal',
  'https://opendatacommons.org/licenses/odbl/1-0/': 'Open Data Commons Open Database License (ODbL) 1.0',
  'https://opendatacommons.org/licenses/by/1-0/': 'Open Data Commons Attribution License 1.0',
  'https://opendatacommons.org/licenses/pddl/1-0/': 'Open Data Commons Public Domain Dedication and License 1.0',
};

export function licenseTitle(url: string): string | null {
  const normal = url.replace(/^http:/, 'https:').replace(/\/?$/, '/');
  return LICENSE_TITLES[normal] ?? null;
}

/** The EU's language authority, which DCAT-AP uses for dct:language. */
const EU_LANGUAGES: Record<string, string> = { es: 'SPA', en: 'ENG', pt: 'POR', fr: 'FRA', qu: 'QUE' };

const both = (text: Both) => [
  { '@value': text.es, '@language': 'es' },
  { '@value': text.en, '@language': 'en' },
];
const dateTime = (iso: string) => ({ '@value': iso, '@type': 'xsd:dateTime' });
const date = (ymd: string) => ({ '@value': ymd, '@type': 'xsd:date' });
const iri = (url: string) => ({ '@id': url });

export function datasetIri(input: Pick<CatalogInput, 'catalogUrl'>, slug: string): string {
  return `${input.catalogUrl}#${slug}`;
}

/** The DCAT-AP catalogue as a JSON-LD document. */
export function dcatCatalog(input: CatalogInput): Record<string, unknown> {
  const license = {
    '@id': input.license,
    '@type': 'dct:LicenseDocument',
    ...(licenseTitle(input.license) ? { 'dct:title': licenseTitle(input.license) } : {}),
  };
  const publisher = {
    '@id': `${input.homepage}#publisher`,
    '@type': 'foaf:Organization',
    'foaf:name': input.publisher,
    'foaf:homepage': iri(input.homepage),
  };
  const contactPoint = input.contactEmail
    ? { '@type': 'vcard:Organization', 'vcard:fn': input.publisher, 'vcard:hasEmail': iri(`mailto:${input.contactEmail}`) }
    : null;
  const languages = input.languages
    .filter((l) => EU_LANGUAGES[l])
    .map((l) => iri(`http://publications.europa.eu/resource/authority/language/${EU_LANGUAGES[l]}`));
  const temporal = input.period
    ? {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': date(`${input.period.start}-01-01`),
        'dcat:endDate': date(`${input.period.end}-12-31`),
      }
    : null;
  const keywords = (k: Record<Lang, string[]>) => [
    ...k.es.map((w) => ({ '@value': w, '@language': 'es' })),
    ...k.en.map((w) => ({ '@value': w, '@language': 'en' })),
  ];

  return {
    '@context': DCAT_CONTEXT,
    '@id': input.catalogUrl,
    '@type': 'dcat:Catalog',
    'dct:title': both(input.title),
    'dct:description': both(input.description),
    'dct:publisher': publisher,
    'dct:license': license,
    'dct:language': languages,
    'foaf:homepage': iri(input.homepage),
    ...(input.modified ? { 'dct:modified': dateTime(input.modified) } : {}),
    'dcat:dataset': input.datasets.map((d) => {
      const id = datasetIri(input, d.slug);
      return {
        '@id': id,
        '@type': 'dcat:Dataset',
        'dct:identifier': id,
        'dct:title': both(d.title),
        'dct:description': both(d.description),
        'dcat:keyword': keywords({ es: [...input.keywords.es, ...d.keywords.es], en: [...input.keywords.en, ...d.keywords.en] }),
        'dcat:theme': iri('http://publications.europa.eu/resource/authority/data-theme/GOVE'),
        'dct:publisher': iri(publisher['@id']),
        ...(contactPoint ? { 'dcat:contactPoint': contactPoint } : {}),
        'dct:license': iri(input.license),
        'dct:accessRights': iri('http://publications.europa.eu/resource/authority/access-right/PUBLIC'),
        'dct:language': languages,
        ...(temporal ? { 'dct:temporal': temporal } : {}),
        ...(d.modified ? { 'dct:modified': dateTime(d.modified) } : {}),
        'dcat:landingPage': iri(input.homepage),
        'dcat:distribution': d.distributions.map((x) => ({
          '@id': `${id}-${x.format.toLowerCase()}`,
          '@type': 'dcat:Distribution',
          'dct:title': both({ es: `${d.title.es} (${x.format})`, en: `${d.title.en} (${x.format})` }),
          'dcat:accessURL': iri(x.url),
          'dcat:downloadURL': iri(x.url),
          'dcat:mediaType': x.mediaType,
          'dct:format': x.format,
          'dct:license': license,
          ...(d.modified ? { 'dct:modified': dateTime(d.modified) } : {}),
        })),
      };
    }),
  };
}

export const POD_CONTEXT = 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld';

/** The same catalogue in DCAT-US 1.1 (data.json), in one language: what DKAN harvests. */
export function podCatalog(input: CatalogInput, lang: Lang, dataJsonUrl: string, generated: string): Record<string, unknown> {
  return {
    '@context': POD_CONTEXT,
    '@id': dataJsonUrl,
    '@type': 'dcat:Catalog',
    conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
    describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
    dataset: input.datasets.map((d) => ({
      '@type': 'dcat:Dataset',
      identifier: datasetIri(input, d.slug),
      title: d.title[lang],
      description: d.description[lang],
      keyword: [...input.keywords[lang], ...d.keywords[lang]],
      // Required by the schema: when nothing was ever written, the catalogue's own time.
      modified: d.modified ?? generated,
      publisher: { '@type': 'org:Organization', name: input.publisher },
      contactPoint: {
        '@type': 'vcard:Contact',
        fn: input.publisher,
        ...(input.contactEmail ? { hasEmail: `mailto:${input.contactEmail}` } : {}),
      },
      accessLevel: 'public',
      license: input.license,
      language: input.languages,
      ...(input.period ? { temporal: `${input.period.start}-01-01/${input.period.end}-12-31` } : {}),
      landingPage: input.homepage,
      distribution: d.distributions.map((x) => ({
        '@type': 'dcat:Distribution',
        title: `${d.title[lang]} (${x.format})`,
        downloadURL: x.url,
        mediaType: x.mediaType,
        format: x.format,
      })),
    })),
  };
}
