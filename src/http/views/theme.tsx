import { themeSentence } from '../../i18n/sentences.js';
import { messages } from '../../i18n/index.js';
import type { ThemePage } from '../../services/plans.js';
import { CommitmentTable, InLang, Markdown, roundName } from './components.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/** A theme of a plan: what the report said of it, the sentence written from the data, its commitments. */
export function ThemePageView({ ctx, t }: { ctx: PageContext; t: ThemePage }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  const sentence = t.row ? themeSentence(t.row, lang) : null;
  return (
    <Layout ctx={ctx} title={t.theme.title} {...(sentence ? { description: sentence } : {})}>
      <p class="breadcrumb">
        <a href={href(lang, '/')}>{w.navHome}</a> › <a href={href(lang, `/planes/${t.plan.id}`)}>{t.plan.title}</a>
      </p>
      <h1>
        <InLang text={t.theme.title} textLang={t.theme.lang} lang={lang} />
      </h1>
      {sentence && t.round && (
        <p class="lead">
          {sentence} <span class="muted">({roundName(t.round, lang)})</span>
        </p>
      )}
      <CommitmentTable lang={lang} caption={w.commitmentsOfTheme} rows={t.commitments.map((c) => ({ ...c, plan: null }))} />
      {t.theme.intro && (
        <section aria-labelledby="intro">
          <h2 id="intro">{w.themeIntroHeading}</h2>
          <div lang={t.theme.lang}>
            <Markdown text={t.theme.intro} id={`t${t.theme.id}-intro`} />
          </div>
        </section>
      )}
      {t.theme.synthesis && (
        <section aria-labelledby="synthesis">
          <h2 id="synthesis">{w.themeSynthesisHeading}</h2>
          <div lang={t.theme.lang}>
            <Markdown text={t.theme.synthesis} id={`t${t.theme.id}-synthesis`} />
          </div>
        </section>
      )}
    </Layout>
  );
}
