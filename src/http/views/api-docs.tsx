import { Fragment } from 'preact';
import { messages } from '../../i18n/index.js';
import { workspaceMessages, type WorkspaceOperation } from '../../i18n/workspace.js';
import { Layout, type PageContext } from './layout.js';

/** Readable API documentation, written from the OpenAPI document: every operation, its parameters, an example. */
interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
}
export type OpenApiPaths = Record<string, Record<string, Operation>>;

const EXAMPLE_IDS: Record<string, string> = {
  '/api/v1/plans/{id}': '1',
  '/api/v1/commitments/{id}': '1',
  '/api/v1/themes/{id}': '1',
  '/api/v1/agencies/{id}': '1',
};

export function ApiDocsPage({ ctx, paths }: { ctx: PageContext; paths: OpenApiPaths }) {
  const { lang } = ctx;
  const a = messages(lang).web.apiDocs;
  const all = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const isWorkspace = (path: string) => path.startsWith('/api/v1/workspace/');
  const ops = all.filter((o) => !isWorkspace(o.path));
  const w = workspaceMessages[lang];
  const workspaceOps = all.filter((o) => isWorkspace(o.path));
  return (
    <Layout ctx={ctx} title={a.title} description={a.intro}>
      <h1>{a.title}</h1>
      <p class="lead">{a.intro}</p>
      <p>{a.errors}</p>
      <p>
        <a href="/api/openapi.json">{a.openapi}</a>
      </p>
      {ops.map(({ path, method, op }) => {
        const example = path.replace(/\{id\}/g, EXAMPLE_IDS[path] ?? '1') + (path === '/api/v1/search' ? '?q=datos+abiertos' : '');
        const anchor = op.operationId ?? path;
        return (
          <section aria-labelledby={anchor} key={anchor}>
            <h2 id={anchor}>
              <code>
                {method} {path}
              </code>
            </h2>
            <p>{(op.operationId && (a.ops[op.operationId] ?? w.apiOps[op.operationId as WorkspaceOperation])) || op.summary}</p>
            {op.parameters && op.parameters.length > 0 && (
              <div class="table-scroll">
                <table class="data">
                  <caption>{a.parameters}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{a.name}</th>
                      <th scope="col">{a.where}</th>
                      <th scope="col">{a.description}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <th scope="row">
                          <code>{p.name}</code>
                        </th>
                        <td>{p.in === 'path' ? a.inPath : a.inQuery}</td>
                        <td>{a.params[p.name] ?? p.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p>
              {a.example}: <a href={example}>{example}</a>
            </p>
          </section>
        );
      })}
      {workspaceOps.length > 0 && (
        <section aria-labelledby="workspace-api">
          <h2 id="workspace-api">{w.apiHeading}</h2>
          <p>{w.apiIntro}</p>
          <dl>
            {workspaceOps.map(({ path, method, op }) => (
              <Fragment key={op.operationId ?? `${method} ${path}`}>
                <dt id={op.operationId}>
                  <code>
                    {method} {path}
                  </code>
                </dt>
                <dd>{(op.operationId && w.apiOps[op.operationId as WorkspaceOperation]) || op.summary}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
    </Layout>
  );
}
