import type { FastifyInstance } from 'fastify';
import { Feed } from 'feed';
import { messages, type Lang } from '../../i18n/index.js';
import { commitmentChanges, planChanges, type ChangeFeed } from '../../services/changes.js';
import type { Store } from '../../storage/connect.js';
import { baseUrl } from '../bilingual.js';
import { href } from '../views/format.js';
import { pathIds } from '../request-schemas.js';
import { route } from '../route.js';

/** Atom feeds of the changes to a plan and to a commitment, in Spanish and under /en in English. */
export function feedRoutes(app: FastifyInstance, store: Store): void {
  const feed = (path: string, entity: string, changes: typeof planChanges) =>
    route(app, { get: path, bilingual: true, permission: 'public:read', params: pathIds({ id: entity }) }, async (req, reply, lang) =>
      reply.type('application/atom+xml; charset=utf-8').send(atom(await changes(store, req.params.id), lang, baseUrl(req))),
    );
  feed('/planes/:id/cambios.atom', 'plan', planChanges);
  feed('/compromisos/:id/cambios.atom', 'commitment', commitmentChanges);
}

function atom(feed: ChangeFeed, lang: Lang, base: string): string {
  const w = messages(lang).web;
  const f = w.feed;
  const page = `${base}${href(lang, feed.subject.kind === 'plan' ? `/planes/${feed.subject.id}` : `/compromisos/${feed.subject.id}`)}`;
  const self = `${page}/cambios.atom`;
  const out = new Feed({
    title: f.title(feed.subject.title),
    description: f.description(feed.subject.title),
    id: self,
    link: page,
    language: lang,
    updated: new Date(feed.entries[0]?.at ?? 0),
    generator: w.siteName,
    feedLinks: { atom: self },
    copyright: f.copyright,
  });
  for (const e of feed.entries) {
    const parts = Object.entries(e.counts).map(([entity, n]) => f.entity(entity, n));
    out.addItem({
      title: escapeHtml(
        f.entryTitle(
          Object.values(e.counts).reduce((a, b) => a + b, 0),
          importedFile(e.context),
        ),
      ),
      id: `${self}#${e.id}`,
      link: page,
      date: new Date(e.at),
      description: parts.join(', '),
    });
  }
  return out.atom1();
}

/** "import mi reporte.txt sha256:…" → "mi reporte.txt". */
function importedFile(context: string | null): string | null {
  return /^import (.+) sha256:[0-9a-f]+$/.exec(context ?? '')?.[1] ?? null;
}

/** Atom titles are sent as HTML: a file name must not become markup in a feed reader. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
