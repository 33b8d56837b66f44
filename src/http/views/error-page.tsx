import { messages } from '../../i18n/index.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

export function ErrorPage({ ctx, status, detail }: { ctx: PageContext; status: number; detail?: string }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  const title = status === 404 ? w.notFoundTitle : w.errorTitle;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{detail ?? (status === 404 ? w.notFoundBody : messages(lang).errors.internal())}</p>
      <p>
        <a href={href(lang, '/')}>{w.backHome}</a> · <a href={href(lang, '/buscar')}>{w.searchButton}</a>
      </p>
    </Layout>
  );
}
