import { levelLabel, type Level } from '../../domain/levels.js';
import { messages, type Lang } from '../../i18n/index.js';
import type { PlanDetail } from '../../services/plans.js';
import { Layout } from './layout.js';

/** The home page: every plan, newest first, with its commitments and their levels at the latest published round. */
export function LevelBadge({ level, lang }: { level: Level | null; lang: Lang }) {
  const m = messages(lang).web;
  return <span class={`level level-${level ?? 'none'}`}>{level ? levelLabel(level, lang) : m.noLevel}</span>;
}

export function HomePage({ lang, plans }: { lang: Lang; plans: PlanDetail[] }) {
  const m = messages(lang);
  const w = m.web;
  return (
    <Layout lang={lang} title={w.plansHeading} alternatePath={lang === 'es' ? '/en' : '/'}>
      <h1>{w.plansHeading}</h1>
      {plans.length === 0 && <p>{w.noPlans}</p>}
      {plans.map((plan) => {
        const round = plan.rounds.find((r) => r.id === plan.currentRoundId);
        const roundTitle = round ? (plan.lang === lang ? round.title : m.roundKinds[round.kind]) : null;
        return (
          <section class="plan" aria-labelledby={`plan-${plan.id}`} key={plan.id}>
            <h2 id={`plan-${plan.id}`}>
              {plan.title} <span class="government">— {plan.government.name}</span>
            </h2>
            <dl class="facts">
              {plan.periodStart !== null && (
                <div>
                  <dt>{w.period}</dt>
                  <dd>
                    {plan.periodStart}–{plan.periodEnd}
                  </dd>
                </div>
              )}
              {plan.approvalInstrument && (
                <div>
                  <dt>{w.approvedBy}</dt>
                  <dd>{plan.approvalInstrument}</dd>
                </div>
              )}
              <div>
                <dt>{w.status}</dt>
                <dd>{m.planStatuses[plan.status]}</dd>
              </div>
              <div>
                <dt>{w.commitment}</dt>
                <dd>{w.commitmentsCount(plan.commitmentCount)}</dd>
              </div>
            </dl>
            {plan.themes.map((theme) => (
              <table class="commitments" key={theme.id}>
                <caption>{theme.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.number}</th>
                    <th scope="col">{w.commitment}</th>
                    <th scope="col">{w.leadAgency}</th>
                    <th scope="col">{roundTitle ? w.levelAt(roundTitle) : w.level}</th>
                  </tr>
                </thead>
                <tbody>
                  {theme.commitments.map((c) => (
                    <tr key={c.id}>
                      <td>{c.number}</td>
                      <td>{c.title}</td>
                      <td>{c.leadAgency ? (c.leadAgency.acronym ? `${c.leadAgency.name} (${c.leadAgency.acronym})` : c.leadAgency.name) : '—'}</td>
                      <td>
                        <LevelBadge level={c.level} lang={lang} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
            <p>
              <a href={`/api/v1/plans/${plan.id}`}>{w.openData}</a>
            </p>
          </section>
        );
      })}
    </Layout>
  );
}
