import jsonld from 'jsonld';

export interface Triple {
  s: string;
  p: string;
  o: string;
}

/** No network in tests: a context that is not inline is an error. */
const offline = async (url: string) => {
  throw new Error(`no remote JSON-LD contexts in tests: ${url}`);
};

/** A JSON-LD document as RDF triples, through a JSON-LD processor: it throws if the document is not valid JSON-LD. */
export async function triples(doc: object): Promise<Triple[]> {
  const quads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { documentLoader: offline as never })) as unknown as {
    subject: { value: string };
    predicate: { value: string };
    object: { value: string };
  }[];
  return quads.map((q) => ({ s: q.subject.value, p: q.predicate.value, o: q.object.value }));
}
