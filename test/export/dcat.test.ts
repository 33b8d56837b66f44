import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dcatCatalog, licenseTitle, podCatalog, type CatalogInput } from '../../src/export/dcat.js';
import { triples } from '../helpers/jsonld.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const input = (over: Partial<CatalogInput> = {}): CatalogInput => ({
  catalogUrl: 'https://vigia.example/datos/catalogo.jsonld',
  homepage: 'https://vigia.example/',
  title: { es: 'Catálogo', en: 'Catalogue' },
  description: { es: 'Descripción', en: 'Description' },
  keywords: { es: ['gobierno abierto'], en: ['open government'] },
  publisher: 'Secretaría de Gobierno Digital',
  contactEmail: 'datos@example.gob.pe',
  license: 'https://creativecommons.org/licenses/by/4.0/',
  modified: '2024-05-01T10:00:00.000Z',
  period: { start: 2015, end: 2016 },
  languages: ['es'],
  datasets: [
    {
      slug: 'compromisos',
      title: { es: 'Compromisos', en: 'Commitments' },
      description: { es: 'd', en: 'd' },
      keywords: { es: ['compromisos'], en: ['commitments'] },
      modified: '2024-05-01T10:00:00.000Z',
      distributions: [
        { format: 'CSV', mediaType: 'text/csv', url: 'https://vigia.example/datos/compromisos.csv' },
        { format: 'JSON', mediaType: 'application/json', url: 'https://vigia.example/datos/compromisos.json' },
      ],
    },
  ],
  ...over,
});

describe('DCAT catalogue', () => {
  test('is JSON-LD whose graph has the catalogue, the dataset and its distributions with licence and download URLs', async () => {
    const t = await triples(dcatCatalog(input()));
    const typed = (type: string) => t.filter((x) => x.p === RDF_TYPE && x.o === type).map((x) => x.s);
    assert.deepEqual(typed(`${DCAT}Catalog`), ['https://vigia.example/datos/catalogo.jsonld']);
    const [dataset] = typed(`${DCAT}Dataset`);
    assert.equal(dataset, 'https://vigia.example/datos/catalogo.jsonld#compromisos');
    assert.ok(t.some((x) => x.s === 'https://vigia.example/datos/catalogo.jsonld' && x.p === `${DCAT}dataset` && x.o === dataset));
    const distributions = t.filter((x) => x.s === dataset && x.p === `${DCAT}distribution`).map((x) => x.o);
    assert.equal(distributions.length, 2);
    for (const d of distributions) {
      const of = (p: string) => t.filter((x) => x.s === d && x.p === p).map((x) => x.o);
      assert.match(of(`${DCAT}downloadURL`)[0]!, /^https:\/\/vigia\.example\/datos\/compromisos\.(csv|json)$/);
      assert.deepEqual(of(`${DCAT}accessURL`), of(`${DCAT}downloadURL`));
      assert.deepEqual(of(`${DCT}license`), ['https://creativecommons.org/licenses/by/4.0/']);
      assert.equal(of(`${DCAT}mediaType`).length, 1);
    }
    assert.ok(t.some((x) => x.s === 'https://creativecommons.org/licenses/by/4.0/' && x.p === `${DCT}title` && /CC BY 4\.0/.test(x.o)));
    const titles = t
      .filter((x) => x.s === dataset && x.p === `${DCT}title`)
      .map((x) => x.o)
      .sort();
    assert.deepEqual(titles, ['Commitments', 'Compromisos']);
    assert.ok(t.some((x) => x.s === dataset && x.p === `${DCT}identifier`));
    assert.ok(t.some((x) => x.s === dataset && x.p === `${DCT}modified` && x.o === '2024-05-01T10:00:00.000Z'));
    assert.ok(t.some((x) => x.p === 'http://www.w3.org/2006/vcard/ns#hasEmail' && x.o === 'mailto:datos@example.gob.pe'));
  });

  test('without a contact email there is no contact point; an unknown licence has no title', async () => {
    const doc = dcatCatalog(input({ contactEmail: null, license: 'https://example.org/licencia' })) as {
      'dcat:dataset': Record<string, unknown>[];
    };
    assert.equal(doc['dcat:dataset'][0]!['dcat:contactPoint'], undefined);
    assert.equal(licenseTitle('https://example.org/licencia'), null);
    assert.match(licenseTitle('http://creativecommons.org/licenses/by/4.0')!, /CC BY 4\.0/);
  });

  test('the DCAT-US data.json for DKAN has the fields its schema requires, in one language', () => {
    const doc = podCatalog(input(), 'en', 'https://vigia.example/en/datos/data.json', '2024-06-01T00:00:00.000Z') as {
      conformsTo: string;
      dataset: Record<string, unknown>[];
    };
    assert.equal(doc.conformsTo, 'https://project-open-data.cio.gov/v1.1/schema');
    const [d] = doc.dataset;
    for (const key of [
      'title',
      'description',
      'keyword',
      'modified',
      'publisher',
      'contactPoint',
      'identifier',
      'accessLevel',
      'license',
      'distribution',
    ]) {
      assert.ok(d![key] !== undefined, key);
    }
    assert.equal(d!.title, 'Commitments');
    assert.equal(d!.accessLevel, 'public');
    assert.deepEqual(d!.contactPoint, {
      '@type': 'vcard:Contact',
      fn: 'Secretaría de Gobierno Digital',
      hasEmail: 'mailto:datos@example.gob.pe',
    });
    assert.equal(d!.temporal, '2015-01-01/2016-12-31');
    const noData = podCatalog(
      input({ datasets: [{ ...input().datasets[0]!, modified: null }] }),
      'es',
      'x',
      '2024-06-01T00:00:00.000Z',
    ) as { dataset: { modified: string }[] };
    assert.equal(noData.dataset[0]!.modified, '2024-06-01T00:00:00.000Z');
  });
});
