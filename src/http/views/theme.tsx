import { themeSentence } from '../../domain/sentences.js';
import { messages } from '../../i18n/index.js';
import type { AgencyPage, ThemePage } from '../../services/plans.js';
import { InLang, LevelBadge, Markdown, roundName } from './components.js';
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

/** An agency: the commitments it leads, across plans. */
export function AgencyPageView({ ctx, a }: { ctx: PageContext; a: AgencyPage }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  const name = a.agency.acronym ? `${a.agency.name} (${a.agency.acronym})` : a.agency.name;
  return (
    <Layout ctx={ctx} title={name} description={w.agencyDescription(name, a.commitments.length)}>
      <p class="breadcrumb">
        <a href={href(lang, '/')}>{w.navHome}</a> › <a href={href(lang, '/entidades')}>{w.navAgencies}</a>
      </p>
      <h1>{name}</h1>
      <p class="lead">{w.agencyLeads(a.commitments.length)}</p>
      <CommitmentTable lang={lang} caption={w.commitmentsLedBy} rows={a.commitments} />
    </Layout>
  );
}

interface Row {
  id: number;
  number: number;
  title: string;
  level: import('../../domain/levels.js').Level | null;
  plan: { id: number; title: string } | null;
}

function CommitmentTable({ lang, caption, rows }: { lang: 'es' | 'en'; caption: string; rows: Row[] }) {
  const w = messages(lang).web;
  const withPlan = rows.some((r) => r.plan);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {withPlan && <th scope="col">{w.plan}</th>}
            <th scope="col">{w.number}</th>
            <th scope="col">{w.commitment}</th>
            <th scope="col">{w.level}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              {withPlan && <td>{c.plan && <a href={href(lang, `/planes/${c.plan.id}`)}>{c.plan.title}</a>}</td>}
              <td>{c.number}</td>
              <th scope="row">
                <a href={href(lang, `/compromisos/${c.id}`)}>{c.title}</a>
              </th>
              <td>
                <LevelBadge level={c.level} lang={lang} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every agency, with how many commitments it leads. */
export function AgenciesPage({ ctx, agencies }: { ctx: PageContext; agencies: { id: number; name: string; acronym: string | null; commitmentCount: number }[] }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  return (
    <Layout ctx={ctx} title={w.navAgencies}>
      <h1>{w.navAgencies}</h1>
      <div class="table-scroll">
        <table class="data">
          <caption>{w.agenciesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.agency}</th>
              <th scope="col">{w.commitmentsLabel}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={href(lang, `/entidades/${a.id}`)}>{a.acronym ? `${a.name} (${a.acronym})` : a.name}</a>
                </th>
                <td>{a.commitmentCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
