import { messages } from '../../i18n/index.js';
import { ogpMessages } from '../../i18n/ogp.js';
import { DATASET_TEXT } from '../../i18n/opendata.js';
import { DATASETS } from '../../services/opendata.js';
import { DATASET_SLUGS } from '../routes/opendata.js';
import type { PlanListItem } from '../../services/plans.js';
import { indicatorMessages } from '../../i18n/indicators.js';
import { ExternalLink } from './components.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

const SLUGS = Object.fromEntries([...DATASET_SLUGS].map(([slug, name]) => [name, slug])) as Record<(typeof DATASETS)[number], string>;

/** The open data page: every listing in every format, by plan too, the catalogue and the licence. */
export function DataPage({ ctx, plans, license }: { ctx: PageContext; plans: PlanListItem[]; license: string }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  const d = w.data;
  const o = ogpMessages(lang);
  return (
    <Layout ctx={ctx} title={d.title} description={d.intro}>
      <h1>{d.title}</h1>
      <p class="lead">{d.intro}</p>
      <p>
        {d.license}: <ExternalLink url={license} lang={lang} />
      </p>
      <ul class="cards">
        {DATASETS.map((name) => (
          <li class="card" key={name}>
            <h2>{DATASET_TEXT[name].title[lang]}</h2>
            <p>{DATASET_TEXT[name].description[lang]}</p>
            <p>
              {d.formats}:{' '}
              {(['csv', 'xlsx', 'json'] as const).map((f, i) => (
                <span key={f}>
                  {i > 0 && ' · '}
                  <a href={href(lang, `/datos/${SLUGS[name]}.${f}`)}>
                    {f.toUpperCase()}
                    <span class="visually-hidden"> — {DATASET_TEXT[name].title[lang]}</span>
                  </a>
                </span>
              ))}
            </p>
            {name !== 'plans' && plans.length > 0 && (
              <details>
                <summary>{d.byPlan}</summary>
                <ul>
                  {plans.map((p) => (
                    <li key={p.id}>
                      {p.government.name} — {p.title}:{' '}
                      {(['csv', 'xlsx', 'json'] as const).map((f, i) => (
                        <span key={f}>
                          {i > 0 && ' · '}
                          <a href={`${href(lang, `/datos/${SLUGS[name]}.${f}`)}?plan=${p.id}`}>
                            {f.toUpperCase()}
                            <span class="visually-hidden">
                              {' '}
                              — {DATASET_TEXT[name].title[lang]}, {p.title}
                            </span>
                          </a>
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
        <li class="card">
          <h2>{o.datasetTitle}</h2>
          <p>{o.datasetDescription}</p>
          <p>
            <a href={href(lang, '/datos/ogp.csv')}>{o.download}</a>
          </p>
        </li>
        {plans.length > 0 && <IndicatorMatrixCard plans={plans} lang={lang} />}
      </ul>
      <ul>
        <li>
          <a href={href(lang, '/datos/catalogo.jsonld')}>{d.catalog}</a>
        </li>
        <li>
          <a href={href(lang, '/datos/data.json')}>{d.catalogPod}</a>
        </li>
        <li>
          <a href={href(lang, '/api/docs')}>{d.api}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** The indicator matrix of each plan (issue 6): one CSV and one XLSX per plan, computed for today. */
function IndicatorMatrixCard({ plans, lang }: { plans: PlanListItem[]; lang: 'es' | 'en' }) {
  const m = indicatorMessages[lang];
  return (
    <li class="card">
      <h2>{m.matrixLinks}</h2>
      <p>{m.matrixDescription}</p>
      <ul>
        {plans.map((p) => (
          <li key={p.id}>
            {p.government.name} — {p.title}:{' '}
            {(['csv', 'xlsx'] as const).map((f, i) => (
              <span key={f}>
                {i > 0 && ' · '}
                <a href={href(lang, `/planes/${p.id}/indicadores.${f}`)}>
                  {f.toUpperCase()}
                  <span class="visually-hidden">
                    {' '}
                    — {m.matrixLinks}, {p.title}
                  </span>
                </a>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </li>
  );
}
