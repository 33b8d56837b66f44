import { messages, type Lang } from '../../i18n/index.js';
import { Layout } from './layout.js';

export function ErrorPage({ lang, status, detail }: { lang: Lang; status: number; detail?: string }) {
  const w = messages(lang).web;
  const title = status === 404 ? w.notFoundTitle : w.errorTitle;
  return (
    <Layout lang={lang} title={title} alternatePath={lang === 'es' ? '/en' : '/'}>
      <h1>{title}</h1>
      <p>{detail ?? (status === 404 ? w.notFoundBody : messages(lang).errors.internal())}</p>
      <p>
        <a href={lang === 'es' ? '/' : '/en'}>{w.backHome}</a>
      </p>
    </Layout>
  );
}
