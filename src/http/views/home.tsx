import { messages } from '../../i18n/index.js';
import type { PlanWithHeadline } from '../../services/plans.js';
import { InLang, roundName } from './components.js';
import { formatPercent, href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/** The home page: the governments and their plans, newest first, each with its headline figures. */
export function HomePage({ ctx, plans }: { ctx: PageContext; plans: PlanWithHeadline[] }) {
  const { lang } = ctx;
  const m = messages(lang);
  const w = m.web;
  const governments = new Map<number, { name: string; kind: 'national' | 'local'; plans: PlanWithHeadline[] }>();
  for (const p of plans) {
    const g = governments.get(p.government.id) ?? { name: p.government.name, kind: p.government.kind, plans: [] };
    g.plans.push(p);
    governments.set(p.government.id, g);
  }
  const ordered = [...governments.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, lang));
  return (
    <Layout ctx={ctx} title={w.plansHeading} description={w.homeDescription}>
      <h1>{w.plansHeading}</h1>
      <p class="lead">{w.homeIntro}</p>
      {plans.length === 0 && <p>{w.noPlans}</p>}
      {ordered.map(([id, g]) => (
        <section class="government" aria-labelledby={`gov-${id}`} key={id}>
          <h2 id={`gov-${id}`}>
            {g.name} <span class="muted">· {w.governmentKind[g.kind]}</span>
          </h2>
          <ul class="cards">
            {g.plans.map((p) => (
              <li class="card" key={p.id}>
                <h3>
                  <a href={href(lang, `/planes/${p.id}`)}>
                    <InLang text={p.title} textLang={p.lang} lang={lang} />
                  </a>
                </h3>
                <dl class="facts">
                  <div>
                    <dt>{w.period}</dt>
                    <dd>{p.periodStart !== null ? `${p.periodStart}–${p.periodEnd}` : '—'}</dd>
                  </div>
                  <div>
                    <dt>{w.commitmentsLabel}</dt>
                    <dd>{p.commitmentCount}</dd>
                  </div>
                  {p.headline.round && (
                    <>
                      <div>
                        <dt>{w.shareComplete}</dt>
                        <dd>{formatPercent(p.headline.shares.complete, lang)}</dd>
                      </div>
                      <div>
                        <dt>{w.shareSubstantialOrComplete}</dt>
                        <dd>{formatPercent(p.headline.shares.substantialOrComplete, lang)}</dd>
                      </div>
                    </>
                  )}
                  <div>
                    <dt>{w.status}</dt>
                    <dd>{m.planStatuses[p.status]}</dd>
                  </div>
                </dl>
                <p class="muted">{p.headline.round ? w.asOf(roundName(p.headline.round, lang)) : w.noPublishedRound}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
